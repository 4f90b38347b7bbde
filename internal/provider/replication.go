package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// The replication argument { region, kms_key_arn } of the resources whose
// buckets replicate to another region (s3bucket.Target).

var replicationAttrTypes = map[string]attr.Type{"region": types.StringType, "kms_key_arn": types.StringType}

type replicationModel struct {
	Region    types.String `tfsdk:"region"`
	KMSKeyARN types.String `tfsdk:"kms_key_arn"`
}

// replicationAttribute is the argument, described by what replicates.
func replicationAttribute(description string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{Optional: true, MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{Required: true, MarkdownDescription: "The replicas' region; not the provider's."},
			"kms_key_arn": schema.StringAttribute{Required: true,
				MarkdownDescription: "Customer-managed key in `region`, e.g. the `arn` of a `hipaa_kms_key` of a provider block for that region."},
		}}
}

// replication reads the argument; nil when null or unknown (recorded).
func (c *conv) replication(v types.Object) *s3bucket.Target {
	var m replicationModel
	if !c.object("replication", v, &m) {
		return nil
	}
	return &s3bucket.Target{Region: c.str("replication.region", m.Region), KMSKeyARN: c.str("replication.kms_key_arn", m.KMSKeyARN)}
}

// replication is the argument of t; null without replication.
func (c *modelConv) replication(t *s3bucket.Target) types.Object {
	if t == nil {
		return types.ObjectNull(replicationAttrTypes)
	}
	return c.object(replicationAttrTypes, map[string]attr.Value{"region": types.StringValue(t.Region), "kms_key_arn": types.StringValue(t.KMSKeyARN)})
}

// planReplicaOutputs plans the outputs that name replicas, which are kept
// from state otherwise: "" when replication is removed, unknown when it is
// unknown, added, or moves to another region. left is the region whose
// replicas the change leaves behind ("" when none).
func planReplicaOutputs(ctx context.Context, state, config types.Object, outs ...*types.String) (left string, diags diag.Diagnostics) {
	set := func(v types.String) {
		for _, o := range outs {
			*o = v
		}
	}
	var was, now replicationModel
	had := !state.IsNull() && !state.IsUnknown() && !state.As(ctx, &was, objectAsOptions).HasError()
	switch {
	case config.IsUnknown():
		set(types.StringUnknown())
	case config.IsNull():
		set(types.StringValue(""))
	default:
		diags.Append(config.As(ctx, &now, objectAsOptions)...)
		if !had || !was.Region.Equal(now.Region) {
			set(types.StringUnknown())
		}
	}
	if had && (config.IsNull() || !config.IsUnknown() && !now.Region.IsUnknown() && !was.Region.Equal(now.Region)) {
		left = was.Region.ValueString()
	}
	return left, diags
}
