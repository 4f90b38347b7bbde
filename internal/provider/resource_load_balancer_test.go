package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
)

// ELBv2 and WAFv2 in these tests are moto's own; nothing is faked. moto
// accepts TLS policies AWS does not define and deletes a load balancer
// whose deletion protection is on, so those refusals are ours (the
// refusal matrix), and destroy turning protection off first is checked
// on the calls made, not on moto refusing.

const lbAddr = "hipaa_load_balancer.test"

// lbCertificate requests an ACM certificate (moto keeps it pending
// validation, which a listener accepts) and returns its ARN.
func lbCertificate(t *testing.T, domain string) string {
	out, err := acm.NewFromConfig(acctest.AWSConfig(t)).RequestCertificate(context.Background(), &acm.RequestCertificateInput{DomainName: aws.String(domain)})
	if err != nil {
		t.Fatalf("requesting a certificate: %v", err)
	}
	return aws.ToString(out.CertificateArn)
}

// lbLogBucket creates the access log bucket.
func lbLogBucket(t *testing.T, name string) string {
	_, err := s3.NewFromConfig(acctest.AWSConfig(t), func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)})
	if err != nil {
		t.Fatalf("creating bucket %s: %v", name, err)
	}
	return name
}

// lbNet is where a test's load balancer lives: HCL expressions for its
// VPC, public subnets and log key, and the resources they name.
type lbNet struct{ Prelude, VPC, Subnets, Key string }

// lbHipaaNet: a key for the WAF logs and a 2-AZ hipaa_vpc (10.40.0.0/16,
// app tier 10.40.128.0/20 and 10.40.144.0/20), made in the same apply, so
// their IDs are unknown at plan.
func lbHipaaNet(name string) lbNet {
	return lbNet{Prelude: fmt.Sprintf(`
resource "hipaa_kms_key" "lb" {
  name             = "%[1]s-lb"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "net" {
  name               = "%[1]s-net"
  cidr_block         = "10.40.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.lb.arn
  }
}
`, name), VPC: "hipaa_vpc.net.id", Subnets: "hipaa_vpc.net.public_subnet_ids", Key: "hipaa_kms_key.lb.arn"}
}

// lbSDKNet makes with the SDK what lbHipaaNet plans: a VPC 10.40.0.0/16,
// public subnets and app subnets 10.40.128.0/20 and 10.40.144.0/20 tagged
// as a hipaa_vpc tags its app tier, and a key. Tests that are not about
// the network use it: it costs a few calls instead of a hipaa_vpc's
// eighty children.
func lbSDKNet(t *testing.T) lbNet {
	ctx, c := context.Background(), ec2.NewFromConfig(acctest.AWSConfig(t))
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.40.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	var public []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		var tags []ec2types.TagSpecification
		for _, sn := range []struct {
			cidr string
			app  bool
		}{{fmt.Sprintf("10.40.%d.0/20", 16*i), false}, {fmt.Sprintf("10.40.%d.0/20", 128+16*i), true}} {
			if tags = nil; sn.app {
				tags = []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSubnet, Tags: []ec2types.Tag{
					{Key: aws.String("hipaa:managed-by"), Value: aws.String("terraform-provider-hipaa")}, {Key: aws.String("hipaa:child"), Value: aws.String("app/" + az)}}}}
			}
			out, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String(sn.cidr), AvailabilityZone: aws.String(az), TagSpecifications: tags})
			if err != nil {
				t.Fatal(err)
			}
			if !sn.app {
				public = append(public, fmt.Sprintf("%q", aws.ToString(out.Subnet.SubnetId)))
			}
		}
	}
	return lbNet{VPC: fmt.Sprintf("%q", aws.ToString(v.Vpc.VpcId)), Subnets: "[" + strings.Join(public, ", ") + "]",
		Key: fmt.Sprintf("%q", acctest.KMSKey(t, "us-east-1"))}
}

