package eject

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// lbTypes is the hashicorp/aws resource type of each child kind but the
// rules: a KindSecurityGroupRule child (all ingress, or all egress, of the
// group) is one aws_vpc_security_group_ingress_rule or _egress_rule per
// port and CIDR block, as database.go writes a group's rules.
var lbTypes = map[loadbalancer.Kind]string{
	loadbalancer.KindSecurityGroup:     "aws_security_group",
	loadbalancer.KindLoadBalancer:      "aws_lb",
	loadbalancer.KindTargetGroup:       "aws_lb_target_group",
	loadbalancer.KindListener:          "aws_lb_listener",
	loadbalancer.KindLogGroup:          "aws_cloudwatch_log_group",
	loadbalancer.KindIPSet:             "aws_wafv2_ip_set",
	loadbalancer.KindWebACL:            "aws_wafv2_web_acl",
	loadbalancer.KindWebACLAssociation: "aws_wafv2_web_acl_association",
	loadbalancer.KindWAFLogging:        "aws_wafv2_web_acl_logging_configuration",
}

// lbRenderer writes the children of one load balancer layout.
type lbRenderer struct {
	e    *File
	l    loadbalancer.Layout
	name string
	addr map[string]string // child key -> address, for each child made as one resource
	// ipSets are the addresses of the admin IP sets by family.
	ipSets map[string]string
	// written are the addresses of the resource blocks written.
	written map[*hclwrite.Body]string
}

// LoadBalancer renders a hipaa_load_balancer layout, labelled
// "<name>_<child key>", in the layout's creation order: the security
// group (no inline rules, so the allow-all egress AWS adds is removed)
// with one rule resource per port and CIDR block; the Application Load
// Balancer with the attributes the executor sets (invalid header fields
// dropped, strictest desync mitigation, deletion protection, access logs);
// the target group (made before it is destroyed, so that a new target
// port moves the listener to a new group as the executor does); the
// HTTPS listener and the HTTP listener that only redirects; the
// KMS-encrypted aws-waf-logs- log group; one IP set per address family of
// the admin allow-list; the web ACL with the layout's rules in priority
// order; its association with the load balancer and its logging
// configuration.
//
// Egress to the app tier (targets.cidr_blocks unset) goes where the
// executor sends it: to the CIDR blocks of the VPC's subnets that a
// hipaa_vpc made for its app tier. When vpc_id names a hipaa_vpc ejected
// into the same file, each rule takes an app subnet's cidr_block, so the
// rules follow the subnets and are made after them. Otherwise the subnets
// are found as the executor finds them: data "aws_subnets" filtered by the
// VPC and the hipaa:managed-by and hipaa:child = app/* tags, then each
// subnet's block; a VPC without an app tier fails the plan (a
// precondition on the group), as the executor refuses it, instead of
// leaving the load balancer without egress.
//
// Destroy is plain Terraform's, and differs from the provider's twice.
// The provider turns deletion protection off before it deletes the load
// balancer; the ejected aws_lb keeps enable_deletion_protection = true,
// so AWS refuses terraform destroy until it is set to false and applied.
// The provider keeps the WAF log group (the record of the requests the
// web ACL saw, left to expire by its retention); the ejected group has
// skip_destroy = true, so destroy keeps it too, and it must be imported
// (terraform import <address> aws-waf-logs-<name>) before the same
// configuration is applied again, where the provider would adopt it.
func (e *File) LoadBalancer(name string, l loadbalancer.Layout) {
	r := &lbRenderer{e: e, l: l, name: name, addr: map[string]string{}, ipSets: map[string]string{}, written: map[*hclwrite.Body]string{}}
	children := l.Children()
	for _, c := range children {
		if typ, ok := lbTypes[c.Kind]; ok {
			r.addr[c.Key] = typ + "." + label(name, c.Key)
		}
	}
	if r.findsAppTier() {
		r.appTierData()
	}
	bodies := map[string][]*hclwrite.Body{}
	for _, c := range children {
		bodies[c.Key] = r.child(c)
	}
	// A child of several resources (the rules, the IP sets) is depended
	// on as each of them: "<key>#<i>" in all.
	all, keys := map[string]string{}, map[string][]string{}
	for _, c := range children {
		for i, b := range bodies[c.Key] {
			k := fmt.Sprintf("%s#%d", c.Key, i)
			all[k], keys[c.Key] = r.written[b], append(keys[c.Key], k)
		}
	}
	for _, c := range children {
		var deps []string
		for _, k := range c.DependsOn {
			deps = append(deps, keys[k]...)
		}
		for _, b := range bodies[c.Key] {
			e.dependsOn(b, deps, all)
		}
	}
}

