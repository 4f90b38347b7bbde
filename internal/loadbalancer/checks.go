package loadbalancer

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Check returns the ELB violations of s.WithDefaults(), with every
// argument known. ELB-02 and ELB-04 hold by construction: the load
// balancer's attributes (expand.go) are not arguments. ELB-01's redirect,
// ELB-05's rule groups and rate rule, and ELB-07's egress hold the same
// way; what an argument can weaken is checked here.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

// controlRules each name the attribute paths they read.
var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: compliance.R("tls_policy"), Check: checkTLSPolicy},
	{Reads: compliance.R("certificate_arn"), Check: checkCertificate},
	{Reads: compliance.R("access_log_bucket"), Check: checkAccessLogs},
	{Reads: compliance.R("log_kms_key_arn"), Check: checkLogKey},
	{Reads: compliance.R("log_retention_days"), Check: checkLogRetention},
	{Reads: []compliance.Read{compliance.Each("waf.allowed_admin_cidr_blocks")}, Check: checkAdminCIDRs},
	{Reads: compliance.R("targets.protocol"), Check: checkTargetProtocol},
	{Reads: []compliance.Read{{Path: "internet_facing"}, compliance.Each("allowed_cidr_blocks")}, Check: checkInternalSources},
}

// checkTLSPolicy: TLS 1.3 only passes; TLS 1.2+1.3 needs an exception;
// a policy without TLS 1.3, or accepting TLS 1.0 or 1.1, is never
// accepted. An unknown policy is an input error, not a finding here.
func checkTLSPolicy(s Spec) []compliance.Violation {
	switch TLSPolicies[s.TLSPolicy] {
	case TLS12And13:
		return []compliance.Violation{{Control: "ELB-01", Attribute: "tls_policy", Detail: fmt.Sprintf(
			"%q also negotiates TLS 1.2: use %q (TLS 1.3 only), or list an exception for ELB-01 naming the clients that cannot speak TLS 1.3",
			s.TLSPolicy, DefaultTLSPolicy)}}
	case TLS12Only:
		return []compliance.Violation{{Control: "ELB-01", Attribute: "tls_policy", Hard: true, Detail: fmt.Sprintf(
			"%q does not negotiate TLS 1.3: use %q (TLS 1.3 only)", s.TLSPolicy, DefaultTLSPolicy)}}
	case TLSLegacy:
		return []compliance.Violation{{Control: "ELB-01", Attribute: "tls_policy", Hard: true, Detail: fmt.Sprintf(
			"%q accepts TLS 1.0 or 1.1, which no exception can make safe for PHI: use %q (TLS 1.3 only)", s.TLSPolicy, DefaultTLSPolicy)}}
	}
	return nil
}

// checkCertificate: an IAM server certificate is not renewed by ACM
// (elbv2-acm-certificate-required); it needs an exception.
func checkCertificate(s Spec) []compliance.Violation {
	if !iamCertRE.MatchString(s.CertificateARN) {
		return nil
	}
	return []compliance.Violation{{Control: "ELB-01", Attribute: "certificate_arn",
		Detail: "is an IAM server certificate, which nothing renews before it expires: use an ACM certificate (aws_acm_certificate.<name>.arn)"}}
}

// checkAccessLogs: access logs are always on, so they need a bucket.
func checkAccessLogs(s Spec) []compliance.Violation {
	if s.AccessLogBucket != "" {
		return nil
	}
	return []compliance.Violation{{Control: "ELB-03", Attribute: "access_log_bucket", Hard: true,
		Detail: "access_log_bucket is not set: the load balancer always writes access logs; name a bucket in this region, encrypted with S3-managed keys (the only encryption ALB access logs support), whose policy lets Elastic Load Balancing write to it"}}
}

// checkLogKey: the WAF log group is encrypted with a customer-managed key.
func checkLogKey(s Spec) []compliance.Violation {
	if s.LogKMSKeyARN == "" {
		return []compliance.Violation{{Control: "ELB-05", Attribute: "log_kms_key_arn", Hard: true,
			Detail: "log_kms_key_arn is not set: the WAF log group (" + WAFLogGroupPrefix + "<name>) holds request details (paths, headers, client IPs) and is encrypted with a customer-managed key; use hipaa_kms_key.<name>.arn (allowed_services including logs)"}}
	}
	return compliance.KeyViolations("ELB-05", "log_kms_key_arn", s.LogKMSKeyARN)
}

func checkLogRetention(s Spec) []compliance.Violation {
	if r := s.LogRetentionDays; r < MinLogRetentionDays && slices.Contains(AllowedRetentionDays, r) {
		return []compliance.Violation{{Control: "ELB-05", Attribute: "log_retention_days", Detail: fmt.Sprintf(
			"log_retention_days is %d: keep WAF logs at least %d days", r, MinLogRetentionDays)}}
	}
	return nil
}

// checkAdminCIDRs: an admin allow-list that admits everyone guards
// nothing.
func checkAdminCIDRs(s Spec) []compliance.Violation {
	var out []compliance.Violation
	for _, b := range s.WAF.AllowedAdminCIDRBlocks {
		if p, err := netip.ParsePrefix(b); err == nil && p.Bits() == 0 {
			out = append(out, compliance.Violation{Control: "ELB-05", Attribute: "waf.allowed_admin_cidr_blocks", Detail: fmt.Sprintf(
				"%s admits every address to the admin paths: list only the approved admin networks", b)})
		}
	}
	return out
}

func checkTargetProtocol(s Spec) []compliance.Violation {
	if s.Targets.Protocol != ProtocolHTTP {
		return nil
	}
	return []compliance.Violation{{Control: "ELB-06", Attribute: "targets.protocol", Detail: fmt.Sprintf(
		"is %q: requests, PHI included, would cross the VPC in clear text; serve TLS on the targets and use %q, or list an exception for ELB-06",
		ProtocolHTTP, ProtocolHTTPS)}}
}

// checkInternalSources: an internal load balancer open to every address
// is reachable from anything routed into the VPC (peering, VPN, transit).
func checkInternalSources(s Spec) []compliance.Violation {
	if s.InternetFacing {
		return nil
	}
	var out []compliance.Violation
	for _, b := range s.AllowedCIDRBlocks {
		if p, err := netip.ParsePrefix(b); err == nil && p.Bits() == 0 {
			out = append(out, compliance.Violation{Control: "ELB-07", Attribute: "allowed_cidr_blocks", Detail: fmt.Sprintf(
				"%s on an internal load balancer admits every network routed into the VPC: list the clients' CIDR blocks, such as the VPC's or the app tier's", b)})
		}
	}
	return out
}
