package vpc

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// observedNACLs is what Observe would read back from a VPC built to l: its
// NACLs with exactly l's entries (and AWS's default deny rules).
func observedNACLs(l Layout) *Observed {
	o := &Observed{NACLs: map[string]ec2types.NetworkAcl{}}
	for k, n := range l.NACLs {
		var entries []ec2types.NetworkAclEntry
		for _, e := range n.Entries {
			x := ec2types.NetworkAclEntry{RuleNumber: aws.Int32(int32(e.RuleNumber)), Egress: aws.Bool(e.Egress),
				Protocol: aws.String(string(e.Protocol)), RuleAction: ec2types.RuleAction(e.Action), CidrBlock: aws.String(e.CIDRBlock)}
			if e.Protocol != ProtocolAll {
				x.PortRange = &ec2types.PortRange{From: aws.Int32(int32(e.FromPort)), To: aws.Int32(int32(e.ToPort))}
			}
			entries = append(entries, x)
		}
		for _, egress := range []bool{false, true} {
			entries = append(entries, ec2types.NetworkAclEntry{RuleNumber: aws.Int32(32767), Egress: aws.Bool(egress),
				Protocol: aws.String("-1"), RuleAction: ec2types.RuleActionDeny, CidrBlock: aws.String(AnyIPv4)})
		}
		o.NACLs[k] = ec2types.NetworkAcl{NetworkAclId: aws.String("acl-" + k), Entries: entries}
	}
	return o
}

func dataIngress(l Layout) map[string]NACLEntry {
	out := map[string]NACLEntry{}
	for _, e := range l.NACLs[NACLKey(TierData)].Entries {
		if !e.Egress {
			out[e.Key] = e
		}
	}
	return out
}

func withPorts(s Spec, ports ...int) Spec {
	s.DatabasePorts = ports
	return s
}

func TestAssignBands(t *testing.T) {
	claims := func(port, band, n int) []bandClaim { return slices.Repeat([]bandClaim{{port, band}}, n) }
	for _, tc := range []struct {
		name   string
		ports  []int
		claims []bandClaim
		want   map[int]int
	}{
		{"nothing in AWS: sorted index", []int{1433, 3306, 5432}, nil, map[int]int{1433: 0, 3306: 1, 5432: 2}},
		{"a port sorting first takes the next free band", []int{1433, 5432}, claims(5432, 0, 3), map[int]int{5432: 0, 1433: 1}},
		{"a removed port's band is reused", []int{1433, 6379}, slices.Concat(claims(1433, 1, 3), claims(5432, 0, 3)),
			map[int]int{1433: 1, 6379: 0}},
		{"a kept port keeps a high band", []int{5432}, claims(5432, 1, 2), map[int]int{5432: 1}},
		{"the best-supported claim wins a band", []int{1433, 5432}, slices.Concat(claims(1433, 0, 1), claims(5432, 0, 3)),
			map[int]int{5432: 0, 1433: 1}},
		{"a port split over bands keeps its main one", []int{3306, 5432}, slices.Concat(claims(5432, 0, 1), claims(5432, 2, 2)),
			map[int]int{5432: 2, 3306: 0}},
		{"claims off the grid or of unlisted ports count for nothing", []int{3306}, []bandClaim{{3306, maxBand + 1}, {3306, -1}, {22, 0}},
			map[int]int{3306: 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := assignBands(tc.ports, tc.claims); !maps.Equal(got, tc.want) {
				t.Fatalf("assignBands(%v) = %v, want %v", tc.ports, got, tc.want)
			}
		})
	}
}

