package eject_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// lbNetwork is a key for the WAF logs and a 2-AZ network without NAT
// (10.40.0.0/16; its app tier is 10.40.128.0/20 and 10.40.144.0/20).
const lbNetwork = `
resource "hipaa_kms_key" "lb" {
  name             = "ej-lb"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "net" {
  name                        = "ejlbnet"
  cidr_block                  = "10.40.0.0/16"
  availability_zones          = ["us-east-1a", "us-east-1b"]
  nat_gateways                = "none"
  retain_flow_logs_on_destroy = false
  flow_logs                   = { kms_key_arn = hipaa_kms_key.lb.arn }
}
`

// lbResource is an internet-facing hipaa_load_balancer on the network's
// public subnets forwarding to 8443 in its app tier, behind a web ACL
// with an extra managed rule group, a lowered rate limit and an admin
// allow-list of both address families; cert and bucket are the
// certificate ARN and the access-log bucket, extra goes inside the block.
func lbResource(cert, bucket, extra string) string {
	return fmt.Sprintf(`
resource "hipaa_load_balancer" "web" {
  name                = "ejlb"
  vpc_id              = hipaa_vpc.net.id
  subnet_ids          = hipaa_vpc.net.public_subnet_ids
  internet_facing     = true
  certificate_arn     = %q
  allowed_cidr_blocks = ["0.0.0.0/0"]
  targets = {
    port              = 8443
    health_check_path = "/healthz"
  }
  waf = {
    rate_limit_per_5_minutes  = 1000
    managed_rule_groups       = ["AWSManagedRulesLinuxRuleSet"]
    allowed_admin_cidr_blocks = ["203.0.113.0/24", "2001:db8::/32"]
  }
  access_log_bucket = %q
  log_kms_key_arn   = hipaa_kms_key.lb.arn
  tags              = { team = "portal" }
%s}
`, cert, bucket, extra)
}

// Literal arguments of the unit tests.
const (
	lbCert      = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
	lbBucket    = "ejlb-access-logs"
	lbAdminWAF  = `    allowed_admin_cidr_blocks = ["203.0.113.0/24", "2001:db8::/32"]` + "\n"
	lbTargets   = "    port              = 8443\n"
	lbVPCRef    = "vpc_id              = hipaa_vpc.net.id"
	lbSubnetRef = "subnet_ids          = hipaa_vpc.net.public_subnet_ids"
)

// lbSrc is the network and the load balancer wired to it.
func lbSrc(extra string) string { return lbNetwork + lbResource(lbCert, lbBucket, extra) }

// lbOnly is the load balancer on a VPC given by ID, not ejected with it.
func lbOnly(extra string) string {
	src := strings.Replace(lbResource(lbCert, lbBucket, extra), lbVPCRef, `vpc_id              = "vpc-0123456789abcdef0"`, 1)
	src = strings.Replace(src, lbSubnetRef, `subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]`, 1)
	return strings.Replace(src, "hipaa_kms_key.lb.arn", `"arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b"`, 1)
}

