package loadbalancer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
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
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// Executor creates, repairs and deletes the children of one
// hipaa_load_balancer.
type Executor struct{ Clients }

// run is one Apply: what was observed, updated as children are made.
type run struct {
	x   Executor
	l   Layout
	o   *Observed
	rec *executor.Recorder
	mu  sync.Mutex
}

// Apply converges AWS on the layout. It observes first (Observe: every
// child is found by name and owner tag, so a crashed apply never leaves a
// second one), then each step writes only what differs, so the same calls
// create, repair drift and finish a crashed apply. record receives each
// child as it exists. The order comes from Layout.Children; tags come
// last. It returns the outputs of what exists, also after a failure.
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) (IDs, error) {
	ctx = awsclient.WithChild(ctx, "", l.Owner)
	o, err := Observe(ctx, x.Clients, l)
	if err != nil {
		return IDs{}, err
	}
	r := &run{x: x, l: l, o: o, rec: executor.NewRecorder(record)}
	err = executor.Schedule(ctx, executor.Graph(l.Children()), r.steps())
	r.mu.Lock()
	defer r.mu.Unlock()
	return IDsOf(o), err
}

func (r *run) fail(action, kind, key string, err error) error {
	return r.x.fail(action, kind, key, r.l, err)
}

// steps are the phases of one Apply, by the kinds of child they own.
func (r *run) steps() []executor.Step {
	return []executor.Step{
		{Name: "security group", Kinds: executor.Kinds(KindSecurityGroup), Run: r.ensureSecurityGroup},
		{Name: "security group rules", Kinds: executor.Kinds(KindSecurityGroupRule), Run: r.ensureRules},
		{Name: "load balancer", Kinds: executor.Kinds(KindLoadBalancer), Run: r.ensureLoadBalancer},
		{Name: "target group", Kinds: executor.Kinds(KindTargetGroup), Run: r.ensureTargetGroup},
		{Name: "listeners", Kinds: executor.Kinds(KindListener), Run: r.ensureListeners},
		{Name: "log group", Kinds: executor.Kinds(KindLogGroup), Run: r.ensureLogGroup},
		{Name: "IP sets", Kinds: executor.Kinds(KindIPSet), Run: r.ensureIPSets},
		{Name: "web ACL", Kinds: executor.Kinds(KindWebACL), Run: r.ensureWebACL},
		{Name: "association", Kinds: executor.Kinds(KindWebACLAssociation), Run: r.ensureAssociation},
		{Name: "logging", Kinds: executor.Kinds(KindWAFLogging), Run: r.ensureLogging},
		{Name: "tags", After: []string{"security group rules", "listeners", "association", "logging"}, Run: r.retag},
	}
}

// secgroup is the load balancer's group with every peer a CIDR block:
// the app tier's, read by Observe, where the egress goes to the app tier.
func (l Layout) secgroup(o *Observed) secgroup.Group {
	g := secgroup.Group{Key: KeySecurityGroup, RulesKey: KeySecurityGroupIngress, Name: l.SecurityGroup.Name,
		Description: l.SecurityGroup.Description, VPCID: l.SecurityGroup.VPCID}
	rules := func(perms []Permission, what string) []secgroup.Rule {
		var out []secgroup.Rule
		for _, p := range perms {
			blocks := p.CIDRBlocks
			if p.ToAppTier {
				blocks = o.AppTierCIDRs
			}
			for _, b := range blocks {
				out = append(out, secgroup.Rule{Protocol: "tcp", FromPort: p.Port, ToPort: p.Port, CIDRBlock: b, Description: what})
			}
		}
		return out
	}
	g.Ingress = rules(l.SecurityGroup.Ingress, IngressRuleDescription)
	g.Egress = rules(l.SecurityGroup.Egress, EgressRuleDescription)
	return g
}

func (r *run) ensureSecurityGroup(ctx context.Context) error {
	if r.o.SecurityGroup != nil {
		r.rec.Put(KeySecurityGroup, aws.ToString(r.o.SecurityGroup.GroupId))
		return nil
	}
	g := r.l.secgroup(r.o)
	got, err := secgroup.Create(ctx, r.x.EC2, g, r.l.SecurityGroup.Tags)
	if err != nil {
		return r.fail("creating", "security group", KeySecurityGroup, err)
	}
	got.Tags = awsclient.EC2Tags(r.l.SecurityGroup.Tags)
	r.mu.Lock()
	r.o.SecurityGroup = &got
	r.mu.Unlock()
	r.rec.Created(ctx, "security group", KeySecurityGroup, aws.ToString(got.GroupId))
	return nil
}

