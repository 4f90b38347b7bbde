package audittrail

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// blankers are the attribute paths of the hipaa_audit_trail schema and the
// provider context a rule may read, each with what the provider's
// conversion leaves in the Spec when the value is unknown: the zero value,
// nil for a collection.
var blankers = map[string]func(*Spec){
	"name":                                 func(s *Spec) { s.Name = "" },
	"kms_key_arn":                          func(s *Spec) { s.KMSKeyARN = "" },
	"cloudwatch_retention_days":            func(s *Spec) { s.CloudWatchRetentionDays = 0 },
	"log_lifecycle":                        func(s *Spec) { s.Lifecycle = Lifecycle{} },
	"log_lifecycle.standard_days":          func(s *Spec) { s.Lifecycle.StandardDays = 0 },
	"log_lifecycle.infrequent_access_days": func(s *Spec) { s.Lifecycle.InfrequentAccessDays = 0 },
	"log_lifecycle.expire_after_days":      func(s *Spec) { s.Lifecycle.ExpireAfterDays = 0 },
	"object_lock_days":                     func(s *Spec) { s.ObjectLockDays = 0 },
	"data_event_bucket_arns":               func(s *Spec) { s.DataEventBucketARNs = nil },
	"retain_on_destroy":                    func(s *Spec) { s.RetainOnDestroy = false },
	"tags":                                 func(s *Spec) { s.Tags = nil },
	"exceptions":                           func(s *Spec) { s.Exceptions = nil },
	"region":                               func(s *Spec) { s.Region = "" },
	"account_id":                           func(s *Spec) { s.AccountID = "" },
	"partition":                            func(s *Spec) { s.Partition = "" },
}

type namedRule[F any] struct {
	name string
	rule compliance.Rule[Spec, F]
}

func named[F any](table string, rules []compliance.Rule[Spec, F]) []namedRule[F] {
	out := make([]namedRule[F], len(rules))
	for i, r := range rules {
		fn := runtime.FuncForPC(reflect.ValueOf(r.Check).Pointer()).Name()
		out[i] = namedRule[F]{fmt.Sprintf("%s[%d] %s", table, i, fn[strings.LastIndex(fn, ".")+1:]), r}
	}
	return out
}

// reads reports whether a rule reads path: an unknown value there blocks it.
func reads(rs []compliance.Read, path string) bool {
	var u compliance.Unknown
	u.Value(path)
	return slices.ContainsFunc(rs, u.Blocks)
}

func blanked(s Spec, path string) Spec {
	s.Tags, s.DataEventBucketARNs = maps.Clone(s.Tags), slices.Clone(s.DataEventBucketARNs)
	blankers[path](&s)
	return s
}

