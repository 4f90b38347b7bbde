// Package secgroup is the security group the resources share: a group
// made empty, whose ingress and egress are then made exactly the layout's
// (the allow-all egress AWS adds to a new group is revoked, NET-07); a
// batched read by name, drift, and delete. Rules name their peers by CIDR
// block (IPv4 or IPv6), by group ID, or by the key of a group of the same
// layout, resolved when the rules are written.
package secgroup

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Rule is one rule of a group: Protocol and ports to or from one peer.
type Rule struct {
	Protocol         string // "tcp"
	FromPort         int
	ToPort           int
	CIDRBlock        string `json:",omitempty"` // IPv4 or IPv6
	SecurityGroupID  string `json:",omitempty"`
	SecurityGroupKey string `json:",omitempty"` // a group of the same layout
	Description      string
}

// Group is a group a resource creates. Ingress and Egress are the exact
// rules it holds (RulesKey): an empty Egress means no egress at all.
type Group struct {
	Key         string
	RulesKey    string
	Name        string
	Description string
	VPCID       string
	Ingress     []Rule
	Egress      []Rule
}

// Resolve gives the ID of the layout's group of a key; "" when unknown.
type Resolve func(key string) string

// Find reads the groups of these names in one VPC, by name, in one call.
func Find(ctx context.Context, c *ec2.Client, vpcID string, names []string) (map[string]ec2types.SecurityGroup, error) {
	out := map[string]ec2types.SecurityGroup{}
	if len(names) == 0 {
		return out, nil
	}
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpcID}}, {Name: aws.String("group-name"), Values: names}}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describing security groups: %w", err)
		}
		for _, g := range page.SecurityGroups {
			out[aws.ToString(g.GroupName)] = g
		}
	}
	return out, nil
}

// Create makes g empty and tagged, and returns it as AWS made it: no
// ingress and one allow-all IPv4 egress rule, which Sync revokes.
func Create(ctx context.Context, c *ec2.Client, g Group, tags map[string]string) (ec2types.SecurityGroup, error) {
	out, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(g.VPCID), GroupName: aws.String(g.Name),
		Description: aws.String(g.Description), TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSecurityGroup,
			Tags: awsclient.EC2Tags(tags)}}})
	if err != nil {
		return ec2types.SecurityGroup{}, err
	}
	return NewGroupDefaults(aws.ToString(out.GroupId)), nil
}

// NewGroupDefaults is a new group as AWS creates it.
func NewGroupDefaults(id string) ec2types.SecurityGroup {
	return ec2types.SecurityGroup{GroupId: aws.String(id), IpPermissionsEgress: []ec2types.IpPermission{
		{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}
}

// Sync makes both directions of the group got exactly g's rules, at once:
// it revokes every rule g lacks and authorizes the ones missing.
func Sync(ctx context.Context, c *ec2.Client, g Group, got ec2types.SecurityGroup, resolve Resolve) error {
	var egress error
	done := make(chan struct{})
	go func() { defer close(done); egress = sync(ctx, c, g, got, resolve, true) }()
	ingress := sync(ctx, c, g, got, resolve, false)
	<-done
	return errors.Join(ingress, egress)
}

func sync(ctx context.Context, c *ec2.Client, g Group, got ec2types.SecurityGroup, resolve Resolve, egress bool) error {
	want, have := g.Ingress, got.IpPermissions
	if egress {
		want, have = g.Egress, got.IpPermissionsEgress
	}
	wantSet := map[string]ec2types.IpPermission{}
	for _, rule := range want {
		p := Permission(rule, resolve)
		wantSet[Key(p)] = p
	}
	var revoke []ec2types.IpPermission
	haveSet := map[string]bool{}
	for _, p := range Split(have) {
		k := Key(p)
		haveSet[k] = true
		if _, ok := wantSet[k]; !ok {
			revoke = append(revoke, p)
		}
	}
	var add []ec2types.IpPermission
	for _, k := range slices.Sorted(maps.Keys(wantSet)) {
		if !haveSet[k] {
			add = append(add, wantSet[k])
		}
	}
	id := got.GroupId
	var err error
	switch {
	case len(revoke) > 0 && egress:
		_, err = c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: id, IpPermissions: revoke})
	case len(revoke) > 0:
		_, err = c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: id, IpPermissions: revoke})
	}
	if err != nil {
		return fmt.Errorf("revoking %s rules: %w", direction(egress), err)
	}
	switch {
	case len(add) > 0 && egress:
		_, err = c.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: id, IpPermissions: add})
	case len(add) > 0:
		_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: id, IpPermissions: add})
	}
	if err != nil {
		return fmt.Errorf("authorizing %s rules: %w", direction(egress), err)
	}
	return nil
}

