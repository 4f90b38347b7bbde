package loadbalancer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current expansion")

const (
	account  = "123456789012"
	keyEast  = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	keyWest  = "arn:aws:kms:us-west-2:123456789012:key/22222222-3333-4444-5555-666666666666"
	certEast = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
	certWest = "arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
	certIAM  = "arn:aws:iam::123456789012:server-certificate/portal"
)

// seedSpec is medCLOUD's portal: internet-facing, TLS 1.3 only, admin
// pages only from two approved networks.
func seedSpec() Spec {
	return Spec{Name: "portal", VPCID: "vpc-0123456789abcdef0",
		SubnetIDs:      []string{"subnet-0bbbbbbbbbbbbbbbb", "subnet-0aaaaaaaaaaaaaaaa"},
		InternetFacing: true, CertificateARN: certEast,
		AllowedCIDRBlocks: []string{"0.0.0.0/0"},
		Targets:           Targets{Port: 8443, HealthCheckPath: "/healthz"},
		WAF: WAF{RateLimitPer5Minutes: 1000, ManagedRuleGroups: []string{"AWSManagedRulesLinuxRuleSet"},
			AllowedAdminCIDRBlocks: []string{"203.0.113.0/24", "2001:db8::/32", "198.51.100.7/32"}},
		AccessLogBucket: "phi-lb-logs", LogKMSKeyARN: keyEast, LogRetentionDays: 731,
		Region: "us-east-1", AccountID: account, Tags: map[string]string{"app": "portal"}}
}

