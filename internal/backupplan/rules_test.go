package backupplan

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
)

// eachRule applies f to a copy of every rule (the spec's rules are shared
// with other specs and must not change in place).
func eachRule(s *Spec, f func(*Rule)) {
	rs := slices.Clone(s.Rules)
	for i := range rs {
		rs[i].CopyTo = slices.Clone(rs[i].CopyTo)
		f(&rs[i])
	}
	if s.Rules != nil {
		s.Rules = rs
	}
}

// eachCopy applies f to a copy of every copy_to element.
func eachCopy(s *Spec, f func(*Copy)) {
	eachRule(s, func(r *Rule) {
		for j := range r.CopyTo {
			f(&r.CopyTo[j])
		}
	})
}

// withLock applies f to a copy of the lock, if any.
func withLock(s *Spec, f func(*VaultLock)) {
	if s.VaultLock != nil {
		v := *s.VaultLock
		f(&v)
		s.VaultLock = &v
	}
}

// onRule applies f to a copy of rule i, if there is one.
func onRule(s *Spec, i int, f func(*Rule)) {
	if i < len(s.Rules) {
		eachRule(s, func(*Rule) {})
		f(&s.Rules[i])
	}
}

// blankers are the attribute paths of the hipaa_backup_plan schema and the
// provider context a rule may read, each with what the provider's
// conversion leaves in the Spec when the value is unknown: the zero value,
// nil for a collection. A path inside rules is a column (spec.go).
var blankers = compliancetest.Blankers[Spec]{
	"name":                            func(s *Spec) { s.Name = "" },
	"kms_key_arn":                     func(s *Spec) { s.KMSKeyARN = "" },
	"vault_lock":                      func(s *Spec) { s.VaultLock = nil },
	"vault_lock.mode":                 func(s *Spec) { withLock(s, func(v *VaultLock) { v.Mode = "" }) },
	"vault_lock.min_retention_days":   func(s *Spec) { withLock(s, func(v *VaultLock) { v.MinRetentionDays = 0 }) },
	"vault_lock.max_retention_days":   func(s *Spec) { withLock(s, func(v *VaultLock) { v.MaxRetentionDays = 0 }) },
	"vault_lock.changeable_for_days":  func(s *Spec) { withLock(s, func(v *VaultLock) { v.ChangeableForDays = 0 }) },
	"rules":                           func(s *Spec) { s.Rules = nil },
	"rules.name":                      func(s *Spec) { eachRule(s, func(r *Rule) { r.Name = "" }) },
	"rules.schedule":                  func(s *Spec) { eachRule(s, func(r *Rule) { r.Schedule = "" }) },
	"rules.retention_days":            func(s *Spec) { eachRule(s, func(r *Rule) { r.RetentionDays = 0 }) },
	"rules.cold_storage_after_days":   func(s *Spec) { eachRule(s, func(r *Rule) { r.ColdStorageAfterDays = 0 }) },
	"rules.start_window_minutes":      func(s *Spec) { eachRule(s, func(r *Rule) { r.StartWindowMinutes = 0 }) },
	"rules.completion_window_minutes": func(s *Spec) { eachRule(s, func(r *Rule) { r.CompletionWindowMinutes = 0 }) },
	"rules.continuous":                func(s *Spec) { eachRule(s, func(r *Rule) { r.Continuous = false }) },
	"rules.copy_to":                   func(s *Spec) { eachRule(s, func(r *Rule) { r.CopyTo = nil }) },
	"rules.copy_to.region":            func(s *Spec) { eachCopy(s, func(c *Copy) { c.Region = "" }) },
	"rules.copy_to.kms_key_arn":       func(s *Spec) { eachCopy(s, func(c *Copy) { c.KMSKeyARN = "" }) },
	"rules.copy_to.retention_days":    func(s *Spec) { eachCopy(s, func(c *Copy) { c.RetentionDays = 0 }) },
	"resource_arns":                   func(s *Spec) { s.ResourceARNs = nil },
	"selection_tags":                  func(s *Spec) { s.SelectionTags = nil },
	"tags":                            func(s *Spec) { s.Tags = nil },
	"exceptions":                      func(s *Spec) { s.Exceptions = nil },
	"region":                          func(s *Spec) { s.Region = "" },
	"account_id":                      func(s *Spec) { s.AccountID = "" },
	"partition":                       func(s *Spec) { s.Partition = "" },
}

