package vpc

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
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
	// IGW is the owner-tagged internet gateway: the one attached to the VPC,
	// else a detached one (an apply stopped between creating and attaching
	// it), which Apply attaches. ExtraIGWs are the other detached ones.
	IGW        *ec2types.InternetGateway
	ExtraIGWs  []ec2types.InternetGateway
	NATs       map[string]ec2types.NatGateway
	FailedNATs map[string][]string // key -> IDs of NAT gateways that ended "failed" (AWS deletes them after about an hour)
	// EIPs are the owner-tagged addresses by child key; ExtraEIPs are
	// unassociated second addresses of a key (an allocation retried after
	// its response was lost), which prune and Destroy release.
	EIPs      map[string]ec2types.Address
	ExtraEIPs []ec2types.Address
	Endpoints map[string]ec2types.VpcEndpoint
	FlowLog   *ec2types.FlowLog
	LogGroup  *loggroup.State
	Role      servicerole.Inline // the flow-log role: exists, and its inline policies (drift)
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
	// The reads are independent (each fills its own fields): all at once.
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = step(ctx, c, id, l)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
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

// readIGW finds the internet gateway by owner tag, not by attachment: a
// gateway created and never attached (the apply was killed in between) is
// still ours, for Apply to attach and Destroy to delete. A gateway of ours
// attached to another VPC is left alone.
func (o *Observed) readIGW(ctx context.Context, c Clients, id string, l Layout) error {
	out, err := c.EC2.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{
		Filters: []ec2types.Filter{ownerFilter(l.Owner)}})
	if err != nil {
		return fmt.Errorf("describing internet gateways: %w", err)
	}
	var detached []ec2types.InternetGateway
	for _, g := range out.InternetGateways {
		switch {
		case id != "" && attachedTo(g, id):
			o.IGW = &g
		case !attached(g):
			detached = append(detached, g)
		}
	}
	slices.SortFunc(detached, func(a, b ec2types.InternetGateway) int {
		return strings.Compare(aws.ToString(a.InternetGatewayId), aws.ToString(b.InternetGatewayId))
	})
	if o.IGW == nil && len(detached) > 0 {
		o.IGW, detached = &detached[0], detached[1:]
	}
	o.ExtraIGWs = detached
	return nil
}

// attachedTo reports whether g is attached (or attaching) to VPC vpcID.
func attachedTo(g ec2types.InternetGateway, vpcID string) bool {
	for _, a := range g.Attachments {
		if aws.ToString(a.VpcId) == vpcID && a.State != ec2types.AttachmentStatusDetached && a.State != ec2types.AttachmentStatusDetaching {
			return true
		}
	}
	return false
}

// attached reports whether g is attached (or attaching) to any VPC.
func attached(g ec2types.InternetGateway) bool {
	for _, a := range g.Attachments {
		if a.State != ec2types.AttachmentStatusDetached && a.State != ec2types.AttachmentStatusDetaching {
			return true
		}
	}
	return false
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
	byKey := map[string][]ec2types.Address{}
	for _, a := range out.Addresses {
		if k := childKey(a.Tags); k != "" {
			byKey[k] = append(byKey[k], a)
		}
	}
	for k, as := range byKey {
		// Keep the address in use (by the NAT gateway), else the first by ID.
		slices.SortFunc(as, func(a, b ec2types.Address) int {
			return cmp.Or(cmp.Compare(idle(a), idle(b)), strings.Compare(aws.ToString(a.AllocationId), aws.ToString(b.AllocationId)))
		})
		o.EIPs[k] = as[0]
		for _, a := range as[1:] {
			if idle(a) == 1 {
				o.ExtraEIPs = append(o.ExtraEIPs, a)
			}
		}
	}
	slices.SortFunc(o.ExtraEIPs, func(a, b ec2types.Address) int {
		return strings.Compare(aws.ToString(a.AllocationId), aws.ToString(b.AllocationId))
	})
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
	groups, err := loggroup.Read(ctx, c.Logs, l.FlowLog.LogGroupName)
	if err != nil {
		return err
	}
	if g, ok := groups[l.FlowLog.LogGroupName]; ok {
		o.LogGroup = &g
	}
	return nil
}

// readRole lists the flow-log role's inline policies: one call, as the
// GetRole it replaces, so it also tells whether the role exists.
func (o *Observed) readRole(ctx context.Context, c Clients, _ string, l Layout) (err error) {
	o.Role, err = servicerole.Probe(ctx, c.IAM, l.FlowLog.RoleName)
	return err
}

// idle is 1 for an address associated with nothing, else 0.
func idle(a ec2types.Address) int {
	if a.AssociationId == nil && a.NetworkInterfaceId == nil {
		return 1
	}
	return 0
}

// observeDetached reads what can be ours without a VPC to hold it (the VPC
// was never created, or was deleted): the owner-tagged internet gateways
// and elastic IPs. Apply adopts them and Destroy deletes them, so an apply
// interrupted before or around CreateVpc leaves nothing behind.
func observeDetached(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	o := &Observed{}
	var eipErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		eipErr = o.readEIPs(ctx, c, "", l)
	}()
	igwErr := o.readIGW(ctx, c, "", l)
	<-done
	if err := errors.Join(igwErr, eipErr); err != nil {
		return nil, err
	}
	return o, nil
}

// FindVPC describes one VPC by ID (import reads its owner tag first).
func FindVPC(ctx context.Context, c *ec2.Client, id string) (*ec2types.Vpc, error) {
	return findVPC(ctx, c, id, "")
}