// child writes the resources of one child and returns their bodies.
func (r *lbRenderer) child(c loadbalancer.Child) []*hclwrite.Body {
	l := r.l
	switch c.Kind {
	case loadbalancer.KindSecurityGroupRule:
		if c.Key == loadbalancer.KeySecurityGroupEgress {
			return r.rules("egress", l.SecurityGroup.Egress, loadbalancer.EgressRuleDescription)
		}
		return r.rules("ingress", l.SecurityGroup.Ingress, loadbalancer.IngressRuleDescription)
	case loadbalancer.KindIPSet:
		return r.adminIPSets()
	}
	var b *hclwrite.Body
	switch c.Kind {
	case loadbalancer.KindSecurityGroup:
		b = r.securityGroup()
	case loadbalancer.KindLoadBalancer:
		b = r.loadBalancer()
	case loadbalancer.KindTargetGroup:
		b = r.targetGroup()
	case loadbalancer.KindListener:
		b = r.listener(c.Key)
	case loadbalancer.KindLogGroup:
		b = r.logGroup()
	case loadbalancer.KindWebACL:
		b = r.webACL()
	case loadbalancer.KindWebACLAssociation:
		b = r.resource(lbTypes[c.Kind], label(r.name, c.Key))
		r.e.expr(b, "resource_arn", r.addr[loadbalancer.KeyLoadBalancer]+".arn")
		r.e.expr(b, "web_acl_arn", r.addr[loadbalancer.KeyWebACL]+".arn")
	case loadbalancer.KindWAFLogging:
		b = r.logging()
	default:
		panic(fmt.Sprintf("eject: %s child %s of kind %s has no renderer", loadbalancer.ResourceType, c.Key, c.Kind))
	}
	return []*hclwrite.Body{b}
}

// resource writes resource "typ" "lbl" and records its address.
func (r *lbRenderer) resource(typ, lbl string) *hclwrite.Body {
	b := r.e.resource(typ, lbl)
	r.written[b] = typ + "." + lbl
	return b
}

func (r *lbRenderer) securityGroup() *hclwrite.Body {
	g := r.l.SecurityGroup
	b := r.resource(lbTypes[loadbalancer.KindSecurityGroup], label(r.name, loadbalancer.KeySecurityGroup))
	b.SetAttributeValue("name", cty.StringVal(g.Name))
	b.SetAttributeValue("description", cty.StringVal(g.Description))
	r.e.str(b, "vpc_id", g.VPCID)
	r.e.expr(b, "tags", mapExpr(g.Tags))
	if r.findsAppTier() {
		pre := b.AppendNewBlock("lifecycle", nil).Body().AppendNewBlock("precondition", nil).Body()
		r.e.expr(pre, "condition", "length("+r.appTierIDs()+") > 0")
		r.e.str(pre, "error_message", fmt.Sprintf(
			"VPC %s has no app-tier subnet made by a hipaa_vpc (tagged %s = %s): set targets.cidr_blocks to the targets' subnets",
			g.VPCID, tags.ChildKey, loadbalancer.AppTierChildPattern))
	}
	return b
}

// findsAppTier: the egress goes to the app tier of a VPC not ejected
// into this file, whose subnets data sources find.
func (r *lbRenderer) findsAppTier() bool {
	for _, p := range r.l.SecurityGroup.Egress {
		if p.ToAppTier {
			return r.appSubnets() == nil
		}
	}
	return false
}

