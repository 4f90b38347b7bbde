package vpc

import (
	"maps"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Expand computes the Layout of s.WithDefaults(). It refuses a spec that
// Validate rejects or that Check finds a Hard violation in (a cidr_block too
// small for every AZ to get every tier); waivable violations are expanded as
// asked (a single NAT, an unencrypted log group), since refusing them is the
// compliance layer's decision.
//
// Subnet CIDRs follow CIDRPlan (expand_cidr.go): public owns the first
// quarter of cidr_block, data the second quarter, app the second half; each
// region holds up to 8 equal subnets and an AZ takes the one at its slot,
// from its name's last letter (a..h) or number (1..8). Every child is keyed by tier, AZ name or
// service, never by list position, so adding or removing an AZ adds or
// removes only that AZ's children. The one exception is nat_gateways =
// "single": its NAT lives in the first AZ by name, so adding an AZ that
// sorts first moves it.
func Expand(s Spec) (Layout, error) {
	if err := compliance.Refusal(ResourceType, s.Name, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	s = s.WithDefaults()
	plan, err := newCIDRPlan(s.CIDRBlock, s.SubnetNewbits)
	if err != nil {
		return Layout{}, err
	}
	l := newLayout(s, plan)
	l.Subnets = expandSubnets(s, plan)
	l.EIPs, l.NATs = expandNATs(s)
	l.RouteTables, l.Routes = expandRoutes(s)
	l.NACLs = expandNACLs(s, l.Subnets)
	l.SecurityGroups, l.Endpoints = expandEndpoints(s, l.Subnets, l.RouteTables)
	l.FlowLog = expandFlowLog(s)
	return l, nil
}

func newLayout(s Spec, plan cidrPlan) Layout {
	return Layout{
		Version:       LayoutVersion,
		Name:          s.Name,
		Owner:         s.Owner(),
		BaseTags:      s.BaseTags(),
		Region:        s.Region,
		AZs:           slices.Clone(s.AvailabilityZones),
		SubnetNewbits: plan.newbits,
		VPC:           VPC{Key: KeyVPC, CIDRBlock: plan.vpc.String(), EnableDNSSupport: true, EnableDNSHostnames: true},

		InternetGateway:      InternetGateway{Key: KeyInternetGateway},
		DefaultSecurityGroup: DefaultSecurityGroup{Key: KeyDefaultSecurityGroup, Empty: true},
	}
}

// expandSubnets places one subnet per tier and AZ at the AZ's slot.
func expandSubnets(s Spec, plan cidrPlan) map[string]Subnet {
	out := map[string]Subnet{}
	for _, az := range s.AvailabilityZones {
		slot, _ := AZSlot(az) // Validate checked it
		for _, t := range Tiers {
			k := SubnetKey(t, az)
			out[k] = Subnet{Key: k, Tier: t, AvailabilityZone: az, Slot: slot,
				CIDRBlock:     plan.subnet(t, slot).String(),
				RouteTableKey: RouteTableKey(t, az), NACLKey: NACLKey(t)}
		}
	}
	return out
}

// expandFlowLog: the flow log, its encrypted log group and its delivery role.
func expandFlowLog(s Spec) FlowLog {
	return FlowLog{
		Key: KeyFlowLog, TrafficType: s.FlowLogs.TrafficType, MaxAggregationInterval: 600,
		LogGroupKey: KeyLogGroup, LogGroupName: LogGroupName(s.Name),
		RetentionDays: s.FlowLogs.RetentionDays, KMSKeyARN: s.FlowLogs.KMSKeyARN,
		RetainOnDestroy: s.RetainFlowLogsOnDestroy,
		RoleKey:         KeyFlowLogRole, RoleName: FlowLogRoleName(s.Name),
		RolePolicyKey: KeyFlowLogRolePolicy, RolePolicyName: servicerole.PolicyName(FlowLogRoleName(s.Name), FlowLogRolePolicyName),
		RoleAttachmentKey: KeyFlowLogRoleAttachment,
	}
}

// subnetKeys returns the sorted keys of the subnets of tier t.
func subnetKeys(subnets map[string]Subnet, t Tier) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(subnets)) {
		if subnets[k].Tier == t {
			out = append(out, k)
		}
	}
	return out
}
