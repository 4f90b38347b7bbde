package loadbalancer

import (
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// attributeControls names the control each load balancer attribute holds.
var attributeControls = map[string]string{
	AttrDropInvalidHeaders: "ELB-02", AttrDesyncMitigation: "ELB-02", AttrDeletionProtection: "ELB-04",
	AttrAccessLogs: "ELB-03", AttrAccessLogBucket: "ELB-03", AttrAccessLogPrefix: "ELB-03",
}

// Drift lists how the observed children differ from the layout, each line
// naming the child and the control it puts in doubt. o.LoadBalancer must
// not be nil (Read removes a resource whose load balancer is gone).
func Drift(l Layout, o *Observed) []string {
	var d []string
	g := l.secgroup(o)
	if o.SecurityGroup == nil {
		d = append(d, secgroup.Drift(g, nil, nil, "ELB-07")...)
	} else {
		d = append(d, secgroup.Drift(g, o.SecurityGroup, nil, "ELB-07")...)
		if t := tags.Describe(l.SecurityGroup.Tags, ec2TagMap(o.SecurityGroup)); t != "" {
			d = append(d, fmt.Sprintf("security group %s: tags differ (%s)", g.Name, t))
		}
	}
	if l.egressToAppTier() && len(o.AppTierCIDRs) == 0 {
		d = append(d, fmt.Sprintf("security group %s: VPC %s has no app-tier subnet of a hipaa_vpc to send to; set targets.cidr_blocks (ELB-07)", g.Name, l.SecurityGroup.VPCID))
	}
	d = append(d, l.loadBalancerDrift(o)...)
	d = append(d, l.targetGroupDrift(o)...)
	d = append(d, l.listenerDrift(o)...)
	for _, line := range loggroup.Drift(l.logGroupSpec(), o.LogGroup) {
		d = append(d, line+" (ELB-05)")
	}
	d = append(d, l.wafDrift(o)...)
	return d
}

func (l Layout) loadBalancerDrift(o *Observed) []string {
	lb, want := o.LoadBalancer, l.LoadBalancer
	var d []string
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("load balancer %s: ", want.Name)+fmt.Sprintf(format, args...))
	}
	for _, a := range want.Attributes {
		if got, ok := o.Attributes[a.Key]; ok && got != a.Value {
			add("%s is %q, want %q (%s)", a.Key, got, a.Value, attributeControls[a.Key])
		} else if !ok {
			add("%s is not set, want %q (%s)", a.Key, a.Value, attributeControls[a.Key])
		}
	}
	if o.SecurityGroup != nil && !slices.Equal(lb.SecurityGroups, []string{aws.ToString(o.SecurityGroup.GroupId)}) {
		add("security groups are %v, want only %s (ELB-07)", lb.SecurityGroups, aws.ToString(o.SecurityGroup.GroupId))
	}
	if got := subnetsOf(lb); !slices.Equal(got, want.SubnetIDs) {
		add("subnets are %v, want %v", got, want.SubnetIDs)
	}
	if string(lb.IpAddressType) != want.IPType {
		add("IP address type is %s, want %s", lb.IpAddressType, want.IPType)
	}
	if t := tags.Describe(want.Tags, o.Tags[aws.ToString(lb.LoadBalancerArn)]); t != "" {
		add("tags differ (%s)", t)
	}
	return d
}

func subnetsOf(lb *elbtypes.LoadBalancer) []string {
	var out []string
	for _, z := range lb.AvailabilityZones {
		out = append(out, aws.ToString(z.SubnetId))
	}
	slices.Sort(out)
	return out
}

