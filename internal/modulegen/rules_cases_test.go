package modulegen

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

const (
	testKeyARN  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	testMRKARN  = "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
	testSubnet1 = "subnet-0123456789abcdef0"
	testSubnet2 = "subnet-0123456789abcdef1"
)

type ruleCase struct {
	oracle oracle
	inputs map[string]samples
}

// ruleCases are, per resource type, the provider's checks and the samples.
func ruleCases() map[string]ruleCase {
	return map[string]ruleCase{
		kmskey.ResourceType:     {withExceptions(kmskey.ResourceType, kmsKeyOracle), kmsKeySamples()},
		vpc.ResourceType:        {withExceptions(vpc.ResourceType, vpcOracle), vpcSamples()},
		database.ResourceType:   {withExceptions(database.ResourceType, databaseOracle), databaseSamples()},
		audittrail.ResourceType: {withExceptions(audittrail.ResourceType, auditTrailOracle), auditTrailSamples()},
		baseline.ResourceType:   {withExceptions(baseline.ResourceType, baselineOracle), baselineSamples()},
		bucket.ResourceType:     {withExceptions(bucket.ResourceType, bucketOracle), bucketSamples()},
		backupplan.ResourceType: {withExceptions(backupplan.ResourceType, backupPlanOracle), backupPlanSamples()},
		loadbalancer.ResourceType: {withExceptions(loadbalancer.ResourceType, loadBalancerOracle),
			map[string]samples{"tags": tagSamples(), "exceptions": exceptionSamples("ELB-06")}},
	}
}

func kmsKeyOracle(input string, v cty.Value) []string {
	sp := kmskey.Spec{Name: "phi", AllowedServices: []string{"rds"}}
	switch input {
	case "name":
		sp.Name = str(v)
	case "deletion_window_days":
		sp.DeletionWindowDays = num(v)
	case "rotation_period_days":
		sp.RotationPeriodDays = num(v)
	case "allowed_services":
		sp.AllowedServices = strs(v)
	case "administrator_arns":
		sp.AdministratorARNs = strs(v)
	case "user_arns":
		sp.UserARNs = strs(v)
	case "tags":
		sp.Tags = strMap(v)
	}
	sp = sp.WithDefaults()
	var attrs []string
	for _, e := range kmskey.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(kmskey.Check(sp))...)
}

func kmsKeySamples() map[string]samples {
	role := s("arn:aws:iam::123456789012:role/admin")
	principals := samples{
		good: []cty.Value{nullList, list(role), list(s("arn:aws:iam::123456789012:root"), s("arn:aws:iam::123456789012:user/ops"))},
		bad:  []cty.Value{list(s("*")), list(role, s("arn:aws:iam::123:role/x"))},
	}
	return map[string]samples{
		"name": {
			good: []cty.Value{s("phi"), s("alias/phi"), s("alias/team/phi_1"), s("alias/alias/aws/x"), s("alias/" + strings.Repeat("a", 250))},
			bad:  []cty.Value{s(""), s("alias/"), s("aws/x"), s("alias/aws/x"), s("bad name"), s(strings.Repeat("a", 251))},
		},
		"deletion_window_days": {good: []cty.Value{nullNumber, n(7), n(30)}, bad: []cty.Value{n(6), n(31)}, stricter: []cty.Value{n(0)}},
		"rotation_period_days": {good: []cty.Value{nullNumber, n(90), n(2560)}, bad: []cty.Value{n(89), n(2561)}, stricter: []cty.Value{n(0)}},
		"allowed_services":     {good: []cty.Value{nullList, list(), list(s("rds"), s("logs"))}, bad: []cty.Value{list(s("rds"), s("nope"))}},
		"administrator_arns":   principals,
		"user_arns":            principals,
		"tags":                 tagSamples(),
		"exceptions":           exceptionSamples("KEY-02"),
	}
}

