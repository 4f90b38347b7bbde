package cache

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current expansion")

const (
	account = "123456789012"
	keyEast = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	keyWest = "arn:aws:kms:us-west-2:123456789012:key/22222222-3333-4444-5555-666666666666"
	appSG   = "sg-0aaaaaaaaaaaaaaaa"
)

// seedSpec is the telehealth platform's session cache: Valkey, IAM
// authentication, reached by the app tier's security group and one
// analytics subnet.
func seedSpec() Spec {
	return Spec{Name: "sessions", Engine: EngineValkey, EngineVersion: "8.1", NodeType: "cache.r7g.large",
		VPCID:                   "vpc-0123456789abcdef0",
		SubnetIDs:               []string{"subnet-0bbbbbbbbbbbbbbbb", "subnet-0aaaaaaaaaaaaaaaa"},
		AllowedSecurityGroupIDs: []string{appSG},
		AllowedCIDRBlocks:       []string{"10.0.32.0/20"},
		KMSKeyARN:               keyEast,
		MaintenanceWindow:       "sun:05:00-sun:06:00", SnapshotWindow: "03:00-04:00",
		Region: "us-east-1", AccountID: account, Tags: map[string]string{"app": "telehealth"}}
}

// passwordSpec is the seed on Redis OSS with a rotated password.
func passwordSpec() Spec {
	s := seedSpec()
	s.Name, s.Engine, s.EngineVersion = "queue", EngineRedis, "7.1"
	s.Auth = Auth{Mode: AuthPassword}
	return s
}