func (l Layout) targetGroupDrift(o *Observed) []string {
	want := l.TargetGroup
	var d []string
	for _, g := range o.StaleTargetGroups {
		d = append(d, fmt.Sprintf("target group %s is left from an earlier target port or protocol and is deleted once the listener forwards to %s", aws.ToString(g.TargetGroupName), want.Name))
	}
	tg := o.TargetGroup
	if tg == nil {
		return append(d, fmt.Sprintf("target group %s is missing (ELB-06)", want.Name))
	}
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("target group %s: ", want.Name)+fmt.Sprintf(format, args...))
	}
	if string(tg.HealthCheckProtocol) != want.HealthCheck.Protocol || aws.ToString(tg.HealthCheckPath) != want.HealthCheck.Path {
		add("health check is %s %s, want %s %s (ELB-06)", tg.HealthCheckProtocol, aws.ToString(tg.HealthCheckPath), want.HealthCheck.Protocol, want.HealthCheck.Path)
	}
	if m := tg.Matcher; m == nil || aws.ToString(m.HttpCode) != want.HealthCheck.Matcher {
		add("health check matcher differs, want %s", want.HealthCheck.Matcher)
	}
	if t := tags.Describe(want.Tags, o.Tags[aws.ToString(tg.TargetGroupArn)]); t != "" {
		add("tags differ (%s)", t)
	}
	return d
}

func (l Layout) listenerDrift(o *Observed) []string {
	var d []string
	tgARN := ""
	if o.TargetGroup != nil {
		tgARN = aws.ToString(o.TargetGroup.TargetGroupArn)
	}
	for _, want := range []Listener{l.HTTPSListener, l.HTTPListener} {
		got := o.ListenerOf(want.Port)
		if got == nil {
			d = append(d, fmt.Sprintf("listener %s:%d is missing (ELB-01)", want.Protocol, want.Port))
			continue
		}
		d = append(d, listenerDiffs(want, *got, tgARN)...)
		if t := tags.Describe(want.Tags, o.Tags[aws.ToString(got.ListenerArn)]); t != "" {
			d = append(d, fmt.Sprintf("listener %s:%d: tags differ (%s)", want.Protocol, want.Port, t))
		}
	}
	for _, li := range o.extraListeners() {
		d = append(d, fmt.Sprintf("listener %s:%d is not in the configuration: only HTTPS on 443 and the redirect on 80 may listen (ELB-01)",
			li.Protocol, aws.ToInt32(li.Port)))
	}
	return d
}

// extraListeners are the listeners on ports the layout has none on, by port.
func (o *Observed) extraListeners() []elbtypes.Listener {
	var out []elbtypes.Listener
	for _, port := range slices.Sorted(maps.Keys(o.Listeners)) {
		if port != HTTPSPort && port != HTTPPort {
			out = append(out, o.Listeners[port])
		}
	}
	return out
}

// listenerDiffs are the differences of one listener from want.
func listenerDiffs(want Listener, got elbtypes.Listener, tgARN string) []string {
	var d []string
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("listener %s:%d: ", want.Protocol, want.Port)+fmt.Sprintf(format, args...))
	}
	if string(got.Protocol) != want.Protocol {
		add("protocol is %s, want %s (ELB-01)", got.Protocol, want.Protocol)
	}
	if want.SSLPolicy != "" && aws.ToString(got.SslPolicy) != want.SSLPolicy {
		add("TLS policy is %s, want %s (ELB-01)", aws.ToString(got.SslPolicy), want.SSLPolicy)
	}
	if want.CertificateARN != "" && certificateOf(got) != want.CertificateARN {
		add("certificate is %s, want %s (ELB-01)", certificateOf(got), want.CertificateARN)
	}
	if !sameAction(want, got.DefaultActions, tgARN) {
		if want.Redirect != nil {
			add("does not only redirect to HTTPS:%s (ELB-01)", want.Redirect.Port)
		} else {
			add("does not forward to the target group (ELB-01)")
		}
	}
	return d
}

func certificateOf(li elbtypes.Listener) string {
	for _, c := range li.Certificates {
		if c.IsDefault == nil || aws.ToBool(c.IsDefault) {
			return aws.ToString(c.CertificateArn)
		}
	}
	return ""
}