// validSpecs are specs every rule accepts: the seed's plan, and one with a
// continuous rule, a weekly rule, cold storage, copies to two regions and
// a selection by tag.
func validSpecs() []Spec {
	other := seedSpec()
	other.Name = "phi_prod-2"
	other.VaultLock = &VaultLock{MinRetentionDays: 7, MaxRetentionDays: 3650}
	other.Rules = []Rule{
		{Name: "pitr", Continuous: true, RetentionDays: 35, StartWindowMinutes: 120, CompletionWindowMinutes: 480,
			CopyTo: []Copy{{Region: "eu-west-1", KMSKeyARN: keyIrl, RetentionDays: 90}}},
		{Name: "weekly.archive", Schedule: "cron(0 3 ? * SUN *)", RetentionDays: 3650, ColdStorageAfterDays: 180,
			CopyTo: []Copy{{Region: "us-west-2", KMSKeyARN: keyWest}, {Region: "eu-west-1", KMSKeyARN: keyIrl}}},
	}
	other.ResourceARNs, other.SelectionTags = nil, map[string]string{"backup": "phi"}
	other.Tags = map[string]string{"team": "records"}
	return []Spec{seedSpec(), other}
}

// mutations each set one argument to another value, valid or not; random
// specs combine them.
var mutations = slices.Concat(
	compliancetest.Settings(func(s *Spec, v string) { s.Name = v }, "phi", "Bad Name!", "x", strings.Repeat("n", MaxNameLen+1), "a.b"),
	compliancetest.Settings(func(s *Spec, v string) { s.KMSKeyARN = v },
		"", "alias/aws/backup", "alias/phi", "arn:aws:kms:us-east-1:123456789012:alias/phi", "11111111-2222-3333-4444-555555555555",
		"not-a-key", keyWest),
	[]func(*Spec){func(s *Spec) { s.VaultLock = nil }},
	compliancetest.Settings(func(s *Spec, v LockMode) { withLock(s, func(l *VaultLock) { l.Mode = v }) }, LockGovernance, "strict", LockCompliance),
	[]func(*Spec){func(s *Spec) {
		s.VaultLock = &VaultLock{Mode: LockGovernance, MinRetentionDays: 1, MaxRetentionDays: 36500}
	}},
	compliancetest.Settings(func(s *Spec, v int) { withLock(s, func(l *VaultLock) { l.ChangeableForDays = v }) }, 0, 2, 30, MaxLockDays+1),
	compliancetest.Settings(func(s *Spec, v int) { withLock(s, func(l *VaultLock) { l.MinRetentionDays = v }) }, 0, 1, 20, MaxLockDays+1),
	compliancetest.Settings(func(s *Spec, v int) { withLock(s, func(l *VaultLock) { l.MaxRetentionDays = v }) }, 0, 10, 100, MaxLockDays, MaxLockDays+1),
	[]func(*Spec){
		func(s *Spec) { s.Rules = nil },
		func(s *Spec) { s.Rules = []Rule{} },
		func(s *Spec) {
			s.Rules = append(slices.Clone(s.Rules), Rule{Name: "hourly", Schedule: "cron(15 * ? * * *)", RetentionDays: 14})
		},
		func(s *Spec) { eachRule(s, func(r *Rule) { r.Name = "same" }) },
	},
	compliancetest.Settings(func(s *Spec, v string) { onRule(s, 0, func(r *Rule) { r.Name = v }) }, "", "bad name", strings.Repeat("r", 51)),
	compliancetest.Settings(func(s *Spec, v string) { onRule(s, 0, func(r *Rule) { r.Schedule = v }) },
		"", "cron(0 5 * * *)", "rate(1 day)", "cron(0,30 * * * ? *)", "cron(0 5 ? * SUN *)", "cron(0 5 30 2 ? *)",
		"cron(0 5 ? * * 2030)", "cron(0 5 ? * MON-FRI *)", "cron(0 5 * * ? *)"),
	compliancetest.Settings(func(s *Spec, v string) { onRule(s, 1, func(r *Rule) { r.Schedule = v }) }, "", "cron(0 0/6 * * ? *)", "cron(0/20 * * * ? *)"),
	compliancetest.Settings(func(s *Spec, v int) { onRule(s, 0, func(r *Rule) { r.RetentionDays = v }) }, 0, 10, 30, 35, 400, 5000, MaxRetentionDays+1),
	compliancetest.Settings(func(s *Spec, v int) { onRule(s, 1, func(r *Rule) { r.RetentionDays = v }) }, 0, 3, 35, 36),
	compliancetest.Settings(func(s *Spec, v bool) { onRule(s, 0, func(r *Rule) { r.Continuous = v }) }, true, false),
	compliancetest.Settings(func(s *Spec, v bool) { onRule(s, 1, func(r *Rule) { r.Continuous = v }) }, true),
	compliancetest.Settings(func(s *Spec, v int) { onRule(s, 0, func(r *Rule) { r.ColdStorageAfterDays = v }) }, -1, 90, 700),
	compliancetest.Settings(func(s *Spec, v int) { onRule(s, 0, func(r *Rule) { r.StartWindowMinutes = v }) }, 30, 600, MaxWindowMinutes+1),
	compliancetest.Settings(func(s *Spec, v int) { onRule(s, 0, func(r *Rule) { r.CompletionWindowMinutes = v }) }, 100, 120, MaxWindowMinutes+1),
	compliancetest.Settings(func(s *Spec, v []Copy) { onRule(s, 0, func(r *Rule) { r.CopyTo = v }) },
		nil,
		[]Copy{{Region: "us-east-1", KMSKeyARN: keyEast}},
		[]Copy{{Region: "mars-1", KMSKeyARN: keyWest}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: keyWest}, {Region: "us-west-2", KMSKeyARN: keyWest}},
		[]Copy{{Region: "us-west-2"}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: "alias/aws/backup"}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: "garbage"}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: keyEast}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: keyWest, RetentionDays: MaxRetentionDays + 1}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: keyWest, RetentionDays: 10}},
		[]Copy{{Region: "eu-west-1", KMSKeyARN: keyIrl, RetentionDays: 3000}},
	),
	compliancetest.Settings(func(s *Spec, v []Copy) { onRule(s, 1, func(r *Rule) { r.CopyTo = v }) },
		[]Copy{{Region: "us-west-2", KMSKeyARN: "arn:aws:kms:us-west-2:123456789012:key/33333333-2222-3333-4444-555555555555"}},
		[]Copy{{Region: "us-west-2", KMSKeyARN: keyWest}},
	),
	compliancetest.Settings(func(s *Spec, v []string) { s.ResourceARNs = v },
		nil, []string{}, []string{dbARN, "phi-records", bucketARN}, []string{"arn:aws:dynamodb:us-east-1:123456789012:table/phi"}),
	compliancetest.Settings(func(s *Spec, v map[string]string) { s.SelectionTags = v },
		nil, map[string]string{"backup": "phi"}, map[string]string{"": "x", "ok": "y"}, map[string]string{"k": strings.Repeat("v", 257)}),
	compliancetest.Settings(func(s *Spec, v map[string]string) { s.Tags = v },
		map[string]string{"team": "x"}, map[string]string{"aws:x": "y", "team": "x"}, map[string]string{"hipaa:owner": "x"},
		map[string]string{strings.Repeat("k", 129): "v", "ok": strings.Repeat("v", 257)}),
	compliancetest.Settings(func(s *Spec, n int) {
		s.DefaultTags = map[string]string{}
		for i := range n {
			s.DefaultTags[fmt.Sprintf("d%02d", i)] = "v"
		}
	}, 40, 49),
	compliancetest.Settings(func(s *Spec, v string) { s.Region = v }, "us-east-1", "us-west-2", ""),
	compliancetest.Settings(func(s *Spec, v string) { s.Partition = v }, "", "aws", "aws-us-gov"),
	compliancetest.Settings(func(s *Spec, v string) { s.AccountID = v }, "", "210987654321"),
	[]func(*Spec){func(s *Spec) {
		s.Exceptions = []compliance.Exception{{Control: "BAK-03", Reason: "governance lock until the audit"}}
	}},
)

