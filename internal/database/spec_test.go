package database

import (
	"reflect"
	"slices"
	"testing"
)

func TestWithDefaults(t *testing.T) {
	cases := []struct {
		engine              Engine
		version, storage    string
		port, instanceCount int
	}{
		{EnginePostgres, "16.3", "gp3", 5432, 0},
		{EngineMySQL, "8.0.36", "gp3", 3306, 0},
		{EngineAuroraPostgres, "16.2", "aurora", 5432, 2},
		{EngineAuroraMySQL, "8.0.mysql_aurora.3.05.2", "aurora", 3306, 2},
	}
	for _, tc := range cases {
		t.Run(string(tc.engine), func(t *testing.T) {
			d := Spec{Identifier: "Patients", Engine: tc.engine, SubnetIDs: []string{subnetB, subnetA, subnetB}}.WithDefaults()
			if d.Identifier != "patients" || d.EngineVersion != tc.version || d.StorageType != tc.storage || d.Port != tc.port ||
				d.InstanceCount != tc.instanceCount {
				t.Fatalf("defaults: %+v", d)
			}
			if d.MasterUsername != DefaultMasterUsername || d.MasterPasswordRotationDays != 30 || d.PerformanceInsightsRetentionDays != 7 ||
				d.LogRetentionDays != 365 || d.Proxy.IdleClientTimeoutSeconds != 1800 || d.Partition != "aws" {
				t.Fatalf("defaults: %+v", d)
			}
			if *d.BackupRetentionDays != 35 || *d.MonitoringIntervalSeconds != 60 || !*d.MultiAZ || !*d.DeletionProtection || !*d.PerformanceInsights {
				t.Fatalf("pointer defaults: %+v", d)
			}
			if !slices.Equal(d.SubnetIDs, []string{subnetA, subnetB}) {
				t.Fatalf("subnet_ids = %v", d.SubnetIDs)
			}
			if !reflect.DeepEqual(d.WithDefaults(), d) {
				t.Fatal("WithDefaults is not idempotent")
			}
		})
	}
}

func TestWithDefaults_keepsExplicitZeros(t *testing.T) {
	s := Spec{Engine: EnginePostgres, BackupRetentionDays: Int(0), MonitoringIntervalSeconds: Int(0),
		MultiAZ: Bool(false), DeletionProtection: Bool(false), PerformanceInsights: Bool(false)}
	d := s.WithDefaults()
	if d.BackupRetention() != 0 || d.MonitoringInterval() != 0 || d.IsMultiAZ() || d.IsDeletionProtected() || d.IsPerformanceInsights() {
		t.Fatalf("explicit zeros lost: %+v", d)
	}
	*d.MultiAZ = true
	if *s.MultiAZ {
		t.Fatal("WithDefaults shares a pointer with its input")
	}
	var unset Spec
	if unset.BackupRetention() != 35 || unset.MonitoringInterval() != 60 || !unset.IsMultiAZ() || !unset.IsDeletionProtected() || !unset.IsPerformanceInsights() {
		t.Fatal("accessors of an unset spec must return the defaults")
	}
}

func TestEngine(t *testing.T) {
	cases := []struct {
		e                Engine
		aurora, postgres bool
		logs             []string
		proxy            string
	}{
		{EnginePostgres, false, true, []string{"postgresql", "upgrade"}, "POSTGRESQL"},
		{EngineMySQL, false, false, []string{"audit", "error", "general", "slowquery"}, "MYSQL"},
		{EngineAuroraPostgres, true, true, []string{"postgresql"}, "POSTGRESQL"},
		{EngineAuroraMySQL, true, false, []string{"audit", "error", "general", "slowquery"}, "MYSQL"},
	}
	for _, tc := range cases {
		if !tc.e.Valid() || tc.e.IsAurora() != tc.aurora || tc.e.IsPostgres() != tc.postgres ||
			!slices.Equal(tc.e.LogExports(), tc.logs) || tc.e.ProxyEngineFamily() != tc.proxy {
			t.Errorf("%s: unexpected properties", tc.e)
		}
	}
	if Engine("oracle-ee").Valid() || Engine("oracle-ee").LogExports() != nil || Engine("").DefaultVersion() != "" {
		t.Error("unknown engine")
	}
}

func TestParameterGroupFamily(t *testing.T) {
	cases := []struct {
		e       Engine
		version string
		want    string
	}{
		{EnginePostgres, "16.3", "postgres16"},
		{EnginePostgres, "16", "postgres16"},
		{EnginePostgres, "9.6.24", "postgres9.6"},
		{EngineMySQL, "8.0.36", "mysql8.0"},
		{EngineMySQL, "5.7", "mysql5.7"},
		{EngineMySQL, "8.4.3", "mysql8.4"},
		{EngineAuroraPostgres, "16.2", "aurora-postgresql16"},
		{EngineAuroraPostgres, "13.12", "aurora-postgresql13"},
		{EngineAuroraMySQL, "8.0.mysql_aurora.3.05.2", "aurora-mysql8.0"},
		{EngineAuroraMySQL, "5.7.mysql_aurora.2.11.2", "aurora-mysql5.7"},
	}
	for _, tc := range cases {
		if got, err := tc.e.ParameterGroupFamily(tc.version); err != nil || got != tc.want {
			t.Errorf("%s %s: %q, %v; want %q", tc.e, tc.version, got, err, tc.want)
		}
	}
	for _, bad := range []struct {
		e       Engine
		version string
	}{
		{EnginePostgres, "latest"}, {EnginePostgres, "9"}, {EnginePostgres, "16.3.1.2"}, {EngineMySQL, "8"},
		{EngineMySQL, "8.0.mysql_aurora.3.05.2"}, {EngineAuroraMySQL, "8.0.36"}, {EngineAuroraPostgres, ""}, {"oracle-ee", "19"},
	} {
		if got, err := bad.e.ParameterGroupFamily(bad.version); err == nil {
			t.Errorf("%s %q: family %q, want an error", bad.e, bad.version, got)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	cases := []struct {
		e    Engine
		a, b string
		want int
	}{
		{EnginePostgres, "16.3", "16.4", -1},
		{EnginePostgres, "16.10", "16.9", 1},
		{EnginePostgres, "16", "16.3", 0},
		{EnginePostgres, "15.7", "16.1", -1},
		{EngineAuroraMySQL, "8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.10.0", -1},
		{EngineMySQL, "8.0.36", "8.0.36", 0},
	}
	for _, tc := range cases {
		a, _ := ParseVersion(tc.e, tc.a)
		b, _ := ParseVersion(tc.e, tc.b)
		if got := a.Compare(b); got != tc.want {
			t.Errorf("%s vs %s = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestOwnerAndTags(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.Tags = map[string]string{"env": "prod", "team": "app"}
	s.DefaultTags = map[string]string{"env": "default", "cost-center": "clinical"}
	want := map[string]string{"env": "prod", "team": "app", "cost-center": "clinical",
		"hipaa:managed-by": "terraform-provider-hipaa", "hipaa:owner": "hipaa_database/patients"}
	if got := s.BaseTags(); !reflect.DeepEqual(got, want) {
		t.Fatalf("BaseTags = %v", got)
	}
	l := mustExpand(t, s)
	if got := l.Tags(KeyInstance); got["hipaa:child"] != "instance" || got["env"] != "prod" || len(got) != len(want)+1 {
		t.Fatalf("Tags(instance) = %v", got)
	}
	if _, ok := l.BaseTags["hipaa:child"]; ok {
		t.Fatal("Tags modified BaseTags")
	}
}
