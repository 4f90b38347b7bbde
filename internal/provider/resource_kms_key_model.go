package provider

import (
	"context"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// spec converts the model to a defaulted Spec; known is false while any
// input is still unknown (then nothing can be checked yet).
func (m kmsKeyModel) spec(ctx context.Context, defaultTags map[string]string) (s kmskey.Spec, known bool, diags diag.Diagnostics) {
	// description and the day counts are optional+computed: unknown there
	// means "not configured" and takes the default.
	if !isKnown(m.Name, m.AllowedServices, m.AdministratorARNs, m.UserARNs, m.Tags, m.Exceptions) {
		return s, false, nil
	}
	s = kmskey.Spec{
		Name:               m.Name.ValueString(),
		Description:        m.Description.ValueString(),
		DeletionWindowDays: int(m.DeletionWindowDays.ValueInt64()),
		RotationPeriodDays: int(m.RotationPeriodDays.ValueInt64()),
		DefaultTags:        defaultTags,
	}
	var d diag.Diagnostics
	s.AllowedServices, d = stringsFrom(ctx, m.AllowedServices)
	diags.Append(d...)
	s.AdministratorARNs, d = stringsFrom(ctx, m.AdministratorARNs)
	diags.Append(d...)
	s.UserARNs, d = stringsFrom(ctx, m.UserARNs)
	diags.Append(d...)
	s.Tags, d = mapFrom(ctx, m.Tags)
	diags.Append(d...)
	s.Exceptions, d = exceptionsFrom(ctx, m.Exceptions)
	diags.Append(d...)
	return s.WithDefaults(), true, diags
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
