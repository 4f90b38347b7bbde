package audittrail

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
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket/s3buckettest"
)

// blankers are the attribute paths of the hipaa_audit_trail schema and the
// provider context a rule may read, each with what the provider's
// conversion leaves in the Spec when the value is unknown: the zero value,
// nil for a collection.
var blankers = s3buckettest.WithReplication(compliancetest.Blankers[Spec]{
	"name":                      func(s *Spec) { s.Name = "" },
	"kms_key_arn":               func(s *Spec) { s.KMSKeyARN = "" },
	"cloudwatch_retention_days": func(s *Spec) { s.CloudWatchRetentionDays = 0 },
	"transitions":               func(s *Spec) { s.Transitions = nil },
	"expire_after_days":         func(s *Spec) { s.ExpireAfterDays = 0 },
	"object_lock_days":          func(s *Spec) { s.ObjectLockDays = 0 },
	"data_event_bucket_arns":    func(s *Spec) { s.DataEventBucketARNs = nil },
	"retain_on_destroy":         func(s *Spec) { s.RetainOnDestroy = false },
	"tags":                      func(s *Spec) { s.Tags = nil },
	"exceptions":                func(s *Spec) { s.Exceptions = nil },
	"region":                    func(s *Spec) { s.Region = "" },
	"account_id":                func(s *Spec) { s.AccountID = "" },
	"partition":                 func(s *Spec) { s.Partition = "" },
}, func(s *Spec) **s3bucket.Target { return &s.Replication })

// mutations each set one argument to another value, valid or not; random
// specs combine them.
var mutations = slices.Concat(
	compliancetest.Settings(func(s *Spec, v string) { s.Name = v }, "audit", "Bad_ID!", "ab", "a-very-long-audit-trail-name-32c", "x-"),
	compliancetest.Settings(func(s *Spec, v string) { s.KMSKeyARN = v },
		"", "alias/aws/cloudtrail", "alias/audit", "arn:aws:kms:us-east-1:123456789012:alias/audit",
		"11111111-2222-3333-4444-555555555555", "not-a-key", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
		"arn:aws:kms:us-east-1:210987654321:key/mrk-0123456789abcdef0123456789abcdef"),
	compliancetest.Settings(func(s *Spec, v int) { s.CloudWatchRetentionDays = v }, 0, 1, 365, 2000, 2192, 3653),
	compliancetest.Settings(func(s *Spec, v []s3bucket.Transition) { s.Transitions = v }, nil, []s3bucket.Transition{},
		[]s3bucket.Transition{{Days: 10, StorageClass: s3bucket.StandardIA}},
		[]s3bucket.Transition{{Days: 30, StorageClass: s3bucket.StandardIA}, {Days: 40, StorageClass: s3bucket.DeepArchive}},
		[]s3bucket.Transition{{Days: 90, StorageClass: s3bucket.Glacier}, {Days: 120, StorageClass: s3bucket.StandardIA}},
		[]s3bucket.Transition{{Days: 60, StorageClass: "STANDARD"}}, []s3bucket.Transition{{Days: 3000, StorageClass: s3bucket.DeepArchive}}),
	compliancetest.Settings(func(s *Spec, v int) { s.ExpireAfterDays = v }, 0, -1, 100, 150, 1000, 2500, 3653),
	compliancetest.Settings(func(s *Spec, v int) { s.ObjectLockDays = v }, 0, -1, 1, 365, 2192, 3000, MaxObjectLockDays+1),
	compliancetest.Settings(func(s *Spec, v []string) { s.DataEventBucketARNs = v },
		[]string{"arn:aws:s3:::phi-records"}, []string{"phi-records", "arn:aws:s3:::phi-a", "arn:aws:s3:::x"}, []string{}),
	compliancetest.Settings(func(s *Spec, n int) {
		s.DataEventBucketARNs = nil
		for i := range n {
			s.DataEventBucketARNs = append(s.DataEventBucketARNs, fmt.Sprintf("arn:aws:s3:::phi-%03d", i))
		}
	}, MaxDataEventBuckets, MaxDataEventBuckets+1, MaxDataEventBuckets+2),
	compliancetest.Settings(func(s *Spec, v map[string]string) { s.Tags = v },
		map[string]string{"team": "x"}, map[string]string{"aws:x": "y", "team": "x"}, map[string]string{"hipaa:owner": "x"},
		map[string]string{strings.Repeat("k", 129): "v", "ok": strings.Repeat("v", 257)}, map[string]string{"bad#key": "v"}),
	compliancetest.Settings(func(s *Spec, n int) {
		s.DefaultTags = map[string]string{}
		for i := range n {
			s.DefaultTags[fmt.Sprintf("d%02d", i)] = "v"
		}
	}, 40, 45, 49),
	compliancetest.Settings(func(s *Spec, v string) { s.Region = v }, "us-east-1", "eu-west-1", ""),
	compliancetest.Settings(func(s *Spec, v string) { s.Partition = v }, "", "aws", "aws-cn"),
	compliancetest.Settings(func(s *Spec, v string) { s.AccountID = v }, "", "210987654321"),
	compliancetest.Settings(func(s *Spec, v bool) { s.RetainOnDestroy = v }, true, false),
	compliancetest.Settings(func(s *Spec, v *s3bucket.Target) { s.Replication = v },
		nil, &s3bucket.Target{Region: "us-west-2", KMSKeyARN: keyUSW2}, &s3bucket.Target{Region: "us-east-1", KMSKeyARN: keyUSE1},
		&s3bucket.Target{Region: "mars", KMSKeyARN: keyUSW2}, &s3bucket.Target{Region: "us-west-2"},
		&s3bucket.Target{Region: "us-west-2", KMSKeyARN: "alias/aws/s3"}, &s3bucket.Target{Region: "us-west-2", KMSKeyARN: "not-a-key"},
		&s3bucket.Target{Region: "us-west-2", KMSKeyARN: keyUSE1}),
	[]func(*Spec){func(s *Spec) {
		s.Exceptions = []compliance.Exception{{Control: "AUD-06", Reason: "kept in the SIEM"}}
	}},
)

