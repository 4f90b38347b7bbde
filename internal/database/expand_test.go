package database

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestExpand_instance(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.AllowedCIDRBlocks = []string{"10.0.144.0/20", "10.0.128.0/20"}
	l := mustExpand(t, s)
	checkInvariants(t, l)
	i := l.Instance
	if l.Cluster != nil || l.ClusterParameterGroup != nil || i == nil {
		t.Fatalf("an instance engine expands to an instance only: %+v", l)
	}
	if !i.StorageEncrypted || i.KMSKeyARN != testKeyARN || !i.MultiAZ || i.BackupRetentionDays != 35 || !i.DeletionProtection ||
		!i.IAMAuth || i.PubliclyAccessible || !i.AutoMinorVersionUpgrade || !i.CopyTagsToSnapshot || !i.FinalSnapshot ||
		!i.PerformanceInsights || i.PIKMSKeyARN != testKeyARN || i.PIRetentionDays != 7 || i.MonitoringInterval != 60 ||
		i.MonitoringRoleKey != KeyMonitoringRole || !i.ManageMasterUserPassword || i.MasterUserSecretKMSKeyARN != testKeyARN ||
		i.Port != 5432 || i.MasterUsername != "hipaa_admin" || i.ParameterGroupName != "patients-params" || i.SubnetGroupName != "patients-subnets" {
		t.Fatalf("instance: %+v", i)
	}
	if g := l.SubnetGroup; g.Name != "patients-subnets" || !slices.Equal(g.SubnetIDs, []string{subnetA, subnetB}) {
		t.Fatalf("subnet group: %+v", g)
	}
	wantParams := []Parameter{{"log_connections", "1", "immediate"}, {"log_disconnections", "1", "immediate"},
		{"log_min_duration_statement", "1000", "immediate"}, {"log_statement", "ddl", "immediate"}, {"rds.force_ssl", "1", "immediate"}}
	if pg := l.ParameterGroup; pg.Family != "postgres16" || pg.Cluster || !reflect.DeepEqual(pg.Parameters, wantParams) {
		t.Fatalf("parameter group: %+v", pg)
	}
	wantIngress := []Rule{
		{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupID: appSG, Description: "Allowed security group " + appSG},
		{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDRBlock: "10.0.128.0/20", Description: "Allowed CIDR block 10.0.128.0/20"},
		{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDRBlock: "10.0.144.0/20", Description: "Allowed CIDR block 10.0.144.0/20"},
	}
	if g := l.SecurityGroup; g.Name != "patients-db" || g.VPCID != s.VPCID || !reflect.DeepEqual(g.Ingress, wantIngress) || len(g.Egress) != 0 {
		t.Fatalf("security group: %+v", g)
	}
	if r := l.MonitoringRole; r == nil || r.Name != "patients-monitoring" ||
		r.ManagedPolicyARN != "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" || r.AssumeRolePolicy != MonitoringTrustPolicy("123456789012") {
		t.Fatalf("monitoring role: %+v", r)
	}
	if l.SecretRotationDays != 30 || l.Proxy != nil {
		t.Fatalf("layout: %+v", l)
	}
}

func TestExpand_mysqlParameters(t *testing.T) {
	l := mustExpand(t, testSpec(EngineMySQL))
	checkInvariants(t, l)
	want := []Parameter{{"log_output", "FILE", "immediate"}, {"long_query_time", "2", "immediate"},
		{"require_secure_transport", "ON", "immediate"}, {"slow_query_log", "1", "immediate"}}
	if pg := l.ParameterGroup; pg.Family != "mysql8.0" || !reflect.DeepEqual(pg.Parameters, want) {
		t.Fatalf("parameter group: %+v", pg)
	}
	if g := l.LogGroups[0]; g.Name != "/aws/rds/instance/patients/audit" || g.RetentionDays != 365 || g.KMSKeyARN != testKeyARN {
		t.Fatalf("log group: %+v", g)
	}
}

func TestExpand_aurora(t *testing.T) {
	s := testSpec(EngineAuroraMySQL)
	s.InstanceCount = 5
	s.SubnetIDs = []string{subnetA, subnetB, subnetC}
	s.SubnetAZs = map[string]string{subnetA: "us-east-1b", subnetB: "us-east-1a", subnetC: "us-east-1c", "subnet-0dddddddddddddddd": "us-east-1d"}
	l := mustExpand(t, s)
	checkInvariants(t, l)
	c := l.Cluster
	if l.Instance != nil || c == nil || l.ClusterParameterGroup == nil {
		t.Fatalf("Aurora expands to a cluster only: %+v", l)
	}
	if c.Identifier != "patients" || !c.StorageEncrypted || c.StorageType != "aurora" || !c.IAMAuth || !c.ManageMasterUserPassword ||
		c.ClusterParameterGroupName != "patients-cluster-params" || !slices.Equal(c.AvailabilityZones, []string{"us-east-1a", "us-east-1b", "us-east-1c"}) {
		t.Fatalf("cluster: %+v", c)
	}
	var ids, azs []string
	for _, m := range c.Members {
		ids, azs = append(ids, m.Identifier), append(azs, m.AvailabilityZone)
		if m.Class != "db.r6g.large" || m.PubliclyAccessible || !m.AutoMinorVersionUpgrade || m.PIKMSKeyARN != testKeyARN || m.ParameterGroupName != "patients-params" {
			t.Fatalf("member: %+v", m)
		}
	}
	if !slices.Equal(ids, []string{"patients-1", "patients-2", "patients-3", "patients-4", "patients-5"}) ||
		!slices.Equal(azs, []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b"}) {
		t.Fatalf("members %v in %v", ids, azs)
	}
	if cpg := l.ClusterParameterGroup; !cpg.Cluster || cpg.Family != "aurora-mysql8.0" || !slices.Contains(cpg.Parameters, TLSParameter(EngineAuroraMySQL)) {
		t.Fatalf("cluster parameter group: %+v", cpg)
	}
	if pg := l.ParameterGroup; pg.Cluster || len(pg.Parameters) != 0 || pg.Family != "aurora-mysql8.0" {
		t.Fatalf("instance parameter group: %+v", pg)
	}
	if g := l.LogGroups[0]; g.Name != "/aws/rds/cluster/patients/audit" {
		t.Fatalf("log group: %+v", g)
	}
	if got := l.Count(); got[KindInstance] != 5 || got[KindCluster] != 1 || got[KindClusterParameterGroup] != 1 {
		t.Fatalf("Count = %v", got)
	}
}

