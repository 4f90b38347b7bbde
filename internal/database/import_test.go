package database

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

var importEnv = Env{AccountID: "123456789012", Partition: "aws", Region: "us-east-1"}

func rdsTags(m map[string]string) []rdstypes.Tag { return awsclient.RDSTags(m) }

// observedInstance is what Import reads of a database built from s: the
// instance, its subnet group and, with children, its groups, log groups,
// secret and proxy.
func observedInstance(t *testing.T, s Spec, children bool) *Observed {
	t.Helper()
	l := mustExpand(t, s)
	i := l.Instance
	tagged := map[string]string{"team": "data", "env": "prod", "aws:cloudformation:stack-name": "x"}
	for k, v := range tags.WithChild(l.BaseTags, KeyInstance) {
		tagged[k] = v
	}
	o := &Observed{
		Instance: &rdstypes.DBInstance{DBInstanceIdentifier: aws.String(i.Identifier), Engine: aws.String(string(i.Engine)),
			EngineVersion: aws.String(i.EngineVersion), DBInstanceClass: aws.String(i.Class), AllocatedStorage: aws.Int32(int32(i.AllocatedStorage)),
			MaxAllocatedStorage: aws.Int32(int32(i.MaxAllocatedStorage)), StorageType: aws.String(i.StorageType), KmsKeyId: aws.String(i.KMSKeyARN),
			BackupRetentionPeriod: aws.Int32(int32(i.BackupRetentionDays)), MultiAZ: aws.Bool(i.MultiAZ), DeletionProtection: aws.Bool(i.DeletionProtection),
			MasterUsername: aws.String(i.MasterUsername), PerformanceInsightsEnabled: aws.Bool(i.PerformanceInsights),
			MonitoringInterval: aws.Int32(int32(i.MonitoringInterval)), Endpoint: &rdstypes.Endpoint{Port: aws.Int32(int32(i.Port))},
			PreferredBackupWindow: aws.String("03:50-04:20"), // chosen by AWS: not imported
			TagList:               rdsTags(tagged)},
		Members:     map[string]rdstypes.DBInstance{},
		SubnetGroup: subnetGroup(s),
	}
	if children {
		addChildren(o, s, l)
	}
	return o
}

func subnetGroup(s Spec) *rdstypes.DBSubnetGroup {
	g := &rdstypes.DBSubnetGroup{DBSubnetGroupName: aws.String(SubnetGroupName(s.Identifier)), VpcId: aws.String(s.VPCID)}
	for _, id := range s.SubnetIDs {
		g.Subnets = append(g.Subnets, rdstypes.Subnet{SubnetIdentifier: aws.String(id)})
	}
	return g
}

func addChildren(o *Observed, s Spec, l Layout) {
	const proxySG = "sg-0ddddddddddddddd0"
	perm := ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(int32(l.Instance.Port))}
	for _, id := range s.AllowedSecurityGroupIDs {
		perm.UserIdGroupPairs = append(perm.UserIdGroupPairs, ec2types.UserIdGroupPair{GroupId: aws.String(id)})
	}
	if s.Proxy.Enabled {
		perm.UserIdGroupPairs = append(perm.UserIdGroupPairs, ec2types.UserIdGroupPair{GroupId: aws.String(proxySG)})
	}
	for _, c := range s.AllowedCIDRBlocks {
		perm.IpRanges = append(perm.IpRanges, ec2types.IpRange{CidrIp: aws.String(c)})
	}
	o.SecurityGroups = map[string]ec2types.SecurityGroup{KeySecurityGroup: {GroupId: aws.String("sg-0eeeeeeeeeeeeeee0"), IpPermissions: []ec2types.IpPermission{perm}}}
	if s.Proxy.Enabled {
		o.SecurityGroups[KeyProxySecurityGroup] = ec2types.SecurityGroup{GroupId: aws.String(proxySG)}
		o.Proxy = &rdstypes.DBProxy{DBProxyName: aws.String(ProxyName(s.Identifier)), IdleClientTimeout: aws.Int32(int32(s.Proxy.IdleClientTimeoutSeconds)),
			DebugLogging: aws.Bool(s.Proxy.DebugLogging)}
	}
	o.LogGroups = map[string]loggroup.State{}
	for _, g := range l.LogGroups {
		days := g.RetentionDays
		if g.LogType == ProxyLogType {
			days = 1 // the proxy's group never sets log_retention_days
		}
		o.LogGroups[g.Name] = loggroup.State{RetentionDays: days}
	}
	o.Secret = &secretsmanager.DescribeSecretOutput{RotationRules: &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(int64(l.SecretRotationDays))}}
}