// testAccLoadBalancerConfig: an internet-facing load balancer on net's
// public subnets forwarding to port 8443 in its app tier, with an admin
// allow-list; waf is the waf block's body.
func testAccLoadBalancerConfig(p *acctest.Proxy, net lbNet, name, cert, bucket, extra, waf string) string {
	return p.ProviderConfig() + net.Prelude + fmt.Sprintf(`
resource "hipaa_load_balancer" "test" {
  name                = %[1]q
  vpc_id              = %[6]s
  subnet_ids          = %[7]s
  internet_facing     = true
  certificate_arn     = %[2]q
  allowed_cidr_blocks = ["0.0.0.0/0"]
  targets = {
    port              = 8443
    health_check_path = "/healthz"
  }
  waf = {
%[5]s
    allowed_admin_cidr_blocks = ["203.0.113.0/24"]
  }
  access_log_bucket = %[3]q
  log_kms_key_arn   = %[8]s
%[4]s
}
`, name, cert, bucket, extra, waf, net.VPC, net.Subnets, net.Key)
}

func elbClient(t *testing.T) *elb.Client   { return elb.NewFromConfig(acctest.AWSConfig(t)) }
func wafClient(t *testing.T) *wafv2.Client { return wafv2.NewFromConfig(acctest.AWSConfig(t)) }

// testAccCheckLoadBalancer checks with the SDK what was built: the
// listeners (TLS policy and certificate, the redirect), the attributes,
// the security group's rules, the target group, the web ACL's rules, its
// association and its logging.
func testAccCheckLoadBalancer(t *testing.T, name, policy string, rate int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, a := context.Background(), s.RootModule().Resources[lbAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		c := elbClient(t)
		lbs, err := c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{name}})
		if err != nil || len(lbs.LoadBalancers) != 1 {
			return fmt.Errorf("describing load balancer %s: %v", name, err)
		}
		lb := lbs.LoadBalancers[0]
		check(aws.ToString(lb.LoadBalancerArn) == a["arn"], "arn in state")
		check(slices.Equal(lb.SecurityGroups, []string{a["security_group_id"]}), "only its own security group")
		attrs, err := c.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
		if check(err == nil, "attributes"); err == nil {
			got := map[string]string{}
			for _, x := range attrs.Attributes {
				got[aws.ToString(x.Key)] = aws.ToString(x.Value)
			}
			for k, v := range map[string]string{"routing.http.drop_invalid_header_fields.enabled": "true", "routing.http.desync_mitigation_mode": "strictest",
				"deletion_protection.enabled": "true", "access_logs.s3.enabled": "true", "access_logs.s3.prefix": name} {
				check(got[k] == v, fmt.Sprintf("%s = %s (is %q)", k, v, got[k]))
			}
		}
		ls, err := c.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
		if check(err == nil && len(ls.Listeners) == 2, "two listeners"); err == nil {
			for _, li := range ls.Listeners {
				switch aws.ToInt32(li.Port) {
				case 443:
					check(aws.ToString(li.SslPolicy) == policy, "HTTPS policy "+policy+", is "+aws.ToString(li.SslPolicy))
					check(len(li.DefaultActions) == 1 && aws.ToString(li.DefaultActions[0].TargetGroupArn) == a["target_group_arn"], "HTTPS forwards to the target group")
				case 80:
					r := li.DefaultActions[0].RedirectConfig
					check(r != nil && aws.ToString(r.Protocol) == "HTTPS" && aws.ToString(r.Port) == "443" && r.StatusCode == "HTTP_301", "HTTP redirects to HTTPS:443")
				}
			}
		}
		tgs, err := c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{a["target_group_arn"]}})
		if check(err == nil && len(tgs.TargetGroups) == 1, "target group"); err == nil {
			tg := tgs.TargetGroups[0]
			check(tg.Protocol == "HTTPS" && aws.ToInt32(tg.Port) == 8443 && aws.ToString(tg.HealthCheckPath) == "/healthz", "target group HTTPS:8443 /healthz")
		}
		sgs, err := ec2.NewFromConfig(acctest.AWSConfig(t)).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{a["security_group_id"]}})
		if check(err == nil && len(sgs.SecurityGroups) == 1, "security group"); err == nil {
			g := sgs.SecurityGroups[0]
			check(permSummary(g.IpPermissions) == "tcp/443/0.0.0.0/0 tcp/80/0.0.0.0/0", "ingress 443 and 80 from 0.0.0.0/0, is "+permSummary(g.IpPermissions))
			check(permSummary(g.IpPermissionsEgress) == "tcp/8443/10.40.128.0/20 tcp/8443/10.40.144.0/20",
				"egress only 8443 to the app tier (10.40.128.0/20, 10.40.144.0/20), is "+permSummary(g.IpPermissionsEgress))
			check(!strings.Contains(permSummary(g.IpPermissionsEgress), "0.0.0.0/0") && !strings.Contains(permSummary(g.IpPermissionsEgress), "-1/"), "no allow-all egress")
		}
		w := wafClient(t)
		acl, err := w.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: lb.LoadBalancerArn})
		if check(err == nil && acl.WebACL != nil && aws.ToString(acl.WebACL.ARN) == a["web_acl_arn"], "web ACL associated"); err == nil && acl.WebACL != nil {
			var groups []string
			var limit int64
			for _, r := range acl.WebACL.Rules {
				if st := r.Statement; st.ManagedRuleGroupStatement != nil {
					groups = append(groups, aws.ToString(st.ManagedRuleGroupStatement.Name))
				} else if st.RateBasedStatement != nil {
					limit = aws.ToInt64(st.RateBasedStatement.Limit)
				}
			}
			check(len(groups) == 4 && slices.Contains(groups, "AWSManagedRulesSQLiRuleSet") && slices.Contains(groups, "AWSManagedRulesAmazonIpReputationList"),
				fmt.Sprintf("the four managed rule groups, are %v", groups))
			check(limit == rate, fmt.Sprintf("rate limit %d, is %d", rate, limit))
			check(len(acl.WebACL.Rules) == 6, fmt.Sprintf("6 rules (admin, rate, 4 groups), are %d", len(acl.WebACL.Rules)))
			lc, err := w.GetLoggingConfiguration(ctx, &wafv2.GetLoggingConfigurationInput{ResourceArn: acl.WebACL.ARN})
			check(err == nil && len(lc.LoggingConfiguration.LogDestinationConfigs) == 1 &&
				strings.HasSuffix(lc.LoggingConfiguration.LogDestinationConfigs[0], ":log-group:aws-waf-logs-"+name), "logging to aws-waf-logs-"+name)
		}
		if len(errs) > 0 {
			return fmt.Errorf("hipaa_load_balancer: want %s", strings.Join(errs, "; "))
		}
		return nil
	}
}

