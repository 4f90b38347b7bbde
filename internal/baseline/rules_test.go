package baseline

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

// blanks sets the Spec field at each attribute path of the schema (and of
// the provider context the Spec carries) to what the provider's conversion
// holds for an unknown value: the zero value, nil for a collection. An
// unknown block is every field of it unknown.
var blanks = s3buckettest.WithReplication(compliancetest.Blankers[Spec]{
	"kms_key_arn":                            func(s *Spec) { s.KMSKeyARN = "" },
	"ebs_default_encryption_kms_key_arn":     func(s *Spec) { s.EBSKMSKeyARN = "" },
	"guardduty":                              func(s *Spec) { s.GuardDutyFeatures, s.FindingFrequency = nil, "" },
	"guardduty.features":                     func(s *Spec) { s.GuardDutyFeatures = nil },
	"guardduty.finding_publishing_frequency": func(s *Spec) { s.FindingFrequency = "" },
	"security_hub":                           func(s *Spec) { s.Standards = nil },
	"security_hub.standards":                 func(s *Spec) { s.Standards = nil },
	"config":                                 func(s *Spec) { s.ConformancePack = false },
	"config.conformance_pack":                func(s *Spec) { s.ConformancePack = false },
	"access_analyzer":                        func(s *Spec) { s.AccessAnalyzer = false },
	"inspector":                              func(s *Spec) { s.InspectorResourceTypes = nil },
	"inspector.resource_types":               func(s *Spec) { s.InspectorResourceTypes = nil },
	"s3_account_public_access_block":         func(s *Spec) { s.S3AccountPublicAccessBlock = false },
	"password_policy":                        func(s *Spec) { s.PasswordPolicy = PasswordPolicy{} },
	"password_policy.enabled":                func(s *Spec) { s.PasswordPolicy.Unmanaged = false },
	"password_policy.minimum_length":         func(s *Spec) { s.PasswordPolicy.MinimumLength = 0 },
	"password_policy.max_age_days":           func(s *Spec) { s.PasswordPolicy.MaxAgeDays = 0 },
	"password_policy.reuse_prevention":       func(s *Spec) { s.PasswordPolicy.ReusePrevention = 0 },
	"disable_on_destroy":                     func(s *Spec) { s.DisableOnDestroy = false },
	"tags":                                   func(s *Spec) { s.Tags = nil },
	"exceptions":                             func(s *Spec) { s.Exceptions = nil },
	"region":                                 func(s *Spec) { s.Region = "" },
	"account_id":                             func(s *Spec) { s.AccountID = "" },
	"partition":                              func(s *Spec) { s.Partition = "" },
}, func(s *Spec) **s3bucket.Target { return &s.Replication })

const (
	otherKey = "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
	westKey  = "arn:aws:kms:us-west-2:123456789012:key/66666666-7777-8888-9999-000000000000"
)

// validMutations keep a spec compliant; invalidMutations each break one
// input rule or control.
var validMutations = []func(*Spec){
	func(s *Spec) { s.GuardDutyFeatures = append(s.GuardDutyFeatures, "LAMBDA_NETWORK_LOGS") },
	func(s *Spec) { s.FindingFrequency = "ONE_HOUR" },
	func(s *Spec) { s.InspectorResourceTypes = append(s.InspectorResourceTypes, "LAMBDA_CODE") },
	func(s *Spec) {
		s.PasswordPolicy = PasswordPolicy{MinimumLength: 32, MaxAgeDays: 30, ReusePrevention: 24}
	},
	func(s *Spec) { s.Tags = map[string]string{"env": "prod", "team": "data"} },
	func(s *Spec) { s.EBSKMSKeyARN = otherKey },
	func(s *Spec) { s.DisableOnDestroy = true },
	func(s *Spec) {
		s.Exceptions = []compliance.Exception{{Control: "DET-06", Reason: "managed in us-east-1"}}
	},
	func(s *Spec) { s.Region, s.Partition = "us-gov-west-1", "aws-us-gov" },
	func(s *Spec) { s.DefaultTags = map[string]string{"cost-center": "42"} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: westKey} },
}

