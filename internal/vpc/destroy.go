package vpc

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// prune deletes observed children the layout no longer has (a removed AZ,
// endpoint or NAT mode), after the routes already point elsewhere.
func (r *run) prune(ctx context.Context) error {
	d := deleter{r.x, r.l}
	steps := []error{
		d.endpoints(ctx, extra(r.o.Endpoints, r.l.Endpoints)),
		d.nats(ctx, extra(r.o.NATs, r.l.NATs)),
		d.eips(ctx, extra(r.o.EIPs, r.l.EIPs)),
		d.extraEIPs(ctx, r.o.ExtraEIPs),
		d.extraIGWs(ctx, r.o.ExtraIGWs),
		d.subnets(ctx, extra(r.o.Subnets, r.l.Subnets)),
		d.routeTables(ctx, extra(r.o.RouteTables, r.l.RouteTables)),
	}
	if err := errors.Join(steps...); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, c := range r.l.Children() {
		keep[c.Key] = true
	}
	r.rec.Keep(func(k string) bool { return keep[k] })
	return nil
}

// extra returns the observed objects whose key the layout lacks.
func extra[O, L any](observed map[string]O, layout map[string]L) map[string]O {
	out := map[string]O{}
	for k, v := range observed {
		if _, ok := layout[k]; !ok {
			out[k] = v
		}
	}
	return out
}

// Destroy deletes every child in reverse dependency order, found by the
// recorded VPC ID or by owner tag, so objects of a crashed apply that never
// reached state go too: with no VPC left, the owner-tagged internet
// gateways and elastic IPs still go. Not-found is "already gone". The
// flow-log group is kept when retainLogGroup (audit evidence).
func (x Executor) Destroy(ctx context.Context, l Layout, known map[string]string, retainLogGroup bool) error {
	d := deleter{x, l}
	o, err := Observe(ctx, x.Clients, known[KeyVPC], l)
	if awsclient.IsNotFound(err) && known[KeyVPC] != "" {
		o, err = Observe(ctx, x.Clients, "", l)
	}
	if awsclient.IsNotFound(err) {
		o, err = observeDetached(ctx, x.Clients, l)
	}
	if err != nil {
		return x.fail("reading", "VPC", KeyVPC, l, err)
	}
	if err := d.network(ctx, o); err != nil {
		return err
	}
	return d.flowLogDelivery(ctx, retainLogGroup)
}

type deleter struct {
	x Executor
	l Layout
}

func (d deleter) fail(action, kind, key string, err error) error {
	return d.x.fail(action, kind, key, d.l, err)
}

// network deletes the VPC and everything in it, in reverse creation order,
// and the owner-tagged gateways and addresses outside it (o.VPC may be nil).
func (d deleter) network(ctx context.Context, o *Observed) error {
	steps := []func() error{
		func() error { return d.endpoints(ctx, o.Endpoints) },
		func() error { return d.flowLog(ctx, o) },
		func() error { return d.nats(ctx, o.NATs) },
		func() error { return d.eips(ctx, o.EIPs) },
		func() error { return d.extraEIPs(ctx, o.ExtraEIPs) },
		func() error { return d.nacls(ctx, o) },
		func() error { return d.subnets(ctx, o.Subnets) },
		func() error { return d.routeTables(ctx, o.RouteTables) },
		func() error { return d.securityGroups(ctx, o.SecurityGroups) },
		func() error { return d.igw(ctx, o) },
		func() error { return d.extraIGWs(ctx, o.ExtraIGWs) },
		func() error { return d.vpc(ctx, o) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

func gone(err error, codes ...string) error {
	if err == nil || awsclient.HasCode(err, codes...) {
		return nil
	}
	return err
}

func (d deleter) endpoints(ctx context.Context, eps map[string]ec2types.VpcEndpoint) error {
	for k, e := range eps {
		_, err := d.x.EC2.DeleteVpcEndpoints(ctx, &ec2.DeleteVpcEndpointsInput{VpcEndpointIds: []string{aws.ToString(e.VpcEndpointId)}})
		if err = gone(err, "InvalidVpcEndpointId.NotFound"); err != nil {
			return d.fail("deleting", "VPC endpoint", k, err)
		}
	}
	return nil
}

func (d deleter) flowLog(ctx context.Context, o *Observed) error {
	if o.FlowLog == nil {
		return nil
	}
	_, err := d.x.EC2.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{FlowLogIds: []string{aws.ToString(o.FlowLog.FlowLogId)}})
	if err = gone(err, "InvalidFlowLogId.NotFound"); err != nil {
		return d.fail("deleting", "flow log", d.l.FlowLog.Key, err)
	}
	return nil
}

// nats deletes NAT gateways and waits until they are gone, so their EIPs
// and subnets can go next.
func (d deleter) nats(ctx context.Context, nats map[string]ec2types.NatGateway) error {
	for k, n := range nats {
		_, err := d.x.EC2.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: n.NatGatewayId})
		if err = gone(err, "NatGatewayNotFound", "InvalidNatGatewayID.NotFound"); err != nil {
			return d.fail("deleting", "NAT gateway", k, err)
		}
	}
	for k, n := range nats {
		_, err := wait.For(ctx, "NAT gateway "+k, statusNAT(d.x.EC2, aws.ToString(n.NatGatewayId)), wait.Options{
			Target: []string{"deleted", ""}, Pending: []string{"deleting", "available", "pending"}, Timeout: 15 * time.Minute, Delay: time.Second})
		if err != nil {
			return d.fail("waiting for deletion of", "NAT gateway", k, err)
		}
	}
	return nil
}