// ensureRules makes the group's rules exactly the layout's. Egress to the
// app tier needs the tier: a VPC without one is an error, never an open
// egress.
func (r *run) ensureRules(ctx context.Context) error {
	l := r.l
	if l.egressToAppTier() && len(r.o.AppTierCIDRs) == 0 {
		return r.fail("writing the egress of", "security group", KeySecurityGroupEgress, fmt.Errorf(
			"VPC %s has no app-tier subnet made by a hipaa_vpc (tagged %s = %s): set targets.cidr_blocks to the targets' subnets",
			l.SecurityGroup.VPCID, tags.ChildKey, AppTierChildPattern))
	}
	if err := secgroup.Sync(ctx, r.x.EC2, l.secgroup(r.o), *r.o.SecurityGroup, nil); err != nil {
		return r.fail("writing the rules of", "security group", KeySecurityGroupIngress, err)
	}
	id := aws.ToString(r.o.SecurityGroup.GroupId)
	r.rec.Put(KeySecurityGroupIngress, id)
	r.rec.Put(KeySecurityGroupEgress, id)
	return nil
}

// ensureLoadBalancer creates the load balancer in its group and subnets,
// or moves it back to them, then writes the attributes that differ.
func (r *run) ensureLoadBalancer(ctx context.Context) error {
	c, want := r.x.ELB, r.l.LoadBalancer
	sg := aws.ToString(r.o.SecurityGroup.GroupId)
	lb := r.o.LoadBalancer
	if lb == nil {
		out, err := c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String(want.Name), Subnets: want.SubnetIDs, SecurityGroups: []string{sg},
			Scheme: elbtypes.LoadBalancerSchemeEnum(want.Scheme), Type: elbtypes.LoadBalancerTypeEnum(want.Type),
			IpAddressType: elbtypes.IpAddressType(want.IPType), Tags: awsclient.ELBTags(want.Tags)})
		if err != nil {
			return r.fail("creating", "load balancer", KeyLoadBalancer, err)
		}
		lb = &out.LoadBalancers[0]
		r.setLB(lb, map[string]string{}, want.Tags)
		r.rec.Created(ctx, "load balancer", KeyLoadBalancer, aws.ToString(lb.LoadBalancerArn))
	} else {
		r.rec.Put(KeyLoadBalancer, aws.ToString(lb.LoadBalancerArn))
		if !slices.Equal(lb.SecurityGroups, []string{sg}) {
			if _, err := c.SetSecurityGroups(ctx, &elb.SetSecurityGroupsInput{LoadBalancerArn: lb.LoadBalancerArn, SecurityGroups: []string{sg}}); err != nil {
				return r.fail("setting the security group of", "load balancer", KeyLoadBalancer, err)
			}
		}
		if !slices.Equal(subnetsOf(lb), want.SubnetIDs) {
			if _, err := c.SetSubnets(ctx, &elb.SetSubnetsInput{LoadBalancerArn: lb.LoadBalancerArn, Subnets: want.SubnetIDs}); err != nil {
				return r.fail("setting the subnets of", "load balancer", KeyLoadBalancer, err)
			}
		}
		if string(lb.IpAddressType) != want.IPType {
			if _, err := c.SetIpAddressType(ctx, &elb.SetIpAddressTypeInput{LoadBalancerArn: lb.LoadBalancerArn, IpAddressType: elbtypes.IpAddressType(want.IPType)}); err != nil {
				return r.fail("setting the IP address type of", "load balancer", KeyLoadBalancer, err)
			}
		}
	}
	var attrs []elbtypes.LoadBalancerAttribute
	differ := false
	for _, a := range want.Attributes {
		attrs = append(attrs, elbtypes.LoadBalancerAttribute{Key: aws.String(a.Key), Value: aws.String(a.Value)})
		differ = differ || r.o.Attributes[a.Key] != a.Value
	}
	if differ {
		if _, err := c.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn, Attributes: attrs}); err != nil {
			return r.fail("writing the attributes of", "load balancer", KeyLoadBalancer, err)
		}
	}
	return nil
}

func (r *run) setLB(lb *elbtypes.LoadBalancer, attrs, t map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.o.LoadBalancer, r.o.Attributes = lb, attrs
	r.o.Tags[aws.ToString(lb.LoadBalancerArn)] = t
}

