package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

// spec converts the model and records what is unknown: an unset
// description or day count is zero (the Spec's default applies), a value
// from another resource is unknown. It returns the Spec as configured;
// callers that act on it use s.WithDefaults().
func (m kmsKeyModel) spec(ctx context.Context, defaultTags map[string]string) (kmskey.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := kmskey.Spec{
		Name:               c.str("name", m.Name),
		Description:        c.str("description", m.Description),
		DeletionWindowDays: c.int("deletion_window_days", m.DeletionWindowDays),
		RotationPeriodDays: c.int("rotation_period_days", m.RotationPeriodDays),
		AllowedServices:    c.strs("allowed_services", m.AllowedServices),
		AdministratorARNs:  c.strs("administrator_arns", m.AdministratorARNs),
		UserARNs:           c.strs("user_arns", m.UserARNs),
		Tags:               c.strMap("tags", m.Tags),
		DefaultTags:        defaultTags,
		Exceptions:         c.exceptions(m.Exceptions),
	}
	return s, c.Unknown, c.Diags
}

// setDefaults writes the defaulted values of unset arguments back so the
// plan shows them; a configured but still unknown value stays unknown.
func (m *kmsKeyModel) setDefaults(s kmskey.Spec, config kmsKeyModel) {
	if config.Description.IsNull() {
		m.Description = types.StringValue(s.Description)
	}
	if config.DeletionWindowDays.IsNull() {
		m.DeletionWindowDays = types.Int64Value(int64(s.DeletionWindowDays))
	}
	if config.RotationPeriodDays.IsNull() {
		m.RotationPeriodDays = types.Int64Value(int64(s.RotationPeriodDays))
	}
}

// setObserved writes what AWS reported into the model.
func (m *kmsKeyModel) setObserved(o *kmskey.Observed, aliasARN, policy string, drift []string) {
	m.ID = types.StringValue(o.KeyID)
	m.KeyID = types.StringValue(o.KeyID)
	m.ARN = types.StringValue(o.ARN)
	m.AliasARN = types.StringValue(aliasARN)
	m.Policy = types.StringValue(policy)
	m.Drift = types.StringValue(strings.Join(drift, "; "))
}

// kmsKeyModelOf is the inverse of spec: the arguments of s (defaults
// applied); setObserved writes the outputs.
func kmsKeyModelOf(ctx context.Context, s kmskey.Spec) (kmsKeyModel, diag.Diagnostics) {
	s = s.WithDefaults()
	c := &modelConv{ctx: ctx}
	m := kmsKeyModel{Name: types.StringValue(s.Name), Description: types.StringValue(s.Description),
		DeletionWindowDays: types.Int64Value(int64(s.DeletionWindowDays)), RotationPeriodDays: types.Int64Value(int64(s.RotationPeriodDays)),
		AllowedServices: c.setOrNull(s.AllowedServices), AdministratorARNs: c.setOrNull(s.AdministratorARNs), UserARNs: c.setOrNull(s.UserARNs),
		Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions)}
	return m, c.diags
}

func setOrNull(ctx context.Context, v []string) (types.Set, diag.Diagnostics) {
	if len(v) == 0 {
		return types.SetNull(types.StringType), nil
	}
	return types.SetValueFrom(ctx, types.StringType, v)
}

func mapOrNull(ctx context.Context, v map[string]string) (types.Map, diag.Diagnostics) {
	if len(v) == 0 {
		return types.MapNull(types.StringType), nil
	}
	return types.MapValueFrom(ctx, types.StringType, v)
}