func vpcOracle(input string, v cty.Value) []string {
	sp := vpc.Spec{Name: "prod", CIDRBlock: "10.0.0.0/16", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		Region: "us-east-1", FlowLogs: vpc.FlowLogs{KMSKeyARN: testKeyARN}}
	switch input {
	case "name":
		sp.Name = str(v)
	case "cidr_block":
		sp.CIDRBlock = str(v)
	case "availability_zones":
		if !v.IsNull() {
			sp.AvailabilityZones = strs(v)
		}
	case "nat_gateways":
		sp.NATGateways = vpc.NATMode(str(v))
	case "database_ports":
		sp.DatabasePorts = nums(v)
	case "flow_logs":
		sp.FlowLogs = vpc.FlowLogs{KMSKeyARN: str(v.GetAttr("kms_key_arn")), RetentionDays: num(v.GetAttr("retention_days")), TrafficType: str(v.GetAttr("traffic_type"))}
	case "interface_endpoints":
		sp.InterfaceEndpoints = strs(v)
	case "tags":
		sp.Tags = strMap(v)
	}
	var attrs []string
	for _, e := range vpc.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(vpc.Check(sp))...)
}

func vpcSamples() map[string]samples {
	key := s(testKeyARN)
	many := make([]cty.Value, 11)
	for i := range many {
		many[i] = n(5000 + i)
	}
	return map[string]samples{
		"name": {good: []cty.Value{s("prod"), s("a_b-1"), s(strings.Repeat("a", 44))}, bad: []cty.Value{s(""), s("-x"), s("a.b"), s(strings.Repeat("a", 45))}},
		"cidr_block": {
			good:   []cty.Value{s("10.0.0.0/16"), s("172.31.0.0/20"), s("192.168.1.0/24")},
			bad:    []cty.Value{s("10.0.0.0/8"), s("10.0.0.0/25"), s("8.8.0.0/16"), s("172.32.0.0/16"), s("10.0.0.0"), s("010.0.0.0/16"), s("10.0.0.256/24"), s("10.0.0.0/016")},
			looser: []cty.Value{s("10.0.0.1/16")}, // host bits set
		},
		"availability_zones": {
			good:   []cty.Value{nullList, list(s("us-east-1a"), s("us-east-1b")), list(s("use1-az1"), s("use1-az2")), list(s("us-east-1a"))},
			bad:    []cty.Value{list(), list(s("US-EAST-1A")), list(s("us-east-1z")), list(s("use1-az9")), list(s("us-east-1a"), s("bad zone"))},
			looser: []cty.Value{list(s("us-east-1a"), s("us-west-2a")), list(s("us-east-1"))}, // same CIDR slot; the region itself
		},
		"nat_gateways":   {good: []cty.Value{s("one_per_az"), s("single"), s("none")}, bad: []cty.Value{s("two")}, stricter: []cty.Value{s("")}},
		"database_ports": {good: []cty.Value{nullList, list(), list(n(5432)), list(n(22))}, bad: []cty.Value{list(n(0)), list(n(5432), n(70000))}, looser: []cty.Value{list(many...)}}, // zones × ports over the NACL quota
		"flow_logs": {
			good: []cty.Value{obj("kms_key_arn", key), obj("kms_key_arn", key, "retention_days", n(731)), obj("kms_key_arn", s("")), obj("kms_key_arn", key, "traffic_type", s("REJECT"))},
			bad: []cty.Value{obj("kms_key_arn", s("arn:aws:kms:us-east-1:123456789012:alias/logs")), obj("kms_key_arn", key, "retention_days", n(100)),
				obj("kms_key_arn", key, "traffic_type", s("SOME"))},
		},
		"interface_endpoints": {good: []cty.Value{nullList, list(s("secretsmanager"), s("ecr.api"))}, bad: []cty.Value{list(s("s3")), list(s("Bad"))}},
		"tags":                tagSamples(),
		"exceptions":          exceptionSamples("NET-04"),
	}
}

func databaseOracle(input string, v cty.Value) []string {
	sp := database.Spec{Identifier: "orders", Engine: database.EnginePostgres, InstanceClass: "db.r6g.large", AllocatedStorage: 20,
		VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{testSubnet1, testSubnet2}, AllowedCIDRBlocks: []string{"10.0.0.0/16"},
		KMSKeyARN: testKeyARN, Region: "us-east-1", AccountID: "123456789012", Partition: "aws"}
	if input != "" {
		setDatabaseField(&sp, input, v)
	}
	var attrs []string
	for _, e := range database.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(database.Check(sp))...)
}