// rules writes one rule resource per port and CIDR block of perms,
// labelled "<name>_<rules key>_<i>"; egress to the app tier is one per
// app subnet, or one resource for each of the subnets found (see
// LoadBalancer).
func (r *lbRenderer) rules(dir string, perms []loadbalancer.Permission, description string) []*hclwrite.Body {
	key := loadbalancer.KeySecurityGroupIngress
	if dir == "egress" {
		key = loadbalancer.KeySecurityGroupEgress
	}
	var out []*hclwrite.Body
	// rule writes one rule; forEach, when set, makes it one per element.
	rule := func(lbl, forEach string, port int, cidrAttr, cidr string) {
		b := r.resource("aws_vpc_security_group_"+dir+"_rule", lbl)
		if forEach != "" {
			r.e.expr(b, "for_each", forEach)
		}
		r.e.expr(b, "security_group_id", r.addr[loadbalancer.KeySecurityGroup]+".id")
		b.SetAttributeValue("ip_protocol", cty.StringVal("tcp"))
		b.SetAttributeValue("from_port", cty.NumberIntVal(int64(port)))
		b.SetAttributeValue("to_port", cty.NumberIntVal(int64(port)))
		r.e.expr(b, cidrAttr, cidr)
		b.SetAttributeValue("description", cty.StringVal(description))
		out = append(out, b)
	}
	n := 0
	next := func() string { n++; return label(r.name, key+"/"+strconv.Itoa(n-1)) }
	for _, p := range perms {
		switch subnets := r.appSubnets(); {
		case !p.ToAppTier:
			for _, block := range p.CIDRBlocks {
				attr := "cidr_ipv4"
				if strings.Contains(block, ":") {
					attr = "cidr_ipv6"
				}
				rule(next(), "", p.Port, attr, r.e.literal(block))
			}
		case subnets != nil:
			for _, s := range subnets {
				rule(next(), "", p.Port, "cidr_ipv4", s+".cidr_block")
			}
		default:
			rule(label(r.name, key), "toset([for s in "+r.appTierSubnets()+" : s.cidr_block])", p.Port, "cidr_ipv4", "each.value")
		}
	}
	return out
}

// appSubnets are the addresses of the app subnets of the hipaa_vpc
// ejected into this file whose aws_vpc the layout's vpc_id stands for;
// nil when vpc_id names no such VPC.
func (r *lbRenderer) appSubnets() []string {
	ref, ok := r.e.refs[r.l.SecurityGroup.VPCID]
	if !ok {
		return nil
	}
	for _, g := range r.e.graphs {
		typ, vpcName, _ := strings.Cut(g.Address, ".")
		if typ != vpc.ResourceType || ref != vpcTypes[vpc.KindVPC]+"."+label(vpcName, vpc.KeyVPC)+".id" {
			continue
		}
		out := []string{}
		for _, c := range g.Children {
			if ok, _ := path.Match(loadbalancer.AppTierChildPattern, c.Key); ok && c.Kind == string(vpc.KindSubnet) {
				out = append(out, vpcTypes[vpc.KindSubnet]+"."+label(vpcName, c.Key))
			}
		}
		return out
	}
	return nil
}

// appTierData writes data "aws_subnets" of the VPC's app tier, filtered
// as the executor filters DescribeSubnets, and data "aws_subnet" of each,
// for their CIDR blocks.
func (r *lbRenderer) appTierData() {
	lbl := label(r.name, "app-tier")
	d := hclgen.AppendBlock(r.e.body, "data", "aws_subnets", lbl)
	for _, f := range [][2]string{{"vpc-id", r.e.literal(r.l.SecurityGroup.VPCID)}, {"tag:" + tags.ManagedByKey, hclgen.Quote(tags.ManagedByValue)},
		{"tag:" + tags.ChildKey, hclgen.Quote(loadbalancer.AppTierChildPattern)}} {
		fb := d.AppendNewBlock("filter", nil).Body()
		fb.SetAttributeValue("name", cty.StringVal(f[0]))
		r.e.expr(fb, "values", list([]string{f[1]}))
	}
	each := hclgen.AppendBlock(r.e.body, "data", "aws_subnet", lbl)
	r.e.expr(each, "for_each", "toset("+r.appTierIDs()+")")
	r.e.expr(each, "id", "each.value")
}

// appTierIDs is the expression of appTierData's subnet IDs.
func (r *lbRenderer) appTierIDs() string {
	return "data.aws_subnets." + label(r.name, "app-tier") + ".ids"
}

// appTierSubnets is the expression of appTierData's subnets by ID.
func (r *lbRenderer) appTierSubnets() string { return "data.aws_subnet." + label(r.name, "app-tier") }