// tagCount is the tag-count finding: with some tags unknown, the count it
// names is a lower bound.
var tagCount = regexp.MustCompile(`^\d+ tags are set`)

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite). The account ID
// is known only at apply: no rule reads it.
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     blankers,
		Unblanked:    []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:        func(r *rand.Rand) Spec { return validSpecs()[r.IntN(2)] },
		Mutations:    mutations,
		MaxMutations: 6,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules).NeverReads("account_id"),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules).NeverReads("account_id"),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.List("resource_arns", func(s *Spec) *[]string { return &s.ResourceARNs }),
			compliancetest.Map("selection_tags", func(s *Spec) *map[string]string { return &s.SelectionTags }),
			compliancetest.Map("tags", func(s *Spec) *map[string]string { return &s.Tags }),
		},
		Loosen: func(detail string) string {
			if tagCount.MatchString(detail) {
				return "N tags are set"
			}
			return detail
		},
		Seed: 2026,
		N:    400,
	}.Run(t)
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
// the seed's plan changed in one literal value.
var findings = []finding{
	// input errors
	{"name", func(s *Spec) { s.Name = "phi plan" }, []string{"name"}, "name", "", false},
	{"not a key", func(s *Spec) { s.KMSKeyARN = "arn:aws:s3:::phi" }, []string{"kms_key_arn"}, "kms_key_arn", "", false},
	{"key elsewhere", func(s *Spec) { s.KMSKeyARN = keyWest }, []string{"kms_key_arn", "region"}, "kms_key_arn", "", false},
	{"lock mode", func(s *Spec) { s.VaultLock.Mode = "legal-hold" }, []string{"vault_lock.mode"}, "vault_lock.mode", "", false},
	{"cooling-off too short", func(s *Spec) { s.VaultLock.ChangeableForDays = 2 }, []string{"vault_lock.changeable_for_days"}, "vault_lock.changeable_for_days", "", false},
	{"cooling-off too long", func(s *Spec) { s.VaultLock.ChangeableForDays = 36501 }, []string{"vault_lock.changeable_for_days"}, "vault_lock.changeable_for_days", "", false},
	{"governance with cooling-off", func(s *Spec) { s.VaultLock.Mode = LockGovernance },
		[]string{"vault_lock.mode", "vault_lock.changeable_for_days"}, "vault_lock.changeable_for_days", "", false},
	{"lock min", func(s *Spec) { s.VaultLock.MinRetentionDays = 0 }, []string{"vault_lock.min_retention_days"}, "vault_lock.min_retention_days", "", false},
	{"lock max", func(s *Spec) { s.VaultLock.MaxRetentionDays = 36501 }, []string{"vault_lock.max_retention_days"}, "vault_lock.max_retention_days", "", false},
	{"lock min above max", func(s *Spec) { s.VaultLock.MinRetentionDays, s.VaultLock.MaxRetentionDays = 800, 700 },
		[]string{"vault_lock.min_retention_days", "vault_lock.max_retention_days"}, "vault_lock.max_retention_days", "", false},
	{"no rules", func(s *Spec) { s.Rules = nil }, []string{"rules"}, "rules", "", false},
	{"rule name", func(s *Spec) { s.Rules[0].Name = "daily backups" }, []string{"rules.name"}, "rules[0].name", "", false},
	{"duplicate rule name", func(s *Spec) { s.Rules[1].Name = "daily" }, []string{"rules.name"}, "rules[1].name", "", false},
	{"malformed schedule", func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 * * *)" }, []string{"rules.schedule"}, "rules[0].schedule", "", false},
	{"schedule never runs", func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 30 2 ? *)" }, []string{"rules.schedule"}, "rules[0].schedule", "", false},
	{"schedule more than hourly", func(s *Spec) { s.Rules[1].Schedule = "cron(0/20 * * * ? *)" }, []string{"rules.schedule"}, "rules[1].schedule", "", false},
	{"no schedule", func(s *Spec) { s.Rules[0].Schedule = "" }, []string{"rules.schedule", "rules.continuous"}, "rules[0].schedule", "", false},
	{"retention", func(s *Spec) { s.Rules[1].RetentionDays = 0 }, []string{"rules.retention_days"}, "rules[1].retention_days", "", false},
	{"continuous retention", func(s *Spec) { s.Rules[0].Continuous = true }, []string{"rules.retention_days", "rules.continuous"}, "rules[0].retention_days", "", false},
	{"cold storage too late", func(s *Spec) { s.Rules[0].ColdStorageAfterDays = 700 },
		[]string{"rules.cold_storage_after_days", "rules.retention_days"}, "rules[0].cold_storage_after_days", "", false},
	{"cold storage negative", func(s *Spec) { s.Rules[0].ColdStorageAfterDays = -1 },
		[]string{"rules.cold_storage_after_days", "rules.retention_days"}, "rules[0].cold_storage_after_days", "", false},
	{"start window", func(s *Spec) { s.Rules[0].StartWindowMinutes = 30 }, []string{"rules.start_window_minutes"}, "rules[0].start_window_minutes", "", false},
	{"completion window", func(s *Spec) { s.Rules[0].CompletionWindowMinutes = 100 },
		[]string{"rules.start_window_minutes", "rules.completion_window_minutes"}, "rules[0].completion_window_minutes", "", false},
	{"copy region", func(s *Spec) { s.Rules[0].CopyTo[0].Region = "us-west" }, []string{"rules.copy_to.region"}, "rules[0].copy_to[0].region", "", false},
	{"copy region twice", func(s *Spec) { s.Rules[0].CopyTo = append(s.Rules[0].CopyTo, s.Rules[0].CopyTo[0]) },
		[]string{"rules.copy_to.region"}, "rules[0].copy_to[1].region", "", false},
	{"copy to the plan's region", func(s *Spec) { s.Rules[0].CopyTo[0] = Copy{Region: "us-east-1", KMSKeyARN: keyEast} },
		[]string{"rules.copy_to.region", "region"}, "rules[0].copy_to[0].region", "", false},
	{"copy key not a key", func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = "key" }, []string{"rules.copy_to.kms_key_arn"}, "rules[0].copy_to[0].kms_key_arn", "", false},
	{"copy key elsewhere", func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = keyEast },
		[]string{"rules.copy_to.kms_key_arn", "rules.copy_to.region"}, "rules[0].copy_to[0].kms_key_arn", "", false},
	{"two keys in one copy region", func(s *Spec) {
		s.Rules[1].CopyTo = []Copy{{Region: "us-west-2", KMSKeyARN: "arn:aws:kms:us-west-2:123456789012:key/33333333-2222-3333-4444-555555555555"}}
	}, []string{"rules.copy_to.kms_key_arn", "rules.copy_to.region"}, "rules[1].copy_to[0].kms_key_arn", "", false},
	{"copy retention", func(s *Spec) { s.Rules[0].CopyTo[0].RetentionDays = 36501 },
		[]string{"rules.copy_to.retention_days", "rules.retention_days"}, "rules[0].copy_to[0].retention_days", "", false},
	{"retention below the lock", func(s *Spec) { s.Rules[1].RetentionDays = 10 },
		[]string{"vault_lock.min_retention_days", "vault_lock.max_retention_days", "rules.retention_days"}, "rules[1].retention_days", "", false},
	{"copy retention above the lock", func(s *Spec) { s.Rules[0].CopyTo[0].RetentionDays = 3000 },
		[]string{"vault_lock.min_retention_days", "vault_lock.max_retention_days", "rules.copy_to.retention_days", "rules.retention_days"},
		"rules[0].copy_to[0].retention_days", "", false},
	{"resource ARN", func(s *Spec) { s.ResourceARNs = []string{dbARN, "phi-scans"} }, []string{"resource_arns"}, "resource_arns[1]", "", false},
	{"selection tag", func(s *Spec) { s.SelectionTags = map[string]string{"": "phi"} }, []string{"selection_tags"}, "selection_tags", "", false},
	{"tag", func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x"} }, []string{"tags"}, "tags", "", false},
	// violations
	{"no key", func(s *Spec) { s.KMSKeyARN = "" }, []string{"kms_key_arn"}, "kms_key_arn", "BAK-01", true},
	{"AWS managed key", func(s *Spec) { s.KMSKeyARN = "alias/aws/backup" }, []string{"kms_key_arn"}, "kms_key_arn", "BAK-01", true},
	{"no copy key", func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = "" }, []string{"rules.copy_to.kms_key_arn"}, "rules[0].copy_to[0].kms_key_arn", "BAK-01", true},
	{"copy key alias", func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = "alias/phi-west" },
		[]string{"rules.copy_to.kms_key_arn"}, "rules[0].copy_to[0].kms_key_arn", "BAK-01", true},
	{"no lock", func(s *Spec) { s.VaultLock = nil }, []string{"vault_lock.mode"}, "vault_lock", "BAK-03", false},
	{"governance lock", func(s *Spec) { s.VaultLock.Mode, s.VaultLock.ChangeableForDays = LockGovernance, 0 },
		[]string{"vault_lock.mode"}, "vault_lock.mode", "BAK-03", false},
	{"weekly only", func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 ? * SUN *)" },
		[]string{"rules.schedule", "rules.continuous", "rules.retention_days"}, "rules", "BAK-04", false},
	{"kept under 35 days", func(s *Spec) { s.Rules[0].RetentionDays = 30 },
		[]string{"rules.schedule", "rules.continuous", "rules.retention_days"}, "rules", "BAK-04", false},
	{"no cross-region copy", func(s *Spec) { s.Rules[0].CopyTo = nil }, []string{"rules.copy_to"}, "rules", "BAK-04", false},
	{"empty selection", func(s *Spec) { s.ResourceARNs = nil }, []string{"resource_arns", "selection_tags"}, "resource_arns", "BAK-05", true},
}