// setDatabaseField sets one argument as the provider's model does.
func setDatabaseField(sp *database.Spec, input string, v cty.Value) {
	strFields := map[string]*string{"identifier": &sp.Identifier, "instance_class": &sp.InstanceClass, "storage_type": &sp.StorageType,
		"kms_key_arn": &sp.KMSKeyARN, "master_username": &sp.MasterUsername, "database_name": &sp.DatabaseName, "vpc_id": &sp.VPCID,
		"backup_window": &sp.BackupWindow, "maintenance_window": &sp.MaintenanceWindow}
	intFields := map[string]*int{"allocated_storage": &sp.AllocatedStorage, "max_allocated_storage": &sp.MaxAllocatedStorage, "port": &sp.Port,
		"master_password_rotation_days": &sp.MasterPasswordRotationDays, "log_retention_days": &sp.LogRetentionDays, "instance_count": &sp.InstanceCount}
	switch {
	case strFields[input] != nil:
		*strFields[input] = str(v)
	case intFields[input] != nil:
		*intFields[input] = num(v)
	case input == "engine":
		sp.Engine = database.Engine(str(v))
	case input == "subnet_ids":
		sp.SubnetIDs = strs(v)
	case input == "allowed_security_group_ids":
		sp.AllowedSecurityGroupIDs = strs(v)
	case input == "allowed_cidr_blocks":
		sp.AllowedCIDRBlocks = strs(v)
	case input == "backup_retention_days":
		sp.BackupRetentionDays = database.Int(num(v))
	case input == "monitoring_interval_seconds":
		sp.MonitoringIntervalSeconds = database.Int(num(v))
	case input == "proxy":
		sp.Proxy = database.Proxy{Enabled: v.GetAttr("enabled").True(), IdleClientTimeoutSeconds: num(v.GetAttr("idle_client_timeout_seconds"))}
	case input == "tags":
		sp.Tags = strMap(v)
	}
}

