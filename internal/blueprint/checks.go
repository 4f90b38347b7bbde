package blueprint

import (
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// checkInput is what a resource's checks see of a unit: its arguments, and
// the context the provider fills from its configuration.
type checkInput struct {
	Settings    settings
	Name        string // the name attribute
	Region      string
	AccountID   string
	DefaultTags map[string]string
}

// findings are a resource's own input errors and violations, and the
// exceptions its settings declare.
type findings struct {
	Input      []attrDetail
	Violations []compliance.Violation
	Exceptions []compliance.Exception
	// Context lists attributes the provider fills itself (region, account);
	// their input errors are not the blueprint's and are not reported, as
	// at plan.
	Context []string
}

// attrDetail is the shape of every core package's InputError.
type attrDetail struct {
	Attribute string
	Detail    string
}

// details converts a core package's input errors.
func details[E ~struct {
	Attribute string
	Detail    string
}](in []E) []attrDetail {
	out := make([]attrDetail, len(in))
	for i, e := range in {
		out[i] = attrDetail(e)
	}
	return out
}

// partition is the AWS partition of region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	}
	return "aws"
}

// checkKMSKey builds the kmskey.Spec as the provider does and runs its checks.
func checkKMSKey(in checkInput) findings {
	s := in.Settings
	spec := kmskey.Spec{Name: in.Name, Description: s.str("description"), DeletionWindowDays: s.int("deletion_window_days"),
		RotationPeriodDays: s.int("rotation_period_days"), AllowedServices: s.strs("allowed_services"),
		AdministratorARNs: s.strs("administrator_arns"), UserARNs: s.strs("user_arns"), Tags: s.strMap("tags"),
		DefaultTags: in.DefaultTags, Exceptions: s.exceptions()}.WithDefaults()
	return findings{Input: details(kmskey.Validate(spec)), Violations: kmskey.Check(spec), Exceptions: spec.Exceptions}
}

// checkVPC builds the vpc.Spec as the provider does (the region's first
// three zones stand in for omitted availability_zones) and runs its checks.
func checkVPC(in checkInput) findings {
	s := in.Settings
	spec := vpc.Spec{Name: in.Name, CIDRBlock: s.str("cidr_block"), AvailabilityZones: s.strs("availability_zones"),
		NATGateways: vpc.NATMode(s.str("nat_gateways")), DatabasePorts: s.ints("database_ports"), AllowHTTP: s.boolean("allow_http"),
		FlowLogs: vpc.FlowLogs{KMSKeyARN: s.str("flow_logs", "kms_key_arn"), RetentionDays: s.int("flow_logs", "retention_days"),
			TrafficType: s.str("flow_logs", "traffic_type")},
		InterfaceEndpoints: s.strs("interface_endpoints"), Tags: s.strMap("tags"), DefaultTags: in.DefaultTags, Region: in.Region,
		Exceptions: s.exceptions(), RetainFlowLogsOnDestroy: s.boolPtr("retain_flow_logs_on_destroy") == nil || s.boolean("retain_flow_logs_on_destroy")}
	if spec.AvailabilityZones == nil {
		spec.AvailabilityZones = []string{in.Region + "a", in.Region + "b", in.Region + "c"}
	}
	return findings{Input: details(vpc.Validate(spec)), Violations: vpc.Check(spec), Exceptions: spec.Exceptions, Context: []string{"region"}}
}

