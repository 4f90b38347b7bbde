package eject

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// vpcTypes is the hashicorp/aws resource type of each child kind.
var vpcTypes = map[vpc.Kind]string{
	vpc.KindVPC:                     "aws_vpc",
	vpc.KindDefaultSecurityGroup:    "aws_default_security_group",
	vpc.KindInternetGateway:         "aws_internet_gateway",
	vpc.KindLogGroup:                "aws_cloudwatch_log_group",
	vpc.KindIAMRole:                 "aws_iam_role",
	vpc.KindIAMPolicy:               "aws_iam_policy",
	vpc.KindIAMRolePolicyAttachment: "aws_iam_role_policy_attachment",
	vpc.KindFlowLog:                 "aws_flow_log",
	vpc.KindSubnet:                  "aws_subnet",
	vpc.KindNetworkACL:              "aws_network_acl",
	vpc.KindNetworkACLEntry:         "aws_network_acl_rule",
	vpc.KindNetworkACLAssociation:   "aws_network_acl_association",
	vpc.KindRouteTable:              "aws_route_table",
	vpc.KindEIP:                     "aws_eip",
	vpc.KindNATGateway:              "aws_nat_gateway",
	vpc.KindRoute:                   "aws_route",
	vpc.KindRouteTableAssociation:   "aws_route_table_association",
	vpc.KindSecurityGroup:           "aws_security_group",
	vpc.KindVPCEndpoint:             "aws_vpc_endpoint",
}

// vpcRenderer writes the children of one layout.
type vpcRenderer struct {
	e      *File
	l      vpc.Layout
	name   string            // label prefix: the hipaa_vpc resource's label
	addr   map[string]string // child key -> "aws_subnet.bench_public_us_east_1a"
	entry  map[string]vpc.NACLEntry
	shared string // locals name of the base tags
}

// VPC renders a hipaa_vpc layout as one aws_* resource per child, in the
// layout's creation order, labelled "<name>_<child key>".
func (e *File) VPC(name string, l vpc.Layout) {
	r := &vpcRenderer{e: e, l: l, name: name, addr: map[string]string{}, entry: map[string]vpc.NACLEntry{},
		shared: label(name, "tags")}
	children := l.Children()
	for _, c := range children {
		r.addr[c.Key] = vpcTypes[c.Kind] + "." + label(name, c.Key)
	}
	for _, n := range l.NACLs {
		for _, x := range n.Entries {
			r.entry[x.Key] = x
		}
	}
	e.locals(r.shared, l.BaseTags)
	for _, c := range children {
		r.child(c)
	}
}

// child renders one child; layout edges its references do not imply
// become depends_on.
func (r *vpcRenderer) child(c vpc.Child) {
	b := r.e.resource(vpcTypes[c.Kind], label(r.name, c.Key))
	var used []string
	ref := func(key, attr string) string { used = append(used, key); return r.addr[key] + "." + attr }
	r.render(b, c, ref)
	var deps []string
	for _, k := range c.DependsOn {
		if !slices.Contains(used, k) {
			deps = append(deps, r.addr[k])
		}
	}
	if len(deps) > 0 {
		r.e.expr(b, "depends_on", list(deps))
	}
}

type refFunc func(key, attr string) string

func (r *vpcRenderer) render(b *hclwrite.Body, c vpc.Child, ref refFunc) {
	switch c.Kind {
	case vpc.KindVPC:
		b.SetAttributeValue("cidr_block", cty.StringVal(r.l.VPC.CIDRBlock))
		b.SetAttributeValue("enable_dns_support", cty.BoolVal(r.l.VPC.EnableDNSSupport))
		b.SetAttributeValue("enable_dns_hostnames", cty.BoolVal(r.l.VPC.EnableDNSHostnames))
	case vpc.KindDefaultSecurityGroup:
		// No ingress or egress blocks: every rule is removed (NET-05). The
		// default group is adopted, not tagged.
		r.e.expr(b, "vpc_id", ref(r.l.VPC.Key, "id"))
		return
	case vpc.KindInternetGateway:
		r.e.expr(b, "vpc_id", ref(r.l.VPC.Key, "id"))
	case vpc.KindLogGroup, vpc.KindIAMRole, vpc.KindIAMPolicy, vpc.KindIAMRolePolicyAttachment, vpc.KindFlowLog:
		r.flowLog(b, c, ref)
	case vpc.KindSubnet:
		r.subnet(b, c.Key, ref)
	case vpc.KindNetworkACL, vpc.KindRouteTable, vpc.KindSecurityGroup:
		r.vpcScoped(b, c, ref)
	case vpc.KindNetworkACLEntry:
		r.naclEntry(b, r.entry[c.Key], c.DependsOn[0], ref)
	case vpc.KindNetworkACLAssociation, vpc.KindRouteTableAssociation:
		r.association(b, c, ref)
	case vpc.KindEIP:
		b.SetAttributeValue("domain", cty.StringVal("vpc"))
	case vpc.KindNATGateway:
		n := r.l.NATs[c.Key]
		r.e.expr(b, "allocation_id", ref(n.EIPKey, "id"))
		r.e.expr(b, "subnet_id", ref(n.SubnetKey, "id"))
	case vpc.KindRoute:
		r.route(b, r.l.Routes[c.Key], ref)
	case vpc.KindVPCEndpoint:
		r.endpoint(b, r.l.Endpoints[c.Key], ref)
	}
	if c.Kind.Taggable() {
		r.e.tags(b, r.shared, r.l.BaseTags, r.l.Tags(c.Key))
	}
}