// mutations change one argument of a valid spec to another value, valid or not.
var mutations = []func(*Spec, *rand.Rand){
	func(s *Spec, r *rand.Rand) {
		s.Name = pick(r, "audit", "Bad_ID!", "ab", "a-very-long-audit-trail-name-32c", "x-")
	},
	func(s *Spec, r *rand.Rand) {
		s.KMSKeyARN = pick(r, "", "alias/aws/cloudtrail", "alias/audit", "arn:aws:kms:us-east-1:123456789012:alias/audit",
			"11111111-2222-3333-4444-555555555555", "not-a-key", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
			"arn:aws:kms:us-east-1:210987654321:key/mrk-0123456789abcdef0123456789abcdef")
	},
	func(s *Spec, r *rand.Rand) { s.CloudWatchRetentionDays = pick(r, 0, 1, 365, 2000, 2192, 3653) },
	func(s *Spec, r *rand.Rand) { s.Lifecycle.StandardDays = pick(r, 0, 10, 30, 60, 200) },
	func(s *Spec, r *rand.Rand) { s.Lifecycle.InfrequentAccessDays = pick(r, 0, 40, 90, 150, 300) },
	func(s *Spec, r *rand.Rand) { s.Lifecycle.ExpireAfterDays = pick(r, 0, 100, 150, 1000, 2500, 3653) },
	func(s *Spec, r *rand.Rand) {
		s.ObjectLockDays = pick(r, 0, -1, 1, 365, 2192, 3000, MaxObjectLockDays+1)
	},
	func(s *Spec, r *rand.Rand) {
		s.DataEventBucketARNs = pick(r, []string{"arn:aws:s3:::phi-records"}, []string{"phi-records", "arn:aws:s3:::phi-a", "arn:aws:s3:::x"}, []string{})
	},
	func(s *Spec, r *rand.Rand) {
		s.DataEventBucketARNs = nil
		for i := range MaxDataEventBuckets + r.IntN(3) {
			s.DataEventBucketARNs = append(s.DataEventBucketARNs, fmt.Sprintf("arn:aws:s3:::phi-%03d", i))
		}
	},
	func(s *Spec, r *rand.Rand) {
		s.Tags = pick(r, map[string]string{"team": "x"}, map[string]string{"aws:x": "y", "team": "x"}, map[string]string{"hipaa:owner": "x"},
			map[string]string{strings.Repeat("k", 129): "v", "ok": strings.Repeat("v", 257)}, map[string]string{"bad#key": "v"})
	},
	func(s *Spec, r *rand.Rand) {
		s.DefaultTags = map[string]string{}
		for i := range 40 + r.IntN(10) {
			s.DefaultTags[fmt.Sprintf("d%02d", i)] = "v"
		}
	},
	func(s *Spec, r *rand.Rand) { s.Region = pick(r, "us-east-1", "eu-west-1", "") },
	func(s *Spec, r *rand.Rand) { s.Partition = pick(r, "", "aws", "aws-cn") },
	func(s *Spec, r *rand.Rand) { s.AccountID = pick(r, "", "210987654321") },
	func(s *Spec, r *rand.Rand) { s.RetainOnDestroy = r.IntN(2) == 0 },
	func(s *Spec, r *rand.Rand) {
		s.Exceptions = []compliance.Exception{{Control: "AUD-06", Reason: "kept in the SIEM"}}
	},
}

func pick[T any](r *rand.Rand, vs ...T) T { return vs[r.IntN(len(vs))] }

// randomSpecs are valid specs with a random subset of mutations applied
// (deterministic seed).
func randomSpecs(n int) []Spec {
	r := rand.New(rand.NewPCG(12, 2026))
	out := []Spec{validSpec()}
	for range n {
		s := validSpec()
		for _, m := range mutations {
			if r.IntN(3) == 0 {
				m(&s, r)
			}
		}
		out = append(out, s)
	}
	return out
}

// TestRules_readsAreDeclared: a rule's findings depend only on the paths it
// declares, so blanking any other path (as the provider does for an
// unknown value) leaves them unchanged; and an unknown value never adds a
// finding the all-known Spec does not have.
func TestRules_readsAreDeclared(t *testing.T) {
	specs := randomSpecs(400)
	for _, s := range specs {
		d := s.WithDefaults()
		for p := range blankers {
			b := blanked(s, p).WithDefaults()
			for _, r := range named("inputRules", inputRules) {
				if !reads(r.rule.Reads, p) {
					sameFindings(t, r.name, p, r.rule.Check(d), r.rule.Check(b))
				}
			}
			for _, r := range named("controlRules", controlRules) {
				if !reads(r.rule.Reads, p) {
					sameFindings(t, r.name, p, r.rule.Check(d), r.rule.Check(b))
				}
			}
			var u compliance.Unknown
			u.Value(p)
			subset(t, fmt.Sprintf("unknown %s in %+v", p, s), Evaluate(blanked(s, p), u), Evaluate(s, compliance.Unknown{}), nil)
		}
	}
	if t.Failed() {
		return
	}
	// Every finding of every rule is produced by some spec: the property
	// did not pass on rules that never fire.
	fired := map[string]bool{}
	for _, s := range specs {
		for _, r := range named("inputRules", inputRules) {
			fired[r.name] = fired[r.name] || len(r.rule.Check(s.WithDefaults())) > 0
		}
		for _, r := range named("controlRules", controlRules) {
			fired[r.name] = fired[r.name] || len(r.rule.Check(s.WithDefaults())) > 0
		}
	}
	for name, ok := range fired {
		if !ok {
			t.Errorf("%s never fires on the random specs: add a mutation that breaks it", name)
		}
	}
}

