package bucket

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket/s3buckettest"
)

var unknownNone compliance.Unknown

// blankers are the attribute paths of the hipaa_bucket schema and the
// provider context a rule may read, each with what the provider's
// conversion leaves in the Spec when the value is unknown: the zero value,
// nil for a collection or an object. A nested attribute is blanked in a
// copy of its object: specs share what they point to.
var blankers = s3buckettest.WithReplication(compliancetest.Blankers[Spec]{
	"name":        func(s *Spec) { s.Name = "" },
	"kms_key_arn": func(s *Spec) { s.KMSKeyARN = "" },
	"object_lock": func(s *Spec) { s.ObjectLock = nil },
	"object_lock.mode": func(s *Spec) {
		if s.ObjectLock != nil {
			l := *s.ObjectLock
			l.Mode = ""
			s.ObjectLock = &l
		}
	},
	"object_lock.days": func(s *Spec) {
		if s.ObjectLock != nil {
			l := *s.ObjectLock
			l.Days = 0
			s.ObjectLock = &l
		}
	},
	"transitions":                          func(s *Spec) { s.Transitions = nil },
	"expire_after_days":                    func(s *Spec) { s.ExpireAfterDays = 0 },
	"noncurrent_version_expire_after_days": func(s *Spec) { s.NoncurrentVersionExpireAfterDays = 0 },
	"presigned_url_max_age_seconds":        func(s *Spec) { s.PresignedURLMaxAgeSeconds = 0 },
	"reader_arns":                          func(s *Spec) { s.ReaderARNs = nil },
	"writer_arns":                          func(s *Spec) { s.WriterARNs = nil },
	"access_log_bucket":                    func(s *Spec) { s.AccessLogBucket = "" },
	"retain_on_destroy":                    func(s *Spec) { s.RetainOnDestroy = false },
	"tags":                                 func(s *Spec) { s.Tags = nil },
	"exceptions":                           func(s *Spec) { s.Exceptions = nil },
	"region":                               func(s *Spec) { s.Region = "" },
	"account_id":                           func(s *Spec) { s.AccountID = "" },
	"partition":                            func(s *Spec) { s.Partition = "" },
}, func(s *Spec) **s3bucket.Target { return &s.Replication })

const keyAPSE2 = "arn:aws:kms:ap-southeast-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"