// TestConfig_loadBalancer: the security group with one rule resource per
// port and block, the egress to each app subnet of the ejected VPC by
// reference; the load balancer in the public subnets with every
// hardening attribute and deletion protection; the target group (made
// before it is destroyed), both listeners, the encrypted log group kept
// on destroy, an IP set per family, the web ACL's rules in priority
// order (the admin rule matching outside either set), the association
// and the logging with both headers redacted. Every layout edge is a
// reference; deterministic, fmt clean and as testdata/load-balancer.tf.
func TestConfig_loadBalancer(t *testing.T) {
	out := ejectStable(t, lbSrc(""))
	got := resourceCounts(t, out)
	for typ, n := range map[string]int{"aws_security_group": 1, "aws_vpc_security_group_ingress_rule": 2, "aws_vpc_security_group_egress_rule": 2,
		"aws_lb": 1, "aws_lb_target_group": 1, "aws_lb_listener": 2, "aws_cloudwatch_log_group": 2, "aws_wafv2_ip_set": 2,
		"aws_wafv2_web_acl": 1, "aws_wafv2_web_acl_association": 1, "aws_wafv2_web_acl_logging_configuration": 1} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	requireText(t, out,
		"resource \"aws_security_group\" \"web_sg_lb\" {\n  name        = \"hipaa-lb-ejlb\"\n",
		"  vpc_id      = aws_vpc.net_vpc.id\n  tags        = { \"hipaa:child\" = \"sg/lb\", ",
		"resource \"aws_vpc_security_group_ingress_rule\" \"web_sg_lb_ingress_1\" {\n  security_group_id = aws_security_group.web_sg_lb.id\n"+
			"  ip_protocol       = \"tcp\"\n  from_port         = 80\n  to_port           = 80\n  cidr_ipv4         = \"0.0.0.0/0\"\n  description       = \"clients\"\n}",
		"  from_port         = 8443\n  to_port           = 8443\n  cidr_ipv4         = aws_subnet.net_app_us_east_1a.cidr_block\n  description       = \"targets\"\n",
		"  cidr_ipv4         = aws_subnet.net_app_us_east_1b.cidr_block\n",
		"resource \"aws_lb\" \"web_lb\" {\n  name                       = \"ejlb\"\n  internal                   = false\n  load_balancer_type         = \"application\"\n"+
			"  ip_address_type            = \"ipv4\"\n  security_groups            = [aws_security_group.web_sg_lb.id]\n"+
			"  subnets                    = [aws_subnet.net_public_us_east_1a.id, aws_subnet.net_public_us_east_1b.id]\n"+
			"  drop_invalid_header_fields = true\n  desync_mitigation_mode     = \"strictest\"\n  enable_deletion_protection = true\n"+
			"  access_logs {\n    bucket  = \"ejlb-access-logs\"\n    prefix  = \"ejlb\"\n    enabled = true\n  }\n",
		"  name        = \"ejlb-s8443\"\n  port        = 8443\n  protocol    = \"HTTPS\"\n  vpc_id      = aws_vpc.net_vpc.id\n  target_type = \"ip\"\n"+
			"  health_check {\n    enabled             = true\n    protocol            = \"HTTPS\"\n    path                = \"/healthz\"\n    matcher             = \"200-399\"\n"+
			"    healthy_threshold   = 5\n    unhealthy_threshold = 2\n  }\n",
		"  lifecycle {\n    create_before_destroy = true\n  }\n",
		"  load_balancer_arn = aws_lb.web_lb.arn\n  port              = 443\n  protocol          = \"HTTPS\"\n  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-3-2021-06\"\n"+
			"  certificate_arn   = \""+lbCert+"\"\n  default_action {\n    type             = \"forward\"\n    target_group_arn = aws_lb_target_group.web_tg.arn\n  }\n",
		"  port              = 80\n  protocol          = \"HTTP\"\n  default_action {\n    type = \"redirect\"\n    redirect {\n      protocol    = \"HTTPS\"\n"+
			"      port        = \"443\"\n      status_code = \"HTTP_301\"\n    }\n  }\n",
		"resource \"aws_cloudwatch_log_group\" \"web_log_group_waf\" {\n  name              = \"aws-waf-logs-ejlb\"\n  retention_in_days = 365\n"+
			"  kms_key_id        = aws_kms_key.lb.arn\n  skip_destroy      = true\n",
		"resource \"aws_wafv2_ip_set\" \"web_waf_ip_set_admin_ipv6\" {\n  name               = \"ejlb-admin-ipv6\"\n",
		"  ip_address_version = \"IPV4\"\n  addresses          = [\"203.0.113.0/24\"]\n",
		"  default_action {\n    allow {\n    }\n  }\n  rule {\n    name     = \"admin-allow-list\"\n    priority = 0\n",
		"            field_to_match {\n              uri_path {\n              }\n            }\n            text_transformation {\n              priority = 0\n              type     = \"NONE\"\n",
		"          not_statement {\n            statement {\n              or_statement {\n                statement {\n                  ip_set_reference_statement {\n"+
			"                    arn = aws_wafv2_ip_set.web_waf_ip_set_admin_ipv4.arn\n",
		"      rate_based_statement {\n        limit                 = 1000\n        aggregate_key_type    = \"IP\"\n        evaluation_window_sec = 300\n      }\n    }\n"+
			"    action {\n      block {\n      }\n    }\n",
		"    name     = \"AWSManagedRulesLinuxRuleSet\"\n    priority = 6\n    statement {\n      managed_rule_group_statement {\n        name        = \"AWSManagedRulesLinuxRuleSet\"\n"+
			"        vendor_name = \"AWS\"\n      }\n    }\n    override_action {\n      none {\n      }\n    }\n    visibility_config {\n      cloudwatch_metrics_enabled = true\n"+
			"      metric_name                = \"ejlb-AWSManagedRulesLinuxRuleSet\"\n",
		"  resource_arn = aws_lb.web_lb.arn\n  web_acl_arn  = aws_wafv2_web_acl.web_waf_acl.arn\n",
		"  resource_arn            = aws_wafv2_web_acl.web_waf_acl.arn\n  log_destination_configs = [aws_cloudwatch_log_group.web_log_group_waf.arn]\n"+
			"  redacted_fields {\n    single_header {\n      name = \"authorization\"\n    }\n  }\n  redacted_fields {\n    single_header {\n      name = \"cookie\"\n",
		`"team" = "portal"`, `"hipaa:owner" = "hipaa_load_balancer/ejlb"`,
	)
	lb := string(out[strings.Index(string(out), `resource "aws_security_group" "web_sg_lb"`):])
	if strings.Contains(lb, "depends_on") || strings.Contains(lb, "data \"aws_subnet") || strings.Contains(lb, "precondition") {
		t.Error("a layout edge is not a reference, or the app tier of the ejected VPC is looked up")
	}
	for i, rule := range []string{"admin-allow-list", "rate-limit", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
		"AWSManagedRulesSQLiRuleSet", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesLinuxRuleSet"} {
		requireText(t, out, fmt.Sprintf("    name     = %q\n    priority = %d\n", rule, i))
	}
	golden(t, "testdata/load-balancer.tf", out)
}

