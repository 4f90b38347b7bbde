package eject_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// ejLBBucket is the access-log bucket of the load balancer test.
const ejLBBucket = "ejlb-access-logs"

// lbPrerequisites makes, on t's emulator, what a hipaa_load_balancer takes
// as given: an ACM certificate (moto keeps it pending validation, which a
// listener accepts) and the access-log bucket. It returns the
// certificate's ARN.
func lbPrerequisites(t *testing.T) string {
	t.Helper()
	ctx, cfg := context.Background(), acctest.AWSConfig(t)
	cert, err := acm.NewFromConfig(cfg).RequestCertificate(ctx, &acm.RequestCertificateInput{DomainName: aws.String("portal.example.org")})
	if err != nil {
		t.Fatalf("requesting a certificate: %v", err)
	}
	_, err = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(ejLBBucket)})
	if err != nil {
		t.Fatalf("creating bucket %s: %v", ejLBBucket, err)
	}
	return aws.ToString(cert.CertificateArn)
}

// listLoadBalancer snapshots lbNetwork and lbResource: the network (its
// subnets and security groups, the load balancer's among them), the
// flow-log and WAF log groups, the flow-log role and the key; the load
// balancer with its target group and listeners (cert named
// "certificate"); the IP sets, the web ACL, its logging and association.
func listLoadBalancer(t *testing.T, cert string) snapshot {
	t.Helper()
	l := listerOf(acctest.AWSConfig(t))
	l.key[l.keyARN("alias/ej-lb")] = "key alias/ej-lb"
	l.key[cert] = "certificate"
	l.network("hipaa_vpc/ejlbnet")
	l.logGroup(vpc.LogGroupName("ejlbnet"))
	l.logGroup(loadbalancer.LogGroupName("ejlb"))
	l.role(vpc.FlowLogRoleName("ejlbnet"))
	l.webACL("ejlb", l.loadBalancer("ejlb"))
	return l.done(t)
}

// requireLoadBalancer fails unless the snapshot shows what the layout
// makes: 443 and 80 in from anywhere and 8443 out to the two app subnets
// only; an internet-facing ALB in the public subnets with every hardening
// attribute; HTTPS to the target group with the TLS 1.3 policy and HTTP
// redirected; the WAF's seven rules and IP sets of both families, logged
// with the headers redacted and associated.
func requireLoadBalancer(t *testing.T, s snapshot) {
	t.Helper()
	for key, wants := range map[string][]string{
		"security_group sg/lb": {`ingress=[tcp/443-443/0.0.0.0/0/"clients" tcp/80-80/0.0.0.0/0/"clients"]`,
			`egress=[tcp/8443-8443/10.40.128.0/20/"targets" tcp/8443-8443/10.40.144.0/20/"targets"]`},
		"load_balancer ejlb": {"scheme=internet-facing type=application ip=ipv4 vpc=vpc subnets=public/us-east-1a,public/us-east-1b groups=sg/lb ",
			"access_logs.s3.bucket=" + ejLBBucket + " access_logs.s3.enabled=true access_logs.s3.prefix=ejlb deletion_protection.enabled=true " +
				"routing.http.desync_mitigation_mode=strictest routing.http.drop_invalid_header_fields.enabled=true]", "hipaa:child=lb "},
		"target_group ejlb-s8443": {"protocol=HTTPS port=8443 vpc=vpc type=ip health=true HTTPS /healthz ", "matcher=200-399 "},
		"listener ejlb:443":       {"protocol=HTTPS policy=ELBSecurityPolicy-TLS13-1-3-2021-06 certificates=certificate actions=[forward target_group ejlb-s8443]"},
		"listener ejlb:80":        {"protocol=HTTP policy= certificates= actions=[redirect HTTPS:443 HTTP_301]"},
		"ip_set ejlb-admin-ipv4":  {"version=IPV4 addresses=[203.0.113.0/24] "},
		"ip_set ejlb-admin-ipv6":  {"version=IPV6 addresses=[2001:db8::/32] "},
		"web_acl ejlb": {`default={"Allow":{}}`, `"Action":{"Block":{}},"Name":"admin-allow-list","Priority":0`,
			`{"NotStatement":{"Statement":{"OrStatement":{"Statements":[{"IPSetReferenceStatement":{"ARN":"ip_set ejlb-admin-ipv4"}},` +
				`{"IPSetReferenceStatement":{"ARN":"ip_set ejlb-admin-ipv6"}}]}}}}`,
			`"RateBasedStatement":{"AggregateKeyType":"IP","EvaluationWindowSec":300,"Limit":1000}`,
			`"Name":"AWSManagedRulesLinuxRuleSet","OverrideAction":{"None":{}},"Priority":6`},
		"waf_logging ejlb":                               {"log-group:aws-waf-logs-ejlb]", `"Name":"authorization"`, `"Name":"cookie"`},
		"waf_association load_balancer ejlb":             {"web_acl=web_acl ejlb"},
		"log_group " + loadbalancer.LogGroupName("ejlb"): {"retention=365 kms=key alias/ej-lb "},
	} {
		if _, ok := s[key]; !ok {
			t.Errorf("the snapshot lacks %s", key)
		}
		for _, w := range wants {
			if !strings.Contains(s[key], w) {
				t.Errorf("%s lacks %s: %s", key, w, s[key])
			}
		}
	}
}

// TestAccEject_loadBalancer applies a hipaa_load_balancer (internet
// facing on a 2-AZ hipaa_vpc, egress to its app tier, an admin allow-list
// of both families) with its key and network, snapshots every object with
// the SDK, then on a reset account applies the eject with hashicorp/aws
// and requires the same objects and an empty plan. The certificate and
// the access-log bucket are made with the SDK on each side (a new
// certificate ARN after the reset; the snapshot names it). moto serves
// ELBv2 and WAFv2 itself. Destroy keeps the WAF log group, as the
// provider does (skip_destroy); moto deletes a load balancer under
// deletion protection, so the step AWS would need first (see
// LoadBalancer) is not exercised here.
func TestAccEject_loadBalancer(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cert := lbPrerequisites(t)
	want := applyHipaa(t, p.ProviderConfig()+lbNetwork+lbResource(cert, ejLBBucket, ""), nil, func() snapshot { return listLoadBalancer(t, cert) })
	requireLoadBalancer(t, want)

	acctest.Reset(t)
	cert = lbPrerequisites(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(p.ProviderConfig()+lbNetwork+lbResource(cert, ejLBBucket, "")), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, p.URL())
	tf.applyEjected(want, func() snapshot { return listLoadBalancer(t, cert) })
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))

	kept := listerOf(acctest.AWSConfig(t))
	kept.logGroup(loadbalancer.LogGroupName("ejlb"))
	kept.webACL("ejlb", "")
	left := kept.done(t)
	if _, ok := left["log_group "+loadbalancer.LogGroupName("ejlb")]; !ok || len(left) != 1 {
		t.Errorf("after destroy: %v; want only the WAF log group, kept", left)
	}
	_, err = elb.NewFromConfig(acctest.AWSConfig(t)).DescribeLoadBalancers(context.Background(), &elb.DescribeLoadBalancersInput{Names: []string{"ejlb"}})
	if err == nil || !strings.Contains(err.Error(), "LoadBalancerNotFound") {
		t.Errorf("after destroy the load balancer is still there (%v)", err)
	}
}