// mutations each set one argument to another value, valid or not (a few
// set two that only break a rule together); random specs combine them.
var mutations = slices.Concat(
	compliancetest.Settings(func(s *Spec, v string) { s.Name = v },
		"phi", "Bad_Name", "-phi", "phi-", "xn--phi", strings.Repeat("n", 40), strings.Repeat("n", 45)),
	compliancetest.Settings(func(s *Spec, v string) { s.KMSKeyARN = v },
		"", "alias/aws/s3", "alias/phi", "arn:aws:kms:us-east-1:123456789012:alias/phi", "11111111-2222-3333-4444-555555555555",
		"not-a-key", strings.Replace(keyUSE1, "us-east-1", "eu-west-1", 1), keyUSE1),
	compliancetest.Settings(func(s *Spec, v *ObjectLock) { s.ObjectLock = v },
		nil, &ObjectLock{Days: 365}, &ObjectLock{Mode: ModeGovernance, Days: 365}, &ObjectLock{Mode: "WORM", Days: 10},
		&ObjectLock{Mode: ModeCompliance}, &ObjectLock{Mode: ModeCompliance, Days: MaxObjectLockDays + 1}, &ObjectLock{Mode: ModeCompliance, Days: 3000}),
	compliancetest.Settings(func(s *Spec, v []Transition) { s.Transitions = v },
		nil, []Transition{}, []Transition{{Days: 10, StorageClass: StandardIA}}, []Transition{{Days: -1, StorageClass: Glacier}}, []Transition{{Days: 0, StorageClass: DeepArchive}},
		[]Transition{{Days: 30, StorageClass: "STANDARD"}}, []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 45, StorageClass: Glacier}}, []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 60, StorageClass: StandardIA}},
		[]Transition{{Days: 90, StorageClass: Glacier}, {Days: 120, StorageClass: StandardIA}}, []Transition{{Days: 30, StorageClass: OneZoneIA}, {Days: 60, StorageClass: GlacierIR}}, []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 30, StorageClass: Glacier}},
		[]Transition{{Days: 30, StorageClass: StandardIA}, {Days: 60, StorageClass: IntelligentTiering}, {Days: 90, StorageClass: OneZoneIA}, {Days: 120, StorageClass: Glacier}, {Days: 300, StorageClass: DeepArchive}}),
	compliancetest.Settings(func(s *Spec, v int) { s.ExpireAfterDays = v }, 0, -5, 20, 60, 365, 3000, 4000),
	compliancetest.Settings(func(s *Spec, v int) { s.NoncurrentVersionExpireAfterDays = v }, 0, -1, 30, 365, 2192, 3000),
	compliancetest.Settings(func(s *Spec, v *Replication) { s.Replication = v },
		nil, &Replication{Region: "us-west-2", KMSKeyARN: keyUSW2}, &Replication{Region: "us-east-1", KMSKeyARN: keyUSE1},
		&Replication{Region: "mars", KMSKeyARN: keyUSW2}, &Replication{Region: "us-west-2"}, &Replication{Region: "us-west-2", KMSKeyARN: "alias/aws/s3"},
		&Replication{Region: "us-west-2", KMSKeyARN: "not-a-key"}, &Replication{Region: "us-west-2", KMSKeyARN: keyUSE1},
		&Replication{Region: "ap-southeast-2", KMSKeyARN: keyAPSE2}),
	compliancetest.Settings(func(s *Spec, v int) { s.PresignedURLMaxAgeSeconds = v }, 0, -1, 1, 600, 601, 3600, MaxPresignedURLMaxAgeSeconds, MaxPresignedURLMaxAgeSeconds+1),
	compliancetest.Settings(func(s *Spec, v []string) { s.ReaderARNs = v },
		nil, []string{}, []string{reader, "arn:aws:iam::123456789012:user/alice"}, []string{reader, "arn:aws:iam::123456789012:role/*"}, []string{"arn:aws:s3:::x"}),
	compliancetest.Settings(func(s *Spec, v []string) { s.WriterARNs = v },
		nil, []string{writer}, []string{"arn:aws:iam::123456789012:root"}, []string{writer, "role/phi-writer"}),
	compliancetest.Settings(func(s *Spec, v string) { s.AccessLogBucket = v },
		"", "central-logs", "arn:aws:s3:::logs", "Logs", "a..b", "192.168.1.1", "xn--logs"),
	compliancetest.Settings(func(s *Spec, v map[string]string) { s.Tags = v },
		map[string]string{"team": "x"}, map[string]string{"aws:x": "y", "team": "x"}, map[string]string{"hipaa:owner": "x"},
		map[string]string{strings.Repeat("k", 129): "v", "ok": strings.Repeat("v", 257)}, map[string]string{"bad#key": "v"}),
	compliancetest.Settings(func(s *Spec, n int) {
		s.DefaultTags = map[string]string{}
		for i := range n {
			s.DefaultTags[fmt.Sprintf("d%02d", i)] = "v"
		}
	}, 40, 45, 49),
	compliancetest.Settings(func(s *Spec, v string) { s.Region = v }, "us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", ""),
	compliancetest.Settings(func(s *Spec, v string) { s.Partition = v }, "", "aws", "aws-us-gov"),
	compliancetest.Settings(func(s *Spec, v string) { s.AccountID = v }, "", "210987654321"),
	compliancetest.Settings(func(s *Spec, v bool) { s.RetainOnDestroy = v }, true, false),
	[]func(*Spec){
		func(s *Spec) {
			s.Exceptions = []compliance.Exception{{Control: "STO-08", Reason: "replicated by the backup plan"}}
		},
		func(s *Spec) { s.ObjectLock, s.ExpireAfterDays = &ObjectLock{Days: 3000}, 365 },
		func(s *Spec) {
			s.Name, s.Replication = strings.Repeat("n", 38), &Replication{Region: "ap-southeast-2", KMSKeyARN: keyAPSE2}
		},
	},
)

