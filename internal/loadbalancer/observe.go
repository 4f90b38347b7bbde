package loadbalancer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the AWS clients the executor uses, all in the layout's region.
type Clients struct {
	EC2  *ec2.Client
	ELB  *elb.Client
	WAF  *wafv2.Client
	Logs *cloudwatchlogs.Client
}

// ClientsOf are the clients of the provider's client c.
func ClientsOf(c *awsclient.Client) Clients {
	return Clients{EC2: c.EC2(), ELB: c.ELBV2(), WAF: c.WAFV2(), Logs: c.Logs()}
}

// Observed is what exists of one hipaa_load_balancer; a nil field is a
// child that is missing.
type Observed struct {
	SecurityGroup *ec2types.SecurityGroup
	// AppTierCIDRs are the VPC's app-tier blocks, read when the egress goes
	// to the app tier.
	AppTierCIDRs []string
	LoadBalancer *elbtypes.LoadBalancer
	Attributes   map[string]string
	TargetGroup  *elbtypes.TargetGroup
	// StaleTargetGroups are this resource's other target groups behind the
	// load balancer: a changed target port or protocol made a new one.
	StaleTargetGroups []elbtypes.TargetGroup
	Listeners         map[int32]elbtypes.Listener  // by port
	Tags              map[string]map[string]string // ELB tags by ARN
	LogGroup          *loggroup.State
	IPSets            map[string]*IPSetState // by family
	WebACL            *WebACLState
	// AssociatedACL is the ARN of the web ACL the load balancer is
	// associated with; "" when none.
	AssociatedACL string
	Logging       *waftypes.LoggingConfiguration
}

// IPSetState is a WAF IP set as read.
type IPSetState struct {
	ID, ARN, LockToken string
	Addresses          []string // sorted
	Tags               map[string]string
}

// WebACLState is the web ACL as read.
type WebACLState struct {
	ID, ARN, LockToken string
	DefaultAllow       bool
	Rules              []waftypes.Rule
	Tags               map[string]string
}

// ListenerOf is the observed listener of port; nil when missing.
func (o *Observed) ListenerOf(port int) *elbtypes.Listener {
	if l, ok := o.Listeners[int32(port)]; ok {
		return &l
	}
	return nil
}

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Name, err)
}

// Observe reads every child of l: the security group and the app tier's
// subnets (EC2), the load balancer with its attributes, listeners and
// target groups and all their tags (ELB), the log group, and the web ACL,
// its IP sets, association and logging (WAF); independent reads run at
// once. A load balancer, target group, group or web ACL of the layout's
// name that carries another owner tag is a tags.ForeignError: it is never
// read as ours. A missing load balancer is returned as such, not as
// NotFound: Read decides.
func Observe(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	x := Executor{c}
	o := &Observed{Listeners: map[int32]elbtypes.Listener{}, Tags: map[string]map[string]string{}, IPSets: map[string]*IPSetState{}}
	var mu sync.Mutex
	err := executor.All(
		func() error { return x.observeNetwork(ctx, l, o) },
		func() error { return x.observeELB(ctx, l, o, &mu) },
		func() error {
			got, err := loggroup.Read(ctx, c.Logs, l.LogGroup.Name)
			if err != nil {
				return x.fail("reading", "log group", KeyLogGroup, l, err)
			}
			if g, ok := got[l.LogGroup.Name]; ok {
				o.LogGroup = &g
			}
			return nil
		},
		func() error { return x.observeWAF(ctx, l, o) })
	if err != nil {
		return nil, err
	}
	if err := x.observeAssociation(ctx, l, o); err != nil {
		return nil, err
	}
	return o, nil
}

// Calls is how many AWS calls Observe makes for l when every child exists:
// what a refresh costs. EC2: the group, and the app tier's subnets when
// the egress goes there; ELB: the load balancer and the target group by
// name, then the attributes, listeners and target groups behind it, then
// one DescribeTags; CloudWatch Logs: one; WAF: the two lists, the web ACL
// and its tags, each admin IP set and its tags, the logging configuration
// and the association.
func Calls(l Layout) int {
	n := 1 + 2 + 3 + 1 + 1 + 2 + 2 + 1 + 1
	if l.egressToAppTier() {
		n++
	}
	return n + 2*len(l.AdminIPSet.IPSetNames())
}

