package loadbalancer

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Env is the account and region a load balancer lives in.
type Env struct{ Region, AccountID, Partition string }

// Import reads the hipaa_load_balancer name, which this provider created,
// and returns the Spec it is configured with: the load balancer's scheme,
// subnets and access log bucket, the HTTPS listener's policy and
// certificate, the target group it forwards to, the security group's
// sources and targets, the web ACL's rate and rule groups, the admin
// allow-list, and the WAF log group's key and retention. A missing load
// balancer is an awsclient.NotFoundError; one without this provider's
// owner tag is refused (tags.NotOwnedError). Exceptions cannot be read
// back: a setting that needs one is refused at the next plan until the
// configuration lists it. Nothing is changed.
func Import(ctx context.Context, c Clients, env Env, defaultTags map[string]string, name string) (Spec, error) {
	owner := tags.Owner(ResourceType, name)
	out, err := c.ELB.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{name}})
	switch {
	case awsclient.HasCode(err, "LoadBalancerNotFound") || (err == nil && len(out.LoadBalancers) == 0):
		return Spec{}, &awsclient.NotFoundError{Kind: "load balancer", ID: name}
	case err != nil:
		return Spec{}, err
	}
	lb := out.LoadBalancers[0]
	t, err := awsclient.ELBTagger(c.ELB, aws.ToString(lb.LoadBalancerArn)).List(ctx)
	if err != nil {
		return Spec{}, err
	}
	if t[tags.OwnerKey] != owner {
		return Spec{}, &tags.NotOwnedError{Kind: "load balancer", ID: name, Resource: ResourceType, Want: owner, Found: t[tags.OwnerKey],
			Fix: "Keep managing it outside this provider, or create a " + ResourceType + " of another name."}
	}
	s := Spec{Name: name, VPCID: aws.ToString(lb.VpcId), SubnetIDs: subnetsOf(&lb), InternetFacing: lb.Scheme == elbtypes.LoadBalancerSchemeEnumInternetFacing,
		Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags, Tags: tags.UserTags(t, defaultTags)}
	listeners, err := c.ELB.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil {
		return Spec{}, err
	}
	for _, li := range listeners.Listeners {
		if aws.ToInt32(li.Port) != HTTPSPort {
			continue
		}
		s.TLSPolicy, s.CertificateARN = aws.ToString(li.SslPolicy), certificateOf(li)
		if len(li.DefaultActions) == 1 && li.DefaultActions[0].TargetGroupArn != nil {
			tgs, err := c.ELB.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{aws.ToString(li.DefaultActions[0].TargetGroupArn)}})
			if err != nil {
				return Spec{}, err
			}
			if len(tgs.TargetGroups) == 1 {
				tg := tgs.TargetGroups[0]
				s.Targets = Targets{Port: int(aws.ToInt32(tg.Port)), Protocol: Protocol(tg.Protocol), HealthCheckPath: aws.ToString(tg.HealthCheckPath)}
			}
		}
	}
	l := expand(s.WithDefaults()) // names only: Observe finds every child by them
	o, err := Observe(ctx, c, l)
	if err != nil {
		return Spec{}, err
	}
	s.AccessLogBucket = o.Attributes[AttrAccessLogBucket]
	if g := o.SecurityGroup; g != nil {
		for _, p := range g.IpPermissions {
			if aws.ToInt32(p.FromPort) == HTTPSPort {
				for _, r := range p.IpRanges {
					s.AllowedCIDRBlocks = append(s.AllowedCIDRBlocks, aws.ToString(r.CidrIp))
				}
				for _, r := range p.Ipv6Ranges {
					s.AllowedCIDRBlocks = append(s.AllowedCIDRBlocks, aws.ToString(r.CidrIpv6))
				}
			}
		}
		var egress []string
		for _, p := range g.IpPermissionsEgress {
			for _, r := range p.IpRanges {
				egress = append(egress, aws.ToString(r.CidrIp))
			}
		}
		if slices.Sort(egress); !slices.Equal(egress, o.AppTierCIDRs) {
			s.Targets.CIDRBlocks = egress
		}
		slices.Sort(s.AllowedCIDRBlocks)
	}
	if o.LogGroup != nil {
		s.LogKMSKeyARN, s.LogRetentionDays = o.LogGroup.KMSKeyARN, o.LogGroup.RetentionDays
	}
	for _, family := range Families {
		if st := o.IPSets[family]; st != nil {
			s.WAF.AllowedAdminCIDRBlocks = append(s.WAF.AllowedAdminCIDRBlocks, st.Addresses...)
		}
	}
	if o.WebACL != nil {
		for _, r := range o.WebACL.Rules {
			st := r.Statement
			switch {
			case st == nil:
			case st.RateBasedStatement != nil:
				s.WAF.RateLimitPer5Minutes = int(aws.ToInt64(st.RateBasedStatement.Limit))
			case st.ManagedRuleGroupStatement != nil:
				if g := aws.ToString(st.ManagedRuleGroupStatement.Name); !slices.Contains(BaselineRuleGroups, g) {
					s.WAF.ManagedRuleGroups = append(s.WAF.ManagedRuleGroups, g)
				}
			case st.AndStatement != nil && len(st.AndStatement.Statements) > 0 && st.AndStatement.Statements[0].ByteMatchStatement != nil:
				s.WAF.AdminPathPrefix = string(st.AndStatement.Statements[0].ByteMatchStatement.SearchString)
			}
		}
	}
	if s.WAF.AdminPathPrefix == DefaultAdminPathPrefix {
		s.WAF.AdminPathPrefix = ""
	}
	return s, nil
}