// SpecOf rebuilds the Spec a database was built from: expanding it gives
// the same layout.
func TestSpecOf_instanceRoundTrip(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.AllocatedStorage, s.MaxAllocatedStorage, s.BackupRetentionDays = 30, 100, Int(14)
	s.MasterPasswordRotationDays, s.LogRetentionDays = 60, 731
	s.AllowedCIDRBlocks = []string{"10.0.0.0/16"}
	s.Proxy = Proxy{Enabled: true, IdleClientTimeoutSeconds: 900}
	s.Tags, s.DefaultTags = map[string]string{"team": "data"}, map[string]string{"env": "prod"}
	got := SpecOf(observedInstance(t, s, true), importEnv, s.DefaultTags).WithDefaults()
	want := s.WithDefaults()
	if a, b := mustExpand(t, got), mustExpand(t, want); !sameLayout(a, b) {
		t.Errorf("SpecOf does not expand like the original:\n got %+v\nwant %+v", got, want)
	}
	if len(got.Tags) != 1 || got.Tags["team"] != "data" {
		t.Errorf("tags %v: want only the user's (no owner, managed-by, child, aws: or unchanged default tags)", got.Tags)
	}
	if got.BackupWindow != "" || got.AllowMajorVersionUpgrade || got.ApplyImmediately {
		t.Errorf("values AWS does not record as configured must stay unset: %+v", got)
	}
}

// Without the children (Import's first pass) the Spec still expands: the
// children's values take their defaults.
func TestSpecOf_databaseOnlyExpands(t *testing.T) {
	for _, e := range []Engine{EnginePostgres, EngineMySQL} {
		s := testSpec(e)
		got := SpecOf(observedInstance(t, s, false), importEnv, nil)
		if _, err := Expand(got); err != nil {
			t.Errorf("%s: %v", e, err)
		}
		if got.Proxy.Enabled || got.LogRetentionDays != 0 || got.MasterPasswordRotationDays != 0 || len(got.AllowedSecurityGroupIDs) != 0 {
			t.Errorf("%s: children's values without children: %+v", e, got)
		}
	}
}

func TestSpecOf_cluster(t *testing.T) {
	s := testSpec(EngineAuroraPostgres)
	s.InstanceCount = 3
	l := mustExpand(t, s)
	o := &Observed{
		Cluster: &rdstypes.DBCluster{DBClusterIdentifier: aws.String("Patients"), Engine: aws.String(string(s.Engine)),
			EngineVersion: aws.String("16.2"), KmsKeyId: aws.String(testKeyARN), BackupRetentionPeriod: aws.Int32(35),
			StorageType:        aws.String("gp2"), // as the emulator reports it: not an Aurora storage type, so the default
			DeletionProtection: aws.Bool(true), MasterUsername: aws.String("hipaa_admin"), Port: aws.Int32(5432),
			MultiAZ: aws.Bool(false), // as the emulator reports it: an Aurora cluster is Multi-AZ through its members
			TagList: rdsTags(l.BaseTags)},
		Members:     map[string]rdstypes.DBInstance{},
		SubnetGroup: subnetGroup(s),
	}
	for n := 1; n <= 3; n++ {
		o.Members[MemberIdentifier("patients", n)] = rdstypes.DBInstance{DBInstanceClass: aws.String("db.r6g.large"), MonitoringInterval: aws.Int32(30)}
	}
	got := SpecOf(o, importEnv, nil)
	if got.Identifier != "patients" || got.InstanceCount != 3 || got.InstanceClass != "db.r6g.large" || got.MultiAZ != nil ||
		got.MonitoringInterval() != 30 || got.AllocatedStorage != 0 || got.StorageType != "" || got.VPCID != s.VPCID || !slices.Equal(got.SubnetIDs, s.SubnetIDs) {
		t.Errorf("SpecOf(cluster) = %+v", got)
	}
	if _, err := Expand(got); err != nil {
		t.Errorf("the cluster's Spec does not expand: %v", err)
	}
}

