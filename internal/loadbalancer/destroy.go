package loadbalancer

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// destroyPoll is how long Destroy waits between tries while AWS still
// holds a dependency (the load balancer's network interfaces on its
// security group).
var destroyPoll = 5 * time.Second

// Destroy deletes every child this resource owns, dependents first: the
// WAF logging, the association, the web ACL and its IP sets; then the
// load balancer (its deletion protection turned off first: destroy is
// the one deliberate deletion), its listeners with it; then the target
// groups and the security group, once AWS has released the load
// balancer's network interfaces. The WAF log group is kept: it is the
// record of the requests the web ACL saw, and expires by its retention.
// A child already gone is skipped, so a destroy interrupted part way
// finishes when run again.
func (x Executor) Destroy(ctx context.Context, l Layout) error {
	ctx = awsclient.WithChild(ctx, "", l.Owner)
	o, err := Observe(ctx, x.Clients, l)
	if err != nil {
		return err
	}
	if err := x.destroyWAF(ctx, l, o); err != nil {
		return err
	}
	if lb := o.LoadBalancer; lb != nil {
		if o.Attributes[AttrDeletionProtection] != "false" {
			_, err := x.ELB.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn,
				Attributes: []elbtypes.LoadBalancerAttribute{{Key: aws.String(AttrDeletionProtection), Value: aws.String("false")}}})
			if err != nil && !awsclient.HasCode(err, "LoadBalancerNotFound") {
				return x.fail("turning off the deletion protection of", "load balancer", KeyLoadBalancer, l, err)
			}
		}
		if _, err := x.ELB.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: lb.LoadBalancerArn}); err != nil && !awsclient.HasCode(err, "LoadBalancerNotFound") {
			return x.fail("deleting", "load balancer", KeyLoadBalancer, l, err)
		}
	}
	groups := o.StaleTargetGroups
	if o.TargetGroup != nil {
		groups = append(groups, *o.TargetGroup)
	}
	for _, g := range groups {
		err := retryWhile(ctx, "target group "+aws.ToString(g.TargetGroupName)+" to be free of listeners", "ResourceInUse", func(ctx context.Context) error {
			_, err := x.ELB.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: g.TargetGroupArn})
			if awsclient.HasCode(err, "TargetGroupNotFound") {
				return nil
			}
			return err
		})
		if err != nil {
			return x.fail("deleting", "target group", KeyTargetGroup, l, err)
		}
	}
	if g := o.SecurityGroup; g != nil {
		err := retryWhile(ctx, "the load balancer's network interfaces to leave security group "+aws.ToString(g.GroupName), "DependencyViolation",
			func(ctx context.Context) error { return secgroup.Delete(ctx, x.EC2, *g) })
		if err != nil {
			return x.fail("deleting", "security group", KeySecurityGroup, l, err)
		}
	}
	return nil
}

// destroyWAF removes the logging configuration and the association, then
// deletes the web ACL and the admin IP sets it referenced.
func (x Executor) destroyWAF(ctx context.Context, l Layout, o *Observed) error {
	c := x.WAF
	if acl := o.WebACL; acl != nil {
		if o.Logging != nil {
			_, err := c.DeleteLoggingConfiguration(ctx, &wafv2.DeleteLoggingConfigurationInput{ResourceArn: aws.String(acl.ARN)})
			if err != nil && !awsclient.HasCode(err, "WAFNonexistentItemException") {
				return x.fail("deleting", "WAF logging configuration", KeyWAFLogging, l, err)
			}
		}
	}
	if o.AssociatedACL != "" && o.LoadBalancer != nil {
		_, err := c.DisassociateWebACL(ctx, &wafv2.DisassociateWebACLInput{ResourceArn: o.LoadBalancer.LoadBalancerArn})
		if err != nil && !awsclient.HasCode(err, "WAFNonexistentItemException") {
			return x.fail("disassociating", "web ACL", KeyWebACLAssociation, l, err)
		}
	}
	if acl := o.WebACL; acl != nil {
		err := retryWhile(ctx, "web ACL "+l.WebACL.Name+" to be free of associations", "WAFAssociatedItemException", func(ctx context.Context) error {
			_, err := c.DeleteWebACL(ctx, &wafv2.DeleteWebACLInput{Name: aws.String(l.WebACL.Name), Id: aws.String(acl.ID), Scope: waftypes.ScopeRegional,
				LockToken: aws.String(acl.LockToken)})
			if awsclient.HasCode(err, "WAFNonexistentItemException") {
				return nil
			}
			return err
		})
		if err != nil {
			return x.fail("deleting", "web ACL", KeyWebACL, l, err)
		}
	}
	for _, family := range Families {
		got := o.IPSets[family]
		if got == nil {
			continue
		}
		_, err := c.DeleteIPSet(ctx, &wafv2.DeleteIPSetInput{Name: aws.String(IPSetName(AdminIPSetBase(l.Name), family)), Id: aws.String(got.ID),
			Scope: waftypes.ScopeRegional, LockToken: aws.String(got.LockToken)})
		if err != nil && !awsclient.HasCode(err, "WAFNonexistentItemException") {
			return x.fail("deleting", "IP set", KeyAdminIPSet, l, err)
		}
	}
	return nil
}

// retryWhile runs fn until it succeeds or fails with another code than
// code, which AWS returns while a dependency is being released.
func retryWhile(ctx context.Context, what, code string, fn func(context.Context) error) error {
	return wait.Retry(ctx, what, func(err error) bool { return awsclient.HasCode(err, code) }, fn,
		wait.Options{Delay: destroyPoll, Timeout: 15 * time.Minute})
}