var invalidMutations = []func(*Spec){
	func(s *Spec) { s.GuardDutyFeatures = []string{"S3_DATA_EVENTS"} },
	func(s *Spec) { s.GuardDutyFeatures = append(s.GuardDutyFeatures, "DNS_LOGS") },
	func(s *Spec) { s.FindingFrequency = "DAILY" },
	func(s *Spec) { s.Standards = []string{StandardFSBP, StandardCIS} },
	func(s *Spec) { s.Standards = append(s.Standards, "arn:aws:securityhub:::ruleset/cis") },
	func(s *Spec) { s.ConformancePack = false },
	func(s *Spec) { s.AccessAnalyzer = false },
	func(s *Spec) { s.InspectorResourceTypes = []string{"EC2", "LAMBDA"} },
	func(s *Spec) { s.InspectorResourceTypes = append(s.InspectorResourceTypes, "EKS") },
	func(s *Spec) { s.S3AccountPublicAccessBlock = false },
	func(s *Spec) { s.PasswordPolicy.MinimumLength = 8 },
	func(s *Spec) { s.PasswordPolicy.MinimumLength = 200 },
	func(s *Spec) { s.PasswordPolicy.MaxAgeDays = 365 },
	func(s *Spec) { s.PasswordPolicy.MaxAgeDays = 0 },
	func(s *Spec) { s.PasswordPolicy.ReusePrevention = 5 },
	func(s *Spec) { s.PasswordPolicy.ReusePrevention = 30 },
	func(s *Spec) { s.PasswordPolicy.Unmanaged = true },
	func(s *Spec) { s.KMSKeyARN = "alias/config" },
	func(s *Spec) { s.KMSKeyARN = "" },
	func(s *Spec) { s.KMSKeyARN = "config" },
	func(s *Spec) { s.EBSKMSKeyARN = "alias/aws/ebs" },
	func(s *Spec) { s.EBSKMSKeyARN = "arn:aws:s3:::bucket" },
	func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x", "env": "prod"} },
	func(s *Spec) { s.Tags = map[string]string{"aws:team": "x"} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "us-east-1", KMSKeyARN: otherKey} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "mars", KMSKeyARN: westKey} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "us-west-2"} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: "not-a-key"} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: "alias/config"} },
	func(s *Spec) { s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: otherKey} },
	func(s *Spec) { s.Tags = map[string]string{"team": strings.Repeat("x", 257)} },
	func(s *Spec) {
		s.DefaultTags = map[string]string{}
		for i := range 50 {
			s.DefaultTags[fmt.Sprintf("d%02d", i)] = "x"
		}
	},
}

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite).
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     blanks,
		Unblanked:    []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:        func(*rand.Rand) Spec { return validSpec() },
		Mutations:    slices.Concat(validMutations, invalidMutations),
		MaxMutations: 15,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("rawInputRules", nil, rawInputRules),
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules),
			compliancetest.Rules("rawControlRules", nil, rawControlRules),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.Set("guardduty.features", func(s *Spec) *[]string { return &s.GuardDutyFeatures }),
			compliancetest.Set("security_hub.standards", func(s *Spec) *[]string { return &s.Standards }),
			compliancetest.Set("inspector.resource_types", func(s *Spec) *[]string { return &s.InspectorResourceTypes }),
			compliancetest.Map("tags", func(s *Spec) *map[string]string { return &s.Tags }),
		},
		// With some tags unknown, the tag count found is a lower bound of
		// the real one.
		Loosen: func(detail string) string { return number.ReplaceAllString(detail, "N") },
		Seed:   2026,
		N:      400,
	}.Run(t)
}

var number = regexp.MustCompile(`\d+`)

func unknownAt(path string) compliance.Unknown {
	var u compliance.Unknown
	u.Value(path)
	return u
}

// TestEvaluate_unknownKeyHidesOnlyItsRules: a literal violation is still
// refused while the key ARNs are unknown (they come from a hipaa_kms_key in
// the same apply), and so is an alias in the other key argument.
func TestEvaluate_unknownKeyHidesOnlyItsRules(t *testing.T) {
	s := validSpec()
	s.KMSKeyARN = "" // unknown
	s.PasswordPolicy.MinimumLength, s.ConformancePack = 8, false
	s.GuardDutyFeatures = append(s.GuardDutyFeatures, "DNS_LOGS")
	s.EBSKMSKeyARN = "alias/aws/ebs"
	var u compliance.Unknown
	u.Value("kms_key_arn")
	u.Value("account_id")
	f := Evaluate(s, u)
	if len(f.Input) != 1 || f.Input[0].Attribute != "guardduty.features" {
		t.Errorf("input errors %+v: want only the unknown feature (an unknown key is not an empty one)", f.Input)
	}
	var got []string
	for _, v := range f.Violations {
		got = append(got, v.Control+" "+v.Attribute+fmt.Sprint(" hard=", v.Hard))
	}
	want := []string{"DET-06 ebs_default_encryption_kms_key_arn hard=true", "DET-03 config.conformance_pack hard=false",
		"DET-06 password_policy.minimum_length hard=false"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations %v, want %v", got, want)
	}

	s = validSpec()
	s.KMSKeyARN, s.EBSKMSKeyARN = "alias/aws/s3", "" // the EBS key unknown
	u = compliance.Unknown{}
	u.Value("ebs_default_encryption_kms_key_arn")
	if v := Evaluate(s, u).Violations; len(v) != 1 || v[0].Control != "DET-03" || !v[0].Hard {
		t.Errorf("an AWS managed kms_key_arn is not refused while the EBS key is unknown: %+v", v)
	}
}

// TestEvaluate_someElementsUnknown: the known elements of a collection are
// still validated; a check of the whole collection waits.
func TestEvaluate_someElementsUnknown(t *testing.T) {
	s := validSpec()
	s.GuardDutyFeatures = []string{"S3_DATA_EVENTS", "DNS_LOGS"} // and one unknown element
	s.Tags = map[string]string{"hipaa:owner": "x"}               // and one entry whose value is unknown
	var u compliance.Unknown
	u.Elements("guardduty.features", false)
	u.Elements("tags", false)
	f := Evaluate(s, u)
	var attrs []string
	for _, e := range f.Input {
		attrs = append(attrs, e.Attribute)
	}
	if !reflect.DeepEqual(attrs, []string{"guardduty.features", "tags"}) || !strings.Contains(f.Input[0].Detail, `"DNS_LOGS"`) {
		t.Errorf("input errors on the known elements: %+v", f.Input)
	}
	if len(f.Violations) != 0 {
		t.Errorf("DET-01 is decided while an element is unknown (it may be RDS_LOGIN_EVENTS): %+v", f.Violations)
	}
	if v := Evaluate(s, compliance.Unknown{}).Violations; len(v) != 1 || v[0].Control != "DET-01" {
		t.Errorf("with every element known, DET-01: %+v", v)
	}
}

// TestEvaluate_unknownBlock: an unknown password_policy hides only the
// password rules.
func TestEvaluate_unknownBlock(t *testing.T) {
	s := validSpec()
	s.PasswordPolicy, s.AccessAnalyzer = PasswordPolicy{}, false
	f := Evaluate(s, unknownAt("password_policy"))
	if len(f.Input) != 0 || len(f.Violations) != 1 || f.Violations[0].Control != "DET-04" {
		t.Errorf("findings %+v: want only DET-04", f)
	}
}
