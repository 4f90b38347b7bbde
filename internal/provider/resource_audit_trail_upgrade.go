package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// hipaa_audit_trail before version 2 kept its lifecycle as
// log_lifecycle = { standard_days, infrequent_access_days,
// expire_after_days }: Standard-IA from standard_days, Deep Archive from
// infrequent_access_days, expiry of current and noncurrent versions at
// expire_after_days. Version 2 says the same rule in S3's terms.

// Version 1's defaults (version 0's too).
const (
	v1StandardDays         = 30
	v1InfrequentAccessDays = 150
	v1ExpireAfterDays      = 3653
)

var lifecycleAttrTypesV1 = map[string]attr.Type{"standard_days": types.Int64Type, "infrequent_access_days": types.Int64Type, "expire_after_days": types.Int64Type}

type lifecycleModelV1 struct {
	StandardDays         types.Int64 `tfsdk:"standard_days"`
	InfrequentAccessDays types.Int64 `tfsdk:"infrequent_access_days"`
	ExpireAfterDays      types.Int64 `tfsdk:"expire_after_days"`
}

// auditTrailModelV1 is the state of versions 0 and 1.
type auditTrailModelV1 struct {
	auditTrailModelCommon
	Lifecycle types.Object `tfsdk:"log_lifecycle"`
}

func lifecycleAttributeV1() schema.Attribute {
	return schema.SingleNestedAttribute{Optional: true, Computed: true,
		Default: objectdefault.StaticValue(types.ObjectValueMust(lifecycleAttrTypesV1, map[string]attr.Value{
			"standard_days": types.Int64Value(v1StandardDays), "infrequent_access_days": types.Int64Value(v1InfrequentAccessDays),
			"expire_after_days": types.Int64Value(v1ExpireAfterDays)})),
		MarkdownDescription: "Log bucket lifecycle: Standard → Standard-IA at `standard_days` → Deep Archive at `infrequent_access_days` → expiry at `expire_after_days`.",
		Attributes: map[string]schema.Attribute{
			"standard_days":          schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(v1StandardDays)},
			"infrequent_access_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(v1InfrequentAccessDays)},
			"expire_after_days":      schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(v1ExpireAfterDays)},
		}}
}

func (r *auditTrailResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	up := map[int64]resource.StateUpgrader{}
	for _, v := range []int64{0, 1} {
		prior := auditTrailSchema(1)
		prior.Version = v
		up[v] = resource.StateUpgrader{PriorSchema: &prior, StateUpgrader: upgradeAuditTrailFromV1}
	}
	return up
}

// upgradeAuditTrailFromV1 rewrites log_lifecycle as the transitions and
// expiry of the very rule S3 holds: nothing changes for stored logs.
func upgradeAuditTrailFromV1(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old auditTrailModelV1
	if resp.Diagnostics.Append(req.State.Get(ctx, &old)...); resp.Diagnostics.HasError() {
		return
	}
	lc := lifecycleModelV1{StandardDays: types.Int64Value(v1StandardDays), InfrequentAccessDays: types.Int64Value(v1InfrequentAccessDays),
		ExpireAfterDays: types.Int64Value(v1ExpireAfterDays)}
	if !old.Lifecycle.IsNull() && !old.Lifecycle.IsUnknown() {
		resp.Diagnostics.Append(old.Lifecycle.As(ctx, &lc, objectAsOptions)...)
	}
	m := auditTrailModel{auditTrailModelCommon: old.auditTrailModelCommon,
		Transitions: transitionsValue([]s3bucket.Transition{{Days: int(lc.StandardDays.ValueInt64()), StorageClass: s3bucket.StandardIA},
			{Days: int(lc.InfrequentAccessDays.ValueInt64()), StorageClass: s3bucket.DeepArchive}}),
		ExpireAfterDays: lc.ExpireAfterDays, Replication: types.ObjectNull(replicationAttrTypes),
		ReplicaBucketName: types.StringValue(""), ReplicationRoleARN: types.StringValue("")}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
