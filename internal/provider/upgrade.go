package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// schemaVersion is the schema version the hipaa_* resources write to
// state, but for hipaa_audit_trail (auditTrailSchemaVersion, 2). Version 0
// is state written before versions were recorded; its attributes are those
// of version 1 but for optional ones added since (null in upgraded state,
// as in version-1 state that predates them). A change of the attributes
// version 0 had bumps the resource's version and adds a real upgrader from
// the previous one (TestUpgrade_priorSchemasMatch fails until it does).
const schemaVersion = 1

// upgradeFromV0 is the upgrader of state version 0 of r: the attributes of
// the current schema but added, copied as they are, and added null.
func upgradeFromV0(r resource.Resource, added ...string) map[int64]resource.StateUpgrader {
	var sr resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &sr)
	current := sr.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	prior := sr.Schema
	prior.Version = 0
	prior.Attributes = maps.Clone(prior.Attributes)
	for _, name := range added {
		delete(prior.Attributes, name)
	}
	return map[int64]resource.StateUpgrader{0: {
		PriorSchema: &prior,
		StateUpgrader: func(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
			if len(added) == 0 {
				resp.State.Raw = req.State.Raw.Copy()
				return
			}
			var old map[string]tftypes.Value
			if err := req.State.Raw.As(&old); err != nil {
				resp.Diagnostics.AddError("Cannot upgrade state from version 0", err.Error())
				return
			}
			vals := make(map[string]tftypes.Value, len(current.AttributeTypes))
			for name, t := range current.AttributeTypes {
				if v, ok := old[name]; ok {
					vals[name] = v
				} else {
					vals[name] = tftypes.NewValue(t, nil)
				}
			}
			resp.State.Raw = tftypes.NewValue(current, vals)
		},
	}}
}

func (r *kmsKeyResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return upgradeFromV0(r)
}

func (r *vpcResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return upgradeFromV0(r)
}

func (r *databaseResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return upgradeFromV0(r)
}

func (r *securityBaselineResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return upgradeFromV0(r, "replication", "replica_config_bucket_name", "replication_role_arn")
}
