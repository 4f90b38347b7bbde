package vpc

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Check returns the NET-* (and AUD-06) violations of s.WithDefaults(),
// with every argument known. It skips what Validate refuses (an
// unparsable cidr_block, say) and does not look at exceptions: the
// compliance package applies waivers. NET-02, 03, 05, 07 and 10 hold by
// construction; LayoutViolations asserts them.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: []compliance.Read{compliance.Count("availability_zones")}, Check: checkZoneCount},
	{Reads: compliance.R("cidr_block", "availability_zones", "subnet_newbits"), Check: checkFit},
	{Reads: compliance.R("nat_gateways"), Check: checkNAT},
	{Reads: []compliance.Read{compliance.Each("database_ports")}, Check: checkPorts},
	{Reads: compliance.R("flow_logs.kms_key_arn", "name"), Check: checkFlowLogKey},
	{Reads: compliance.R("flow_logs.kms_key_arn"), Check: checkFlowLogKeyKind},
	{Reads: compliance.R("flow_logs.retention_days"), Check: checkFlowLogRetention},
	{Reads: compliance.R("flow_logs.traffic_type"), Check: checkFlowLogTraffic},
}

// checkZoneCount: one AZ is a waivable risk decision; zero is an input error.
func checkZoneCount(s Spec) []compliance.Violation {
	n := len(s.AvailabilityZones)
	if n != 1 {
		return nil
	}
	return []compliance.Violation{{Control: "NET-01", Attribute: "availability_zones", Detail: fmt.Sprintf(
		"availability_zones has 1 zone (%q): list at least %d so every tier survives the loss of a zone", s.AvailabilityZones[0], MinAvailabilityZones)}}
}

// checkFit: every AZ must get every tier, which a small cidr_block cannot hold.
func checkFit(s Spec) []compliance.Violation {
	p, err := netip.ParsePrefix(s.CIDRBlock)
	if err != nil || !p.Addr().Is4() || p.Bits() < MinVPCPrefix {
		return nil
	}
	if p.Bits() > MaxVPCPrefix {
		return []compliance.Violation{{Control: "NET-01", Attribute: "cidr_block", Hard: true, Detail: fmt.Sprintf(
			"cidr_block /%d is too small: each of %d AZs needs %d subnets of at least /%d; use /%d or larger",
			p.Bits(), max(len(s.AvailabilityZones), MinAvailabilityZones), len(Tiers), MinSubnetPrefixLen, MaxVPCPrefix)}}
	}
	if len(validateNewbits(s)) > 0 {
		return nil
	}
	return slotViolations(s, cidrPlan{vpc: p, newbits: effectiveNewbits(p.Bits(), s.SubnetNewbits)})
}

func slotViolations(s Spec, plan cidrPlan) []compliance.Violation {
	var v []compliance.Violation
	for _, az := range s.AvailabilityZones {
		slot, err := AZSlot(az)
		if err != nil {
			continue
		}
		for _, t := range Tiers {
			if c := plan.capacity(t); slot >= c {
				v = append(v, compliance.Violation{Control: "NET-01", Attribute: "availability_zones", Hard: true, Detail: fmt.Sprintf(
					"%q takes CIDR slot %d but cidr_block /%d leaves room for %d %s subnets (slots 0-%d): %s",
					az, slot, plan.vpc.Bits(), c, t, c-1, growHint(s, plan, t))})
				break
			}
		}
	}
	return v
}

func growHint(s Spec, plan cidrPlan, t Tier) string {
	if s.SubnetNewbits != nil {
		return fmt.Sprintf("use a larger cidr_block or raise subnet_newbits.%s", t)
	}
	return fmt.Sprintf("use /%d or larger", plan.vpc.Bits()-1)
}

func checkNAT(s Spec) []compliance.Violation {
	if s.NATGateways != NATSingle {
		return nil
	}
	return []compliance.Violation{{Control: "NET-04", Attribute: "nat_gateways", Detail: fmt.Sprintf(
		"nat_gateways is %q: losing its zone cuts every app subnet off the internet; use %q", NATSingle, NATOnePerAZ)}}
}

// adminPorts may never be opened on the data tier.
var adminPorts = map[int]string{22: "SSH", 3389: "RDP"}

func checkPorts(s Spec) []compliance.Violation {
	var v []compliance.Violation
	for _, p := range s.DatabasePorts {
		if name, ok := adminPorts[p]; ok {
			v = append(v, compliance.Violation{Control: "NET-08", Attribute: "database_ports", Detail: fmt.Sprintf(
				"database_ports includes %d (%s), an administration port: list only database ports", p, name)})
		}
	}
	return v
}

func checkFlowLogKey(s Spec) []compliance.Violation {
	if s.FlowLogs.KMSKeyARN != "" {
		return nil
	}
	return []compliance.Violation{
		{Control: "NET-09", Attribute: "flow_logs.kms_key_arn",
			Detail: "flow_logs.kms_key_arn is not set: the flow log group must be encrypted with a customer-managed key"},
		{Control: "AUD-06", Attribute: "flow_logs.kms_key_arn",
			Detail: fmt.Sprintf("log group %q would not be KMS-encrypted: set flow_logs.kms_key_arn", LogGroupName(s.Name))}}
}

func checkFlowLogKeyKind(s Spec) []compliance.Violation {
	return compliance.KeyViolations("NET-09", "flow_logs.kms_key_arn", s.FlowLogs.KMSKeyARN)
}

func checkFlowLogRetention(s Spec) []compliance.Violation {
	f := s.FlowLogs
	if f.RetentionDays < DefaultRetentionDays && slices.Contains(AllowedRetentionDays, f.RetentionDays) {
		return []compliance.Violation{{Control: "NET-09", Attribute: "flow_logs.retention_days", Detail: fmt.Sprintf(
			"flow_logs.retention_days is %d: keep flow logs at least %d days", f.RetentionDays, DefaultRetentionDays)}}
	}
	return nil
}

func checkFlowLogTraffic(s Spec) []compliance.Violation {
	f := s.FlowLogs
	if f.TrafficType != DefaultTrafficType && slices.Contains(TrafficTypes, f.TrafficType) {
		return []compliance.Violation{{Control: "NET-09", Attribute: "flow_logs.traffic_type",
			Detail: fmt.Sprintf("traffic_type is %q", f.TrafficType)}}
	}
	return nil
}