func direction(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

// Permission is rule as EC2 takes it, its group key resolved.
func Permission(rule Rule, resolve Resolve) ec2types.IpPermission {
	p := ec2types.IpPermission{IpProtocol: aws.String(rule.Protocol), FromPort: aws.Int32(int32(rule.FromPort)), ToPort: aws.Int32(int32(rule.ToPort))}
	desc := aws.String(rule.Description)
	switch {
	case strings.Contains(rule.CIDRBlock, ":"):
		p.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String(rule.CIDRBlock), Description: desc}}
	case rule.CIDRBlock != "":
		p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(rule.CIDRBlock), Description: desc}}
	case rule.SecurityGroupID != "":
		p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(rule.SecurityGroupID), Description: desc}}
	default:
		p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(resolve(rule.SecurityGroupKey)), Description: desc}}
	}
	return p
}

// Split gives one permission per peer.
func Split(perms []ec2types.IpPermission) []ec2types.IpPermission {
	var out []ec2types.IpPermission
	for _, p := range perms {
		base := ec2types.IpPermission{IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort}
		for _, x := range p.IpRanges {
			q := base
			q.IpRanges = []ec2types.IpRange{x}
			out = append(out, q)
		}
		for _, x := range p.Ipv6Ranges {
			q := base
			q.Ipv6Ranges = []ec2types.Ipv6Range{x}
			out = append(out, q)
		}
		for _, x := range p.UserIdGroupPairs {
			q := base
			q.UserIdGroupPairs = []ec2types.UserIdGroupPair{x}
			out = append(out, q)
		}
		for _, x := range p.PrefixListIds {
			q := base
			q.PrefixListIds = []ec2types.PrefixListId{x}
			out = append(out, q)
		}
	}
	return out
}

// Key names a one-peer permission: protocol, ports and peer.
func Key(p ec2types.IpPermission) string {
	peer := ""
	switch {
	case len(p.IpRanges) > 0:
		peer = aws.ToString(p.IpRanges[0].CidrIp)
	case len(p.Ipv6Ranges) > 0:
		peer = aws.ToString(p.Ipv6Ranges[0].CidrIpv6)
	case len(p.UserIdGroupPairs) > 0:
		peer = aws.ToString(p.UserIdGroupPairs[0].GroupId)
	case len(p.PrefixListIds) > 0:
		peer = aws.ToString(p.PrefixListIds[0].PrefixListId)
	}
	if aws.ToString(p.IpProtocol) == "-1" {
		return "all/" + peer
	}
	return fmt.Sprintf("%s/%d-%d/%s", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort), aws.ToInt32(p.ToPort), peer)
}

// Keys are the sorted keys of rules, their group keys resolved.
func Keys(rules []Rule, resolve Resolve) []string {
	var out []string
	for _, r := range rules {
		out = append(out, Key(Permission(r, resolve)))
	}
	slices.Sort(out)
	return out
}

func permKeys(perms []ec2types.IpPermission) []string {
	var out []string
	for _, p := range Split(perms) {
		out = append(out, Key(p))
	}
	slices.Sort(out)
	return out
}

// Drift lists how got differs from g; got nil: missing. control, when not
// "", is cited on each line.
func Drift(g Group, got *ec2types.SecurityGroup, resolve Resolve, control string) []string {
	cite := ""
	if control != "" {
		cite = " (" + control + ")"
	}
	if got == nil {
		return []string{fmt.Sprintf("security group %s is missing%s", g.Name, cite)}
	}
	var d []string
	if want, have := Keys(g.Ingress, resolve), permKeys(got.IpPermissions); !slices.Equal(want, have) {
		d = append(d, fmt.Sprintf("security group %s admits %v, want %v%s", g.Name, have, want, cite))
	}
	if want, have := Keys(g.Egress, resolve), permKeys(got.IpPermissionsEgress); !slices.Equal(want, have) {
		d = append(d, fmt.Sprintf("security group %s sends to %v, want %v%s", g.Name, have, want, cite))
	}
	return d
}

// Delete revokes the group's rules (a rule naming another group keeps
// that group from being deleted), then deletes it; a failed revoke stops
// it before the delete. A group or rule already gone is not an error.
func Delete(ctx context.Context, c *ec2.Client, got ec2types.SecurityGroup) error {
	if len(got.IpPermissions) > 0 {
		_, err := c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: got.GroupId, IpPermissions: got.IpPermissions})
		if err != nil && !awsclient.HasCode(err, "InvalidGroup.NotFound", "InvalidPermission.NotFound") {
			return fmt.Errorf("revoking ingress rules: %w", err)
		}
	}
	if len(got.IpPermissionsEgress) > 0 {
		_, err := c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: got.GroupId, IpPermissions: got.IpPermissionsEgress})
		if err != nil && !awsclient.HasCode(err, "InvalidGroup.NotFound", "InvalidPermission.NotFound") {
			return fmt.Errorf("revoking egress rules: %w", err)
		}
	}
	if _, err := c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: got.GroupId}); err != nil && !awsclient.HasCode(err, "InvalidGroup.NotFound") {
		return err
	}
	return nil
}
