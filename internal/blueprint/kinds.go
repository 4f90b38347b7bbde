package blueprint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Attribute is one configurable attribute of a resource: a module variable
// and an input of the component.
type Attribute struct {
	Name     string
	Type     cty.Type
	Required bool
	// Computed attributes (optional, with a default the provider fills)
	// are module outputs too.
	Computed bool
}

// Output is one computed-only attribute of a resource: a module output.
type Output struct {
	Name string
	Type cty.Type
	// Mock is a well-formed stand-in for the value before the dependency is
	// applied (Terragrunt mock_outputs, and the placeholders the compliance
	// checks use); nil means a generic value of Type.
	Mock func(MockContext) cty.Value
}

// MockContext is what a mock value may depend on.
type MockContext struct {
	Region       string
	AccountID    string
	ResourceName string // the value of the kind's name attribute
}

// Kind is one component kind of a blueprint: the provider resource it
// deploys, through the module modules/<ModuleDir()>. Module variables are
// named exactly as Inputs; module outputs as the computed Inputs and
// Computed together.
type Kind struct {
	Name         string // "network"
	ResourceType string // "hipaa_vpc"
	// NameAttribute is the input hipaagen fills with the unit's name
	// (<environment>-<component>-<region code>); "" for kinds without one.
	NameAttribute string
	Inputs        []Attribute // the resource's configurable attributes, schema order
	Computed      []Output    // the resource's computed-only attributes
	// OnePerRegion kinds exist once per account and region.
	OnePerRegion bool
	// check runs the resource's own validation and compliance checks
	// (checks.go), as the provider does at plan.
	check func(checkInput) findings
}

// ModuleDir is the module's directory under modules/: the resource type
// without "hipaa_".
func (k *Kind) ModuleDir() string { return strings.TrimPrefix(k.ResourceType, "hipaa_") }

// Input returns the configurable attribute name.
func (k *Kind) Input(name string) (Attribute, bool) {
	i := slices.IndexFunc(k.Inputs, func(a Attribute) bool { return a.Name == name })
	if i < 0 {
		return Attribute{}, false
	}
	return k.Inputs[i], true
}

// OutputType returns the type of the module output name.
func (k *Kind) OutputType(name string) (cty.Type, bool) {
	if a, ok := k.Input(name); ok && a.Computed {
		return a.Type, true
	}
	if o, ok := k.computed(name); ok {
		return o.Type, true
	}
	return cty.NilType, false
}

// OutputNames lists every module output, sorted.
func (k *Kind) OutputNames() []string {
	var names []string
	for _, a := range k.Inputs {
		if a.Computed {
			names = append(names, a.Name)
		}
	}
	for _, o := range k.Computed {
		names = append(names, o.Name)
	}
	slices.Sort(names)
	return names
}

// Mock returns the stand-in value of output name.
func (k *Kind) Mock(name string, ctx MockContext) cty.Value {
	if o, ok := k.computed(name); ok && o.Mock != nil {
		return o.Mock(ctx)
	}
	t, _ := k.OutputType(name)
	return genericMock(t)
}

func (k *Kind) computed(name string) (Output, bool) {
	i := slices.IndexFunc(k.Computed, func(o Output) bool { return o.Name == name })
	if i < 0 {
		return Output{}, false
	}
	return k.Computed[i], true
}

// genericMock is an empty or zero value of t.
func genericMock(t cty.Type) cty.Value {
	switch {
	case t == cty.String:
		return cty.StringVal("mock")
	case t == cty.Number:
		return cty.Zero
	case t == cty.Bool:
		return cty.False
	case t.IsListType(), t.IsSetType():
		return cty.ListValEmpty(t.ElementType())
	case t.IsMapType():
		return cty.MapValEmpty(t.ElementType())
	}
	return cty.NullVal(t)
}

// Kinds is the one table of component kinds, in the order a stack usually
// builds them.
var Kinds = []*Kind{kindKeys, kindNetwork, kindDatabase, kindAudit, kindBucket, kindBackup, kindBaseline, kindLoadBalancer}