func (x Executor) observeNetwork(ctx context.Context, l Layout, o *Observed) error {
	g := l.SecurityGroup
	return executor.All(
		func() error {
			got, err := secgroup.Find(ctx, x.EC2, g.VPCID, []string{g.Name})
			if err != nil {
				return x.fail("reading", "security group", KeySecurityGroup, l, err)
			}
			if sg, ok := got[g.Name]; ok {
				if owner := awsclient.EC2TagValue(sg.Tags, tags.OwnerKey); owner != l.Owner {
					return x.fail("adopting", "security group", KeySecurityGroup, l, &tags.ForeignError{Kind: "security group", Name: g.Name, Owner: l.Owner})
				}
				o.SecurityGroup = &sg
			}
			return nil
		},
		func() error {
			if !l.egressToAppTier() {
				return nil
			}
			cidrs, err := appTierCIDRs(ctx, x.EC2, g.VPCID)
			if err != nil {
				return x.fail("reading the app tier of", "security group", KeySecurityGroupEgress, l, err)
			}
			o.AppTierCIDRs = cidrs
			return nil
		})
}

func (l Layout) egressToAppTier() bool {
	return slices.ContainsFunc(l.SecurityGroup.Egress, func(p Permission) bool { return p.ToAppTier })
}

// appTierCIDRs are the CIDR blocks of the app-tier subnets a hipaa_vpc
// made in vpc, sorted: one DescribeSubnets filtered by its tags.
func appTierCIDRs(ctx context.Context, c *ec2.Client, vpc string) ([]string, error) {
	var out []string
	p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpc}},
		{Name: aws.String("tag:" + tags.ManagedByKey), Values: []string{tags.ManagedByValue}},
		{Name: aws.String("tag:" + tags.ChildKey), Values: []string{AppTierChildPattern}}}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describing subnets: %w", err)
		}
		for _, s := range page.Subnets {
			if b := aws.ToString(s.CidrBlock); b != "" {
				out = append(out, b)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// observeELB finds the load balancer and target group by name, then reads
// the load balancer's attributes, listeners and target groups, then every
// ELB tag in one call.
func (x Executor) observeELB(ctx context.Context, l Layout, o *Observed, mu *sync.Mutex) error {
	c := x.ELB
	var lb *elbtypes.LoadBalancer
	var tg *elbtypes.TargetGroup
	err := executor.All(
		func() (err error) {
			out, err := c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{l.LoadBalancer.Name}})
			switch {
			case awsclient.HasCode(err, "LoadBalancerNotFound"):
				return nil
			case err != nil:
				return x.fail("reading", "load balancer", KeyLoadBalancer, l, err)
			case len(out.LoadBalancers) > 0:
				lb = &out.LoadBalancers[0]
			}
			return nil
		},
		func() error {
			out, err := c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{l.TargetGroup.Name}})
			switch {
			case awsclient.HasCode(err, "TargetGroupNotFound"):
				return nil
			case err != nil:
				return x.fail("reading", "target group", KeyTargetGroup, l, err)
			case len(out.TargetGroups) > 0:
				tg = &out.TargetGroups[0]
			}
			return nil
		})
	if err != nil {
		return err
	}
	var behind []elbtypes.TargetGroup
	if lb != nil {
		arn := lb.LoadBalancerArn
		err = executor.All(
			func() error {
				out, err := c.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: arn})
				if err != nil {
					return x.fail("reading the attributes of", "load balancer", KeyLoadBalancer, l, err)
				}
				o.Attributes = map[string]string{}
				for _, a := range out.Attributes {
					o.Attributes[aws.ToString(a.Key)] = aws.ToString(a.Value)
				}
				return nil
			},
			func() error {
				p := elb.NewDescribeListenersPaginator(c, &elb.DescribeListenersInput{LoadBalancerArn: arn})
				for p.HasMorePages() {
					page, err := p.NextPage(ctx)
					if err != nil {
						return x.fail("reading", "listener", KeyListenerHTTPS, l, err)
					}
					mu.Lock()
					for _, li := range page.Listeners {
						o.Listeners[aws.ToInt32(li.Port)] = li
					}
					mu.Unlock()
				}
				return nil
			},
			func() error {
				out, err := c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: arn})
				if err != nil && !awsclient.HasCode(err, "TargetGroupNotFound") {
					return x.fail("reading", "target group", KeyTargetGroup, l, err)
				}
				if out != nil {
					behind = out.TargetGroups
				}
				return nil
			})
		if err != nil {
			return err
		}
	}
	var arns []string
	if lb != nil {
		arns = append(arns, aws.ToString(lb.LoadBalancerArn))
	}
	if tg != nil {
		arns = append(arns, aws.ToString(tg.TargetGroupArn))
	}
	for _, g := range behind {
		if tg == nil || aws.ToString(g.TargetGroupArn) != aws.ToString(tg.TargetGroupArn) {
			arns = append(arns, aws.ToString(g.TargetGroupArn))
		}
	}
	for _, li := range slices.Sorted(maps.Keys(o.Listeners)) {
		arns = append(arns, aws.ToString(o.Listeners[li].ListenerArn))
	}
	if err := x.readELBTags(ctx, l, arns, o); err != nil {
		return err
	}
	if lb != nil {
		if o.Tags[aws.ToString(lb.LoadBalancerArn)][tags.OwnerKey] != l.Owner {
			return x.fail("adopting", "load balancer", KeyLoadBalancer, l, &tags.ForeignError{Kind: "load balancer", Name: l.LoadBalancer.Name, Owner: l.Owner})
		}
		o.LoadBalancer = lb
	}
	if tg != nil {
		if o.Tags[aws.ToString(tg.TargetGroupArn)][tags.OwnerKey] != l.Owner {
			return x.fail("adopting", "target group", KeyTargetGroup, l, &tags.ForeignError{Kind: "target group", Name: l.TargetGroup.Name, Owner: l.Owner})
		}
		o.TargetGroup = tg
	}
	for _, g := range behind {
		if aws.ToString(g.TargetGroupName) != l.TargetGroup.Name && o.Tags[aws.ToString(g.TargetGroupArn)][tags.OwnerKey] == l.Owner {
			o.StaleTargetGroups = append(o.StaleTargetGroups, g)
		}
	}
	return nil
}

