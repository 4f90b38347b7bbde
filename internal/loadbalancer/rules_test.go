package loadbalancer

import (
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
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
	"targets.cidr_blocks":           func(s *Spec) { s.Targets.CIDRBlocks = nil },
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

// findings covers every input error and violation of the package, each on
// the seed changed in one literal value.
var findings = []compliancetest.Case[Spec]{
	// input errors
	{Name: "name", Mod: func(s *Spec) { s.Name = "portal_1" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "name too long", Mod: func(s *Spec) { s.Name = strings.Repeat("p", MaxNameLen+1) }, Reads: []string{"name"}, Attr: "name"},
	{Name: "name internal-", Mod: func(s *Spec) { s.Name = "internal-portal" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "vpc", Mod: func(s *Spec) { s.VPCID = "vpc-xyz" }, Reads: []string{"vpc_id"}, Attr: "vpc_id"},
	{Name: "subnet", Mod: func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa", "sn-1"} }, Reads: []string{"subnet_ids"}, Attr: "subnet_ids"},
	{Name: "subnet twice", Mod: func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa", "subnet-0aaaaaaaaaaaaaaaa"} },
		Reads: []string{"subnet_ids"}, Attr: "subnet_ids"},
	{Name: "one subnet", Mod: func(s *Spec) { s.SubnetIDs = []string{"subnet-0aaaaaaaaaaaaaaaa"} }, Reads: []string{"subnet_ids"}, Attr: "subnet_ids"},
	{Name: "certificate", Mod: func(s *Spec) { s.CertificateARN = "arn:aws:s3:::cert" }, Reads: []string{"certificate_arn"}, Attr: "certificate_arn"},
	{Name: "no certificate", Mod: func(s *Spec) { s.CertificateARN = "" }, Reads: []string{"certificate_arn"}, Attr: "certificate_arn"},
	{Name: "certificate elsewhere", Mod: func(s *Spec) { s.CertificateARN = certWest }, Reads: []string{"certificate_arn", "region"}, Attr: "certificate_arn"},
	{Name: "unknown policy", Mod: func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-Custom" }, Reads: []string{"tls_policy"}, Attr: "tls_policy"},
	{Name: "cidr", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0/33"} }, Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks"},
	{Name: "cidr host bits", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.1/16"} }, Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks"},
	{Name: "no cidr", Mod: func(s *Spec) { s.AllowedCIDRBlocks = []string{} }, Reads: []string{"allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks"},
	{Name: "port", Mod: func(s *Spec) { s.Targets.Port = 70000 }, Reads: []string{"targets.port"}, Attr: "targets.port"},
	{Name: "protocol", Mod: func(s *Spec) { s.Targets.Protocol = "TCP" }, Reads: []string{"targets.protocol"}, Attr: "targets.protocol"},
	{Name: "target cidr", Mod: func(s *Spec) { s.Targets.CIDRBlocks = []string{"10.0.16.0/33"} }, Reads: []string{"targets.cidr_blocks"}, Attr: "targets.cidr_blocks"},
	{Name: "target cidr everywhere", Mod: func(s *Spec) { s.Targets.CIDRBlocks = []string{"10.0.16.0/20", "0.0.0.0/0"} }, Reads: []string{"targets.cidr_blocks"}, Attr: "targets.cidr_blocks"},
	{Name: "health check path", Mod: func(s *Spec) { s.Targets.HealthCheckPath = "healthz" }, Reads: []string{"targets.health_check_path"}, Attr: "targets.health_check_path"},
	{Name: "rate too low", Mod: func(s *Spec) { s.WAF.RateLimitPer5Minutes = 9 }, Reads: []string{"waf.rate_limit_per_5_minutes"}, Attr: "waf.rate_limit_per_5_minutes"},
	{Name: "rate too high", Mod: func(s *Spec) { s.WAF.RateLimitPer5Minutes = MaxRateLimit + 1 }, Reads: []string{"waf.rate_limit_per_5_minutes"}, Attr: "waf.rate_limit_per_5_minutes"},
	{Name: "rule group", Mod: func(s *Spec) { s.WAF.ManagedRuleGroups = []string{"CommonRuleSet"} }, Reads: []string{"waf.managed_rule_groups"}, Attr: "waf.managed_rule_groups[0]"},
	{Name: "rule group needs config", Mod: func(s *Spec) { s.WAF.ManagedRuleGroups = []string{"AWSManagedRulesATPRuleSet"} },
		Reads: []string{"waf.managed_rule_groups"}, Attr: "waf.managed_rule_groups[0]"},
	{Name: "baseline rule group", Mod: func(s *Spec) { s.WAF.ManagedRuleGroups = []string{"AWSManagedRulesSQLiRuleSet"} },
		Reads: []string{"waf.managed_rule_groups"}, Attr: "waf.managed_rule_groups[0]"},
	{Name: "admin cidr", Mod: func(s *Spec) { s.WAF.AllowedAdminCIDRBlocks = []string{"office"} }, Reads: []string{"waf.allowed_admin_cidr_blocks"}, Attr: "waf.allowed_admin_cidr_blocks"},
	{Name: "admin path", Mod: func(s *Spec) { s.WAF.AdminPathPrefix = "/" }, Reads: []string{"waf.admin_path_prefix"}, Attr: "waf.admin_path_prefix"},
	{Name: "bucket", Mod: func(s *Spec) { s.AccessLogBucket = "arn:aws:s3:::phi-lb-logs" }, Reads: []string{"access_log_bucket"}, Attr: "access_log_bucket"},
	{Name: "log key", Mod: func(s *Spec) { s.LogKMSKeyARN = "not-a-key" }, Reads: []string{"log_kms_key_arn"}, Attr: "log_kms_key_arn"},
	{Name: "log key elsewhere", Mod: func(s *Spec) { s.LogKMSKeyARN = keyWest }, Reads: []string{"log_kms_key_arn", "region"}, Attr: "log_kms_key_arn"},
	{Name: "log retention", Mod: func(s *Spec) { s.LogRetentionDays = 400 + 1 }, Reads: []string{"log_retention_days"}, Attr: "log_retention_days"},
	{Name: "tag", Mod: func(s *Spec) { s.Tags = map[string]string{"aws:x": "y"} }, Reads: []string{"tags"}, Attr: "tags"},
	// violations
	{Name: "TLS 1.2+1.3", Mod: func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06" }, Reads: []string{"tls_policy"}, Attr: "tls_policy", Control: "ELB-01"},
	{Name: "TLS 1.2 only", Mod: func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-TLS-1-2-Ext-2018-06" }, Reads: []string{"tls_policy"}, Attr: "tls_policy", Control: "ELB-01", Hard: true},
	{Name: "TLS 1.0", Mod: func(s *Spec) { s.TLSPolicy = "ELBSecurityPolicy-2016-08" }, Reads: []string{"tls_policy"}, Attr: "tls_policy", Control: "ELB-01", Hard: true},
	{Name: "IAM certificate", Mod: func(s *Spec) { s.CertificateARN = certIAM }, Reads: []string{"certificate_arn"}, Attr: "certificate_arn", Control: "ELB-01"},
	{Name: "no access logs", Mod: func(s *Spec) { s.AccessLogBucket = "" }, Reads: []string{"access_log_bucket"}, Attr: "access_log_bucket", Control: "ELB-03", Hard: true},
	{Name: "no log key", Mod: func(s *Spec) { s.LogKMSKeyARN = "" }, Reads: []string{"log_kms_key_arn"}, Attr: "log_kms_key_arn", Control: "ELB-05", Hard: true},
	{Name: "AWS managed log key", Mod: func(s *Spec) { s.LogKMSKeyARN = "alias/aws/logs" }, Reads: []string{"log_kms_key_arn"}, Attr: "log_kms_key_arn", Control: "ELB-05", Hard: true},
	{Name: "short log retention", Mod: func(s *Spec) { s.LogRetentionDays = 90 }, Reads: []string{"log_retention_days"}, Attr: "log_retention_days", Control: "ELB-05"},
	{Name: "admin open to all", Mod: func(s *Spec) { s.WAF.AllowedAdminCIDRBlocks = []string{"203.0.113.0/24", "0.0.0.0/0"} },
		Reads: []string{"waf.allowed_admin_cidr_blocks"}, Attr: "waf.allowed_admin_cidr_blocks", Control: "ELB-05"},
	{Name: "HTTP targets", Mod: func(s *Spec) { s.Targets.Protocol = ProtocolHTTP }, Reads: []string{"targets.protocol"}, Attr: "targets.protocol", Control: "ELB-06"},
	{Name: "internal open to all", Mod: func(s *Spec) { s.InternetFacing = false },
		Reads: []string{"internet_facing", "allowed_cidr_blocks"}, Attr: "allowed_cidr_blocks", Control: "ELB-07"},
}

// matrix is the refusal matrix of the package: its findings on the seed,
// checked by compliancetest against both rule tables.
var matrix = compliancetest.Matrix[Spec]{
	Seed:     seedSpec,
	Blankers: blankers,
	Cases:    findings,
	Evaluate: Evaluate,
	Tables: []compliancetest.Table[Spec]{
		compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules),
		compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules),
	},
}

// TestFindings checks each finding known, with every other attribute
// unknown and with each attribute it reads unknown
// (compliancetest.Matrix.CheckFindings).
func TestFindings(t *testing.T) { matrix.CheckFindings(t) }

// TestFindings_coverEveryRule: every rule makes the finding of some case.
func TestFindings_coverEveryRule(t *testing.T) { matrix.CheckCoverage(t) }

// Every control a rule cites is the load balancer's.
func TestControls_areTheResources(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range compliance.ForResource(ResourceType) {
		ids[c.ID] = true
	}
	for _, c := range findings {
		if c.Control != "" && !ids[c.Control] {
			t.Errorf("%s cites %s, not a control of %s", c.Name, c.Control, ResourceType)
		}
	}
	if len(ids) != 7 {
		t.Errorf("controls %v", ids)
	}
}
