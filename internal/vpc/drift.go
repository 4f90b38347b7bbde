package vpc

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// AnyRoute is the default route's destination.
const AnyRoute = "0.0.0.0/0"

// IDs maps every observed child that matches the layout to its AWS ID.
// Routes, NACL entries and associations count only when they are exactly as
// the layout wants them (right target, rule or NACL), so a changed one shows
// as missing and is repaired; so does an internet gateway that is not
// attached to the VPC. The data NACL's rule numbers are the VPC's own
// (adoptDataBands). Without a VPC (o from observeDetached) only the EIPs count.
func (o *Observed) IDs(l Layout) map[string]string {
	l = adoptDataBands(l, o)
	ids := map[string]string{}
	put := func(key, id string) {
		if id != "" {
			ids[key] = id
		}
	}
	if o.VPC != nil {
		put(KeyVPC, aws.ToString(o.VPC.VpcId))
	}
	if o.DefaultSG != nil {
		put(KeyDefaultSecurityGroup, aws.ToString(o.DefaultSG.GroupId))
	}
	if o.IGW != nil && o.VPC != nil && attachedTo(*o.IGW, aws.ToString(o.VPC.VpcId)) {
		put(KeyInternetGateway, aws.ToString(o.IGW.InternetGatewayId))
	}
	for k, s := range o.Subnets {
		put(k, aws.ToString(s.SubnetId))
	}
	for k, n := range o.NATs {
		put(k, aws.ToString(n.NatGatewayId))
	}
	for k, a := range o.EIPs {
		put(k, aws.ToString(a.AllocationId))
	}
	for k, g := range o.SecurityGroups {
		put(k, aws.ToString(g.GroupId))
	}
	for k, e := range o.Endpoints {
		put(k, aws.ToString(e.VpcEndpointId))
	}
	o.flowLogIDs(l, put)
	o.routeIDs(l, ids, put)
	o.naclIDs(l, put)
	return ids
}

func (o *Observed) flowLogIDs(l Layout, put func(string, string)) {
	if o.FlowLog != nil && string(o.FlowLog.TrafficType) == l.FlowLog.TrafficType {
		put(l.FlowLog.Key, aws.ToString(o.FlowLog.FlowLogId))
	}
	if o.LogGroup != nil {
		put(l.FlowLog.LogGroupKey, l.FlowLog.LogGroupName)
	}
	if o.Role.Exists {
		put(l.FlowLog.RoleKey, l.FlowLog.RoleName)
		put(l.FlowLog.RolePolicyKey, l.FlowLog.RolePolicyName)
		put(l.FlowLog.RoleAttachmentKey, l.FlowLog.RoleName+"/"+l.FlowLog.RolePolicyName)
	}
}

func (o *Observed) routeIDs(l Layout, ids map[string]string, put func(string, string)) {
	for k, rt := range o.RouteTables {
		put(k, aws.ToString(rt.RouteTableId))
		if r, ok := l.Routes[DefaultRouteKey(k)]; ok {
			if target := defaultRouteTarget(rt); target != "" && target == ids[r.TargetKey] {
				put(r.Key, aws.ToString(rt.RouteTableId)+"_"+AnyRoute)
			}
		}
		for _, a := range rt.Associations {
			if sk := o.subnetKey(aws.ToString(a.SubnetId)); sk != "" && l.Subnets[sk].RouteTableKey == k {
				put(RouteTableAssociationKey(sk), aws.ToString(a.RouteTableAssociationId))
			}
		}
	}
}