// ensureTargetGroup creates the target group or repairs its health check.
func (r *run) ensureTargetGroup(ctx context.Context) error {
	c, want := r.x.ELB, r.l.TargetGroup
	hc := want.HealthCheck
	tg := r.o.TargetGroup
	if tg == nil {
		out, err := c.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String(want.Name), Protocol: elbtypes.ProtocolEnum(want.Protocol),
			Port: aws.Int32(int32(want.Port)), VpcId: aws.String(want.VPCID), TargetType: elbtypes.TargetTypeEnum(want.TargetType),
			HealthCheckEnabled: aws.Bool(true), HealthCheckProtocol: elbtypes.ProtocolEnum(hc.Protocol), HealthCheckPath: aws.String(hc.Path),
			Matcher: &elbtypes.Matcher{HttpCode: aws.String(hc.Matcher)}, Tags: awsclient.ELBTags(want.Tags)})
		if err != nil {
			return r.fail("creating", "target group", KeyTargetGroup, err)
		}
		r.mu.Lock()
		r.o.TargetGroup = &out.TargetGroups[0]
		r.o.Tags[aws.ToString(out.TargetGroups[0].TargetGroupArn)] = want.Tags
		r.mu.Unlock()
		r.rec.Created(ctx, "target group", KeyTargetGroup, aws.ToString(out.TargetGroups[0].TargetGroupArn))
		return nil
	}
	r.rec.Put(KeyTargetGroup, aws.ToString(tg.TargetGroupArn))
	if string(tg.HealthCheckProtocol) == hc.Protocol && aws.ToString(tg.HealthCheckPath) == hc.Path && tg.Matcher != nil && aws.ToString(tg.Matcher.HttpCode) == hc.Matcher {
		return nil
	}
	_, err := c.ModifyTargetGroup(ctx, &elb.ModifyTargetGroupInput{TargetGroupArn: tg.TargetGroupArn, HealthCheckEnabled: aws.Bool(true),
		HealthCheckProtocol: elbtypes.ProtocolEnum(hc.Protocol), HealthCheckPath: aws.String(hc.Path), Matcher: &elbtypes.Matcher{HttpCode: aws.String(hc.Matcher)}})
	if err != nil {
		return r.fail("repairing the health check of", "target group", KeyTargetGroup, err)
	}
	return nil
}

// ensureListeners creates or repairs the HTTPS and redirect listeners,
// then deletes any other listener and the target groups a changed target
// port left behind (the listener no longer forwards to them).
func (r *run) ensureListeners(ctx context.Context) error {
	c, lbARN := r.x.ELB, r.o.LoadBalancer.LoadBalancerArn
	tgARN := aws.ToString(r.o.TargetGroup.TargetGroupArn)
	for _, want := range []struct {
		key string
		Listener
	}{{KeyListenerHTTPS, r.l.HTTPSListener}, {KeyListenerHTTP, r.l.HTTPListener}} {
		kind := "listener " + want.Protocol + ":" + fmt.Sprint(want.Port)
		in := listenerInput(want.Listener, tgARN)
		got := r.o.ListenerOf(want.Port)
		if got == nil {
			out, err := c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lbARN, Port: in.Port, Protocol: in.Protocol, SslPolicy: in.SslPolicy,
				Certificates: in.Certificates, DefaultActions: in.DefaultActions, Tags: awsclient.ELBTags(want.Tags)})
			if err != nil {
				return r.fail("creating", kind, want.key, err)
			}
			li := out.Listeners[0]
			r.mu.Lock()
			r.o.Listeners[int32(want.Port)] = li
			r.o.Tags[aws.ToString(li.ListenerArn)] = want.Tags
			r.mu.Unlock()
			r.rec.Created(ctx, kind, want.key, aws.ToString(li.ListenerArn))
			continue
		}
		r.rec.Put(want.key, aws.ToString(got.ListenerArn))
		if len(listenerDiffs(want.Listener, *got, tgARN)) == 0 {
			continue
		}
		in.ListenerArn = got.ListenerArn
		if _, err := c.ModifyListener(ctx, in); err != nil {
			return r.fail("repairing", kind, want.key, err)
		}
	}
	for _, li := range r.o.extraListeners() {
		if _, err := c.DeleteListener(ctx, &elb.DeleteListenerInput{ListenerArn: li.ListenerArn}); err != nil && !awsclient.HasCode(err, "ListenerNotFound") {
			return r.fail("deleting", fmt.Sprintf("listener %s:%d", li.Protocol, aws.ToInt32(li.Port)), KeyListenerHTTPS, err)
		}
	}
	for _, g := range r.o.StaleTargetGroups {
		if _, err := c.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: g.TargetGroupArn}); err != nil && !awsclient.HasCode(err, "TargetGroupNotFound") {
			return r.fail("deleting the earlier", "target group "+aws.ToString(g.TargetGroupName), KeyTargetGroup, err)
		}
	}
	return nil
}