// validSpecs are specs every rule accepts.
var validSpecs = []func() Spec{
	validSpec,
	func() Spec { s := validSpec(); s.ObjectLock = &ObjectLock{Days: 365}; return s },
	func() Spec {
		s := validSpec()
		s.Transitions, s.ExpireAfterDays, s.AccessLogBucket = []Transition{}, 3000, "central-logs"
		return s
	},
	func() Spec {
		s := validSpec()
		s.Transitions = []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 60, StorageClass: GlacierIR}, {Days: 150, StorageClass: DeepArchive}}
		s.ExpireAfterDays, s.ReaderARNs, s.PresignedURLMaxAgeSeconds = 3653, nil, 60
		return s
	},
}

// tagCount is the tag-count finding: with some tags unknown, the count it
// names is a lower bound.
var tagCount = regexp.MustCompile(`^\d+ tags are set`)

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite). The account ID
// is known only at apply: no rule reads it (names allow for any 12 digits).
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     blankers,
		Unblanked:    []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:        func(r *rand.Rand) Spec { return validSpecs[r.IntN(len(validSpecs))]() },
		Mutations:    mutations,
		MaxMutations: 10,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules).NeverReads("account_id"),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules).NeverReads("account_id"),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.List("transitions", func(s *Spec) *[]Transition { return &s.Transitions }),
			compliancetest.List("reader_arns", func(s *Spec) *[]string { return &s.ReaderARNs }),
			compliancetest.List("writer_arns", func(s *Spec) *[]string { return &s.WriterARNs }),
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

// refusal is one finding a spec must produce: an input error (control
// "") or a violation.
type refusal struct {
	name    string
	mod     func(*Spec)
	attr    string
	control string
	hard    bool
	detail  string // a part of the detail
}

func (c refusal) matches(f any) bool {
	switch f := f.(type) {
	case InputError:
		return c.control == "" && f.Attribute == c.attr && strings.Contains(f.Detail, c.detail)
	case compliance.Violation:
		return f.Control == c.control && f.Hard == c.hard && f.Attribute == c.attr && strings.Contains(f.Detail, c.detail)
	}
	return false
}

func (c refusal) want() string {
	if c.control == "" {
		return fmt.Sprintf("input error on %s (%q)", c.attr, c.detail)
	}
	return fmt.Sprintf("%s (hard %v) on %s (%q)", c.control, c.hard, c.attr, c.detail)
}

func locked(mode string, days int) func(*Spec) {
	return func(s *Spec) { s.ObjectLock = &ObjectLock{Mode: mode, Days: days} }
}

func transitions(ts ...Transition) func(*Spec) { return func(s *Spec) { s.Transitions = ts } }

