package loadbalancer

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// blankers are the attribute paths of the hipaa_load_balancer schema and
// the provider context a rule may read, each with what the provider's
// conversion leaves in the Spec when the value is unknown.
var blankers = map[string]func(*Spec){
	"name":                          func(s *Spec) { s.Name = "" },
	"vpc_id":                        func(s *Spec) { s.VPCID = "" },
	"subnet_ids":                    func(s *Spec) { s.SubnetIDs = nil },
	"internet_facing":               func(s *Spec) { s.InternetFacing = false },
	"certificate_arn":               func(s *Spec) { s.CertificateARN = "" },
	"tls_policy":                    func(s *Spec) { s.TLSPolicy = "" },
	"allowed_cidr_blocks":           func(s *Spec) { s.AllowedCIDRBlocks = nil },
	"targets.port":                  func(s *Spec) { s.Targets.Port = 0 },
	"targets.protocol":              func(s *Spec) { s.Targets.Protocol = "" },
	"targets.health_check_path":     func(s *Spec) { s.Targets.HealthCheckPath = "" },
	"waf.rate_limit_per_5_minutes":  func(s *Spec) { s.WAF.RateLimitPer5Minutes = 0 },
	"waf.managed_rule_groups":       func(s *Spec) { s.WAF.ManagedRuleGroups = nil },
	"waf.allowed_admin_cidr_blocks": func(s *Spec) { s.WAF.AllowedAdminCIDRBlocks = nil },
	"waf.admin_path_prefix":         func(s *Spec) { s.WAF.AdminPathPrefix = "" },
	"access_log_bucket":             func(s *Spec) { s.AccessLogBucket = "" },
	"log_kms_key_arn":               func(s *Spec) { s.LogKMSKeyARN = "" },
	"log_retention_days":            func(s *Spec) { s.LogRetentionDays = 0 },
	"tags":                          func(s *Spec) { s.Tags = nil },
	"exceptions":                    func(s *Spec) { s.Exceptions = nil },
	"region":                        func(s *Spec) { s.Region = "" },
	"account_id":                    func(s *Spec) { s.AccountID = "" },
	"partition":                     func(s *Spec) { s.Partition = "" },
}

// finding is one expected finding: an input error (control "") or a
// violation, on attr, from a rule that reads exactly reads.
type finding struct {
	name    string
	mod     func(*Spec)
	reads   []string
	attr    string
	control string
	hard    bool
}