func (r *vpcRenderer) subnet(b *hclwrite.Body, key string, ref refFunc) {
	s := r.l.Subnets[key]
	r.e.expr(b, "vpc_id", ref(r.l.VPC.Key, "id"))
	b.SetAttributeValue("cidr_block", cty.StringVal(s.CIDRBlock))
	if vpc.IsZoneID(s.AvailabilityZone) {
		b.SetAttributeValue("availability_zone_id", cty.StringVal(s.AvailabilityZone))
	} else {
		b.SetAttributeValue("availability_zone", cty.StringVal(s.AvailabilityZone))
	}
	b.SetAttributeValue("map_public_ip_on_launch", cty.BoolVal(s.MapPublicIPOnLaunch))
}

// vpcScoped renders a NACL, route table or security group: children that
// only need the VPC (their entries, routes and rules are separate resources).
func (r *vpcRenderer) vpcScoped(b *hclwrite.Body, c vpc.Child, ref refFunc) {
	if c.Kind == vpc.KindSecurityGroup {
		sg := r.l.SecurityGroups[c.Key]
		b.SetAttributeValue("name", cty.StringVal(sg.GroupName))
		b.SetAttributeValue("description", cty.StringVal(sg.Description))
		defer r.sgRules(c.Key, sg)
	}
	r.e.expr(b, "vpc_id", ref(r.l.VPC.Key, "id"))
}

// sgRules writes each rule of a group as its own resource; the group itself
// has no inline rules, so the allow-all egress AWS adds is removed (NET-07).
func (r *vpcRenderer) sgRules(key string, sg vpc.SecurityGroup) {
	for _, d := range []struct {
		dir   string
		rules []vpc.SGRule
	}{{"ingress", sg.Ingress}, {"egress", sg.Egress}} {
		for i, x := range d.rules {
			b := r.e.resource("aws_vpc_security_group_"+d.dir+"_rule", label(r.name, key+"/"+d.dir+"/"+strconv.Itoa(i)))
			r.e.expr(b, "security_group_id", r.addr[key]+".id")
			b.SetAttributeValue("ip_protocol", cty.StringVal(x.Protocol))
			b.SetAttributeValue("from_port", cty.NumberIntVal(int64(x.FromPort)))
			b.SetAttributeValue("to_port", cty.NumberIntVal(int64(x.ToPort)))
			b.SetAttributeValue("cidr_ipv4", cty.StringVal(x.CIDRBlock))
			b.SetAttributeValue("description", cty.StringVal(x.Description))
		}
	}
}

func (r *vpcRenderer) naclEntry(b *hclwrite.Body, x vpc.NACLEntry, nacl string, ref refFunc) {
	r.e.expr(b, "network_acl_id", ref(nacl, "id"))
	b.SetAttributeValue("rule_number", cty.NumberIntVal(int64(x.RuleNumber)))
	b.SetAttributeValue("egress", cty.BoolVal(x.Egress))
	b.SetAttributeValue("protocol", cty.StringVal(string(x.Protocol)))
	b.SetAttributeValue("rule_action", cty.StringVal(string(x.Action)))
	b.SetAttributeValue("cidr_block", cty.StringVal(x.CIDRBlock))
	b.SetAttributeValue("from_port", cty.NumberIntVal(int64(x.FromPort)))
	b.SetAttributeValue("to_port", cty.NumberIntVal(int64(x.ToPort)))
}

