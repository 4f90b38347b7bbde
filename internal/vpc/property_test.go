package vpc

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var allZones = zones(6) // us-east-1a .. us-east-1f

// randomSpec returns a valid spec: an RFC 1918 base, prefix /16../22, 2..6
// zones in random order, random ports, NAT mode, HTTP and endpoints.
func randomSpec(r *rand.Rand) Spec {
	bits := 16 + r.IntN(7)
	bases := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")}
	base := bases[r.IntN(len(bases))].Addr().As4()
	n := r.Uint32()
	for i := 1; i < 4; i++ {
		base[i] |= byte(n >> (8 * i)) // random bits below the range's prefix; masked next
	}
	switch base[0] {
	case 172:
		base[1] = 16 + base[1]%16
	case 192:
		base[1] = 168
	}
	s := testSpec(randomZones(r, 2+r.IntN(5))...)
	s.CIDRBlock = netip.PrefixFrom(netip.AddrFrom4(base), bits).Masked().String()
	s.NATGateways = NATModes[r.IntN(len(NATModes))]
	s.AllowHTTP = r.IntN(2) == 0
	for range r.IntN(MaxNACLRulesPerDirection/len(s.AvailabilityZones) + 1) {
		s.DatabasePorts = append(s.DatabasePorts, 1+r.IntN(65535))
	}
	if s.DatabasePorts == nil && r.IntN(2) == 0 {
		s.DatabasePorts = []int{}
	}
	for _, svc := range []string{"kms", "logs", "secretsmanager", "sts", "ecr.api", "ecr.dkr", "ssm"} {
		if r.IntN(3) == 0 {
			s.InterfaceEndpoints = append(s.InterfaceEndpoints, svc)
		}
	}
	return s
}

func randomZones(r *rand.Rand, n int) []string {
	z := slices.Clone(allZones)
	r.Shuffle(len(z), func(i, j int) { z[i], z[j] = z[j], z[i] })
	return z[:n]
}

func TestExpand_properties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		s := randomSpec(r)
		t.Run(fmt.Sprintf("%d_%s_%d", i, s.CIDRBlock, len(s.AvailabilityZones)), func(t *testing.T) {
			if errs := Validate(s); len(errs) > 0 {
				t.Fatalf("random spec invalid: %+v", errs)
			}
			l := mustExpand(t, s)
			checkInvariants(t, s, l)
			checkOrderIrrelevant(t, r, s, l)
			checkZoneAddedOrRemoved(t, s, l)
		})
	}
}

func checkOrderIrrelevant(t *testing.T, r *rand.Rand, s Spec, l Layout) {
	t.Helper()
	shuffled := s
	shuffled.AvailabilityZones = slices.Clone(s.AvailabilityZones)
	r.Shuffle(len(shuffled.AvailabilityZones), func(i, j int) {
		shuffled.AvailabilityZones[i], shuffled.AvailabilityZones[j] = shuffled.AvailabilityZones[j], shuffled.AvailabilityZones[i]
	})
	if !reflect.DeepEqual(mustExpand(t, shuffled), l) {
		t.Fatal("zone order changed the layout")
	}
}

// checkZoneAddedOrRemoved: adding a zone adds only that zone's children and
// leaves every other child's key and CIDR alone; removing one likewise.
func checkZoneAddedOrRemoved(t *testing.T, s Spec, l Layout) {
	t.Helper()
	for _, az := range allZones {
		if slices.Contains(s.AvailabilityZones, az) {
			if len(s.AvailabilityZones) > MinAvailabilityZones {
				smaller := s
				smaller.AvailabilityZones = slices.DeleteFunc(slices.Clone(s.AvailabilityZones), func(z string) bool { return z == az })
				assertOnlyZoneChanged(t, s, mustExpand(t, smaller), l, az)
			}
			continue
		}
		if len(s.AvailabilityZones)*len(s.WithDefaults().DatabasePorts)+len(s.WithDefaults().DatabasePorts) > MaxNACLRulesPerDirection {
			continue
		}
		bigger := s
		bigger.AvailabilityZones = append(slices.Clone(s.AvailabilityZones), az)
		assertOnlyZoneChanged(t, s, l, mustExpand(t, bigger), az)
	}
}

// assertOnlyZoneChanged compares the layouts without and with zone az.
func assertOnlyZoneChanged(t *testing.T, s Spec, small, big Layout, az string) {
	t.Helper()
	movable := func(k string) bool { // a single NAT lives in the first zone by name
		return s.NATGateways == NATSingle && (strings.HasPrefix(k, "nat/") || strings.HasPrefix(k, "eip/"))
	}
	ofZone := map[string]bool{} // data NACL entries name a rule number, not a zone
	for _, e := range big.NACLs[NACLKey(TierData)].Entries {
		ofZone[e.Key] = e.CIDRBlock == big.Subnets[SubnetKey(TierApp, az)].CIDRBlock
	}
	smallKeys, bigKeys := childKeys(small), childKeys(big)
	for _, k := range smallKeys {
		if !slices.Contains(bigKeys, k) && !movable(k) {
			t.Fatalf("adding %s removed child %s", az, k)
		}
	}
	for _, k := range bigKeys {
		if !slices.Contains(smallKeys, k) && !strings.Contains(k, az) && !ofZone[k] && !movable(k) {
			t.Fatalf("adding %s added child %s of another zone", az, k)
		}
	}
	for k, sn := range small.Subnets {
		if big.Subnets[k] != sn {
			t.Fatalf("adding %s changed subnet %s: %+v -> %+v", az, k, sn, big.Subnets[k])
		}
	}
	assertEntriesKept(t, small, big, az)
}

// assertEntriesKept: every NACL entry of small is in big, unchanged.
func assertEntriesKept(t *testing.T, small, big Layout, az string) {
	t.Helper()
	bigEntries := map[string]NACLEntry{}
	for _, n := range big.NACLs {
		for _, e := range n.Entries {
			bigEntries[e.Key] = e
		}
	}
	for _, n := range small.NACLs {
		for _, e := range n.Entries {
			if bigEntries[e.Key] != e {
				t.Fatalf("adding %s changed NACL entry %s: %+v -> %+v", az, e.Key, e, bigEntries[e.Key])
			}
		}
	}
}

func TestAZSlot(t *testing.T) {
	for az, want := range map[string]int{"us-east-1a": 0, "us-east-1h": 7, "eu-west-3c": 2, "use1-az1": 0, "use1-az8": 7,
		"us-west-2-lax-1b": 1, "us-east-1-wl1-bos-wlz-1": 0} {
		if got, err := AZSlot(az); err != nil || got != want {
			t.Errorf("AZSlot(%q) = %d, %v; want %d", az, got, err, want)
		}
	}
	for _, az := range []string{"", "us-east-1i", "use1-az9", "use1-az0", "us-east-1-"} {
		if _, err := AZSlot(az); err == nil {
			t.Errorf("AZSlot(%q) accepted", az)
		}
	}
}
