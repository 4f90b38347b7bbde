package vpc

import (
	"fmt"
	"net/netip"
	"strconv"
)

// CIDRPlan describes how subnet CIDRs are carved from cidr_block; the docs
// and the schema description use it verbatim.
//
// The scheme keeps every subnet's CIDR a function of (cidr_block, tier, AZ
// name) alone, so adding or removing an AZ, or reordering the list, never
// moves another subnet:
//
//   - Each tier owns a fixed region of the VPC: public the first quarter,
//     data the second quarter, app the second half.
//   - Each region is cut into equal subnets; an AZ always takes the subnet at
//     its slot, derived from the end of its name: a trailing letter a..h gives
//     slot 0..7 ("us-east-1c" -> 2), a trailing number 1..8 gives slot 0..7
//     ("use1-az3" -> 2). Two zones with the same slot are refused.
//   - Default subnet sizes: public and data add 5 bits to the VPC prefix, app
//     adds 4 (a /16 gives public and data /21s, app /20s: 8 slots each). A /24
//     would give /29s, below AWS's /28 minimum, so there each size is one bit
//     larger (public and data /28, app /27) and there are 4 slots (a..d, 1..4).
//   - subnet_newbits { public, app, data } overrides the bits added; a tier
//     holds min(8, 2^(newbits - region bits)) slots, where the region bits are
//     2 for public and data and 1 for app.
const CIDRPlan = "Each tier owns a fixed region of cidr_block: public the first quarter, data the second quarter, " +
	"app the second half. Each region is cut into up to 8 equal subnets, and an availability zone always takes the " +
	"subnet at its slot, from the end of its name (a trailing letter a-h is slot 0-7, as in us-east-1c = 2; a trailing " +
	"number 1-8 is slot 0-7, as in use1-az3 = 2). Adding, removing or reordering zones therefore never moves another " +
	"subnet. By default public and data subnets add 5 bits to the VPC prefix and app subnets 4 (a /16 gives /21, /20 " +
	"and /21); in a /24 they are /28, /27 and /28 with 4 slots (zones a-d or 1-4). subnet_newbits overrides the bits " +
	"each tier adds."

// Default bits each tier adds to the VPC prefix.
const (
	defaultPublicNewbits = 5
	defaultAppNewbits    = 4
	defaultDataNewbits   = 5
)

// tierRegion places a tier's region: the VPC split into 2^bits parts, part index.
type tierRegion struct{ bits, index int }

var regions = map[Tier]tierRegion{TierPublic: {2, 0}, TierData: {2, 1}, TierApp: {1, 1}}

// cidrPlan is a parsed cidr_block with the effective newbits per tier.
type cidrPlan struct {
	vpc     netip.Prefix
	newbits TierNewbits
}

// newCIDRPlan parses cidr_block; it does not check that subnets fit.
func newCIDRPlan(cidrBlock string, override *TierNewbits) (cidrPlan, error) {
	p, err := netip.ParsePrefix(cidrBlock)
	if err != nil || !p.Addr().Is4() {
		return cidrPlan{}, fmt.Errorf("cidr_block %q is not an IPv4 CIDR block such as \"10.0.0.0/16\"", cidrBlock)
	}
	return cidrPlan{vpc: p, newbits: effectiveNewbits(p.Bits(), override)}, nil
}

// effectiveNewbits applies the defaults (and the /24 adjustment) to override.
func effectiveNewbits(prefixLen int, override *TierNewbits) TierNewbits {
	shrink := max(0, prefixLen+defaultPublicNewbits-MinSubnetPrefixLen)
	nb := TierNewbits{Public: defaultPublicNewbits - shrink, App: defaultAppNewbits - shrink, Data: defaultDataNewbits - shrink}
	if override != nil {
		nb.Public = cmpOr(override.Public, nb.Public)
		nb.App = cmpOr(override.App, nb.App)
		nb.Data = cmpOr(override.Data, nb.Data)
	}
	return nb
}

func cmpOr(v, fallback int) int {
	if v != 0 {
		return v
	}
	return fallback
}

// bits returns the newbits of tier t.
func (nb TierNewbits) bits(t Tier) int {
	switch t {
	case TierPublic:
		return nb.Public
	case TierApp:
		return nb.App
	}
	return nb.Data
}

// capacity is how many AZ slots tier t holds (at most MaxAZSlots).
func (p cidrPlan) capacity(t Tier) int {
	free := p.newbits.bits(t) - regions[t].bits
	if free < 0 {
		return 0
	}
	return min(MaxAZSlots, 1<<min(free, 30))
}

// subnet returns the CIDR of tier t at slot; the caller checks slot < capacity(t).
func (p cidrPlan) subnet(t Tier, slot int) netip.Prefix {
	hostBits := 32 - p.vpc.Bits()
	r := regions[t]
	off := uint32(r.index) << (hostBits - r.bits)
	size := hostBits - p.newbits.bits(t)
	off += uint32(slot) << size
	a := p.vpc.Masked().Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	base += off
	addr := netip.AddrFrom4([4]byte{byte(base >> 24), byte(base >> 16), byte(base >> 8), byte(base)})
	return netip.PrefixFrom(addr, 32-size)
}

// AZSlot is the CIDR slot of an availability zone name or ID: a trailing
// letter a..h is 0..7, a trailing number 1..8 is 0..7. See CIDRPlan.
func AZSlot(az string) (int, error) {
	if az == "" {
		return 0, fmt.Errorf("empty availability zone")
	}
	if c := az[len(az)-1]; c >= 'a' && c <= 'z' {
		return slotInRange(az, int(c-'a'))
	}
	i := len(az)
	for i > 0 && az[i-1] >= '0' && az[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(az[i:])
	if err != nil {
		return 0, fmt.Errorf("%q does not end in a letter or number", az)
	}
	return slotInRange(az, n-1)
}

func slotInRange(az string, slot int) (int, error) {
	if slot < 0 || slot >= MaxAZSlots {
		return 0, fmt.Errorf("%q cannot be given a CIDR slot: the zone must end in a letter a-h or a number 1-8", az)
	}
	return slot, nil
}

// IsZoneID reports whether az is a zone ID ("use1-az1") rather than a zone
// name ("us-east-1a"); the executor passes IDs as AvailabilityZoneId.
func IsZoneID(az string) bool {
	i := len(az)
	for i > 0 && az[i-1] >= '0' && az[i-1] <= '9' {
		i--
	}
	return i < len(az) && i >= 3 && az[i-3:i] == "-az"
}