// association renders "naclassoc/<subnet>" and "rtbassoc/<subnet>".
func (r *vpcRenderer) association(b *hclwrite.Body, c vpc.Child, ref refFunc) {
	if c.Kind == vpc.KindNetworkACLAssociation {
		s := r.l.Subnets[strings.TrimPrefix(c.Key, vpc.NACLAssociationKey(""))]
		r.e.expr(b, "network_acl_id", ref(s.NACLKey, "id"))
		r.e.expr(b, "subnet_id", ref(s.Key, "id"))
		return
	}
	s := r.l.Subnets[strings.TrimPrefix(c.Key, vpc.RouteTableAssociationKey(""))]
	r.e.expr(b, "route_table_id", ref(s.RouteTableKey, "id"))
	r.e.expr(b, "subnet_id", ref(s.Key, "id"))
}

func (r *vpcRenderer) route(b *hclwrite.Body, rt vpc.Route, ref refFunc) {
	r.e.expr(b, "route_table_id", ref(rt.RouteTableKey, "id"))
	b.SetAttributeValue("destination_cidr_block", cty.StringVal(rt.DestinationCIDR))
	target := "gateway_id"
	if rt.TargetKind == vpc.KindNATGateway {
		target = "nat_gateway_id"
	}
	r.e.expr(b, target, ref(rt.TargetKey, "id"))
}

func (r *vpcRenderer) endpoint(b *hclwrite.Body, ep vpc.Endpoint, ref refFunc) {
	r.e.expr(b, "vpc_id", ref(r.l.VPC.Key, "id"))
	b.SetAttributeValue("service_name", cty.StringVal(ep.ServiceName))
	b.SetAttributeValue("vpc_endpoint_type", cty.StringVal(string(ep.Type)))
	ids := func(keys []string) string {
		out := make([]string, 0, len(keys))
		for _, k := range keys {
			out = append(out, ref(k, "id"))
		}
		return list(out)
	}
	if ep.Type == vpc.EndpointGateway {
		r.e.expr(b, "route_table_ids", ids(ep.RouteTableKeys))
		return
	}
	r.e.expr(b, "subnet_ids", ids(ep.SubnetKeys))
	r.e.expr(b, "security_group_ids", ids([]string{ep.SecurityGroupKey}))
	b.SetAttributeValue("private_dns_enabled", cty.BoolVal(ep.PrivateDNS))
}

// flowLog renders the log group, the delivery role, its managed policy and
// the policy's attachment,
// and the flow log (NET-09).
func (r *vpcRenderer) flowLog(b *hclwrite.Body, c vpc.Child, ref refFunc) {
	f := r.l.FlowLog
	groupARN := vpc.LogGroupARN(partitionPlaceholder, r.l.Region, accountPlaceholder, f.LogGroupName)
	switch c.Kind {
	case vpc.KindLogGroup:
		b.SetAttributeValue("name", cty.StringVal(f.LogGroupName))
		b.SetAttributeValue("retention_in_days", cty.NumberIntVal(int64(f.RetentionDays)))
		if f.KMSKeyARN != "" {
			r.e.str(b, "kms_key_id", f.KMSKeyARN)
		}
		b.SetAttributeValue("skip_destroy", cty.BoolVal(f.RetainOnDestroy))
	case vpc.KindIAMRole:
		b.SetAttributeValue("name", cty.StringVal(f.RoleName))
		r.e.expr(b, "assume_role_policy", r.e.policy(vpc.FlowLogTrustPolicy(accountPlaceholder)))
	case vpc.KindIAMPolicy:
		r.e.managedPolicy(b, f.RoleName, f.RolePolicyName, vpc.FlowLogRolePolicy(groupARN))
	case vpc.KindIAMRolePolicyAttachment:
		r.e.attachment(b, ref(f.RoleKey, "name"), ref(f.RolePolicyKey, "arn"))
	case vpc.KindFlowLog:
		r.e.expr(b, "vpc_id", ref(r.l.VPC.Key, "id"))
		b.SetAttributeValue("traffic_type", cty.StringVal(f.TrafficType))
		b.SetAttributeValue("max_aggregation_interval", cty.NumberIntVal(int64(f.MaxAggregationInterval)))
		b.SetAttributeValue("log_destination_type", cty.StringVal("cloud-watch-logs"))
		r.e.expr(b, "log_destination", ref(f.LogGroupKey, "arn"))
		r.e.expr(b, "iam_role_arn", ref(f.RoleKey, "arn"))
	}
}