// checkDatabase builds the database.Spec as the provider does and runs its checks.
func checkDatabase(in checkInput) findings {
	s := in.Settings
	spec := database.Spec{Identifier: in.Name, Engine: database.Engine(s.str("engine")), EngineVersion: s.str("engine_version"),
		InstanceClass: s.str("instance_class"), AllocatedStorage: s.int("allocated_storage"), MaxAllocatedStorage: s.int("max_allocated_storage"),
		StorageType: s.str("storage_type"), VPCID: s.str("vpc_id"), SubnetIDs: s.strs("subnet_ids"),
		AllowedSecurityGroupIDs: s.strs("allowed_security_group_ids"), AllowedCIDRBlocks: s.strs("allowed_cidr_blocks"), Port: s.int("port"),
		KMSKeyARN: s.str("kms_key_arn"), BackupRetentionDays: s.intPtr("backup_retention_days"), BackupWindow: s.str("backup_window"),
		MaintenanceWindow: s.str("maintenance_window"), MasterUsername: s.str("master_username"),
		MasterPasswordRotationDays: s.int("master_password_rotation_days"), DatabaseName: s.str("database_name"), MultiAZ: s.boolPtr("multi_az"),
		InstanceCount: s.int("instance_count"), DeletionProtection: s.boolPtr("deletion_protection"),
		PerformanceInsights: s.boolPtr("performance_insights"), MonitoringIntervalSeconds: s.intPtr("monitoring_interval_seconds"),
		LogRetentionDays: s.int("log_retention_days"), AllowMajorVersionUpgrade: s.boolean("allow_major_version_upgrade"),
		ApplyImmediately: s.boolean("apply_immediately"),
		Proxy: database.Proxy{Enabled: s.boolean("proxy", "enabled"), IdleClientTimeoutSeconds: s.int("proxy", "idle_client_timeout_seconds"),
			DebugLogging: s.boolean("proxy", "debug_logging")},
		Region: in.Region, AccountID: in.AccountID, Partition: partition(in.Region), Tags: s.strMap("tags"), DefaultTags: in.DefaultTags,
		Exceptions: s.exceptions()}
	return findings{Input: details(database.Validate(spec)), Violations: database.Check(spec), Exceptions: spec.Exceptions,
		Context: []string{"region", "account_id", "partition"}}
}

// checkAuditTrail builds the audittrail.Spec as the provider does and runs its checks.
func checkAuditTrail(in checkInput) findings {
	s := in.Settings
	spec := audittrail.Spec{Name: in.Name, KMSKeyARN: s.str("kms_key_arn"), CloudWatchRetentionDays: s.int("cloudwatch_retention_days"),
		Lifecycle: audittrail.Lifecycle{StandardDays: s.int("log_lifecycle", "standard_days"),
			InfrequentAccessDays: s.int("log_lifecycle", "infrequent_access_days"), ExpireAfterDays: s.int("log_lifecycle", "expire_after_days")},
		ObjectLockDays: s.int("object_lock_days"), DataEventBucketARNs: s.strs("data_event_bucket_arns"),
		RetainOnDestroy: s.boolPtr("retain_on_destroy") == nil || s.boolean("retain_on_destroy"),
		Region:          in.Region, AccountID: in.AccountID, Partition: partition(in.Region), Tags: s.strMap("tags"), DefaultTags: in.DefaultTags,
		Exceptions: s.exceptions()}
	return findings{Input: details(audittrail.Validate(spec)), Violations: audittrail.Check(spec), Exceptions: spec.Exceptions}
}

// checkSecurityBaseline builds the baseline.Spec as the provider does
// (defaults for what the settings leave out) and runs its checks.
func checkSecurityBaseline(in checkInput) findings {
	s := in.Settings
	spec := baseline.Default()
	spec.KMSKeyARN, spec.EBSKMSKeyARN = s.str("kms_key_arn"), s.str("ebs_default_encryption_kms_key_arn")
	spec.Region, spec.AccountID, spec.Partition = in.Region, in.AccountID, partition(in.Region)
	spec.Tags, spec.DefaultTags, spec.Exceptions = s.strMap("tags"), in.DefaultTags, s.exceptions()
	for path, into := range map[[2]string]*[]string{{"guardduty", "features"}: &spec.GuardDutyFeatures,
		{"security_hub", "standards"}: &spec.Standards, {"inspector", "resource_types"}: &spec.InspectorResourceTypes} {
		if v := s.strs(path[0], path[1]); v != nil {
			*into = v
		}
	}
	if f := s.str("guardduty", "finding_publishing_frequency"); f != "" {
		spec.FindingFrequency = f
	}
	for path, into := range map[[2]string]*bool{{"config", "conformance_pack"}: &spec.ConformancePack,
		{"access_analyzer"}: &spec.AccessAnalyzer, {"s3_account_public_access_block"}: &spec.S3AccountPublicAccessBlock} {
		if b := s.boolPtr(nonEmpty(path[:])...); b != nil {
			*into = *b
		}
	}
	for name, into := range map[string]*int{"minimum_length": &spec.PasswordPolicy.MinimumLength, "max_age_days": &spec.PasswordPolicy.MaxAgeDays,
		"reuse_prevention": &spec.PasswordPolicy.ReusePrevention} {
		if v := s.intPtr("password_policy", name); v != nil {
			*into = *v
		}
	}
	return findings{Input: details(baseline.Validate(spec)), Violations: baseline.Check(spec), Exceptions: spec.Exceptions}
}

// nonEmpty drops the empty elements of a fixed-size path.
func nonEmpty(path []string) []string {
	out := make([]string, 0, len(path))
	for _, p := range path {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
