package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
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

// dbEnv is the provider context of a Spec. A zero field is not known yet:
// ValidateConfig runs before the provider is configured (dbEnv{}), and the
// account needs an STS call, made only at apply.
type dbEnv struct {
	Region, AccountID, Partition string
	DefaultTags                  map[string]string
	Configured                   bool // DefaultTags is the provider's (nil: none)
}

// env is the context of the configured provider; account "" at plan.
func (r *databaseResource) env(account string) dbEnv {
	return dbEnv{Region: r.client.Region, AccountID: account, Partition: r.client.Partition,
		DefaultTags: r.client.DefaultTags, Configured: true}
}

// spec converts the model and records what is unknown: an unknown value
// becomes the zero value (null is "unset": the Spec's default applies), a
// collection keeps its known elements. Rules that read an unknown path do
// not run.
func (m databaseModel) spec(ctx context.Context, env dbEnv) (database.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := database.Spec{Identifier: c.str("identifier", m.Identifier), Engine: database.Engine(c.str("engine", m.Engine)),
		EngineVersion: c.str("engine_version", m.EngineVersion), InstanceClass: c.str("instance_class", m.InstanceClass),
		AllocatedStorage: c.int("allocated_storage", m.AllocatedStorage), MaxAllocatedStorage: c.int("max_allocated_storage", m.MaxAllocatedStorage),
		StorageType: c.str("storage_type", m.StorageType), VPCID: c.str("vpc_id", m.VPCID), SubnetIDs: c.strs("subnet_ids", m.SubnetIDs),
		AllowedSecurityGroupIDs: c.strs("allowed_security_group_ids", m.AllowedSecurityGroupIDs),
		AllowedCIDRBlocks:       c.strs("allowed_cidr_blocks", m.AllowedCIDRBlocks), KMSKeyARN: c.str("kms_key_arn", m.KMSKeyARN),
		BackupRetentionDays: c.optInt("backup_retention_days", m.BackupRetentionDays), BackupWindow: c.str("backup_window", m.BackupWindow),
		MaintenanceWindow: c.str("maintenance_window", m.MaintenanceWindow), MasterUsername: c.str("master_username", m.MasterUsername),
		MasterPasswordRotationDays: c.int("master_password_rotation_days", m.MasterPasswordRotationDays),
		DatabaseName:               c.str("database_name", m.DatabaseName), MultiAZ: c.optBool("multi_az", m.MultiAZ),
		InstanceCount: c.int("instance_count", m.InstanceCount), DeletionProtection: c.optBool("deletion_protection", m.DeletionProtection),
		PerformanceInsights:       c.optBool("performance_insights", m.PerformanceInsights),
		MonitoringIntervalSeconds: c.optInt("monitoring_interval_seconds", m.MonitoringIntervalSeconds),
		LogRetentionDays:          c.int("log_retention_days", m.LogRetentionDays),
		AllowMajorVersionUpgrade:  c.boolean("allow_major_version_upgrade", m.AllowMajorVersionUpgrade),
		ApplyImmediately:          c.boolean("apply_immediately", m.ApplyImmediately), Tags: c.strMap("tags", m.Tags),
		Exceptions: c.exceptions(m.Exceptions), Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: env.DefaultTags}
	if port := c.optInt("port", m.Port); port != nil {
		s.Port, s.PortSet = *port, true
	}
	var p proxyModel
	if c.object("proxy", m.Proxy, &p) {
		s.Proxy = database.Proxy{Enabled: c.boolean("proxy.enabled", p.Enabled),
			IdleClientTimeoutSeconds: c.int("proxy.idle_client_timeout_seconds", p.IdleClientTimeoutSeconds),
			DebugLogging:             c.boolean("proxy.debug_logging", p.DebugLogging)}
	}
	for path, v := range map[string]string{"region": env.Region, "account_id": env.AccountID, "partition": env.Partition} {
		if v == "" {
			c.Unknown.Value(path)
		}
	}
	if !env.Configured {
		c.Unknown.Value("default_tags")
	}
	return s, c.Unknown, c.Diags
}

// withPlanned fills the optional computed arguments the configuration
// leaves unset with the values the plan already holds for them (kept from
// state): a database keeps its engine_version, storage_type, port and
// master_username when a newer default would differ. Unknown in the plan
// (a new database), they take the Spec's defaults.
func (m databaseModel) withPlanned(plan databaseModel) databaseModel {
	for _, f := range []struct {
		config  *types.String
		planned types.String
	}{{&m.EngineVersion, plan.EngineVersion}, {&m.StorageType, plan.StorageType}, {&m.MasterUsername, plan.MasterUsername}} {
		if f.config.IsNull() && !f.planned.IsUnknown() {
			*f.config = f.planned
		}
	}
	if m.Port.IsNull() && !plan.Port.IsUnknown() {
		m.Port = plan.Port
	}
	return m
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
