package database

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// randomSpec returns a valid spec: any engine, 2..6 subnets over 1..3 zones
// known or not, random sources, proxy, monitoring and identifier length.
func randomSpec(r *rand.Rand) Spec {
	s := testSpec(Engines[r.IntN(len(Engines))])
	s.Identifier = randomIdentifier(r)
	s.SubnetIDs = nil
	zones := 2 + r.IntN(2)
	known := r.IntN(2) == 0
	if known {
		s.SubnetAZs = map[string]string{}
	}
	for i := range 2 + r.IntN(5) {
		id := fmt.Sprintf("subnet-%017x", r.Uint64()>>4)
		s.SubnetIDs = append(s.SubnetIDs, id)
		if known {
			s.SubnetAZs[id] = "us-east-1" + string(rune('a'+i%zones))
		}
	}
	s.AllowedSecurityGroupIDs = nil
	for range r.IntN(3) {
		s.AllowedSecurityGroupIDs = append(s.AllowedSecurityGroupIDs, fmt.Sprintf("sg-%017x", r.Uint64()>>4))
	}
	for range r.IntN(3) {
		s.AllowedCIDRBlocks = append(s.AllowedCIDRBlocks, fmt.Sprintf("10.%d.%d.0/24", r.IntN(256), r.IntN(256)))
	}
	s.AllowedCIDRBlocks = lists.SortedUnique(s.AllowedCIDRBlocks)
	s.Proxy.Enabled = r.IntN(2) == 0
	s.MonitoringIntervalSeconds = Int(MonitoringIntervals[r.IntN(len(MonitoringIntervals))])
	s.PerformanceInsights = Bool(r.IntN(2) == 0)
	if s.Engine.IsAurora() {
		s.InstanceCount = 1 + r.IntN(MaxInstanceCount)
	}
	return s
}

// randomIdentifier: 1 to 63 characters, a letter first, single hyphens.
func randomIdentifier(r *rand.Rand) string {
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	n := 1 + r.IntN(MaxIdentifierLen)
	b := []byte{byte('a' + r.IntN(26))}
	for len(b) < n {
		if b[len(b)-1] != '-' && len(b) < n-1 && r.IntN(6) == 0 {
			b = append(b, '-')
		} else {
			b = append(b, alnum[r.IntN(len(alnum))])
		}
	}
	return string(b)
}

func TestExpand_properties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 500 {
		s := randomSpec(r)
		t.Run(fmt.Sprintf("%d_%s_%d", i, s.Engine, len(s.Identifier)), func(t *testing.T) {
			if errs := Validate(s); len(errs) > 0 {
				t.Fatalf("random spec invalid: %+v", errs)
			}
			l := mustExpand(t, s)
			checkInvariants(t, l)
			checkNames(t, l)
			if !reflect.DeepEqual(mustExpand(t, s), l) {
				t.Fatal("Expand is not deterministic")
			}
		})
	}
}

// checkNames: every name fits its AWS limit and the RDS naming rule.
func checkNames(t *testing.T, l Layout) {
	t.Helper()
	names := map[string]int{l.SubnetGroup.Name: 255, l.ParameterGroup.Name: 255, l.SecurityGroup.Name: 255}
	if r := l.MonitoringRole; r != nil {
		names[r.Name] = MaxIAMRoleNameLen
	}
	if p := l.Proxy; p != nil {
		names[p.Name], names[p.RoleName], names[p.SecurityGroup.Name] = MaxProxyNameLen, MaxIAMRoleNameLen, 255
	}
	if c := l.Cluster; c != nil {
		var ids []string
		for _, m := range c.Members {
			names[m.Identifier] = MaxIdentifierLen
			ids = append(ids, m.Identifier)
		}
		if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
			t.Fatalf("member identifiers collide: %v", ids)
		}
	}
	for n, limit := range names {
		if len(n) > limit || !rdsNameRE.MatchString(n) {
			t.Fatalf("name %q is longer than %d or breaks the naming rule", n, limit)
		}
	}
	for _, g := range l.LogGroups {
		if len(g.Name) > 512 || !strings.HasPrefix(g.Name, "/aws/rds/") {
			t.Fatalf("log group %q", g.Name)
		}
	}
}