// readELBTags reads the tags of arns, 20 per call (DescribeTags' limit).
func (x Executor) readELBTags(ctx context.Context, l Layout, arns []string, o *Observed) error {
	for chunk := range slices.Chunk(arns, 20) {
		out, err := x.ELB.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: chunk})
		if err != nil {
			return x.fail("reading the tags of", "load balancer", KeyLoadBalancer, l, err)
		}
		for _, d := range out.TagDescriptions {
			m := map[string]string{}
			for _, t := range d.Tags {
				m[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			o.Tags[aws.ToString(d.ResourceArn)] = m
		}
	}
	return nil
}

// observeWAF finds the web ACL and the IP sets by name (ListWebACLs and
// ListIPSets at once), then reads each with its tags, the association and
// the logging configuration.
func (x Executor) observeWAF(ctx context.Context, l Layout, o *Observed) error {
	c := x.WAF
	var acls []waftypes.WebACLSummary
	var sets []waftypes.IPSetSummary
	err := executor.All(
		func() (err error) {
			acls, err = listWebACLs(ctx, c)
			return x.wrap(err, "listing", "web ACL", KeyWebACL, l)
		},
		func() (err error) {
			sets, err = listIPSets(ctx, c)
			return x.wrap(err, "listing", "IP set", KeyAdminIPSet, l)
		})
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var fns []func() error
	if s := summaryNamed(acls, l.WebACL.Name, func(s waftypes.WebACLSummary) *string { return s.Name }); s != nil {
		fns = append(fns, func() error {
			out, err := c.GetWebACL(ctx, &wafv2.GetWebACLInput{Name: s.Name, Id: s.Id, Scope: waftypes.ScopeRegional})
			if err != nil {
				return x.fail("reading", "web ACL", KeyWebACL, l, err)
			}
			t, err := awsclient.WAFTagger(c, aws.ToString(s.ARN)).List(ctx)
			if err != nil {
				return x.fail("reading the tags of", "web ACL", KeyWebACL, l, err)
			}
			if t[tags.OwnerKey] != l.Owner {
				return x.fail("adopting", "web ACL", KeyWebACL, l, &tags.ForeignError{Kind: "web ACL", Name: l.WebACL.Name, Owner: l.Owner})
			}
			a := out.WebACL
			o.WebACL = &WebACLState{ID: aws.ToString(a.Id), ARN: aws.ToString(a.ARN), LockToken: aws.ToString(out.LockToken),
				DefaultAllow: a.DefaultAction != nil && a.DefaultAction.Allow != nil, Rules: a.Rules, Tags: t}
			return nil
		})
	}
	for _, family := range Families { // both, so apply finds a set the layout no longer has
		name := IPSetName(AdminIPSetBase(l.Name), family)
		s := summaryNamed(sets, name, func(s waftypes.IPSetSummary) *string { return s.Name })
		if s == nil {
			continue
		}
		fns = append(fns, func() error {
			out, err := c.GetIPSet(ctx, &wafv2.GetIPSetInput{Name: s.Name, Id: s.Id, Scope: waftypes.ScopeRegional})
			if err != nil {
				return x.fail("reading", "IP set", KeyAdminIPSet, l, err)
			}
			t, err := awsclient.WAFTagger(c, aws.ToString(s.ARN)).List(ctx)
			if err != nil {
				return x.fail("reading the tags of", "IP set", KeyAdminIPSet, l, err)
			}
			if t[tags.OwnerKey] != l.Owner {
				return x.fail("adopting", "IP set", KeyAdminIPSet, l, &tags.ForeignError{Kind: "IP set", Name: name, Owner: l.Owner})
			}
			addrs := slices.Sorted(slices.Values(out.IPSet.Addresses))
			mu.Lock()
			o.IPSets[family] = &IPSetState{ID: aws.ToString(s.Id), ARN: aws.ToString(s.ARN), LockToken: aws.ToString(out.LockToken), Addresses: addrs, Tags: t}
			mu.Unlock()
			return nil
		})
	}
	if err := executor.All(fns...); err != nil {
		return err
	}
	if o.WebACL == nil {
		return nil
	}
	return executor.All(
		func() error {
			out, err := c.GetLoggingConfiguration(ctx, &wafv2.GetLoggingConfigurationInput{ResourceArn: aws.String(o.WebACL.ARN)})
			switch {
			case awsclient.HasCode(err, "WAFNonexistentItemException"):
				return nil
			case err != nil:
				return x.fail("reading", "WAF logging configuration", KeyWAFLogging, l, err)
			}
			o.Logging = out.LoggingConfiguration
			return nil
		})
}

