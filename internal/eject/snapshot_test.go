package eject_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// snapshot is every AWS object of a network, and its key, as described by
// the SDK, keyed by "<kind> <layout key>" and free of IDs: references
// between objects are written as the other object's layout key.
type snapshot map[string]string

// lister reads a snapshot from the emulator.
type lister struct {
	ctx  context.Context
	cfg  aws.Config
	ec2  *ec2.Client
	logs *cloudwatchlogs.Client
	iam  *iam.Client
	kms  *kms.Client
	snap snapshot
	key  map[string]string // AWS ID -> layout key (from the hipaa:child tag)
	err  error
}

// newLister reads from the raw emulator e.
func newLister(t *testing.T, e *acctest.Emulator) *lister { return listerOf(e.AWSConfig(t)) }

// listerOf reads with cfg.
func listerOf(cfg aws.Config) *lister {
	return &lister{ctx: context.Background(), cfg: cfg, ec2: ec2.NewFromConfig(cfg), logs: cloudwatchlogs.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg), kms: kms.NewFromConfig(cfg), snap: snapshot{}, key: map[string]string{}}
}

func (l *lister) put(kind, key string, format string, args ...any) {
	l.snap[kind+" "+key] = fmt.Sprintf(format, args...)
}

func (l *lister) fail(what string, err error) {
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("listing %s: %w", what, err)
	}
}

// ref names the object with ID id by its layout key.
func (l *lister) ref(id string) string {
	if k, ok := l.key[id]; ok {
		return k
	}
	return "unknown:" + id
}

func (l *lister) refs(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, l.ref(id))
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// listVPC snapshots the network owned by owner, its flow-log group and
// role, and the key behind alias.
func listVPC(t *testing.T, e *acctest.Emulator, owner, logGroup, role, alias string) snapshot {
	t.Helper()
	l := newLister(t, e)
	l.network(owner)
	l.key[l.keyARN(alias)] = "key " + alias
	l.logGroup(logGroup)
	l.role(role)
	return l.done(t)
}

// network snapshots the EC2 objects of the VPC owned by owner (and every
// security group in it).
func (l *lister) network(owner string) {
	vpcID := l.vpc(owner)
	if vpcID == "" {
		return
	}
	l.idsByTag()
	l.subnets(vpcID)
	l.gateways(vpcID, owner)
	l.routeTables(vpcID)
	l.nacls(vpcID)
	l.securityGroups(vpcID)
	l.endpoints(vpcID)
	l.flowLogs(vpcID)
}

func (l *lister) done(t *testing.T) snapshot {
	t.Helper()
	if l.err != nil {
		t.Fatal(l.err)
	}
	return l.snap
}

func attrTrue(v *ec2types.AttributeBooleanValue) bool { return v != nil && aws.ToBool(v.Value) }

func tagString(t []ec2types.Tag) string {
	m := map[string]string{}
	for _, x := range t {
		m[aws.ToString(x.Key)] = aws.ToString(x.Value)
	}
	return mapString(m)
}

func mapString(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func childTag(t []ec2types.Tag) string {
	for _, x := range t {
		if aws.ToString(x.Key) == tags.ChildKey {
			return aws.ToString(x.Value)
		}
	}
	return ""
}

func byVPC(id string) []ec2types.Filter {
	return []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{id}}}
}