// refusals: every rule's findings, each with literal values.
var refusals = []refusal{
	{"name characters", func(s *Spec) { s.Name = "Bad_Name" }, "name", "", false, "lowercase letters"},
	{"name prefix", func(s *Spec) { s.Name = "xn--phi" }, "name", "", false, "not starting with xn--"},
	{"name too long", func(s *Spec) {
		s.Name, s.Region, s.KMSKeyARN = strings.Repeat("n", 36), "ap-southeast-2", keyAPSE2
	}, "name", "", false, "-ap-southeast-2 would be longer than S3's 63; use at most 35"},
	{"name too long for the replica", func(s *Spec) {
		s.Name, s.Replication = strings.Repeat("n", 36), &Replication{Region: "ap-southeast-2", KMSKeyARN: keyAPSE2}
	}, "name", "", false, "the replica bucket"},
	{"not a key", func(s *Spec) { s.KMSKeyARN = "arn:aws:s3:::phi" }, "kms_key_arn", "", false, "is not a KMS key ARN"},
	{"key in another region", func(s *Spec) { s.KMSKeyARN = strings.Replace(keyUSE1, "us-east-1", "eu-west-1", 1) },
		"kms_key_arn", "", false, "is a key in eu-west-1; the bucket is in us-east-1"},
	{"lock mode", locked("WORM", 30), "object_lock.mode", "", false, `"WORM" is not an Object Lock mode`},
	{"lock days zero", locked(ModeCompliance, 0), "object_lock.days", "", false, "1 to 36500 days"},
	{"lock days too many", locked(ModeCompliance, MaxObjectLockDays+1), "object_lock.days", "", false, "36501"},
	{"storage class", transitions(Transition{Days: 30, StorageClass: "STANDARD"}), "transitions[0].storage_class", "", false, `"STANDARD" is not a class`},
	{"IA too early", transitions(Transition{Days: 10, StorageClass: StandardIA}), "transitions[0].days", "", false, "no earlier than day 30"},
	{"negative days", transitions(Transition{Days: -1, StorageClass: Glacier}), "transitions[0].days", "", false, "0 or more days"},
	{"order", transitions(Transition{Days: 90, StorageClass: Glacier}, Transition{Days: 120, StorageClass: StandardIA}), "transitions[1].storage_class", "", false, "STANDARD_IA cannot follow GLACIER"},
	{"class twice", transitions(Transition{Days: 30, StorageClass: StandardIA}, Transition{Days: 60, StorageClass: StandardIA}), "transitions[1].storage_class", "", false, "already the class of transitions[0]"},
	{"one zone to instant retrieval", transitions(Transition{Days: 30, StorageClass: OneZoneIA}, Transition{Days: 60, StorageClass: GlacierIR}), "transitions[1].storage_class", "", false, "does not move objects from ONEZONE_IA to GLACIER_IR"},
	{"same day", transitions(Transition{Days: 30, StorageClass: StandardIA}, Transition{Days: 30, StorageClass: Glacier}), "transitions[1].days", "", false, "must come after the one before"},
	{"IA stay", transitions(Transition{Days: 30, StorageClass: StandardIA}, Transition{Days: 45, StorageClass: Glacier}), "transitions[1].days", "", false, "must stay 30 days in STANDARD_IA"},
	{"negative expiry", func(s *Spec) { s.ExpireAfterDays = -5 }, "expire_after_days", "", false, "or 0 (the default)"},
	{"expiry before the transition", func(s *Spec) { s.ExpireAfterDays = 20 }, "expire_after_days", "", false, "after their last transition (transitions[0] at day 30)"},
	{"negative noncurrent expiry", func(s *Spec) { s.NoncurrentVersionExpireAfterDays = -1 }, "noncurrent_version_expire_after_days", "", false, "use a number of days"},
	{"replica region", func(s *Spec) { s.Replication.Region = "mars" }, "replication.region", "", false, `"mars" is not an AWS region`},
	{"replica in the same region", func(s *Spec) { s.Replication = &Replication{Region: "us-east-1", KMSKeyARN: keyUSE1} },
		"replication.region", "", false, "the bucket's own region"},
	{"replica key not a key", func(s *Spec) { s.Replication.KMSKeyARN = "not-a-key" }, "replication.kms_key_arn", "", false, "is not a KMS key ARN"},
	{"replica key elsewhere", func(s *Spec) { s.Replication.KMSKeyARN = keyUSE1 }, "replication.kms_key_arn", "", false, "is a key in us-east-1; the replica bucket is in us-west-2"},
	{"presigned too short", func(s *Spec) { s.PresignedURLMaxAgeSeconds = -1 }, "presigned_url_max_age_seconds", "", false, "use 1 to 604800 seconds"},
	{"presigned beyond SigV4", func(s *Spec) { s.PresignedURLMaxAgeSeconds = 604801 }, "presigned_url_max_age_seconds", "", false, "at most 7 days"},
	{"reader ARN", func(s *Spec) { s.ReaderARNs = []string{reader, "arn:aws:iam::123456789012:role/*"} }, "reader_arns[1]", "", false, "wildcards are not allowed"},
	{"writer ARN", func(s *Spec) { s.WriterARNs = []string{"arn:aws:s3:::x"} }, "writer_arns[0]", "", false, "may write objects"},
	{"access log bucket", func(s *Spec) { s.AccessLogBucket = "arn:aws:s3:::logs" }, "access_log_bucket", "", false, "not the ARN"},
	{"tags", func(s *Spec) { s.Tags = map[string]string{"aws:team": "x"} }, "tags", "", false, `"aws:team"`},

	{"no key", func(s *Spec) { s.KMSKeyARN = "" }, "kms_key_arn", "STO-01", true, "hipaa_kms_key.<name>.arn"},
	{"AWS managed key", func(s *Spec) { s.KMSKeyARN = "alias/aws/s3" }, "kms_key_arn", "STO-01", true, "AWS managed key"},
	{"governance", locked(ModeGovernance, 30), "object_lock.mode", "STO-06", false, "s3:BypassGovernanceRetention"},
	{"expiry inside the lock", func(s *Spec) {
		s.ObjectLock, s.ExpireAfterDays, s.NoncurrentVersionExpireAfterDays = &ObjectLock{Days: 3000}, 365, 3000
	}, "expire_after_days", "STO-06", true, "S3 cannot expire a locked object"},
	{"noncurrent expiry inside the lock", locked(ModeCompliance, 3000), "noncurrent_version_expire_after_days", "STO-06", true, "S3 cannot expire a locked version"},
	{"noncurrent under six years", func(s *Spec) { s.NoncurrentVersionExpireAfterDays = 365 }, "noncurrent_version_expire_after_days", "STO-07", false, "164.316(b)(2)(i)"},
	{"no replication", func(s *Spec) { s.Replication = nil }, "replication", "STO-08", false, "set replication = { region, kms_key_arn }"},
	{"no replica key", func(s *Spec) { s.Replication.KMSKeyARN = "" }, "replication.kms_key_arn", "STO-08", true, "customer-managed key of the replica's region"},
	{"replica alias", func(s *Spec) { s.Replication.KMSKeyARN = "alias/phi" }, "replication.kms_key_arn", "STO-01", true, "is a key alias"},
	{"presigned longer than ten minutes", func(s *Spec) { s.PresignedURLMaxAgeSeconds = 3600 }, "presigned_url_max_age_seconds", "STO-10", false, "longer than 10 minutes"},
}

