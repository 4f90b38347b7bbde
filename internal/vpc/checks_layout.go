package vpc

import (
	"fmt"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// LayoutViolations asserts, on a computed layout, the controls that hold by
// construction: NET-02, 03, 05, 06/07 (provider security groups), 08 and 10.
// It returns nothing for any Expand result; a violation is a bug, hence Hard.
// Tests run it on every layout; the executor may run it as a guard.
func LayoutViolations(l Layout) []compliance.Violation {
	var v []compliance.Violation
	for _, f := range []func(Layout) []compliance.Violation{layoutNET02, layoutNET03, layoutNET05,
		layoutSecurityGroups, layoutNET08Tiers, layoutNET08Entries, layoutNET10} {
		v = append(v, f(l)...)
	}
	return v
}

func bug(control, format string, args ...any) compliance.Violation {
	return compliance.Violation{Control: control, Hard: true, Detail: "layout: " + fmt.Sprintf(format, args...)}
}

func layoutNET02(l Layout) []compliance.Violation {
	var v []compliance.Violation
	for _, k := range sortedKeys(l.Subnets) {
		if s := l.Subnets[k]; s.MapPublicIPOnLaunch || s.AssignIPv6AddressOnCreation {
			v = append(v, bug("NET-02", "subnet %s auto-assigns public addresses", k))
		}
	}
	return v
}

func layoutNET03(l Layout) []compliance.Violation {
	var v []compliance.Violation
	for _, k := range sortedKeys(l.Routes) {
		r := l.Routes[k]
		if r.TargetKind == KindInternetGateway && l.RouteTables[r.RouteTableKey].Tier != TierPublic {
			v = append(v, bug("NET-03", "route %s sends %s to the internet gateway from a non-public table", k, r.DestinationCIDR))
		}
	}
	return v
}

func layoutNET05(l Layout) []compliance.Violation {
	if l.DefaultSecurityGroup.Empty {
		return nil
	}
	return []compliance.Violation{bug("NET-05", "the default security group is not emptied")}
}

// layoutSecurityGroups: no provider group admits or sends to anywhere.
func layoutSecurityGroups(l Layout) []compliance.Violation {
	var v []compliance.Violation
	for _, k := range sortedKeys(l.SecurityGroups) {
		g := l.SecurityGroups[k]
		if slices.ContainsFunc(g.Ingress, isAnywhereRule) {
			v = append(v, bug("NET-06", "security group %s admits %s", k, AnyIPv4))
		}
		if slices.ContainsFunc(g.Egress, isAnywhereRule) {
			v = append(v, bug("NET-07", "security group %s allows egress to %s", k, AnyIPv4))
		}
	}
	return v
}

func isAnywhereRule(r SGRule) bool { return r.CIDRBlock == AnyIPv4 || r.CIDRBlock == "::/0" }

// layoutNET08Tiers: one NACL per tier, holding exactly that tier's subnets.
func layoutNET08Tiers(l Layout) []compliance.Violation {
	var v []compliance.Violation
	for _, t := range Tiers {
		n, ok := l.NACLs[NACLKey(t)]
		if !ok || n.Tier != t || !slices.Equal(n.SubnetKeys, subnetKeys(l.Subnets, t)) {
			v = append(v, bug("NET-08", "%s does not hold exactly the %s subnets", NACLKey(t), t))
		}
	}
	for _, k := range sortedKeys(l.Subnets) {
		if s := l.Subnets[k]; s.NACLKey != NACLKey(s.Tier) {
			v = append(v, bug("NET-08", "subnet %s uses %s", k, s.NACLKey))
		}
	}
	return v
}

// layoutNET08Entries: no ingress from anywhere to 22/3389; the data tier
// admits only single TCP ports from app subnets.
func layoutNET08Entries(l Layout) []compliance.Violation {
	var v []compliance.Violation
	appCIDRs := map[string]bool{}
	for _, k := range subnetKeys(l.Subnets, TierApp) {
		appCIDRs[l.Subnets[k].CIDRBlock] = true
	}
	for _, k := range sortedKeys(l.NACLs) {
		for _, e := range l.NACLs[k].Entries {
			if AdmitsFromAnywhere(e, portSSH) || AdmitsFromAnywhere(e, portRDP) {
				v = append(v, bug("NET-08", "%s admits %s to an administration port", e.Key, AnyIPv4))
			}
			if l.NACLs[k].Tier == TierData && !e.Egress && e.Action == ActionAllow &&
				(!appCIDRs[e.CIDRBlock] || e.Protocol != ProtocolTCP || e.FromPort != e.ToPort) {
				v = append(v, bug("NET-08", "%s admits more than one port from an app subnet", e.Key))
			}
		}
	}
	return v
}

// AdmitsFromAnywhere reports whether e is an ingress allow rule from
// 0.0.0.0/0 covering port (TCP, UDP or all protocols).
func AdmitsFromAnywhere(e NACLEntry, port int) bool {
	if e.Egress || e.Action != ActionAllow || e.CIDRBlock != AnyIPv4 {
		return false
	}
	return e.Protocol == ProtocolAll || ((e.Protocol == ProtocolTCP || e.Protocol == ProtocolUDP) && e.FromPort <= port && port <= e.ToPort)
}

// layoutNET10: S3 and DynamoDB gateway endpoints on every app and data table;
// interface endpoints in every app subnet with private DNS and their group.
func layoutNET10(l Layout) []compliance.Violation {
	var v []compliance.Violation
	private := privateRouteTables(l.RouteTables)
	for _, svc := range gatewayServices {
		e, ok := l.Endpoints[EndpointKey(svc)]
		if !ok || e.Type != EndpointGateway || !slices.Equal(e.RouteTableKeys, private) {
			v = append(v, bug("NET-10", "no %s gateway endpoint on every app and data route table", svc))
		}
	}
	app := subnetKeys(l.Subnets, TierApp)
	for _, k := range sortedKeys(l.Endpoints) {
		e := l.Endpoints[k]
		if e.Type != EndpointInterface {
			continue
		}
		if _, ok := l.SecurityGroups[e.SecurityGroupKey]; !ok || !e.PrivateDNS || !slices.Equal(e.SubnetKeys, app) {
			v = append(v, bug("NET-10", "%s is not in every app subnet with private DNS and its security group", k))
		}
	}
	return v
}
