package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
)

var (
	guardDutyAttrTypes   = map[string]attr.Type{"features": types.SetType{ElemType: types.StringType}, "finding_publishing_frequency": types.StringType}
	securityHubAttrTypes = map[string]attr.Type{"standards": types.SetType{ElemType: types.StringType}}
	configAttrTypes      = map[string]attr.Type{"conformance_pack": types.BoolType}
	inspectorAttrTypes   = map[string]attr.Type{"resource_types": types.SetType{ElemType: types.StringType}}
	passwordAttrTypes    = map[string]attr.Type{"enabled": types.BoolType, "minimum_length": types.Int64Type, "max_age_days": types.Int64Type,
		"reuse_prevention": types.Int64Type}
)

func stringSet(values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

func defaultGuardDuty() types.Object {
	return types.ObjectValueMust(guardDutyAttrTypes, map[string]attr.Value{"features": stringSet(baseline.DefaultGuardDuty),
		"finding_publishing_frequency": types.StringValue(baseline.DefaultFrequency)})
}

func defaultPasswordPolicy() types.Object {
	return types.ObjectValueMust(passwordAttrTypes, map[string]attr.Value{"enabled": types.BoolValue(true), "minimum_length": types.Int64Value(baseline.MinPasswordLength),
		"max_age_days": types.Int64Value(baseline.MaxPasswordAgeDays), "reuse_prevention": types.Int64Value(baseline.MinReusePrevention)})
}

func (r *securityBaselineResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Account-and-region-wide detection and hardening as one resource (one per account and region): GuardDuty with S3, " +
			"RDS and EBS malware protection; Security Hub with FSBP, CIS and NIST 800-53 r5; AWS Config recording every type to a hardened, " +
			"KMS-encrypted bucket, with the HIPAA conformance pack generated from the control catalog; IAM Access Analyzer; Inspector for " +
			"EC2, ECR and Lambda; EBS encryption by default with the customer key; the account S3 public access block; the IAM password " +
			"policy. Destroy leaves detection running unless `disable_on_destroy = true`. Controls DET-01 to DET-06.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The region (the baseline is one per account and region)."),
			"kms_key_arn": schema.StringAttribute{Required: true,
				MarkdownDescription: "Customer-managed KMS key ARN for the Config delivery bucket and, unless `ebs_default_encryption_kms_key_arn` is set, EBS encryption by default; its policy must allow `s3` (and EC2 for EBS)."},
			"guardduty": schema.SingleNestedAttribute{Optional: true, Computed: true, Default: objectdefault.StaticValue(defaultGuardDuty()),
				MarkdownDescription: "GuardDuty detector settings (DET-01). The detector is always enabled.",
				Attributes: map[string]schema.Attribute{
					"features": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType, Default: setdefault.StaticValue(stringSet(baseline.DefaultGuardDuty)),
						MarkdownDescription: "Detector features turned on. Default `S3_DATA_EVENTS`, `RDS_LOGIN_EVENTS`, `EBS_MALWARE_PROTECTION`; without `S3_DATA_EVENTS` and `RDS_LOGIN_EVENTS` a DET-01 exception is needed."},
					"finding_publishing_frequency": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(baseline.DefaultFrequency),
						MarkdownDescription: "`FIFTEEN_MINUTES` (default), `ONE_HOUR` or `SIX_HOURS`."},
				}},
			"security_hub": schema.SingleNestedAttribute{Optional: true, Computed: true,
				Default:             objectdefault.StaticValue(types.ObjectValueMust(securityHubAttrTypes, map[string]attr.Value{"standards": stringSet(baseline.DefaultStandards)})),
				MarkdownDescription: "Security Hub, enabled without AWS's default standards, then subscribed to `standards` (DET-02).",
				Attributes: map[string]schema.Attribute{
					"standards": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType, Default: setdefault.StaticValue(stringSet(baseline.DefaultStandards)),
						MarkdownDescription: "Standard IDs, the part of the ARN after `standards/`; the ARNs are built for the region. Default FSBP `" + baseline.StandardFSBP +
							"`, CIS `" + baseline.StandardCIS + "`, NIST `" + baseline.StandardNIST + "`; dropping one needs a DET-02 exception."},
				}},
			"config": schema.SingleNestedAttribute{Optional: true, Computed: true,
				Default:             objectdefault.StaticValue(types.ObjectValueMust(configAttrTypes, map[string]attr.Value{"conformance_pack": types.BoolValue(true)})),
				MarkdownDescription: "AWS Config: a recorder of every supported and global resource type, delivering to a hardened bucket, started (DET-03).",
				Attributes: map[string]schema.Attribute{
					"conformance_pack": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						MarkdownDescription: "Deploy the HIPAA conformance pack generated from the control catalog's AWS Config rules (default `true`; `false` needs a DET-03 exception)."},
				}},
			"access_analyzer": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Create an account IAM Access Analyzer (default `true`; `false` needs a DET-04 exception)."},
			"inspector": schema.SingleNestedAttribute{Optional: true, Computed: true,
				Default:             objectdefault.StaticValue(types.ObjectValueMust(inspectorAttrTypes, map[string]attr.Value{"resource_types": stringSet(baseline.DefaultInspector)})),
				MarkdownDescription: "Amazon Inspector scanning (DET-05).",
				Attributes: map[string]schema.Attribute{
					"resource_types": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType, Default: setdefault.StaticValue(stringSet(baseline.DefaultInspector)),
						MarkdownDescription: "`EC2`, `ECR`, `LAMBDA` (default) and optionally `LAMBDA_CODE`."},
				}},
			"ebs_default_encryption_kms_key_arn": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Customer-managed key for EBS encryption by default (DET-06). Default: `kms_key_arn`."},
			"s3_account_public_access_block": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Turn on all four account-level S3 public access block flags (default `true`; `false` needs a DET-06 exception)."},
			"password_policy": schema.SingleNestedAttribute{Optional: true, Computed: true, Default: objectdefault.StaticValue(defaultPasswordPolicy()),
				MarkdownDescription: "The account's IAM password policy (DET-06); every character class is always required. Stronger values are accepted, weaker are refused. " +
					"The policy is one object per account: with baselines in several regions, manage it in one and set `enabled = false` in the others.",
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						MarkdownDescription: "Manage the account's password policy (default `true`). `false` leaves it alone: never written, read for drift or deleted on destroy " +
							"(not even with `disable_on_destroy = true`), and the other values are ignored; it needs a DET-06 exception (another region's baseline manages the policy). " +
							"Turning it off hands over a policy this resource created: destroy no longer deletes it."},
					"minimum_length":   schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(baseline.MinPasswordLength), MarkdownDescription: "At least 14 (default 14)."},
					"max_age_days":     schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(baseline.MaxPasswordAgeDays), MarkdownDescription: "At most 90 (default 90)."},
					"reuse_prevention": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(baseline.MinReusePrevention), MarkdownDescription: "24 (default, the IAM maximum)."},
				}},
			"disable_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "On destroy, turn off what this resource turned on (default `false`: detection keeps running and destroy warns what it left). Never turns off what was on before, or what import adopted. The Config buckets are always kept."},
			"replication": replicationAttribute("Cross-region replication of the Config buckets (STO-08, cdk-nag S3BucketReplicationEnabled): " +
				"`hipaa-config-<this region>-replica-<account>-<region>` in `region`, encrypted under that region's key and written only by replication, " +
				"a replica for the access logs, and a replication role with a customer-managed policy. The names carry this region, so the other region's " +
				"own baseline keeps its own Config buckets. Removing it stops replication and deletes the role; the replicas are kept, like the Config buckets."),
			"replica_config_bucket_name":    computed("The Config bucket's replica; empty without replication."),
			"replication_role_arn":          computed("The replication role; empty without replication."),
			"tags":                          tagsAttribute(),
			"exceptions":                    exceptionsAttribute(),
			"detector_id":                   computed("GuardDuty detector ID."),
			"hub_arn":                       computed("Security Hub ARN."),
			"standards_arns":                schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "ARNs of the subscribed standards."},
			"config_recorder_name":          computed("AWS Config recorder (an imported recorder keeps its name)."),
			"config_delivery_channel_name":  computed("AWS Config delivery channel."),
			"config_bucket_name":            computed("Config delivery bucket, kept on destroy."),
			"config_access_log_bucket_name": computed("Access-log bucket of the Config bucket, kept on destroy."),
			"conformance_pack_name":         computed("HIPAA conformance pack."),
			"access_analyzer_arn":           computed("Account access analyzer."),
			"drift":                         driftAttribute(),
		},
	}
	resp.Schema.Version = schemaVersion
}
