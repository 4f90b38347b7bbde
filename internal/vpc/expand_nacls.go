package vpc

import "slices"

// Ephemeral ports: the range NAT gateways and most clients use for return
// traffic. Inbound from 0.0.0.0/0 it is split around 3389 (RDP), so that no
// rule admits 0.0.0.0/0 to 22 or 3389 (NET-08, Security Hub EC2.21, which
// does not credit a preceding deny).
const (
	// defaultRuleNumber is the catch-all deny AWS puts last in every NACL.
	defaultRuleNumber = 32767
	EphemeralFrom     = 1024
	EphemeralTo       = 65535
	portSSH           = 22
	portRDP           = 3389
	portHTTPS         = 443
	portHTTP          = 80
)

// Data-tier inbound rule numbers. Each database port owns a band of
// MaxAZSlots numbers, and its rule for an AZ sits at the AZ's CIDR slot:
//
//	rule = 100 + band × 80 + slot × 10
//
// so an AZ's rules keep their numbers (and keys) when other AZs come and go.
// A port keeps its band for as long as it is listed, so adding or removing a
// port writes or deletes only that port's rules; every other rule keeps its
// number, key ("nacl/data/in/<rule>", the entry's identity in AWS too) and body:
//
//   - Expand sees no AWS: it gives the sorted ports bands 0, 1, 2, ... This is
//     the numbering every VPC has had from the start, so an existing VPC
//     reads back unchanged.
//   - Against a live VPC (Apply, IDs, Drift: see adoptDataBands) a port keeps
//     the band its existing rules hold, matched by body (TCP, the port, an app
//     subnet's CIDR), and a port without rules takes the lowest band no kept
//     port holds (a removed port's band is reused, in place).
//
// No numbering computed from the port list alone can be stable: a port's
// number would then depend on that port only, and 65535 ports × 8 slots do
// not fit in rule numbers 1..32766. The bands given out stay far below
// that: with n ports listed, a new port's band is at most n-1 (n ≤ 20, see
// validateNACLCapacity).
const (
	firstRule    = 100
	ruleStep     = 10
	dataPortStep = MaxAZSlots * ruleStep
	maxRule      = 32766 // the highest rule number AWS accepts; 32767 is the default deny
	maxBand      = (maxRule - firstRule - (MaxAZSlots-1)*ruleStep) / dataPortStep
)

// dataRule is the inbound rule number of a port's band at an AZ slot.
func dataRule(band, slot int) int { return firstRule + band*dataPortStep + slot*ruleStep }

// bandOf is the band that rule number rule holds at slot, or -1 when the
// rule is not on the grid.
func bandOf(rule, slot int) int {
	off := rule - firstRule - slot*ruleStep
	if off < 0 || off%dataPortStep != 0 || off/dataPortStep > maxBand {
		return -1
	}
	return off / dataPortStep
}

func entry(t Tier, egress bool, rule int, p Protocol, cidr string, from, to int) NACLEntry {
	return NACLEntry{Key: NACLEntryKey(t, egress, rule), RuleNumber: rule, Egress: egress, Protocol: p,
		Action: ActionAllow, CIDRBlock: cidr, FromPort: from, ToPort: to}
}

// expandNACLs builds the dedicated NACL of each tier, associated with every
// subnet of the tier.
func expandNACLs(s Spec, subnets map[string]Subnet) map[string]NACL {
	vpc := s.CIDRBlock
	out := map[string]NACL{}
	for t, entries := range map[Tier][]NACLEntry{
		TierPublic: publicEntries(vpc, s.AllowHTTP),
		TierApp:    appEntries(vpc, s.AllowHTTP),
		TierData:   dataEntries(s, subnets),
	} {
		sortEntries(entries)
		out[NACLKey(t)] = NACL{Key: NACLKey(t), Tier: t, Entries: entries, SubnetKeys: subnetKeys(subnets, t)}
	}
	return out
}

// publicEntries: HTTPS (and HTTP when allowed) and return traffic from
// anywhere, everything from the VPC; out: everything to the VPC, HTTPS (and
// HTTP) to anywhere for the NAT gateways, and return traffic to clients.
func publicEntries(vpc string, http bool) []NACLEntry {
	e := []NACLEntry{
		entry(TierPublic, false, 100, ProtocolTCP, AnyIPv4, portHTTPS, portHTTPS),
		entry(TierPublic, false, 120, ProtocolTCP, AnyIPv4, EphemeralFrom, portRDP-1),
		entry(TierPublic, false, 130, ProtocolTCP, AnyIPv4, portRDP+1, EphemeralTo),
		entry(TierPublic, false, 140, ProtocolAll, vpc, 0, 0),
		entry(TierPublic, true, 100, ProtocolAll, vpc, 0, 0),
		entry(TierPublic, true, 110, ProtocolTCP, AnyIPv4, portHTTPS, portHTTPS),
		entry(TierPublic, true, 130, ProtocolTCP, AnyIPv4, EphemeralFrom, EphemeralTo),
	}
	if http {
		e = append(e,
			entry(TierPublic, false, 110, ProtocolTCP, AnyIPv4, portHTTP, portHTTP),
			entry(TierPublic, true, 120, ProtocolTCP, AnyIPv4, portHTTP, portHTTP))
	}
	return e
}

// appEntries: everything from the VPC and return traffic through the NAT;
// out: everything to the VPC and HTTPS (and HTTP) to anywhere.
func appEntries(vpc string, http bool) []NACLEntry {
	e := []NACLEntry{
		entry(TierApp, false, 100, ProtocolAll, vpc, 0, 0),
		entry(TierApp, false, 110, ProtocolTCP, AnyIPv4, EphemeralFrom, portRDP-1),
		entry(TierApp, false, 120, ProtocolTCP, AnyIPv4, portRDP+1, EphemeralTo),
		entry(TierApp, true, 100, ProtocolAll, vpc, 0, 0),
		entry(TierApp, true, 110, ProtocolTCP, AnyIPv4, portHTTPS, portHTTPS),
	}
	if http {
		e = append(e, entry(TierApp, true, 120, ProtocolTCP, AnyIPv4, portHTTP, portHTTP))
	}
	return e
}

// dataEntries: in, only each app subnet on each database port; out, only
// return traffic to the app subnets. Ports take bands in sorted order.
func dataEntries(s Spec, subnets map[string]Subnet) []NACLEntry {
	var e []NACLEntry
	for _, az := range s.AvailabilityZones {
		app := subnets[SubnetKey(TierApp, az)]
		for band, port := range s.DatabasePorts {
			e = append(e, entry(TierData, false, dataRule(band, app.Slot), ProtocolTCP, app.CIDRBlock, port, port))
		}
		e = append(e, entry(TierData, true, firstRule+app.Slot*ruleStep, ProtocolTCP, app.CIDRBlock, EphemeralFrom, EphemeralTo))
	}
	return e
}

// sortEntries orders ingress before egress, each by rule number.
func sortEntries(e []NACLEntry) {
	slices.SortFunc(e, func(a, b NACLEntry) int {
		if a.Egress != b.Egress {
			if a.Egress {
				return 1
			}
			return -1
		}
		return a.RuleNumber - b.RuleNumber
	})
}