// KindNamed returns the kind called name.
func KindNamed(name string) (*Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k *Kind) bool { return k.Name == name })
	if i < 0 {
		return nil, false
	}
	return Kinds[i], true
}

// KindNames lists the kind names, for diagnostics.
func KindNames() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = fmt.Sprintf("%q (%s)", k.Name, k.ResourceType)
	}
	return strings.Join(names, ", ")
}

// Attribute types shared by several kinds.
var (
	strSet         = cty.Set(cty.String)
	strList        = cty.List(cty.String)
	strMap         = cty.Map(cty.String)
	exceptionsType = cty.List(cty.Object(map[string]cty.Type{"control": cty.String, "reason": cty.String}))
	timeoutsType   = cty.Object(map[string]cty.Type{"create": cty.String, "update": cty.String, "delete": cty.String})
	// transitionsType is a lifecycle's transitions = [{ days, storage_class }].
	transitionsType = cty.List(cty.Object(map[string]cty.Type{"days": cty.Number, "storage_class": cty.String}))
)

// Mock identifiers: well-formed, obviously not real.
const (
	mockKeyID = "00000000-0000-4000-8000-000000000000"
	mockVPCID = "vpc-00000000000000000"
	mockSGID  = "sg-00000000000000000"
)

func stringMock(format string, fields ...func(MockContext) string) func(MockContext) cty.Value {
	return func(c MockContext) cty.Value {
		args := make([]any, len(fields))
		for i, f := range fields {
			args[i] = f(c)
		}
		return cty.StringVal(fmt.Sprintf(format, args...))
	}
}

// Fields of a MockContext, for stringMock.
func mockRegion(c MockContext) string  { return c.Region }
func mockAccount(c MockContext) string { return c.AccountID }
func mockName(c MockContext) string    { return c.ResourceName }

// idsMock is a list of three IDs "<prefix>-<17 hex digits>" starting at base.
func idsMock(prefix string, base int) func(MockContext) cty.Value {
	return func(MockContext) cty.Value {
		ids := make([]cty.Value, 3)
		for i := range ids {
			ids[i] = cty.StringVal(fmt.Sprintf("%s-%017x", prefix, base+i))
		}
		return cty.ListVal(ids)
	}
}

var kindKeys = &Kind{
	Name: "keys", ResourceType: "hipaa_kms_key", NameAttribute: "name",
	Inputs: []Attribute{
		{Name: "name", Type: cty.String, Required: true},
		{Name: "description", Type: cty.String, Computed: true},
		{Name: "deletion_window_days", Type: cty.Number, Computed: true},
		{Name: "rotation_period_days", Type: cty.Number, Computed: true},
		{Name: "allowed_services", Type: strSet},
		{Name: "administrator_arns", Type: strSet},
		{Name: "user_arns", Type: strSet},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock(mockKeyID)},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:kms:%s:%s:key/"+mockKeyID, mockRegion, mockAccount)},
		{Name: "key_id", Type: cty.String, Mock: stringMock(mockKeyID)},
		{Name: "alias_arn", Type: cty.String, Mock: stringMock("arn:aws:kms:%s:%s:alias/%s", mockRegion, mockAccount, mockName)},
		{Name: "policy", Type: cty.String, Mock: stringMock("{}")},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkKMSKey,
}

