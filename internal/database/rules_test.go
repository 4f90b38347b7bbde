package database

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
)

// dbBlankers make each attribute path unknown as the provider's conversion
// does: the zero value, nil for a collection or an optional value. The
// provider context (region, account_id, partition, default_tags) and the
// described subnets (subnet_azs) are paths too.
var dbBlankers = compliancetest.Blankers[Spec]{
	"identifier":                          func(s *Spec) { s.Identifier = "" },
	"engine":                              func(s *Spec) { s.Engine = "" },
	"engine_version":                      func(s *Spec) { s.EngineVersion = "" },
	"instance_class":                      func(s *Spec) { s.InstanceClass = "" },
	"allocated_storage":                   func(s *Spec) { s.AllocatedStorage = 0 },
	"max_allocated_storage":               func(s *Spec) { s.MaxAllocatedStorage = 0 },
	"storage_type":                        func(s *Spec) { s.StorageType = "" },
	"iops":                                func(s *Spec) { s.IOPS = 0 },
	"vpc_id":                              func(s *Spec) { s.VPCID = "" },
	"subnet_ids":                          func(s *Spec) { s.SubnetIDs = nil },
	"subnet_azs":                          func(s *Spec) { s.SubnetAZs = nil },
	"allowed_security_group_ids":          func(s *Spec) { s.AllowedSecurityGroupIDs = nil },
	"allowed_cidr_blocks":                 func(s *Spec) { s.AllowedCIDRBlocks = nil },
	"port":                                func(s *Spec) { s.Port, s.PortSet = 0, false },
	"kms_key_arn":                         func(s *Spec) { s.KMSKeyARN = "" },
	"backup_retention_days":               func(s *Spec) { s.BackupRetentionDays = nil },
	"backup_window":                       func(s *Spec) { s.BackupWindow = "" },
	"maintenance_window":                  func(s *Spec) { s.MaintenanceWindow = "" },
	"master_username":                     func(s *Spec) { s.MasterUsername = "" },
	"master_password_rotation_days":       func(s *Spec) { s.MasterPasswordRotationDays = 0 },
	"database_name":                       func(s *Spec) { s.DatabaseName = "" },
	"multi_az":                            func(s *Spec) { s.MultiAZ = nil },
	"instance_count":                      func(s *Spec) { s.InstanceCount = 0 },
	"deletion_protection":                 func(s *Spec) { s.DeletionProtection = nil },
	"performance_insights":                func(s *Spec) { s.PerformanceInsights = nil },
	"performance_insights_retention_days": func(s *Spec) { s.PerformanceInsightsRetentionDays = 0 },
	"monitoring_interval_seconds":         func(s *Spec) { s.MonitoringIntervalSeconds = nil },
	"log_retention_days":                  func(s *Spec) { s.LogRetentionDays = 0 },
	"allow_major_version_upgrade":         func(s *Spec) { s.AllowMajorVersionUpgrade = false },
	"apply_immediately":                   func(s *Spec) { s.ApplyImmediately = false },
	"proxy":                               func(s *Spec) { s.Proxy = Proxy{} },
	"proxy.enabled":                       func(s *Spec) { s.Proxy.Enabled = false },
	"proxy.idle_client_timeout_seconds":   func(s *Spec) { s.Proxy.IdleClientTimeoutSeconds = 0 },
	"proxy.debug_logging":                 func(s *Spec) { s.Proxy.DebugLogging = false },
	"tags":                                func(s *Spec) { s.Tags = nil },
	"exceptions":                          func(s *Spec) { s.Exceptions = nil },
	"region":                              func(s *Spec) { s.Region = "" },
	"account_id":                          func(s *Spec) { s.AccountID = "" },
	"partition":                           func(s *Spec) { s.Partition = "" },
	"default_tags":                        func(s *Spec) { s.DefaultTags = nil },
}

