package cache

import (
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
)

// blankers are the attribute paths of the hipaa_cache schema and the
// provider context a rule may read, each with what the provider's
// conversion leaves in the Spec when the value is unknown.
var blankers = map[string]func(*Spec){
	"name":                       func(s *Spec) { s.Name = "" },
	"engine":                     func(s *Spec) { s.Engine = "" },
	"engine_version":             func(s *Spec) { s.EngineVersion = "" },
	"node_type":                  func(s *Spec) { s.NodeType = "" },
	"vpc_id":                     func(s *Spec) { s.VPCID = "" },
	"subnet_ids":                 func(s *Spec) { s.SubnetIDs = nil },
	"subnet_azs":                 func(s *Spec) { s.SubnetAZs = nil },
	"allowed_security_group_ids": func(s *Spec) { s.AllowedSecurityGroupIDs = nil },
	"allowed_cidr_blocks":        func(s *Spec) { s.AllowedCIDRBlocks = nil },
	"kms_key_arn":                func(s *Spec) { s.KMSKeyARN = "" },
	"snapshot_retention_days":    func(s *Spec) { s.SnapshotRetentionDays = nil },
	"auth":                       func(s *Spec) { s.Auth = Auth{} },
	"auth.mode":                  func(s *Spec) { s.Auth.Mode = "" },
	"auth.user_group_id":         func(s *Spec) { s.Auth.UserGroupID = "" },
	"auth.rotation_days":         func(s *Spec) { s.Auth.RotationDays = 0 },
	"num_cache_clusters":         func(s *Spec) { s.NumCacheClusters = 0 },
	"port":                       func(s *Spec) { s.Port = 0 },
	"maintenance_window":         func(s *Spec) { s.MaintenanceWindow = "" },
	"snapshot_window":            func(s *Spec) { s.SnapshotWindow = "" },
	"log_retention_days":         func(s *Spec) { s.LogRetentionDays = 0 },
	"tags":                       func(s *Spec) { s.Tags = nil },
	"exceptions":                 func(s *Spec) { s.Exceptions = nil },
	"region":                     func(s *Spec) { s.Region = "" },
	"account_id":                 func(s *Spec) { s.AccountID = "" },
	"partition":                  func(s *Spec) { s.Partition = "" },
}

func password(s *Spec) { s.Auth = Auth{Mode: AuthPassword} }