var kindNetwork = &Kind{
	Name: "network", ResourceType: "hipaa_vpc", NameAttribute: "name",
	Inputs: []Attribute{
		{Name: "name", Type: cty.String, Required: true},
		{Name: "cidr_block", Type: cty.String, Required: true},
		{Name: "availability_zones", Type: strSet, Computed: true},
		{Name: "nat_gateways", Type: cty.String, Computed: true},
		{Name: "database_ports", Type: cty.List(cty.Number), Computed: true},
		{Name: "allow_http", Type: cty.Bool, Computed: true},
		{Name: "flow_logs", Required: true, Type: cty.Object(map[string]cty.Type{
			"kms_key_arn": cty.String, "retention_days": cty.Number, "traffic_type": cty.String})},
		{Name: "interface_endpoints", Type: strSet},
		{Name: "retain_flow_logs_on_destroy", Type: cty.Bool, Computed: true},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock(mockVPCID)},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:ec2:%s:%s:vpc/"+mockVPCID, mockRegion, mockAccount)},
		{Name: "public_subnet_ids", Type: strList, Mock: idsMock("subnet", 0x100)},
		{Name: "app_subnet_ids", Type: strList, Mock: idsMock("subnet", 0x200)},
		{Name: "data_subnet_ids", Type: strList, Mock: idsMock("subnet", 0x300)},
		{Name: "subnets", Type: strMap},
		{Name: "nat_gateway_ids", Type: strList, Mock: idsMock("nat", 0x100)},
		{Name: "route_table_ids", Type: strMap},
		{Name: "network_acl_ids", Type: strMap},
		{Name: "endpoint_ids", Type: strMap},
		{Name: "flow_log_id", Type: cty.String, Mock: stringMock("fl-00000000000000000")},
		{Name: "flow_log_group_name", Type: cty.String, Mock: stringMock("/hipaa/vpc/%s/flow-logs", mockName)},
		{Name: "default_security_group_id", Type: cty.String, Mock: stringMock(mockSGID)},
		{Name: "child_ids", Type: strMap},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkVPC,
}

