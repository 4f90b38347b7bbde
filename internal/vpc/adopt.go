package vpc

import (
	"cmp"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// bandClaim: an existing inbound rule of the data NACL admits port from an
// app subnet at a rule number on band's grid (see dataRule).
type bandClaim struct{ port, band int }

// assignBands gives each of ports (sorted, unique) a band. Ports first keep
// the bands their existing rules hold: the claim the most rules support wins
// (ties: the lower band, then the lower port), one band per port and one
// port per band. Every other port then takes the lowest band still free, in
// ascending order; with no claims that is the sorted index, as in Expand.
func assignBands(ports []int, claims []bandClaim) map[int]int {
	votes := map[bandClaim]int{}
	for _, c := range claims {
		if slices.Contains(ports, c.port) && c.band >= 0 && c.band <= maxBand {
			votes[c]++
		}
	}
	order := slices.SortedFunc(maps.Keys(votes), func(a, b bandClaim) int {
		return cmp.Or(cmp.Compare(votes[b], votes[a]), cmp.Compare(a.band, b.band), cmp.Compare(a.port, b.port))
	})
	bands, taken := map[int]int{}, map[int]bool{}
	for _, c := range order {
		if _, ok := bands[c.port]; !ok && !taken[c.band] {
			bands[c.port], taken[c.band] = c.band, true
		}
	}
	next := 0
	for _, p := range ports {
		if _, ok := bands[p]; ok {
			continue
		}
		for taken[next] {
			next++
		}
		bands[p], taken[next] = next, true
	}
	return bands
}

// adoptDataBands returns l with the data NACL's inbound rules numbered as
// the live VPC numbers them: each port keeps the band its existing rules
// hold, found by body, and a port without rules takes a free band (see the
// numbering in expand_nacls.go). Apply, IDs and Drift call it on what
// Observe read; it is pure and idempotent, and with no data NACL observed
// (a new VPC) it returns l, Expand's numbering.
func adoptDataBands(l Layout, o *Observed) Layout {
	n, ok := l.NACLs[NACLKey(TierData)]
	if !ok || o == nil {
		return l
	}
	got, ok := o.NACLs[n.Key]
	if !ok {
		return l
	}
	slotOf := map[string]int{} // app subnet CIDR -> AZ slot
	for _, k := range subnetKeys(l.Subnets, TierApp) {
		slotOf[l.Subnets[k].CIDRBlock] = l.Subnets[k].Slot
	}
	var ports []int
	for _, e := range n.Entries {
		if !e.Egress {
			ports = append(ports, e.FromPort)
		}
	}
	ports = slices.Compact(slices.Sorted(slices.Values(ports)))
	bands := assignBands(ports, dataClaims(got.Entries, slotOf))
	entries := slices.Clone(n.Entries)
	changed := false
	for i, e := range entries {
		if e.Egress {
			continue
		}
		if rule := dataRule(bands[e.FromPort], slotOf[e.CIDRBlock]); rule != e.RuleNumber {
			entries[i].RuleNumber, entries[i].Key = rule, NACLEntryKey(TierData, false, rule)
			changed = true
		}
	}
	if !changed {
		return l
	}
	sortEntries(entries)
	n.Entries = entries
	l.NACLs = maps.Clone(l.NACLs)
	l.NACLs[n.Key] = n
	return l
}

// dataClaims lists the band claim of every observed inbound rule that is
// exactly a data-tier rule (TCP allow of one port from an app subnet) and
// sits on the rule grid of its subnet's slot.
func dataClaims(observed []ec2types.NetworkAclEntry, slotOf map[string]int) []bandClaim {
	var claims []bandClaim
	for _, e := range observed {
		slot, ok := slotOf[aws.ToString(e.CidrBlock)]
		if aws.ToBool(e.Egress) || !ok || e.PortRange == nil {
			continue
		}
		port := int(aws.ToInt32(e.PortRange.From))
		want := entry(TierData, false, 0, ProtocolTCP, aws.ToString(e.CidrBlock), port, port)
		if !entryMatches(want, e) {
			continue
		}
		if b := bandOf(int(aws.ToInt32(e.RuleNumber)), slot); b >= 0 {
			claims = append(claims, bandClaim{port, b})
		}
	}
	return claims
}