func sameLayout(a, b Layout) bool { return reflect.DeepEqual(a, b) }

// fakeRDS answers the query-protocol calls Import makes before anything
// else: each action maps to a status and an XML body.
func fakeRDS(t *testing.T, answers map[string]func(url.Values) (int, string)) Clients {
	t.Helper()
	var called []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		action := r.Form.Get("Action")
		called = append(called, action)
		answer, ok := answers[action]
		if !ok {
			t.Errorf("unexpected call %s", action)
			w.WriteHeader(500)
			return
		}
		status, body := answer(r.Form)
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(func() {
		srv.Close()
		for _, a := range called {
			if !strings.HasPrefix(a, "Describe") {
				t.Errorf("Import called %s: it must only read", a)
			}
		}
	})
	c := rds.New(rds.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	return Clients{RDS: c}
}

func rdsError(code string) func(url.Values) (int, string) {
	return func(url.Values) (int, string) {
		return 404, `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>` + code +
			`</Code><Message>not found</Message></Error><RequestId>1</RequestId></ErrorResponse>`
	}
}

func describeInstances(id, cluster string, tagXML string) func(url.Values) (int, string) {
	return func(url.Values) (int, string) {
		member := ""
		if cluster != "" {
			member = "<DBClusterIdentifier>" + cluster + "</DBClusterIdentifier>"
		}
		return 200, `<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances><DBInstance>` +
			`<DBInstanceIdentifier>` + id + `</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus>` + member +
			`<TagList>` + tagXML + `</TagList></DBInstance></DBInstances></DescribeDBInstancesResult>` +
			`<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`
	}
}

// Errors are classified by type: no database is a NoDatabaseError naming
// the identifier and region (a not-found error), never an unrelated rule.
func TestImport_noDatabase(t *testing.T) {
	c := fakeRDS(t, map[string]func(url.Values) (int, string){
		"DescribeDBInstances": rdsError("DBInstanceNotFound"), "DescribeDBClusters": rdsError("DBClusterNotFoundFault")})
	_, err := Import(context.Background(), c, importEnv, nil, "NoSuch1")
	var nd *NoDatabaseError
	if !errors.As(err, &nd) || !awsclient.IsNotFound(err) {
		t.Fatalf("err = %v (%T), want a NoDatabaseError that is not-found", err, err)
	}
	if !strings.HasPrefix(err.Error(), "no DB instance or cluster nosuch1 in us-east-1") {
		t.Errorf("message %q", err)
	}
}

func TestImport_refusesWhatItDidNotCreate(t *testing.T) {
	for name, tagXML := range map[string]string{
		"untagged":         "",
		"another resource": `<Tag><Key>hipaa:owner</Key><Value>hipaa_database/other</Value></Tag>`,
	} {
		t.Run(name, func(t *testing.T) {
			c := fakeRDS(t, map[string]func(url.Values) (int, string){"DescribeDBInstances": describeInstances("legacy", "", tagXML)})
			_, err := Import(context.Background(), c, importEnv, nil, "legacy")
			var no *tags.NotOwnedError
			if !errors.As(err, &no) || awsclient.IsNotFound(err) {
				t.Fatalf("err = %v (%T), want a NotOwnedError", err, err)
			}
			for _, want := range []string{"DB instance legacy", "not created by hipaa_database", "hipaa:owner=hipaa_database/legacy", "create a new hipaa_database"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q lacks %q", err, want)
				}
			}
		})
	}
}

func TestImport_memberNamesItsCluster(t *testing.T) {
	c := fakeRDS(t, map[string]func(url.Values) (int, string){
		"DescribeDBInstances": describeInstances("au1-1", "au1", `<Tag><Key>hipaa:owner</Key><Value>hipaa_database/au1</Value></Tag>`)})
	_, err := Import(context.Background(), c, importEnv, nil, "au1-1")
	var me *MemberError
	if !errors.As(err, &me) || me.Cluster != "au1" {
		t.Fatalf("err = %v, want a MemberError naming au1", err)
	}
}

func TestImport_invalidIdentifierMakesNoCall(t *testing.T) {
	c := fakeRDS(t, nil)
	if _, err := Import(context.Background(), c, importEnv, nil, "bad_id!"); err == nil || !strings.Contains(err.Error(), "identifier") {
		t.Fatalf("err = %v, want the identifier rule", err)
	}
}