func (d deleter) eips(ctx context.Context, eips map[string]ec2types.Address) error {
	for k, a := range eips {
		_, err := d.x.EC2.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: a.AllocationId})
		if err = gone(err, "InvalidAllocationID.NotFound"); err != nil {
			return d.fail("releasing", "elastic IP", k, err)
		}
	}
	return nil
}

// extraEIPs releases unassociated duplicate addresses of a key.
func (d deleter) extraEIPs(ctx context.Context, eips []ec2types.Address) error {
	for _, a := range eips {
		_, err := d.x.EC2.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: a.AllocationId})
		if err = gone(err, "InvalidAllocationID.NotFound"); err != nil {
			return d.fail("releasing duplicate", "elastic IP", childKey(a.Tags), err)
		}
	}
	return nil
}

// nacls returns each subnet to the default NACL, then deletes the tier NACLs
// (a NACL with subnets cannot be deleted; the emulator cannot delete one whose
// subnets are gone, so this order also suits it).
func (d deleter) nacls(ctx context.Context, o *Observed) error {
	var def string
	for _, n := range o.AllNACLs {
		if aws.ToBool(n.IsDefault) {
			def = aws.ToString(n.NetworkAclId)
		}
	}
	for k, n := range o.NACLs {
		for _, a := range n.Associations {
			_, err := d.x.EC2.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: a.NetworkAclAssociationId, NetworkAclId: aws.String(def)})
			if err != nil {
				return d.fail("returning a subnet to the default NACL from", "network ACL", k, err)
			}
		}
		_, err := d.x.EC2.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: n.NetworkAclId})
		if err = gone(err, "InvalidNetworkAclID.NotFound"); err != nil {
			return d.fail("deleting", "network ACL", k, err)
		}
	}
	return nil
}

func (d deleter) subnets(ctx context.Context, subnets map[string]ec2types.Subnet) error {
	for k, s := range subnets {
		_, err := d.x.EC2.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: s.SubnetId})
		if err = gone(err, "InvalidSubnetID.NotFound"); err != nil {
			return d.fail("deleting", "subnet", k, err)
		}
	}
	return nil
}

func (d deleter) routeTables(ctx context.Context, tables map[string]ec2types.RouteTable) error {
	for k, rt := range tables {
		for _, a := range rt.Associations {
			if a.SubnetId != nil {
				_, _ = d.x.EC2.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId})
			}
		}
		_, err := d.x.EC2.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: rt.RouteTableId})
		if err = gone(err, "InvalidRouteTableID.NotFound"); err != nil {
			return d.fail("deleting", "route table", k, err)
		}
	}
	return nil
}

func (d deleter) securityGroups(ctx context.Context, groups map[string]ec2types.SecurityGroup) error {
	for k, g := range groups {
		_, err := d.x.EC2.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: g.GroupId})
		if err = gone(err, "InvalidGroup.NotFound"); err != nil {
			return d.fail("deleting", "security group", k, err)
		}
	}
	return nil
}

// igw detaches the VPC's internet gateway (when attached) and deletes it.
func (d deleter) igw(ctx context.Context, o *Observed) error {
	if o.IGW == nil {
		return nil
	}
	if o.VPC != nil && attachedTo(*o.IGW, aws.ToString(o.VPC.VpcId)) {
		_, err := d.x.EC2.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: o.IGW.InternetGatewayId, VpcId: o.VPC.VpcId})
		if err = gone(err, "Gateway.NotAttached", "InvalidInternetGatewayID.NotFound"); err != nil {
			return d.fail("detaching", "internet gateway", KeyInternetGateway, err)
		}
	}
	_, err := d.x.EC2.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: o.IGW.InternetGatewayId})
	if err = gone(err, "InvalidInternetGatewayID.NotFound"); err != nil {
		return d.fail("deleting", "internet gateway", KeyInternetGateway, err)
	}
	return nil
}

// extraIGWs deletes detached owner-tagged gateways beside the VPC's own.
func (d deleter) extraIGWs(ctx context.Context, igws []ec2types.InternetGateway) error {
	for _, g := range igws {
		_, err := d.x.EC2.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: g.InternetGatewayId})
		if err = gone(err, "InvalidInternetGatewayID.NotFound"); err != nil {
			return d.fail("deleting detached", "internet gateway", KeyInternetGateway, err)
		}
	}
	return nil
}

func (d deleter) vpc(ctx context.Context, o *Observed) error {
	if o.VPC == nil {
		return nil
	}
	_, err := d.x.EC2.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: o.VPC.VpcId})
	if err = gone(err, "InvalidVpcID.NotFound"); err != nil {
		return d.fail("deleting", "VPC", KeyVPC, err)
	}
	return nil
}

// flowLogDelivery deletes the delivery role and its policy and, unless
// retained, the log group.
func (d deleter) flowLogDelivery(ctx context.Context, retainLogGroup bool) error {
	f := d.l.FlowLog
	if err := servicerole.Delete(ctx, d.x.IAM, d.l.flowLogRole(d.x.Env)); err != nil {
		return d.fail("deleting", "flow-log role", f.RoleKey, err)
	}
	if err := loggroup.Delete(ctx, d.x.Logs, f.LogGroupName, retainLogGroup); err != nil {
		return d.fail("deleting", "flow-log group", f.LogGroupKey, err)
	}
	return nil
}