// listenerInput is want as ModifyListener takes it.
func listenerInput(want Listener, tgARN string) *elb.ModifyListenerInput {
	in := &elb.ModifyListenerInput{Port: aws.Int32(int32(want.Port)), Protocol: elbtypes.ProtocolEnum(want.Protocol)}
	if want.SSLPolicy != "" {
		in.SslPolicy = aws.String(want.SSLPolicy)
		in.Certificates = []elbtypes.Certificate{{CertificateArn: aws.String(want.CertificateARN)}}
	}
	if want.Redirect != nil {
		in.DefaultActions = []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect, RedirectConfig: &elbtypes.RedirectActionConfig{
			Protocol: aws.String(want.Redirect.Protocol), Port: aws.String(want.Redirect.Port), StatusCode: elbtypes.RedirectActionStatusCodeEnum(want.Redirect.StatusCode)}}}
	} else {
		in.DefaultActions = []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgARN)}}
	}
	return in
}

// logGroupSpec is the WAF log group as the shared log group kind takes it.
func (l Layout) logGroupSpec() loggroup.Spec {
	return loggroup.Spec{Name: l.LogGroup.Name, KMSKeyARN: l.LogGroup.KMSKeyARN, RetentionDays: l.LogGroup.RetentionDays, Tags: l.LogGroup.Tags}
}

// logGroupARN is the WAF log group's ARN, as WAF logging names it.
func (l Layout) logGroupARN() string {
	return loggroup.ARN(l.Partition, l.Region, l.AccountID, l.LogGroup.Name)
}

func (r *run) ensureLogGroup(ctx context.Context) error {
	created, err := loggroup.Ensure(ctx, r.x.Logs, r.l.logGroupSpec(), r.o.LogGroup, r.l.logGroupARN())
	if errors.Is(err, loggroup.ErrNotOurs) {
		return r.fail("adopting", "log group", KeyLogGroup, &tags.ForeignError{Kind: "log group", Name: r.l.LogGroup.Name, Owner: r.l.Owner})
	}
	if err != nil {
		return r.fail("applying", "log group", KeyLogGroup, err)
	}
	if created {
		r.rec.Created(ctx, "log group", KeyLogGroup, r.l.LogGroup.Name)
	} else {
		r.rec.Put(KeyLogGroup, r.l.LogGroup.Name)
	}
	return nil
}

// ensureIPSets creates each admin IP set the layout has, or writes its
// addresses when they differ.
func (r *run) ensureIPSets(ctx context.Context) error {
	set, c := r.l.AdminIPSet, r.x.WAF
	names := set.IPSetNames()
	var arns []string
	for _, family := range Families {
		name, ok := names[family]
		if !ok {
			continue
		}
		addrs := set.Addresses(family)
		got := r.o.IPSets[family]
		switch {
		case got == nil:
			out, err := c.CreateIPSet(ctx, &wafv2.CreateIPSetInput{Name: aws.String(name), Scope: waftypes.ScopeRegional,
				IPAddressVersion: waftypes.IPAddressVersion(family), Addresses: addrs, Tags: awsclient.WAFTags(set.Tags),
				Description: aws.String(set.Description)})
			if err != nil {
				return r.fail("creating", "IP set "+name, KeyAdminIPSet, err)
			}
			got = &IPSetState{ID: aws.ToString(out.Summary.Id), ARN: aws.ToString(out.Summary.ARN), Addresses: addrs, Tags: set.Tags}
			r.mu.Lock()
			r.o.IPSets[family] = got
			r.mu.Unlock()
			r.rec.Created(ctx, "IP set", KeyAdminIPSet, got.ARN)
		case !slices.Equal(got.Addresses, addrs):
			_, err := c.UpdateIPSet(ctx, &wafv2.UpdateIPSetInput{Name: aws.String(name), Id: aws.String(got.ID), Scope: waftypes.ScopeRegional,
				Addresses: addrs, LockToken: aws.String(got.LockToken)})
			if err != nil {
				return r.fail("updating", "IP set "+name, KeyAdminIPSet, err)
			}
		}
		arns = append(arns, got.ARN)
	}
	r.rec.Put(KeyAdminIPSet, fmt.Sprint(arns))
	return nil
}