func databaseSamples() map[string]samples {
	return map[string]samples{
		"identifier": {good: []cty.Value{s("orders"), s("Orders-1"), s("a" + strings.Repeat("b", 62))},
			bad: []cty.Value{s(""), s("1db"), s("db-"), s("a--b"), s("a_b"), s("a" + strings.Repeat("b", 63))}},
		"engine": {good: []cty.Value{s("postgres"), s("mysql")}, bad: []cty.Value{s("oracle"), s("")}},
		"instance_class": {good: []cty.Value{s("db.r6g.large"), s("db.t4g.medium"), s("db.m5d.24xlarge")},
			bad: []cty.Value{s("db.t2.micro"), s("r6g.large"), s("db.r6g"), s("db.r6g.large.x")}, looser: []cty.Value{s("db.serverless")}},
		"allocated_storage":     {good: []cty.Value{n(20), n(65536)}, bad: []cty.Value{n(19), n(65537)}, looser: []cty.Value{nullNumber}},
		"max_allocated_storage": {good: []cty.Value{n(0), n(100), n(65536)}, bad: []cty.Value{n(-1), n(65537)}, looser: []cty.Value{n(10)}},
		"storage_type":          {good: []cty.Value{nullString, s("gp3"), s("gp2")}, bad: []cty.Value{s("standard")}, looser: []cty.Value{s("aurora")}},
		"kms_key_arn": {good: []cty.Value{s(testKeyARN), s(testMRKARN)},
			bad:    []cty.Value{s(""), s("arn:aws:kms:us-east-1:123456789012:alias/db"), s("arn:aws:kms:us-east-1:123456789012:key/nope")},
			looser: []cty.Value{s(strings.Replace(testKeyARN, "us-east-1", "us-west-2", 1))}},
		"master_username": {good: []cty.Value{nullString, s("admin_1")}, bad: []cty.Value{s("1admin"), s("a-b"), s("a" + strings.Repeat("b", 63))},
			looser: []cty.Value{s("postgres")}, stricter: []cty.Value{s("")}},
		"database_name": {good: []cty.Value{nullString, s("app")}, bad: []cty.Value{s("1app"), s("a" + strings.Repeat("b", 64))},
			looser: []cty.Value{s("a" + strings.Repeat("b", 63))}, stricter: []cty.Value{s("")}},
		"vpc_id":                     {good: []cty.Value{s("vpc-0123456789abcdef0")}, bad: []cty.Value{s("vpc-xyz"), s("")}},
		"subnet_ids":                 {good: []cty.Value{list(s(testSubnet1), s(testSubnet2))}, bad: []cty.Value{list(s(testSubnet1)), list(s(testSubnet1), s("subnet-x"))}},
		"allowed_security_group_ids": {good: []cty.Value{nullList, list(s("sg-0123456789abcdef0"))}, bad: []cty.Value{list(s("sg-x"))}},
		"allowed_cidr_blocks": {good: []cty.Value{nullList, list(s("10.0.0.0/16")), list(s("8.8.8.0/24"))},
			bad:    []cty.Value{list(s("0.0.0.0/0")), list(s("10.0.0.0")), list(s("10.0.0.0/33")), list(s("10.1.0.0/16"), s("1.2.3.4/0"))},
			looser: []cty.Value{list(s("10.0.0.1/16"))}},
		"port":                          {good: []cty.Value{nullNumber, n(5432), n(1150), n(65535)}, bad: []cty.Value{n(1149), n(65536)}, stricter: []cty.Value{n(0)}},
		"backup_retention_days":         {good: []cty.Value{n(1), n(7), n(35)}, bad: []cty.Value{n(0), n(36)}},
		"backup_window":                 {good: []cty.Value{nullString, s("03:00-04:00"), s("23:30-00:30")}, bad: []cty.Value{s("3:00-4:00"), s("24:00-01:00")}, looser: []cty.Value{s("03:00-03:10")}},
		"maintenance_window":            {good: []cty.Value{nullString, s("sun:05:00-sun:06:00")}, bad: []cty.Value{s("sunday:05:00-sun:06:00"), s("sun:05:60-sun:06:00")}, looser: []cty.Value{s("sun:05:00-sun:05:10")}},
		"master_password_rotation_days": {good: []cty.Value{n(1), n(30), n(365)}, bad: []cty.Value{n(-1), n(366)}, stricter: []cty.Value{n(0)}},
		"monitoring_interval_seconds":   {good: []cty.Value{n(0), n(60)}, bad: []cty.Value{n(2)}},
		"log_retention_days":            {good: []cty.Value{n(365), n(1)}, bad: []cty.Value{n(366)}, stricter: []cty.Value{n(0)}},
		"instance_count":                {good: []cty.Value{cty.NullVal(cty.Number)}, bad: []cty.Value{n(16), n(-1)}, looser: []cty.Value{n(3)}},
		"proxy": {good: []cty.Value{obj("enabled", cty.True), obj("idle_client_timeout_seconds", n(28800))},
			bad: []cty.Value{obj("idle_client_timeout_seconds", n(28801)), obj("idle_client_timeout_seconds", n(-5))}, stricter: []cty.Value{obj("idle_client_timeout_seconds", n(0))}},
		"tags":       tagSamples(),
		"exceptions": exceptionSamples("DB-05"),
	}
}

func auditTrailOracle(input string, v cty.Value) []string {
	sp := audittrail.Spec{Name: "audit", KMSKeyARN: testKeyARN, Region: "us-east-1", AccountID: "123456789012"}
	switch input {
	case "name":
		sp.Name = str(v)
	case "kms_key_arn":
		sp.KMSKeyARN = str(v)
	case "cloudwatch_retention_days":
		sp.CloudWatchRetentionDays = num(v)
	case "object_lock_days":
		sp.ObjectLockDays = num(v)
	case "data_event_bucket_arns":
		sp.DataEventBucketARNs = strs(v)
	case "tags":
		sp.Tags = strMap(v)
	}
	var attrs []string
	for _, e := range audittrail.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(audittrail.Check(sp.WithDefaults()))...)
}