func mustExpand(t *testing.T, s Spec) Layout {
	t.Helper()
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSeed_compliant(t *testing.T) {
	for _, s := range []Spec{seedSpec(), passwordSpec()} {
		if f := Evaluate(s, compliance.Unknown{}); len(f.Input) != 0 || len(f.Violations) != 0 {
			t.Errorf("%s: %+v", s.Name, f)
		}
	}
}

func TestWithDefaults(t *testing.T) {
	s := Spec{Name: "x", SubnetIDs: []string{"subnet-0aaaaaaaaaaaaaaaa"}}
	d := s.WithDefaults()
	if d.Engine != EngineValkey || d.EngineVersion != "8.1" || d.SnapshotRetention() != 35 || d.Auth.Mode != AuthIAM || d.Auth.RotationDays != 0 ||
		d.NumCacheClusters != 2 || d.Port != 6379 || d.LogRetentionDays != 365 || d.Partition != "aws" {
		t.Fatalf("defaults %+v", d)
	}
	d.SubnetIDs[0] = "changed"
	*d.SnapshotRetentionDays = 1
	if s.SubnetIDs[0] != "subnet-0aaaaaaaaaaaaaaaa" || s.SnapshotRetentionDays != nil {
		t.Fatal("WithDefaults shares memory with its input")
	}
	p := Spec{Engine: EngineRedis, Auth: Auth{Mode: AuthPassword}, SnapshotRetentionDays: Int(0)}.WithDefaults()
	if p.EngineVersion != "7.1" || p.Auth.RotationDays != DefaultRotationDays || p.SnapshotRetention() != 0 {
		t.Fatalf("password defaults %+v", p)
	}
	set := seedSpec()
	set.Port, set.NumCacheClusters, set.Auth = 6380, 3, Auth{Mode: AuthPassword, RotationDays: 7}
	if d := set.WithDefaults(); d.Port != 6380 || d.NumCacheClusters != 3 || d.Auth.RotationDays != 7 {
		t.Fatal("WithDefaults overrides set values")
	}
}

// Every version of every engine is accepted; IAM authentication only on
// Valkey and Redis OSS 7.0 or later; Redis OSS 6.0 cannot deliver the
// engine log, which is never optional.
func TestEngineVersions(t *testing.T) {
	for e, versions := range EngineVersions {
		if e.DefaultVersion() != versions[len(versions)-1] {
			t.Errorf("%s: default %s is not the newest of %v", e, e.DefaultVersion(), versions)
		}
		for i := 1; i < len(versions); i++ {
			ma, mi, _ := strings.Cut(versions[i], ".")
			a, _ := strconv.Atoi(ma)
			b, _ := strconv.Atoi(mi)
			if !versionBefore(versions[i-1], a, b) {
				t.Errorf("%s: versions %v not oldest first", e, versions)
			}
		}
		for _, v := range versions {
			for _, mode := range AuthModes {
				s := seedSpec()
				s.Engine, s.EngineVersion, s.Auth.Mode = e, v, mode
				iamRefused := mode == AuthIAM && e == EngineRedis && versionBefore(v, 7, 0)
				if errs := Validate(s); (len(errs) != 0) != iamRefused {
					t.Errorf("%s %s %s: %v", e, v, mode, errs)
				}
				_, err := Expand(s)
				if want := iamRefused || (e == EngineRedis && v == "6.0"); (err != nil) != want {
					t.Errorf("%s %s %s: Expand error %v", e, v, mode, err)
				}
			}
		}
	}
	for _, c := range []struct {
		e Engine
		v string
	}{{EngineValkey, "7.1"}, {EngineValkey, "8.1.1"}, {EngineRedis, "7.2"}, {EngineRedis, "5.0.6"}, {EngineRedis, "7"}} {
		s := seedSpec()
		s.Engine, s.EngineVersion, s.Auth.Mode = c.e, c.v, AuthPassword
		if errs := Validate(s); len(errs) != 1 || errs[0].Attribute != "engine_version" {
			t.Errorf("%s %s: %v", c.e, c.v, errs)
		}
	}
}

func TestNodeType(t *testing.T) {
	for typ, ok := range map[string]bool{
		"cache.r7g.large": true, "cache.t4g.micro": true, "cache.m6g.16xlarge": true, "cache.r6gd.xlarge": true, "cache.c7gn.large": true,
		"cache.t2.small": true, "cache.m5.24xlarge": true,
		"cache.m3.large": false, "cache.t1.micro": false, "cache.r3.2xlarge": false, "cache.c1.xlarge": false, "cache.m1.small": false,
		"cache.m2.xlarge": false, "r7g.large": false, "cache.r7g": false, "db.r7g.large": false, "cache.R7G.large": false, "": false,
	} {
		s := seedSpec()
		s.NodeType = typ
		if errs := Validate(s); (len(errs) == 0) != ok {
			t.Errorf("%q: %v", typ, errs)
		}
	}
}

func TestWindows(t *testing.T) {
	for w, ok := range map[string]bool{"sun:05:00-sun:06:00": true, "sat:23:30-sun:00:30": true, "sun:23:30-mon:00:30": true,
		"sun:05:00-sun:05:59": false, "sun:05:00-mon:05:00": true, "sun:24:00-mon:01:00": false, "Sun:05:00-Sun:06:00": false, "05:00-06:00": false} {
		s := seedSpec()
		s.MaintenanceWindow = w
		if errs := Validate(s); (len(errs) == 0) != ok {
			t.Errorf("maintenance %q: %v", w, errs)
		}
	}
	for w, ok := range map[string]bool{"03:00-04:00": true, "23:30-00:30": true, "03:00-03:59": false, "03:00-3:59": false, "sun:03:00-sun:04:00": false} {
		s := seedSpec()
		s.SnapshotWindow = w
		if errs := Validate(s); (len(errs) == 0) != ok {
			t.Errorf("snapshot %q: %v", w, errs)
		}
	}
}

// evaluate is the enforce-mode result of s with its exceptions.
func evaluate(s Spec) compliance.Result {
	return compliance.Evaluate(ResourceType, compliance.ModeEnforce, Check(s), s.Exceptions)
}

// Snapshots kept 7 to 34 days, a password rotated every 91 to 365 days and
// logs kept less than a year need an exception; with one they are built
// as asked. Below the floors nothing is accepted.
func TestExceptions(t *testing.T) {
	for _, c := range []struct {
		name    string
		control string
		mod     func(*Spec)
		waiveOK bool
		check   func(Layout) bool
	}{
		{"14 days of snapshots", "CCH-03", func(s *Spec) { s.SnapshotRetentionDays = Int(14) }, true,
			func(l Layout) bool { return l.ReplicationGroup.SnapshotRetentionDays == 14 }},
		{"6 days of snapshots", "CCH-03", func(s *Spec) { s.SnapshotRetentionDays = Int(6) }, false, nil},
		{"no snapshots", "CCH-03", func(s *Spec) { s.SnapshotRetentionDays = Int(0) }, false, nil},
		{"one node", "CCH-04", func(s *Spec) { s.NumCacheClusters = 1 }, false, nil},
		{"one zone", "CCH-04", func(s *Spec) {
			s.SubnetAZs = map[string]string{"subnet-0aaaaaaaaaaaaaaaa": "us-east-1b", "subnet-0bbbbbbbbbbbbbbbb": "us-east-1b"}
		}, false, nil},
		{"rotation every 180 days", "CCH-05", func(s *Spec) { *s = passwordSpec(); s.Auth.RotationDays = 180 }, true,
			func(l Layout) bool { return l.Rotation.Days == 180 }},
		{"rotation every 400 days", "CCH-05", func(s *Spec) { *s = passwordSpec(); s.Auth.RotationDays = 400 }, false, nil},
		{"logs kept 90 days", "CCH-06", func(s *Spec) { s.LogRetentionDays = 90 }, true,
			func(l Layout) bool { return l.EngineLogGroup.RetentionDays == 90 && l.SlowLogGroup.RetentionDays == 90 }},
		{"open to all", "CCH-07", func(s *Spec) { s.AllowedCIDRBlocks = []string{"0.0.0.0/0"} }, false, nil},
	} {
		s := seedSpec()
		c.mod(&s)
		if r := evaluate(s); !r.HasErrors() {
			t.Errorf("%s: accepted without an exception", c.name)
		}
		s.Exceptions = []compliance.Exception{{Control: c.control, Reason: "accepted by the security officer until 2027-06"}}
		r := evaluate(s)
		if r.HasErrors() == c.waiveOK || (len(r.Waivers) == 1) != c.waiveOK {
			t.Errorf("%s with an exception: errors %v, waivers %v", c.name, r.HasErrors(), r.Waivers)
		}
		l, err := Expand(s)
		if (err == nil) != c.waiveOK {
			t.Errorf("%s: Expand error %v", c.name, err)
		}
		if err == nil && !c.check(l) {
			t.Errorf("%s: waived value not applied", c.name)
		}
	}
}

// Subnets in two zones pass; a subnet not described yet leaves the zone
// check to the next read.
func TestSubnetZones(t *testing.T) {
	for _, c := range []struct {
		azs  map[string]string
		want bool
	}{
		{nil, false},
		{map[string]string{"subnet-0aaaaaaaaaaaaaaaa": "us-east-1a", "subnet-0bbbbbbbbbbbbbbbb": "us-east-1b"}, false},
		{map[string]string{"subnet-0aaaaaaaaaaaaaaaa": "us-east-1a"}, false},
		{map[string]string{"subnet-0aaaaaaaaaaaaaaaa": "us-east-1a", "subnet-0bbbbbbbbbbbbbbbb": "us-east-1a"}, true},
	} {
		s := seedSpec()
		s.SubnetAZs = c.azs
		if got := len(checkSubnetZones(s.WithDefaults())) == 1; got != c.want {
			t.Errorf("%v: finding %v", c.azs, got)
		}
	}
}

func TestExpand_seed(t *testing.T) {
	l := mustExpand(t, seedSpec())
	rg := l.ReplicationGroup
	if !rg.MultiAZ || !rg.AutomaticFailover || rg.NumCacheClusters != 2 || rg.ClusterMode != "disabled" {
		t.Errorf("availability %+v", rg)
	}
	if !rg.AtRestEncryption || rg.KMSKeyARN != keyEast || !rg.TransitEncryption || rg.TransitEncryptionMode != "required" {
		t.Errorf("encryption %+v", rg)
	}
	if !rg.AutoMinorVersionUpgrade || rg.SnapshotRetentionDays != 35 || rg.SnapshotWindow != "03:00-04:00" || rg.MaintenanceWindow != "sun:05:00-sun:06:00" {
		t.Errorf("maintenance %+v", rg)
	}
	if rg.Engine != EngineValkey || rg.EngineVersion != "8.1" || rg.Port != 6379 || rg.SubnetGroupName != "sessions-subnets" ||
		rg.SecurityGroupKey != KeySecurityGroup || rg.UserGroupID != "sessions" {
		t.Errorf("replication group %+v", rg)
	}
	want := []LogDelivery{{"engine-log", "cloudwatch-logs", "/hipaa/cache/sessions/engine-log", "json"},
		{"slow-log", "cloudwatch-logs", "/hipaa/cache/sessions/slow-log", "json"}}
	if !slices.Equal(rg.LogDelivery, want) {
		t.Errorf("log delivery %+v", rg.LogDelivery)
	}
	for _, g := range []struct{ name, key string }{{l.EngineLogGroup.Name, KeyEngineLogGroup}, {l.SlowLogGroup.Name, KeySlowLogGroup}} {
		if !slices.ContainsFunc(rg.LogDelivery, func(d LogDelivery) bool { return d.LogGroup == g.name }) {
			t.Errorf("no delivery into %s", g.name)
		}
	}
	for _, g := range []struct {
		KMS  string
		Days int
		Tags map[string]string
	}{{l.EngineLogGroup.KMSKeyARN, l.EngineLogGroup.RetentionDays, l.EngineLogGroup.Tags}, {l.SlowLogGroup.KMSKeyARN, l.SlowLogGroup.RetentionDays, l.SlowLogGroup.Tags}} {
		if g.KMS != keyEast || g.Days != 365 || g.Tags[tags.OwnerKey] != "hipaa_cache/sessions" {
			t.Errorf("log group %+v", g)
		}
	}
	sg := l.SecurityGroup
	if len(sg.Egress) != 0 || len(sg.Ingress) != 2 || sg.Name != "hipaa-cache-sessions" || sg.VPCID != "vpc-0123456789abcdef0" {
		t.Fatalf("security group %+v", sg)
	}
	for _, r := range sg.Ingress {
		if r.Protocol != "tcp" || r.FromPort != 6379 || r.ToPort != 6379 {
			t.Errorf("rule %+v", r)
		}
	}
	if sg.Ingress[0].SecurityGroupID != appSG || sg.Ingress[1].CIDRBlock != "10.0.32.0/20" {
		t.Errorf("sources %+v", sg.Ingress)
	}
	if !slices.Equal(l.SubnetGroup.SubnetIDs, []string{"subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"}) {
		t.Errorf("subnet group %+v", l.SubnetGroup)
	}
	if len(l.Users) != 2 || l.UserGroup == nil || !slices.Equal(l.UserGroup.UserIDs, []string{"sessions-app", "sessions-default"}) {
		t.Fatalf("users %+v, group %+v", l.Users, l.UserGroup)
	}
	def, app := l.Users[0], l.Users[1]
	if def.Name != "default" || !strings.HasPrefix(def.AccessString, "off ") || def.Authentication != UserAuthNoPassword {
		t.Errorf("default user %+v", def)
	}
	if app.Authentication != UserAuthIAM || app.ID != app.Name || !strings.HasPrefix(app.AccessString, "on ") {
		t.Errorf("application user %+v", app)
	}
	if l.Secret != nil || l.Rotation != nil {
		t.Errorf("IAM mode has a secret %+v or a rotation %+v", l.Secret, l.Rotation)
	}
	if l.FinalSnapshotPrefix != "sessions-final-" || rg.Tags["app"] != "telehealth" || rg.Tags[tags.ChildKey] != KeyReplicationGroup {
		t.Errorf("final snapshot %q, tags %v", l.FinalSnapshotPrefix, rg.Tags)
	}
}

// With a password, the secret holds it under the customer key, the
// application user authenticates with it, and the rotation function may
// touch only that secret, that user, that key and its own log group.
func TestExpand_password(t *testing.T) {
	l := mustExpand(t, passwordSpec())
	sec := l.Secret
	if sec == nil || sec.KMSKeyARN != keyEast || sec.Name != "hipaa/cache/queue/app" || sec.Username != "queue-app" ||
		sec.UserARN != "arn:aws:elasticache:us-east-1:123456789012:user:queue-app" {
		t.Fatalf("secret %+v", sec)
	}
	if l.Users[1].Authentication != UserAuthPassword || l.UserGroup.Engine != EngineRedis || l.ReplicationGroup.UserGroupID != "queue" {
		t.Errorf("users %+v, group %+v", l.Users, l.UserGroup)
	}
	r := l.Rotation
	if r == nil || r.Days != 30 || r.Function.Template != RotationTemplate || r.Function.KMSKeyARN != keyEast ||
		r.Function.Environment["USER_NAME"] != sec.Username || r.Function.Environment["SECRETS_MANAGER_ENDPOINT"] != "https://secretsmanager.us-east-1.amazonaws.com" {
		t.Fatalf("rotation %+v", r)
	}
	if r.LogGroup.Name != "/aws/lambda/hipaa-cache-queue-rotation" || r.LogGroup.KMSKeyARN != keyEast || r.LogGroup.RetentionDays != 365 {
		t.Errorf("rotation log group %+v", r.LogGroup)
	}
	var doc policyDocument
	if err := json.Unmarshal([]byte(r.Role.PolicyDocument), &doc); err != nil {
		t.Fatal(err)
	}
	resources := map[string]bool{}
	for _, st := range doc.Statement {
		if st.Effect != "Allow" {
			t.Errorf("statement %+v", st)
		}
		resources[st.Resource.(string)] = true
	}
	for _, want := range []string{"arn:aws:secretsmanager:us-east-1:123456789012:secret:hipaa/cache/queue/app-??????",
		"arn:aws:elasticache:us-east-1:123456789012:user:queue-app", keyEast,
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hipaa-cache-queue-rotation:*", "*"} {
		if !resources[want] {
			t.Errorf("policy lacks %s: %s", want, r.Role.PolicyDocument)
		}
	}
	if len(resources) != 5 || !strings.Contains(r.Role.TrustPolicy, `"aws:SourceAccount":"123456789012"`) ||
		!strings.Contains(r.Role.TrustPolicy, "lambda.amazonaws.com") {
		t.Errorf("role %+v", r.Role)
	}
	if n := len(RotationFunctionName(strings.Repeat("a", MaxNameLen))); n > 64 {
		t.Errorf("rotation function and role names reach %d characters", n)
	}
}

// An existing user group replaces the users and the group the resource
// would make.
func TestExpand_existingUserGroup(t *testing.T) {
	s := seedSpec()
	s.Auth.UserGroupID = "platform-iam-users"
	l := mustExpand(t, s)
	if l.Users != nil || l.UserGroup != nil || l.ReplicationGroup.UserGroupID != "platform-iam-users" {
		t.Fatalf("users %+v, group %+v, replication group %+v", l.Users, l.UserGroup, l.ReplicationGroup)
	}
	checkChildren(t, l)
	for _, c := range l.Children() {
		if c.Kind == KindUser || c.Kind == KindUserGroup || slices.Contains(c.DependsOn, KeyUserGroup) {
			t.Errorf("child %+v", c)
		}
	}
}

func TestExpand_refuses(t *testing.T) {
	s := seedSpec()
	s.Name, s.KMSKeyARN, s.AllowedCIDRBlocks = "bad_name", "", []string{"0.0.0.0/0"}
	_, err := Expand(s)
	if err == nil {
		t.Fatal("expanded")
	}
	for _, w := range []string{"name:", "CCH-01", "CCH-07", `hipaa_cache "bad_name"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
}

func TestFinalSnapshotName(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 5, 1, 0, time.FixedZone("EST", -5*3600))
	if got := FinalSnapshotName("sessions", at); got != "sessions-final-20261123-140501" || !strings.HasPrefix(got, FinalSnapshotPrefix("sessions")) {
		t.Fatal(got)
	}
}

func checkChildren(t *testing.T, l Layout) {
	t.Helper()
	seen := map[string]bool{}
	last := -1
	for _, c := range l.Children() {
		if seen[c.Key] {
			t.Errorf("duplicate key %s", c.Key)
		}
		for _, d := range c.DependsOn {
			if !seen[d] {
				t.Errorf("%s depends on %s, which does not come earlier", c.Key, d)
			}
		}
		seen[c.Key] = true
		i := slices.Index(Kinds, c.Kind)
		if i < 0 {
			t.Errorf("%s has unknown kind %s", c.Key, c.Kind)
		}
		if i < last {
			t.Errorf("%s (%s) comes after a child of a later kind", c.Key, c.Kind)
		}
		last = max(last, i)
	}
}

// Every kind is owned by some child of one of the two seeds, and the
// children form a graph the executor schedules.
func TestChildren(t *testing.T) {
	kinds := map[Kind]bool{}
	for _, c := range []struct {
		s    Spec
		want []string
	}{
		{seedSpec(), []string{"sg/cache", "sg/cache/rules", "subnet-group", "log-group/engine", "log-group/slow",
			"user/default", "user/app", "user-group", "replication-group"}},
		{passwordSpec(), []string{"sg/cache", "sg/cache/rules", "subnet-group", "log-group/engine", "log-group/slow",
			"log-group/rotation", "rotation/role", "secret", "user/default", "user/app", "user-group", "replication-group",
			"rotation/function", "secret/rotation"}},
	} {
		l := mustExpand(t, c.s)
		checkChildren(t, l)
		var keys []string
		for _, ch := range l.Children() {
			kinds[ch.Kind] = true
			keys = append(keys, ch.Key)
		}
		if !slices.Equal(keys, c.want) {
			t.Errorf("%s keys\n got  %q\n want %q", c.s.Name, keys, c.want)
		}
		if g := executor.Graph(l.Children()); len(g) != len(c.want) {
			t.Errorf("%s graph %v", c.s.Name, g)
		}
	}
	for _, k := range Kinds {
		if !kinds[k] {
			t.Errorf("kind %s has no child", k)
		}
	}
}

type golden struct {
	Layout   Layout
	Children []Child
}

// TestExpand_golden: the layouts of the seeds must never change unnoticed;
// a changed file means every existing cache would plan changes.
func TestExpand_golden(t *testing.T) {
	for _, s := range []Spec{seedSpec(), passwordSpec()} {
		l := mustExpand(t, s)
		got, err := json.MarshalIndent(golden{l, l.Children()}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		again, _ := json.MarshalIndent(golden{mustExpand(t, s), l.Children()}, "", "  ")
		if !bytes.Equal(got[:len(got)-1], again) {
			t.Fatal("expansion is not deterministic")
		}
		path := filepath.Join("testdata", "golden", s.Name+".json")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/cache/ -run TestExpand_golden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("layout differs from %s: an existing cache would change; run with -update if the change is intended", path)
		}
	}
}