func mustExpand(t *testing.T, s Spec) Layout {
	t.Helper()
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSeed_compliant(t *testing.T) {
	f := Evaluate(seedSpec(), compliance.Unknown{})
	if len(f.Input) != 0 || len(f.Violations) != 0 {
		t.Fatalf("seed: %+v", f)
	}
}

func TestWithDefaults(t *testing.T) {
	s := Spec{Name: "x", SubnetIDs: []string{"subnet-0aaaaaaaaaaaaaaaa"}}
	d := s.WithDefaults()
	if d.TLSPolicy != DefaultTLSPolicy || d.Targets.Protocol != ProtocolHTTPS || d.Targets.HealthCheckPath != "/" ||
		d.WAF.RateLimitPer5Minutes != DefaultRateLimit || d.WAF.AdminPathPrefix != DefaultAdminPathPrefix ||
		d.LogRetentionDays != DefaultLogRetentionDays || d.Partition != "aws" {
		t.Fatalf("defaults %+v", d)
	}
	if TLSPolicies[DefaultTLSPolicy] != TLS13Only {
		t.Fatal("the default policy must be TLS 1.3 only")
	}
	d.SubnetIDs[0] = "changed"
	if s.SubnetIDs[0] != "subnet-0aaaaaaaaaaaaaaaa" {
		t.Fatal("WithDefaults shares subnet_ids")
	}
	set := seedSpec()
	set.TLSPolicy, set.Targets.Protocol = "ELBSecurityPolicy-TLS13-1-2-2021-06", ProtocolHTTP
	if d := set.WithDefaults(); d.TLSPolicy != set.TLSPolicy || d.Targets.Protocol != ProtocolHTTP {
		t.Fatal("WithDefaults overrides set values")
	}
}

// The TLS 1.2+1.3 policy is refused without an exception for ELB-01 and
// a warning with one; a policy without TLS 1.3 stays refused either way.
func TestTLSPolicy_exception(t *testing.T) {
	ex := []compliance.Exception{{Control: "ELB-01", Reason: "legacy kiosks speak TLS 1.2 until 2026-12"}}
	for _, c := range []struct {
		policy     string
		ex         []compliance.Exception
		wantErr    bool
		wantWaived bool
	}{
		{DefaultTLSPolicy, nil, false, false},
		{"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", nil, false, false},
		{"ELBSecurityPolicy-TLS13-1-2-2021-06", nil, true, false},
		{"ELBSecurityPolicy-TLS13-1-2-2021-06", ex, false, true},
		{"ELBSecurityPolicy-TLS13-1-2-Res-2021-06", ex, false, true},
		{"ELBSecurityPolicy-TLS-1-2-2017-01", ex, true, false},
		{"ELBSecurityPolicy-2016-08", ex, true, false},
		{"ELBSecurityPolicy-TLS13-1-0-2021-06", ex, true, false},
	} {
		s := seedSpec()
		s.TLSPolicy, s.Exceptions = c.policy, c.ex
		r := compliance.Evaluate(ResourceType, compliance.ModeEnforce, Check(s), s.Exceptions)
		if r.HasErrors() != c.wantErr || (len(r.Waivers) == 1) != c.wantWaived {
			t.Errorf("%s with %d exceptions: errors %v, waivers %v: %+v", c.policy, len(c.ex), r.HasErrors(), r.Waivers, r.Diagnostics)
		}
		_, err := Expand(s)
		if hard := len(compliance.HardOnly(Check(s))) > 0; (err != nil) != hard {
			t.Errorf("%s: Expand error %v, hard violations %v", c.policy, err, hard)
		}
	}
	s := seedSpec()
	s.TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	s.Exceptions = ex
	if l := mustExpand(t, s); l.HTTPSListener.SSLPolicy != s.TLSPolicy {
		t.Fatalf("waived policy not applied: %q", l.HTTPSListener.SSLPolicy)
	}
}

// An HTTP target needs an exception for ELB-06; with one it is built.
func TestTargetProtocol_exception(t *testing.T) {
	s := seedSpec()
	s.Targets.Protocol = ProtocolHTTP
	if r := compliance.Evaluate(ResourceType, compliance.ModeEnforce, Check(s), nil); !r.HasErrors() {
		t.Fatal("HTTP targets accepted without an exception")
	}
	s.Exceptions = []compliance.Exception{{Control: "ELB-06", Reason: "sidecar terminates TLS"}}
	if r := compliance.Evaluate(ResourceType, compliance.ModeEnforce, Check(s), s.Exceptions); r.HasErrors() || len(r.Waivers) != 1 {
		t.Fatalf("waived: %+v", r)
	}
	if l := mustExpand(t, s); l.TargetGroup.Protocol != "HTTP" || l.TargetGroup.HealthCheck.Protocol != "HTTP" {
		t.Fatalf("target group %+v", l.TargetGroup)
	}
}

// Every policy the list knows is classified, and every policy AWS would
// refuse (one not listed) is an input error.
func TestTLSPolicies(t *testing.T) {
	for p, lvl := range TLSPolicies {
		if !strings.HasPrefix(p, "ELBSecurityPolicy-") || lvl < TLSLegacy || lvl > TLS13Only {
			t.Errorf("%s: level %d", p, lvl)
		}
		if strings.Contains(p, "TLS13-1-3") != (lvl == TLS13Only) {
			t.Errorf("%s classified %d", p, lvl)
		}
	}
	for _, p := range []string{"ELBSecurityPolicy-TLS13-1-3-2099-01", "Custom", "elbsecuritypolicy-tls13-1-3-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01 "} {
		s := seedSpec()
		s.TLSPolicy = p
		if errs := Validate(s); len(errs) != 1 || errs[0].Attribute != "tls_policy" {
			t.Errorf("%q: %v", p, errs)
		}
	}
}

func TestExpand_seed(t *testing.T) {
	l := mustExpand(t, seedSpec())
	attrs := map[string]string{}
	for _, a := range l.LoadBalancer.Attributes {
		attrs[a.Key] = a.Value
	}
	want := map[string]string{AttrDropInvalidHeaders: "true", AttrDesyncMitigation: "strictest", AttrDeletionProtection: "true",
		AttrAccessLogs: "true", AttrAccessLogBucket: "phi-lb-logs"}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, attrs[k], v)
		}
	}
	if h := l.HTTPListener; h.Forward || h.Redirect == nil || *h.Redirect != (Redirect{"HTTPS", "443", "HTTP_301"}) {
		t.Errorf("HTTP listener %+v", h)
	}
	if h := l.HTTPSListener; !h.Forward || h.SSLPolicy != DefaultTLSPolicy || h.CertificateARN != certEast || h.Port != 443 {
		t.Errorf("HTTPS listener %+v", h)
	}
	sg := l.SecurityGroup
	if len(sg.Ingress) != 2 || sg.Ingress[0].Port != 443 || sg.Ingress[1].Port != 80 ||
		!slices.Equal(sg.Ingress[0].CIDRBlocks, []string{"0.0.0.0/0"}) || !slices.Equal(sg.Ingress[1].CIDRBlocks, []string{"0.0.0.0/0"}) {
		t.Errorf("ingress %+v", sg.Ingress)
	}
	if len(sg.Egress) != 1 || sg.Egress[0].Port != 8443 || !sg.Egress[0].ToAppTier || len(sg.Egress[0].CIDRBlocks) != 0 {
		t.Errorf("egress %+v", sg.Egress)
	}
	var groups []string
	for i, r := range l.WebACL.Rules {
		if r.Priority != i {
			t.Errorf("rule %s priority %d at %d", r.Name, r.Priority, i)
		}
		if r.ManagedRuleGroup != "" {
			groups = append(groups, r.ManagedRuleGroup)
		}
	}
	if !slices.Equal(groups, append(slices.Clone(BaselineRuleGroups), "AWSManagedRulesLinuxRuleSet")) {
		t.Errorf("managed groups %v", groups)
	}
	if l.WebACL.Scope != "REGIONAL" || l.WebACL.Rules[1].RateLimit != 1000 || l.WebACL.Rules[0].AdminPathPrefix != "/admin" {
		t.Errorf("web ACL %+v", l.WebACL)
	}
	if l.AdminIPSet == nil || !slices.Equal(l.AdminIPSet.IPv4, []string{"198.51.100.7/32", "203.0.113.0/24"}) || !slices.Equal(l.AdminIPSet.IPv6, []string{"2001:db8::/32"}) {
		t.Errorf("admin IP set %+v", l.AdminIPSet)
	}
	if g := l.LogGroup; g.Name != "aws-waf-logs-portal" || g.KMSKeyARN != keyEast || g.RetentionDays != 731 || l.WAFLogging.LogGroupName != g.Name {
		t.Errorf("log group %+v, logging %+v", g, l.WAFLogging)
	}
	if l.LoadBalancer.Tags["hipaa:owner"] == "" || l.LoadBalancer.Tags["app"] != "portal" {
		t.Errorf("tags %v", l.LoadBalancer.Tags)
	}
}

