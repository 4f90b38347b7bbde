package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
)

// ImportState adopts a database this provider created, by identifier
// (database.Import reads it and rebuilds its Spec).
func (r *databaseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_database "+req.ID, err)
		return
	}
	env := database.Env{AccountID: account, Partition: r.client.Partition, Region: r.client.Region}
	s, err := database.Import(ctx, r.executor().Clients, env, r.client.DefaultTags, req.ID)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_database "+req.ID, err)
		return
	}
	m, d := databaseModelOf(ctx, s)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// databaseModelOf is the inverse of spec: the arguments of s (defaults
// applied), with the arguments no Spec holds at their defaults and the
// outputs null until the Read that follows an import.
func databaseModelOf(ctx context.Context, s database.Spec) (databaseModel, diag.Diagnostics) {
	s = s.WithDefaults()
	c := &modelConv{ctx: ctx}
	m := databaseModel{ID: types.StringValue(s.Identifier), Identifier: types.StringValue(s.Identifier),
		Engine: types.StringValue(string(s.Engine)), EngineVersion: types.StringValue(s.EngineVersion), InstanceClass: types.StringValue(s.InstanceClass),
		AllocatedStorage: int64OrNull(s.AllocatedStorage), MaxAllocatedStorage: types.Int64Value(int64(s.MaxAllocatedStorage)),
		StorageType: types.StringValue(s.StorageType), VPCID: types.StringValue(s.VPCID), SubnetIDs: c.set(s.SubnetIDs),
		AllowedSecurityGroupIDs: c.setOrNull(s.AllowedSecurityGroupIDs), AllowedCIDRBlocks: c.setOrNull(s.AllowedCIDRBlocks),
		Port: types.Int64Value(int64(s.Port)), KMSKeyARN: types.StringValue(s.KMSKeyARN),
		BackupRetentionDays: types.Int64Value(int64(s.BackupRetention())), BackupWindow: stringOrNull(s.BackupWindow),
		MaintenanceWindow: stringOrNull(s.MaintenanceWindow), MasterUsername: types.StringValue(s.MasterUsername),
		MasterPasswordRotationDays: types.Int64Value(int64(s.MasterPasswordRotationDays)), DatabaseName: stringOrNull(s.DatabaseName),
		MultiAZ: types.BoolValue(s.IsMultiAZ()), InstanceCount: types.Int64Null(), DeletionProtection: types.BoolValue(s.IsDeletionProtected()),
		PerformanceInsights: types.BoolValue(s.IsPerformanceInsights()), MonitoringIntervalSeconds: types.Int64Value(int64(s.MonitoringInterval())),
		LogRetentionDays: types.Int64Value(int64(s.LogRetentionDays)), AllowMajorVersionUpgrade: types.BoolValue(s.AllowMajorVersionUpgrade),
		ApplyImmediately: types.BoolValue(s.ApplyImmediately), RetainLogsOnDestroy: types.BoolValue(database.DefaultRetainLogsOnDestroy),
		Proxy: c.object(proxyAttrTypes, map[string]attr.Value{"enabled": types.BoolValue(s.Proxy.Enabled),
			"idle_client_timeout_seconds": types.Int64Value(int64(s.Proxy.IdleClientTimeoutSeconds)), "debug_logging": types.BoolValue(s.Proxy.DebugLogging)}),
		Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
		ChildIDs: types.MapNull(types.StringType), Drift: types.StringValue("")}
	if s.Engine.IsAurora() && s.InstanceCount != database.DefaultInstanceCount { // optional, not computed: unset is the default
		m.InstanceCount = types.Int64Value(int64(s.InstanceCount))
	}
	m.ARN, m.Endpoint, m.MasterUserSecretARN = types.StringNull(), types.StringNull(), types.StringNull()
	m.SecurityGroupID, m.SubnetGroupName, m.ParameterGroupName, m.ProxyEndpoint = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	return m, c.diags
}
