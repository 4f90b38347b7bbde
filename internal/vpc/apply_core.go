package vpc

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

func (r *run) ensureVPC(ctx context.Context) error {
	if r.id(KeyVPC) != "" {
		return nil
	}
	out, err := r.x.EC2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(r.l.VPC.CIDRBlock),
		TagSpecifications: r.tagSpec(ec2types.ResourceTypeVpc, KeyVPC)})
	if err != nil {
		return r.fail("creating", "VPC", KeyVPC, err)
	}
	r.created(ctx, KindVPC, KeyVPC, aws.ToString(out.Vpc.VpcId))
	return nil
}

// ensureVPCDNS sets the DNS attributes of a VPC created (or adopted after a
// crash) in this run. DescribeVpcs does not return them, so refresh does not
// read them; a VPC from the prior state keeps what this step set.
func (r *run) ensureVPCDNS(ctx context.Context) error {
	if !r.adopted {
		return nil
	}
	id := r.id(KeyVPC)
	attrs := map[string]*ec2.ModifyVpcAttributeInput{ // one attribute per call, so both at once
		"support":   {VpcId: aws.String(id), EnableDnsSupport: &ec2types.AttributeBooleanValue{Value: aws.Bool(r.l.VPC.EnableDNSSupport)}},
		"hostnames": {VpcId: aws.String(id), EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: aws.Bool(r.l.VPC.EnableDNSHostnames)}},
	}
	return r.each(ctx, []string{"hostnames", "support"}, func(ctx context.Context, k string) error {
		if _, err := r.x.EC2.ModifyVpcAttribute(ctx, attrs[k]); err != nil {
			return r.fail("configuring DNS "+k+" of", "VPC", KeyVPC, err)
		}
		return nil
	})
}

// ensureDefaultSG empties the VPC's default security group (NET-05).
func (r *run) ensureDefaultSG(ctx context.Context) error {
	sg := r.o.DefaultSG
	if sg == nil {
		out, err := r.x.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: append(vpcFilter(r.id(KeyVPC)),
			ec2types.Filter{Name: aws.String("group-name"), Values: []string{"default"}})})
		if err != nil || len(out.SecurityGroups) == 0 {
			return r.fail("finding", "default security group", KeyDefaultSecurityGroup, err)
		}
		sg = &out.SecurityGroups[0]
	}
	r.put(KeyDefaultSecurityGroup, aws.ToString(sg.GroupId))
	return r.revokeAll(ctx, KeyDefaultSecurityGroup, *sg, true)
}

// revokeAll removes every ingress rule and, when egress, every egress rule.
func (r *run) revokeAll(ctx context.Context, key string, sg ec2types.SecurityGroup, egress bool) error {
	if len(sg.IpPermissions) > 0 {
		if _, err := r.x.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: sg.IpPermissions}); err != nil {
			return r.fail("revoking ingress of", "security group", key, err)
		}
	}
	if egress && len(sg.IpPermissionsEgress) > 0 {
		if _, err := r.x.EC2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: sg.GroupId, IpPermissions: sg.IpPermissionsEgress}); err != nil {
			return r.fail("revoking egress of", "security group", key, err)
		}
	}
	return nil
}

// ensureIGW attaches the VPC's internet gateway: the owner-tagged one
// Observe found detached (an apply stopped between creating and attaching
// it), else a new one. Creation tags it with the owner, so if this run stops
// before the attach, the next Apply attaches it and Destroy deletes it.
func (r *run) ensureIGW(ctx context.Context) error {
	if r.id(KeyInternetGateway) != "" {
		return nil
	}
	var id string
	if g := r.o.IGW; g != nil && !attached(*g) {
		id = aws.ToString(g.InternetGatewayId)
	} else {
		out, err := r.x.EC2.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{
			TagSpecifications: r.tagSpec(ec2types.ResourceTypeInternetGateway, KeyInternetGateway)})
		if err != nil {
			return r.fail("creating", "internet gateway", KeyInternetGateway, err)
		}
		id = aws.ToString(out.InternetGateway.InternetGatewayId)
	}
	if _, err := r.x.EC2.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(id), VpcId: aws.String(r.id(KeyVPC))}); err != nil {
		return r.fail("attaching", "internet gateway", KeyInternetGateway, err)
	}
	r.created(ctx, KindInternetGateway, KeyInternetGateway, id)
	return nil
}

