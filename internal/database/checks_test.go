package database

import (
	"reflect"
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

func TestCheck_clean(t *testing.T) {
	for _, e := range Engines {
		s := testSpec(e)
		s.AllowedSecurityGroupIDs = nil
		s.AllowedCIDRBlocks = []string{"10.0.128.0/20", "100.64.0.0/16", "172.16.0.0/12", "192.168.10.0/24"}
		s.BackupRetentionDays = Int(7)
		s.MasterPasswordRotationDays = 90
		if v := Check(s); len(v) != 0 {
			t.Errorf("%s: Check = %+v", e, v)
		}
	}
}

func TestCheck_violations(t *testing.T) {
	cases := []struct {
		name   string
		engine Engine
		mutate func(*Spec)
		want   []compliance.Violation
	}{
		{"no key", EnginePostgres, func(s *Spec) { s.KMSKeyARN = "" }, []compliance.Violation{{Control: "DB-01", Attribute: "kms_key_arn", Hard: true,
			Detail: "kms_key_arn is not set: storage, Performance Insights, log groups and the master password secret are encrypted " +
				"with a customer-managed key; create one with hipaa_kms_key (allowed_services rds, secretsmanager, logs) and pass its arn"}}},
		{"alias arn", EnginePostgres, func(s *Spec) { s.KMSKeyARN = "arn:aws:kms:us-east-1:123456789012:alias/phi" }, []compliance.Violation{{Control: "DB-01", Attribute: "kms_key_arn", Hard: true,
			Detail: `kms_key_arn "arn:aws:kms:us-east-1:123456789012:alias/phi" is a key alias: an alias can be repointed to another key, including an AWS managed one, so it does not pin a customer managed key; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`}}},
		{"aws rds alias", EnginePostgres, func(s *Spec) { s.KMSKeyARN = "alias/aws/rds" }, []compliance.Violation{{Control: "DB-01", Attribute: "kms_key_arn", Hard: true,
			Detail: `kms_key_arn "alias/aws/rds" is an alias of an AWS managed key: AWS managed keys cannot be restricted by a key policy you control; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`}}},
		{"bare key id", EnginePostgres, func(s *Spec) { s.KMSKeyARN = "1234abcd-12ab-34cd-56ef-1234567890ab" }, []compliance.Violation{{Control: "DB-01", Attribute: "kms_key_arn", Hard: true,
			Detail: `kms_key_arn "1234abcd-12ab-34cd-56ef-1234567890ab" is a bare key ID, which does not say which account and region hold the key; use the full key ARN arn:aws:kms:<region>:<account-id>:key/<key-id> (hipaa_kms_key.<name>.arn)`}}},
		{"subnets in one zone", EnginePostgres, func(s *Spec) { s.SubnetAZs = map[string]string{subnetA: "us-east-1a", subnetB: "us-east-1a"} },
			[]compliance.Violation{{Control: "DB-02", Attribute: "subnet_ids", Hard: true,
				Detail: "subnet_ids span 1 availability zone(s) (us-east-1a): RDS Multi-AZ needs subnets in at least 2; add a data subnet in another zone"}}},
		{"single az", EngineMySQL, func(s *Spec) { s.MultiAZ = Bool(false) }, []compliance.Violation{{Control: "DB-02", Attribute: "multi_az",
			Detail: "multi_az is false: losing the instance's availability zone takes the database down; set multi_az = true"}}},
		{"one aurora instance", EngineAuroraPostgres, func(s *Spec) { s.InstanceCount = 1 }, []compliance.Violation{{Control: "DB-02", Attribute: "instance_count",
			Detail: "instance_count is 1: the cluster has no replica in another availability zone to fail over to; set instance_count = 2 or more"}}},
		{"no backups", EnginePostgres, func(s *Spec) { s.BackupRetentionDays = Int(0) }, []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days", Hard: true,
			Detail: "backup_retention_days is 0, which turns automated backups and point-in-time recovery off: use 7 to 35 (default 35)"}}},
		{"negative backups", EngineAuroraMySQL, func(s *Spec) { s.BackupRetentionDays = Int(-1) }, []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days", Hard: true,
			Detail: "backup_retention_days is -1, which turns automated backups and point-in-time recovery off: use 7 to 35 (default 35)"}}},
		{"short backups", EnginePostgres, func(s *Spec) { s.BackupRetentionDays = Int(6) }, []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days",
			Detail: "backup_retention_days is 6: keep automated backups at least 7 days (default 35)"}}},
		{"long backups", EnginePostgres, func(s *Spec) { s.BackupRetentionDays = Int(36) }, []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days", Hard: true,
			Detail: "backup_retention_days is 36; RDS keeps automated backups at most 35 days: use 35, and hipaa_backup_plan for longer retention"}}},
		{"no deletion protection", EngineAuroraPostgres, func(s *Spec) { s.DeletionProtection = Bool(false) }, []compliance.Violation{{Control: "DB-05", Attribute: "deletion_protection",
			Detail: "deletion_protection is false: a destroy or a replacement can delete the database; set deletion_protection = true (destroy still takes a final snapshot)"}}},
		{"internet", EnginePostgres, func(s *Spec) { s.AllowedCIDRBlocks = []string{"0.0.0.0/0"} }, []compliance.Violation{{Control: "DB-09", Attribute: "allowed_cidr_blocks", Hard: true,
			Detail: "allowed_cidr_blocks includes 0.0.0.0/0, which admits the whole internet to the database's port: list the application's subnets or use allowed_security_group_ids"}}},
		{"public range", EngineMySQL, func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0/16", "203.0.113.0/24"} }, []compliance.Violation{{Control: "DB-09", Attribute: "allowed_cidr_blocks",
			Detail: "allowed_cidr_blocks includes 203.0.113.0/24, which is not a private (RFC 1918 or 100.64.0.0/10) range: reach the database from inside the VPC, over a VPN or Direct Connect, and list private ranges only"}}},
		{"wider than private", EngineMySQL, func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0/7"} }, []compliance.Violation{{Control: "DB-09", Attribute: "allowed_cidr_blocks",
			Detail: "allowed_cidr_blocks includes 10.0.0.0/7, which is not a private (RFC 1918 or 100.64.0.0/10) range: reach the database from inside the VPC, over a VPN or Direct Connect, and list private ranges only"}}},
		{"no sources", EngineAuroraMySQL, func(s *Spec) { s.AllowedSecurityGroupIDs = nil }, []compliance.Violation{{Control: "DB-09", Attribute: "allowed_security_group_ids",
			Detail: "neither allowed_security_group_ids nor allowed_cidr_blocks is set, so nothing can connect to the database: name the application's security groups"}}},
		{"no monitoring", EnginePostgres, func(s *Spec) { s.MonitoringIntervalSeconds = Int(0) }, []compliance.Violation{{Control: "DB-11", Attribute: "monitoring_interval_seconds",
			Detail: "monitoring_interval_seconds is 0, which turns enhanced monitoring off: use one of 1, 5, 10, 15, 30, 60 (default 60)"}}},
		{"slow rotation", EnginePostgres, func(s *Spec) { s.MasterPasswordRotationDays = 91 }, []compliance.Violation{{Control: "SEC-01", Attribute: "master_password_rotation_days",
			Detail: "master_password_rotation_days is 91: rotate the master password at least every 90 days (default 30)"}}},
		{"rotation too long", EnginePostgres, func(s *Spec) { s.MasterPasswordRotationDays = 366 }, []compliance.Violation{{Control: "SEC-01", Attribute: "master_password_rotation_days", Hard: true,
			Detail: "master_password_rotation_days is 366; use 1 to 90 (default 30)"}}},
		{"rotation negative", EnginePostgres, func(s *Spec) { s.MasterPasswordRotationDays = -5 }, []compliance.Violation{{Control: "SEC-01", Attribute: "master_password_rotation_days", Hard: true,
			Detail: "master_password_rotation_days is -5; use 1 to 90 (default 30)"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testSpec(tc.engine)
			tc.mutate(&s)
			got := Check(s)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Check:\n got  %+v\n want %+v", got, tc.want)
			}
			for _, v := range got {
				if c, ok := compliance.Lookup(v.Control); !ok || !slices.Contains(c.Resources, ResourceType) {
					t.Fatalf("%s is not a %s control of the catalog", v.Control, ResourceType)
				}
			}
			_, err := Expand(s)
			if hard := got[0].Hard; hard != (err != nil) {
				t.Fatalf("Hard = %v but Expand error = %v", hard, err)
			}
		})
	}
}

// TestCheck_evaluate runs violations through the compliance package: hard
// ones are errors even with an exception, waivable ones become waivers.
func TestCheck_evaluate(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.MultiAZ = Bool(false)
	s.BackupRetentionDays = Int(0)
	ex := []compliance.Exception{{Control: "DB-02", Reason: "dev copy without PHI"}, {Control: "DB-03", Reason: "no"}}
	r := compliance.Evaluate(ResourceType, compliance.ModeEnforce, Check(s), ex)
	if len(r.Waivers) != 1 || r.Waivers[0].Control != "DB-02" || !r.HasErrors() {
		t.Fatalf("Evaluate = %+v", r)
	}
	if d := compliance.ValidateExceptions(ResourceType, ex, compliance.Unknown{}); len(d) != 0 {
		t.Fatalf("ValidateExceptions = %+v", d)
	}
}
