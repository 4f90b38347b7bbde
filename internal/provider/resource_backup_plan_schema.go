package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
)

var (
	vaultLockAttrTypes = map[string]attr.Type{"mode": types.StringType, "min_retention_days": types.Int64Type,
		"max_retention_days": types.Int64Type, "changeable_for_days": types.Int64Type}
	copyToAttrTypes     = map[string]attr.Type{"region": types.StringType, "kms_key_arn": types.StringType, "retention_days": types.Int64Type}
	backupRuleAttrTypes = map[string]attr.Type{"name": types.StringType, "schedule": types.StringType, "retention_days": types.Int64Type,
		"cold_storage_after_days": types.Int64Type, "start_window_minutes": types.Int64Type, "completion_window_minutes": types.Int64Type,
		"continuous": types.BoolType, "copy_to": types.ListType{ElemType: types.ObjectType{AttrTypes: copyToAttrTypes}}}
)

func backupPlanSchema(ctx context.Context) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.Schema{
		MarkdownDescription: "An AWS Backup plan whose recovery points go to a vault encrypted with the customer key, closed to manual " +
			"deletion by its access policy and optionally locked by Vault Lock; each `copy_to` region gets a vault of the same kind. " +
			"The selection runs under a backup role with AWS's managed backup and restore policies. Destroy keeps every vault and its " +
			"recovery points. Controls BAK-01 to BAK-05.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The plan name."},
			"name": schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Plan name; also the vault's name; each copy vault is `<name>-from-<this region>`. Changing it makes a new plan and new vaults; the old vaults are kept."},
			"kms_key_arn": schema.StringAttribute{Required: true,
				MarkdownDescription: "Customer-managed key of the vault (BAK-01), in the provider's region. AWS Backup cannot change a vault's key: a change is refused at plan."},
			"vault_lock": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Vault Lock on the vault and every copy vault (BAK-03). In `compliance` mode, once `changeable_for_days` "+
					"(at least %d) have passed nobody, root included, can shorten retention, remove the lock or delete the vault while it holds recovery points.",
					backupplan.MinChangeableForDays),
				Attributes: map[string]schema.Attribute{
					"mode": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(string(backupplan.LockCompliance), string(backupplan.LockGovernance))},
						MarkdownDescription: "`compliance` (default) or `governance` (removable by users with enough IAM permissions; needs a BAK-03 exception)."},
					"min_retention_days": schema.Int64Attribute{Optional: true, MarkdownDescription: "Shortest retention a recovery point may have."},
					"max_retention_days": schema.Int64Attribute{Optional: true, MarkdownDescription: "Longest retention a recovery point may have."},
					"changeable_for_days": schema.Int64Attribute{Optional: true,
						MarkdownDescription: fmt.Sprintf("Compliance mode: days the lock can still be changed or removed, at least %d (default %d). Read when the lock is first set.",
							backupplan.MinChangeableForDays, backupplan.DefaultChangeableForDays)},
				}},
			"rules": schema.ListNestedAttribute{Required: true,
				MarkdownDescription: fmt.Sprintf("The plan's rules. Without a BAK-04 exception at least one rule backs up daily or more often and keeps "+
					"recovery points %d days or more.", backupplan.RequiredRetentionDays),
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":     schema.StringAttribute{Required: true, MarkdownDescription: "Rule name, unique in the plan."},
					"schedule": schema.StringAttribute{Optional: true, MarkdownDescription: "`cron(...)` in UTC, e.g. `cron(0 5 ? * * *)`; optional for a continuous rule."},
					"retention_days": schema.Int64Attribute{Required: true, MarkdownDescription: fmt.Sprintf("Days a recovery point is kept (at most %d for a continuous rule).",
						backupplan.MaxContinuousRetentionDays)},
					"cold_storage_after_days": schema.Int64Attribute{Optional: true,
						MarkdownDescription: fmt.Sprintf("Days before recovery points move to cold storage; they then stay %d days at least.", backupplan.MinColdStorageDays)},
					"start_window_minutes": schema.Int64Attribute{Optional: true, MarkdownDescription: fmt.Sprintf("Default %d.", backupplan.DefaultStartWindowMinutes)},
					"completion_window_minutes": schema.Int64Attribute{Optional: true,
						MarkdownDescription: fmt.Sprintf("Default %d (7 days).", backupplan.DefaultCompletionWindowMinutes)},
					"continuous": schema.BoolAttribute{Optional: true, MarkdownDescription: "Continuous backup (point-in-time recovery) for the services that support it."},
					"copy_to": schema.ListNestedAttribute{Optional: true,
						MarkdownDescription: "Copies of each recovery point to another region (BAK-05), into a vault this resource creates and locks there.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"region":         schema.StringAttribute{Required: true, MarkdownDescription: "Another region."},
							"kms_key_arn":    schema.StringAttribute{Required: true, MarkdownDescription: "Customer-managed key of that region for the copy vault."},
							"retention_days": schema.Int64Attribute{Optional: true, MarkdownDescription: "Days a copy is kept; default the rule's `retention_days`."},
						}}},
				}}},
			"resource_arns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "What the plan backs up, e.g. `hipaa_database.x.arn`, `hipaa_bucket.y.arn`."},
			"selection_tags": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Also back up every resource carrying one of these tags. A plan selecting nothing is refused."},
			"tags":            tagsAttribute(),
			"exceptions":      exceptionsAttribute(),
			"timeouts":        timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
			"plan_id":         schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "AWS Backup plan ID."},
			"arn":             schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Plan ARN."},
			"vault_name":      schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The vault."},
			"vault_arn":       schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The vault's ARN."},
			"copy_vault_arns": computedMap("The copy vaults' ARNs by region."),
			"role_arn":        schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The backup role the selection runs under."},
			"drift":           driftAttribute(),
		},
	}
}
