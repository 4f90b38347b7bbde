package backupplan

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmsarn"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// MaxNameLen keeps every name derived from name within AWS's limits: a
// vault name has at most 50 characters, and a copy vault is
// "<name>-from-<region>" with regions of up to 15 characters.
const MaxNameLen = 50 - len("-from-") - 15

var (
	// vault names: letters, digits, hyphens and underscores; plan, rule
	// and selection names also take dots.
	nameRE     = regexp.MustCompile(fmt.Sprintf(`^[A-Za-z0-9_-]{2,%d}$`, MaxNameLen))
	ruleNameRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,50}$`)
	regionRE   = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
	// arn:<partition>:<service>:<region>:<account>:<resource>; S3 leaves
	// region and account empty.
	arnRE = regexp.MustCompile(`^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):([0-9]{12})?:\S+$`)
)

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
	{Reads: compliance.R("kms_key_arn"), Check: validateKey},
	{Reads: compliance.R("kms_key_arn", "region"), Check: validateKeyRegion},
	{Reads: compliance.R("vault_lock.mode"), Check: validateLockMode},
	{Reads: compliance.R("vault_lock.changeable_for_days"), Check: validateChangeableForDays},
	{Reads: compliance.R("vault_lock.mode", "vault_lock.changeable_for_days"), Check: validateGovernanceWindow},
	{Reads: compliance.R("vault_lock.min_retention_days"), Check: validateLockMin},
	{Reads: compliance.R("vault_lock.max_retention_days"), Check: validateLockMax},
	{Reads: compliance.R("vault_lock.min_retention_days", "vault_lock.max_retention_days"), Check: validateLockOrder},
	{Reads: []compliance.Read{compliance.Count("rules")}, Check: validateRuleCount},
	{Reads: compliance.R("rules.name"), Check: validateRuleNames},
	{Reads: compliance.R("rules.schedule"), Check: validateSchedules},
	{Reads: compliance.R("rules.schedule", "rules.continuous"), Check: validateScheduleRequired},
	{Reads: compliance.R("rules.retention_days"), Check: validateRetention},
	{Reads: compliance.R("rules.retention_days", "rules.continuous"), Check: validateContinuousRetention},
	{Reads: compliance.R("rules.cold_storage_after_days", "rules.retention_days"), Check: validateColdStorage},
	{Reads: compliance.R("rules.start_window_minutes"), Check: validateStartWindow},
	{Reads: compliance.R("rules.start_window_minutes", "rules.completion_window_minutes"), Check: validateCompletionWindow},
	{Reads: compliance.R("rules.copy_to.region"), Check: validateCopyRegions},
	{Reads: compliance.R("rules.copy_to.region", "region"), Check: validateCopyElsewhere},
	{Reads: compliance.R("rules.copy_to.kms_key_arn"), Check: validateCopyKeys},
	{Reads: compliance.R("rules.copy_to.kms_key_arn", "rules.copy_to.region"), Check: validateCopyKeyRegions},
	{Reads: compliance.R("rules.copy_to.retention_days", "rules.retention_days"), Check: validateCopyRetention},
	{Reads: compliance.R("vault_lock.min_retention_days", "vault_lock.max_retention_days", "rules.retention_days"), Check: validateLockedRetention},
	{Reads: compliance.R("vault_lock.min_retention_days", "vault_lock.max_retention_days", "rules.copy_to.retention_days", "rules.retention_days"),
		Check: validateLockedCopyRetention},
	{Reads: compliance.R("resource_arns"), Check: validateResourceARNs},
	{Reads: []compliance.Read{compliance.Each("selection_tags")}, Check: validateSelectionTags},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}

// ruleAttr is the path of a rule's attribute: rules[1].schedule.
func ruleAttr(i int, attr string) string { return fmt.Sprintf("rules[%d].%s", i, attr) }

// copyAttr is the path of a copy's attribute: rules[0].copy_to[1].region.
func copyAttr(i, j int, attr string) string {
	return fmt.Sprintf("rules[%d].copy_to[%d].%s", i, j, attr)
}

func validateName(s Spec) []InputError {
	if nameRE.MatchString(s.Name) {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q: use 2 to %d letters, digits, hyphens and underscores (it names the plan, the selection and the vault; the copy vaults are \"<name>-from-<region>\", and a vault name has at most 50 characters)",
		s.Name, MaxNameLen)}}
}

func validateKey(s Spec) []InputError { return compliance.KeyInputErrors("kms_key_arn", s.KMSKeyARN) }

// validateKeyRegion: a vault uses a key of its own region only.
func validateKeyRegion(s Spec) []InputError {
	return compliance.KeyRegionErrors("kms_key_arn", s.KMSKeyARN, s.Region, "the vault")
}

func validateLockMode(s Spec) []InputError {
	if s.VaultLock == nil || slices.Contains(LockModes, s.VaultLock.Mode) {
		return nil
	}
	return []InputError{{Attribute: "vault_lock.mode", Detail: fmt.Sprintf("%q is not a Vault Lock mode; use %q or %q", s.VaultLock.Mode, LockCompliance, LockGovernance)}}
}

// validateChangeableForDays: AWS Backup takes a ChangeableForDays of 3 to
// 36500 (PutBackupVaultLockConfiguration).
func validateChangeableForDays(s Spec) []InputError {
	if s.VaultLock == nil {
		return nil
	}
	switch c := s.VaultLock.ChangeableForDays; {
	case c != 0 && c < MinChangeableForDays:
		return []InputError{{Attribute: "vault_lock.changeable_for_days", Detail: fmt.Sprintf(
			"%d: AWS Backup requires at least %d days (72 hours) of cooling-off before a compliance lock takes effect; until then the lock can be changed or removed, after it nobody, root included, can shorten retention, delete a recovery point early or delete the vault while it holds recovery points: use %d or more",
			c, MinChangeableForDays, MinChangeableForDays)}}
	case c > MaxLockDays:
		return []InputError{{Attribute: "vault_lock.changeable_for_days", Detail: fmt.Sprintf("%d: AWS Backup takes at most %d days", c, MaxLockDays)}}
	}
	return nil
}

// validateGovernanceWindow: a lock with ChangeableForDays is a compliance
// lock, so a governance lock has none.
func validateGovernanceWindow(s Spec) []InputError {
	if v := s.VaultLock; v != nil && v.Mode == LockGovernance && v.ChangeableForDays != 0 {
		return []InputError{{Attribute: "vault_lock.changeable_for_days", Detail: fmt.Sprintf(
			"%d: a governance lock has no cooling-off (AWS Backup makes a lock with a changeable period a compliance lock); remove changeable_for_days, or use mode = %q",
			v.ChangeableForDays, LockCompliance)}}
	}
	return nil
}

func validateLockMin(s Spec) []InputError {
	if v := s.VaultLock; v != nil && (v.MinRetentionDays < 1 || v.MinRetentionDays > MaxLockDays) {
		return []InputError{{Attribute: "vault_lock.min_retention_days", Detail: fmt.Sprintf(
			"%d: set the shortest retention the lock enforces, 1 to %d days", v.MinRetentionDays, MaxLockDays)}}
	}
	return nil
}

func validateLockMax(s Spec) []InputError {
	if v := s.VaultLock; v != nil && (v.MaxRetentionDays < 1 || v.MaxRetentionDays > MaxLockDays) {
		return []InputError{{Attribute: "vault_lock.max_retention_days", Detail: fmt.Sprintf(
			"%d: set the longest retention the lock allows, 1 to %d days", v.MaxRetentionDays, MaxLockDays)}}
	}
	return nil
}

// lockBounds are the lock's retention bounds when both are valid.
func lockBounds(v *VaultLock) (lo, hi int, ok bool) {
	if v == nil || v.MinRetentionDays < 1 || v.MaxRetentionDays > MaxLockDays || v.MinRetentionDays > v.MaxRetentionDays {
		return 0, 0, false
	}
	return v.MinRetentionDays, v.MaxRetentionDays, true
}

func validateLockOrder(s Spec) []InputError {
	if v := s.VaultLock; v != nil && v.MinRetentionDays >= 1 && v.MaxRetentionDays >= 1 && v.MinRetentionDays > v.MaxRetentionDays {
		return []InputError{{Attribute: "vault_lock.max_retention_days", Detail: fmt.Sprintf(
			"%d is below min_retention_days (%d): no retention would fit the lock", v.MaxRetentionDays, v.MinRetentionDays)}}
	}
	return nil
}

func validateRuleCount(s Spec) []InputError {
	if len(s.Rules) == 0 {
		return []InputError{{Attribute: "rules", Detail: "a backup plan needs at least one rule: add rules = [{ name, schedule, retention_days }]"}}
	}
	return nil
}

func validateRuleNames(s Spec) []InputError {
	var errs []InputError
	seen := map[string]int{}
	for i, r := range s.Rules {
		switch j, dup := seen[r.Name]; {
		case !ruleNameRE.MatchString(r.Name):
			errs = append(errs, InputError{Attribute: ruleAttr(i, "name"), Detail: fmt.Sprintf(
				"%q: use 1 to 50 letters, digits, dots, hyphens and underscores", r.Name)})
		case dup:
			errs = append(errs, InputError{Attribute: ruleAttr(i, "name"), Detail: fmt.Sprintf(
				"%q is also the name of rules[%d]: rule names are unique within a plan", r.Name, j)})
		default:
			seen[r.Name] = i
		}
	}
	return errs
}

// validateSchedules: each schedule is an AWS cron expression that runs,
// at most hourly (AWS Backup takes snapshot backups as often as hourly).
func validateSchedules(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		if r.Schedule == "" {
			continue
		}
		sch, err := ParseSchedule(r.Schedule)
		if err != nil {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "schedule"), Detail: fmt.Sprintf("%q %s", r.Schedule, err)})
			continue
		}
		switch f, ok := sch.Frequency(); {
		case !ok:
			errs = append(errs, InputError{Attribute: ruleAttr(i, "schedule"), Detail: fmt.Sprintf(
				"%q never runs: no day matches its day-of-month, month and day-of-week", r.Schedule)})
		case f.Shortest < MinInterval:
			errs = append(errs, InputError{Attribute: ruleAttr(i, "schedule"), Detail: fmt.Sprintf(
				"%q runs %s apart; AWS Backup takes snapshot backups at most hourly: use one minute value, such as cron(0 * * * ? *)",
				r.Schedule, span(f.Shortest))})
		}
	}
	return errs
}

func validateScheduleRequired(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		if r.Schedule == "" && !r.Continuous {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "schedule"), Detail: "is empty: a snapshot rule (continuous = false) needs a cron expression, such as cron(0 5 ? * * *) for 05:00 UTC every day"})
		}
	}
	return errs
}

func validateRetention(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		if r.RetentionDays < 1 || r.RetentionDays > MaxRetentionDays {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "retention_days"), Detail: fmt.Sprintf(
				"%d: keep recovery points 1 to %d days", r.RetentionDays, MaxRetentionDays)})
		}
	}
	return errs
}

func validateContinuousRetention(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		if r.Continuous && r.RetentionDays > MaxContinuousRetentionDays {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "retention_days"), Detail: fmt.Sprintf(
				"%d: continuous backups (point-in-time recovery) are kept 1 to %d days; keep longer snapshots with another rule", r.RetentionDays, MaxContinuousRetentionDays)})
		}
	}
	return errs
}

func validateColdStorage(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		switch c := r.ColdStorageAfterDays; {
		case c < 0:
			errs = append(errs, InputError{Attribute: ruleAttr(i, "cold_storage_after_days"), Detail: fmt.Sprintf("%d: use a number of days, or leave it unset", c)})
		case c > 0 && r.RetentionDays < c+MinColdStorageDays:
			errs = append(errs, InputError{Attribute: ruleAttr(i, "cold_storage_after_days"), Detail: fmt.Sprintf(
				"%d: recovery points stay at least %d days in cold storage, so retention_days (%d) must be %d or more; move them later, keep them longer, or leave cold storage off",
				c, MinColdStorageDays, r.RetentionDays, c+MinColdStorageDays)})
		}
	}
	return errs
}

func validateStartWindow(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		if w := r.StartWindowMinutes; w < MinWindowMinutes || w > MaxWindowMinutes {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "start_window_minutes"), Detail: fmt.Sprintf(
				"%d: AWS Backup takes a start window of %d to %d minutes", w, MinWindowMinutes, MaxWindowMinutes)})
		}
	}
	return errs
}

// validateCompletionWindow: the completion window counts from the
// scheduled time, not from the start.
func validateCompletionWindow(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		if w := r.CompletionWindowMinutes; w < r.StartWindowMinutes+MinWindowMinutes || w > MaxWindowMinutes {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "completion_window_minutes"), Detail: fmt.Sprintf(
				"%d: the completion window counts from the scheduled time, so it must exceed the start window (%d) by at least %d minutes, up to %d: use %d or more",
				w, r.StartWindowMinutes, MinWindowMinutes, MaxWindowMinutes, r.StartWindowMinutes+MinWindowMinutes)})
		}
	}
	return errs
}

func validateCopyRegions(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		seen := map[string]int{}
		for j, c := range r.CopyTo {
			switch k, dup := seen[c.Region]; {
			case !regionRE.MatchString(c.Region):
				errs = append(errs, InputError{Attribute: copyAttr(i, j, "region"), Detail: fmt.Sprintf("%q is not an AWS Region name such as us-west-2", c.Region)})
			case dup:
				errs = append(errs, InputError{Attribute: copyAttr(i, j, "region"), Detail: fmt.Sprintf(
					"%s is also rules[%d].copy_to[%d]: copy to each region once per rule", c.Region, i, k)})
			default:
				seen[c.Region] = j
			}
		}
	}
	return errs
}

func validateCopyElsewhere(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		for j, c := range r.CopyTo {
			if s.Region != "" && c.Region == s.Region {
				errs = append(errs, InputError{Attribute: copyAttr(i, j, "region"), Detail: fmt.Sprintf(
					"%s is the plan's own region: a copy protects against the loss of a region only in another one", c.Region)})
			}
		}
	}
	return errs
}

func validateCopyKeys(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		for j, c := range r.CopyTo {
			errs = append(errs, compliance.KeyInputErrors(copyAttr(i, j, "kms_key_arn"), c.KMSKeyARN)...)
		}
	}
	return errs
}

// validateCopyKeyRegions: a copy vault uses a key of its own region, and
// one key: rules copying to the same region name the same key.
func validateCopyKeyRegions(s Spec) []InputError {
	var errs []InputError
	first := map[string]string{} // region -> path of the first copy naming a key there
	keys := map[string]string{}
	for i, r := range s.Rules {
		for j, c := range r.CopyTo {
			attr := copyAttr(i, j, "kms_key_arn")
			if _, ok := kmsarn.Parse(c.KMSKeyARN); !ok {
				continue
			}
			if e := compliance.KeyRegionErrors(attr, c.KMSKeyARN, c.Region, "the copy vault"); len(e) > 0 {
				errs = append(errs, e...)
				continue
			}
			switch k, seen := keys[c.Region]; {
			case seen && k != c.KMSKeyARN:
				errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf(
					"%q differs from %s (%q): the copies to %s share one vault, encrypted with one key; name the same key",
					c.KMSKeyARN, first[c.Region], k, c.Region)})
			case !seen:
				keys[c.Region], first[c.Region] = c.KMSKeyARN, attr
			}
		}
	}
	return errs
}

func validateCopyRetention(s Spec) []InputError {
	var errs []InputError
	for i, r := range s.Rules {
		for j, c := range r.CopyTo {
			if c.RetentionDays < 1 || c.RetentionDays > MaxRetentionDays {
				errs = append(errs, InputError{Attribute: copyAttr(i, j, "retention_days"), Detail: fmt.Sprintf(
					"%d: keep copies 1 to %d days (unset, the rule's retention_days)", c.RetentionDays, MaxRetentionDays)})
			}
		}
	}
	return errs
}

// validateLockedRetention: a locked vault fails every backup job whose
// retention lies outside the lock's bounds.
func validateLockedRetention(s Spec) []InputError {
	lo, hi, ok := lockBounds(s.VaultLock)
	if !ok {
		return nil
	}
	var errs []InputError
	for i, r := range s.Rules {
		if d := r.RetentionDays; d >= 1 && d <= MaxRetentionDays && (d < lo || d > hi) {
			errs = append(errs, InputError{Attribute: ruleAttr(i, "retention_days"), Detail: outsideLock(d, lo, hi, "backup")})
		}
	}
	return errs
}

// validateLockedCopyRetention: the copy vaults carry the same lock, and
// fail copy jobs the same way.
func validateLockedCopyRetention(s Spec) []InputError {
	lo, hi, ok := lockBounds(s.VaultLock)
	if !ok {
		return nil
	}
	var errs []InputError
	for i, r := range s.Rules {
		for j, c := range r.CopyTo {
			if d := c.RetentionDays; d >= 1 && d <= MaxRetentionDays && (d < lo || d > hi) {
				errs = append(errs, InputError{Attribute: copyAttr(i, j, "retention_days"), Detail: outsideLock(d, lo, hi, "copy")})
			}
		}
	}
	return errs
}

func outsideLock(d, lo, hi int, job string) string {
	return fmt.Sprintf("%d days lies outside vault_lock's %d to %d days: AWS Backup fails every %s job into a locked vault whose retention the lock does not allow; keep recovery points %d to %d days, or change the lock",
		d, lo, hi, job, lo, hi)
}

// validateResourceARNs reads the whole list: it names each element by its
// index, which only a list known in full gives.
func validateResourceARNs(s Spec) []InputError {
	var errs []InputError
	for i, a := range s.ResourceARNs {
		if !arnRE.MatchString(a) {
			errs = append(errs, InputError{Attribute: fmt.Sprintf("resource_arns[%d]", i), Detail: fmt.Sprintf(
				"%q is not an ARN: list what the plan backs up by ARN, such as hipaa_database.<name>.arn or hipaa_bucket.<name>.arn", a)})
		}
	}
	return errs
}

// validateSelectionTags: each entry selects the resources carrying that
// tag, so it is a tag AWS could hold.
func validateSelectionTags(s Spec) []InputError {
	var errs []InputError
	for _, k := range slices.Sorted(maps.Keys(s.SelectionTags)) {
		v := s.SelectionTags[k]
		switch {
		case k == "" || utf8.RuneCountInString(k) > tags.MaxKeyLength:
			errs = append(errs, InputError{Attribute: "selection_tags", Detail: fmt.Sprintf("tag key %q: a tag key has 1 to %d characters", k, tags.MaxKeyLength)})
		case utf8.RuneCountInString(v) > tags.MaxValueLength:
			errs = append(errs, InputError{Attribute: "selection_tags", Detail: fmt.Sprintf("the value of tag %q has more than %d characters, so no resource carries it", k, tags.MaxValueLength)})
		}
	}
	return errs
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
