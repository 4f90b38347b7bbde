package vpc

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// ensureEIPs allocates every missing NAT Elastic IP; allocation needs
// nothing else, so it runs at the start of an apply.
func (r *run) ensureEIPs(ctx context.Context) error {
	return r.each(ctx, missing(r, r.l.EIPs), func(ctx context.Context, k string) error {
		out, err := r.x.EC2.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc,
			TagSpecifications: r.tagSpec(ec2types.ResourceTypeElasticIp, k)})
		if err != nil {
			return r.fail("allocating", "elastic IP", k, err)
		}
		r.created(ctx, KindEIP, k, aws.ToString(out.AllocationId))
		return nil
	})
}

// ensureNATs creates the missing NAT gateways in parallel and waits for them.
func (r *run) ensureNATs(ctx context.Context) error {
	return r.each(ctx, missing(r, r.l.NATs), r.createNAT)
}

func (r *run) createNAT(ctx context.Context, key string) error {
	n := r.l.NATs[key]
	out, err := r.x.EC2.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(r.id(n.SubnetKey)),
		AllocationId: aws.String(r.id(n.EIPKey)), ClientToken: r.natToken(key),
		TagSpecifications: r.tagSpec(ec2types.ResourceTypeNatgateway, key)})
	if err != nil {
		return r.fail("creating", "NAT gateway", key, err)
	}
	id := aws.ToString(out.NatGateway.NatGatewayId)
	r.created(ctx, KindNATGateway, key, id)
	if out.NatGateway.State == ec2types.NatGatewayStateAvailable {
		return nil
	}
	if _, err := waitNAT(ctx, r.x.EC2, id, "available", []string{"pending"}); err != nil {
		return r.fail("waiting for", "NAT gateway", key, err)
	}
	return nil
}

// natToken is the NAT's idempotency token. It names the NAT gateways of
// this key that failed: retrying with a failed one's token would return
// that failed gateway again instead of creating a working one.
func (r *run) natToken(key string) *string {
	failed := slices.Sorted(slices.Values(r.o.FailedNATs[key]))
	return r.token(key, append([]string{r.id(r.l.NATs[key].EIPKey)}, failed...)...)
}

// statusNAT is the NAT gateway's state; "" when it does not exist.
func statusNAT(c *ec2.Client, id string) wait.StatusFunc {
	return func(ctx context.Context) (string, error) {
		out, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
		if err != nil || len(out.NatGateways) == 0 {
			return "", err
		}
		return string(out.NatGateways[0].State), nil
	}
}

func waitNAT(ctx context.Context, c *ec2.Client, id, target string, pending []string) (string, error) {
	return wait.For(ctx, "NAT gateway "+id, statusNAT(c, id), wait.Options{Target: []string{target}, Pending: pending,
		Timeout: 15 * time.Minute, Delay: time.Second})
}

// ensureRoutes points every default route at its target, and removes
// default routes the layout does not have (e.g. a data table to the IGW).
func (r *run) ensureRoutes(ctx context.Context) error {
	err := r.each(ctx, missing(r, r.l.Routes), func(ctx context.Context, k string) error {
		if err := r.writeRoute(ctx, r.l.Routes[k]); err != nil {
			return r.fail("writing", "route", k, err)
		}
		r.put(k, r.id(r.l.Routes[k].RouteTableKey)+"_"+AnyRoute)
		return nil
	})
	if err != nil {
		return err
	}
	for k, rt := range r.o.RouteTables {
		if _, ok := r.l.Routes[DefaultRouteKey(k)]; !ok && defaultRouteTarget(rt) != "" {
			if _, err := r.x.EC2.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String(AnyRoute)}); err != nil {
				return r.fail("deleting unexpected", "route", DefaultRouteKey(k), err)
			}
		}
	}
	return nil
}

// writeRoute creates the route, or replaces it when one exists (a NAT
// switch moves routes before the old NAT goes: no window without a route).
func (r *run) writeRoute(ctx context.Context, rt Route) error {
	table := r.id(rt.RouteTableKey)
	nat, igw := (*string)(nil), (*string)(nil)
	if rt.TargetKind == KindNATGateway {
		nat = aws.String(r.id(rt.TargetKey))
	} else {
		igw = aws.String(r.id(rt.TargetKey))
	}
	if defaultRouteTarget(r.o.RouteTables[rt.RouteTableKey]) != "" {
		_, err := r.x.EC2.ReplaceRoute(ctx, &ec2.ReplaceRouteInput{RouteTableId: aws.String(table),
			DestinationCidrBlock: aws.String(rt.DestinationCIDR), NatGatewayId: nat, GatewayId: igw})
		return err
	}
	_, err := r.x.EC2.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(table),
		DestinationCidrBlock: aws.String(rt.DestinationCIDR), NatGatewayId: nat, GatewayId: igw})
	return err
}

// ensureSecurityGroups creates the provider's groups and makes their rules
// exactly the layout's: the allow-all egress AWS adds is revoked (NET-07).
func (r *run) ensureSecurityGroups(ctx context.Context) error {
	for _, k := range sortedKeys(r.l.SecurityGroups) {
		sg := r.l.SecurityGroups[k]
		got, exists := r.o.SecurityGroups[k]
		if exists && rulesEqual(sg, got) {
			continue
		}
		if !exists {
			out, err := r.x.EC2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(r.id(KeyVPC)),
				GroupName: aws.String(sg.GroupName), Description: aws.String(sg.Description),
				TagSpecifications: r.tagSpec(ec2types.ResourceTypeSecurityGroup, k)})
			if err != nil {
				return r.fail("creating", "security group", k, err)
			}
			r.created(ctx, KindSecurityGroup, k, aws.ToString(out.GroupId))
			got = newGroupDefaults(aws.ToString(out.GroupId)) // AWS adds exactly this rule to a new group
		}
		if err := r.revokeAll(ctx, k, got, true); err != nil {
			return err
		}
		if err := r.authorize(ctx, k, sg); err != nil {
			return err
		}
	}
	return nil
}

