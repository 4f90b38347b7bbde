// Package baseline is hipaa_security_baseline: the account-and-region-wide
// detection and hardening one HIPAA workload account needs — GuardDuty,
// Security Hub with its standards, AWS Config with a delivery bucket and
// the HIPAA conformance pack, IAM Access Analyzer, Inspector, EBS
// encryption by default, the account S3 public access block and the IAM
// password policy.
//
// The pure core (spec.go, checks.go, expand.go, conformance.go) does no
// I/O and knows nothing of the plugin framework; observe.go, apply.go and
// destroy.go are the executor.
package baseline

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_security_baseline"

// GuardDuty features (DetectorFeature) and finding frequencies.
var (
	GuardDutyFeatures      = []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "EKS_RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"}
	DefaultGuardDuty       = []string{"EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"}
	RequiredGuardDuty      = []string{"RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"} // DET-01
	FindingFrequencies     = []string{"FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"}
	DefaultFrequency       = "FIFTEEN_MINUTES"
	InspectorResourceTypes = []string{"EC2", "ECR", "LAMBDA", "LAMBDA_CODE"}
	DefaultInspector       = []string{"EC2", "ECR", "LAMBDA"} // DET-05
)

// Security Hub standards, by the part of their ARN after "standards/".
const (
	StandardFSBP = "aws-foundational-security-best-practices/v/1.0.0"
	StandardCIS  = "cis-aws-foundations-benchmark/v/3.0.0"
	StandardNIST = "nist-800-53/v/5.0.0"
)

// DefaultStandards are the standards DET-02 asks for; there is no HIPAA
// standard in Security Hub.
var DefaultStandards = []string{StandardFSBP, StandardCIS, StandardNIST}

// Password policy: the contract's floor (DET-06) and IAM's limits.
const (
	MinPasswordLength     = 14
	MaxPasswordAgeDays    = 90
	MinReusePrevention    = 24
	iamMaxPasswordLength  = 128
	iamMinPasswordLength  = 6
	iamMaxPasswordAge     = 1095
	iamMaxReusePrevention = 24
)

// PasswordPolicy is the account's IAM password policy; every character
// class is always required. The policy is one object per account, so in an
// account with baselines in several regions only one of them manages it:
// Unmanaged (password_policy.enabled = false) leaves the account's policy
// alone — never written, read or deleted — and is a DET-06 violation that
// needs an exception. Its zero value manages the policy.
type PasswordPolicy struct {
	Unmanaged       bool
	MinimumLength   int
	MaxAgeDays      int
	ReusePrevention int
}

// Spec is the plain description of one hipaa_security_baseline.
type Spec struct {
	KMSKeyARN                  string // Config delivery bucket and conformance pack
	GuardDutyFeatures          []string
	FindingFrequency           string
	Standards                  []string
	ConformancePack            bool
	AccessAnalyzer             bool
	InspectorResourceTypes     []string
	EBSKMSKeyARN               string // default: KMSKeyARN
	S3AccountPublicAccessBlock bool
	PasswordPolicy             PasswordPolicy
	DisableOnDestroy           bool
	Region, AccountID          string
	Partition                  string
	Tags, DefaultTags          map[string]string
	Exceptions                 []compliance.Exception
}

// Default returns the compliant spec every argument defaults to.
func Default() Spec {
	return Spec{GuardDutyFeatures: slices.Clone(DefaultGuardDuty), FindingFrequency: DefaultFrequency, Standards: slices.Clone(DefaultStandards),
		ConformancePack: true, AccessAnalyzer: true, InspectorResourceTypes: slices.Clone(DefaultInspector), S3AccountPublicAccessBlock: true,
		PasswordPolicy: PasswordPolicy{MinimumLength: MinPasswordLength, MaxAgeDays: MaxPasswordAgeDays, ReusePrevention: MinReusePrevention}}
}

// WithDefaults fills values the provider leaves unset.
func (s Spec) WithDefaults() Spec {
	if s.FindingFrequency == "" {
		s.FindingFrequency = DefaultFrequency
	}
	if s.EBSKMSKeyARN == "" {
		s.EBSKMSKeyARN = s.KMSKeyARN
	}
	if s.Partition == "" {
		s.Partition = "aws"
	}
	s.GuardDutyFeatures = sortedUnique(s.GuardDutyFeatures)
	s.Standards = sortedUnique(s.Standards)
	s.InspectorResourceTypes = sortedUnique(s.InspectorResourceTypes)
	return s
}

// Owner is the hipaa:owner tag value: one baseline per account and region.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Region) }

// InputError is input that cannot describe any baseline.
type InputError struct{ Attribute, Detail string }

func (e InputError) Error() string { return e.Attribute + ": " + e.Detail }

var (
	keyARNRE   = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[0-9a-f-]{36}$`)
	standardRE = regexp.MustCompile(`^[a-z0-9-]+/v/\d+\.\d+\.\d+$`)
)

// Validate reports input no mode accepts.
func Validate(s Spec) []InputError {
	s = s.WithDefaults()
	var errs []InputError
	add := func(attr, format string, args ...any) {
		errs = append(errs, InputError{attr, fmt.Sprintf(format, args...)})
	}
	if !keyARNRE.MatchString(s.KMSKeyARN) {
		add("kms_key_arn", "%q is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases and AWS-managed keys are refused", s.KMSKeyARN)
	}
	if s.EBSKMSKeyARN != s.KMSKeyARN && !keyARNRE.MatchString(s.EBSKMSKeyARN) {
		add("ebs_default_encryption_kms_key_arn", "%q is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); the AWS-managed aws/ebs key is refused (DET-06)", s.EBSKMSKeyARN)
	}
	for _, f := range s.GuardDutyFeatures {
		if !slices.Contains(GuardDutyFeatures, f) {
			add("guardduty.features", "%q is not a GuardDuty feature; use any of %s", f, strings.Join(GuardDutyFeatures, ", "))
		}
	}
	if !slices.Contains(FindingFrequencies, s.FindingFrequency) {
		add("guardduty.finding_publishing_frequency", "%q: use one of %s", s.FindingFrequency, strings.Join(FindingFrequencies, ", "))
	}
	for _, st := range s.Standards {
		if !standardRE.MatchString(st) {
			add("security_hub.standards", "%q is not a standard ID such as %q (the part of the standard ARN after \"standards/\")", st, StandardFSBP)
		}
	}
	for _, t := range s.InspectorResourceTypes {
		if !slices.Contains(InspectorResourceTypes, t) {
			add("inspector.resource_types", "%q: use any of %s", t, strings.Join(InspectorResourceTypes, ", "))
		}
	}
	p := s.PasswordPolicy
	if p.MinimumLength < iamMinPasswordLength || p.MinimumLength > iamMaxPasswordLength {
		add("password_policy.minimum_length", "%d: IAM accepts %d to %d", p.MinimumLength, iamMinPasswordLength, iamMaxPasswordLength)
	}
	if p.MaxAgeDays < 1 || p.MaxAgeDays > iamMaxPasswordAge {
		add("password_policy.max_age_days", "%d: IAM accepts 1 to %d days", p.MaxAgeDays, iamMaxPasswordAge)
	}
	if p.ReusePrevention < 1 || p.ReusePrevention > iamMaxReusePrevention {
		add("password_policy.reuse_prevention", "%d: IAM remembers 1 to %d passwords", p.ReusePrevention, iamMaxReusePrevention)
	}
	for k := range s.Tags {
		if tags.IsReserved(k) || strings.HasPrefix(k, "aws:") {
			add("tags", "%q is reserved", k)
		}
	}
	return errs
}

func sortedUnique(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}
