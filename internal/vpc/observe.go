package vpc

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the SDK clients the executor and reader use.
type Clients struct {
	EC2  *ec2.Client
	Logs *cloudwatchlogs.Client
	IAM  *iam.Client
}

// Observed is what AWS holds for one hipaa_vpc, from a dozen filtered
// describes; taggable children are keyed by their hipaa:child tag.
type Observed struct {
	VPC            *ec2types.Vpc
	Subnets        map[string]ec2types.Subnet
	RouteTables    map[string]ec2types.RouteTable
	NACLs          map[string]ec2types.NetworkAcl
	AllNACLs       []ec2types.NetworkAcl // including the default NACL, for associations
	SecurityGroups map[string]ec2types.SecurityGroup
	DefaultSG      *ec2types.SecurityGroup
	IGW            *ec2types.InternetGateway
	NATs           map[string]ec2types.NatGateway
	FailedNATs     map[string][]string // key -> IDs of NAT gateways that ended "failed" (AWS deletes them after about an hour)
	EIPs           map[string]ec2types.Address
	Endpoints      map[string]ec2types.VpcEndpoint
	FlowLog        *ec2types.FlowLog
	LogGroup       *logstypes.LogGroup
	RoleExists     bool
}

// Observe reads everything in 12 calls: VPC, subnets, route tables, NACLs,
// security groups, internet gateway, NAT gateways, addresses, endpoints,
// flow logs, log group and role. vpcID "" finds the VPC by owner tag (an
// apply that crashed before recording it); an absent VPC is NotFoundError.
func Observe(ctx context.Context, c Clients, vpcID string, l Layout) (*Observed, error) {
	v, err := findVPC(ctx, c.EC2, vpcID, l.Owner)
	if err != nil {
		return nil, err
	}
	o := &Observed{VPC: v}
	id := aws.ToString(v.VpcId)
	steps := []func(context.Context, Clients, string, Layout) error{
		o.readSubnets, o.readRouteTables, o.readNACLs, o.readSecurityGroups, o.readIGW,
		o.readNATs, o.readEIPs, o.readEndpoints, o.readFlowLog, o.readLogGroup, o.readRole,
	}
	for _, step := range steps {
		if err := step(ctx, c, id, l); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func vpcFilter(id string) []ec2types.Filter {
	return []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{id}}}
}

func ownerFilter(owner string) ec2types.Filter {
	return ec2types.Filter{Name: aws.String("tag:" + tags.OwnerKey), Values: []string{owner}}
}

// childKey is the layout key an object carries in its hipaa:child tag.
func childKey(t []ec2types.Tag) string {
	for _, x := range t {
		if aws.ToString(x.Key) == tags.ChildKey {
			return aws.ToString(x.Value)
		}
	}
	return ""
}

func findVPC(ctx context.Context, c *ec2.Client, id, owner string) (*ec2types.Vpc, error) {
	in := &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{ownerFilter(owner)}}
	if id != "" {
		in = &ec2.DescribeVpcsInput{VpcIds: []string{id}}
	}
	out, err := c.DescribeVpcs(ctx, in)
	if awsclient.HasCode(err, "InvalidVpcID.NotFound") || (err == nil && len(out.Vpcs) == 0) {
		return nil, &awsclient.NotFoundError{Kind: "VPC", ID: id + owner}
	}
	if err != nil {
		return nil, fmt.Errorf("describing VPC: %w", err)
	}
	if len(out.Vpcs) > 1 {
		return nil, fmt.Errorf("%d VPCs carry %s=%s: delete the duplicates (this provider never creates two)", len(out.Vpcs), tags.OwnerKey, owner)
	}
	return &out.Vpcs[0], nil
}