func auditTrailSamples() map[string]samples {
	return map[string]samples{
		"name":                      {good: []cty.Value{s("audit"), s("a-1"), s(strings.Repeat("a", 32))}, bad: []cty.Value{s("ab"), s("Audit"), s("-ab"), s("ab-"), s(strings.Repeat("a", 33))}},
		"kms_key_arn":               {good: []cty.Value{s(testKeyARN), s(testMRKARN)}, bad: []cty.Value{s("alias/audit"), s(""), s("arn:aws:kms:us-east-1:123456789012:alias/aws/cloudtrail")}},
		"cloudwatch_retention_days": {good: []cty.Value{n(2192), n(365)}, bad: []cty.Value{n(2000)}, stricter: []cty.Value{n(0)}},
		"object_lock_days":          {good: []cty.Value{n(1), n(2192)}, bad: []cty.Value{n(-1), n(36501)}, stricter: []cty.Value{n(0)}},
		"data_event_bucket_arns":    {good: []cty.Value{nullList, list(s("arn:aws:s3:::phi-records"))}, bad: []cty.Value{list(s("arn:aws:s3:::x")), list(s("phi-records"))}},
		"tags":                      tagSamples(),
		"exceptions":                exceptionSamples("AUD-06"),
	}
}

func baselineOracle(input string, v cty.Value) []string {
	sp := baseline.Default()
	sp.KMSKeyARN, sp.Region, sp.AccountID = testKeyARN, "us-east-1", "123456789012"
	switch input {
	case "kms_key_arn":
		sp.KMSKeyARN = str(v)
	case "ebs_default_encryption_kms_key_arn":
		sp.EBSKMSKeyARN = str(v)
	case "guardduty":
		sp.GuardDutyFeatures, sp.FindingFrequency = strs(v.GetAttr("features")), str(v.GetAttr("finding_publishing_frequency"))
	case "security_hub":
		sp.Standards = strs(v.GetAttr("standards"))
	case "inspector":
		sp.InspectorResourceTypes = strs(v.GetAttr("resource_types"))
	case "password_policy":
		sp.PasswordPolicy = baseline.PasswordPolicy{MinimumLength: num(v.GetAttr("minimum_length")), MaxAgeDays: num(v.GetAttr("max_age_days")),
			ReusePrevention: num(v.GetAttr("reuse_prevention"))}
	case "tags":
		sp.Tags = strMap(v)
	}
	var attrs []string
	for _, e := range baseline.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(baseline.Check(sp))...)
}

func baselineSamples() map[string]samples {
	return map[string]samples{
		"kms_key_arn":                        {good: []cty.Value{s(testKeyARN)}, bad: []cty.Value{s("alias/config"), s("")}},
		"ebs_default_encryption_kms_key_arn": {good: []cty.Value{cty.NullVal(cty.String), s(testKeyARN)}, bad: []cty.Value{s("alias/aws/ebs")}},
		"guardduty": {
			good: []cty.Value{obj(), obj("features", list(s("S3_DATA_EVENTS"), s("RDS_LOGIN_EVENTS"), s("LAMBDA_NETWORK_LOGS")), "finding_publishing_frequency", s("SIX_HOURS"))},
			bad:  []cty.Value{obj("features", list(s("S3_DATA_EVENTS"), s("FLOW_LOGS"))), obj("finding_publishing_frequency", s("DAILY"))},
		},
		"security_hub": {good: []cty.Value{obj(), obj("standards", list(s("nist-800-53/v/5.0.0")))}, bad: []cty.Value{obj("standards", list(s("arn:aws:securityhub:::ruleset/cis")))}},
		"inspector":    {good: []cty.Value{obj(), obj("resource_types", list(s("EC2"), s("LAMBDA_CODE")))}, bad: []cty.Value{obj("resource_types", list(s("EKS")))}},
		"password_policy": {
			good: []cty.Value{obj(), obj("minimum_length", n(20), "max_age_days", n(30))},
			bad:  []cty.Value{obj("minimum_length", n(200)), obj("max_age_days", n(0)), obj("reuse_prevention", n(25))},
		},
		"tags":       tagSamples(),
		"exceptions": exceptionSamples("DET-04"),
	}
}

func bucketOracle(input string, v cty.Value) []string {
	sp := bucket.Spec{Name: "phi", KMSKeyARN: testKeyARN, Region: "us-east-1", AccountID: "123456789012",
		Exceptions: []compliance.Exception{{Control: "STO-08", Reason: "one region"}}}
	switch input {
	case "name":
		sp.Name = str(v)
	case "kms_key_arn":
		sp.KMSKeyARN = str(v)
	case "presigned_url_max_age_seconds":
		sp.PresignedURLMaxAgeSeconds = num(v)
	case "tags":
		sp.Tags = strMap(v)
	}
	var attrs []string
	for _, e := range bucket.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(bucket.Check(sp.WithDefaults()))...)
}

