package eject_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
)

// lbAttributes are the load balancer attributes a snapshot compares: the
// ones the layout sets. hashicorp/aws also writes its defaults of the
// others (idle timeout, HTTP/2, ...), which the executor leaves to AWS
// and the emulator does not fill in.
var lbAttributes = []string{loadbalancer.AttrAccessLogBucket, loadbalancer.AttrAccessLogs, loadbalancer.AttrAccessLogPrefix,
	loadbalancer.AttrDeletionProtection, loadbalancer.AttrDesyncMitigation, loadbalancer.AttrDropInvalidHeaders}

// loadBalancer snapshots the load balancer named name (its scheme, type,
// subnets, groups, attributes and tags), its target groups and its
// listeners, and returns its ARN ("" when it is missing). Subnets and
// groups are named by the keys the lister knows: list the network first.
func (l *lister) loadBalancer(name string) string {
	c := elb.NewFromConfig(l.cfg)
	out, err := c.DescribeLoadBalancers(l.ctx, &elb.DescribeLoadBalancersInput{Names: []string{name}})
	l.fail("load balancer "+name, err)
	if err != nil || len(out.LoadBalancers) != 1 {
		return ""
	}
	lb := out.LoadBalancers[0]
	arn := aws.ToString(lb.LoadBalancerArn)
	l.key[arn] = "load_balancer " + name
	attrs, err := c.DescribeLoadBalancerAttributes(l.ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
	l.fail("load balancer attributes", err)
	tgs, err2 := c.DescribeTargetGroups(l.ctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: lb.LoadBalancerArn})
	l.fail("target groups", err2)
	ls, err3 := c.DescribeListeners(l.ctx, &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
	l.fail("listeners", err3)
	if err != nil || err2 != nil || err3 != nil {
		return ""
	}
	arns := []string{arn}
	for _, g := range tgs.TargetGroups {
		arns = append(arns, aws.ToString(g.TargetGroupArn))
		l.key[aws.ToString(g.TargetGroupArn)] = "target_group " + aws.ToString(g.TargetGroupName)
	}
	for _, li := range ls.Listeners {
		arns = append(arns, aws.ToString(li.ListenerArn))
	}
	tags := l.elbTags(c, arns)
	got := map[string]string{}
	for _, a := range attrs.Attributes {
		got[aws.ToString(a.Key)] = aws.ToString(a.Value)
	}
	var kept []string
	for _, k := range lbAttributes {
		kept = append(kept, k+"="+got[k])
	}
	var subnets []string
	for _, z := range lb.AvailabilityZones {
		subnets = append(subnets, aws.ToString(z.SubnetId))
	}
	// hashicorp/aws sends no scheme for an internet-facing load balancer
	// (AWS's default); the emulator then reports none.
	scheme := cmpOr(string(lb.Scheme), string(elbtypes.LoadBalancerSchemeEnumInternetFacing))
	l.put("load_balancer", name, "scheme=%s type=%s ip=%s vpc=%s subnets=%s groups=%s attributes=%v tags=%s", scheme, lb.Type,
		lb.IpAddressType, l.ref(aws.ToString(lb.VpcId)), l.refs(subnets), l.refs(lb.SecurityGroups), kept, tags[arn])
	for _, g := range tgs.TargetGroups {
		l.put("target_group", aws.ToString(g.TargetGroupName), "protocol=%s port=%d vpc=%s type=%s health=%t %s %s port=%s matcher=%s "+
			"interval=%d timeout=%d healthy=%d unhealthy=%d tags=%s", g.Protocol, aws.ToInt32(g.Port), l.ref(aws.ToString(g.VpcId)), g.TargetType,
			aws.ToBool(g.HealthCheckEnabled), g.HealthCheckProtocol, aws.ToString(g.HealthCheckPath), aws.ToString(g.HealthCheckPort),
			matcher(g.Matcher), aws.ToInt32(g.HealthCheckIntervalSeconds), aws.ToInt32(g.HealthCheckTimeoutSeconds),
			aws.ToInt32(g.HealthyThresholdCount), aws.ToInt32(g.UnhealthyThresholdCount), tags[aws.ToString(g.TargetGroupArn)])
	}
	for _, li := range ls.Listeners {
		var certs []string
		for _, cert := range li.Certificates {
			certs = append(certs, aws.ToString(cert.CertificateArn))
		}
		if li.Protocol != elbtypes.ProtocolEnumHttps { // the emulator gives an HTTP listener its default TLS policy
			li.SslPolicy = nil
		}
		l.put("listener", fmt.Sprintf("%s:%d", name, aws.ToInt32(li.Port)), "protocol=%s policy=%s certificates=%s actions=%s tags=%s", li.Protocol,
			aws.ToString(li.SslPolicy), l.refs(certs), l.actions(li.DefaultActions), tags[aws.ToString(li.ListenerArn)])
	}
	return arn
}

func matcher(m *elbtypes.Matcher) string {
	if m == nil {
		return ""
	}
	return aws.ToString(m.HttpCode)
}

// actions renders a listener's default actions: a forward names its
// target group; a redirect gives its protocol, port and status (host,
// path and query are AWS's defaults either way: the executor leaves them
// out, hashicorp/aws sends them).
func (l *lister) actions(as []elbtypes.Action) string {
	var out []string
	for _, a := range as {
		s := string(a.Type)
		if a.TargetGroupArn != nil {
			s += " " + l.ref(aws.ToString(a.TargetGroupArn))
		}
		if r := a.RedirectConfig; r != nil {
			s += fmt.Sprintf(" %s:%s %s", aws.ToString(r.Protocol), aws.ToString(r.Port), r.StatusCode)
		}
		out = append(out, s)
	}
	return "[" + strings.Join(out, "; ") + "]"
}

// elbTags reads the tags of arns, by ARN.
func (l *lister) elbTags(c *elb.Client, arns []string) map[string]string {
	out := map[string]string{}
	for chunk := range slices.Chunk(arns, 20) {
		d, err := c.DescribeTags(l.ctx, &elb.DescribeTagsInput{ResourceArns: chunk})
		l.fail("ELB tags", err)
		if err != nil {
			return out
		}
		for _, t := range d.TagDescriptions {
			m := map[string]string{}
			for _, x := range t.Tags {
				m[aws.ToString(x.Key)] = aws.ToString(x.Value)
			}
			out[aws.ToString(t.ResourceArn)] = mapString(m)
		}
	}
	return out
}

// wafTags reads the tags of a WAF resource.
func (l *lister) wafTags(c *wafv2.Client, arn *string) string {
	out, err := c.ListTagsForResource(l.ctx, &wafv2.ListTagsForResourceInput{ResourceARN: arn})
	l.fail("WAF tags", err)
	m := map[string]string{}
	if err == nil && out.TagInfoForResource != nil {
		for _, t := range out.TagInfoForResource.TagList {
			m[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return mapString(m)
}

// webACL snapshots every regional IP set (addresses, family, description
// and tags), the web ACL named name (default action, visibility, rules
// with the IP sets named, description and tags), its logging
// configuration and, when lbARN is not "", the web ACL the load balancer
// is associated with.
func (l *lister) webACL(name, lbARN string) {
	c := wafv2.NewFromConfig(l.cfg)
	sets, err := c.ListIPSets(l.ctx, &wafv2.ListIPSetsInput{Scope: waftypes.ScopeRegional})
	l.fail("IP sets", err)
	if err != nil {
		return
	}
	for _, s := range sets.IPSets {
		out, err := c.GetIPSet(l.ctx, &wafv2.GetIPSetInput{Name: s.Name, Id: s.Id, Scope: waftypes.ScopeRegional})
		l.fail("IP set "+aws.ToString(s.Name), err)
		if err != nil {
			continue
		}
		l.key[aws.ToString(s.ARN)] = "ip_set " + aws.ToString(s.Name)
		l.put("ip_set", aws.ToString(s.Name), "version=%s addresses=%v description=%q tags=%s", out.IPSet.IPAddressVersion,
			slices.Sorted(slices.Values(out.IPSet.Addresses)), aws.ToString(out.IPSet.Description), l.wafTags(c, s.ARN))
	}
	acls, err := c.ListWebACLs(l.ctx, &wafv2.ListWebACLsInput{Scope: waftypes.ScopeRegional})
	l.fail("web ACLs", err)
	if err != nil {
		return
	}
	for _, s := range acls.WebACLs {
		if aws.ToString(s.Name) != name {
			continue
		}
		out, err := c.GetWebACL(l.ctx, &wafv2.GetWebACLInput{Name: s.Name, Id: s.Id, Scope: waftypes.ScopeRegional})
		l.fail("web ACL "+name, err)
		if err != nil {
			return
		}
		a := out.WebACL
		l.key[aws.ToString(a.ARN)] = "web_acl " + name
		rules := slices.Clone(a.Rules)
		slices.SortFunc(rules, func(x, y waftypes.Rule) int { return int(x.Priority - y.Priority) }) // a set in hashicorp/aws
		for i, r := range rules {
			// hashicorp/aws sends every rule an empty CAPTCHA and challenge
			// config: the web ACL's immunity time, as without one.
			if r.CaptchaConfig != nil && r.CaptchaConfig.ImmunityTimeProperty == nil {
				rules[i].CaptchaConfig = nil
			}
			if r.ChallengeConfig != nil && r.ChallengeConfig.ImmunityTimeProperty == nil {
				rules[i].ChallengeConfig = nil
			}
		}
		doc, def, vis := compactJSON(rules), compactJSON(a.DefaultAction), compactJSON(a.VisibilityConfig)
		l.put("web_acl", name, "description=%q default=%s visibility=%s rules=%s tags=%s", aws.ToString(a.Description), def, vis,
			l.policyRefs(string(doc)), l.wafTags(c, a.ARN))
		lc, err := c.GetLoggingConfiguration(l.ctx, &wafv2.GetLoggingConfigurationInput{ResourceArn: a.ARN})
		l.fail("WAF logging of "+name, err)
		if err == nil {
			l.put("waf_logging", name, "destinations=%v redacted=%s", lc.LoggingConfiguration.LogDestinationConfigs,
				compactJSON(lc.LoggingConfiguration.RedactedFields))
		}
	}
	if lbARN == "" {
		return
	}
	got, err := c.GetWebACLForResource(l.ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: aws.String(lbARN)})
	l.fail("web ACL association", err)
	if err == nil && got.WebACL != nil {
		l.put("waf_association", l.ref(lbARN), "web_acl=%s", l.ref(aws.ToString(got.WebACL.ARN)))
	}
}

// compactJSON is v as JSON without its null fields (the SDK's types have
// one for every statement a rule could hold), keys sorted.
func compactJSON(v any) string {
	b, _ := json.Marshal(v)
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return "invalid JSON: " + string(b)
	}
	b, _ = json.Marshal(dropNulls(x))
	return string(b)
}

func dropNulls(x any) any {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
			} else {
				v[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = dropNulls(e)
		}
	}
	return x
}
