package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// schemaVersion is the schema version the hipaa_* resources write to
// state, but for hipaa_audit_trail (auditTrailSchemaVersion, 2). Version 0
// is state written before versions were recorded; its attributes are those
// of version 1, so it upgrades unchanged. A change of attributes bumps the
// resource's version and adds a real upgrader from the previous one
// (TestUpgrade_priorSchemasMatch fails until it does).
const schemaVersion = 1

// upgradeFromV0 is the upgrader of state version 0 of r: the same
// attributes, copied as they are.
func upgradeFromV0(r resource.Resource) map[int64]resource.StateUpgrader {
	var sr resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &sr)
	prior := sr.Schema
	prior.Version = 0
	return map[int64]resource.StateUpgrader{0: {
		PriorSchema: &prior,
		StateUpgrader: func(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
			resp.State.Raw = req.State.Raw.Copy()
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
	return upgradeFromV0(r)
}
