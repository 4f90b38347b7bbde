package database

import (
	"reflect"
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

func TestReplaceReasons(t *testing.T) {
	prior := testSpec(EnginePostgres)
	if r := ReplaceReasons(prior, prior, compliance.Unknown{}); len(r) != 0 {
		t.Fatalf("no change: %v", r)
	}
	same := prior
	same.Identifier = "PATIENTS"                         // RDS identifiers are case-insensitive
	same.MasterUsername = DefaultMasterUsername          // the default, spelled out
	same.SubnetIDs = []string{subnetA, subnetB, subnetC} // in place
	same.AllocatedStorage = 200
	if r := ReplaceReasons(prior, same, compliance.Unknown{}); len(r) != 0 {
		t.Fatalf("in-place changes: %v", r)
	}
	all := testSpec(EngineAuroraPostgres)
	all.Identifier = "patients2"
	all.KMSKeyARN = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
	all.VPCID = "vpc-0fedcba9876543210"
	all.MasterUsername = "owner"
	all.DatabaseName = "clinic"
	want := []string{"identifier", "engine", "kms_key_arn", "vpc_id", "master_username", "database_name"}
	if r := ReplaceReasons(prior, all, compliance.Unknown{}); !slices.Equal(r, want) {
		t.Fatalf("ReplaceReasons = %v", r)
	}
	var u compliance.Unknown
	u.Value("kms_key_arn") // a key replaced in the same apply
	if r := ReplaceReasons(prior, same, u); !slices.Equal(r, []string{"kms_key_arn"}) {
		t.Fatalf("unknown key: ReplaceReasons = %v", r)
	}
}

func TestCheckUpdate(t *testing.T) {
	cases := []struct {
		name   string
		engine Engine
		prior  func(*Spec)
		mutate func(*Spec)
		want   []InputError
	}{
		{"grow storage", EnginePostgres, func(*Spec) {}, func(s *Spec) { s.AllocatedStorage = 200 }, nil},
		{"shrink storage", EnginePostgres, func(*Spec) {}, func(s *Spec) { s.AllocatedStorage = 50 }, []InputError{{Attribute: "allocated_storage",
			Detail: "allocated_storage cannot shrink from 100 to 50 GiB: RDS storage can only grow; keep 100 or more, or restore a snapshot into a new, smaller database"}}},
		{"minor upgrade", EnginePostgres, func(s *Spec) { s.EngineVersion = "16.3" }, func(s *Spec) { s.EngineVersion = "16.4" }, nil},
		{"major only", EnginePostgres, func(s *Spec) { s.EngineVersion = "16.3" }, func(s *Spec) { s.EngineVersion = "16" }, nil},
		{"downgrade", EngineMySQL, func(s *Spec) { s.EngineVersion = "8.0.36" }, func(s *Spec) { s.EngineVersion = "8.0.35" }, []InputError{{Attribute: "engine_version",
			Detail: "engine_version cannot go down from 8.0.36 to 8.0.35: RDS does not downgrade; keep 8.0.36, or restore a snapshot into a new database"}}},
		{"major downgrade", EnginePostgres, func(s *Spec) { s.EngineVersion = "16.3" }, func(s *Spec) { s.EngineVersion = "15.7"; s.AllowMajorVersionUpgrade = true }, []InputError{{Attribute: "engine_version",
			Detail: "engine_version cannot go down from 16.3 to 15.7: RDS does not downgrade; keep 16.3, or restore a snapshot into a new database"}}},
		{"major upgrade refused", EngineAuroraPostgres, func(s *Spec) { s.EngineVersion = "15.4" }, func(s *Spec) { s.EngineVersion = "16.2" }, []InputError{{Attribute: "engine_version",
			Detail: "engine_version 15.4 to 16.2 is a major version upgrade: set allow_major_version_upgrade = true (and take a snapshot first)"}}},
		{"major upgrade allowed", EngineAuroraMySQL, func(s *Spec) { s.EngineVersion = "5.7.mysql_aurora.2.11.2" },
			func(s *Spec) { s.EngineVersion = "8.0.mysql_aurora.3.05.2"; s.AllowMajorVersionUpgrade = true }, nil},
		{"engine change", EnginePostgres, func(s *Spec) { s.EngineVersion = "16.3" }, func(s *Spec) { s.Engine = EngineMySQL; s.EngineVersion = "8.0.36" }, nil},
		{"aurora has no storage", EngineAuroraMySQL, func(*Spec) {}, func(s *Spec) { s.InstanceCount = 3 }, nil},
		{"default port spelled out", EnginePostgres, func(*Spec) {}, func(s *Spec) { s.Port, s.PortSet = 5432, true }, nil},
		{"new port", EngineAuroraPostgres, func(*Spec) {}, func(s *Spec) { s.Port, s.PortSet = 6432, true }, []InputError{{Attribute: "port",
			Detail: "port cannot change from 5432 to 6432 in place: this resource does not move the listener of a running database " +
				"(RDS restarts it, and its clients, proxy and security group rules must move at the same moment); keep 5432, " +
				"or create a new database on port 6432 and move the data"}}},
		{"engine change moves the port", EnginePostgres, func(*Spec) {}, func(s *Spec) { s.Engine = EngineMySQL; s.EngineVersion = "8.0.36" }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prior := testSpec(tc.engine)
			tc.prior(&prior)
			planned := prior
			tc.mutate(&planned)
			if got := CheckUpdate(prior, planned); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("CheckUpdate:\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

// TestEvaluateUpdate_portUnknown is the twin of "new port" with values
// unknown at plan: an unknown port (or engine, which the rule also reads)
// hides the refusal until apply; an unknown attribute the rule does not
// read leaves it standing.
func TestEvaluateUpdate_portUnknown(t *testing.T) {
	prior := testSpec(EngineAuroraPostgres)
	planned := prior
	planned.Port, planned.PortSet = 6432, true
	for path, refused := range map[string]bool{"port": false, "engine": false, "allocated_storage": true, "engine_version": true} {
		var u compliance.Unknown
		u.Value(path)
		got := EvaluateUpdate(prior, planned, u)
		if has := slices.ContainsFunc(got, func(e InputError) bool { return e.Attribute == "port" }); has != refused {
			t.Errorf("%s unknown: port refused %v, want %v (%+v)", path, has, refused, got)
		}
	}
}
