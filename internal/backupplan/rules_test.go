package backupplan

import (
	"fmt"
	"math/rand/v2"
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

// tables are the rule tables Evaluate runs, as their rules see a spec. The
// account ID is known only at apply: no rule reads it.
var tables = []compliancetest.Table[Spec]{
	compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules).NeverReads("account_id"),
	compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules).NeverReads("account_id"),
}

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite).
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     blankers,
		Unblanked:    []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:        func(r *rand.Rand) Spec { return validSpecs()[r.IntN(2)] },
		Mutations:    mutations,
		MaxMutations: 6,
		Tables:       tables,
		Evaluate:     Evaluate,
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

// findings covers every input error and violation of the package, each on
// the seed's plan changed in one literal value.
var findings = []compliancetest.Case[Spec]{
	// input errors
	{Name: "name", Mod: func(s *Spec) { s.Name = "phi plan" }, Reads: []string{"name"}, Attr: "name"},
	{Name: "not a key", Mod: func(s *Spec) { s.KMSKeyARN = "arn:aws:s3:::phi" }, Reads: []string{"kms_key_arn"}, Attr: "kms_key_arn"},
	{Name: "key elsewhere", Mod: func(s *Spec) { s.KMSKeyARN = keyWest }, Reads: []string{"kms_key_arn", "region"}, Attr: "kms_key_arn"},
	{Name: "lock mode", Mod: func(s *Spec) { s.VaultLock.Mode = "legal-hold" }, Reads: []string{"vault_lock.mode"}, Attr: "vault_lock.mode"},
	{Name: "cooling-off too short", Mod: func(s *Spec) { s.VaultLock.ChangeableForDays = 2 }, Reads: []string{"vault_lock.changeable_for_days"}, Attr: "vault_lock.changeable_for_days"},
	{Name: "cooling-off too long", Mod: func(s *Spec) { s.VaultLock.ChangeableForDays = 36501 }, Reads: []string{"vault_lock.changeable_for_days"}, Attr: "vault_lock.changeable_for_days"},
	{Name: "governance with cooling-off", Mod: func(s *Spec) { s.VaultLock.Mode = LockGovernance },
		Reads: []string{"vault_lock.mode", "vault_lock.changeable_for_days"}, Attr: "vault_lock.changeable_for_days"},
	{Name: "lock min", Mod: func(s *Spec) { s.VaultLock.MinRetentionDays = 0 }, Reads: []string{"vault_lock.min_retention_days"}, Attr: "vault_lock.min_retention_days"},
	{Name: "lock max", Mod: func(s *Spec) { s.VaultLock.MaxRetentionDays = 36501 }, Reads: []string{"vault_lock.max_retention_days"}, Attr: "vault_lock.max_retention_days"},
	{Name: "lock min above max", Mod: func(s *Spec) { s.VaultLock.MinRetentionDays, s.VaultLock.MaxRetentionDays = 800, 700 },
		Reads: []string{"vault_lock.min_retention_days", "vault_lock.max_retention_days"}, Attr: "vault_lock.max_retention_days"},
	{Name: "no rules", Mod: func(s *Spec) { s.Rules = nil }, Reads: []string{"rules"}, Attr: "rules"},
	{Name: "rule name", Mod: func(s *Spec) { s.Rules[0].Name = "daily backups" }, Reads: []string{"rules.name"}, Attr: "rules[0].name"},
	{Name: "duplicate rule name", Mod: func(s *Spec) { s.Rules[1].Name = "daily" }, Reads: []string{"rules.name"}, Attr: "rules[1].name"},
	{Name: "malformed schedule", Mod: func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 * * *)" }, Reads: []string{"rules.schedule"}, Attr: "rules[0].schedule"},
	{Name: "schedule never runs", Mod: func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 30 2 ? *)" }, Reads: []string{"rules.schedule"}, Attr: "rules[0].schedule"},
	{Name: "schedule more than hourly", Mod: func(s *Spec) { s.Rules[1].Schedule = "cron(0/20 * * * ? *)" }, Reads: []string{"rules.schedule"}, Attr: "rules[1].schedule"},
	{Name: "no schedule", Mod: func(s *Spec) { s.Rules[0].Schedule = "" }, Reads: []string{"rules.schedule", "rules.continuous"}, Attr: "rules[0].schedule"},
	{Name: "retention", Mod: func(s *Spec) { s.Rules[1].RetentionDays = 0 }, Reads: []string{"rules.retention_days"}, Attr: "rules[1].retention_days"},
	{Name: "continuous retention", Mod: func(s *Spec) { s.Rules[0].Continuous = true }, Reads: []string{"rules.retention_days", "rules.continuous"}, Attr: "rules[0].retention_days"},
	{Name: "cold storage too late", Mod: func(s *Spec) { s.Rules[0].ColdStorageAfterDays = 700 },
		Reads: []string{"rules.cold_storage_after_days", "rules.retention_days"}, Attr: "rules[0].cold_storage_after_days"},
	{Name: "cold storage negative", Mod: func(s *Spec) { s.Rules[0].ColdStorageAfterDays = -1 },
		Reads: []string{"rules.cold_storage_after_days", "rules.retention_days"}, Attr: "rules[0].cold_storage_after_days"},
	{Name: "start window", Mod: func(s *Spec) { s.Rules[0].StartWindowMinutes = 30 }, Reads: []string{"rules.start_window_minutes"}, Attr: "rules[0].start_window_minutes"},
	{Name: "completion window", Mod: func(s *Spec) { s.Rules[0].CompletionWindowMinutes = 100 },
		Reads: []string{"rules.start_window_minutes", "rules.completion_window_minutes"}, Attr: "rules[0].completion_window_minutes"},
	{Name: "copy region", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].Region = "us-west" }, Reads: []string{"rules.copy_to.region"}, Attr: "rules[0].copy_to[0].region"},
	{Name: "copy region twice", Mod: func(s *Spec) { s.Rules[0].CopyTo = append(s.Rules[0].CopyTo, s.Rules[0].CopyTo[0]) },
		Reads: []string{"rules.copy_to.region"}, Attr: "rules[0].copy_to[1].region"},
	{Name: "copy to the plan's region", Mod: func(s *Spec) { s.Rules[0].CopyTo[0] = Copy{Region: "us-east-1", KMSKeyARN: keyEast} },
		Reads: []string{"rules.copy_to.region", "region"}, Attr: "rules[0].copy_to[0].region"},
	{Name: "copy key not a key", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = "key" }, Reads: []string{"rules.copy_to.kms_key_arn"}, Attr: "rules[0].copy_to[0].kms_key_arn"},
	{Name: "copy key elsewhere", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = keyEast },
		Reads: []string{"rules.copy_to.kms_key_arn", "rules.copy_to.region"}, Attr: "rules[0].copy_to[0].kms_key_arn"},
	{Name: "two keys in one copy region", Mod: func(s *Spec) {
		s.Rules[1].CopyTo = []Copy{{Region: "us-west-2", KMSKeyARN: "arn:aws:kms:us-west-2:123456789012:key/33333333-2222-3333-4444-555555555555"}}
	}, Reads: []string{"rules.copy_to.kms_key_arn", "rules.copy_to.region"}, Attr: "rules[1].copy_to[0].kms_key_arn"},
	{Name: "copy retention", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].RetentionDays = 36501 },
		Reads: []string{"rules.copy_to.retention_days", "rules.retention_days"}, Attr: "rules[0].copy_to[0].retention_days"},
	{Name: "retention below the lock", Mod: func(s *Spec) { s.Rules[1].RetentionDays = 10 },
		Reads: []string{"vault_lock.min_retention_days", "vault_lock.max_retention_days", "rules.retention_days"}, Attr: "rules[1].retention_days"},
	{Name: "copy retention above the lock", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].RetentionDays = 3000 },
		Reads: []string{"vault_lock.min_retention_days", "vault_lock.max_retention_days", "rules.copy_to.retention_days", "rules.retention_days"},
		Attr:  "rules[0].copy_to[0].retention_days"},
	{Name: "resource ARN", Mod: func(s *Spec) { s.ResourceARNs = []string{dbARN, "phi-scans"} }, Reads: []string{"resource_arns"}, Attr: "resource_arns[1]"},
	{Name: "selection tag", Mod: func(s *Spec) { s.SelectionTags = map[string]string{"": "phi"} }, Reads: []string{"selection_tags"}, Attr: "selection_tags"},
	{Name: "tag", Mod: func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x"} }, Reads: []string{"tags"}, Attr: "tags"},
	// violations
	{Name: "no key", Mod: func(s *Spec) { s.KMSKeyARN = "" }, Reads: []string{"kms_key_arn"}, Attr: "kms_key_arn", Control: "BAK-01", Hard: true},
	{Name: "AWS managed key", Mod: func(s *Spec) { s.KMSKeyARN = "alias/aws/backup" }, Reads: []string{"kms_key_arn"}, Attr: "kms_key_arn", Control: "BAK-01", Hard: true},
	{Name: "no copy key", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = "" }, Reads: []string{"rules.copy_to.kms_key_arn"}, Attr: "rules[0].copy_to[0].kms_key_arn", Control: "BAK-01", Hard: true},
	{Name: "copy key alias", Mod: func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = "alias/phi-west" },
		Reads: []string{"rules.copy_to.kms_key_arn"}, Attr: "rules[0].copy_to[0].kms_key_arn", Control: "BAK-01", Hard: true},
	{Name: "no lock", Mod: func(s *Spec) { s.VaultLock = nil }, Reads: []string{"vault_lock.mode"}, Attr: "vault_lock", Control: "BAK-03"},
	{Name: "governance lock", Mod: func(s *Spec) { s.VaultLock.Mode, s.VaultLock.ChangeableForDays = LockGovernance, 0 },
		Reads: []string{"vault_lock.mode"}, Attr: "vault_lock.mode", Control: "BAK-03"},
	{Name: "weekly only", Mod: func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 ? * SUN *)" },
		Reads: []string{"rules.schedule", "rules.continuous", "rules.retention_days"}, Attr: "rules", Control: "BAK-04"},
	{Name: "kept under 35 days", Mod: func(s *Spec) { s.Rules[0].RetentionDays = 30 },
		Reads: []string{"rules.schedule", "rules.continuous", "rules.retention_days"}, Attr: "rules", Control: "BAK-04"},
	{Name: "no cross-region copy", Mod: func(s *Spec) { s.Rules[0].CopyTo = nil }, Reads: []string{"rules.copy_to"}, Attr: "rules", Control: "BAK-04"},
	{Name: "empty selection", Mod: func(s *Spec) { s.ResourceARNs = nil }, Reads: []string{"resource_arns", "selection_tags"}, Attr: "resource_arns", Control: "BAK-05", Hard: true},
}

// matrix is the refusal matrix of the package: its findings on the seed,
// checked by compliancetest against both rule tables.
var matrix = compliancetest.Matrix[Spec]{
	Seed:     seedSpec,
	Blankers: blankers,
	Cases:    findings,
	Evaluate: Evaluate,
	Tables:   tables,
}

// TestFindings checks each finding known, with every other attribute
// unknown and with each attribute it reads unknown
// (compliancetest.Matrix.CheckFindings).
func TestFindings(t *testing.T) { matrix.CheckFindings(t) }

// TestFindings_coverEveryRule: every rule makes the finding of some case.
func TestFindings_coverEveryRule(t *testing.T) { matrix.CheckCoverage(t) }
