package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

type backupPlanModel struct {
	ID            types.String   `tfsdk:"id"`
	Name          types.String   `tfsdk:"name"`
	KMSKeyARN     types.String   `tfsdk:"kms_key_arn"`
	VaultLock     types.Object   `tfsdk:"vault_lock"`
	Rules         types.List     `tfsdk:"rules"`
	ResourceARNs  types.Set      `tfsdk:"resource_arns"`
	SelectionTags types.Map      `tfsdk:"selection_tags"`
	Tags          types.Map      `tfsdk:"tags"`
	Exceptions    types.List     `tfsdk:"exceptions"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
	PlanID        types.String   `tfsdk:"plan_id"`
	ARN           types.String   `tfsdk:"arn"`
	VaultName     types.String   `tfsdk:"vault_name"`
	VaultARN      types.String   `tfsdk:"vault_arn"`
	CopyVaultARNs types.Map      `tfsdk:"copy_vault_arns"`
	RoleARN       types.String   `tfsdk:"role_arn"`
	Drift         types.String   `tfsdk:"drift"`
}

type vaultLockModel struct {
	Mode              types.String `tfsdk:"mode"`
	MinRetentionDays  types.Int64  `tfsdk:"min_retention_days"`
	MaxRetentionDays  types.Int64  `tfsdk:"max_retention_days"`
	ChangeableForDays types.Int64  `tfsdk:"changeable_for_days"`
}

type backupRuleModel struct {
	Name                    types.String `tfsdk:"name"`
	Schedule                types.String `tfsdk:"schedule"`
	RetentionDays           types.Int64  `tfsdk:"retention_days"`
	ColdStorageAfterDays    types.Int64  `tfsdk:"cold_storage_after_days"`
	StartWindowMinutes      types.Int64  `tfsdk:"start_window_minutes"`
	CompletionWindowMinutes types.Int64  `tfsdk:"completion_window_minutes"`
	Continuous              types.Bool   `tfsdk:"continuous"`
	CopyTo                  types.List   `tfsdk:"copy_to"`
}

type copyToModel struct {
	Region        types.String `tfsdk:"region"`
	KMSKeyARN     types.String `tfsdk:"kms_key_arn"`
	RetentionDays types.Int64  `tfsdk:"retention_days"`
}

// Column paths of rules and copy_to (backupplan.Spec): an unknown value in
// any element hides the rules reading that column.
var (
	ruleColumns = []string{"rules.name", "rules.schedule", "rules.retention_days", "rules.cold_storage_after_days",
		"rules.start_window_minutes", "rules.completion_window_minutes", "rules.continuous", "rules.copy_to"}
	copyColumns = []string{"rules.copy_to.region", "rules.copy_to.kms_key_arn", "rules.copy_to.retention_days"}
)

// spec converts the model and records what is unknown (env as specEnv).
func (m backupPlanModel) spec(ctx context.Context, env specEnv) (backupplan.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := backupplan.Spec{Name: c.str("name", m.Name), KMSKeyARN: c.str("kms_key_arn", m.KMSKeyARN),
		ResourceARNs: c.strs("resource_arns", m.ResourceARNs), Tags: c.strMap("tags", m.Tags), Exceptions: c.exceptions(m.Exceptions),
		Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: env.DefaultTags}
	if !m.SelectionTags.IsNull() {
		s.SelectionTags = c.strMap("selection_tags", m.SelectionTags)
	}
	for path, v := range map[string]string{"region": env.Region, "account_id": env.AccountID, "partition": env.Partition} {
		if v == "" {
			c.Unknown.Value(path)
		}
	}
	var lock vaultLockModel
	if c.object("vault_lock", m.VaultLock, &lock) {
		s.VaultLock = &backupplan.VaultLock{Mode: backupplan.LockMode(c.str("vault_lock.mode", lock.Mode)),
			MinRetentionDays:  c.int("vault_lock.min_retention_days", lock.MinRetentionDays),
			MaxRetentionDays:  c.int("vault_lock.max_retention_days", lock.MaxRetentionDays),
			ChangeableForDays: c.int("vault_lock.changeable_for_days", lock.ChangeableForDays)}
	}
	s.Rules = c.backupRules(m.Rules)
	return s, c.Unknown, c.Diags
}

// backupRules keeps every element of rules and copy_to in place; an
// unknown element or field marks its column.
func (c *conv) backupRules(v types.List) []backupplan.Rule {
	if v.IsUnknown() {
		c.Unknown.Value("rules")
		return nil
	}
	var out []backupplan.Rule
	for _, e := range v.Elements() {
		o, ok := e.(types.Object)
		if !ok || o.IsUnknown() {
			for _, p := range ruleColumns {
				c.Unknown.Value(p)
			}
			out = append(out, backupplan.Rule{})
			continue
		}
		var r backupRuleModel
		c.Diags.Append(o.As(c.ctx, &r, objectAsOptions)...)
		rule := backupplan.Rule{Name: c.str("rules.name", r.Name), Schedule: c.str("rules.schedule", r.Schedule),
			RetentionDays: c.int("rules.retention_days", r.RetentionDays), ColdStorageAfterDays: c.int("rules.cold_storage_after_days", r.ColdStorageAfterDays),
			StartWindowMinutes:      c.int("rules.start_window_minutes", r.StartWindowMinutes),
			CompletionWindowMinutes: c.int("rules.completion_window_minutes", r.CompletionWindowMinutes),
			Continuous:              c.boolean("rules.continuous", r.Continuous)}
		if r.CopyTo.IsUnknown() {
			c.Unknown.Value("rules.copy_to")
		}
		for _, ce := range r.CopyTo.Elements() {
			co, ok := ce.(types.Object)
			if !ok || co.IsUnknown() {
				for _, p := range copyColumns {
					c.Unknown.Value(p)
				}
				rule.CopyTo = append(rule.CopyTo, backupplan.Copy{})
				continue
			}
			var cp copyToModel
			c.Diags.Append(co.As(c.ctx, &cp, objectAsOptions)...)
			rule.CopyTo = append(rule.CopyTo, backupplan.Copy{Region: c.str("rules.copy_to.region", cp.Region),
				KMSKeyARN: c.str("rules.copy_to.kms_key_arn", cp.KMSKeyARN), RetentionDays: c.int("rules.copy_to.retention_days", cp.RetentionDays)})
		}
		out = append(out, rule)
	}
	return out
}

// setOutputs fills the computed attributes from the layout and the plan's
// ID and ARN.
func (m *backupPlanModel) setOutputs(ctx context.Context, l backupplan.Layout, planID, planARN string) diag.Diagnostics {
	m.ID, m.PlanID, m.ARN = types.StringValue(l.Name), stringOrNull(planID), stringOrNull(planARN)
	m.VaultName, m.VaultARN, m.RoleARN = types.StringValue(l.Vault.Name), types.StringValue(l.Vault.ARN), types.StringValue(l.Role.ARN)
	copies := map[string]string{}
	for _, v := range l.CopyVaults {
		copies[v.Region] = v.ARN
	}
	var d diag.Diagnostics
	m.CopyVaultARNs, d = types.MapValueFrom(ctx, types.StringType, copies)
	m.Drift = types.StringValue("")
	return d
}

// backupPlanModelOf is the inverse of spec for import: values equal to
// their default are left null, as a configuration that omits them.
func backupPlanModelOf(ctx context.Context, s backupplan.Spec) (backupPlanModel, diag.Diagnostics) {
	c := &modelConv{ctx: ctx}
	m := backupPlanModel{ID: types.StringValue(s.Name), Name: types.StringValue(s.Name), KMSKeyARN: types.StringValue(s.KMSKeyARN),
		VaultLock: types.ObjectNull(vaultLockAttrTypes), ResourceARNs: c.setOrNull(s.ResourceARNs), SelectionTags: c.mapOrNull(s.SelectionTags),
		Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
		PlanID:   types.StringNull(), ARN: types.StringNull(), VaultName: types.StringNull(), VaultARN: types.StringNull(),
		CopyVaultARNs: types.MapNull(types.StringType), RoleARN: types.StringNull(), Drift: types.StringValue("")}
	if v := s.VaultLock; v != nil {
		mode := types.StringNull()
		if v.Mode != backupplan.LockCompliance {
			mode = types.StringValue(string(v.Mode))
		}
		m.VaultLock = c.object(vaultLockAttrTypes, map[string]attr.Value{"mode": mode, "min_retention_days": int64OrNull(v.MinRetentionDays),
			"max_retention_days": int64OrNull(v.MaxRetentionDays), "changeable_for_days": defaultOrNull(v.ChangeableForDays, backupplan.DefaultChangeableForDays)})
	}
	ruleType := types.ObjectType{AttrTypes: backupRuleAttrTypes}
	copyType := types.ObjectType{AttrTypes: copyToAttrTypes}
	rules := make([]attr.Value, 0, len(s.Rules))
	for _, r := range s.Rules {
		copies := types.ListNull(copyType)
		if len(r.CopyTo) > 0 {
			elems := make([]attr.Value, 0, len(r.CopyTo))
			for _, cp := range r.CopyTo {
				days := int64OrNull(cp.RetentionDays)
				if cp.RetentionDays == r.RetentionDays {
					days = types.Int64Null()
				}
				elems = append(elems, c.object(copyToAttrTypes, map[string]attr.Value{"region": types.StringValue(cp.Region),
					"kms_key_arn": types.StringValue(cp.KMSKeyARN), "retention_days": days}))
			}
			var d diag.Diagnostics
			copies, d = types.ListValue(copyType, elems)
			c.diags.Append(d...)
		}
		continuous := types.BoolNull()
		if r.Continuous {
			continuous = types.BoolValue(true)
		}
		rules = append(rules, c.object(backupRuleAttrTypes, map[string]attr.Value{"name": types.StringValue(r.Name),
			"schedule": stringOrNull(r.Schedule), "retention_days": types.Int64Value(int64(r.RetentionDays)),
			"cold_storage_after_days":   int64OrNull(r.ColdStorageAfterDays),
			"start_window_minutes":      defaultOrNull(r.StartWindowMinutes, backupplan.DefaultStartWindowMinutes),
			"completion_window_minutes": defaultOrNull(r.CompletionWindowMinutes, backupplan.DefaultCompletionWindowMinutes),
			"continuous":                continuous, "copy_to": copies}))
	}
	var d diag.Diagnostics
	m.Rules, d = types.ListValue(ruleType, rules)
	c.diags.Append(d...)
	return m, c.diags
}

// defaultOrNull is null for the default value or 0 (an optional argument
// left unset).
func defaultOrNull(n, def int) types.Int64 {
	if n == def {
		return types.Int64Null()
	}
	return int64OrNull(n)
}