// findings covers every input error and violation of the package, each on
// the seed changed in one literal value (or two that only make sense
// together).
var findings = []compliancetest.Case[Spec]{
	// input errors
	{Name: "name", Mod: func(s *Spec) { s.Name = "sessions_1" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "name upper case", Mod: func(s *Spec) { s.Name = "Sessions" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "name too long", Mod: func(s *Spec) { s.Name = strings.Repeat("s", MaxNameLen+1) }, Reads: []string{"name"}, Attr: "name"},
	{Name: "name double hyphen", Mod: func(s *Spec) { s.Name = "sessions--a" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "name trailing hyphen", Mod: func(s *Spec) { s.Name = "sessions-" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "engine", Mod: func(s *Spec) { s.Engine = "memcached" }, Reads: []string{"engine"}, Attr: "engine"},
	{Name: "version with patch", Mod: func(s *Spec) { s.EngineVersion = "8.1.0" }, Reads: []string{"engine", "engine_version"}, Attr: "engine_version"},
	{Name: "version of the other engine", Mod: func(s *Spec) { s.Engine, s.EngineVersion = EngineRedis, "7.2" },
		Reads: []string{"engine", "engine_version"}, Attr: "engine_version"},
	{Name: "node type", Mod: func(s *Spec) { s.NodeType = "r7g.large" }, Reads: []string{"node_type"}, Attr: "node_type"},
	{Name: "previous generation", Mod: func(s *Spec) { s.NodeType = "cache.m3.medium" }, Reads: []string{"node_type"}, Attr: "node_type"},
	{Name: "vpc", Mod: func(s *Spec) { s.VPCID = "vpc-xyz" }, Reads: []string{"vpc_id"}, Attr: "vpc_id"},
	{Name: "subnet", Mod: func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa", "sn-1"} }, Reads: []string{"subnet_ids"}, Attr: "subnet_ids"},
	{Name: "subnet twice", Mod: func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa", "subnet-0aaaaaaaaaaaaaaaa"} },
		Reads: []string{"subnet_ids"}, Attr: "subnet_ids"},
	{Name: "one subnet", Mod: func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa"} }, Reads: []string{"subnet_ids"}, Attr: "subnet_ids"},
	{Name: "security group", Mod: func(s *Spec) { s.AllowedSecurityGroupIDs = []string{"app"} },
		Reads: []string{"allowed_security_group_ids"}, Attr: "allowed_security_group_ids"},
	{Name: "security group twice", Mod: func(s *Spec) { s.AllowedSecurityGroupIDs = []string{appSG, appSG} },
		Reads: []string{"allowed_security_group_ids"}, Attr: "allowed_security_group_ids"},
	{Name: "cidr", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0/33"} }, Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks"},
	{Name: "cidr host bits", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.32.1/20"} }, Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks"},
	{Name: "cidr twice", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.32.0/20", "10.0.32.0/20"} },
		Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks"},
	{Name: "no sources", Mod: func(s *Spec) { s.AllowedSecurityGroupIDs, s.AllowedCIDRBlocks = []string{}, []string{} },
		Reads: []string{"allowed_cidr_blocks", "allowed_security_group_ids"}, Attr: "allowed_security_group_ids"},
	{Name: "key", Mod: func(s *Spec) { s.KMSKeyARN = "not-a-key" }, Reads: []string{"kms_key_arn"}, Attr: "kms_key_arn"},
	{Name: "key elsewhere", Mod: func(s *Spec) { s.KMSKeyARN = keyWest }, Reads: []string{"kms_key_arn", "region"}, Attr: "kms_key_arn"},
	{Name: "snapshots too long", Mod: func(s *Spec) { s.SnapshotRetentionDays = Int(36) }, Reads: []string{"snapshot_retention_days"}, Attr: "snapshot_retention_days"},
	{Name: "snapshots negative", Mod: func(s *Spec) { s.SnapshotRetentionDays = Int(-1) }, Reads: []string{"snapshot_retention_days"}, Attr: "snapshot_retention_days"},
	{Name: "auth mode", Mod: func(s *Spec) { s.Auth.Mode = "token" }, Reads: []string{"auth.mode"}, Attr: "auth.mode"},
	{Name: "IAM on Redis OSS 6", Mod: func(s *Spec) { s.Engine, s.EngineVersion = EngineRedis, "6.2" },
		Reads: []string{"auth.mode", "engine", "engine_version"}, Attr: "auth.mode"},
	{Name: "user group with a password", Mod: func(s *Spec) { password(s); s.Auth.UserGroupID = "platform-users" },
		Reads: []string{"auth.mode", "auth.user_group_id"}, Attr: "auth.user_group_id"},
	{Name: "user group", Mod: func(s *Spec) { s.Auth.UserGroupID = "1-users" }, Reads: []string{"auth.mode", "auth.user_group_id"}, Attr: "auth.user_group_id"},
	{Name: "rotation with IAM", Mod: func(s *Spec) { s.Auth.RotationDays = 30 }, Reads: []string{"auth.mode", "auth.rotation_days"}, Attr: "auth.rotation_days"},
	{Name: "too many nodes", Mod: func(s *Spec) { s.NumCacheClusters = MaxNumCacheClusters + 1 }, Reads: []string{"num_cache_clusters"}, Attr: "num_cache_clusters"},
	{Name: "negative nodes", Mod: func(s *Spec) { s.NumCacheClusters = -2 }, Reads: []string{"num_cache_clusters"}, Attr: "num_cache_clusters"},
	{Name: "port", Mod: func(s *Spec) { s.Port = 70000 }, Reads: []string{"port"}, Attr: "port"},
	{Name: "maintenance window", Mod: func(s *Spec) { s.MaintenanceWindow = "sun:05:00-sun:05:30" }, Reads: []string{"maintenance_window"}, Attr: "maintenance_window"},
	{Name: "snapshot window", Mod: func(s *Spec) { s.SnapshotWindow = "3am" }, Reads: []string{"snapshot_window"}, Attr: "snapshot_window"},
	{Name: "log retention", Mod: func(s *Spec) { s.LogRetentionDays = 400 + 1 }, Reads: []string{"log_retention_days"}, Attr: "log_retention_days"},
	{Name: "tag", Mod: func(s *Spec) { s.Tags = map[string]string{"aws:x": "y"} }, Reads: []string{"tags"}, Attr: "tags"},
	// violations
	{Name: "no key", Mod: func(s *Spec) { s.KMSKeyARN = "" }, Reads: []string{"kms_key_arn"}, Attr: "kms_key_arn", Control: "CCH-01", Hard: true},
	{Name: "AWS managed key", Mod: func(s *Spec) { s.KMSKeyARN = "alias/aws/elasticache" }, Reads: []string{"kms_key_arn"}, Attr: "kms_key_arn", Control: "CCH-01", Hard: true},
	{Name: "no snapshots", Mod: func(s *Spec) { s.SnapshotRetentionDays = Int(0) }, Reads: []string{"snapshot_retention_days"}, Attr: "snapshot_retention_days", Control: "CCH-03", Hard: true},
	{Name: "snapshots a few days", Mod: func(s *Spec) { s.SnapshotRetentionDays = Int(3) }, Reads: []string{"snapshot_retention_days"}, Attr: "snapshot_retention_days", Control: "CCH-03", Hard: true},
	{Name: "snapshots two weeks", Mod: func(s *Spec) { s.SnapshotRetentionDays = Int(14) }, Reads: []string{"snapshot_retention_days"}, Attr: "snapshot_retention_days", Control: "CCH-03"},
	{Name: "one node", Mod: func(s *Spec) { s.NumCacheClusters = 1 }, Reads: []string{"num_cache_clusters"}, Attr: "num_cache_clusters", Control: "CCH-04", Hard: true},
	{Name: "subnets in one zone", Mod: func(s *Spec) {
		s.SubnetAZs = map[string]string{"subnet-0aaaaaaaaaaaaaaaa": "us-east-1a", "subnet-0bbbbbbbbbbbbbbbb": "us-east-1a"}
	}, Reads: []string{"subnet_ids", "subnet_azs"}, Attr: "subnet_ids", Control: "CCH-04", Hard: true},
	{Name: "rotation every 120 days", Mod: func(s *Spec) { password(s); s.Auth.RotationDays = 120 },
		Reads: []string{"auth.mode", "auth.rotation_days"}, Attr: "auth.rotation_days", Control: "CCH-05"},
	{Name: "rotation every 2 years", Mod: func(s *Spec) { password(s); s.Auth.RotationDays = 730 },
		Reads: []string{"auth.mode", "auth.rotation_days"}, Attr: "auth.rotation_days", Control: "CCH-05", Hard: true},
	{Name: "rotation negative", Mod: func(s *Spec) { password(s); s.Auth.RotationDays = -1 },
		Reads: []string{"auth.mode", "auth.rotation_days"}, Attr: "auth.rotation_days", Control: "CCH-05", Hard: true},
	{Name: "Redis OSS 6.0", Mod: func(s *Spec) { password(s); s.Engine, s.EngineVersion = EngineRedis, "6.0" },
		Reads: []string{"engine", "engine_version"}, Attr: "engine_version", Control: "CCH-06", Hard: true},
	{Name: "short log retention", Mod: func(s *Spec) { s.LogRetentionDays = 90 }, Reads: []string{"log_retention_days"}, Attr: "log_retention_days", Control: "CCH-06"},
	{Name: "open to all IPv4", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.32.0/20", "0.0.0.0/0"} },
		Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks", Control: "CCH-07", Hard: true},
	{Name: "open to all IPv6", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"::/0"} }, Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks", Control: "CCH-07", Hard: true},
}

// matrix is the refusal matrix of the package: its findings on the seed,
// checked by compliancetest against both rule tables.
var matrix = compliancetest.Matrix[Spec]{
	Seed:     seedSpec,
	Blankers: blankers,
	Cases:    findings,
	Evaluate: Evaluate,
	Tables: []compliancetest.Table[Spec]{
		compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules),
		compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules),
	},
}

// TestFindings checks each finding known, with every other attribute
// unknown and with each attribute it reads unknown
// (compliancetest.Matrix.CheckFindings).
func TestFindings(t *testing.T) { matrix.CheckFindings(t) }

// TestFindings_coverEveryRule: every rule makes the finding of some case.
func TestFindings_coverEveryRule(t *testing.T) { matrix.CheckCoverage(t) }

// Every control a rule cites is the cache's, and every control of the
// cache is in the catalog with its citations.
func TestControls_areTheResources(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range compliance.ForResource(ResourceType) {
		ids[c.ID] = true
		if len(c.Citations) == 0 || !strings.HasPrefix(c.ID, "CCH-") {
			t.Errorf("control %+v", c)
		}
	}
	for _, c := range findings {
		if c.Control != "" && !ids[c.Control] {
			t.Errorf("%s cites %s, not a control of %s", c.Name, c.Control, ResourceType)
		}
	}
	if len(ids) != 8 {
		t.Errorf("controls %v", ids)
	}
}
