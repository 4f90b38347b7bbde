package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
)

type databaseModel struct {
	ID                         types.String   `tfsdk:"id"`
	Identifier                 types.String   `tfsdk:"identifier"`
	Engine                     types.String   `tfsdk:"engine"`
	EngineVersion              types.String   `tfsdk:"engine_version"`
	InstanceClass              types.String   `tfsdk:"instance_class"`
	AllocatedStorage           types.Int64    `tfsdk:"allocated_storage"`
	MaxAllocatedStorage        types.Int64    `tfsdk:"max_allocated_storage"`
	StorageType                types.String   `tfsdk:"storage_type"`
	VPCID                      types.String   `tfsdk:"vpc_id"`
	SubnetIDs                  types.Set      `tfsdk:"subnet_ids"`
	AllowedSecurityGroupIDs    types.Set      `tfsdk:"allowed_security_group_ids"`
	AllowedCIDRBlocks          types.Set      `tfsdk:"allowed_cidr_blocks"`
	Port                       types.Int64    `tfsdk:"port"`
	KMSKeyARN                  types.String   `tfsdk:"kms_key_arn"`
	BackupRetentionDays        types.Int64    `tfsdk:"backup_retention_days"`
	BackupWindow               types.String   `tfsdk:"backup_window"`
	MaintenanceWindow          types.String   `tfsdk:"maintenance_window"`
	MasterUsername             types.String   `tfsdk:"master_username"`
	MasterPasswordRotationDays types.Int64    `tfsdk:"master_password_rotation_days"`
	DatabaseName               types.String   `tfsdk:"database_name"`
	MultiAZ                    types.Bool     `tfsdk:"multi_az"`
	InstanceCount              types.Int64    `tfsdk:"instance_count"`
	DeletionProtection         types.Bool     `tfsdk:"deletion_protection"`
	PerformanceInsights        types.Bool     `tfsdk:"performance_insights"`
	MonitoringIntervalSeconds  types.Int64    `tfsdk:"monitoring_interval_seconds"`
	LogRetentionDays           types.Int64    `tfsdk:"log_retention_days"`
	AllowMajorVersionUpgrade   types.Bool     `tfsdk:"allow_major_version_upgrade"`
	ApplyImmediately           types.Bool     `tfsdk:"apply_immediately"`
	RetainLogsOnDestroy        types.Bool     `tfsdk:"retain_logs_on_destroy"`
	Proxy                      types.Object   `tfsdk:"proxy"`
	Tags                       types.Map      `tfsdk:"tags"`
	Exceptions                 types.List     `tfsdk:"exceptions"`
	Timeouts                   timeouts.Value `tfsdk:"timeouts"`
	ARN                        types.String   `tfsdk:"arn"`
	Endpoint                   types.String   `tfsdk:"endpoint"`
	MasterUserSecretARN        types.String   `tfsdk:"master_user_secret_arn"`
	SecurityGroupID            types.String   `tfsdk:"security_group_id"`
	SubnetGroupName            types.String   `tfsdk:"subnet_group_name"`
	ParameterGroupName         types.String   `tfsdk:"parameter_group_name"`
	ProxyEndpoint              types.String   `tfsdk:"proxy_endpoint"`
	ChildIDs                   types.Map      `tfsdk:"child_ids"`
	Drift                      types.String   `tfsdk:"drift"`
}

type proxyModel struct {
	Enabled                  types.Bool  `tfsdk:"enabled"`
	IdleClientTimeoutSeconds types.Int64 `tfsdk:"idle_client_timeout_seconds"`
	DebugLogging             types.Bool  `tfsdk:"debug_logging"`
}