// permSummary renders rules as sorted "proto/port/cidr" words.
func permSummary(perms []ec2types.IpPermission) string {
	var out []string
	for _, p := range perms {
		for _, r := range p.IpRanges {
			out = append(out, fmt.Sprintf("%s/%d/%s", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort), aws.ToString(r.CidrIp)))
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestAccLoadBalancer_basic: built as the SDK shows; a downgraded TLS
// policy, a removed WAF association and an ingress rule added out of band
// are drift, shown (ELB-01, ELB-05, ELB-07) and repaired; the TLS policy
// (with an exception) and the WAF rate update in place; a new target port
// moves the listener to a new target group and deletes the old; import
// reads it back; destroy removes everything but the WAF log group.
func TestAccLoadBalancer_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cert, bucket := lbCertificate(t, "portal.example.org"), lbLogBucket(t, "lb1-access-logs")
	net := lbHipaaNet("lb1")
	cfg := testAccLoadBalancerConfig(p, net, "lb1", cert, bucket, "", "")
	var lbARN, tgARN, sgID string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			ctx := context.Background()
			if out, err := elbClient(t).DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"lb1"}}); err == nil && len(out.LoadBalancers) > 0 {
				return fmt.Errorf("load balancer lb1 still exists")
			}
			acls, err := wafClient(t).ListWebACLs(ctx, &wafv2.ListWebACLsInput{Scope: waftypes.ScopeRegional})
			if err != nil || len(acls.WebACLs) != 0 {
				return fmt.Errorf("web ACLs left after destroy: %v (%v)", acls, err)
			}
			sets, err := wafClient(t).ListIPSets(ctx, &wafv2.ListIPSetsInput{Scope: waftypes.ScopeRegional})
			if err != nil || len(sets.IPSets) != 0 {
				return fmt.Errorf("IP sets left after destroy: %v (%v)", sets, err)
			}
			groups, err := cloudwatchlogs.NewFromConfig(acctest.AWSConfig(t)).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("aws-waf-logs-lb1")})
			if err != nil || len(groups.LogGroups) != 1 {
				return fmt.Errorf("destroy must keep the WAF log group aws-waf-logs-lb1: %v (%v)", groups, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckLoadBalancer(t, "lb1", "ELBSecurityPolicy-TLS13-1-3-2021-06", 2000),
					resource.TestCheckResourceAttr(lbAddr, "drift", ""),
					resource.TestCheckResourceAttrSet(lbAddr, "dns_name"),
					func(s *terraform.State) error {
						a := s.RootModule().Resources[lbAddr].Primary.Attributes
						lbARN, tgARN, sgID = a["arn"], a["target_group_arn"], a["security_group_id"]
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					ctx, c := context.Background(), elbClient(t)
					ls, err := c.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lbARN)})
					for _, li := range ls.Listeners {
						if err == nil && aws.ToInt32(li.Port) == 443 {
							_, err = c.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: li.ListenerArn, SslPolicy: aws.String("ELBSecurityPolicy-2016-08")})
						}
					}
					if err == nil {
						_, err = wafClient(t).DisassociateWebACL(ctx, &wafv2.DisassociateWebACLInput{ResourceArn: aws.String(lbARN)})
					}
					if err == nil {
						_, err = ec2.NewFromConfig(acctest.AWSConfig(t)).AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(sgID),
							IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
								IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				RefreshState: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(lbAddr, "drift", regexp.MustCompile(`TLS policy is ELBSecurityPolicy-2016-08, want ELBSecurityPolicy-TLS13-1-3-2021-06 \(ELB-01\)`)),
					resource.TestMatchResourceAttr(lbAddr, "drift", regexp.MustCompile(`not associated with load balancer lb1.*\(ELB-05\)`)),
					resource.TestMatchResourceAttr(lbAddr, "drift", regexp.MustCompile(`security group hipaa-lb-lb1 admits \[[^]]*tcp/22-22/0\.0\.0\.0/0.*\(ELB-07\)`)),
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(lbAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(testAccCheckLoadBalancer(t, "lb1", "ELBSecurityPolicy-TLS13-1-3-2021-06", 2000),
					resource.TestCheckResourceAttr(lbAddr, "drift", "")),
			},
			{
				Config: testAccLoadBalancerConfig(p, net, "lb1", cert, bucket, `  tls_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  exceptions = [{ control = "ELB-01", reason = "imaging workstations on TLS 1.2 until 2027" }]`, "    rate_limit_per_5_minutes = 500"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(lbAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(testAccCheckLoadBalancer(t, "lb1", "ELBSecurityPolicy-TLS13-1-2-2021-06", 500),
					resource.TestCheckResourceAttrPtr(lbAddr, "arn", &lbARN), resource.TestCheckResourceAttrPtr(lbAddr, "target_group_arn", &tgARN)),
			},
			{ // a new target port: a new target group, the listener moved to it, the old one deleted
				Config: strings.Replace(testAccLoadBalancerConfig(p, net, "lb1", cert, bucket, `  tls_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  exceptions = [{ control = "ELB-01", reason = "imaging workstations on TLS 1.2 until 2027" }]`, "    rate_limit_per_5_minutes = 500"), "port              = 8443", "port              = 9443", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(lbAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(lbAddr, tfjsonpath.New("target_group_arn"))}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPtr(lbAddr, "arn", &lbARN),
					func(s *terraform.State) error {
						a := s.RootModule().Resources[lbAddr].Primary.Attributes
						if a["target_group_arn"] == tgARN || !strings.Contains(a["target_group_arn"], ":targetgroup/lb1-s9443/") {
							return fmt.Errorf("target_group_arn %s: want a new group lb1-s9443", a["target_group_arn"])
						}
						if _, err := elbClient(t).DescribeTargetGroups(context.Background(), &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{tgARN}}); err == nil {
							return fmt.Errorf("the old target group %s is still there", tgARN)
						}
						return nil
					}),
			},
			{ResourceName: lbAddr, ImportState: true, ImportStateId: "lb1", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts", "exceptions"}},
		},
	})
}