func bucketSamples() map[string]samples {
	return map[string]samples{
		"name":        {good: []cty.Value{s("phi"), s("patient-files"), s("a")}, bad: []cty.Value{s("Phi"), s("-phi"), s("phi-"), s("p.hi"), s("xn--phi"), s("")}, looser: []cty.Value{s(strings.Repeat("a", 41))}},
		"kms_key_arn": {good: []cty.Value{s(testKeyARN)}, bad: []cty.Value{s("alias/aws/s3"), s(""), s("arn:aws:kms:us-east-1:123456789012:alias/phi")}},
		"presigned_url_max_age_seconds": {good: []cty.Value{n(600), n(60), n(3600)}, bad: []cty.Value{n(-1), n(604801)},
			stricter: []cty.Value{n(0)}}, // 0 is "unset" to the provider: the default applies
		"tags":       tagSamples(),
		"exceptions": exceptionSamples("STO-08"),
	}
}

// backupPlanOracle decides only tags: the module has no rule table of its
// own for hipaa_backup_plan yet (the provider decides the rest at plan).
func backupPlanOracle(input string, v cty.Value) []string {
	sp := backupplan.Spec{Name: "phi", KMSKeyARN: testKeyARN, Region: "us-east-1", AccountID: "123456789012",
		Rules:        []backupplan.Rule{{Name: "daily", Schedule: "cron(0 5 ? * * *)", RetentionDays: 35}},
		ResourceARNs: []string{"arn:aws:rds:us-east-1:123456789012:db:phi"}}
	if input == "tags" {
		sp.Tags = strMap(v)
	}
	var attrs []string
	for _, e := range backupplan.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(backupplan.Check(sp.WithDefaults()))...)
}

// loadBalancerOracle decides only tags: the module has no rule table of
// its own for hipaa_load_balancer yet (the provider decides the rest at
// plan).
func loadBalancerOracle(input string, v cty.Value) []string {
	sp := loadbalancer.Spec{Name: "portal", VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"},
		InternetFacing: true, CertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
		AllowedCIDRBlocks: []string{"0.0.0.0/0"}, Targets: loadbalancer.Targets{Port: 8443}, AccessLogBucket: "portal-logs", LogKMSKeyARN: testKeyARN,
		Region: "us-east-1", AccountID: "123456789012"}
	if input == "tags" {
		sp.Tags = strMap(v)
	}
	var attrs []string
	for _, e := range loadbalancer.Validate(sp) {
		attrs = append(attrs, e.Attribute)
	}
	return append(attrs, hard(loadbalancer.Check(sp.WithDefaults()))...)
}

func backupPlanSamples() map[string]samples {
	return map[string]samples{"tags": tagSamples(), "exceptions": exceptionSamples("BAK-04")}
}

// tagSamples exercise the shared tag rules (tagRules, tags.Problems): one
// sample per limit, on either side of it.
func tagSamples() samples {
	many := map[string]cty.Value{}
	for i := range tags.MaxUserTags + 1 {
		many[fmt.Sprintf("k%02d", i)] = s("v")
	}
	atMost := map[string]cty.Value{}
	for i := range tags.MaxUserTags {
		atMost[fmt.Sprintf("k%02d", i)] = s("v")
	}
	return samples{
		good: []cty.Value{nullMap, obj("team", s("x")), obj("cost center", s("Ärzte/2026 +1@x.org")), obj("awsx", s("")),
			obj(strings.Repeat("k", tags.MaxKeyLength), s(strings.Repeat("v", tags.MaxValueLength))), cty.MapVal(atMost)},
		bad: []cty.Value{obj("hipaa:owner", s("x")), obj("hipaa:child", s("x")), obj("aws:x", s("y")), obj("AWS:x", s("y")),
			obj(strings.Repeat("k", tags.MaxKeyLength+1), s("y")), obj("k", s(strings.Repeat("v", tags.MaxValueLength+1))),
			obj("a#b", s("y")), obj("k", s("tab\there")), obj("", s("y")), cty.MapVal(many)},
	}
}