// dbMutations are valid and invalid settings that random specs combine.
var dbMutations = []func(*Spec){
	func(s *Spec) { s.Identifier = "Bad_ID!" },
	func(s *Spec) { s.Identifier = "a--b" },
	func(s *Spec) { s.Identifier = strings.Repeat("x", 64) },
	func(s *Spec) { s.Engine = Engines[len(s.Identifier)%len(Engines)] },
	func(s *Spec) { s.Engine = "oracle-ee" },
	func(s *Spec) { s.EngineVersion = "16.x" },
	func(s *Spec) { s.EngineVersion = "15.4" },
	func(s *Spec) { s.EngineVersion = "8.0.mysql_aurora.3.05.2" },
	func(s *Spec) { s.InstanceClass = "" },
	func(s *Spec) { s.InstanceClass = "db.t2.micro" },
	func(s *Spec) { s.InstanceClass = ServerlessClass },
	func(s *Spec) { s.InstanceClass = "db.t4g.micro" },
	func(s *Spec) { s.AllocatedStorage = 0 },
	func(s *Spec) { s.AllocatedStorage = 10 },
	func(s *Spec) { s.AllocatedStorage = 500 },
	func(s *Spec) { s.AllocatedStorage = 70000 },
	func(s *Spec) { s.MaxAllocatedStorage = 50 },
	func(s *Spec) { s.MaxAllocatedStorage = 1000 },
	func(s *Spec) { s.StorageType = StorageIO1 },
	func(s *Spec) { s.StorageType = StorageGP2 },
	func(s *Spec) { s.StorageType = "standard" },
	func(s *Spec) { s.StorageType = StorageAurora },
	func(s *Spec) { s.IOPS = 3000 },
	func(s *Spec) { s.IOPS = 500 },
	func(s *Spec) { s.VPCID = "vpc-xyz" },
	func(s *Spec) { s.SubnetIDs = []string{subnetA} },
	func(s *Spec) { s.SubnetIDs = []string{subnetA, "subnet-1", subnetA} },
	func(s *Spec) { s.SubnetAZs = map[string]string{subnetA: "us-east-1a", subnetB: "us-east-1a"} },
	func(s *Spec) { s.SubnetAZs = map[string]string{subnetA: "us-east-1a"} },
	func(s *Spec) { s.SubnetAZs = map[string]string{subnetA: "us-east-1a", subnetB: "us-east-1b"} },
	func(s *Spec) { s.AllowedSecurityGroupIDs = []string{"app", appSG, appSG} },
	func(s *Spec) { s.AllowedSecurityGroupIDs = nil },
	func(s *Spec) { s.AllowedCIDRBlocks = []string{"0.0.0.0/0", "203.0.113.0/24"} },
	func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.1.5/24", "fd00::/8", "10.0.0.0/16", "10.0.0.0/16"} },
	func(s *Spec) { s.Port, s.PortSet = 0, true },
	func(s *Spec) { s.Port = 80 },
	func(s *Spec) { s.Port = 3306 },
	func(s *Spec) { s.Port, s.PortSet = 70000, true },
	func(s *Spec) { s.KMSKeyARN = "" },
	func(s *Spec) { s.KMSKeyARN = "alias/aws/rds" },
	func(s *Spec) { s.KMSKeyARN = "garbage" },
	func(s *Spec) {
		s.KMSKeyARN = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	},
	func(s *Spec) { s.BackupRetentionDays = Int(0) },
	func(s *Spec) { s.BackupRetentionDays = Int(1) },
	func(s *Spec) { s.BackupRetentionDays = Int(36) },
	func(s *Spec) { s.BackupWindow, s.MaintenanceWindow = "03:00-03:10", "sunday" },
	func(s *Spec) { s.BackupWindow, s.MaintenanceWindow = "03:00-04:00", "sun:05:00-sun:06:00" },
	func(s *Spec) { s.MasterUsername = "root" },
	func(s *Spec) { s.MasterUsername = "postgres" },
	func(s *Spec) { s.MasterUsername = "administrator_one" },
	func(s *Spec) { s.MasterPasswordRotationDays = 120 },
	func(s *Spec) { s.MasterPasswordRotationDays = 400 },
	func(s *Spec) { s.DatabaseName = "my-db" },
	func(s *Spec) { s.MultiAZ = Bool(false) },
	func(s *Spec) { s.InstanceCount = 1 },
	func(s *Spec) { s.InstanceCount = 16 },
	func(s *Spec) { s.DeletionProtection = Bool(false) },
	func(s *Spec) { s.PerformanceInsights = Bool(false) },
	func(s *Spec) { s.PerformanceInsightsRetentionDays = 30 },
	func(s *Spec) { s.MonitoringIntervalSeconds = Int(0) },
	func(s *Spec) { s.MonitoringIntervalSeconds = Int(20) },
	func(s *Spec) { s.LogRetentionDays = 100 },
	func(s *Spec) { s.Proxy = Proxy{Enabled: true, IdleClientTimeoutSeconds: 30000, DebugLogging: true} },
	func(s *Spec) {
		s.Tags = map[string]string{"aws:x": "1", "hipaa:owner": "y", "ok": strings.Repeat("v", 300)}
	},
	func(s *Spec) { s.Tags = manyTags(30) },
	func(s *Spec) { s.Tags = manyTags(51) },
	func(s *Spec) { s.DefaultTags = manyTags(46) },
	func(s *Spec) { s.Region = "moon" },
	func(s *Spec) { s.Region = "us-west-2" },
	func(s *Spec) { s.Partition = "azure" },
	func(s *Spec) { s.Partition = "aws-cn" },
	func(s *Spec) { s.AccountID = "12345" },
	func(s *Spec) { s.AllowMajorVersionUpgrade = true },
	func(s *Spec) { s.Exceptions = []compliance.Exception{{Control: "DB-02", Reason: "dev"}} },
}

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite). The account ID
// is known only at apply, and the plan still judges whether an exception is
// needed (the provider relies on it): no control reads it.
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     dbBlankers,
		Valid:        func(r *rand.Rand) Spec { return testSpec(Engines[r.IntN(len(Engines))]) },
		Mutations:    dbMutations,
		MaxMutations: 5,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("rawInputRules", nil, rawInputRules),
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules).NeverReads("account_id"),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.Set("subnet_ids", func(s *Spec) *[]string { return &s.SubnetIDs }),
			compliancetest.Set("allowed_security_group_ids", func(s *Spec) *[]string { return &s.AllowedSecurityGroupIDs }),
			compliancetest.Set("allowed_cidr_blocks", func(s *Spec) *[]string { return &s.AllowedCIDRBlocks }),
			compliancetest.Map("tags", func(s *Spec) *map[string]string { return &s.Tags }),
		},
		Seed:    56,
		MinRuns: 100000,
	}.Run(t)
}