// loadBalancer writes the aws_lb. Each of the layout's attributes is an
// argument of its own; one this renderer does not know is a bug here.
func (r *lbRenderer) loadBalancer() *hclwrite.Body {
	lb := r.l.LoadBalancer
	attrs := map[string]string{}
	for _, a := range lb.Attributes {
		attrs[a.Key] = a.Value
	}
	take := func(key string) string {
		v, ok := attrs[key]
		if !ok {
			panic(fmt.Sprintf("eject: %s %s: attribute %s is not in the layout", loadbalancer.ResourceType, r.l.Name, key))
		}
		delete(attrs, key)
		return v
	}
	boolean := func(key string) cty.Value { return cty.BoolVal(take(key) == "true") }
	b := r.resource(lbTypes[loadbalancer.KindLoadBalancer], label(r.name, loadbalancer.KeyLoadBalancer))
	b.SetAttributeValue("name", cty.StringVal(lb.Name))
	b.SetAttributeValue("internal", cty.BoolVal(lb.Scheme == "internal"))
	b.SetAttributeValue("load_balancer_type", cty.StringVal(lb.Type))
	b.SetAttributeValue("ip_address_type", cty.StringVal(lb.IPType))
	r.e.expr(b, "security_groups", list([]string{r.addr[loadbalancer.KeySecurityGroup] + ".id"}))
	r.e.expr(b, "subnets", r.e.strings(lb.SubnetIDs))
	b.SetAttributeValue("drop_invalid_header_fields", boolean(loadbalancer.AttrDropInvalidHeaders))
	b.SetAttributeValue("desync_mitigation_mode", cty.StringVal(take(loadbalancer.AttrDesyncMitigation)))
	b.SetAttributeValue("enable_deletion_protection", boolean(loadbalancer.AttrDeletionProtection))
	logs := b.AppendNewBlock("access_logs", nil).Body()
	r.e.str(logs, "bucket", take(loadbalancer.AttrAccessLogBucket))
	logs.SetAttributeValue("prefix", cty.StringVal(take(loadbalancer.AttrAccessLogPrefix)))
	logs.SetAttributeValue("enabled", boolean(loadbalancer.AttrAccessLogs))
	for k := range attrs {
		panic(fmt.Sprintf("eject: %s %s: attribute %s has no aws_lb argument here", loadbalancer.ResourceType, r.l.Name, k))
	}
	r.e.expr(b, "tags", mapExpr(lb.Tags))
	return b
}

// targetGroup writes the target group. hashicorp/aws sends both health
// check thresholds (3 by default); the executor sends none and AWS applies
// its own for HTTP and HTTPS, which are written out here.
func (r *lbRenderer) targetGroup() *hclwrite.Body {
	tg := r.l.TargetGroup
	b := r.resource(lbTypes[loadbalancer.KindTargetGroup], label(r.name, loadbalancer.KeyTargetGroup))
	b.SetAttributeValue("name", cty.StringVal(tg.Name))
	b.SetAttributeValue("port", cty.NumberIntVal(int64(tg.Port)))
	b.SetAttributeValue("protocol", cty.StringVal(tg.Protocol))
	r.e.str(b, "vpc_id", tg.VPCID)
	b.SetAttributeValue("target_type", cty.StringVal(tg.TargetType))
	hc := b.AppendNewBlock("health_check", nil).Body()
	hc.SetAttributeValue("enabled", cty.True)
	hc.SetAttributeValue("protocol", cty.StringVal(tg.HealthCheck.Protocol))
	hc.SetAttributeValue("path", cty.StringVal(tg.HealthCheck.Path))
	hc.SetAttributeValue("matcher", cty.StringVal(tg.HealthCheck.Matcher))
	hc.SetAttributeValue("healthy_threshold", cty.NumberIntVal(5))
	hc.SetAttributeValue("unhealthy_threshold", cty.NumberIntVal(2))
	r.e.expr(b, "tags", mapExpr(tg.Tags))
	// The name changes with the port or protocol: the new group is made
	// and the listener moved to it before the old one goes.
	b.AppendNewBlock("lifecycle", nil).Body().SetAttributeValue("create_before_destroy", cty.True)
	return b
}