// TestConfig_loadBalancerAppTier: on a VPC given by ID the egress goes to
// the app tier as the executor finds it (subnets of the VPC tagged by a
// hipaa_vpc as app/*), one rule per block found, and the plan fails on a
// VPC without one; targets.cidr_blocks, IPv4 or IPv6, are the egress as
// given, with no lookup. An internal load balancer is internal.
func TestConfig_loadBalancerAppTier(t *testing.T) {
	out := ejectFile(t, "main.tf", lbOnly(""))
	requireText(t, out,
		"data \"aws_subnets\" \"web_app_tier\" {\n  filter {\n    name   = \"vpc-id\"\n    values = [\"vpc-0123456789abcdef0\"]\n  }\n"+
			"  filter {\n    name   = \"tag:hipaa:managed-by\"\n    values = [\"terraform-provider-hipaa\"]\n  }\n"+
			"  filter {\n    name   = \"tag:hipaa:child\"\n    values = [\"app/*\"]\n  }\n}",
		"data \"aws_subnet\" \"web_app_tier\" {\n  for_each = toset(data.aws_subnets.web_app_tier.ids)\n  id       = each.value\n}",
		"resource \"aws_vpc_security_group_egress_rule\" \"web_sg_lb_egress\" {\n  for_each          = toset([for s in data.aws_subnet.web_app_tier : s.cidr_block])\n"+
			"  security_group_id = aws_security_group.web_sg_lb.id\n  ip_protocol       = \"tcp\"\n  from_port         = 8443\n  to_port           = 8443\n"+
			"  cidr_ipv4         = each.value\n  description       = \"targets\"\n}",
		"    precondition {\n      condition     = length(data.aws_subnets.web_app_tier.ids) > 0\n"+
			"      error_message = \"VPC vpc-0123456789abcdef0 has no app-tier subnet made by a hipaa_vpc (tagged hipaa:child = app/*): set targets.cidr_blocks to the targets' subnets\"\n",
		`  subnets                    = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]`,
		`  vpc_id      = "vpc-0123456789abcdef0"`,
	)

	blocks := strings.Replace(lbOnly("  internet_facing = false\n"), lbTargets, lbTargets+`    cidr_blocks       = ["10.9.0.0/24", "2001:db8:1::/64"]`+"\n", 1)
	blocks = strings.Replace(strings.Replace(blocks, "  internet_facing     = true\n", "", 1), `["0.0.0.0/0"]`, `["10.0.0.0/16"]`, 1)
	out = ejectFile(t, "main.tf", blocks)
	if n := resourceCounts(t, out)["aws_vpc_security_group_egress_rule"]; n != 2 || strings.Contains(string(out), "aws_subnets") ||
		strings.Contains(string(out), "for_each") || strings.Contains(string(out), "precondition") {
		t.Errorf("targets.cidr_blocks: %d egress rules, want 2 and no app tier lookup:\n%s", n, out)
	}
	requireText(t, out, "  to_port           = 8443\n  cidr_ipv4         = \"10.9.0.0/24\"\n", "  to_port           = 8443\n  cidr_ipv6         = \"2001:db8:1::/64\"\n",
		"  internal                   = true\n", "out to port 8443 in the targets' CIDR blocks")
}

