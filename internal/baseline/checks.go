package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Check returns the DET violations of s.WithDefaults(). GuardDuty, Security
// Hub and the Config recorder are always on, the Config bucket is hardened
// and every password character class is required, by construction.
func Check(s Spec) []compliance.Violation {
	s = s.WithDefaults()
	var v []compliance.Violation
	add := func(control, attr, format string, args ...any) {
		v = append(v, compliance.Violation{Control: control, Attribute: attr, Detail: fmt.Sprintf(format, args...)})
	}
	if m := missing(RequiredGuardDuty, s.GuardDutyFeatures); len(m) > 0 {
		add("DET-01", "guardduty.features", "GuardDuty would not watch %s; keep %s in features", strings.Join(m, ", "), strings.Join(RequiredGuardDuty, " and "))
	}
	if m := missing(DefaultStandards, s.Standards); len(m) > 0 {
		add("DET-02", "security_hub.standards", "Security Hub would not check %s; keep FSBP, CIS and NIST 800-53 r5 (there is no HIPAA standard)", strings.Join(m, ", "))
	}
	if !s.ConformancePack {
		add("DET-03", "config.conformance_pack", "without the conformance pack no AWS Config rule evaluates the HIPAA controls; set conformance_pack = true")
	}
	if !s.AccessAnalyzer {
		add("DET-04", "access_analyzer", "without IAM Access Analyzer nobody is told when a policy shares a resource outside the account; set access_analyzer = true")
	}
	if m := missing(DefaultInspector, s.InspectorResourceTypes); len(m) > 0 {
		add("DET-05", "inspector.resource_types", "Inspector would not scan %s; keep EC2, ECR and LAMBDA", strings.Join(m, ", "))
	}
	if !s.S3AccountPublicAccessBlock {
		add("DET-06", "s3_account_public_access_block", "without the account-level block any bucket can be made public; set it to true")
	}
	v = append(v, checkPassword(s.PasswordPolicy)...)
	return v
}

// checkPassword: an unmanaged policy is a violation by itself; the strength
// floors apply only to a policy this resource writes.
func checkPassword(p PasswordPolicy) []compliance.Violation {
	var v []compliance.Violation
	add := func(attr, format string, args ...any) {
		v = append(v, compliance.Violation{Control: "DET-06", Attribute: attr, Detail: fmt.Sprintf(format, args...)})
	}
	if p.Unmanaged {
		add("password_policy.enabled", "without a managed password policy the account's IAM users may have weak, never-expiring passwords; "+
			"set password_policy.enabled = true, or waive DET-06 where another region's baseline manages it")
		return v
	}
	if p.MinimumLength < MinPasswordLength {
		add("password_policy.minimum_length", "%d characters is weaker than the floor of %d; use %d or more", p.MinimumLength, MinPasswordLength, MinPasswordLength)
	}
	if p.MaxAgeDays > MaxPasswordAgeDays {
		add("password_policy.max_age_days", "passwords would live %d days, longer than %d; use %d or fewer", p.MaxAgeDays, MaxPasswordAgeDays, MaxPasswordAgeDays)
	}
	if p.ReusePrevention < MinReusePrevention {
		add("password_policy.reuse_prevention", "only %d previous passwords remembered; use %d", p.ReusePrevention, MinReusePrevention)
	}
	return v
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