func (r *lbRenderer) listener(key string) *hclwrite.Body {
	li := r.l.HTTPSListener
	if key == loadbalancer.KeyListenerHTTP {
		li = r.l.HTTPListener
	}
	b := r.resource(lbTypes[loadbalancer.KindListener], label(r.name, key))
	r.e.expr(b, "load_balancer_arn", r.addr[loadbalancer.KeyLoadBalancer]+".arn")
	b.SetAttributeValue("port", cty.NumberIntVal(int64(li.Port)))
	b.SetAttributeValue("protocol", cty.StringVal(li.Protocol))
	if li.SSLPolicy != "" {
		b.SetAttributeValue("ssl_policy", cty.StringVal(li.SSLPolicy))
		r.e.str(b, "certificate_arn", li.CertificateARN)
	}
	a := b.AppendNewBlock("default_action", nil).Body()
	switch {
	case li.Forward:
		a.SetAttributeValue("type", cty.StringVal("forward"))
		r.e.expr(a, "target_group_arn", r.addr[loadbalancer.KeyTargetGroup]+".arn")
	case li.Redirect != nil:
		a.SetAttributeValue("type", cty.StringVal("redirect"))
		rd := a.AppendNewBlock("redirect", nil).Body()
		rd.SetAttributeValue("protocol", cty.StringVal(li.Redirect.Protocol))
		rd.SetAttributeValue("port", cty.StringVal(li.Redirect.Port))
		rd.SetAttributeValue("status_code", cty.StringVal(li.Redirect.StatusCode))
	}
	r.e.expr(b, "tags", mapExpr(li.Tags))
	return b
}

// logGroup writes the WAF log group; it outlives the load balancer, as
// with the provider (see LoadBalancer).
func (r *lbRenderer) logGroup() *hclwrite.Body {
	g := r.l.LogGroup
	b := r.resource(lbTypes[loadbalancer.KindLogGroup], label(r.name, loadbalancer.KeyLogGroup))
	b.SetAttributeValue("name", cty.StringVal(g.Name))
	b.SetAttributeValue("retention_in_days", cty.NumberIntVal(int64(g.RetentionDays)))
	r.e.str(b, "kms_key_id", g.KMSKeyARN)
	b.SetAttributeValue("skip_destroy", cty.True)
	r.e.expr(b, "tags", mapExpr(g.Tags))
	return b
}

// adminIPSets writes one IP set per address family of the allow-list,
// labelled "<name>_waf_ip_set_admin_<family>".
func (r *lbRenderer) adminIPSets() []*hclwrite.Body {
	set := r.l.AdminIPSet
	names := set.IPSetNames()
	var out []*hclwrite.Body
	for _, family := range loadbalancer.Families {
		name, ok := names[family]
		if !ok {
			continue
		}
		lbl := label(r.name, loadbalancer.KeyAdminIPSet+"/"+strings.ToLower(family))
		r.ipSets[family] = lbTypes[loadbalancer.KindIPSet] + "." + lbl
		b := r.resource(lbTypes[loadbalancer.KindIPSet], lbl)
		b.SetAttributeValue("name", cty.StringVal(name))
		b.SetAttributeValue("description", cty.StringVal(r.l.AdminIPSet.Description))
		b.SetAttributeValue("scope", cty.StringVal("REGIONAL"))
		b.SetAttributeValue("ip_address_version", cty.StringVal(family))
		r.e.expr(b, "addresses", r.e.strings(set.Addresses(family)))
		r.e.expr(b, "tags", mapExpr(set.Tags))
		out = append(out, b)
	}
	return out
}

