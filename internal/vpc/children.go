package vpc

import (
	"cmp"
	"maps"
	"slices"
)

// Children returns every child as a flat list in creation order: each
// child's DependsOn keys come earlier in the list. Delete in reverse order.
// The list is deterministic: kinds in Kinds order, keys sorted within a kind
// (NACL entries: ingress then egress, by rule number).
func (l Layout) Children() []Child {
	var c []Child
	c = append(c, Child{KindVPC, l.VPC.Key, nil},
		Child{KindDefaultSecurityGroup, l.DefaultSecurityGroup.Key, []string{l.VPC.Key}},
		Child{KindInternetGateway, l.InternetGateway.Key, []string{l.VPC.Key}})
	c = append(c, l.flowLogChildren()...)
	for _, k := range sortedKeys(l.Subnets) {
		c = append(c, Child{KindSubnet, k, []string{l.VPC.Key}})
	}
	c = append(c, l.naclChildren()...)
	c = append(c, l.routingChildren()...)
	c = append(c, l.endpointChildren()...)
	return c
}

func (l Layout) flowLogChildren() []Child {
	f := l.FlowLog
	return []Child{
		{KindLogGroup, f.LogGroupKey, nil},
		{KindIAMRole, f.RoleKey, nil},
		{KindIAMPolicy, f.RolePolicyKey, nil}, // names the group by its ARN, which is known before it exists
		{KindIAMRolePolicyAttachment, f.RoleAttachmentKey, []string{f.RoleKey, f.RolePolicyKey}},
		{KindFlowLog, f.Key, []string{l.VPC.Key, f.LogGroupKey, f.RoleKey, f.RoleAttachmentKey}},
	}
}

// naclChildren: NACLs, their entries, then the associations, which wait for
// every entry so a subnet never sits behind a half-built (deny-all) NACL.
func (l Layout) naclChildren() []Child {
	var acls, entries, assocs []Child
	for _, k := range sortedKeys(l.NACLs) {
		n := l.NACLs[k]
		acls = append(acls, Child{KindNetworkACL, k, []string{l.VPC.Key}})
		deps := []string{k}
		for _, e := range n.Entries {
			entries = append(entries, Child{KindNetworkACLEntry, e.Key, []string{k}})
			deps = append(deps, e.Key)
		}
		for _, sk := range n.SubnetKeys {
			assocs = append(assocs, Child{KindNetworkACLAssociation, NACLAssociationKey(sk), append([]string{sk}, deps...)})
		}
	}
	slices.SortFunc(assocs, func(a, b Child) int { return cmp.Compare(a.Key, b.Key) })
	return slices.Concat(acls, entries, assocs)
}

// routingChildren: route tables, EIPs, NAT gateways, routes, associations.
func (l Layout) routingChildren() []Child {
	var c, assocs []Child
	for _, k := range sortedKeys(l.RouteTables) {
		c = append(c, Child{KindRouteTable, k, []string{l.VPC.Key}})
		for _, sk := range l.RouteTables[k].SubnetKeys {
			assocs = append(assocs, Child{KindRouteTableAssociation, RouteTableAssociationKey(sk), []string{k, sk}})
		}
	}
	for _, k := range sortedKeys(l.EIPs) { // allocation needs nothing; the NAT holding it needs the IGW
		c = append(c, Child{KindEIP, k, nil})
	}
	for _, k := range sortedKeys(l.NATs) {
		n := l.NATs[k]
		c = append(c, Child{KindNATGateway, k, []string{n.SubnetKey, n.EIPKey, l.InternetGateway.Key}})
	}
	for _, k := range sortedKeys(l.Routes) {
		r := l.Routes[k]
		c = append(c, Child{KindRoute, k, []string{r.RouteTableKey, r.TargetKey}})
	}
	slices.SortFunc(assocs, func(a, b Child) int { return cmp.Compare(a.Key, b.Key) })
	return append(c, assocs...)
}

func (l Layout) endpointChildren() []Child {
	var c []Child
	for _, k := range sortedKeys(l.SecurityGroups) {
		c = append(c, Child{KindSecurityGroup, k, []string{l.VPC.Key}})
	}
	for _, k := range sortedKeys(l.Endpoints) {
		e := l.Endpoints[k]
		deps := slices.Concat([]string{l.VPC.Key}, e.RouteTableKeys, e.SubnetKeys)
		if e.SecurityGroupKey != "" {
			deps = append(deps, e.SecurityGroupKey)
		}
		c = append(c, Child{KindVPCEndpoint, k, deps})
	}
	return c
}

// Count returns the number of children per kind.
func (l Layout) Count() map[Kind]int {
	out := map[Kind]int{}
	for _, c := range l.Children() {
		out[c.Kind]++
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