// Refused at plan with zero AWS calls, with the upstream values literal
// and unknown (taken from resources in the same configuration).
func TestAccLoadBalancer_refusals(t *testing.T) {
	acctest.Parallel(t)
	const cert = `"arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"`
	for name, c := range map[string]struct{ body, want string }{
		"TLS 1.2 without exception": {`tls_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"`, `(?s)ELB-01.*TLS 1.2`},
		"TLS 1.0 policy":            {`tls_policy = "ELBSecurityPolicy-2016-08"`, `(?s)ELB-01.*TLS 1.0 or 1.1`},
		"policy AWS does not know":  {`tls_policy = "ELBSecurityPolicy-TLS13-9-9-2099"`, `(?s)tls_policy.*not a predefined ELB security policy`},
		"HTTP targets":              {`targets = { port = 8080, protocol = "HTTP" }`, `(?s)ELB-06.*clear text`},
		"internal open to all":      {`internet_facing = false`, `(?s)ELB-07.*internal load balancer`},
		"admin list open to all":    {`waf = { allowed_admin_cidr_blocks = ["0.0.0.0/0"] }`, `(?s)ELB-05.*admin`},
		"short WAF log retention":   {`log_retention_days = 30`, `(?s)ELB-05.*365`},
		"targets anywhere":          {`targets = { port = 8443, cidr_blocks = ["0.0.0.0/0"] }`, `(?s)targets\.cidr_blocks.*anywhere`},
		"rate limit too low":        {`waf = { rate_limit_per_5_minutes = 5 }`, `(?s)waf\.rate_limit_per_5_minutes`},
		"one subnet":                {`SUBNETS`, `(?s)subnet_ids.*at least 2`},
		"alias key":                 {`log_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:alias/aws/logs"`, `(?s)log_kms_key_arn`},
	} {
		t.Run(name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string {
				args := map[string]string{"vpc_id": up.VPCID, "subnet_ids": up.SubnetIDs, "internet_facing": "true", "certificate_arn": cert,
					"allowed_cidr_blocks": `["0.0.0.0/0"]`, "targets": `{ port = 8443 }`, "access_log_bucket": `"phi-lb-logs"`, "log_kms_key_arn": up.KeyARN}
				if c.body == "SUBNETS" {
					// literal in both runs: a set holding an unknown element has
					// no known size (the element may equal another); the VPC
					// and key stay unknown in the second run
					args["subnet_ids"] = `["subnet-0123456789abcdef0"]`
				} else {
					k, v, _ := strings.Cut(c.body, " = ")
					args[k] = v
				}
				var b strings.Builder
				b.WriteString("resource \"hipaa_load_balancer\" \"test\" {\n  name = \"refused\"\n")
				for _, k := range slices.Sorted(maps.Keys(args)) {
					fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
				}
				b.WriteString("}\n")
				return b.String()
			}, c.want)
		})
	}
}