// Without an admin allow-list there is no IP set, no admin rule, and the
// web ACL depends on nothing.
func TestExpand_noAdminAllowList(t *testing.T) {
	s := seedSpec()
	s.WAF.AllowedAdminCIDRBlocks = nil
	l := mustExpand(t, s)
	if l.AdminIPSet != nil || l.WebACL.Rules[0].Name != "rate-limit" {
		t.Fatalf("%+v %+v", l.AdminIPSet, l.WebACL.Rules[0])
	}
	checkChildren(t, l)
	for _, c := range l.Children() {
		if c.Key == KeyAdminIPSet || (c.Key == KeyWebACL && len(c.DependsOn) != 0) {
			t.Errorf("child %+v", c)
		}
	}
}

func TestExpand_refuses(t *testing.T) {
	s := seedSpec()
	s.AccessLogBucket, s.TLSPolicy, s.Name = "", "ELBSecurityPolicy-2016-08", "bad name"
	_, err := Expand(s)
	if err == nil {
		t.Fatal("expanded")
	}
	for _, w := range []string{"name:", "ELB-01", "ELB-03", `hipaa_load_balancer "bad name"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
}

func checkChildren(t *testing.T, l Layout) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range l.Children() {
		if seen[c.Key] {
			t.Errorf("duplicate key %s", c.Key)
		}
		for _, d := range c.DependsOn {
			if !seen[d] {
				t.Errorf("%s depends on %s, which does not come earlier", c.Key, d)
			}
		}
		seen[c.Key] = true
		if !slices.Contains(Kinds, c.Kind) {
			t.Errorf("%s has unknown kind %s", c.Key, c.Kind)
		}
	}
}

// Every kind is owned by some child, and the children form a graph the
// executor schedules (docs/diagrams/hipaa_load_balancer.svg draws it).
func TestChildren(t *testing.T) {
	l := mustExpand(t, seedSpec())
	checkChildren(t, l)
	kinds := map[Kind]bool{}
	var keys []string
	for _, c := range l.Children() {
		kinds[c.Kind] = true
		keys = append(keys, c.Key)
	}
	for _, k := range Kinds {
		if !kinds[k] {
			t.Errorf("kind %s has no child", k)
		}
	}
	want := []string{"sg/lb", "sg/lb/ingress", "sg/lb/egress", "lb", "tg", "listener/https", "listener/http", "log-group/waf",
		"waf/ip-set/admin", "waf/acl", "waf/association", "waf/logging"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys\n got  %q\n want %q", keys, want)
	}
	g := executor.Graph(l.Children())
	if len(g) != len(want) {
		t.Fatalf("graph %v", g)
	}
}

type golden struct {
	Layout   Layout
	Children []Child
}

// TestExpand_golden: the layout of the seed must never change unnoticed;
// a changed file means every existing load balancer would plan changes.
func TestExpand_golden(t *testing.T) {
	l := mustExpand(t, seedSpec())
	got, err := json.MarshalIndent(golden{l, l.Children()}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	again, _ := json.MarshalIndent(golden{mustExpand(t, seedSpec()), l.Children()}, "", "  ")
	if !bytes.Equal(got[:len(got)-1], again) {
		t.Fatal("expansion is not deterministic")
	}
	path := filepath.Join("testdata", "golden", "portal.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/loadbalancer/ -run TestExpand_golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("layout differs from %s: an existing load balancer would change; run with -update if the change is intended", path)
	}
}