func (l *lister) vpc(owner string) string {
	out, err := l.ec2.DescribeVpcs(l.ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:" + tags.OwnerKey), Values: []string{owner}}}})
	l.fail("VPCs", err)
	if err != nil || len(out.Vpcs) != 1 {
		l.fail("VPCs", fmt.Errorf("want one VPC owned by %s, got %d", owner, len(out.Vpcs)))
		return ""
	}
	v := out.Vpcs[0]
	id := aws.ToString(v.VpcId)
	dns := map[ec2types.VpcAttributeName]bool{}
	for _, a := range []ec2types.VpcAttributeName{ec2types.VpcAttributeNameEnableDnsSupport, ec2types.VpcAttributeNameEnableDnsHostnames} {
		at, err := l.ec2.DescribeVpcAttribute(l.ctx, &ec2.DescribeVpcAttributeInput{VpcId: v.VpcId, Attribute: a})
		l.fail("VPC attributes", err)
		if err == nil {
			dns[a] = attrTrue(at.EnableDnsSupport) || attrTrue(at.EnableDnsHostnames)
		}
	}
	l.key[id] = childTag(v.Tags)
	l.put("vpc", childTag(v.Tags), "cidr=%s dns_support=%t dns_hostnames=%t tags=%s", aws.ToString(v.CidrBlock),
		dns[ec2types.VpcAttributeNameEnableDnsSupport], dns[ec2types.VpcAttributeNameEnableDnsHostnames], tagString(v.Tags))
	return id
}

// idsByTag maps the ID of every tagged EC2 object in the VPC to its layout key.
func (l *lister) idsByTag() {
	out, err := l.ec2.DescribeTags(l.ctx, &ec2.DescribeTagsInput{Filters: []ec2types.Filter{
		{Name: aws.String("key"), Values: []string{tags.ChildKey}}}})
	l.fail("tags", err)
	if err == nil {
		for _, d := range out.Tags {
			l.key[aws.ToString(d.ResourceId)] = aws.ToString(d.Value)
		}
	}
}

func (l *lister) subnets(vpcID string) {
	out, err := l.ec2.DescribeSubnets(l.ctx, &ec2.DescribeSubnetsInput{Filters: byVPC(vpcID)})
	l.fail("subnets", err)
	if err != nil {
		return
	}
	for _, s := range out.Subnets {
		l.put("subnet", childTag(s.Tags), "cidr=%s az=%s map_public_ip=%t tags=%s", aws.ToString(s.CidrBlock),
			aws.ToString(s.AvailabilityZone), aws.ToBool(s.MapPublicIpOnLaunch), tagString(s.Tags))
	}
}

// gateways lists the internet gateway, the elastic IPs and the NAT gateways.
func (l *lister) gateways(vpcID, owner string) {
	igw, err := l.ec2.DescribeInternetGateways(l.ctx, &ec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{
		{Name: aws.String("attachment.vpc-id"), Values: []string{vpcID}}}})
	l.fail("internet gateways", err)
	if err == nil {
		for _, g := range igw.InternetGateways {
			l.put("internet_gateway", childTag(g.Tags), "attachments=%d tags=%s", len(g.Attachments), tagString(g.Tags))
		}
	}
	eips, err := l.ec2.DescribeAddresses(l.ctx, &ec2.DescribeAddressesInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:" + tags.OwnerKey), Values: []string{owner}}}})
	l.fail("elastic IPs", err)
	if err == nil {
		for _, a := range eips.Addresses {
			l.key[aws.ToString(a.AllocationId)] = childTag(a.Tags)
			l.put("eip", childTag(a.Tags), "domain=%s tags=%s", a.Domain, tagString(a.Tags))
		}
	}
	nats, err := l.ec2.DescribeNatGateways(l.ctx, &ec2.DescribeNatGatewaysInput{Filter: byVPC(vpcID)})
	l.fail("NAT gateways", err)
	if err != nil {
		return
	}
	for _, n := range nats.NatGateways {
		var allocs []string
		for _, a := range n.NatGatewayAddresses {
			allocs = append(allocs, aws.ToString(a.AllocationId))
		}
		l.put("nat_gateway", childTag(n.Tags), "state=%s subnet=%s eips=%s tags=%s", n.State,
			l.ref(aws.ToString(n.SubnetId)), l.refs(allocs), tagString(n.Tags))
	}
}

func (l *lister) routeTables(vpcID string) {
	out, err := l.ec2.DescribeRouteTables(l.ctx, &ec2.DescribeRouteTablesInput{Filters: byVPC(vpcID)})
	l.fail("route tables", err)
	if err != nil {
		return
	}
	for _, rt := range out.RouteTables {
		key := cmpOr(childTag(rt.Tags), "main")
		var subnets []string
		for _, a := range rt.Associations {
			if a.SubnetId != nil {
				subnets = append(subnets, aws.ToString(a.SubnetId))
			}
		}
		l.put("route_table", key, "subnets=%s tags=%s", l.refs(subnets), tagString(rt.Tags))
		for _, r := range rt.Routes {
			target := cmpOr(aws.ToString(r.GatewayId), aws.ToString(r.NatGatewayId))
			if target != "local" {
				target = l.ref(target)
			}
			// The emulator gives each gateway endpoint its own prefix-list
			// ID (AWS has one per service and region): name it by endpoint.
			dest := aws.ToString(r.DestinationCidrBlock)
			if r.DestinationPrefixListId != nil {
				dest = "prefix-list of " + target
			}
			l.put("route", key+" "+dest, "target=%s state=%s", target, r.State)
		}
	}
}

func (l *lister) nacls(vpcID string) {
	out, err := l.ec2.DescribeNetworkAcls(l.ctx, &ec2.DescribeNetworkAclsInput{Filters: byVPC(vpcID)})
	l.fail("network ACLs", err)
	if err != nil {
		return
	}
	for _, n := range out.NetworkAcls {
		key := cmpOr(childTag(n.Tags), "default")
		var subnets []string
		for _, a := range n.Associations {
			subnets = append(subnets, aws.ToString(a.SubnetId))
		}
		l.put("network_acl", key, "default=%t subnets=%s tags=%s", aws.ToBool(n.IsDefault), l.refs(subnets), tagString(n.Tags))
		for _, e := range n.Entries {
			ports := ""
			// Ports mean nothing for protocol -1: the hipaa executor sends
			// none, hashicorp/aws sends 0-0 and the emulator keeps it.
			if e.PortRange != nil && aws.ToString(e.Protocol) != "-1" {
				ports = fmt.Sprintf("%d-%d", aws.ToInt32(e.PortRange.From), aws.ToInt32(e.PortRange.To))
			}
			l.put("network_acl_entry", fmt.Sprintf("%s egress=%t %d", key, aws.ToBool(e.Egress), aws.ToInt32(e.RuleNumber)),
				"protocol=%s action=%s cidr=%s ports=%s", aws.ToString(e.Protocol), e.RuleAction, aws.ToString(e.CidrBlock), ports)
		}
	}
}

func (l *lister) securityGroups(vpcID string) {
	out, err := l.ec2.DescribeSecurityGroups(l.ctx, &ec2.DescribeSecurityGroupsInput{Filters: byVPC(vpcID)})
	l.fail("security groups", err)
	if err != nil {
		return
	}
	for _, g := range out.SecurityGroups {
		key := cmpOr(childTag(g.Tags), aws.ToString(g.GroupName))
		l.key[aws.ToString(g.GroupId)] = key
		l.put("security_group", key, "name=%s description=%q ingress=%s egress=%s tags=%s", aws.ToString(g.GroupName),
			aws.ToString(g.Description), l.permString(g.IpPermissions), l.permString(g.IpPermissionsEgress), tagString(g.Tags))
	}
}

func (l *lister) permString(perms []ec2types.IpPermission) string {
	var out []string
	for _, p := range perms {
		for _, r := range p.IpRanges {
			out = append(out, fmt.Sprintf("%s/%d-%d/%s/%q", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort),
				aws.ToInt32(p.ToPort), aws.ToString(r.CidrIp), aws.ToString(r.Description)))
		}
		for _, r := range p.Ipv6Ranges {
			out = append(out, fmt.Sprintf("%s/%d-%d/%s/%q", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort),
				aws.ToInt32(p.ToPort), aws.ToString(r.CidrIpv6), aws.ToString(r.Description)))
		}
		for _, g := range p.UserIdGroupPairs {
			out = append(out, fmt.Sprintf("%s/%d-%d/group=%s/%q", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort),
				aws.ToInt32(p.ToPort), l.ref(aws.ToString(g.GroupId)), aws.ToString(g.Description)))
		}
	}
	slices.Sort(out)
	return "[" + strings.Join(out, " ") + "]"
}