// anyRule is a rule of either table, its findings erased.
type anyRule struct {
	name  string
	reads []compliance.Read
	check func(Spec) []any
}

func erase[F any](name string, rules []compliance.Rule[Spec, F]) []anyRule {
	var out []anyRule
	for i, r := range rules {
		out = append(out, anyRule{fmt.Sprintf("%s[%d]", name, i), r.Reads, func(s Spec) []any {
			var fs []any
			for _, f := range r.Check(s) {
				fs = append(fs, f)
			}
			return fs
		}})
	}
	return out
}

// allRules are the input rules then the control rules, as Evaluate runs them.
var allRules = slices.Concat(erase("inputRules", inputRules), erase("controlRules", controlRules))

func findingsOf(f compliance.Findings) []any {
	var out []any
	for _, e := range f.Input {
		out = append(out, e)
	}
	for _, v := range f.Violations {
		out = append(out, v)
	}
	return out
}

func unknownAt(paths ...string) compliance.Unknown {
	var u compliance.Unknown
	for _, p := range paths {
		u.Value(p)
	}
	return u
}

// reads reports whether a rule reading rs waits for path.
func reads(rs []compliance.Read, path string) bool {
	return slices.ContainsFunc(rs, unknownAt(path).Blocks)
}

// TestRefusals_unknown proves each refusal of the table three ways: the
// one rule that finds it; the refusal still fires when every attribute the
// rule does not read is unknown; and an unknown attribute the rule reads
// hides exactly the rules that read it (the finding among them), leaving
// every other rule's findings as they were. Every rule has a case.
func TestRefusals_unknown(t *testing.T) {
	covered := map[string]bool{}
	paths := slices.Sorted(maps.Keys(blankers))
	for _, c := range refusals {
		s := validSpec()
		c.mod(&s)
		d := s.WithDefaults()
		var rule *anyRule
		for i, r := range allRules {
			if slices.ContainsFunc(r.check(d), c.matches) {
				if rule != nil {
					t.Errorf("%s: both %s and %s find %s", c.name, rule.name, r.name, c.want())
				}
				rule = &allRules[i]
			}
		}
		if rule == nil {
			t.Errorf("%s: no rule finds %s in %+v", c.name, c.want(), findingsOf(Evaluate(s, unknownNone)))
			continue
		}
		covered[rule.name] = true

		// Every attribute the rule does not read unknown: still refused.
		b, u := s, compliance.Unknown{}
		for _, p := range paths {
			if !reads(rule.reads, p) {
				blankers[p](&b)
				u.Value(p)
			}
		}
		if got := findingsOf(Evaluate(b, u)); !slices.ContainsFunc(got, c.matches) {
			t.Errorf("%s: with %v unknown, %s is not found: %v", c.name, u.Paths(), c.want(), got)
		}

		// Each attribute the rule reads unknown: exactly the rules reading it wait.
		for _, rd := range rule.reads {
			b := s
			blankers[rd.Path](&b)
			got := findingsOf(Evaluate(b, unknownAt(rd.Path)))
			var want []any
			for _, r := range allRules {
				if !reads(r.reads, rd.Path) {
					want = append(want, r.check(d)...)
				}
			}
			if slices.ContainsFunc(got, c.matches) || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: with %s unknown, found %v, want %v", c.name, rd.Path, got, want)
			}
		}
	}
	for _, r := range allRules {
		if !covered[r.name] {
			t.Errorf("%s (reads %v) has no case in refusals", r.name, r.reads)
		}
	}
}