func (o *Observed) naclIDs(l Layout, put func(string, string)) {
	for k, n := range o.NACLs {
		id := aws.ToString(n.NetworkAclId)
		put(k, id)
		want := entriesByKey(l.NACLs[k])
		for _, e := range n.Entries {
			key := NACLEntryKey(l.NACLs[k].Tier, aws.ToBool(e.Egress), int(aws.ToInt32(e.RuleNumber)))
			if w, ok := want[key]; ok && entryMatches(w, e) {
				put(key, fmt.Sprintf("%s:%t:%d", id, w.Egress, w.RuleNumber))
			}
		}
		for _, a := range n.Associations {
			if sk := o.subnetKey(aws.ToString(a.SubnetId)); sk != "" && l.Subnets[sk].NACLKey == k {
				put(NACLAssociationKey(sk), aws.ToString(a.NetworkAclAssociationId))
			}
		}
	}
}

func (o *Observed) subnetKey(subnetID string) string {
	for k, s := range o.Subnets {
		if aws.ToString(s.SubnetId) == subnetID {
			return k
		}
	}
	return ""
}

// defaultRouteTarget is the NAT or IGW a table's 0.0.0.0/0 route points at.
func defaultRouteTarget(rt ec2types.RouteTable) string {
	for _, r := range rt.Routes {
		if aws.ToString(r.DestinationCidrBlock) == AnyRoute {
			return aws.ToString(r.NatGatewayId) + aws.ToString(r.GatewayId)
		}
	}
	return ""
}

func entriesByKey(n NACL) map[string]NACLEntry {
	m := make(map[string]NACLEntry, len(n.Entries))
	for _, e := range n.Entries {
		m[e.Key] = e
	}
	return m
}

// entryMatches compares a layout entry with an observed one.
func entryMatches(w NACLEntry, e ec2types.NetworkAclEntry) bool {
	if aws.ToString(e.Protocol) != string(w.Protocol) || string(e.RuleAction) != string(w.Action) || aws.ToString(e.CidrBlock) != w.CIDRBlock {
		return false
	}
	if w.Protocol == ProtocolAll {
		return true
	}
	return e.PortRange != nil && int(aws.ToInt32(e.PortRange.From)) == w.FromPort && int(aws.ToInt32(e.PortRange.To)) == w.ToPort
}

// Drift lists every difference between the layout and AWS, sorted.
func Drift(l Layout, o *Observed) []string {
	l = adoptDataBands(l, o)
	ids := o.IDs(l)
	var d []string
	for _, c := range l.Children() {
		if _, ok := ids[c.Key]; !ok {
			d = append(d, fmt.Sprintf("%s %s is missing or differs", strings.ReplaceAll(string(c.Kind), "_", " "), c.Key))
		}
	}
	d = append(d, o.extraDrift(l)...)
	sort.Strings(d)
	return d
}

// extraDrift finds what exists but should not: extra NACL entries and
// routes, public IPs, rules in the default group, settings that differ.
func (o *Observed) extraDrift(l Layout) []string {
	var d []string
	for k, n := range o.NACLs {
		want := entriesByKey(l.NACLs[k])
		for _, e := range n.Entries {
			if r := aws.ToInt32(e.RuleNumber); r != defaultRuleNumber {
				if _, ok := want[NACLEntryKey(l.NACLs[k].Tier, aws.ToBool(e.Egress), int(r))]; !ok {
					d = append(d, fmt.Sprintf("%s has an unexpected rule %d", k, r))
				}
			}
		}
	}
	for k, rt := range o.RouteTables {
		if _, ok := l.Routes[DefaultRouteKey(k)]; !ok && defaultRouteTarget(rt) != "" {
			d = append(d, fmt.Sprintf("%s has an unexpected default route to %s", k, defaultRouteTarget(rt)))
		}
	}
	for k, s := range o.Subnets {
		if aws.ToBool(s.MapPublicIpOnLaunch) || aws.ToBool(s.AssignIpv6AddressOnCreation) {
			d = append(d, fmt.Sprintf("subnet %s auto-assigns public addresses (NET-02)", k))
		}
	}
	if t := tags.Describe(l.BaseTags, tagMap(o.VPC.Tags), setByChild...); t != "" {
		d = append(d, "tags differ: "+t)
	}
	if o.DefaultSG != nil && len(o.DefaultSG.IpPermissions)+len(o.DefaultSG.IpPermissionsEgress) > 0 {
		d = append(d, "the default security group has rules (NET-05)")
	}
	for _, g := range o.ExtraIGWs {
		d = append(d, fmt.Sprintf("internet gateway %s carries this VPC's owner tag but is not attached (left by an interrupted apply)", aws.ToString(g.InternetGatewayId)))
	}
	for _, a := range o.ExtraEIPs {
		d = append(d, fmt.Sprintf("elastic IP %s duplicates %s", aws.ToString(a.AllocationId), childKey(a.Tags)))
	}
	return append(d, o.settingsDrift(l)...)
}

