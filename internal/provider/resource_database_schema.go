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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
)

var proxyAttrTypes = map[string]attr.Type{"enabled": types.BoolType, "idle_client_timeout_seconds": types.Int64Type, "debug_logging": types.BoolType}

func databaseSchema(ctx context.Context) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	engines := make([]string, 0, len(database.Engines))
	for _, e := range database.Engines {
		engines = append(engines, string(e))
	}
	return schema.Schema{
		MarkdownDescription: "An encrypted, Multi-AZ RDS instance or Aurora cluster with an RDS-managed, rotated master password, " +
			"TLS enforced by a parameter group, IAM authentication, every engine log exported to encrypted log groups, enhanced " +
			"monitoring, and optionally an RDS Proxy requiring TLS and IAM auth. Destroy always takes a final snapshot. Controls DB-01 to DB-14, SEC-01, SEC-02.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The DB instance or cluster identifier."},
			"identifier": schema.StringAttribute{Required: true,
				MarkdownDescription: "DB instance (or cluster) identifier; names every child. Changing it replaces the database (after a final snapshot)."},
			"engine": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.OneOf(engines...)},
				MarkdownDescription: "`" + strings.Join(engines, "` | `") + "`. Aurora engines create a cluster of `instance_count` instances in different AZs."},
			"engine_version": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Engine version; default per engine (postgres " + database.EnginePostgres.DefaultVersion() + ", mysql " + database.EngineMySQL.DefaultVersion() +
					"). Minor upgrades in place; a major upgrade needs `allow_major_version_upgrade = true`; downgrades are refused."},
			"instance_class": schema.StringAttribute{Required: true, MarkdownDescription: "DB instance class, e.g. `db.r6g.large`. Updates in place."},
			"allocated_storage": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Storage in GiB (instances; omit for Aurora). Grows in place; shrinking is refused."},
			"max_allocated_storage": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(0),
				MarkdownDescription: "Storage autoscaling ceiling in GiB; 0 (default) turns autoscaling off."},
			"storage_type": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: stable,
				MarkdownDescription: "`gp3` (default for instances), `gp2`, `io1`, `io2`; `aurora` or `aurora-iopt1` for Aurora."},
			"vpc_id": schema.StringAttribute{Required: true, MarkdownDescription: "VPC of the subnets, e.g. a `hipaa_vpc`'s `id`."},
			"subnet_ids": schema.SetAttribute{Required: true, ElementType: types.StringType,
				MarkdownDescription: "Data-tier subnets (DB-09) in at least two AZs, e.g. a `hipaa_vpc`'s `data_subnet_ids`."},
			"allowed_security_group_ids": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Security groups admitted on `port`. Updates in place."},
			"allowed_cidr_blocks": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Private CIDR blocks admitted on `port` (0.0.0.0/0 is refused, DB-09). Updates in place."},
			"port": schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: "Port; default 5432 (PostgreSQL) or 3306 (MySQL)."},
			"kms_key_arn": schema.StringAttribute{Required: true,
				MarkdownDescription: "Customer-managed KMS key ARN (DB-01) for storage, Performance Insights, log groups and the master secret; " +
					"its policy must allow `rds`, `logs` and `secretsmanager`. An AWS-managed key or alias is refused."},
			"backup_retention_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(database.DefaultBackupRetentionDays),
				MarkdownDescription: fmt.Sprintf("Automated backup retention, %d–%d days (DB-03). Default %d.", database.MinBackupRetentionDays, database.MaxBackupRetentionDays, database.DefaultBackupRetentionDays)},
			"backup_window":      schema.StringAttribute{Optional: true, MarkdownDescription: "Daily backup window `hh24:mi-hh24:mi` (UTC)."},
			"maintenance_window": schema.StringAttribute{Optional: true, MarkdownDescription: "Weekly maintenance window `ddd:hh24:mi-ddd:hh24:mi` (UTC)."},
			"master_username": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: stable,
				MarkdownDescription: "Master user name; default `" + database.DefaultMasterUsername + "`. Its password is created and kept by RDS in Secrets Manager under `kms_key_arn` (DB-12) and never enters state."},
			"master_password_rotation_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(database.DefaultRotationDays),
				MarkdownDescription: fmt.Sprintf("Rotation interval of the master password secret, at most %d days (SEC-01). Default %d.", database.MaxRotationDays, database.DefaultRotationDays)},
			"database_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Initial database to create."},
			"multi_az": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Multi-AZ standby (instances). `false` needs a DB-02 exception."},
			"instance_count": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Aurora only: cluster instances, spread over the subnets' AZs. Default %d; fewer needs a DB-02 exception.", database.DefaultInstanceCount)},
			"deletion_protection": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Deletion protection (DB-05). Default `true`: destroy is refused until it is set to `false` and applied."},
			"performance_insights": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Performance Insights, encrypted with `kms_key_arn` (DB-14). Default `true`."},
			"monitoring_interval_seconds": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(database.DefaultMonitoringIntervalSeconds),
				MarkdownDescription: "Enhanced monitoring interval (DB-11): 1, 5, 10, 15, 30 or 60; 0 needs a DB-11 exception. Default 60."},
			"log_retention_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(database.DefaultLogRetentionDays),
				MarkdownDescription: "Retention of the engine log groups (a CloudWatch Logs value). Default 365."},
			"allow_major_version_upgrade": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Allow a major `engine_version` change."},
			"apply_immediately": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Apply class, storage and version changes now instead of in the maintenance window."},
			"retain_logs_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(database.DefaultRetainLogsOnDestroy),
				MarkdownDescription: "Keep the engine log groups (audit evidence) when the database is destroyed. Default `true`."},
			"proxy": schema.SingleNestedAttribute{Optional: true, Computed: true,
				Default: objectdefault.StaticValue(types.ObjectValueMust(proxyAttrTypes, map[string]attr.Value{
					"enabled": types.BoolValue(false), "idle_client_timeout_seconds": types.Int64Value(database.DefaultProxyIdleClientTimeout), "debug_logging": types.BoolValue(false)})),
				MarkdownDescription: "RDS Proxy in front of the database, requiring TLS and IAM auth (DB-13), with its own role and security group.",
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false), MarkdownDescription: "Create the proxy. Default `false`."},
					"idle_client_timeout_seconds": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(database.DefaultProxyIdleClientTimeout),
						MarkdownDescription: "Idle client timeout. Default 1800."},
					"debug_logging": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "Log SQL text to the proxy's log group (may contain PHI). Default `false`."},
				}},
			"tags":       tagsAttribute(),
			"exceptions": exceptionsAttribute(),
			"timeouts":   timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
			"arn":        schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "DB instance or cluster ARN."},
			"endpoint":   schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Endpoint address (the cluster's writer for Aurora)."},
			"master_user_secret_arn": schema.StringAttribute{Computed: true, PlanModifiers: stable,
				MarkdownDescription: "ARN of the RDS-managed master user secret (its value is never read by the provider)."},
			"security_group_id":    schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The database's security group."},
			"subnet_group_name":    schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "DB subnet group name."},
			"parameter_group_name": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Parameter group name (the cluster parameter group for Aurora)."},
			"proxy_endpoint":       schema.StringAttribute{Computed: true, MarkdownDescription: "RDS Proxy endpoint; empty without a proxy."},
			"child_ids":            computedMap("Every child's AWS ID or name keyed by its layout key; recorded as each child is created."),
			"drift":                driftAttribute(),
		},
	}
}