// TestUpdateRules: the same for the update rules, which read the planned
// spec; the prior one comes from state and is always known.
func TestUpdateRules(t *testing.T) {
	var mutations []func(*Change)
	for _, m := range dbMutations {
		mutations = append(mutations, func(c *Change) { m(&c.Prior) }, func(c *Change) { m(&c.Planned) })
	}
	blankers := compliancetest.Blankers[Change]{}
	for p, b := range dbBlankers {
		blankers[p] = func(c *Change) { b(&c.Planned) }
	}
	compliancetest.Suite[Change]{
		Blankers:  blankers,
		Unblanked: []string{"Prior"},
		Valid: func(r *rand.Rand) Change {
			e := Engines[r.IntN(len(Engines))]
			return Change{Prior: testSpec(e), Planned: testSpec(e)}
		},
		Mutations:    mutations,
		MaxMutations: 8,
		Tables: []compliancetest.Table[Change]{compliancetest.Rules("updateRules",
			func(c Change) Change { return Change{Prior: c.Prior.WithDefaults(), Planned: c.Planned.WithDefaults()} }, updateRules)},
		Evaluate: func(c Change, u compliance.Unknown) compliance.Findings {
			return compliance.Findings{Input: EvaluateUpdate(c.Prior, c.Planned, u)}
		},
		Seed: 78,
	}.Run(t)
}

// unknownSpec blanks paths and marks them unknown, as the provider does for
// values that come from resources in the same apply.
func unknownSpec(s Spec, paths ...string) (Spec, compliance.Unknown) {
	var u compliance.Unknown
	for _, p := range paths {
		dbBlankers[p](&s)
		u.Value(p)
	}
	return s, u
}

func hasInput(f compliance.Findings, attr string) bool {
	return slices.ContainsFunc(f.Input, func(e InputError) bool { return e.Attribute == attr })
}

func hasViolation(f compliance.Findings, control, attr string) bool {
	return slices.ContainsFunc(f.Violations, func(v compliance.Violation) bool { return v.Control == control && v.Attribute == attr })
}

// A literal mistake is refused although the key, the VPC and the subnets
// come from resources in the same apply (issue 12), and nothing is said
// about the unknown ones.
func TestEvaluate_unknownHidesOnlyWhatReadsIt(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.Identifier = "Bad_ID!"
	s.BackupRetentionDays = Int(1)
	s.Port, s.PortSet = 0, true
	s, u := unknownSpec(s, "kms_key_arn", "vpc_id", "subnet_ids", "account_id")
	f := Evaluate(s, u)
	for _, attr := range []string{"identifier", "port"} {
		if !hasInput(f, attr) {
			t.Errorf("%s not refused with the key, VPC and subnets unknown: %+v", attr, f.Input)
		}
	}
	if !hasViolation(f, "DB-03", "backup_retention_days") {
		t.Errorf("DB-03 hidden by unknown key, VPC and subnets: %+v", f.Violations)
	}
	for _, attr := range []string{"kms_key_arn", "vpc_id", "subnet_ids", "account_id"} {
		if hasInput(f, attr) || slices.ContainsFunc(f.Violations, func(v compliance.Violation) bool { return v.Attribute == attr }) {
			t.Errorf("a finding on the unknown %s leaked: %+v", attr, f)
		}
	}

	// An unknown engine hides the engine-dependent rules only.
	s, u = unknownSpec(testSpec(EngineMySQL), "engine")
	s.MasterUsername, s.DeletionProtection = "root", Bool(false)
	f = Evaluate(s, u)
	if hasInput(f, "master_username") || !hasViolation(f, "DB-05", "deletion_protection") {
		t.Errorf("engine unknown: %+v", f)
	}
}