var kindDatabase = &Kind{
	Name: "database", ResourceType: "hipaa_database", NameAttribute: "identifier",
	Inputs: []Attribute{
		{Name: "identifier", Type: cty.String, Required: true},
		{Name: "engine", Type: cty.String, Required: true},
		{Name: "engine_version", Type: cty.String, Computed: true},
		{Name: "instance_class", Type: cty.String, Required: true},
		{Name: "allocated_storage", Type: cty.Number},
		{Name: "max_allocated_storage", Type: cty.Number, Computed: true},
		{Name: "storage_type", Type: cty.String, Computed: true},
		{Name: "vpc_id", Type: cty.String, Required: true},
		{Name: "subnet_ids", Type: strSet, Required: true},
		{Name: "allowed_security_group_ids", Type: strSet},
		{Name: "allowed_cidr_blocks", Type: strSet},
		{Name: "port", Type: cty.Number, Computed: true},
		{Name: "kms_key_arn", Type: cty.String, Required: true},
		{Name: "backup_retention_days", Type: cty.Number, Computed: true},
		{Name: "backup_window", Type: cty.String},
		{Name: "maintenance_window", Type: cty.String},
		{Name: "master_username", Type: cty.String, Computed: true},
		{Name: "master_password_rotation_days", Type: cty.Number, Computed: true},
		{Name: "database_name", Type: cty.String},
		{Name: "multi_az", Type: cty.Bool, Computed: true},
		{Name: "instance_count", Type: cty.Number},
		{Name: "deletion_protection", Type: cty.Bool, Computed: true},
		{Name: "performance_insights", Type: cty.Bool, Computed: true},
		{Name: "monitoring_interval_seconds", Type: cty.Number, Computed: true},
		{Name: "log_retention_days", Type: cty.Number, Computed: true},
		{Name: "allow_major_version_upgrade", Type: cty.Bool, Computed: true},
		{Name: "apply_immediately", Type: cty.Bool, Computed: true},
		{Name: "retain_logs_on_destroy", Type: cty.Bool, Computed: true},
		{Name: "proxy", Type: cty.Object(map[string]cty.Type{
			"enabled": cty.Bool, "idle_client_timeout_seconds": cty.Number, "debug_logging": cty.Bool}), Computed: true},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
		{Name: "timeouts", Type: timeoutsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:rds:%s:%s:db:%s", mockRegion, mockAccount, mockName)},
		{Name: "endpoint", Type: cty.String, Mock: stringMock("%s.mock.%s.rds.amazonaws.com", mockName, mockRegion)},
		{Name: "master_user_secret_arn", Type: cty.String, Mock: stringMock("arn:aws:secretsmanager:%s:%s:secret:rds!db-%s", mockRegion, mockAccount, mockName)},
		{Name: "security_group_id", Type: cty.String, Mock: stringMock(mockSGID)},
		{Name: "subnet_group_name", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "parameter_group_name", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "proxy_endpoint", Type: cty.String, Mock: stringMock("%s-proxy.mock.%s.rds.amazonaws.com", mockName, mockRegion)},
		{Name: "child_ids", Type: strMap},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkDatabase,
}

var kindAudit = &Kind{
	Name: "audit", ResourceType: "hipaa_audit_trail", NameAttribute: "name",
	Inputs: []Attribute{
		{Name: "name", Type: cty.String, Required: true},
		{Name: "kms_key_arn", Type: cty.String, Required: true},
		{Name: "cloudwatch_retention_days", Type: cty.Number, Computed: true},
		{Name: "transitions", Type: transitionsType, Computed: true},
		{Name: "expire_after_days", Type: cty.Number, Computed: true},
		{Name: "object_lock_days", Type: cty.Number, Computed: true},
		{Name: "data_event_bucket_arns", Type: strSet},
		{Name: "replication", Type: cty.Object(map[string]cty.Type{"region": cty.String, "kms_key_arn": cty.String})},
		{Name: "retain_on_destroy", Type: cty.Bool, Computed: true},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:cloudtrail:%s:%s:trail/%s", mockRegion, mockAccount, mockName)},
		{Name: "bucket_name", Type: cty.String, Mock: stringMock("%s-audit-logs-%s-%s", mockName, mockAccount, mockRegion)},
		{Name: "access_log_bucket_name", Type: cty.String, Mock: stringMock("%s-access-logs-%s-%s", mockName, mockAccount, mockRegion)},
		{Name: "log_group_name", Type: cty.String, Mock: stringMock("/hipaa/audit/%s", mockName)},
		{Name: "role_arn", Type: cty.String, Mock: stringMock("arn:aws:iam::%s:role/hipaa-audit-%s-cloudtrail", mockAccount, mockName)},
		{Name: "replica_bucket_name", Type: cty.String, Mock: stringMock("")},
		{Name: "replication_role_arn", Type: cty.String, Mock: stringMock("")},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkAuditTrail,
}

var kindBucket = &Kind{
	Name: "bucket", ResourceType: "hipaa_bucket", NameAttribute: "name",
	Inputs: []Attribute{
		{Name: "name", Type: cty.String, Required: true},
		{Name: "kms_key_arn", Type: cty.String, Required: true},
		{Name: "object_lock", Type: cty.Object(map[string]cty.Type{"mode": cty.String, "days": cty.Number})},
		{Name: "transitions", Type: transitionsType, Computed: true},
		{Name: "expire_after_days", Type: cty.Number, Computed: true},
		{Name: "noncurrent_version_expire_after_days", Type: cty.Number, Computed: true},
		{Name: "replication", Type: cty.Object(map[string]cty.Type{"region": cty.String, "kms_key_arn": cty.String})},
		{Name: "presigned_url_max_age_seconds", Type: cty.Number, Computed: true},
		{Name: "reader_arns", Type: strSet},
		{Name: "writer_arns", Type: strSet},
		{Name: "access_log_bucket", Type: cty.String},
		{Name: "retain_on_destroy", Type: cty.Bool, Computed: true},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
		{Name: "timeouts", Type: timeoutsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock("%s-%s-%s", mockName, mockAccount, mockRegion)},
		{Name: "bucket_name", Type: cty.String, Mock: stringMock("%s-%s-%s", mockName, mockAccount, mockRegion)},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:s3:::%s-%s-%s", mockName, mockAccount, mockRegion)},
		{Name: "access_log_bucket_name", Type: cty.String, Mock: stringMock("%s-access-logs-%s-%s", mockName, mockAccount, mockRegion)},
		// The replica's region is a setting the mock does not see.
		{Name: "replica_bucket_name", Type: cty.String, Mock: stringMock("%s-%s-replica", mockName, mockAccount)},
		{Name: "replica_arn", Type: cty.String, Mock: stringMock("arn:aws:s3:::%s-%s-replica", mockName, mockAccount)},
		{Name: "replication_role_arn", Type: cty.String, Mock: stringMock("arn:aws:iam::%s:role/hipaa-bucket-%s-%s-replication", mockAccount, mockName, mockRegion)},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkBucket,
}

var kindBackup = &Kind{
	Name: "backup", ResourceType: "hipaa_backup_plan", NameAttribute: "name",
	Inputs: []Attribute{
		{Name: "name", Type: cty.String, Required: true},
		{Name: "kms_key_arn", Type: cty.String, Required: true},
		{Name: "vault_lock", Type: cty.Object(map[string]cty.Type{"mode": cty.String, "min_retention_days": cty.Number,
			"max_retention_days": cty.Number, "changeable_for_days": cty.Number})},
		{Name: "rules", Required: true, Type: cty.List(cty.Object(map[string]cty.Type{"name": cty.String, "schedule": cty.String,
			"retention_days": cty.Number, "cold_storage_after_days": cty.Number, "start_window_minutes": cty.Number,
			"completion_window_minutes": cty.Number, "continuous": cty.Bool,
			"copy_to": cty.List(cty.Object(map[string]cty.Type{"region": cty.String, "kms_key_arn": cty.String, "retention_days": cty.Number}))}))},
		{Name: "resource_arns", Type: strSet},
		{Name: "selection_tags", Type: strMap},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
		{Name: "timeouts", Type: timeoutsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "plan_id", Type: cty.String, Mock: stringMock("00000000-0000-4000-8000-000000000000")},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:backup:%s:%s:backup-plan:00000000-0000-4000-8000-000000000000", mockRegion, mockAccount)},
		{Name: "vault_name", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "vault_arn", Type: cty.String, Mock: stringMock("arn:aws:backup:%s:%s:backup-vault:%s", mockRegion, mockAccount, mockName)},
		{Name: "copy_vault_arns", Type: strMap},
		{Name: "role_arn", Type: cty.String, Mock: stringMock("arn:aws:iam::%s:role/hipaa-backup-%s-%s", mockAccount, mockName, mockRegion)},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkBackup,
}

var kindBaseline = &Kind{
	Name: "baseline", ResourceType: "hipaa_security_baseline", OnePerRegion: true,
	check: checkSecurityBaseline,
	Inputs: []Attribute{
		{Name: "kms_key_arn", Type: cty.String, Required: true},
		{Name: "guardduty", Type: cty.Object(map[string]cty.Type{"features": strSet, "finding_publishing_frequency": cty.String}), Computed: true},
		{Name: "security_hub", Type: cty.Object(map[string]cty.Type{"standards": strSet}), Computed: true},
		{Name: "config", Type: cty.Object(map[string]cty.Type{"conformance_pack": cty.Bool}), Computed: true},
		{Name: "access_analyzer", Type: cty.Bool, Computed: true},
		{Name: "inspector", Type: cty.Object(map[string]cty.Type{"resource_types": strSet}), Computed: true},
		{Name: "ebs_default_encryption_kms_key_arn", Type: cty.String, Computed: true},
		{Name: "s3_account_public_access_block", Type: cty.Bool, Computed: true},
		{Name: "password_policy", Type: cty.Object(map[string]cty.Type{"enabled": cty.Bool,
			"minimum_length": cty.Number, "max_age_days": cty.Number, "reuse_prevention": cty.Number}), Computed: true},
		{Name: "disable_on_destroy", Type: cty.Bool, Computed: true},
		{Name: "replication", Type: cty.Object(map[string]cty.Type{"region": cty.String, "kms_key_arn": cty.String})},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock("%s", mockRegion)},
		{Name: "detector_id", Type: cty.String, Mock: stringMock("00000000000000000000000000000000")},
		{Name: "hub_arn", Type: cty.String, Mock: stringMock("arn:aws:securityhub:%s:%s:hub/default", mockRegion, mockAccount)},
		{Name: "standards_arns", Type: strSet},
		{Name: "config_recorder_name", Type: cty.String, Mock: stringMock("default")},
		{Name: "config_delivery_channel_name", Type: cty.String, Mock: stringMock("default")},
		{Name: "config_bucket_name", Type: cty.String, Mock: stringMock("hipaa-config-%s-%s", mockAccount, mockRegion)},
		{Name: "config_access_log_bucket_name", Type: cty.String, Mock: stringMock("hipaa-config-access-logs-%s-%s", mockAccount, mockRegion)},
		{Name: "conformance_pack_name", Type: cty.String, Mock: stringMock("hipaa")},
		{Name: "access_analyzer_arn", Type: cty.String, Mock: stringMock("arn:aws:access-analyzer:%s:%s:analyzer/hipaa", mockRegion, mockAccount)},
		{Name: "replica_config_bucket_name", Type: cty.String, Mock: stringMock("")},
		{Name: "replication_role_arn", Type: cty.String, Mock: stringMock("")},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
}

var kindLoadBalancer = &Kind{
	Name: "load_balancer", ResourceType: "hipaa_load_balancer", NameAttribute: "name",
	Inputs: []Attribute{
		{Name: "name", Type: cty.String, Required: true},
		{Name: "vpc_id", Type: cty.String, Required: true},
		{Name: "subnet_ids", Type: strSet, Required: true},
		{Name: "internet_facing", Type: cty.Bool},
		{Name: "certificate_arn", Type: cty.String, Required: true},
		{Name: "tls_policy", Type: cty.String},
		{Name: "allowed_cidr_blocks", Type: strSet, Required: true},
		{Name: "targets", Required: true, Type: cty.Object(map[string]cty.Type{"port": cty.Number, "protocol": cty.String,
			"health_check_path": cty.String, "cidr_blocks": strSet})},
		{Name: "waf", Type: cty.Object(map[string]cty.Type{"rate_limit_per_5_minutes": cty.Number, "managed_rule_groups": strList,
			"allowed_admin_cidr_blocks": strSet, "admin_path_prefix": cty.String})},
		{Name: "access_log_bucket", Type: cty.String, Required: true},
		{Name: "log_kms_key_arn", Type: cty.String, Required: true},
		{Name: "log_retention_days", Type: cty.Number},
		{Name: "tags", Type: strMap},
		{Name: "exceptions", Type: exceptionsType},
		{Name: "timeouts", Type: timeoutsType},
	},
	Computed: []Output{
		{Name: "id", Type: cty.String, Mock: stringMock("%s", mockName)},
		{Name: "arn", Type: cty.String, Mock: stringMock("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/0000000000000000", mockRegion, mockAccount, mockName)},
		{Name: "dns_name", Type: cty.String, Mock: stringMock("%s-0000000000.%s.elb.amazonaws.com", mockName, mockRegion)},
		{Name: "target_group_arn", Type: cty.String, Mock: stringMock("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/0000000000000000", mockRegion, mockAccount, mockName)},
		{Name: "security_group_id", Type: cty.String, Mock: stringMock(mockSGID)},
		{Name: "web_acl_arn", Type: cty.String, Mock: stringMock("arn:aws:wafv2:%s:%s:regional/webacl/%s/"+mockKeyID, mockRegion, mockAccount, mockName)},
		{Name: "drift", Type: cty.String, Mock: stringMock("")},
	},
	check: checkLoadBalancer,
}
