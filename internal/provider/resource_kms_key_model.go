package provider

import (
	"context"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
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

// importModel rebuilds the configuration of a key this provider created:
// name from its owner tag, services and principals from its policy.
func importModel(ctx context.Context, o *kmskey.Observed, defaultTags map[string]string) (kmsKeyModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	name := strings.TrimPrefix(o.Tags[tags.OwnerKey], kmskey.ResourceType+"/")
	services, admins, users, err := kmskey.FromPolicy(o.Policy)
	if err != nil {
		diags.AddError("Cannot import hipaa_kms_key", err.Error())
		return kmsKeyModel{}, diags
	}
	user := maps.Clone(o.Tags)
	maps.DeleteFunc(user, func(k, v string) bool { return tags.IsReserved(k) || defaultTags[k] == v })
	m := kmsKeyModel{
		Name:               types.StringValue(name),
		Description:        types.StringValue(o.Description),
		DeletionWindowDays: types.Int64Value(kmskey.DefaultDeletionWindowDays),
		RotationPeriodDays: types.Int64Value(int64(rotationOr(o.RotationPeriodDays))),
		Exceptions:         types.ListNull(types.ObjectType{AttrTypes: exceptionAttrTypes}),
	}
	var d diag.Diagnostics
	m.AllowedServices, d = setOrNull(ctx, services)
	diags.Append(d...)
	m.AdministratorARNs, d = setOrNull(ctx, admins)
	diags.Append(d...)
	m.UserARNs, d = setOrNull(ctx, users)
	diags.Append(d...)
	m.Tags, d = mapOrNull(ctx, user)
	diags.Append(d...)
	return m, diags
}

func rotationOr(days int) int {
	if days == 0 {
		return kmskey.DefaultRotationPeriodDays
	}
	return days
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
