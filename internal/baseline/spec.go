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
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
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
	// Replication nil: the Config buckets are not replicated (STO-08).
	Replication       *s3bucket.Target
	Region, AccountID string
	Partition         string
	Tags, DefaultTags map[string]string
	Exceptions        []compliance.Exception
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
	s.GuardDutyFeatures = lists.SortedUnique(s.GuardDutyFeatures)
	s.Standards = lists.SortedUnique(s.Standards)
	s.InspectorResourceTypes = lists.SortedUnique(s.InspectorResourceTypes)
	return s
}

// Owner is the hipaa:owner tag value: one baseline per account and region.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Region) }
