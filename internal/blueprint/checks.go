package blueprint

import (
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
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
		Transitions: s.transitions("transitions"), ExpireAfterDays: s.int("expire_after_days"),
		ObjectLockDays: s.int("object_lock_days"), DataEventBucketARNs: s.strs("data_event_bucket_arns"),
		RetainOnDestroy: s.boolPtr("retain_on_destroy") == nil || s.boolean("retain_on_destroy"),
		Region:          in.Region, AccountID: in.AccountID, Partition: partition(in.Region), Tags: s.strMap("tags"), DefaultTags: in.DefaultTags,
		Exceptions: s.exceptions(), Replication: s.replication()}
	return findings{Input: details(audittrail.Validate(spec)), Violations: audittrail.Check(spec), Exceptions: spec.Exceptions}
}

// checkBucket builds the bucket.Spec as the provider does and decides its
// rules with bucket.Evaluate.
func checkBucket(in checkInput) findings {
	s := in.Settings
	spec := bucket.Spec{Name: in.Name, KMSKeyARN: s.str("kms_key_arn"), Transitions: s.transitions("transitions"),
		ExpireAfterDays: s.int("expire_after_days"), NoncurrentVersionExpireAfterDays: s.int("noncurrent_version_expire_after_days"),
		PresignedURLMaxAgeSeconds: s.int("presigned_url_max_age_seconds"), ReaderARNs: s.strs("reader_arns"), WriterARNs: s.strs("writer_arns"),
		AccessLogBucket: s.str("access_log_bucket"), RetainOnDestroy: s.boolPtr("retain_on_destroy") == nil || s.boolean("retain_on_destroy"),
		Region: in.Region, AccountID: in.AccountID, Partition: partition(in.Region), Tags: s.strMap("tags"), DefaultTags: in.DefaultTags,
		Exceptions: s.exceptions()}
	if !s.get("object_lock").IsNull() {
		spec.ObjectLock = &bucket.ObjectLock{Mode: s.str("object_lock", "mode"), Days: s.int("object_lock", "days")}
	}
	spec.Replication = s.replication()
	f := bucket.Evaluate(spec, compliance.Unknown{})
	return findings{Input: details(f.Input), Violations: f.Violations, Exceptions: spec.Exceptions}
}

// checkBackup builds the backupplan.Spec as the provider does and runs its checks.
func checkBackup(in checkInput) findings {
	s := in.Settings
	spec := backupplan.Spec{Name: in.Name, KMSKeyARN: s.str("kms_key_arn"), ResourceARNs: s.strs("resource_arns"),
		SelectionTags: s.strMap("selection_tags"), Region: in.Region, AccountID: in.AccountID, Partition: partition(in.Region),
		Tags: s.strMap("tags"), DefaultTags: in.DefaultTags, Exceptions: s.exceptions()}
	if !s.get("vault_lock").IsNull() {
		spec.VaultLock = &backupplan.VaultLock{Mode: backupplan.LockMode(s.str("vault_lock", "mode")),
			MinRetentionDays: s.int("vault_lock", "min_retention_days"), MaxRetentionDays: s.int("vault_lock", "max_retention_days"),
			ChangeableForDays: s.int("vault_lock", "changeable_for_days")}
	}
	for _, r := range s.list("rules") {
		rule := backupplan.Rule{Name: r.str("name"), Schedule: r.str("schedule"), RetentionDays: r.int("retention_days"),
			ColdStorageAfterDays: r.int("cold_storage_after_days"), StartWindowMinutes: r.int("start_window_minutes"),
			CompletionWindowMinutes: r.int("completion_window_minutes"), Continuous: r.boolean("continuous")}
		for _, c := range r.list("copy_to") {
			rule.CopyTo = append(rule.CopyTo, backupplan.Copy{Region: c.str("region"), KMSKeyARN: c.str("kms_key_arn"), RetentionDays: c.int("retention_days")})
		}
		spec.Rules = append(spec.Rules, rule)
	}
	return findings{Input: details(backupplan.Validate(spec)), Violations: backupplan.Check(spec), Exceptions: spec.Exceptions,
		Context: []string{"region", "account_id", "partition"}}
}