func (o *Observed) settingsDrift(l Layout) []string {
	var d []string
	for k, sg := range l.SecurityGroups {
		if g, ok := o.SecurityGroups[k]; ok && !rulesEqual(sg, g) {
			d = append(d, fmt.Sprintf("security group %s rules differ", k))
		}
	}
	if o.LogGroup != nil {
		d = append(d, loggroup.Drift(l.flowLogGroup(), o.LogGroup)...)
	}
	d = append(d, o.Role.Drift(l.FlowLog.RoleName)...)
	for k, e := range l.Endpoints {
		got, ok := o.Endpoints[k]
		switch {
		case !ok:
		case e.Type == EndpointGateway && !sameSet(got.RouteTableIds, o.tableIDs(e.RouteTableKeys)):
			d = append(d, fmt.Sprintf("%s route tables differ", k))
		case e.Type != EndpointGateway && !sameSet(got.SubnetIds, o.subnetIDs(e.SubnetKeys)):
			d = append(d, fmt.Sprintf("%s is in subnets %v, want the app subnets %v", k, got.SubnetIds, o.subnetIDs(e.SubnetKeys)))
		case e.Type != EndpointGateway && !endpointInGroup(got, aws.ToString(o.SecurityGroups[e.SecurityGroupKey].GroupId)):
			d = append(d, fmt.Sprintf("%s security groups differ from %s only", k, e.SecurityGroupKey))
		}
	}
	return d
}

func (o *Observed) tableIDs(keys []string) []string {
	var out []string
	for _, k := range keys {
		if rt, ok := o.RouteTables[k]; ok {
			out = append(out, aws.ToString(rt.RouteTableId))
		}
	}
	return out
}

func (o *Observed) subnetIDs(keys []string) []string {
	var out []string
	for _, k := range keys {
		if sn, ok := o.Subnets[k]; ok {
			out = append(out, aws.ToString(sn.SubnetId))
		}
	}
	return out
}

// endpointInGroup: the endpoint is in exactly the one group.
func endpointInGroup(e ec2types.VpcEndpoint, id string) bool {
	return len(e.Groups) == 1 && aws.ToString(e.Groups[0].GroupId) == id
}

func sameSet(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

// rulesEqual compares a group's rules with the layout (IPv4 CIDR rules only).
func rulesEqual(want SecurityGroup, got ec2types.SecurityGroup) bool {
	return sameSet(ruleStrings(want.Ingress), permStrings(got.IpPermissions)) &&
		sameSet(ruleStrings(want.Egress), permStrings(got.IpPermissionsEgress))
}

func ruleStrings(rules []SGRule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, fmt.Sprintf("%s:%d-%d:%s", r.Protocol, r.FromPort, r.ToPort, r.CIDRBlock))
	}
	return out
}

func permStrings(perms []ec2types.IpPermission) []string {
	var out []string
	for _, p := range perms {
		for _, r := range p.IpRanges {
			out = append(out, fmt.Sprintf("%s:%d-%d:%s", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort), aws.ToInt32(p.ToPort), aws.ToString(r.CidrIp)))
		}
		if len(p.IpRanges) == 0 {
			out = append(out, fmt.Sprintf("%s:%d-%d:other", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort), aws.ToInt32(p.ToPort)))
		}
	}
	return out
}