// TestAccLoadBalancer_tags: every child (load balancer, target group,
// both listeners, security group, web ACL, IP set, log group) carries the
// user's tags and changes them in place; tags removed out of band from the
// load balancer are drift, repaired.
func TestAccLoadBalancer_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cert, bucket := lbCertificate(t, "tags.example.org"), lbLogBucket(t, "lbtag-access-logs")
	net := lbSDKNet(t)
	cfg := func(tags string) string { return testAccLoadBalancerConfig(p, net, "lbtag", cert, bucket, tags, "") }
	const owner = "hipaa_load_balancer/lbtag"
	list := func(s *terraform.State) (tagged, error) {
		ctx, a, out := context.Background(), attrs(s, lbAddr), tagged{}
		arns := []string{a["arn"], a["target_group_arn"]}
		ls, err := elbClient(t).DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(a["arn"])})
		if err != nil {
			return nil, err
		}
		for _, li := range ls.Listeners {
			arns = append(arns, aws.ToString(li.ListenerArn))
		}
		d, err := elbClient(t).DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: arns})
		if err != nil {
			return nil, err
		}
		for _, td := range d.TagDescriptions {
			m := map[string]string{}
			for _, x := range td.Tags {
				m[aws.ToString(x.Key)] = aws.ToString(x.Value)
			}
			out["elb "+aws.ToString(td.ResourceArn)] = m
		}
		sets, err := wafClient(t).ListIPSets(ctx, &wafv2.ListIPSetsInput{Scope: waftypes.ScopeRegional})
		if err != nil {
			return nil, err
		}
		wafARNs := []string{a["web_acl_arn"]}
		for _, st := range sets.IPSets {
			wafARNs = append(wafARNs, aws.ToString(st.ARN))
		}
		for _, arn := range wafARNs {
			tg, err := wafClient(t).ListTagsForResource(ctx, &wafv2.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			for _, x := range tg.TagInfoForResource.TagList {
				m[aws.ToString(x.Key)] = aws.ToString(x.Value)
			}
			out["waf "+arn] = m
		}
		sg, err := ec2.NewFromConfig(acctest.AWSConfig(t)).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{a["security_group_id"]}})
		if err != nil {
			return nil, err
		}
		out["security group"] = map[string]string{}
		for _, x := range sg.SecurityGroups[0].Tags {
			out["security group"][aws.ToString(x.Key)] = aws.ToString(x.Value)
		}
		out["log group"], err = logGroupTags(t, "aws-waf-logs-lbtag")
		return out, err
	}
	steps := tagSteps(lbAddr, cfg, owner, 8, list, func(s *terraform.State) map[string]string {
		a := attrs(s, lbAddr)
		return map[string]string{"lb": a["arn"], "tg": a["target_group_arn"], "sg": a["security_group_id"], "acl": a["web_acl_arn"]}
	})
	steps = append(steps, tagDriftStep(t, lbAddr, cfg(tagsAfter), owner, 8, list, func() error {
		out, err := elbClient(t).DescribeLoadBalancers(context.Background(), &elb.DescribeLoadBalancersInput{Names: []string{"lbtag"}})
		if err == nil {
			_, err = elbClient(t).RemoveTags(context.Background(), &elb.RemoveTagsInput{ResourceArns: []string{aws.ToString(out.LoadBalancers[0].LoadBalancerArn)},
				TagKeys: []string{"team", "cost"}})
		}
		return err
	}))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