// newGroupDefaults is a new security group as AWS creates it: no ingress
// and one allow-all IPv4 egress rule, which ensureSecurityGroups revokes.
func newGroupDefaults(id string) ec2types.SecurityGroup {
	return ec2types.SecurityGroup{GroupId: aws.String(id), IpPermissionsEgress: []ec2types.IpPermission{
		{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}
}

func (r *run) authorize(ctx context.Context, key string, sg SecurityGroup) error {
	perm := func(rules []SGRule) []ec2types.IpPermission {
		var out []ec2types.IpPermission
		for _, x := range rules {
			out = append(out, ec2types.IpPermission{IpProtocol: aws.String(x.Protocol), FromPort: aws.Int32(int32(x.FromPort)),
				ToPort: aws.Int32(int32(x.ToPort)), IpRanges: []ec2types.IpRange{{CidrIp: aws.String(x.CIDRBlock), Description: nilIfEmpty(x.Description)}}})
		}
		return out
	}
	if len(sg.Ingress) > 0 {
		if _, err := r.x.EC2.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(r.id(key)), IpPermissions: perm(sg.Ingress)}); err != nil {
			return r.fail("authorizing ingress of", "security group", key, err)
		}
	}
	if len(sg.Egress) > 0 {
		if _, err := r.x.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(r.id(key)), IpPermissions: perm(sg.Egress)}); err != nil {
			return r.fail("authorizing egress of", "security group", key, err)
		}
	}
	return nil
}

// ensureEndpoints creates missing endpoints and aligns gateway endpoints'
// route tables.
func (r *run) ensureEndpoints(ctx context.Context) error {
	return r.each(ctx, sortedKeys(r.l.Endpoints), func(ctx context.Context, k string) error {
		e := r.l.Endpoints[k]
		if got, ok := r.o.Endpoints[k]; ok {
			if err := r.alignEndpoint(ctx, e, got); err != nil {
				return r.fail("updating", "VPC endpoint", k, err)
			}
			return nil
		}
		if r.id(k) != "" {
			return nil
		}
		out, err := r.x.EC2.CreateVpcEndpoint(ctx, r.endpointInput(e))
		if err != nil {
			return r.fail("creating", "VPC endpoint", k, err)
		}
		r.created(ctx, KindVPCEndpoint, k, aws.ToString(out.VpcEndpoint.VpcEndpointId))
		return nil
	})
}

func (r *run) endpointInput(e Endpoint) *ec2.CreateVpcEndpointInput {
	in := &ec2.CreateVpcEndpointInput{VpcId: aws.String(r.id(KeyVPC)), ServiceName: aws.String(e.ServiceName),
		VpcEndpointType: ec2types.VpcEndpointType(e.Type), ClientToken: r.token(e.Key),
		TagSpecifications: r.tagSpec(ec2types.ResourceTypeVpcEndpoint, e.Key)}
	for _, k := range e.RouteTableKeys {
		in.RouteTableIds = append(in.RouteTableIds, r.id(k))
	}
	for _, k := range e.SubnetKeys {
		in.SubnetIds = append(in.SubnetIds, r.id(k))
	}
	if e.Type == EndpointInterface {
		in.SecurityGroupIds = []string{r.id(e.SecurityGroupKey)}
		in.PrivateDnsEnabled = aws.Bool(e.PrivateDNS)
	}
	return in
}

// alignEndpoint brings an existing endpoint's attachments back to the
// layout: a gateway endpoint's route tables, an interface endpoint's
// subnets and security group.
func (r *run) alignEndpoint(ctx context.Context, e Endpoint, got ec2types.VpcEndpoint) error {
	in := &ec2.ModifyVpcEndpointInput{VpcEndpointId: got.VpcEndpointId}
	if e.Type == EndpointGateway {
		in.AddRouteTableIds, in.RemoveRouteTableIds = diffIDs(r.idsOf(e.RouteTableKeys), got.RouteTableIds)
	} else {
		in.AddSubnetIds, in.RemoveSubnetIds = diffIDs(r.idsOf(e.SubnetKeys), got.SubnetIds)
		var groups []string
		for _, g := range got.Groups {
			groups = append(groups, aws.ToString(g.GroupId))
		}
		in.AddSecurityGroupIds, in.RemoveSecurityGroupIds = diffIDs(r.idsOf([]string{e.SecurityGroupKey}), groups)
	}
	if len(in.AddRouteTableIds)+len(in.RemoveRouteTableIds)+len(in.AddSubnetIds)+len(in.RemoveSubnetIds)+
		len(in.AddSecurityGroupIds)+len(in.RemoveSecurityGroupIds) == 0 {
		return nil
	}
	_, err := r.x.EC2.ModifyVpcEndpoint(ctx, in)
	return err
}

// idsOf maps layout keys to the IDs known for them.
func (r *run) idsOf(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, r.id(k))
	}
	return out
}

// diffIDs lists what to add to have to get want, and what to remove.
func diffIDs(want, have []string) (add, remove []string) {
	for _, id := range want {
		if !slices.Contains(have, id) {
			add = append(add, id)
		}
	}
	for _, id := range have {
		if !slices.Contains(want, id) {
			remove = append(remove, id)
		}
	}
	return add, remove
}
