package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
)

var (
	objectLockAttrTypes = map[string]attr.Type{"mode": types.StringType, "days": types.Int64Type}
	transitionAttrTypes = map[string]attr.Type{"days": types.Int64Type, "storage_class": types.StringType}
)

// transitionsValue is a transitions list.
func transitionsValue(ts []bucket.Transition) types.List {
	elems := make([]attr.Value, 0, len(ts))
	for _, t := range ts {
		elems = append(elems, types.ObjectValueMust(transitionAttrTypes, map[string]attr.Value{
			"days": types.Int64Value(int64(t.Days)), "storage_class": types.StringValue(t.StorageClass)}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: transitionAttrTypes}, elems)
}

// transitionsAttribute is transitions = [{ days, storage_class }], S3's own
// lifecycle terms, defaulting to def.
func transitionsAttribute(def []bucket.Transition, desc string) schema.Attribute {
	return schema.ListNestedAttribute{Optional: true, Computed: true, Default: listdefault.StaticValue(transitionsValue(def)),
		MarkdownDescription: desc + " Orders and minimums S3 rejects are refused at plan (classes only move down `" +
			strings.Join(bucket.StorageClasses, "` → `") + "`, Standard-IA and One Zone-IA no earlier than day 30 and for 30 days at least).",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"days": schema.Int64Attribute{Required: true, MarkdownDescription: "Days after creation."},
			"storage_class": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.OneOf(bucket.StorageClasses...)},
				MarkdownDescription: "`" + strings.Join(bucket.StorageClasses, "`, `") + "`."},
		}}}
}

func bucketSchema(ctx context.Context) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.Schema{
		MarkdownDescription: "An S3 bucket for PHI: SSE-KMS under the customer key with the bucket key on, versioning, all four public-access " +
			"blocks, ACLs disabled, a policy that refuses non-TLS and TLS < 1.2 requests, uploads not under the key, presigned URLs older " +
			"than `presigned_url_max_age_seconds`, and object access by anyone but `reader_arns` and `writer_arns`; server access logs, " +
			"an explicit lifecycle, optional Object Lock, and optional cross-region replication to a bucket hardened the same way. " +
			"Destroy never deletes an object. Controls STO-01 to STO-08, STO-10, AUD-07.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The bucket name."},
			"name": schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Lowercase letters, digits and hyphens; the bucket is `<name>-<account>-<region>` (63 characters at most). " +
					"Changing it plans a new bucket; the old one is kept unless `retain_on_destroy = false` and it is empty."},
			"kms_key_arn": schema.StringAttribute{Required: true,
				MarkdownDescription: "Customer-managed KMS key (STO-01) in the provider's region, e.g. a `hipaa_kms_key`'s `arn` with `s3` in `allowed_services`. " +
					"Uploads under any other key are denied."},
			"object_lock": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "Default Object Lock retention of every new object version (STO-06). Once set it cannot be removed: S3 keeps Object Lock on.",
				Attributes: map[string]schema.Attribute{
					"mode": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(bucket.ModeCompliance),
						Validators:          []validator.String{stringvalidator.OneOf(bucket.ModeCompliance, bucket.ModeGovernance)},
						MarkdownDescription: "`COMPLIANCE` (default: nobody, root included, can delete a locked version early) or `GOVERNANCE` (needs an STO-06 exception)."},
					"days": schema.Int64Attribute{Required: true, MarkdownDescription: fmt.Sprintf("Retention in days, 1–%d.", bucket.MaxObjectLockDays)},
				}},
			"transitions": transitionsAttribute(bucket.DefaultTransitions(), "Lifecycle transitions (STO-07), in S3's terms: objects move to `storage_class` `days` "+
				"after creation. Default: `STANDARD_IA` at 30 days; `[]` keeps objects in S3 Standard."),
			"expire_after_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(0),
				MarkdownDescription: "Days after which current objects expire (become noncurrent); 0 (default): never. Must outlast every transition and `object_lock.days`."},
			"noncurrent_version_expire_after_days": schema.Int64Attribute{Optional: true, Computed: true,
				Default: int64default.StaticInt64(bucket.DefaultNoncurrentVersionExpireAfterDays),
				MarkdownDescription: fmt.Sprintf("Days an overwritten or deleted version is kept. Default %d (six years, 45 CFR 164.316(b)(2)(i)); shorter needs an STO-07 exception.",
					bucket.DefaultNoncurrentVersionExpireAfterDays)},
			"replication": replicationAttribute("Cross-region replication (STO-08): a replica bucket `<name>-<account>-<region>` in `region`, hardened the same way " +
				"under that region's key, with its own access-log bucket, and a replication role with a customer-managed policy. Every object " +
				"replicates, KMS-encrypted objects and delete markers included. Without it STO-08 needs an exception. Removing it stops " +
				"replication and deletes the role; the replica buckets are kept."),
			"presigned_url_max_age_seconds": schema.Int64Attribute{Optional: true, Computed: true,
				Default: int64default.StaticInt64(bucket.DefaultPresignedURLMaxAgeSeconds),
				MarkdownDescription: fmt.Sprintf("The policy denies query-string-authenticated requests whose signature is older (`s3:signatureAge`), "+
					"so a presigned URL works at most this long whatever expiry it was signed with (STO-10). Default %d (10 minutes).", bucket.DefaultPresignedURLMaxAgeSeconds)},
			"reader_arns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "IAM roles and users that may read objects; every other principal of the account is denied object reads, administrators included. " +
					"None: nobody can read objects (a drop box)."},
			"writer_arns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "IAM roles and users that may write and delete objects; every other principal is denied."},
			"access_log_bucket": schema.StringAttribute{Optional: true,
				MarkdownDescription: "An existing bucket that receives the server access logs (AUD-07). Unset: the resource creates `<name>-access-logs-<account>-<region>` (SSE-S3, which server access logging requires)."},
			"retain_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(bucket.DefaultRetainOnDestroy),
				MarkdownDescription: "Keep every bucket on destroy (default `true`), and say so. With `false`, destroy deletes the buckets when they are empty " +
					"and refuses, with a count of their objects, when they are not; access-log buckets holding logs are kept. Destroy never deletes an object."},
			"tags":                   tagsAttribute(),
			"exceptions":             exceptionsAttribute(),
			"timeouts":               timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
			"bucket_name":            schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The bucket."},
			"arn":                    schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The bucket's ARN, e.g. for a `hipaa_backup_plan`'s `resource_arns`."},
			"access_log_bucket_name": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The bucket receiving the server access logs."},
			"replica_bucket_name":    schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The replica; empty without replication."},
			"replica_arn":            schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The replica's ARN; empty without replication."},
			"replication_role_arn":   schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The replication role; empty without replication."},
			"drift":                  driftAttribute(),
		},
	}
}