// allFindings flattens f.
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

// matches reports whether x is the expected finding of c.
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
// read unknown (blanked as the provider leaves it), where the same finding
// still stands; and with each attribute it reads unknown, where exactly the
// rules reading it are skipped: the finding goes, every other rule's
// findings stay.
func TestFindings(t *testing.T) {
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range blankers {
			if !yield(p) {
				return
			}
		}
	})
	for _, c := range findings {
		s := seedSpec()
		c.mod(&s)
		known := allFindings(Evaluate(s, compliance.Unknown{}))
		want := slices.DeleteFunc(slices.Clone(known), func(x any) bool { return !c.matches(x) })
		if len(want) == 0 {
			t.Errorf("%s: no finding on %s (control %q) in %v", c.name, c.attr, c.control, known)
			continue
		}
		for _, r := range c.reads {
			if _, ok := blankers[r]; !ok {
				t.Fatalf("%s reads %s, which is no path", c.name, r)
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
				t.Errorf("%s: with every other attribute unknown, %+v is gone: %v", c.name, w, got)
			}
		}

		for _, r := range c.reads {
			b := s
			blankers[r](&b)
			got := allFindings(Evaluate(b, unknownAt(r)))
			for _, w := range want {
				if slices.ContainsFunc(got, func(x any) bool { return reflect.DeepEqual(x, w) }) {
					t.Errorf("%s: with %s unknown, %+v still stands", c.name, r, w)
				}
			}
			for _, o := range ruleFindings(s, r) {
				if !slices.ContainsFunc(got, func(x any) bool { return reflect.DeepEqual(x, o) }) {
					t.Errorf("%s: with %s unknown, %+v of a rule that does not read it is gone", c.name, r, o)
				}
			}
		}
	}
}

// Every finding of the package is in the table: each rule of both tables
// produces at least one of its findings.
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