// A transition whose days are unknown (an element's attribute) hides the
// rules that read the transitions; literal errors elsewhere still refuse.
func TestEvaluate_unknownTransitionElement(t *testing.T) {
	s := validSpec()
	s.Name, s.ExpireAfterDays = "Bad_Name", 20
	s.Transitions = []Transition{{Days: 10, StorageClass: StandardIA}, {Days: 0, StorageClass: Glacier}} // transitions[1].days is unknown
	f := Evaluate(s, unknownAt("transitions[1].days"))
	if len(f.Input) != 1 || f.Input[0].Attribute != "name" || len(f.Violations) != 0 {
		t.Errorf("findings %+v, want only the name", f)
	}
	if f := Evaluate(s, unknownNone); len(f.Input) < 3 {
		t.Errorf("all known: %+v", f.Input)
	}
}

// The replica key from a hipaa_kms_key in the same configuration is
// unknown at plan: replication is still known to be set (no STO-08), the
// key's own rules wait, and a literal lock problem is refused.
func TestEvaluate_unknownReplicaKey(t *testing.T) {
	s := validSpec()
	s.Replication = &Replication{Region: "us-west-2"}
	s.KMSKeyARN, s.ObjectLock = "", &ObjectLock{Mode: ModeGovernance, Days: 3000}
	f := Evaluate(s, unknownAt("replication.kms_key_arn", "kms_key_arn", "region", "account_id"))
	want := compliance.Findings{Violations: []compliance.Violation{
		{Control: "STO-06", Attribute: "object_lock.mode", Detail: "object_lock.mode is GOVERNANCE: governance-mode locks can be bypassed by principals with s3:BypassGovernanceRetention, so locked objects can still be deleted; use COMPLIANCE, or add an exception for STO-06 with a reason"},
		{Control: "STO-06", Attribute: "noncurrent_version_expire_after_days", Hard: true, Detail: "noncurrent_version_expire_after_days (2192) is shorter than object_lock.days (3000): S3 cannot expire a locked version; keep noncurrent versions 3000 days or more, or shorten the lock"},
	}}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("Evaluate:\n got  %+v\n want %+v", f, want)
	}
	if v := Evaluate(s, unknownAt("replication", "kms_key_arn")).Violations; len(v) != 2 {
		t.Errorf("replication unknown: %+v", v)
	}
}

// Messages name the attribute and what to do; these are the exact texts.
func TestMessages(t *testing.T) {
	s := validSpec()
	s.Name = strings.Repeat("n", 41)
	s.Transitions = []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 45, StorageClass: Glacier}}
	s.ReaderARNs = []string{"arn:aws:iam::123456789012:role/*"}
	want := []InputError{
		{Attribute: "name", Detail: `"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn" has 41 characters: the bucket nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn-<12-digit account>-us-east-1 would be longer than S3's 63; use at most 40 characters`},
		{Attribute: "name", Detail: `"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn" has 41 characters: the replica bucket nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn-<12-digit account>-us-west-2 (replication.region) would be longer than S3's 63; use at most 40 characters`},
		{Attribute: "transitions[1].days", Detail: "45: objects must stay 30 days in STANDARD_IA (from day 30, transitions[0]) before the next transition; use 60 or more"},
		{Attribute: "reader_arns[0]", Detail: `"arn:aws:iam::123456789012:role/*" is not an IAM role or user ARN (arn:aws:iam::<account>:role/<path/name>); wildcards are not allowed: list each principal that may read objects`},
	}
	if got := Validate(s); !reflect.DeepEqual(got, want) {
		t.Errorf("Validate:\n got  %+v\n want %+v", got, want)
	}
}
