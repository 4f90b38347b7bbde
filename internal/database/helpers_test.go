package database

import (
	"maps"
	"slices"
	"testing"
)

const testKeyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

const (
	subnetA = "subnet-0aaaaaaaaaaaaaaaa"
	subnetB = "subnet-0bbbbbbbbbbbbbbbb"
	subnetC = "subnet-0cccccccccccccccc"
	appSG   = "sg-0123456789abcdef0"
)

// testSpec is a compliant spec of engine e.
func testSpec(e Engine) Spec {
	s := Spec{Identifier: "patients", Engine: e, InstanceClass: "db.r6g.large", VPCID: "vpc-0123456789abcdef0",
		SubnetIDs: []string{subnetB, subnetA}, AllowedSecurityGroupIDs: []string{appSG},
		KMSKeyARN: testKeyARN, Region: "us-east-1", AccountID: "123456789012"}
	if !e.IsAurora() {
		s.AllocatedStorage = 100
	}
	return s
}

func mustExpand(t testing.TB, s Spec) Layout {
	t.Helper()
	l, err := Expand(s)
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	return l
}

// layoutKeys gathers every child key the layout describes, from its fields.
func layoutKeys(l Layout) []string {
	keys := []string{l.SubnetGroup.Key, l.ParameterGroup.Key, l.SecurityGroup.Key, l.SecurityGroup.RulesKey, KeySecretRotation}
	for _, g := range l.LogGroups {
		keys = append(keys, g.Key)
	}
	if r := l.MonitoringRole; r != nil {
		keys = append(keys, r.Key, r.PolicyKey)
	}
	if l.Instance != nil {
		keys = append(keys, l.Instance.Key)
	}
	if c := l.Cluster; c != nil {
		keys = append(keys, l.ClusterParameterGroup.Key, c.Key)
		for _, m := range c.Members {
			keys = append(keys, m.Key)
		}
	}
	if p := l.Proxy; p != nil {
		keys = append(keys, p.Key, p.RoleKey, p.RolePolicyKey, p.RoleAttachmentKey, p.SecurityGroup.Key, p.SecurityGroup.RulesKey, p.TargetKey)
	}
	slices.Sort(keys)
	return keys
}

// checkInvariants asserts what must hold for every layout of a valid spec.
func checkInvariants(t testing.TB, l Layout) {
	t.Helper()
	if v := LayoutViolations(l); len(v) > 0 {
		t.Fatalf("LayoutViolations: %+v", v)
	}
	checkChildren(t, l)
	checkLogGroups(t, l)
}

func checkChildren(t testing.TB, l Layout) {
	t.Helper()
	children := l.Children()
	pos := map[string]int{}
	for i, c := range children {
		if _, dup := pos[c.Key]; dup {
			t.Fatalf("child %s listed twice", c.Key)
		}
		for _, d := range c.DependsOn {
			if j, ok := pos[d]; !ok || j >= i {
				t.Fatalf("child %s depends on %s, which does not come before it", c.Key, d)
			}
		}
		pos[c.Key] = i
	}
	if got, want := slices.Sorted(maps.Keys(pos)), layoutKeys(l); !slices.Equal(got, want) {
		t.Fatalf("children keys differ from layout keys:\n got  %v\n want %v", got, want)
	}
}

// checkLogGroups: names unique, one group per exported log type (in order),
// plus the proxy's exactly when there is a proxy.
func checkLogGroups(t testing.TB, l Layout) {
	t.Helper()
	names := map[string]bool{}
	var types []string
	for _, g := range l.LogGroups {
		if names[g.Name] {
			t.Fatalf("log group %s listed twice", g.Name)
		}
		names[g.Name] = true
		if g.KMSKeyARN == "" || !slices.Contains(AllowedRetentionDays, g.RetentionDays) || g.Key != LogGroupKey(g.LogType) {
			t.Fatalf("log group %+v", g)
		}
		types = append(types, g.LogType)
	}
	want := l.Engine.LogExports()
	if l.Proxy != nil {
		want = append(want, ProxyLogType)
	}
	if !slices.Equal(types, want) {
		t.Fatalf("log groups %v, want %v", types, want)
	}
	for _, g := range l.LogGroups[:len(l.Engine.LogExports())] {
		if g.Name != LogGroupName(l.Engine, l.Identifier, g.LogType) {
			t.Fatalf("log group %s for %s", g.Name, g.LogType)
		}
	}
}