func (o *Observed) readSubnets(ctx context.Context, c Clients, id string, _ Layout) error {
	o.Subnets = map[string]ec2types.Subnet{}
	p := ec2.NewDescribeSubnetsPaginator(c.EC2, &ec2.DescribeSubnetsInput{Filters: vpcFilter(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing subnets: %w", err)
		}
		for _, s := range page.Subnets {
			if k := childKey(s.Tags); k != "" {
				o.Subnets[k] = s
			}
		}
	}
	return nil
}

func (o *Observed) readRouteTables(ctx context.Context, c Clients, id string, _ Layout) error {
	o.RouteTables = map[string]ec2types.RouteTable{}
	p := ec2.NewDescribeRouteTablesPaginator(c.EC2, &ec2.DescribeRouteTablesInput{Filters: vpcFilter(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing route tables: %w", err)
		}
		for _, rt := range page.RouteTables {
			if k := childKey(rt.Tags); k != "" {
				o.RouteTables[k] = rt
			}
		}
	}
	return nil
}

func (o *Observed) readNACLs(ctx context.Context, c Clients, id string, _ Layout) error {
	o.NACLs = map[string]ec2types.NetworkAcl{}
	p := ec2.NewDescribeNetworkAclsPaginator(c.EC2, &ec2.DescribeNetworkAclsInput{Filters: vpcFilter(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing network ACLs: %w", err)
		}
		o.AllNACLs = append(o.AllNACLs, page.NetworkAcls...)
		for _, n := range page.NetworkAcls {
			if k := childKey(n.Tags); k != "" {
				o.NACLs[k] = n
			}
		}
	}
	return nil
}

func (o *Observed) readSecurityGroups(ctx context.Context, c Clients, id string, _ Layout) error {
	o.SecurityGroups = map[string]ec2types.SecurityGroup{}
	p := ec2.NewDescribeSecurityGroupsPaginator(c.EC2, &ec2.DescribeSecurityGroupsInput{Filters: vpcFilter(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing security groups: %w", err)
		}
		for i, g := range page.SecurityGroups {
			if aws.ToString(g.GroupName) == "default" {
				o.DefaultSG = &page.SecurityGroups[i]
			} else if k := childKey(g.Tags); k != "" {
				o.SecurityGroups[k] = g
			}
		}
	}
	return nil
}

func (o *Observed) readIGW(ctx context.Context, c Clients, id string, _ Layout) error {
	out, err := c.EC2.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{
		Filters: []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{id}}}})
	if err != nil {
		return fmt.Errorf("describing internet gateways: %w", err)
	}
	if len(out.InternetGateways) > 0 {
		o.IGW = &out.InternetGateways[0]
	}
	return nil
}

func (o *Observed) readNATs(ctx context.Context, c Clients, id string, _ Layout) error {
	o.NATs, o.FailedNATs = map[string]ec2types.NatGateway{}, map[string][]string{}
	p := ec2.NewDescribeNatGatewaysPaginator(c.EC2, &ec2.DescribeNatGatewaysInput{Filter: append(vpcFilter(id),
		ec2types.Filter{Name: aws.String("state"), Values: []string{"pending", "available", "failed"}})})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing NAT gateways: %w", err)
		}
		for _, n := range page.NatGateways {
			switch k := childKey(n.Tags); {
			case k == "":
			case n.State == ec2types.NatGatewayStateFailed:
				o.FailedNATs[k] = append(o.FailedNATs[k], aws.ToString(n.NatGatewayId))
			default:
				o.NATs[k] = n
			}
		}
	}
	return nil
}

func (o *Observed) readEIPs(ctx context.Context, c Clients, _ string, l Layout) error {
	o.EIPs = map[string]ec2types.Address{}
	out, err := c.EC2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: []ec2types.Filter{ownerFilter(l.Owner)}})
	if err != nil {
		return fmt.Errorf("describing elastic IPs: %w", err)
	}
	for _, a := range out.Addresses {
		if k := childKey(a.Tags); k != "" {
			o.EIPs[k] = a
		}
	}
	return nil
}

func (o *Observed) readEndpoints(ctx context.Context, c Clients, id string, _ Layout) error {
	o.Endpoints = map[string]ec2types.VpcEndpoint{}
	p := ec2.NewDescribeVpcEndpointsPaginator(c.EC2, &ec2.DescribeVpcEndpointsInput{Filters: vpcFilter(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing VPC endpoints: %w", err)
		}
		for _, e := range page.VpcEndpoints {
			if k := childKey(e.Tags); k != "" && e.State != ec2types.StateDeleted && e.State != ec2types.StateDeleting {
				o.Endpoints[k] = e
			}
		}
	}
	return nil
}

func (o *Observed) readFlowLog(ctx context.Context, c Clients, id string, l Layout) error {
	out, err := c.EC2.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{
		Filter: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{id}}}})
	if err != nil {
		return fmt.Errorf("describing flow logs: %w", err)
	}
	for i, f := range out.FlowLogs {
		if aws.ToString(f.LogGroupName) == l.FlowLog.LogGroupName {
			o.FlowLog = &out.FlowLogs[i]
		}
	}
	return nil
}

func (o *Observed) readLogGroup(ctx context.Context, c Clients, _ string, l Layout) error {
	out, err := c.Logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(l.FlowLog.LogGroupName)})
	if err != nil {
		return fmt.Errorf("describing log group %s: %w", l.FlowLog.LogGroupName, err)
	}
	for i, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) == l.FlowLog.LogGroupName {
			o.LogGroup = &out.LogGroups[i]
		}
	}
	return nil
}

func (o *Observed) readRole(ctx context.Context, c Clients, _ string, l Layout) error {
	_, err := c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(l.FlowLog.RoleName)})
	if awsclient.HasCode(err, "NoSuchEntity") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading role %s: %w", l.FlowLog.RoleName, err)
	}
	o.RoleExists = true
	return nil
}

// FindVPC describes one VPC by ID (import reads its owner tag first).
func FindVPC(ctx context.Context, c *ec2.Client, id string) (*ec2types.Vpc, error) {
	return findVPC(ctx, c, id, "")
}