// The bug: adding 1433 to [5432] renumbered 5432's rules (1433 sorts
// first). Now 5432's rules keep number, key and body, 1433 gets the next
// band, and removing 1433 leaves 5432's rules as they were at the start.
func TestAdoptDataBands_addAndRemovePort(t *testing.T) {
	s := testSpec(zones(3)...)
	start := mustExpand(t, withPorts(s, 5432))
	grown := adoptDataBands(mustExpand(t, withPorts(s, 1433, 5432)), observedNACLs(start))
	checkInvariants(t, withPorts(s, 1433, 5432), grown)
	got := dataIngress(grown)
	for k, e := range dataIngress(start) {
		if got[k] != e {
			t.Errorf("adding 1433 changed %s: %+v -> %+v", k, e, got[k])
		}
		delete(got, k)
	}
	var added []string
	for _, k := range slices.Sorted(maps.Keys(got)) {
		added = append(added, fmt.Sprintf("%s %s %d", k, got[k].CIDRBlock, got[k].FromPort))
	}
	want := []string{"nacl/data/in/180 10.0.128.0/20 1433", "nacl/data/in/190 10.0.144.0/20 1433", "nacl/data/in/200 10.0.160.0/20 1433"}
	if !slices.Equal(added, want) {
		t.Errorf("adding 1433 added\n %q\nwant\n %q", added, want)
	}
	for _, tier := range []Tier{TierPublic, TierApp} {
		if !reflect.DeepEqual(grown.NACLs[NACLKey(tier)], start.NACLs[NACLKey(tier)]) {
			t.Errorf("adding a port changed %s", NACLKey(tier))
		}
	}

	shrunk := adoptDataBands(mustExpand(t, withPorts(s, 5432)), observedNACLs(grown))
	if !reflect.DeepEqual(shrunk, start) {
		t.Errorf("removing 1433 again: data entries\n %+v\nwant\n %+v", shrunk.NACLs[NACLKey(TierData)].Entries, start.NACLs[NACLKey(TierData)].Entries)
	}
}

// Every VPC created so far is numbered as Expand numbers it (the goldens
// pin that); reading one back adopts exactly those numbers, so an existing
// VPC refreshes and plans with no change. With nothing observed (a new VPC)
// the layout is Expand's.
func TestAdoptDataBands_existingVPCUnchanged(t *testing.T) {
	specs := []Spec{withPorts(testSpec(zones(3)...), 5432, 3306, 1433, 6379), withPorts(testSpec(zones(2)...), 8)}
	for _, s := range goldenSpecs {
		specs = append(specs, s)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		specs = append(specs, randomSpec(r))
	}
	for i, s := range specs {
		l := mustExpand(t, s)
		if got := adoptDataBands(l, observedNACLs(l)); !reflect.DeepEqual(got, l) {
			t.Fatalf("spec %d: reading back its own VPC renumbered the data NACL:\n got  %+v\n want %+v", i,
				got.NACLs[NACLKey(TierData)].Entries, l.NACLs[NACLKey(TierData)].Entries)
		}
		if got := adoptDataBands(l, &Observed{}); !reflect.DeepEqual(got, l) {
			t.Fatalf("spec %d: no NACL observed, yet the layout changed", i)
		}
	}
}

// Random walks of port additions and removals (and AZ changes) against a
// VPC that always holds the previous step's rules: at every step the rules
// of every port and AZ that stay keep number, key and body; the layout
// keeps every invariant; numbers are unique, on the grid, within AWS's
// range; and reading the result back changes nothing.
func TestAdoptDataBands_randomWalks(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	steps := 0
	for walk := range 100 {
		s := testSpec(randomZones(r, 2+r.IntN(3))...)
		s.DatabasePorts = []int{5432}
		prev := mustExpand(t, s)
		for step := range 30 {
			next := s
			next.DatabasePorts = slices.Clone(s.WithDefaults().DatabasePorts)
			next.AvailabilityZones = slices.Clone(s.AvailabilityZones)
			switch c := r.IntN(10); {
			case c == 0 && len(next.AvailabilityZones) < len(allZones):
				for _, z := range allZones {
					if !slices.Contains(next.AvailabilityZones, z) {
						next.AvailabilityZones = append(next.AvailabilityZones, z)
						break
					}
				}
			case c == 1 && len(next.AvailabilityZones) > MinAvailabilityZones:
				next.AvailabilityZones = slices.Delete(next.AvailabilityZones, 0, 1)
			case c < 6 && len(next.DatabasePorts) > 0:
				i := r.IntN(len(next.DatabasePorts))
				next.DatabasePorts = slices.Delete(next.DatabasePorts, i, i+1)
			default:
				next.DatabasePorts = append(next.DatabasePorts, 1+r.IntN(65535))
			}
			if len(next.AvailabilityZones)*len(next.WithDefaults().DatabasePorts) > MaxNACLRulesPerDirection || slices.Contains(next.DatabasePorts, 22) ||
				slices.Contains(next.DatabasePorts, 3389) {
				continue
			}
			l := adoptDataBands(mustExpand(t, next), observedNACLs(prev))
			name := fmt.Sprintf("walk %d step %d (%v %v -> %v %v)", walk, step, s.AvailabilityZones, s.DatabasePorts, next.AvailabilityZones, next.DatabasePorts)
			checkInvariants(t, next, l)
			checkDataKept(t, name, prev, l)
			if again := adoptDataBands(l, observedNACLs(l)); !reflect.DeepEqual(again, l) {
				t.Fatalf("%s: adopting twice differs", name)
			}
			s, prev = next, l
			steps++
		}
	}
	if steps < 2000 {
		t.Fatalf("only %d steps taken", steps)
	}
}

