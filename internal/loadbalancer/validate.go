package loadbalancer

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// MaxNameLen is the longest load balancer and target group name AWS
// accepts.
const MaxNameLen = 32

// MinSubnets: an Application Load Balancer needs subnets in at least two
// availability zones.
const MinSubnets = 2

// MaxPathLen is the longest health check path AWS accepts.
const MaxPathLen = 1024

var (
	// load balancer and target group names: letters, digits and hyphens,
	// not starting or ending with a hyphen.
	nameRE   = regexp.MustCompile(fmt.Sprintf(`^[A-Za-z0-9]([A-Za-z0-9-]{0,%d}[A-Za-z0-9])?$`, MaxNameLen-2))
	vpcRE    = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetRE = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	// arn:<partition>:acm:<region>:<account>:certificate/<id>, or an IAM
	// server certificate.
	acmCertRE = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-f-]{36}$`)
	iamCertRE = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:server-certificate/\S+$`)
	bucketRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// AWS managed rule group names.
	ruleGroupRE = regexp.MustCompile(`^AWSManagedRules[A-Za-z0-9]{1,100}$`)
	pathRE      = regexp.MustCompile(`^/[A-Za-z0-9/_.~%-]*$`)
)

// configuredRuleGroups need a ManagedRuleGroupConfigs this resource does
// not take (login or sign-up paths), so AWS would refuse them bare.
var configuredRuleGroups = []string{"AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet"}

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

// Validate reports input no mode accepts, with every argument known.
func Validate(s Spec) []InputError { return Evaluate(s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check of s.WithDefaults()
// whose arguments are known (u lists the unknown ones).
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	d := s.WithDefaults()
	return compliance.Findings{Input: compliance.Apply(d, u, inputRules), Violations: compliance.Apply(d, u, controlRules)}
}

type inputRule = compliance.Rule[Spec, InputError]

// inputRules each name the attribute paths they read, so an unknown
// argument hides only the rules that read it.
var inputRules = []inputRule{
	{Reads: compliance.R("name"), Check: validateName},
	{Reads: compliance.R("vpc_id"), Check: validateVPC},
	{Reads: []compliance.Read{compliance.Each("subnet_ids")}, Check: validateSubnets},
	{Reads: []compliance.Read{compliance.Count("subnet_ids")}, Check: validateSubnetCount},
	{Reads: compliance.R("certificate_arn"), Check: validateCertificate},
	{Reads: compliance.R("certificate_arn", "region"), Check: validateCertificateRegion},
	{Reads: compliance.R("tls_policy"), Check: validateTLSPolicy},
	{Reads: []compliance.Read{compliance.Each("allowed_cidr_blocks")}, Check: validateAllowedCIDRs},
	{Reads: []compliance.Read{compliance.Count("allowed_cidr_blocks")}, Check: validateAllowedCount},
	{Reads: compliance.R("targets.port"), Check: validateTargetPort},
	{Reads: compliance.R("targets.protocol"), Check: validateTargetProtocol},
	{Reads: compliance.R("targets.health_check_path"), Check: validateHealthCheckPath},
	{Reads: []compliance.Read{compliance.Each("targets.cidr_blocks")}, Check: validateTargetCIDRs},
	{Reads: compliance.R("waf.rate_limit_per_5_minutes"), Check: validateRateLimit},
	{Reads: []compliance.Read{compliance.Each("waf.managed_rule_groups")}, Check: validateRuleGroups},
	{Reads: []compliance.Read{compliance.Each("waf.allowed_admin_cidr_blocks")}, Check: validateAdminCIDRs},
	{Reads: compliance.R("waf.admin_path_prefix"), Check: validateAdminPath},
	{Reads: compliance.R("access_log_bucket"), Check: validateAccessLogBucket},
	{Reads: compliance.R("log_kms_key_arn"), Check: validateLogKey},
	{Reads: compliance.R("log_kms_key_arn", "region"), Check: validateLogKeyRegion},
	{Reads: compliance.R("log_retention_days"), Check: validateLogRetention},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}

func validateName(s Spec) []InputError {
	if nameRE.MatchString(s.Name) && !strings.HasPrefix(s.Name, "internal-") {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q: use 1 to %d letters, digits and hyphens, not starting or ending with a hyphen nor starting with \"internal-\" (it names the load balancer and its target group)",
		s.Name, MaxNameLen)}}
}