func (l *lister) endpoints(vpcID string) {
	out, err := l.ec2.DescribeVpcEndpoints(l.ctx, &ec2.DescribeVpcEndpointsInput{Filters: byVPC(vpcID)})
	l.fail("VPC endpoints", err)
	if err != nil {
		return
	}
	for _, e := range out.VpcEndpoints {
		// Private DNS applies to interface endpoints only; for a gateway
		// endpoint the emulator reports true unless the call says false.
		privateDNS := aws.ToBool(e.PrivateDnsEnabled) && e.VpcEndpointType == ec2types.VpcEndpointTypeInterface
		var groups []string
		for _, g := range e.Groups {
			groups = append(groups, aws.ToString(g.GroupId))
		}
		l.put("vpc_endpoint", childTag(e.Tags), "service=%s type=%s state=%s route_tables=%s subnets=%s groups=%s private_dns=%t tags=%s",
			aws.ToString(e.ServiceName), e.VpcEndpointType, e.State, l.refs(e.RouteTableIds), l.refs(e.SubnetIds),
			l.refs(groups), privateDNS, tagString(e.Tags))
	}
}

func (l *lister) flowLogs(vpcID string) {
	out, err := l.ec2.DescribeFlowLogs(l.ctx, &ec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{
		{Name: aws.String("resource-id"), Values: []string{vpcID}}}})
	l.fail("flow logs", err)
	if err != nil {
		return
	}
	for _, f := range out.FlowLogs {
		// The hipaa executor names the log group; hashicorp/aws passes its
		// ARN as the destination, and the emulator then returns no group
		// name (AWS returns both).
		group := aws.ToString(f.LogGroupName)
		if _, name, ok := strings.Cut(aws.ToString(f.LogDestination), ":log-group:"); ok && group == "" {
			group = name
		}
		l.put("flow_log", childTag(f.Tags), "traffic=%s destination_type=%s group=%s role=%s max_aggregation=%d tags=%s",
			f.TrafficType, f.LogDestinationType, group, aws.ToString(f.DeliverLogsPermissionArn),
			aws.ToInt32(f.MaxAggregationInterval), tagString(f.Tags))
	}
}