// checkDataKept: every data rule of prev whose port and app subnet are still
// wanted in next is in next unchanged; next's inbound numbers are unique,
// on the grid of their slot and at most maxRule.
func checkDataKept(t *testing.T, name string, prev, next Layout) {
	t.Helper()
	type body struct {
		cidr string
		port int
	}
	nextByBody := map[body]NACLEntry{}
	seen := map[int]bool{}
	slotOf := map[string]int{}
	for _, sn := range next.Subnets {
		if sn.Tier == TierApp {
			slotOf[sn.CIDRBlock] = sn.Slot
		}
	}
	for _, e := range dataIngress(next) {
		nextByBody[body{e.CIDRBlock, e.FromPort}] = e
		if seen[e.RuleNumber] || e.RuleNumber > maxRule || bandOf(e.RuleNumber, slotOf[e.CIDRBlock]) < 0 {
			t.Fatalf("%s: rule %d duplicated, off the grid or too high", name, e.RuleNumber)
		}
		seen[e.RuleNumber] = true
	}
	for _, e := range dataIngress(prev) {
		if n, ok := nextByBody[body{e.CIDRBlock, e.FromPort}]; ok && n != e {
			t.Fatalf("%s: %s (port %d from %s) became %s", name, e.Key, e.FromPort, e.CIDRBlock, n.Key)
		}
	}
}

// Swapping a port at the quota for one that lands in a free band would hold
// 22 inbound rules for a moment: ensureEntries then deletes before it writes.
func TestOverQuota(t *testing.T) {
	s := testSpec(zones(2)...)
	ports := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	full := mustExpand(t, withPorts(s, ports...)) // 20 inbound rules, bands 0-9
	n := full.NACLs[NACLKey(TierData)]
	want := entriesByKey(n)
	if overQuota(observedNACLs(full).NACLs[n.Key].Entries, want, map[string]bool{}) {
		t.Fatal("a full NACL with nothing to write is over quota")
	}
	replaceInPlace := map[string]bool{}
	for _, e := range n.Entries[:2] {
		replaceInPlace[e.Key] = true
	}
	if overQuota(observedNACLs(full).NACLs[n.Key].Entries, want, replaceInPlace) {
		t.Fatal("replacing rules in place counts as new rules")
	}
	// Port 1 (band 0) goes, 11 comes and, band 0 being free, takes it: in place.
	swapped := adoptDataBands(mustExpand(t, withPorts(s, append(ports[1:], 11)...)), observedNACLs(full))
	for _, e := range dataIngress(swapped) {
		if e.FromPort == 11 && e.RuleNumber != dataRule(0, 0) && e.RuleNumber != dataRule(0, 1) {
			t.Fatalf("port 11 did not take the freed band 0: %+v", e)
		}
	}
	create := map[string]bool{NACLEntryKey(TierData, false, dataRule(10, 0)): false, NACLEntryKey(TierData, false, dataRule(10, 1)): false}
	for k := range create {
		want[k] = NACLEntry{Key: k}
	}
	if !overQuota(observedNACLs(full).NACLs[n.Key].Entries, want, create) {
		t.Fatal("20 rules plus 2 new ones is not over quota")
	}
}