func validateVPC(s Spec) []InputError {
	if vpcRE.MatchString(s.VPCID) {
		return nil
	}
	return []InputError{{Attribute: "vpc_id", Detail: fmt.Sprintf("%q is not a VPC ID such as hipaa_vpc.<name>.id (vpc-0123456789abcdef0)", s.VPCID)}}
}

func validateSubnets(s Spec) []InputError {
	var errs []InputError
	seen := map[string]bool{}
	for _, id := range s.SubnetIDs {
		const attr = "subnet_ids" // a set: its elements have no index
		switch {
		case !subnetRE.MatchString(id):
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%q is not a subnet ID such as subnet-0123456789abcdef0", id)})
		case seen[id]:
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%s is listed twice", id)})
		}
		seen[id] = true
	}
	return errs
}

func validateSubnetCount(s Spec) []InputError {
	if len(s.SubnetIDs) >= MinSubnets {
		return nil
	}
	return []InputError{{Attribute: "subnet_ids", Detail: fmt.Sprintf(
		"%d subnets: an Application Load Balancer needs subnets in at least %d availability zones; use hipaa_vpc.<name>.public_subnet_ids (internet_facing = true) or app_subnet_ids",
		len(s.SubnetIDs), MinSubnets)}}
}

func validateCertificate(s Spec) []InputError {
	if acmCertRE.MatchString(s.CertificateARN) || iamCertRE.MatchString(s.CertificateARN) {
		return nil
	}
	return []InputError{{Attribute: "certificate_arn", Detail: fmt.Sprintf(
		"%q is not a certificate ARN: the HTTPS listener needs an ACM certificate, such as aws_acm_certificate.<name>.arn", s.CertificateARN)}}
}

// validateCertificateRegion: a listener uses an ACM certificate of its
// own region only.
func validateCertificateRegion(s Spec) []InputError {
	m := acmCertRE.FindStringSubmatch(s.CertificateARN)
	if m == nil || s.Region == "" || m[1] == s.Region {
		return nil
	}
	return []InputError{{Attribute: "certificate_arn", Detail: fmt.Sprintf(
		"the certificate is in %s; the load balancer is in %s and can use only an ACM certificate of that region: request or import one there", m[1], s.Region)}}
}

func validateTLSPolicy(s Spec) []InputError {
	if _, ok := TLSPolicies[s.TLSPolicy]; ok {
		return nil
	}
	return []InputError{{Attribute: "tls_policy", Detail: fmt.Sprintf(
		"%q is not a predefined ELB security policy an HTTPS listener accepts: use %q (TLS 1.3 only)", s.TLSPolicy, DefaultTLSPolicy)}}
}

// cidrErrors refuses each element of blocks at attr (a set: the message
// names the element) that is no CIDR block with its host bits clear, or is
// listed twice.
func cidrErrors(attr string, blocks []string) []InputError {
	var errs []InputError
	seen := map[string]bool{}
	for _, b := range blocks {
		a := attr
		p, err := netip.ParsePrefix(b)
		switch {
		case err != nil:
			errs = append(errs, InputError{Attribute: a, Detail: fmt.Sprintf("%q is not a CIDR block such as 203.0.113.0/24", b)})
		case p.Masked() != p:
			errs = append(errs, InputError{Attribute: a, Detail: fmt.Sprintf("%q has host bits set: use %s", b, p.Masked())})
		case seen[b]:
			errs = append(errs, InputError{Attribute: a, Detail: fmt.Sprintf("%s is listed twice", b)})
		}
		seen[b] = true
	}
	return errs
}

func validateAllowedCIDRs(s Spec) []InputError {
	return cidrErrors("allowed_cidr_blocks", s.AllowedCIDRBlocks)
}

func validateAllowedCount(s Spec) []InputError {
	if len(s.AllowedCIDRBlocks) > 0 {
		return nil
	}
	return []InputError{{Attribute: "allowed_cidr_blocks", Detail: "is empty, so no client can reach the load balancer: list the CIDR blocks that may connect on 443, such as [\"0.0.0.0/0\"] for a public site or the VPC's CIDR block for an internal one"}}
}

func validateTargetPort(s Spec) []InputError {
	if p := s.Targets.Port; p < 1 || p > 65535 {
		return []InputError{{Attribute: "targets.port", Detail: fmt.Sprintf("%d: use the port the targets listen on, 1 to 65535", p)}}
	}
	return nil
}

func validateTargetProtocol(s Spec) []InputError {
	if slices.Contains(Protocols, s.Targets.Protocol) {
		return nil
	}
	return []InputError{{Attribute: "targets.protocol", Detail: fmt.Sprintf("%q: use %q (default) or %q", s.Targets.Protocol, ProtocolHTTPS, ProtocolHTTP)}}
}