// TestConfig_loadBalancerAdmin: without an allow-list there is no IP set
// and no admin rule (the rate rule comes first); with one family, one set
// and no or_statement; a client block of IPv6 makes the load balancer
// dualstack and admits it with cidr_ipv6.
func TestConfig_loadBalancerAdmin(t *testing.T) {
	for _, c := range []struct {
		name, admin string
		sets        int
		want        []string
	}{
		{"none", "", 0, []string{"    name     = \"rate-limit\"\n    priority = 0\n"}},
		{"IPv4", `    allowed_admin_cidr_blocks = ["203.0.113.0/24"]` + "\n", 1, []string{
			"          not_statement {\n            statement {\n              ip_set_reference_statement {\n                arn = aws_wafv2_ip_set.web_waf_ip_set_admin_ipv4.arn\n",
			"    name     = \"rate-limit\"\n    priority = 1\n"}},
		{"IPv6", `    allowed_admin_cidr_blocks = ["2001:db8::/32"]` + "\n    admin_path_prefix         = \"/console\"\n", 1, []string{
			"              ip_set_reference_statement {\n                arn = aws_wafv2_ip_set.web_waf_ip_set_admin_ipv6.arn\n",
			"            search_string         = \"/console\"\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := ejectFile(t, "main.tf", strings.Replace(lbSrc(""), lbAdminWAF, c.admin, 1))
			if n := resourceCounts(t, out)["aws_wafv2_ip_set"]; n != c.sets {
				t.Errorf("%d IP sets, want %d", n, c.sets)
			}
			if strings.Contains(string(out), "or_statement") || (c.sets == 0) != !strings.Contains(string(out), "admin-allow-list") {
				t.Error("an or_statement over one set, or an admin rule without a set")
			}
			requireText(t, out, c.want...)
		})
	}
	out := ejectFile(t, "main.tf", strings.Replace(lbSrc(""), `allowed_cidr_blocks = ["0.0.0.0/0"]`, `allowed_cidr_blocks = ["0.0.0.0/0", "::/0"]`, 1))
	requireText(t, out, `  ip_address_type            = "dualstack"`, "  from_port         = 443\n  to_port           = 443\n  cidr_ipv6         = \"::/0\"\n")
	if n := resourceCounts(t, out)["aws_vpc_security_group_ingress_rule"]; n != 4 {
		t.Errorf("%d ingress rules, want 4 (443 and 80 from each block)", n)
	}
}

// TestConfig_loadBalancerRefusals: eject refuses what the provider refuses
// at plan, naming the resource and the control or argument.
func TestConfig_loadBalancerRefusals(t *testing.T) {
	for name, c := range map[string]struct{ src, want string }{
		"TLS 1.2":          {lbSrc(`  tls_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` + "\n"), "ELB-01"},
		"no access logs":   {strings.Replace(lbSrc(""), `  access_log_bucket = "ejlb-access-logs"`+"\n", "", 1), "ELB-03"},
		"HTTP targets":     {strings.Replace(lbSrc(""), lbTargets, lbTargets+"    protocol          = \"HTTP\"\n", 1), "ELB-06"},
		"unknown argument": {lbSrc("  colour = \"blue\"\n"), "colour"},
		"no such VPC":      {lbResource(lbCert, lbBucket, ""), "eject needs literal values"},
		"variable":         {"variable \"cert\" {\n  type = string\n}\n" + strings.Replace(lbSrc(""), fmt.Sprintf("%q", lbCert), "var.cert", 1), "certificate_arn uses var.cert"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := eject.Config("main.tf", []byte(c.src), eject.Options{Region: "us-east-1"})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "hipaa_load_balancer.web") {
				t.Errorf("error %v, want one naming hipaa_load_balancer.web and %q", err, c.want)
			}
		})
	}
	waived := lbSrc(`  tls_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` + "\n" +
		`  exceptions = [{ control = "ELB-01", reason = "imaging workstations on TLS 1.2 until 2027" }]` + "\n")
	requireText(t, ejectFile(t, "main.tf", waived), `  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"`)
}

// TestConfig_loadBalancerExample: the documented example ejects, with the
// WAF, the listeners and the egress to its hipaa_vpc's app tier.
func TestConfig_loadBalancerExample(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "resources", "hipaa_load_balancer", "resource.tf")
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skip(path + " is not written yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	out := ejectFile(t, path, string(src))
	got := resourceCounts(t, out)
	for _, typ := range []string{"aws_lb", "aws_lb_target_group", "aws_wafv2_web_acl", "aws_wafv2_web_acl_association",
		"aws_wafv2_web_acl_logging_configuration", "aws_vpc_security_group_egress_rule"} {
		if got[typ] == 0 {
			t.Errorf("the example ejects no %s", typ)
		}
	}
	if got["aws_lb_listener"] != 2 {
		t.Errorf("%d listeners, want 2", got["aws_lb_listener"])
	}
	requireText(t, out)
}