// observeAssociation reads the web ACL the load balancer is associated
// with; it needs the load balancer's ARN.
func (x Executor) observeAssociation(ctx context.Context, l Layout, o *Observed) error {
	if o.LoadBalancer == nil {
		return nil
	}
	out, err := x.WAF.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: o.LoadBalancer.LoadBalancerArn})
	switch {
	case awsclient.HasCode(err, "WAFNonexistentItemException"):
		return nil
	case err != nil:
		return x.fail("reading", "web ACL association", KeyWebACLAssociation, l, err)
	case out.WebACL != nil:
		o.AssociatedACL = aws.ToString(out.WebACL.ARN)
	}
	return nil
}

func (x Executor) wrap(err error, action, kind, key string, l Layout) error {
	if err == nil {
		return nil
	}
	return x.fail(action, kind, key, l, err)
}

func summaryNamed[T any](list []T, name string, nameOf func(T) *string) *T {
	for i := range list {
		if aws.ToString(nameOf(list[i])) == name {
			return &list[i]
		}
	}
	return nil
}

func listWebACLs(ctx context.Context, c *wafv2.Client) ([]waftypes.WebACLSummary, error) {
	var out []waftypes.WebACLSummary
	in := &wafv2.ListWebACLsInput{Scope: waftypes.ScopeRegional, Limit: aws.Int32(100)}
	for {
		page, err := c.ListWebACLs(ctx, in)
		if err != nil {
			return nil, err
		}
		out = append(out, page.WebACLs...)
		if aws.ToString(page.NextMarker) == "" || len(page.WebACLs) == 0 {
			return out, nil
		}
		in.NextMarker = page.NextMarker
	}
}

func listIPSets(ctx context.Context, c *wafv2.Client) ([]waftypes.IPSetSummary, error) {
	var out []waftypes.IPSetSummary
	in := &wafv2.ListIPSetsInput{Scope: waftypes.ScopeRegional, Limit: aws.Int32(100)}
	for {
		page, err := c.ListIPSets(ctx, in)
		if err != nil {
			return nil, err
		}
		out = append(out, page.IPSets...)
		if aws.ToString(page.NextMarker) == "" || len(page.IPSets) == 0 {
			return out, nil
		}
		in.NextMarker = page.NextMarker
	}
}
