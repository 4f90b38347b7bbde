package vpc

import (
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"testing"
)

const testKeyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// testSpec is a compliant spec over the given zones.
func testSpec(azs ...string) Spec {
	return Spec{Name: "prod", CIDRBlock: "10.0.0.0/16", Region: "us-east-1", AvailabilityZones: azs,
		FlowLogs: FlowLogs{KMSKeyARN: testKeyARN}}
}

// zones returns the first n of us-east-1a, us-east-1b, ...
func zones(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "us-east-1" + string(rune('a'+i))
	}
	return out
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
	keys := []string{l.VPC.Key, l.InternetGateway.Key, l.DefaultSecurityGroup.Key,
		l.FlowLog.Key, l.FlowLog.LogGroupKey, l.FlowLog.RoleKey, l.FlowLog.RolePolicyKey, l.FlowLog.RoleAttachmentKey}
	for _, m := range [][]string{sortedKeys(l.Subnets), sortedKeys(l.EIPs), sortedKeys(l.NATs), sortedKeys(l.RouteTables),
		sortedKeys(l.Routes), sortedKeys(l.NACLs), sortedKeys(l.SecurityGroups), sortedKeys(l.Endpoints)} {
		keys = append(keys, m...)
	}
	for _, n := range l.NACLs {
		for _, e := range n.Entries {
			keys = append(keys, e.Key)
		}
		for _, sk := range n.SubnetKeys {
			keys = append(keys, NACLAssociationKey(sk))
		}
	}
	for _, rt := range l.RouteTables {
		for _, sk := range rt.SubnetKeys {
			keys = append(keys, RouteTableAssociationKey(sk))
		}
	}
	slices.Sort(keys)
	return keys
}

// childKeys returns the keys of l.Children() in order.
func childKeys(l Layout) []string {
	var out []string
	for _, c := range l.Children() {
		out = append(out, c.Key)
	}
	return out
}

// checkInvariants asserts what must hold for every layout of a valid spec s.
func checkInvariants(t testing.TB, s Spec, l Layout) {
	t.Helper()
	s = s.WithDefaults()
	if v := LayoutViolations(l); len(v) > 0 {
		t.Fatalf("LayoutViolations: %+v", v)
	}
	checkSubnets(t, s, l)
	checkRoutes(t, l)
	checkNACLs(t, s, l)
	checkChildren(t, l)
}

func checkSubnets(t testing.TB, s Spec, l Layout) {
	t.Helper()
	vpc := netip.MustParsePrefix(l.VPC.CIDRBlock)
	if len(l.Subnets) != len(Tiers)*len(s.AvailabilityZones) {
		t.Fatalf("%d subnets for %d zones", len(l.Subnets), len(s.AvailabilityZones))
	}
	var seen []netip.Prefix
	for _, az := range s.AvailabilityZones {
		for _, tier := range Tiers {
			sn, ok := l.Subnets[SubnetKey(tier, az)]
			if !ok || sn.AvailabilityZone != az || sn.Tier != tier {
				t.Fatalf("zone %s has no %s subnet: %+v", az, tier, sn)
			}
			p := netip.MustParsePrefix(sn.CIDRBlock)
			if p.Bits() > MinSubnetPrefixLen || p.Bits() < vpc.Bits() || !vpc.Contains(p.Addr()) || p.Masked() != p {
				t.Fatalf("subnet %s %s is not a valid part of %s", sn.Key, p, vpc)
			}
			for _, q := range seen {
				if p.Overlaps(q) {
					t.Fatalf("subnet %s %s overlaps %s", sn.Key, p, q)
				}
			}
			seen = append(seen, p)
		}
	}
}

func checkRoutes(t testing.TB, l Layout) {
	t.Helper()
	igw := 0
	for k, r := range l.Routes {
		if r.TargetKind == KindInternetGateway {
			igw++
			if r.RouteTableKey != RouteTableKey(TierPublic, "") {
				t.Fatalf("route %s sends to the internet gateway", k)
			}
		}
	}
	if igw != 1 {
		t.Fatalf("%d routes to the internet gateway", igw)
	}
}

func checkNACLs(t testing.TB, s Spec, l Layout) {
	t.Helper()
	for _, n := range l.NACLs {
		for _, e := range n.Entries {
			if AdmitsFromAnywhere(e, 22) || AdmitsFromAnywhere(e, 3389) {
				t.Fatalf("%s admits 0.0.0.0/0 to 22 or 3389: %+v", e.Key, e)
			}
		}
	}
	want := map[string]bool{}
	for _, az := range s.AvailabilityZones {
		for _, p := range s.DatabasePorts {
			want[l.Subnets[SubnetKey(TierApp, az)].CIDRBlock+"#"+strconv.Itoa(p)] = true
		}
	}
	got := map[string]bool{}
	for _, e := range l.NACLs[NACLKey(TierData)].Entries {
		if !e.Egress {
			if e.Protocol != ProtocolTCP || e.FromPort != e.ToPort || e.Action != ActionAllow || got[e.CIDRBlock+"#"+strconv.Itoa(e.FromPort)] {
				t.Fatalf("data ingress %+v", e)
			}
			got[e.CIDRBlock+"#"+strconv.Itoa(e.FromPort)] = true
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("data NACL admits %v, want exactly %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
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
	got := slices.Sorted(maps.Keys(pos))
	if want := layoutKeys(l); !slices.Equal(got, want) {
		t.Fatalf("children keys differ from layout keys:\n got  %v\n want %v", got, want)
	}
	total := 0
	for _, n := range l.Count() {
		total += n
	}
	if total != len(children) {
		t.Fatalf("Count totals %d, Children has %d", total, len(children))
	}
}