// TestRules_someElementsUnknown: with some elements of a set or map
// unknown, the rules that read each element still run on the known ones and
// find nothing the whole collection would not.
func TestRules_someElementsUnknown(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 12))
	for _, s := range randomSpecs(300) {
		part := s
		part.DataEventBucketARNs = slices.DeleteFunc(slices.Clone(s.DataEventBucketARNs), func(string) bool { return r.IntN(2) == 0 })
		part.Tags = maps.Clone(s.Tags)
		maps.DeleteFunc(part.Tags, func(string, string) bool { return r.IntN(2) == 0 })
		var u compliance.Unknown
		u.Elements("data_event_bucket_arns", false)
		u.Elements("tags", false)
		// The count of a map with unknown values is a lower bound: the
		// sentence may name fewer tags than there will be.
		subset(t, fmt.Sprintf("%+v", s), Evaluate(part, u), Evaluate(s, compliance.Unknown{}), regexp.MustCompile(`^\d+ tags are set`))
	}
}

func sameFindings[F any](t *testing.T, rule, path string, want, got []F) {
	t.Helper()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s does not declare %s, yet blanking it changes its findings:\n was %+v\n now %+v", rule, path, want, got)
	}
}

// subset fails when part has a finding full has not; details matching
// loose need only a finding on the same attribute.
func subset(t *testing.T, what string, part, full compliance.Findings, loose *regexp.Regexp) {
	t.Helper()
	key := func(attr, detail, control string, hard bool) string {
		if loose != nil && loose.MatchString(detail) {
			detail = "loose"
		}
		return fmt.Sprint(attr, "|", detail, "|", control, "|", hard)
	}
	have := map[string]int{}
	for _, e := range full.Input {
		have[key(e.Attribute, e.Detail, "", false)]++
	}
	for _, v := range full.Violations {
		have[key(v.Attribute, v.Detail, v.Control, v.Hard)]++
	}
	check := func(k string) {
		if have[k] == 0 {
			t.Errorf("%s: finding %q is not among the all-known findings %+v", what, k, full)
			return
		}
		have[k]--
	}
	for _, e := range part.Input {
		check(key(e.Attribute, e.Detail, "", false))
	}
	for _, v := range part.Violations {
		check(key(v.Attribute, v.Detail, v.Control, v.Hard))
	}
}

// TestRules_pathsAreSchemaPaths: every declared read names an attribute path
// (or provider context) the blankers know, and the blankers cover every
// Spec field but the provider's default tags.
func TestRules_pathsAreSchemaPaths(t *testing.T) {
	var all [][]compliance.Read
	for _, r := range inputRules {
		all = append(all, r.Reads)
	}
	for _, r := range controlRules {
		all = append(all, r.Reads)
	}
	for _, rs := range all {
		for _, rd := range rs {
			if _, ok := blankers[rd.Path]; !ok {
				t.Errorf("a rule reads %q, which is no attribute path", rd.Path)
			}
		}
	}
	full := Spec{Name: "n", KMSKeyARN: "k", CloudWatchRetentionDays: 1, Lifecycle: Lifecycle{StandardDays: 1, InfrequentAccessDays: 1, ExpireAfterDays: 1},
		ObjectLockDays: 1, DataEventBucketARNs: []string{"a"}, RetainOnDestroy: true, Region: "r", AccountID: "a", Partition: "p",
		Tags: map[string]string{"k": "v"}, DefaultTags: map[string]string{"k": "v"}, Exceptions: []compliance.Exception{{}}}
	covered := map[string]bool{"DefaultTags": true}
	typ := reflect.TypeFor[Spec]()
	for p := range blankers {
		b := blanked(full, p)
		for i := range typ.NumField() {
			if !reflect.DeepEqual(reflect.ValueOf(full).Field(i).Interface(), reflect.ValueOf(b).Field(i).Interface()) {
				covered[typ.Field(i).Name] = true
			}
		}
	}
	for i := range typ.NumField() {
		if !covered[typ.Field(i).Name] {
			t.Errorf("Spec.%s is blanked by no path: add its attribute path to blankers", typ.Field(i).Name)
		}
	}
}

// TestRules_noneReadsAccount: the account ID is known only at apply, and
// the provider plans hipaa_audit_trail without it; a rule that reads it
// would need the refusal run again at apply, before the first AWS call.
func TestRules_noneReadsAccount(t *testing.T) {
	for _, r := range named("inputRules", inputRules) {
		if reads(r.rule.Reads, "account_id") {
			t.Errorf("%s reads account_id", r.name)
		}
	}
	for _, r := range named("controlRules", controlRules) {
		if reads(r.rule.Reads, "account_id") {
			t.Errorf("%s reads account_id", r.name)
		}
	}
}