// tagCount is the tag-count finding: with some tags unknown, the count it
// names is a lower bound, so only the finding itself must be among the
// all-known findings.
var tagCount = regexp.MustCompile(`^\d+ tags are set`)

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite). The account ID
// is known only at apply, and the provider plans hipaa_audit_trail without
// it: a rule that read it would need the refusal run again at apply, before
// the first AWS call.
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     blankers,
		Unblanked:    []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:        func(*rand.Rand) Spec { return validSpec() },
		Mutations:    mutations,
		MaxMutations: 10,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules).NeverReads("account_id"),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules).NeverReads("account_id"),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.Set("data_event_bucket_arns", func(s *Spec) *[]string { return &s.DataEventBucketARNs }),
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

// A known literal is refused while the key (from hipaa_kms_key in the same
// configuration) and the region are unknown; only the key's own rules wait.
func TestEvaluate_unknownKeyHidesOnlyItsRules(t *testing.T) {
	s := validSpec()
	s.KMSKeyARN, s.Region = "", ""
	s.Name, s.CloudWatchRetentionDays, s.ObjectLockDays = "Bad_ID!", 365, 3000
	s.ExpireAfterDays = 2500
	var u compliance.Unknown
	u.Value("kms_key_arn")
	u.Value("region")
	u.Value("partition")
	u.Value("account_id")
	f := Evaluate(s, u)
	want := compliance.Findings{
		Input: []InputError{{Attribute: "name", Detail: `"Bad_ID!": use 3 to 32 lowercase letters, digits and hyphens (it names the trail and, with the account and region, the buckets)`}},
		Violations: []compliance.Violation{
			{Control: "STO-06", Attribute: "expire_after_days", Hard: true, Detail: "expire_after_days (2500) is shorter than object_lock_days (3000): locked objects cannot expire; expire after the lock ends, or shorten the lock"},
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

// An unknown expiry hides only the rules that read it.
func TestEvaluate_unknownNestedField(t *testing.T) {
	s := validSpec()
	s.Transitions, s.ObjectLockDays = []s3bucket.Transition{{Days: 10, StorageClass: s3bucket.StandardIA}}, 365
	var u compliance.Unknown
	u.Value("expire_after_days")
	f := Evaluate(s, u)
	if len(f.Input) != 1 || f.Input[0].Attribute != "transitions[0].days" {
		t.Errorf("input %+v, want transitions[0].days", f.Input)
	}
	if len(f.Violations) != 1 || f.Violations[0].Control != "STO-06" || f.Violations[0].Attribute != "object_lock_days" {
		t.Errorf("violations %+v, want STO-06 on object_lock_days", f.Violations)
	}
	u = compliance.Unknown{}
	u.Value("transitions")
	if f := Evaluate(s, u); len(f.Input) != 0 {
		t.Errorf("transitions unknown, yet %+v", f.Input)
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