// checkLoadBalancer builds the loadbalancer.Spec as the provider does from
// its model and runs its checks.
func checkLoadBalancer(in checkInput) findings {
	s := in.Settings
	spec := loadbalancer.Spec{Name: in.Name, VPCID: s.str("vpc_id"), SubnetIDs: s.strs("subnet_ids"), InternetFacing: s.boolean("internet_facing"),
		CertificateARN: s.str("certificate_arn"), TLSPolicy: s.str("tls_policy"), AllowedCIDRBlocks: s.strs("allowed_cidr_blocks"),
		Targets: loadbalancer.Targets{Port: s.int("targets", "port"), Protocol: loadbalancer.Protocol(s.str("targets", "protocol")),
			HealthCheckPath: s.str("targets", "health_check_path"), CIDRBlocks: s.strs("targets", "cidr_blocks")},
		WAF: loadbalancer.WAF{RateLimitPer5Minutes: s.int("waf", "rate_limit_per_5_minutes"), ManagedRuleGroups: s.strs("waf", "managed_rule_groups"),
			AllowedAdminCIDRBlocks: s.strs("waf", "allowed_admin_cidr_blocks"), AdminPathPrefix: s.str("waf", "admin_path_prefix")},
		AccessLogBucket: s.str("access_log_bucket"), LogKMSKeyARN: s.str("log_kms_key_arn"), LogRetentionDays: s.int("log_retention_days"),
		Region: in.Region, AccountID: in.AccountID, Partition: partition(in.Region), Tags: s.strMap("tags"), DefaultTags: in.DefaultTags,
		Exceptions: s.exceptions()}
	return findings{Input: details(loadbalancer.Validate(spec)), Violations: loadbalancer.Check(spec), Exceptions: spec.Exceptions,
		Context: []string{"region", "account_id", "partition"}}
}

// checkSecurityBaseline builds the baseline.Spec as the provider does and
// runs its checks.
func checkSecurityBaseline(in checkInput) findings {
	spec := baselineSpec(in)
	return findings{Input: details(baseline.Validate(spec)), Violations: baseline.Check(spec), Exceptions: spec.Exceptions}
}

// baselineSpec is the baseline.Spec the provider builds from in: the
// defaults, with every setting present in place of its default.
func baselineSpec(in checkInput) baseline.Spec {
	s := in.Settings
	spec := baseline.Default()
	spec.KMSKeyARN, spec.EBSKMSKeyARN = s.str("kms_key_arn"), s.str("ebs_default_encryption_kms_key_arn")
	spec.Region, spec.AccountID, spec.Partition = in.Region, in.AccountID, partition(in.Region)
	spec.Tags, spec.DefaultTags, spec.Exceptions = s.strMap("tags"), in.DefaultTags, s.exceptions()
	spec.Replication = s.replication()
	if v := s.strs("guardduty", "features"); v != nil {
		spec.GuardDutyFeatures = v
	}
	if v := s.str("guardduty", "finding_publishing_frequency"); v != "" {
		spec.FindingFrequency = v
	}
	if v := s.strs("security_hub", "standards"); v != nil {
		spec.Standards = v
	}
	if v := s.strs("inspector", "resource_types"); v != nil {
		spec.InspectorResourceTypes = v
	}
	override(&spec.ConformancePack, s.boolPtr("config", "conformance_pack"))
	override(&spec.AccessAnalyzer, s.boolPtr("access_analyzer"))
	override(&spec.S3AccountPublicAccessBlock, s.boolPtr("s3_account_public_access_block"))
	if on := s.boolPtr("password_policy", "enabled"); on != nil {
		spec.PasswordPolicy.Unmanaged = !*on
	}
	override(&spec.PasswordPolicy.MinimumLength, s.intPtr("password_policy", "minimum_length"))
	override(&spec.PasswordPolicy.MaxAgeDays, s.intPtr("password_policy", "max_age_days"))
	override(&spec.PasswordPolicy.ReusePrevention, s.intPtr("password_policy", "reuse_prevention"))
	return spec
}

// override sets *field to the setting's value when it is present (not nil).
func override[T any](field *T, setting *T) {
	if setting != nil {
		*field = *setting
	}
}