// The load balancer is deleted out of band; the refresh drops the
// resource from state without an error and the plan creates it again.
func TestAccLoadBalancer_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccLoadBalancerConfig(p, lbSDKNet(t), "lbgone", lbCertificate(t, "gone.example.org"), lbLogBucket(t, "lbgone-access-logs"), "", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{disappears(lbAddr, cfg, func(s *terraform.State) error {
			_, err := elbClient(t).DeleteLoadBalancer(context.Background(), &elb.DeleteLoadBalancerInput{LoadBalancerArn: aws.String(attrs(s, lbAddr)["arn"])})
			return err
		})},
	})
}

// A hard failure creating the web ACL fails the apply after the load
// balancer exists (terraform taints it); with 20 % of ELB, WAF and EC2
// calls throttled the next apply replaces it: destroy finds every child
// by name and owner, so nothing is left behind, and exactly one load
// balancer and one web ACL remain, as the SDK sees them.
func TestAccLoadBalancer_faults(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccLoadBalancerConfig(p, lbSDKNet(t), "lbflt", lbCertificate(t, "faults.example.org"), lbLogBucket(t, "lbflt-access-logs"), "", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "wafv2", Operation: "CreateWebACL", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`creating web ACL`),
			},
			{
				PreConfig: func() {
					p.ClearRules()
					p.ResetCounts()
					for _, svc := range []string{"elasticloadbalancing", "wafv2", "ec2"} {
						p.AddRule(acctest.FaultRule{Service: svc, Kind: acctest.FaultThrottle, Probability: 0.2})
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						p.ClearRules() // the checks' own SDK calls go through the emulator directly
						if p.Faults() == 0 {
							return fmt.Errorf("no fault injected")
						}
						if p.Calls()["elasticloadbalancing:DeleteLoadBalancer"] == 0 {
							return fmt.Errorf("the tainted load balancer was not replaced")
						}
						return nil
					},
					testAccCheckLoadBalancer(t, "lbflt", "ELBSecurityPolicy-TLS13-1-3-2021-06", 2000),
					func(*terraform.State) error {
						ctx := context.Background()
						acls, err := wafClient(t).ListWebACLs(ctx, &wafv2.ListWebACLsInput{Scope: waftypes.ScopeRegional})
						if err != nil || len(acls.WebACLs) != 1 {
							return fmt.Errorf("want exactly one web ACL, got %v (%v)", acls, err)
						}
						tgs, err := elbClient(t).DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{})
						if err != nil || len(tgs.TargetGroups) != 1 {
							return fmt.Errorf("want exactly one target group, got %d (%v)", len(tgs.TargetGroups), err)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccLoadBalancer_crashKilled kills terraform and the provider once
// the load balancer exists, before its listeners; the re-apply adopts the
// load balancer, target group and security group (no second create of
// any) and the plan is then empty.
func TestAccLoadBalancer_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccLoadBalancerConfig(p, lbSDKNet(t), "lbkill", lbCertificate(t, "kill.example.org"), lbLogBucket(t, "lbkill-access-logs"), "", ""))
	p.AddRule(acctest.FaultRule{Service: "elasticloadbalancing", Operation: "CreateListener", Kind: acctest.FaultLatency, Latency: time.Hour, Count: 1})
	c.killWhen(func() bool { return p.Calls()["elasticloadbalancing:CreateListener"] >= 1 }, "apply", "-auto-approve", "-input=false", "-no-color")
	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	for _, op := range []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup", "ec2:CreateSecurityGroup"} {
		if n := p.Calls()[op]; n != 0 {
			t.Errorf("the re-apply called %s %d times; it should adopt what the killed apply made", op, n)
		}
	}
	out, err := elbClient(t).DescribeLoadBalancers(context.Background(), &elb.DescribeLoadBalancersInput{})
	n := 0
	for _, lb := range out.LoadBalancers {
		if aws.ToString(lb.LoadBalancerName) == "lbkill" {
			n++
		}
	}
	if err != nil || n != 1 {
		t.Errorf("want exactly one load balancer lbkill, got %d (%v)", n, err)
	}
	if out := c.run("plan", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// TestAccLoadBalancer_refreshCalls: a refresh of a load balancer (its VPC,
// app-tier subnets and key made with the SDK, so every call counted is
// its own) makes exactly loadbalancer.Calls calls, and the plan is empty.
func TestAccLoadBalancer_refreshCalls(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	ctx, c := context.Background(), ec2.NewFromConfig(acctest.AWSConfig(t))
	vpcOut, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.50.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpcOut.Vpc.VpcId, CidrBlock: aws.String(fmt.Sprintf("10.50.%d.0/24", i)),
			AvailabilityZone: aws.String(az), TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSubnet, Tags: []ec2types.Tag{
				{Key: aws.String("hipaa:managed-by"), Value: aws.String("terraform-provider-hipaa")}, {Key: aws.String("hipaa:child"), Value: aws.String("app/" + az)}}}}})
		if err != nil {
			t.Fatal(err)
		}
		subnets = append(subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	cfg := p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_load_balancer" "test" {
  name                = "lbrc"
  vpc_id              = %q
  subnet_ids          = ["%s"]
  certificate_arn     = %q
  allowed_cidr_blocks = ["10.50.0.0/16"]
  targets             = { port = 8443 }
  waf                 = { allowed_admin_cidr_blocks = ["10.50.0.0/24"] }
  access_log_bucket   = %q
  log_kms_key_arn     = %q
}
`, aws.ToString(vpcOut.Vpc.VpcId), strings.Join(subnets, `", "`), lbCertificate(t, "rc.example.org"), lbLogBucket(t, "lbrc-access-logs"), acctest.KMSKey(t, "us-east-1"))
	l, err := loadbalancer.Expand(loadbalancer.Spec{Name: "lbrc", VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"},
		CertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", AllowedCIDRBlocks: []string{"10.50.0.0/16"},
		Targets: loadbalancer.Targets{Port: 8443}, WAF: loadbalancer.WAF{AllowedAdminCIDRBlocks: []string{"10.50.0.0/24"}}, AccessLogBucket: "lbrc-access-logs",
		LogKMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555", Region: "us-east-1", AccountID: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.TestCheckResourceAttr(lbAddr, "drift", "")},
			{
				PreConfig:    p.ResetCounts,
				RefreshState: true,
				Check: func(*terraform.State) error {
					calls := p.Calls()
					n := p.Total() - calls["sts:GetCallerIdentity"]
					t.Logf("hipaa_load_balancer refresh: %d calls %v", n, calls)
					if want := loadbalancer.Calls(l); n != want {
						return fmt.Errorf("refresh made %d calls, want %d: %v", n, want, calls)
					}
					return nil
				},
			},
		},
	})
}