// spec converts the model; known is false while an input is unknown
// (optional+computed attributes that are unknown take their defaults).
func (m databaseModel) spec(ctx context.Context, region, account, partition string, defaultTags map[string]string) (s database.Spec, known bool, diags diag.Diagnostics) {
	if !isKnown(m.Identifier, m.Engine, m.InstanceClass, m.AllocatedStorage, m.VPCID, m.SubnetIDs, m.AllowedSecurityGroupIDs,
		m.AllowedCIDRBlocks, m.KMSKeyARN, m.Tags, m.Exceptions, m.Proxy, m.InstanceCount, m.BackupWindow, m.MaintenanceWindow, m.DatabaseName) {
		return s, false, nil
	}
	s = database.Spec{Identifier: m.Identifier.ValueString(), Engine: database.Engine(m.Engine.ValueString()),
		EngineVersion: m.EngineVersion.ValueString(), InstanceClass: m.InstanceClass.ValueString(),
		AllocatedStorage: int(m.AllocatedStorage.ValueInt64()), MaxAllocatedStorage: int(m.MaxAllocatedStorage.ValueInt64()),
		StorageType: m.StorageType.ValueString(), VPCID: m.VPCID.ValueString(), Port: int(m.Port.ValueInt64()),
		KMSKeyARN: m.KMSKeyARN.ValueString(), BackupWindow: m.BackupWindow.ValueString(), MaintenanceWindow: m.MaintenanceWindow.ValueString(),
		MasterUsername: m.MasterUsername.ValueString(), MasterPasswordRotationDays: int(m.MasterPasswordRotationDays.ValueInt64()),
		DatabaseName: m.DatabaseName.ValueString(), InstanceCount: int(m.InstanceCount.ValueInt64()),
		LogRetentionDays: int(m.LogRetentionDays.ValueInt64()), AllowMajorVersionUpgrade: m.AllowMajorVersionUpgrade.ValueBool(),
		ApplyImmediately: m.ApplyImmediately.ValueBool(), Region: region, AccountID: account, Partition: partition, DefaultTags: defaultTags}
	if !m.BackupRetentionDays.IsNull() && !m.BackupRetentionDays.IsUnknown() {
		s.BackupRetentionDays = database.Int(int(m.BackupRetentionDays.ValueInt64()))
	}
	if !m.MonitoringIntervalSeconds.IsNull() && !m.MonitoringIntervalSeconds.IsUnknown() {
		s.MonitoringIntervalSeconds = database.Int(int(m.MonitoringIntervalSeconds.ValueInt64()))
	}
	for _, b := range []struct {
		v   types.Bool
		dst **bool
	}{{m.MultiAZ, &s.MultiAZ}, {m.DeletionProtection, &s.DeletionProtection}, {m.PerformanceInsights, &s.PerformanceInsights}} {
		if !b.v.IsNull() && !b.v.IsUnknown() {
			*b.dst = database.Bool(b.v.ValueBool())
		}
	}
	var d diag.Diagnostics
	s.SubnetIDs, d = stringsFrom(ctx, m.SubnetIDs)
	diags.Append(d...)
	s.AllowedSecurityGroupIDs, d = stringsFrom(ctx, m.AllowedSecurityGroupIDs)
	diags.Append(d...)
	s.AllowedCIDRBlocks, d = stringsFrom(ctx, m.AllowedCIDRBlocks)
	diags.Append(d...)
	s.Tags, d = mapFrom(ctx, m.Tags)
	diags.Append(d...)
	s.Exceptions, d = exceptionsFrom(ctx, m.Exceptions)
	diags.Append(d...)
	if !m.Proxy.IsNull() {
		var p proxyModel
		diags.Append(m.Proxy.As(ctx, &p, objectAsOptions)...)
		s.Proxy = database.Proxy{Enabled: p.Enabled.ValueBool(), IdleClientTimeoutSeconds: int(p.IdleClientTimeoutSeconds.ValueInt64()),
			DebugLogging: p.DebugLogging.ValueBool()}
	}
	return s, true, diags
}

// setDefaults writes the defaulted values of optional+computed arguments.
func (m *databaseModel) setDefaults(s database.Spec) {
	m.EngineVersion = types.StringValue(s.EngineVersion)
	m.StorageType = types.StringValue(s.StorageType)
	m.Port = types.Int64Value(int64(s.Port))
	m.MasterUsername = types.StringValue(s.MasterUsername)
}

// setOutputs fills the computed attributes from a result and the layout.
func (m *databaseModel) setOutputs(ctx context.Context, l database.Layout, res database.Result) diag.Diagnostics {
	m.ID = types.StringValue(l.Identifier)
	m.ARN, m.Endpoint = types.StringValue(res.ARN), types.StringValue(res.Endpoint)
	m.MasterUserSecretARN, m.ProxyEndpoint = types.StringValue(res.SecretARN), types.StringValue(res.ProxyEndpoint)
	m.SecurityGroupID = types.StringValue(res.IDs[database.KeySecurityGroup])
	m.SubnetGroupName = types.StringValue(l.SubnetGroup.Name)
	m.ParameterGroupName = types.StringValue(l.ParameterGroup.Name)
	if g := l.ClusterParameterGroup; g != nil {
		m.ParameterGroupName = types.StringValue(g.Name)
	}
	var diags diag.Diagnostics
	m.ChildIDs, diags = types.MapValueFrom(ctx, types.StringType, res.IDs)
	return diags
}

// nullOutputs replaces unknown outputs so a partial state can be saved.
func (m *databaseModel) nullOutputs() {
	for _, s := range []*types.String{&m.ID, &m.ARN, &m.Endpoint, &m.MasterUserSecretARN, &m.SecurityGroupID, &m.SubnetGroupName,
		&m.ParameterGroupName, &m.ProxyEndpoint, &m.Drift} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.ChildIDs.IsUnknown() {
		m.ChildIDs = types.MapNull(types.StringType)
	}
}

func (m *databaseModel) unknownOutputs() {
	m.ARN, m.Endpoint, m.MasterUserSecretARN = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	m.SecurityGroupID, m.ProxyEndpoint, m.ChildIDs = types.StringUnknown(), types.StringUnknown(), types.MapUnknown(types.StringType)
}