// ipSetARNs are the admin IP sets' ARNs by family, for the rules.
func (r *run) ipSetARNs() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]string{}
	for family := range r.l.AdminIPSet.IPSetNames() {
		out[family] = r.o.IPSets[family].ARN
	}
	return out
}

// ensureWebACL creates the web ACL or writes its rules and default
// action when they differ, then deletes the admin IP sets it no longer
// references.
func (r *run) ensureWebACL(ctx context.Context) error {
	l, c := r.l, r.x.WAF
	rules := wafRules(l.WebACL, r.ipSetARNs())
	visibility := &waftypes.VisibilityConfig{SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: aws.String(l.WebACL.Name)}
	allow := &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}}
	acl := r.o.WebACL
	switch {
	case acl == nil:
		out, err := c.CreateWebACL(ctx, &wafv2.CreateWebACLInput{Name: aws.String(l.WebACL.Name), Scope: waftypes.ScopeRegional, DefaultAction: allow,
			Rules: rules, VisibilityConfig: visibility, Tags: awsclient.WAFTags(l.WebACL.Tags),
			Description: aws.String(l.WebACL.Description)})
		if err != nil {
			return r.fail("creating", "web ACL", KeyWebACL, err)
		}
		acl = &WebACLState{ID: aws.ToString(out.Summary.Id), ARN: aws.ToString(out.Summary.ARN), DefaultAllow: true, Rules: rules, Tags: l.WebACL.Tags}
		r.mu.Lock()
		r.o.WebACL = acl
		r.mu.Unlock()
		r.rec.Created(ctx, "web ACL", KeyWebACL, acl.ARN)
	case !acl.DefaultAllow || !slices.Equal(rulesSummary(rules), rulesSummary(acl.Rules)):
		r.rec.Put(KeyWebACL, acl.ARN)
		_, err := c.UpdateWebACL(ctx, &wafv2.UpdateWebACLInput{Name: aws.String(l.WebACL.Name), Id: aws.String(acl.ID), Scope: waftypes.ScopeRegional,
			DefaultAction: allow, Rules: rules, VisibilityConfig: visibility, LockToken: aws.String(acl.LockToken)})
		if err != nil {
			return r.fail("updating", "web ACL", KeyWebACL, err)
		}
	default:
		r.rec.Put(KeyWebACL, acl.ARN)
	}
	wanted := l.AdminIPSet.IPSetNames()
	for _, family := range Families {
		got := r.o.IPSets[family]
		if _, ok := wanted[family]; ok || got == nil {
			continue
		}
		name := IPSetName(AdminIPSetBase(l.Name), family)
		_, err := c.DeleteIPSet(ctx, &wafv2.DeleteIPSetInput{Name: aws.String(name), Id: aws.String(got.ID), Scope: waftypes.ScopeRegional, LockToken: aws.String(got.LockToken)})
		if err != nil && !awsclient.HasCode(err, "WAFNonexistentItemException") {
			return r.fail("deleting the unused", "IP set "+name, KeyAdminIPSet, err)
		}
	}
	return nil
}

// ensureAssociation associates the web ACL with the load balancer unless
// it is. AWS refuses while the load balancer is still provisioning
// (WAFUnavailableEntityException), so that is retried.
func (r *run) ensureAssociation(ctx context.Context) error {
	acl, lb := r.o.WebACL.ARN, aws.ToString(r.o.LoadBalancer.LoadBalancerArn)
	if r.o.AssociatedACL == acl {
		r.rec.Put(KeyWebACLAssociation, acl)
		return nil
	}
	err := wait.Retry(ctx, "the load balancer to accept its web ACL", func(err error) bool { return awsclient.HasCode(err, "WAFUnavailableEntityException") },
		func(ctx context.Context) error {
			_, err := r.x.WAF.AssociateWebACL(ctx, &wafv2.AssociateWebACLInput{WebACLArn: aws.String(acl), ResourceArn: aws.String(lb)})
			return err
		}, wait.Options{Timeout: 10 * time.Minute})
	if err != nil {
		return r.fail("associating", "web ACL", KeyWebACLAssociation, err)
	}
	r.rec.Created(ctx, "web ACL association", KeyWebACLAssociation, acl)
	return nil
}