func (l *lister) logGroup(name string) {
	out, err := l.logs.DescribeLogGroups(l.ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	l.fail("log groups", err)
	if err != nil {
		return
	}
	for _, g := range out.LogGroups {
		tg, err := l.logs.ListTagsForResource(l.ctx, &cloudwatchlogs.ListTagsForResourceInput{
			ResourceArn: aws.String(strings.TrimSuffix(aws.ToString(g.Arn), ":*"))})
		l.fail("log group tags", err)
		if err != nil {
			return
		}
		l.put("log_group", aws.ToString(g.LogGroupName), "retention=%d kms=%s tags=%s", aws.ToInt32(g.RetentionInDays),
			l.ref(aws.ToString(g.KmsKeyId)), mapString(tg.Tags))
	}
}

func (l *lister) role(name string) {
	r, err := l.iam.GetRole(l.ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	l.fail("role", err)
	if err != nil {
		return
	}
	t := map[string]string{}
	for _, x := range r.Role.Tags {
		t[aws.ToString(x.Key)] = aws.ToString(x.Value)
	}
	attached, err := l.iam.ListAttachedRolePolicies(l.ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
	l.fail("attached role policies", err)
	if err != nil {
		return
	}
	var arns []string
	for _, p := range attached.AttachedPolicies {
		arns = append(arns, aws.ToString(p.PolicyArn))
	}
	slices.Sort(arns) // attached in any order: hashicorp/aws attaches them in parallel
	l.put("iam_role", name, "description=%q trust=%s attached=%v tags=%s", aws.ToString(r.Role.Description),
		canonicalJSON(aws.ToString(r.Role.AssumeRolePolicyDocument)), arns, mapString(t))
	for _, arn := range arns {
		if !strings.Contains(arn, ":iam::aws:") { // a customer-managed policy
			l.managedPolicy(arn)
		}
	}
	ps, err := l.iam.ListRolePolicies(l.ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
	l.fail("role policies", err)
	if err != nil {
		return
	}
	for _, p := range ps.PolicyNames {
		doc, err := l.iam.GetRolePolicy(l.ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(p)})
		l.fail("role policy", err)
		if err == nil {
			l.put("iam_role_policy", name+"/"+p, "%s", l.policyRefs(canonicalJSON(aws.ToString(doc.PolicyDocument))))
		}
	}
}

// managedPolicy snapshots a customer-managed policy: path, description,
// default document and tags.
func (l *lister) managedPolicy(arn string) {
	p, err := l.iam.GetPolicy(l.ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	l.fail("policy", err)
	if err != nil {
		return
	}
	v, err := l.iam.GetPolicyVersion(l.ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: p.Policy.DefaultVersionId})
	l.fail("policy version", err)
	tg, err2 := l.iam.ListPolicyTags(l.ctx, &iam.ListPolicyTagsInput{PolicyArn: aws.String(arn)})
	l.fail("policy tags", err2)
	if err != nil || err2 != nil {
		return
	}
	t := map[string]string{}
	for _, x := range tg.Tags {
		t[aws.ToString(x.Key)] = aws.ToString(x.Value)
	}
	l.put("iam_policy", aws.ToString(p.Policy.PolicyName), "path=%s description=%q document=%s tags=%s", aws.ToString(p.Policy.Path),
		aws.ToString(p.Policy.Description), l.policyRefs(canonicalJSON(aws.ToString(v.PolicyVersion.Document))), mapString(t))
}

// keyARN snapshots the key behind alias and returns its ARN.
func (l *lister) keyARN(alias string) string {
	d, err := l.kms.DescribeKey(l.ctx, &kms.DescribeKeyInput{KeyId: aws.String(alias)})
	l.fail("key", err)
	if err != nil {
		return ""
	}
	id := d.KeyMetadata.KeyId
	rot, err := l.kms.GetKeyRotationStatus(l.ctx, &kms.GetKeyRotationStatusInput{KeyId: id})
	l.fail("key rotation", err)
	pol, err2 := l.kms.GetKeyPolicy(l.ctx, &kms.GetKeyPolicyInput{KeyId: id, PolicyName: aws.String("default")})
	l.fail("key policy", err2)
	tg, err3 := l.kms.ListResourceTags(l.ctx, &kms.ListResourceTagsInput{KeyId: id})
	l.fail("key tags", err3)
	if err != nil || err2 != nil || err3 != nil {
		return ""
	}
	t := map[string]string{}
	for _, x := range tg.Tags {
		t[aws.ToString(x.TagKey)] = aws.ToString(x.TagValue)
	}
	m := d.KeyMetadata
	l.put("kms_key", alias, "description=%q spec=%s usage=%s state=%s rotation=%t policy=%s tags=%s", aws.ToString(m.Description),
		m.KeySpec, m.KeyUsage, m.KeyState, rot.KeyRotationEnabled, canonicalJSON(aws.ToString(pol.Policy)), mapString(t))
	return aws.ToString(m.Arn)
}

// canonicalJSON decodes a policy (IAM returns it URL-encoded) and
// re-encodes it with sorted keys.
func canonicalJSON(doc string) string {
	if d, err := url.QueryUnescape(doc); err == nil && strings.HasPrefix(strings.TrimSpace(d), "{") {
		doc = d
	}
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return "invalid JSON: " + doc
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// diff lists what differs between two snapshots, one line per object.
func diff(want, got snapshot) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		switch g, ok := got[k]; {
		case !ok:
			out = append(out, "missing "+k+": "+want[k])
		case g != want[k]:
			out = append(out, "differs "+k+":\n    want "+want[k]+"\n    got  "+g)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			out = append(out, "extra "+k+": "+got[k])
		}
	}
	return out
}