// webACL writes the web ACL: default allow, then one rule block per rule
// of the layout in priority order, each built as loadbalancer's wafRules
// builds it for WAF.
func (r *lbRenderer) webACL() *hclwrite.Body {
	acl := r.l.WebACL
	b := r.resource(lbTypes[loadbalancer.KindWebACL], label(r.name, loadbalancer.KeyWebACL))
	b.SetAttributeValue("name", cty.StringVal(acl.Name))
	b.SetAttributeValue("description", cty.StringVal(r.l.WebACL.Description))
	b.SetAttributeValue("scope", cty.StringVal(acl.Scope))
	b.AppendNewBlock("default_action", nil).Body().AppendNewBlock(acl.DefaultAction, nil)
	for _, rule := range acl.Rules {
		rb := b.AppendNewBlock("rule", nil).Body()
		rb.SetAttributeValue("name", cty.StringVal(rule.Name))
		rb.SetAttributeValue("priority", cty.NumberIntVal(int64(rule.Priority)))
		st := rb.AppendNewBlock("statement", nil).Body()
		switch {
		case rule.ManagedRuleGroup != "":
			rb.AppendNewBlock("override_action", nil).Body().AppendNewBlock(rule.Action, nil)
			m := st.AppendNewBlock("managed_rule_group_statement", nil).Body()
			m.SetAttributeValue("name", cty.StringVal(rule.ManagedRuleGroup))
			m.SetAttributeValue("vendor_name", cty.StringVal("AWS"))
		case rule.RateLimit > 0:
			rb.AppendNewBlock("action", nil).Body().AppendNewBlock(rule.Action, nil)
			rs := st.AppendNewBlock("rate_based_statement", nil).Body()
			rs.SetAttributeValue("limit", cty.NumberIntVal(int64(rule.RateLimit)))
			rs.SetAttributeValue("aggregate_key_type", cty.StringVal("IP"))
			rs.SetAttributeValue("evaluation_window_sec", cty.NumberIntVal(loadbalancer.RateWindowSeconds))
		default:
			rb.AppendNewBlock("action", nil).Body().AppendNewBlock(rule.Action, nil)
			r.adminStatement(st, rule.AdminPathPrefix)
		}
		visibility(rb, rule.MetricName)
	}
	visibility(b, acl.Name)
	r.e.expr(b, "tags", mapExpr(acl.Tags))
	return b
}

// adminStatement writes, into statement st, a match of requests under
// prefix from outside every admin IP set.
func (r *lbRenderer) adminStatement(st *hclwrite.Body, prefix string) {
	and := st.AppendNewBlock("and_statement", nil).Body()
	bm := and.AppendNewBlock("statement", nil).Body().AppendNewBlock("byte_match_statement", nil).Body()
	bm.SetAttributeValue("search_string", cty.StringVal(prefix))
	bm.SetAttributeValue("positional_constraint", cty.StringVal("STARTS_WITH"))
	bm.AppendNewBlock("field_to_match", nil).Body().AppendNewBlock("uri_path", nil)
	tt := bm.AppendNewBlock("text_transformation", nil).Body()
	tt.SetAttributeValue("priority", cty.NumberIntVal(0))
	tt.SetAttributeValue("type", cty.StringVal("NONE"))
	in := and.AppendNewBlock("statement", nil).Body().AppendNewBlock("not_statement", nil).Body().AppendNewBlock("statement", nil).Body()
	var sets []string
	for _, f := range loadbalancer.Families {
		if a, ok := r.ipSets[f]; ok {
			sets = append(sets, a)
		}
	}
	if len(sets) > 1 {
		or := in.AppendNewBlock("or_statement", nil).Body()
		for _, s := range sets {
			r.e.expr(or.AppendNewBlock("statement", nil).Body().AppendNewBlock("ip_set_reference_statement", nil).Body(), "arn", s+".arn")
		}
		return
	}
	r.e.expr(in.AppendNewBlock("ip_set_reference_statement", nil).Body(), "arn", sets[0]+".arn")
}

// visibility writes visibility_config: sampled requests and CloudWatch
// metrics under metric.
func visibility(b *hclwrite.Body, metric string) {
	v := b.AppendNewBlock("visibility_config", nil).Body()
	v.SetAttributeValue("cloudwatch_metrics_enabled", cty.True)
	v.SetAttributeValue("metric_name", cty.StringVal(metric))
	v.SetAttributeValue("sampled_requests_enabled", cty.True)
}

// logging sends the web ACL's logs to the log group (its ARN has no ":*"
// in hashicorp/aws), with the layout's headers redacted.
func (r *lbRenderer) logging() *hclwrite.Body {
	b := r.resource(lbTypes[loadbalancer.KindWAFLogging], label(r.name, loadbalancer.KeyWAFLogging))
	r.e.expr(b, "resource_arn", r.addr[loadbalancer.KeyWebACL]+".arn")
	r.e.expr(b, "log_destination_configs", list([]string{r.addr[loadbalancer.KeyLogGroup] + ".arn"}))
	for _, h := range r.l.WAFLogging.RedactedFields {
		b.AppendNewBlock("redacted_fields", nil).Body().AppendNewBlock("single_header", nil).Body().SetAttributeValue("name", cty.StringVal(h))
	}
	return b
}