func (r *run) ensureLogGroup(ctx context.Context) error {
	f := r.l.FlowLog
	created, err := loggroup.Ensure(ctx, r.x.Logs, r.l.flowLogGroup(), r.o.LogGroup, LogGroupARN(r.x.Env.Partition, r.x.Env.Region, r.x.Env.AccountID, f.LogGroupName))
	if err != nil {
		return r.fail("applying", "flow-log group", f.LogGroupKey, err)
	}
	if created {
		r.created(ctx, KindLogGroup, f.LogGroupKey, f.LogGroupName)
	} else {
		r.put(f.LogGroupKey, f.LogGroupName)
	}
	return nil
}

// ensureRole creates or adopts the flow-log delivery role and attaches its
// customer-managed least-privilege policy (servicerole), deleting the
// inline policy earlier versions wrote.
func (r *run) ensureRole(ctx context.Context) error {
	f := r.l.FlowLog
	res, err := servicerole.Ensure(ctx, r.x.IAM, r.l.flowLogRole(r.x.Env))
	if err != nil {
		return r.fail("applying", "flow-log role", f.RoleKey, err)
	}
	if res.Created {
		r.created(ctx, KindIAMRole, f.RoleKey, f.RoleName)
	} else {
		r.put(f.RoleKey, f.RoleName)
	}
	r.put(f.RolePolicyKey, f.RolePolicyName)
	r.put(f.RoleAttachmentKey, f.RoleName+"/"+f.RolePolicyName)
	return nil
}

// ensureFlowLog creates the flow log, replacing one with the wrong traffic type.
func (r *run) ensureFlowLog(ctx context.Context) error {
	f := r.l.FlowLog
	if r.id(f.Key) != "" {
		return nil
	}
	if old := r.o.FlowLog; old != nil {
		if _, err := r.x.EC2.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{FlowLogIds: []string{aws.ToString(old.FlowLogId)}}); err != nil {
			return r.fail("replacing", "flow log", f.Key, err)
		}
	}
	out, err := r.x.EC2.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{
		ResourceIds: []string{r.id(KeyVPC)}, ResourceType: ec2types.FlowLogsResourceTypeVpc,
		TrafficType: ec2types.TrafficType(f.TrafficType), LogDestinationType: ec2types.LogDestinationTypeCloudWatchLogs,
		LogGroupName: aws.String(f.LogGroupName), MaxAggregationInterval: aws.Int32(int32(f.MaxAggregationInterval)),
		DeliverLogsPermissionArn: aws.String(r.x.roleARN(f.RoleName)), ClientToken: r.token(f.Key, f.TrafficType),
		TagSpecifications: r.tagSpec(ec2types.ResourceTypeVpcFlowLog, f.Key),
	})
	if err == nil && len(out.FlowLogIds) == 0 {
		err = flowLogError(out.Unsuccessful)
	}
	if err != nil {
		return r.fail("creating", "flow log", f.Key, err)
	}
	r.created(ctx, KindFlowLog, f.Key, out.FlowLogIds[0])
	return nil
}

func flowLogError(u []ec2types.UnsuccessfulItem) error {
	for _, i := range u {
		if i.Error != nil {
			return fmt.Errorf("%s: %s", aws.ToString(i.Error.Code), aws.ToString(i.Error.Message))
		}
	}
	return fmt.Errorf("CreateFlowLogs returned no flow log")
}

func (x Executor) roleARN(name string) string {
	return "arn:" + x.Env.Partition + ":iam::" + x.Env.AccountID + ":role/" + name
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
