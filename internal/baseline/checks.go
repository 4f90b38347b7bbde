package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// Check returns the DET violations of s.WithDefaults(), with every argument
// known. GuardDuty, Security Hub and the Config recorder are always on, the
// Config bucket is hardened and every password character class is
// required, by construction.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

type controlRule = compliance.Rule[Spec, compliance.Violation]

// rawControlRules read s before WithDefaults (see rawInputRules).
var rawControlRules = []controlRule{
	{Reads: compliance.R("ebs_default_encryption_kms_key_arn"), Check: checkEBSKeyKind},
}

// controlRules each name what they read. The password floors read enabled
// too: they apply only to a policy this resource writes.
var controlRules = []controlRule{
	{Reads: compliance.R("kms_key_arn"), Check: checkKeyKind},
	{Reads: compliance.R("guardduty.features"), Check: checkGuardDuty},
	{Reads: compliance.R("security_hub.standards"), Check: checkStandards},
	{Reads: compliance.R("config.conformance_pack"), Check: checkConformancePack},
	{Reads: compliance.R("access_analyzer"), Check: checkAccessAnalyzer},
	{Reads: compliance.R("inspector.resource_types"), Check: checkInspector},
	{Reads: compliance.R("s3_account_public_access_block"), Check: checkS3Block},
	{Reads: compliance.R("password_policy.enabled"), Check: checkPasswordManaged},
	{Reads: compliance.R("password_policy.enabled", "password_policy.minimum_length"), Check: checkPasswordLength},
	{Reads: compliance.R("password_policy.enabled", "password_policy.max_age_days"), Check: checkPasswordAge},
	{Reads: compliance.R("password_policy.enabled", "password_policy.reuse_prevention"), Check: checkPasswordReuse},
	s3bucket.TargetControlRule(func(s Spec) *s3bucket.Target { return s.Replication }),
}

func violation(control, attr, format string, args ...any) []compliance.Violation {
	return []compliance.Violation{{Control: control, Attribute: attr, Detail: fmt.Sprintf(format, args...)}}
}

// checkKeyKind: the Config bucket and conformance pack (DET-03) need a
// customer managed key, not an alias or an AWS managed key.
func checkKeyKind(s Spec) []compliance.Violation {
	return compliance.KeyViolations("DET-03", "kms_key_arn", s.KMSKeyARN)
}

// checkEBSKeyKind: EBS encryption by default (DET-06) with the customer
// key; unset, it is kms_key_arn, which checkKeyKind checks.
func checkEBSKeyKind(s Spec) []compliance.Violation {
	return compliance.KeyViolations("DET-06", "ebs_default_encryption_kms_key_arn", s.EBSKMSKeyARN)
}

func checkGuardDuty(s Spec) []compliance.Violation {
	if m := missing(RequiredGuardDuty, s.GuardDutyFeatures); len(m) > 0 {
		return violation("DET-01", "guardduty.features", "GuardDuty would not watch %s; keep %s in features",
			strings.Join(m, ", "), strings.Join(RequiredGuardDuty, " and "))
	}
	return nil
}

func checkStandards(s Spec) []compliance.Violation {
	if m := missing(DefaultStandards, s.Standards); len(m) > 0 {
		return violation("DET-02", "security_hub.standards",
			"Security Hub would not check %s; keep FSBP, CIS and NIST 800-53 r5 (there is no HIPAA standard)", strings.Join(m, ", "))
	}
	return nil
}

func checkConformancePack(s Spec) []compliance.Violation {
	if s.ConformancePack {
		return nil
	}
	return violation("DET-03", "config.conformance_pack",
		"without the conformance pack no AWS Config rule evaluates the HIPAA controls; set conformance_pack = true")
}

func checkAccessAnalyzer(s Spec) []compliance.Violation {
	if s.AccessAnalyzer {
		return nil
	}
	return violation("DET-04", "access_analyzer",
		"without IAM Access Analyzer nobody is told when a policy shares a resource outside the account; set access_analyzer = true")
}

func checkInspector(s Spec) []compliance.Violation {
	if m := missing(DefaultInspector, s.InspectorResourceTypes); len(m) > 0 {
		return violation("DET-05", "inspector.resource_types", "Inspector would not scan %s; keep EC2, ECR and LAMBDA", strings.Join(m, ", "))
	}
	return nil
}

func checkS3Block(s Spec) []compliance.Violation {
	if s.S3AccountPublicAccessBlock {
		return nil
	}
	return violation("DET-06", "s3_account_public_access_block", "without the account-level block any bucket can be made public; set it to true")
}

// checkPasswordManaged: an unmanaged policy is a violation by itself; the
// strength floors apply only to a policy this resource writes.
func checkPasswordManaged(s Spec) []compliance.Violation {
	if !s.PasswordPolicy.Unmanaged {
		return nil
	}
	return violation("DET-06", "password_policy.enabled",
		"without a managed password policy the account's IAM users may have weak, never-expiring passwords; "+
			"set password_policy.enabled = true, or waive DET-06 where another region's baseline manages it")
}

func checkPasswordLength(s Spec) []compliance.Violation {
	if p := s.PasswordPolicy; !p.Unmanaged && p.MinimumLength < MinPasswordLength {
		return violation("DET-06", "password_policy.minimum_length", "%d characters is weaker than the floor of %d; use %d or more",
			p.MinimumLength, MinPasswordLength, MinPasswordLength)
	}
	return nil
}

func checkPasswordAge(s Spec) []compliance.Violation {
	if p := s.PasswordPolicy; !p.Unmanaged && p.MaxAgeDays > MaxPasswordAgeDays {
		return violation("DET-06", "password_policy.max_age_days", "passwords would live %d days, longer than %d; use %d or fewer",
			p.MaxAgeDays, MaxPasswordAgeDays, MaxPasswordAgeDays)
	}
	return nil
}

func checkPasswordReuse(s Spec) []compliance.Violation {
	if p := s.PasswordPolicy; !p.Unmanaged && p.ReusePrevention < MinReusePrevention {
		return violation("DET-06", "password_policy.reuse_prevention", "only %d previous passwords remembered; use %d",
			p.ReusePrevention, MinReusePrevention)
	}
	return nil
}

// missing lists the wanted values absent from have.
func missing(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}