// validateTargetCIDRs: the targets' blocks bound the only egress; every
// address is no bound.
func validateTargetCIDRs(s Spec) []InputError {
	errs := cidrErrors("targets.cidr_blocks", s.Targets.CIDRBlocks)
	for _, b := range s.Targets.CIDRBlocks {
		if p, err := netip.ParsePrefix(b); err == nil && p.Bits() == 0 {
			errs = append(errs, InputError{Attribute: "targets.cidr_blocks", Detail: fmt.Sprintf(
				"%s would let the load balancer send anywhere: list the targets' subnets, or leave cidr_blocks out to reach the app tier of the hipaa_vpc", b)})
		}
	}
	return errs
}

func validateHealthCheckPath(s Spec) []InputError {
	if p := s.Targets.HealthCheckPath; pathRE.MatchString(p) && len(p) <= MaxPathLen {
		return nil
	}
	return []InputError{{Attribute: "targets.health_check_path", Detail: fmt.Sprintf(
		"%q: use a path starting with /, up to 1024 characters, such as /healthz", s.Targets.HealthCheckPath)}}
}

func validateRateLimit(s Spec) []InputError {
	if r := s.WAF.RateLimitPer5Minutes; r < MinRateLimit || r > MaxRateLimit {
		return []InputError{{Attribute: "waf.rate_limit_per_5_minutes", Detail: fmt.Sprintf(
			"%d: AWS WAF takes a rate limit of %d to %d requests per client IP per 5 minutes (default %d)", r, MinRateLimit, MaxRateLimit, DefaultRateLimit)}}
	}
	return nil
}

func validateRuleGroups(s Spec) []InputError {
	var errs []InputError
	seen := map[string]bool{}
	for i, g := range s.WAF.ManagedRuleGroups {
		attr := fmt.Sprintf("waf.managed_rule_groups[%d]", i)
		switch {
		case !ruleGroupRE.MatchString(g):
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf(
				"%q is not an AWS managed rule group name such as AWSManagedRulesLinuxRuleSet", g)})
		case slices.Contains(configuredRuleGroups, g):
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf(
				"%s needs a configuration (login or sign-up paths) this resource does not take; remove it", g)})
		case slices.Contains(BaselineRuleGroups, g):
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf(
				"%s is always in the web ACL (with %s); remove it", g, lists.Quoted(BaselineRuleGroups))})
		case seen[g]:
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%s is listed twice", g)})
		}
		seen[g] = true
	}
	return errs
}

func validateAdminCIDRs(s Spec) []InputError {
	return cidrErrors("waf.allowed_admin_cidr_blocks", s.WAF.AllowedAdminCIDRBlocks)
}

func validateAdminPath(s Spec) []InputError {
	if p := s.WAF.AdminPathPrefix; pathRE.MatchString(p) && len(p) <= MaxPathLen && p != "/" {
		return nil
	}
	return []InputError{{Attribute: "waf.admin_path_prefix", Detail: fmt.Sprintf(
		"%q: use the path under which the admin pages live, such as %s (\"/\" would close the whole site to all but the admin allow-list)",
		s.WAF.AdminPathPrefix, DefaultAdminPathPrefix)}}
}

// validateAccessLogBucket: an empty bucket is ELB-03's finding.
func validateAccessLogBucket(s Spec) []InputError {
	b := s.AccessLogBucket
	if b == "" || (bucketRE.MatchString(b) && !strings.Contains(b, "..")) {
		return nil
	}
	return []InputError{{Attribute: "access_log_bucket", Detail: fmt.Sprintf(
		"%q is not an S3 bucket name: name the bucket (not its ARN), such as aws_s3_bucket.<name>.bucket", b)}}
}

func validateLogKey(s Spec) []InputError {
	return compliance.KeyInputErrors("log_kms_key_arn", s.LogKMSKeyARN)
}

func validateLogKeyRegion(s Spec) []InputError {
	return compliance.KeyRegionErrors("log_kms_key_arn", s.LogKMSKeyARN, s.Region, "the WAF log group")
}

func validateLogRetention(s Spec) []InputError {
	if slices.Contains(AllowedRetentionDays, s.LogRetentionDays) {
		return nil
	}
	return []InputError{{Attribute: "log_retention_days", Detail: fmt.Sprintf(
		"%d: CloudWatch Logs accepts %s", s.LogRetentionDays, lists.Ints(AllowedRetentionDays))}}
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