// ensureLogging sends the web ACL's logs to the log group, redacting the
// authorization and cookie headers, unless it already does.
func (r *run) ensureLogging(ctx context.Context) error {
	l, acl := r.l, r.o.WebACL.ARN
	dest := l.logGroupARN()
	if lc := r.o.Logging; lc != nil && slices.Equal(lc.LogDestinationConfigs, []string{dest}) && slices.Equal(redactedNames(lc.RedactedFields), l.WAFLogging.RedactedFields) {
		r.rec.Put(KeyWAFLogging, acl)
		return nil
	}
	_, err := r.x.WAF.PutLoggingConfiguration(ctx, &wafv2.PutLoggingConfigurationInput{LoggingConfiguration: &waftypes.LoggingConfiguration{
		ResourceArn: aws.String(acl), LogDestinationConfigs: []string{dest}, RedactedFields: redactedFields(l.WAFLogging.RedactedFields)}})
	if err != nil {
		return r.fail("writing", "WAF logging configuration", KeyWAFLogging, err)
	}
	r.rec.Created(ctx, "WAF logging configuration", KeyWAFLogging, acl)
	return nil
}

// retag brings the tags of every child found (not created) by this apply
// to the layout's.
func (r *run) retag(ctx context.Context) error {
	l, o := r.l, r.o
	var errs []error
	if g := o.SecurityGroup; g != nil {
		err := awsclient.EC2Tagger(r.x.EC2, aws.ToString(g.GroupId)).Retag(awsclient.WithChild(ctx, KeySecurityGroup, l.Owner), l.SecurityGroup.Tags, ec2TagMap(g))
		errs = append(errs, r.x.wrap(err, "tagging", "security group", KeySecurityGroup, l))
	}
	elbTag := func(key, arn string, want map[string]string) {
		err := awsclient.ELBTagger(r.x.ELB, arn).Retag(awsclient.WithChild(ctx, key, l.Owner), want, o.Tags[arn])
		errs = append(errs, r.x.wrap(err, "tagging", "load balancer child", key, l))
	}
	elbTag(KeyLoadBalancer, aws.ToString(o.LoadBalancer.LoadBalancerArn), l.LoadBalancer.Tags)
	elbTag(KeyTargetGroup, aws.ToString(o.TargetGroup.TargetGroupArn), l.TargetGroup.Tags)
	elbTag(KeyListenerHTTPS, aws.ToString(o.Listeners[HTTPSPort].ListenerArn), l.HTTPSListener.Tags)
	elbTag(KeyListenerHTTP, aws.ToString(o.Listeners[HTTPPort].ListenerArn), l.HTTPListener.Tags)
	err := awsclient.WAFTagger(r.x.WAF, o.WebACL.ARN).Retag(awsclient.WithChild(ctx, KeyWebACL, l.Owner), l.WebACL.Tags, o.WebACL.Tags)
	errs = append(errs, r.x.wrap(err, "tagging", "web ACL", KeyWebACL, l))
	for family := range l.AdminIPSet.IPSetNames() {
		got := o.IPSets[family]
		err := awsclient.WAFTagger(r.x.WAF, got.ARN).Retag(awsclient.WithChild(ctx, KeyAdminIPSet, l.Owner), l.AdminIPSet.Tags, got.Tags)
		errs = append(errs, r.x.wrap(err, "tagging", "IP set", KeyAdminIPSet, l))
	}
	return errors.Join(errs...)
}

func ec2TagMap(g *ec2types.SecurityGroup) map[string]string { return awsclient.EC2TagMap(g.Tags) }

// IDs are the outputs of an observed load balancer.
type IDs struct {
	ARN, DNSName, TargetGroupARN, SecurityGroupID, WebACLARN string
}

// IDsOf reads the outputs from o; "" for a child missing.
func IDsOf(o *Observed) IDs {
	var ids IDs
	if o.LoadBalancer != nil {
		ids.ARN, ids.DNSName = aws.ToString(o.LoadBalancer.LoadBalancerArn), aws.ToString(o.LoadBalancer.DNSName)
	}
	if o.TargetGroup != nil {
		ids.TargetGroupARN = aws.ToString(o.TargetGroup.TargetGroupArn)
	}
	if o.SecurityGroup != nil {
		ids.SecurityGroupID = aws.ToString(o.SecurityGroup.GroupId)
	}
	if o.WebACL != nil {
		ids.WebACLARN = o.WebACL.ARN
	}
	return ids
}