// sameAction: the listener's one default action is want's.
func sameAction(want Listener, got []elbtypes.Action, tgARN string) bool {
	if len(got) != 1 {
		return false
	}
	a := got[0]
	if want.Redirect != nil {
		r := a.RedirectConfig
		return a.Type == elbtypes.ActionTypeEnumRedirect && r != nil && aws.ToString(r.Protocol) == want.Redirect.Protocol &&
			aws.ToString(r.Port) == want.Redirect.Port && string(r.StatusCode) == want.Redirect.StatusCode
	}
	if a.Type != elbtypes.ActionTypeEnumForward || tgARN == "" {
		return false
	}
	if aws.ToString(a.TargetGroupArn) == tgARN {
		return true
	}
	f := a.ForwardConfig
	return f != nil && len(f.TargetGroups) == 1 && aws.ToString(f.TargetGroups[0].TargetGroupArn) == tgARN
}

func (l Layout) wafDrift(o *Observed) []string {
	var d []string
	want := map[string]string{} // family -> ARN, for the rules
	for family, name := range l.AdminIPSet.IPSetNames() {
		got := o.IPSets[family]
		switch {
		case got == nil:
			d = append(d, fmt.Sprintf("IP set %s is missing: the admin paths are open to all (ELB-05)", name))
			continue
		case !slices.Equal(got.Addresses, l.AdminIPSet.Addresses(family)):
			d = append(d, fmt.Sprintf("IP set %s admits %v, want %v (ELB-05)", name, got.Addresses, l.AdminIPSet.Addresses(family)))
		}
		if t := tags.Describe(l.AdminIPSet.Tags, got.Tags); t != "" {
			d = append(d, fmt.Sprintf("IP set %s: tags differ (%s)", name, t))
		}
		want[family] = got.ARN
	}
	acl := o.WebACL
	if acl == nil {
		return append(d, fmt.Sprintf("web ACL %s is missing (ELB-05)", l.WebACL.Name))
	}
	if !acl.DefaultAllow {
		d = append(d, fmt.Sprintf("web ACL %s: default action is not allow (ELB-05)", l.WebACL.Name))
	}
	if len(want) == len(l.AdminIPSet.IPSetNames()) {
		if w, g := rulesSummary(wafRules(l.WebACL, want)), rulesSummary(acl.Rules); !slices.Equal(w, g) {
			d = append(d, fmt.Sprintf("web ACL %s: rules are %v, want %v (ELB-05)", l.WebACL.Name, g, w))
		}
	}
	if t := tags.Describe(l.WebACL.Tags, acl.Tags); t != "" {
		d = append(d, fmt.Sprintf("web ACL %s: tags differ (%s)", l.WebACL.Name, t))
	}
	switch o.AssociatedACL {
	case acl.ARN:
	case "":
		d = append(d, fmt.Sprintf("web ACL %s is not associated with load balancer %s: no WAF inspects its requests (ELB-05)", l.WebACL.Name, l.LoadBalancer.Name))
	default:
		d = append(d, fmt.Sprintf("load balancer %s is associated with web ACL %s, want %s (ELB-05)", l.LoadBalancer.Name, o.AssociatedACL, acl.ARN))
	}
	switch lc := o.Logging; {
	case lc == nil:
		d = append(d, fmt.Sprintf("web ACL %s does not log (ELB-05)", l.WebACL.Name))
	case !slices.Equal(lc.LogDestinationConfigs, []string{l.logGroupARN()}):
		d = append(d, fmt.Sprintf("web ACL %s logs to %v, want %s (ELB-05)", l.WebACL.Name, lc.LogDestinationConfigs, l.logGroupARN()))
	case !slices.Equal(redactedNames(lc.RedactedFields), l.WAFLogging.RedactedFields):
		d = append(d, fmt.Sprintf("web ACL %s logging redacts %v, want %v (ELB-05)", l.WebACL.Name, redactedNames(lc.RedactedFields), l.WAFLogging.RedactedFields))
	}
	return d
}