// findings covers every input error and violation of the package, each on
// the seed changed in one literal value.
var findings = []finding{
	// input errors
	{"name", func(s *Spec) { s.Name = "portal_1" }, []string{"name"}, "name", "", false},
	{"name too long", func(s *Spec) { s.Name = strings.Repeat("p", MaxNameLen+1) }, []string{"name"}, "name", "", false},
	{"name internal-", func(s *Spec) { s.Name = "internal-portal" }, []string{"name"}, "name", "", false},
	{"vpc", func(s *Spec) { s.VPCID = "vpc-xyz" }, []string{"vpc_id"}, "vpc_id", "", false},
	{"subnet", func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa", "sn-1"} }, []string{"subnet_ids"}, "subnet_ids[1]", "", false},
	{"subnet twice", func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa", "subnet-0aaaaaaaaaaaaaaaa"} },
		[]string{"subnet_ids"}, "subnet_ids[1]", "", false},
	{"one subnet", func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa"} }, []string{"subnet_ids"}, "subnet_ids", "", false},
	{"certificate", func(s *Spec) { s.CertificateARN = "arn:aws:s3:::cert" }, []string{"certificate_arn"}, "certificate_arn", "", false},
	{"no certificate", func(s *Spec) { s.CertificateARN = "" }, []string{"certificate_arn"}, "certificate_arn", "", false},
	{"certificate elsewhere", func(s *Spec) { s.CertificateARN = certWest }, []string{"certificate_arn", "region"}, "certificate_arn", "", false},
	{"unknown policy", func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-Custom" }, []string{"tls_policy"}, "tls_policy", "", false},
	{"cidr", func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0/33"} }, []string{"allowed_cidr_blocks"}, "allowed_cidr_blocks[0]", "", false},
	{"cidr host bits", func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.1/16"} }, []string{"allowed_cidr_blocks"}, "allowed_cidr_blocks[0]", "", false},
	{"no cidr", func(s *Spec) { s.AllowedCIDRBlocks = []string{} }, []string{"allowed_cidr_blocks"}, "allowed_cidr_blocks", "", false},
	{"port", func(s *Spec) { s.Targets.Port = 70000 }, []string{"targets.port"}, "targets.port", "", false},
	{"protocol", func(s *Spec) { s.Targets.Protocol = "TCP" }, []string{"targets.protocol"}, "targets.protocol", "", false},
	{"health check path", func(s *Spec) { s.Targets.HealthCheckPath = "healthz" }, []string{"targets.health_check_path"}, "targets.health_check_path", "", false},
	{"rate too low", func(s *Spec) { s.WAF.RateLimitPer5Minutes = 9 }, []string{"waf.rate_limit_per_5_minutes"}, "waf.rate_limit_per_5_minutes", "", false},
	{"rate too high", func(s *Spec) { s.WAF.RateLimitPer5Minutes = MaxRateLimit + 1 }, []string{"waf.rate_limit_per_5_minutes"}, "waf.rate_limit_per_5_minutes", "", false},
	{"rule group", func(s *Spec) { s.WAF.ManagedRuleGroups = []string{"CommonRuleSet"} }, []string{"waf.managed_rule_groups"}, "waf.managed_rule_groups[0]", "", false},
	{"rule group needs config", func(s *Spec) { s.WAF.ManagedRuleGroups = []string{"AWSManagedRulesATPRuleSet"} },
		[]string{"waf.managed_rule_groups"}, "waf.managed_rule_groups[0]", "", false},
	{"baseline rule group", func(s *Spec) { s.WAF.ManagedRuleGroups = []string{"AWSManagedRulesSQLiRuleSet"} },
		[]string{"waf.managed_rule_groups"}, "waf.managed_rule_groups[0]", "", false},
	{"admin cidr", func(s *Spec) { s.WAF.AllowedAdminCIDRBlocks = []string{"office"} }, []string{"waf.allowed_admin_cidr_blocks"}, "waf.allowed_admin_cidr_blocks[0]", "", false},
	{"admin path", func(s *Spec) { s.WAF.AdminPathPrefix = "/" }, []string{"waf.admin_path_prefix"}, "waf.admin_path_prefix", "", false},
	{"bucket", func(s *Spec) { s.AccessLogBucket = "arn:aws:s3:::phi-lb-logs" }, []string{"access_log_bucket"}, "access_log_bucket", "", false},
	{"log key", func(s *Spec) { s.LogKMSKeyARN = "not-a-key" }, []string{"log_kms_key_arn"}, "log_kms_key_arn", "", false},
	{"log key elsewhere", func(s *Spec) { s.LogKMSKeyARN = keyWest }, []string{"log_kms_key_arn", "region"}, "log_kms_key_arn", "", false},
	{"log retention", func(s *Spec) { s.LogRetentionDays = 400 + 1 }, []string{"log_retention_days"}, "log_retention_days", "", false},
	{"tag", func(s *Spec) { s.Tags = map[string]string{"aws:x": "y"} }, []string{"tags"}, "tags", "", false},
	// violations
	{"TLS 1.2+1.3", func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06" }, []string{"tls_policy"}, "tls_policy", "ELB-01", false},
	{"TLS 1.2 only", func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-TLS-1-2-Ext-2018-06" }, []string{"tls_policy"}, "tls_policy", "ELB-01", true},
	{"TLS 1.0", func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-2016-08" }, []string{"tls_policy"}, "tls_policy", "ELB-01", true},
	{"IAM certificate", func(s *Spec) { s.CertificateARN = certIAM }, []string{"certificate_arn"}, "certificate_arn", "ELB-01", false},
	{"no access logs", func(s *Spec) { s.AccessLogBucket = "" }, []string{"access_log_bucket"}, "access_log_bucket", "ELB-03", true},
	{"no log key", func(s *Spec) { s.LogKMSKeyARN = "" }, []string{"log_kms_key_arn"}, "log_kms_key_arn", "ELB-05", true},
	{"AWS managed log key", func(s *Spec) { s.LogKMSKeyARN = "alias/aws/logs" }, []string{"log_kms_key_arn"}, "log_kms_key_arn", "ELB-05", true},
	{"short log retention", func(s *Spec) { s.LogRetentionDays = 90 }, []string{"log_retention_days"}, "log_retention_days", "ELB-05", false},
	{"admin open to all", func(s *Spec) { s.WAF.AllowedAdminCIDRBlocks = []string{"203.0.113.0/24", "0.0.0.0/0"} },
		[]string{"waf.allowed_admin_cidr_blocks"}, "waf.allowed_admin_cidr_blocks[1]", "ELB-05", false},
	{"HTTP targets", func(s *Spec) { s.Targets.Protocol = ProtocolHTTP }, []string{"targets.protocol"}, "targets.protocol", "ELB-06", false},
	{"internal open to all", func(s *Spec) { s.InternetFacing = false },
		[]string{"internet_facing", "allowed_cidr_blocks"}, "allowed_cidr_blocks[0]", "ELB-07", false},
}

func allFindings(f compliance.Findings) []any {
	var out []any
	for _, e := range f.Input {
		out = append(out, e)
	}
	for _, v := range f.Violations {
		out = append(out, v)
	}
	return out
}

func (c finding) matches(x any) bool {
	switch x := x.(type) {
	case InputError:
		return c.control == "" && x.Attribute == c.attr
	case compliance.Violation:
		return c.control == x.Control && x.Attribute == c.attr && x.Hard == c.hard
	}
	return false
}

// related reports whether path p is one of reads, or above or below one.
func related(p string, reads []string) bool {
	for _, r := range reads {
		if p == r || strings.HasPrefix(r, p+".") || strings.HasPrefix(p, r+".") {
			return true
		}
	}
	return false
}

func unknownAt(paths ...string) compliance.Unknown {
	var u compliance.Unknown
	for _, p := range paths {
		u.Value(p)
	}
	return u
}

// ruleFindings are the findings of every rule of both tables that does
// not read path, on the known spec.
func ruleFindings(s Spec, path string) []any {
	d, u := s.WithDefaults(), unknownAt(path)
	var out []any
	for _, r := range inputRules {
		if !slices.ContainsFunc(r.Reads, u.Blocks) {
			for _, e := range r.Check(d) {
				out = append(out, e)
			}
		}
	}
	for _, r := range controlRules {
		if !slices.ContainsFunc(r.Reads, u.Blocks) {
			for _, v := range r.Check(d) {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestFindings checks each input error and violation three ways: with
// every value known and literal; with every attribute its rule does not
// read unknown, where the same finding still stands; and with each
// attribute it reads unknown, where exactly the rules reading it are
// skipped: the finding goes, every other rule's findings stay.
func TestFindings(t *testing.T) {
	var paths []string
	for p := range blankers {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, c := range findings {
		t.Run(c.name, func(t *testing.T) {
			s := seedSpec()
			c.mod(&s)
			known := allFindings(Evaluate(s, compliance.Unknown{}))
			want := slices.DeleteFunc(slices.Clone(known), func(x any) bool { return !c.matches(x) })
			if len(want) == 0 {
				t.Fatalf("no finding on %s (control %q) in %v", c.attr, c.control, known)
			}
			for _, r := range c.reads {
				if _, ok := blankers[r]; !ok {
					t.Fatalf("reads %s, which is no path", r)
				}
			}

			others, u := s, compliance.Unknown{}
			for _, p := range paths {
				if !related(p, c.reads) {
					blankers[p](&others)
					u.Value(p)
				}
			}
			got := allFindings(Evaluate(others, u))
			for _, w := range want {
				if !slices.ContainsFunc(got, func(x any) bool { return reflect.DeepEqual(x, w) }) {
					t.Errorf("with every other attribute unknown, %+v is gone: %v", w, got)
				}
			}

			for _, r := range c.reads {
				b := s
				blankers[r](&b)
				got := allFindings(Evaluate(b, unknownAt(r)))
				for _, w := range want {
					if slices.ContainsFunc(got, func(x any) bool { return reflect.DeepEqual(x, w) }) {
						t.Errorf("with %s unknown, %+v still stands", r, w)
					}
				}
				for _, o := range ruleFindings(s, r) {
					if !slices.ContainsFunc(got, func(x any) bool { return reflect.DeepEqual(x, o) }) {
						t.Errorf("with %s unknown, %+v of a rule that does not read it is gone", r, o)
					}
				}
			}
		})
	}
}

// Every rule of both tables produces at least one finding of the table.
func TestFindings_coverEveryRule(t *testing.T) {
	fired := map[int]bool{}
	for _, c := range findings {
		s := seedSpec()
		c.mod(&s)
		d := s.WithDefaults()
		for i, r := range inputRules {
			for _, e := range r.Check(d) {
				fired[i] = fired[i] || c.matches(e)
			}
		}
		for i, r := range controlRules {
			for _, v := range r.Check(d) {
				fired[len(inputRules)+i] = fired[len(inputRules)+i] || c.matches(v)
			}
		}
	}
	for i := range len(inputRules) + len(controlRules) {
		if !fired[i] {
			t.Errorf("rule %d (of %d input, %d control rules) has no case in findings", i, len(inputRules), len(controlRules))
		}
	}
}

// Every control a rule cites is the load balancer's.
func TestControls_areTheResources(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range compliance.ForResource(ResourceType) {
		ids[c.ID] = true
	}
	for _, c := range findings {
		if c.control != "" && !ids[c.control] {
			t.Errorf("%s cites %s, not a control of %s", c.name, c.control, ResourceType)
		}
	}
	if len(ids) != 7 {
		t.Errorf("controls %v", ids)
	}
}
