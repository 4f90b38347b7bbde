package backupplan

import (
	"fmt"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Check returns the BAK violations of s.WithDefaults(), with every
// argument known. BAK-02 holds by construction: every vault gets the
// access policy of policy.go. BAK-01 holds once kms_key_arn and every
// copy_to kms_key_arn name customer-managed keys.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

// controlRules each name the attribute paths they read.
var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: compliance.R("kms_key_arn"), Check: checkKey},
	{Reads: compliance.R("rules.copy_to.kms_key_arn"), Check: checkCopyKeys},
	{Reads: compliance.R("vault_lock.mode"), Check: checkLock},
	{Reads: compliance.R("rules.schedule", "rules.continuous", "rules.retention_days"), Check: checkFrequencyAndRetention},
	{Reads: compliance.R("rules.copy_to"), Check: checkCrossRegionCopy},
	{Reads: compliance.R("resource_arns", "selection_tags"), Check: checkSelection},
}

// checkKey: the vault is encrypted with the customer-managed key
// kms_key_arn names; an empty value, an alias or an AWS managed key cannot
// be waived.
func checkKey(s Spec) []compliance.Violation {
	if s.KMSKeyARN == "" {
		return []compliance.Violation{{Control: "BAK-01", Attribute: "kms_key_arn", Hard: true,
			Detail: "kms_key_arn is empty: the backup vault must be encrypted with a customer-managed key; use hipaa_kms_key.<name>.arn"}}
	}
	return compliance.KeyViolations("BAK-01", "kms_key_arn", s.KMSKeyARN)
}

// checkCopyKeys: each copy vault is encrypted the same way, with a key of
// its region.
func checkCopyKeys(s Spec) []compliance.Violation {
	var out []compliance.Violation
	for i, r := range s.Rules {
		for j, c := range r.CopyTo {
			attr := copyAttr(i, j, "kms_key_arn")
			if c.KMSKeyARN == "" {
				out = append(out, compliance.Violation{Control: "BAK-01", Attribute: attr, Hard: true, Detail: fmt.Sprintf(
					"%s is empty: the copy vault must be encrypted with a customer-managed key of its region; use the ARN of a hipaa_kms_key there", attr)})
				continue
			}
			out = append(out, compliance.KeyViolations("BAK-01", attr, c.KMSKeyARN)...)
		}
	}
	return out
}

// checkLock: only a compliance lock keeps recovery points from everyone,
// root included, once its cooling-off ends. A governance lock can be
// removed by anyone with the IAM permission; without a lock, the access
// policy (BAK-02) is all that stands, and it can be removed too.
func checkLock(s Spec) []compliance.Violation {
	switch v := s.VaultLock; {
	case v == nil:
		return []compliance.Violation{{Control: "BAK-03", Attribute: "vault_lock", Detail: fmt.Sprintf(
			"vault_lock is not set: anyone who may remove the vault's access policy can then delete recovery points; set vault_lock = { mode = %q, min_retention_days, max_retention_days }",
			LockCompliance)}}
	case v.Mode == LockGovernance:
		return []compliance.Violation{{Control: "BAK-03", Attribute: "vault_lock.mode", Detail: fmt.Sprintf(
			"mode is %q: users with the IAM permission can remove a governance lock and then delete recovery points; use mode = %q (after changeable_for_days nobody, root included, can)",
			LockGovernance, LockCompliance)}}
	}
	return nil
}

// checkFrequencyAndRetention is BAK-04's "at least daily, kept at least 35
// days", judged on the plan as a whole, like the AWS Config rule
// backup-plan-min-frequency-and-min-retention-check ("a backup plan has a
// backup rule that satisfies" both): the plan passes when at least one
// rule runs at least daily (a continuous rule runs all the time) and keeps
// its recovery points 35 days or more. A rule that only adds recovery
// points, such as intra-day snapshots kept 14 days beside daily backups
// kept 730 days, or monthly backups kept 7 years, weakens nothing and is
// not refused; judged rule by rule, such a plan would need an exception
// for its strongest part.
func checkFrequencyAndRetention(s Spec) []compliance.Violation {
	var seen []string
	for i, r := range s.Rules {
		daily, how := ruleFrequency(r)
		if daily && r.RetentionDays >= RequiredRetentionDays {
			return nil
		}
		seen = append(seen, fmt.Sprintf("rules[%d] %s and keeps %d days", i, how, r.RetentionDays))
	}
	if len(seen) == 0 {
		return nil // no rule at all is an input error
	}
	return []compliance.Violation{{Control: "BAK-04", Attribute: "rules", Detail: fmt.Sprintf(
		"no rule backs up at least daily and keeps its recovery points %d days or more (%s); add or change a rule to run at least daily, such as cron(0 5 ? * * *), with retention_days of %d or more",
		RequiredRetentionDays, strings.Join(seen, "; "), RequiredRetentionDays)}}
}

// ruleFrequency reports whether r runs at least daily, and how it runs.
func ruleFrequency(r Rule) (daily bool, how string) {
	if r.Continuous {
		return true, "backs up continuously"
	}
	sch, err := ParseSchedule(r.Schedule)
	if err != nil {
		return false, "has no valid schedule"
	}
	f, ok := sch.Frequency()
	if !ok {
		return false, "never runs"
	}
	return f.Daily(), f.String()
}

// checkCrossRegionCopy: BAK-04 asks for a copy in another region, on any
// rule.
func checkCrossRegionCopy(s Spec) []compliance.Violation {
	if len(s.Rules) == 0 {
		return nil
	}
	for _, r := range s.Rules {
		if len(r.CopyTo) > 0 {
			return nil
		}
	}
	return []compliance.Violation{{Control: "BAK-04", Attribute: "rules", Detail: "no rule copies its recovery points to another region, so losing this region loses the backups; add copy_to = [{ region, kms_key_arn }] to a rule, such as the daily one"}}
}

// checkSelection: AWS Backup refuses a selection with neither resources
// nor tags ("Either 'ListOfTags' or 'Resources' section must be
// non-empty"), and such a plan protects nothing.
func checkSelection(s Spec) []compliance.Violation {
	if len(s.ResourceARNs) > 0 || len(s.SelectionTags) > 0 {
		return nil
	}
	return []compliance.Violation{{Control: "BAK-05", Attribute: "resource_arns", Hard: true,
		Detail: "neither resource_arns nor selection_tags selects anything, and AWS Backup refuses an empty selection: list the PHI stores to back up, such as hipaa_database.<name>.arn and hipaa_bucket.<name>.arn, or select them by tag with selection_tags"}}
}