// A known literal is refused while the key (from hipaa_kms_key in the same
// configuration) and the region are unknown; only the key's own rules wait.
func TestEvaluate_unknownKeyHidesOnlyItsRules(t *testing.T) {
	s := validSpec()
	s.KMSKeyARN, s.Region = "", ""
	s.Name, s.CloudWatchRetentionDays, s.ObjectLockDays = "Bad_ID!", 365, 3000
	s.Lifecycle.ExpireAfterDays = 2500
	var u compliance.Unknown
	u.Value("kms_key_arn")
	u.Value("region")
	u.Value("partition")
	u.Value("account_id")
	f := Evaluate(s, u)
	want := compliance.Findings{
		Input: []InputError{{Attribute: "name", Detail: `"Bad_ID!": use 3 to 32 lowercase letters, digits and hyphens (it names the trail and, with the account and region, the buckets)`}},
		Violations: []compliance.Violation{
			{Control: "STO-06", Attribute: "log_lifecycle.expire_after_days", Hard: true, Detail: "expire_after_days (2500) is shorter than object_lock_days (3000): locked objects cannot expire; expire after the lock ends, or shorten the lock"},
			{Control: "AUD-06", Attribute: "cloudwatch_retention_days", Detail: "cloudwatch_retention_days is 365, below six years (2192 days); keep 2192 or more (the S3 copy is kept by the lifecycle)"},
		},
	}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("Evaluate:\n got  %+v\n want %+v", f, want)
	}
	// The same spec with a literal alias refuses the alias too (AUD-03).
	s.KMSKeyARN = "alias/aws/cloudtrail"
	if v := Evaluate(s, u.Without("kms_key_arn")).Violations; len(v) != 3 || v[0].Control != "AUD-03" || !v[0].Hard {
		t.Errorf("alias with the rest unknown: %+v", v)
	}
}

// Unknown lifecycle fields hide only the rules that read them.
func TestEvaluate_unknownNestedField(t *testing.T) {
	s := validSpec()
	s.Lifecycle.StandardDays, s.ObjectLockDays = 10, 365
	var u compliance.Unknown
	u.Value("log_lifecycle.expire_after_days")
	f := Evaluate(s, u)
	if len(f.Input) != 1 || f.Input[0].Attribute != "log_lifecycle.standard_days" {
		t.Errorf("input %+v, want log_lifecycle.standard_days", f.Input)
	}
	if len(f.Violations) != 1 || f.Violations[0].Control != "STO-06" || f.Violations[0].Attribute != "object_lock_days" {
		t.Errorf("violations %+v, want STO-06 on object_lock_days", f.Violations)
	}
	u = compliance.Unknown{}
	u.Value("log_lifecycle")
	if f := Evaluate(s, u); len(f.Input) != 0 {
		t.Errorf("the whole log_lifecycle unknown, yet %+v", f.Input)
	}
}

// A set or map with some unknown elements is validated on the known ones;
// its size waits.
func TestEvaluate_someElementsUnknown(t *testing.T) {
	s := validSpec()
	s.DataEventBucketARNs = []string{"arn:aws:s3:::phi-records", "phi-scans"}
	s.Tags = map[string]string{"aws:team": "x"}
	var u compliance.Unknown
	u.Elements("data_event_bucket_arns", false)
	u.Elements("tags", false)
	f := Evaluate(s, u)
	var attrs []string
	for _, e := range f.Input {
		attrs = append(attrs, e.Attribute+": "+e.Detail)
	}
	if len(attrs) != 2 || !strings.Contains(attrs[0], `"phi-scans" is not an S3 bucket ARN`) || !strings.HasPrefix(attrs[1], `tags: tag key "aws:team"`) {
		t.Errorf("input errors %q", attrs)
	}
	for i := range MaxDataEventBuckets + 1 {
		s.DataEventBucketARNs = append(s.DataEventBucketARNs, fmt.Sprintf("arn:aws:s3:::phi-%03d", i))
	}
	for _, e := range Evaluate(s, u).Input {
		if strings.Contains(e.Detail, "buckets are listed") {
			t.Errorf("counted a set with unknown elements: %s", e.Detail)
		}
	}
	if n := len(Validate(s)); n != 3 {
		t.Errorf("all known: %d input errors, want 3 (one bucket ARN, the count, one tag)", n)
	}
}