// Collections with some unknown elements are validated on the known ones;
// what needs them all (a count, duplicates across a map) waits.
func TestEvaluate_partlyKnownCollections(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.AllowedCIDRBlocks = []string{"0.0.0.0/0"}
	s.AllowedSecurityGroupIDs = nil
	s.SubnetIDs = []string{"subnet-1"}
	s.Tags = map[string]string{"aws:env": "prod"}
	var u compliance.Unknown
	for _, p := range []string{"allowed_cidr_blocks", "allowed_security_group_ids", "subnet_ids", "tags"} {
		u.Elements(p, false) // sets and maps: the count is not known either
	}
	f := Evaluate(s, u)
	if !hasViolation(f, "DB-09", "allowed_cidr_blocks") {
		t.Errorf("known 0.0.0.0/0 not refused beside unknown blocks: %+v", f.Violations)
	}
	if !hasInput(f, "subnet_ids") || !hasInput(f, "tags") {
		t.Errorf("known subnet-1 or aws:env not refused beside unknown elements: %+v", f.Input)
	}
	for _, e := range f.Input {
		if strings.Contains(e.Detail, "lists 1 subnets") {
			t.Errorf("subnet count judged on the known elements only: %v", e)
		}
	}
	if slices.ContainsFunc(f.Violations, func(v compliance.Violation) bool { return v.Attribute == "allowed_security_group_ids" }) {
		t.Errorf("\"no sources\" judged while sources are unknown: %+v", f.Violations)
	}
}

// The update rules wait for what they read: an unknown allocated_storage is
// no shrink.
func TestEvaluateUpdate_unknown(t *testing.T) {
	prior := testSpec(EnginePostgres)
	planned, u := unknownSpec(prior, "allocated_storage")
	if errs := EvaluateUpdate(prior, planned, u); len(errs) != 0 {
		t.Fatalf("EvaluateUpdate = %+v", errs)
	}
	if errs := CheckUpdate(prior, planned); len(errs) != 1 || errs[0].Attribute != "allocated_storage" {
		t.Fatalf("CheckUpdate = %+v", errs)
	}
}

func TestSubnetFindings(t *testing.T) {
	subnet := func(id, vpc, az string) ec2types.Subnet {
		return ec2types.Subnet{SubnetId: aws.String(id), VpcId: aws.String(vpc), AvailabilityZone: aws.String(az)}
	}
	s := testSpec(EnginePostgres)
	ok := SubnetFindings(s, []ec2types.Subnet{subnet(subnetA, s.VPCID, "us-east-1a"), subnet(subnetB, s.VPCID, "us-east-1b")})
	if len(ok.Input)+len(ok.Violations) != 0 {
		t.Fatalf("two zones in vpc_id: %+v", ok)
	}
	one := SubnetFindings(s, []ec2types.Subnet{subnet(subnetA, s.VPCID, "us-east-1a"), subnet(subnetB, s.VPCID, "us-east-1a")})
	if len(one.Input) != 0 || !hasViolation(one, "DB-02", "subnet_ids") || !one.Violations[0].Hard {
		t.Fatalf("one zone: %+v", one)
	}
	other := SubnetFindings(s, []ec2types.Subnet{subnet(subnetA, "vpc-0fedcba9876543210", "us-east-1a"), subnet(subnetB, s.VPCID, "us-east-1b")})
	want := fmt.Sprintf("subnet %s is in vpc-0fedcba9876543210, not in vpc_id %s: use the data-tier subnets of that VPC (DB-09)", subnetA, s.VPCID)
	if len(other.Input) != 1 || other.Input[0].Detail != want {
		t.Fatalf("other VPC: %+v", other)
	}
	missing := SubnetFindings(s, []ec2types.Subnet{subnet(subnetA, s.VPCID, "us-east-1a")})
	if len(missing.Input) != 1 || !strings.Contains(missing.Input[0].Detail, subnetB+`" was not found`) || len(missing.Violations) != 0 {
		t.Fatalf("missing subnet: %+v", missing)
	}
}