func TestExpand_auroraZonesUnknown(t *testing.T) {
	l := mustExpand(t, testSpec(EngineAuroraPostgres))
	checkInvariants(t, l)
	if c := l.Cluster; c.AvailabilityZones != nil || len(c.Members) != 2 || c.Members[0].AvailabilityZone != "" {
		t.Fatalf("cluster: %+v", c)
	}
}

func TestExpand_proxy(t *testing.T) {
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) {
			s := testSpec(e)
			s.AllowedCIDRBlocks = []string{"10.0.128.0/20"}
			s.Proxy = Proxy{Enabled: true, DebugLogging: true}
			l := mustExpand(t, s)
			checkInvariants(t, l)
			p := l.Proxy
			if p == nil || p.Name != "patients-proxy" || p.EngineFamily != e.ProxyEngineFamily() || !p.RequireTLS || p.IAMAuth != "REQUIRED" ||
				p.IdleClientTimeout != 1800 || !p.DebugLogging || p.RoleName != "patients-proxy" || p.RoleAssumePolicy != ProxyTrustPolicy("123456789012") ||
				!slices.Equal(p.SubnetIDs, []string{subnetA, subnetB}) {
				t.Fatalf("proxy: %+v", p)
			}
			port := e.DefaultPort()
			if g := p.SecurityGroup; g.Name != "patients-proxy" || !reflect.DeepEqual(g.Ingress, sourceRules(s.WithDefaults())) ||
				!reflect.DeepEqual(g.Egress, []Rule{{Protocol: "tcp", FromPort: port, ToPort: port, SecurityGroupKey: KeySecurityGroup, Description: "hipaa_database patients"}}) {
				t.Fatalf("proxy security group: %+v", g)
			}
			last := l.SecurityGroup.Ingress[len(l.SecurityGroup.Ingress)-1]
			if last.SecurityGroupKey != KeyProxySecurityGroup || last.FromPort != port {
				t.Fatalf("the database group does not admit the proxy: %+v", l.SecurityGroup.Ingress)
			}
			if g := l.LogGroups[len(l.LogGroups)-1]; g.Name != "/aws/rds/proxy/patients-proxy" || g.KMSKeyARN != testKeyARN {
				t.Fatalf("proxy log group: %+v", g)
			}
		})
	}
}

func TestExpand_waivedSettings(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.MultiAZ, s.DeletionProtection, s.PerformanceInsights = Bool(false), Bool(false), Bool(false)
	s.MonitoringIntervalSeconds = Int(0)
	s.BackupRetentionDays = Int(3)
	l := mustExpand(t, s)
	checkInvariants(t, l)
	i := l.Instance
	if i.MultiAZ || i.DeletionProtection || i.PerformanceInsights || i.PIKMSKeyARN != "" || i.PIRetentionDays != 0 ||
		i.MonitoringInterval != 0 || i.MonitoringRoleKey != "" || l.MonitoringRole != nil || i.BackupRetentionDays != 3 {
		t.Fatalf("instance: %+v", i)
	}
	if _, ok := l.Count()[KindIAMRole]; ok {
		t.Fatal("no role without monitoring or proxy")
	}
}

func TestExpand_refuses(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.KMSKeyARN = ""
	s.Port = 22
	_, err := Expand(s)
	if err == nil || !strings.Contains(err.Error(), `expanding hipaa_database "patients"`) ||
		!strings.Contains(err.Error(), "port: ") || !strings.Contains(err.Error(), "kms_key_arn: DB-01 ") {
		t.Fatalf("Expand error = %v", err)
	}
}

// TestExpand_pure: the input is not modified, and list order does not matter.
func TestExpand_pure(t *testing.T) {
	s := testSpec(EngineAuroraPostgres)
	s.SubnetIDs = []string{subnetC, subnetA, subnetB}
	s.SubnetAZs = map[string]string{subnetA: "us-east-1a", subnetB: "us-east-1b", subnetC: "us-east-1c"}
	s.AllowedSecurityGroupIDs = []string{"sg-0bbbbbbbbbbbbbbbb", appSG}
	s.Proxy.Enabled = true
	before := s
	before.SubnetIDs = slices.Clone(s.SubnetIDs)
	before.SubnetAZs = maps.Clone(s.SubnetAZs)
	before.AllowedSecurityGroupIDs = slices.Clone(s.AllowedSecurityGroupIDs)
	l := mustExpand(t, s)
	if !reflect.DeepEqual(s, before) {
		t.Fatal("Expand modified its input")
	}
	reordered := s
	reordered.SubnetIDs = []string{subnetB, subnetC, subnetA}
	reordered.AllowedSecurityGroupIDs = []string{appSG, "sg-0bbbbbbbbbbbbbbbb"}
	if !reflect.DeepEqual(mustExpand(t, reordered), l) || !reflect.DeepEqual(mustExpand(t, s), l) {
		t.Fatal("Expand depends on list order or on something besides its input")
	}
}
