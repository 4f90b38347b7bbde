package vpc

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

var (
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,43}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	zoneRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	serviceRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
)

// privateRanges are the RFC 1918 blocks a VPC may use.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// gatewayServices always get gateway endpoints (NET-10).
var gatewayServices = []string{"dynamodb", "s3"}

// Validate reports input that cannot describe any VPC, with every
// argument known.
func Validate(s Spec) []InputError { return Evaluate(s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check whose arguments are
// known (u lists the unknown ones): duplicates in s as given, the rest on
// s.WithDefaults().
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	d := s.WithDefaults()
	return compliance.Findings{
		Input:      append(compliance.Apply(s, u, rawInputRules), compliance.Apply(d, u, inputRules)...),
		Violations: compliance.Apply(d, u, controlRules),
	}
}

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

type inputRule = compliance.Rule[Spec, InputError]

var rawInputRules = []inputRule{
	{Reads: []compliance.Read{compliance.Each("availability_zones"), compliance.Each("interface_endpoints")}, Check: duplicateErrors},
}

// inputRules each name what they read, so an unknown argument hides only
// the rules that read it.
var inputRules = []inputRule{
	{Reads: compliance.R("name"), Check: validateName},
	{Reads: compliance.R("region"), Check: validateRegion},
	{Reads: compliance.R("cidr_block"), Check: validateCIDR},
	{Reads: []compliance.Read{compliance.Count("availability_zones")}, Check: validateZoneCount},
	{Reads: []compliance.Read{compliance.Each("availability_zones"), {Path: "region"}}, Check: validateZones},
	{Reads: compliance.R("nat_gateways"), Check: validateNAT},
	{Reads: []compliance.Read{compliance.Each("database_ports")}, Check: validatePorts},
	{Reads: []compliance.Read{compliance.Count("availability_zones"), compliance.Count("database_ports")}, Check: validateNACLCapacity},
	{Reads: compliance.R("flow_logs.kms_key_arn"), Check: validateFlowLogKey},
	{Reads: compliance.R("flow_logs.retention_days"), Check: validateFlowLogRetention},
	{Reads: compliance.R("flow_logs.traffic_type"), Check: validateFlowLogTraffic},
	{Reads: []compliance.Read{compliance.Each("interface_endpoints")}, Check: validateEndpoints},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
	{Reads: compliance.R("cidr_block", "subnet_newbits"), Check: validateNewbits},
}

func duplicateErrors(s Spec) []InputError {
	var errs []InputError
	for _, az := range duplicates(s.AvailabilityZones) {
		errs = append(errs, InputError{Attribute: "availability_zones", Detail: fmt.Sprintf("availability zone %q is listed twice", az)})
	}
	for _, svc := range duplicates(s.InterfaceEndpoints) {
		errs = append(errs, InputError{Attribute: "interface_endpoints", Detail: fmt.Sprintf("interface_endpoints lists %q twice", svc)})
	}
	return errs
}

// duplicates returns each value listed more than once, sorted.
func duplicates(in []string) []string {
	seen := map[string]int{}
	var out []string
	for _, v := range in {
		if seen[v]++; seen[v] == 2 {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func validateName(s Spec) []InputError {
	if nameRE.MatchString(s.Name) {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"name %q is invalid: use 1 to 44 letters, digits, '-' or '_', starting with a letter or digit", s.Name)}}
}

func validateRegion(s Spec) []InputError {
	if regionRE.MatchString(s.Region) {
		return nil
	}
	return []InputError{{Attribute: "region", Detail: fmt.Sprintf("region %q is not an AWS region name such as \"us-east-1\"", s.Region)}}
}

func validateCIDR(s Spec) []InputError {
	p, err := netip.ParsePrefix(s.CIDRBlock)
	switch {
	case err != nil || !p.Addr().Is4():
		return []InputError{{Attribute: "cidr_block", Detail: fmt.Sprintf("cidr_block %q is not an IPv4 CIDR block such as \"10.0.0.0/16\"", s.CIDRBlock)}}
	case p.Masked() != p:
		return []InputError{{Attribute: "cidr_block", Detail: fmt.Sprintf("cidr_block %q has host bits set: use %q", s.CIDRBlock, p.Masked().String())}}
	case p.Bits() < MinVPCPrefix:
		return []InputError{{Attribute: "cidr_block", Detail: fmt.Sprintf(
			"cidr_block /%d is larger than AWS allows for a VPC: use a prefix from /%d to /%d", p.Bits(), MinVPCPrefix, MaxVPCPrefix)}}
	case !isPrivate(p):
		return []InputError{{Attribute: "cidr_block", Detail: fmt.Sprintf(
			"cidr_block %q is not a private (RFC 1918) range: use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", s.CIDRBlock)}}
	}
	return nil
}

func isPrivate(p netip.Prefix) bool {
	return slices.ContainsFunc(privateRanges, func(r netip.Prefix) bool { return r.Bits() <= p.Bits() && r.Contains(p.Addr()) })
}

func validateZoneCount(s Spec) []InputError {
	if len(s.AvailabilityZones) == 0 {
		return []InputError{{Attribute: "availability_zones", Detail: fmt.Sprintf(
			"availability_zones is empty: list at least %d availability zones", MinAvailabilityZones)}}
	}
	return nil
}

func validateZones(s Spec) []InputError {
	var errs []InputError
	bySlot := map[int]string{}
	for _, az := range s.AvailabilityZones {
		if err := zoneError(az, s.Region); err != "" {
			errs = append(errs, InputError{Attribute: "availability_zones", Detail: err})
			continue
		}
		slot, _ := AZSlot(az)
		if other, ok := bySlot[slot]; ok {
			errs = append(errs, InputError{Attribute: "availability_zones", Detail: fmt.Sprintf(
				"%q and %q both take CIDR slot %d: list zones whose names end in different letters or numbers", other, az, slot)})
		}
		bySlot[slot] = az
	}
	return errs
}

// zoneError returns why az is not a usable zone name or ID, or "".
func zoneError(az, region string) string {
	if !zoneRE.MatchString(az) || az == region {
		return fmt.Sprintf("%q is not an availability zone name or ID such as \"us-east-1a\" or \"use1-az1\"", az)
	}
	if _, err := AZSlot(az); err != nil {
		return err.Error()
	}
	return ""
}

func validateNAT(s Spec) []InputError {
	if s.NATGateways.Valid() {
		return nil
	}
	return []InputError{{Attribute: "nat_gateways", Detail: fmt.Sprintf("nat_gateways %q is invalid: use one of %s", s.NATGateways, lists.Quoted(NATModes))}}
}

func validatePorts(s Spec) []InputError {
	var errs []InputError
	for _, p := range s.DatabasePorts {
		if p < 1 || p > 65535 {
			errs = append(errs, InputError{Attribute: "database_ports", Detail: fmt.Sprintf("database_ports includes %d; ports are 1 to 65535", p)})
		}
	}
	return errs
}

func validateNACLCapacity(s Spec) []InputError {
	var errs []InputError
	if n := len(s.AvailabilityZones) * len(s.DatabasePorts); n > MaxNACLRulesPerDirection {
		errs = append(errs, InputError{Attribute: "database_ports", Detail: fmt.Sprintf(
			"%d zones × %d database ports need %d inbound rules on the data network ACL; AWS allows %d by default: list fewer ports",
			len(s.AvailabilityZones), len(s.DatabasePorts), n, MaxNACLRulesPerDirection)})
	}
	return errs
}

func validateFlowLogKey(s Spec) []InputError {
	return compliance.KeyInputErrors("flow_logs.kms_key_arn", s.FlowLogs.KMSKeyARN)
}

func validateFlowLogRetention(s Spec) []InputError {
	if !slices.Contains(AllowedRetentionDays, s.FlowLogs.RetentionDays) {
		return []InputError{{Attribute: "flow_logs.retention_days", Detail: fmt.Sprintf(
			"flow_logs.retention_days is %d; CloudWatch Logs accepts %s", s.FlowLogs.RetentionDays, lists.Ints(AllowedRetentionDays))}}
	}
	return nil
}

func validateFlowLogTraffic(s Spec) []InputError {
	if !slices.Contains(TrafficTypes, s.FlowLogs.TrafficType) {
		return []InputError{{Attribute: "flow_logs.traffic_type", Detail: fmt.Sprintf(
			"flow_logs.traffic_type %q is invalid: use %q", s.FlowLogs.TrafficType, DefaultTrafficType)}}
	}
	return nil
}

func validateEndpoints(s Spec) []InputError {
	var errs []InputError
	for _, svc := range s.InterfaceEndpoints {
		switch {
		case !serviceRE.MatchString(svc):
			errs = append(errs, InputError{Attribute: "interface_endpoints", Detail: fmt.Sprintf(
				"%q is not a service short name such as \"secretsmanager\" or \"ecr.api\"", svc)})
		case slices.Contains(gatewayServices, svc):
			errs = append(errs, InputError{Attribute: "interface_endpoints", Detail: fmt.Sprintf(
				"%q always has a gateway endpoint: remove it from interface_endpoints", svc)})
		case !IsInterfaceService(svc):
			errs = append(errs, InputError{Attribute: "interface_endpoints", Detail: fmt.Sprintf(
				"%q is not an AWS interface endpoint service; use one of: %s", svc, InterfaceServicesHint())})
		}
	}
	return errs
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }

func validateNewbits(s Spec) []InputError {
	p, err := netip.ParsePrefix(s.CIDRBlock)
	if s.SubnetNewbits == nil || err != nil || p.Bits() < MinVPCPrefix || p.Bits() > MaxVPCPrefix {
		return nil
	}
	nb := effectiveNewbits(p.Bits(), s.SubnetNewbits)
	var errs []InputError
	for _, t := range Tiers {
		lo, hi := regions[t].bits, MinSubnetPrefixLen-p.Bits()
		if b := nb.bits(t); b < lo || b > hi {
			errs = append(errs, InputError{Attribute: "subnet_newbits." + string(t), Detail: fmt.Sprintf(
				"subnet_newbits.%s is %d; with cidr_block /%d it must be %d to %d (%s subnets from /%d to /%d)",
				t, b, p.Bits(), lo, hi, t, p.Bits()+lo, MinSubnetPrefixLen)})
		}
	}
	return errs
}
