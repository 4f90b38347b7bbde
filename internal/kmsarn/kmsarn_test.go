package kmsarn

import (
	"regexp"
	"strings"
	"testing"
)

const (
	uuid   = "1234abcd-12ab-34cd-56ef-1234567890ab"
	mrk    = "mrk-0123456789abcdef0123456789abcdef"
	keyARN = "arn:aws:kms:us-east-1:123456789012:key/" + uuid
)

var classifyCases = []struct {
	s    string
	want Kind
}{
	{keyARN, KeyARN},
	{"arn:aws:kms:us-east-1:123456789012:key/" + mrk, KeyARN},
	{"arn:aws-cn:kms:cn-north-1:123456789012:key/" + uuid, KeyARN},
	{"arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/" + uuid, KeyARN},
	{"arn:aws-iso-b:kms:us-isob-east-1:123456789012:key/" + uuid, KeyARN},
	{"arn:aws:kms:us-east-1:123456789012:alias/phi", AliasARN},
	{"arn:aws:kms:us-east-1:123456789012:alias/aws/rds", AliasARN},
	{"arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/team/db_key-1", AliasARN},
	{"alias/aws/rds", AliasName},
	{"alias/phi", AliasName},
	{"alias/" + strings.Repeat("a", 250), AliasName},
	{uuid, KeyID},
	{mrk, KeyID},
	{"", Invalid},
	{"nope", Invalid},
	{"key/" + uuid, Invalid},
	{"alias/", Invalid},
	{"alias/a b", Invalid},
	{"alias/" + strings.Repeat("a", 251), Invalid},
	{"arn:aws:kms:us-east-1:123456789012:alias/", Invalid},
	{"arn:aws:kms:us-east-1:123456789012:key/nope", Invalid},
	{"arn:aws:kms:us-east-1:123456789012:key/k", Invalid},
	{"arn:aws:kms:us-east-1:123456789012:key/", Invalid},
	{"arn:aws:kms:us-east-1:123456789012:key/" + strings.ToUpper(uuid), Invalid},
	{"arn:aws:kms:us-east-1:123456789012:key/mrk-0123", Invalid},
	{"arn:aws:kms:us-east-1:12345678901:key/" + uuid, Invalid},
	{"arn:aws:kms:us-east-1::key/" + uuid, Invalid},
	{"arn:azure:kms:us-east-1:123456789012:key/" + uuid, Invalid},
	{"arn:aws:s3:::bucket", Invalid},
	{"arn:aws:kms:us-east-1:123456789012:key/" + uuid + " ", Invalid},
	{" " + keyARN, Invalid},
	{keyARN + "\n", Invalid},
}

func TestClassify(t *testing.T) {
	for _, c := range classifyCases {
		if got := Classify(c.s); got != c.want {
			t.Errorf("Classify(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// TestClassify_acceptsWhatPackagesAccepted: every real key ARN the regexes of
// internal/database, internal/blueprint, internal/audittrail,
// internal/baseline and internal/vpc accepted is a KeyARN. (vpc also matched
// non-keys such as key/k; those stay refused.)
func TestClassify_acceptsWhatPackagesAccepted(t *testing.T) {
	old := []*regexp.Regexp{
		regexp.MustCompile(`^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`),
		regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[0-9a-f-]{36}$`),
		regexp.MustCompile(`^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$`),
	}
	for _, s := range []string{
		keyARN,
		"arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
		"arn:aws:kms:us-east-1:222222222222:key/00000000-0000-4000-8000-000000000002",
		"arn:aws:kms:us-gov-west-1:111122223333:key/00000000-0000-4000-8000-000000000000",
		"arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000",
		"arn:aws-cn:kms:cn-northwest-1:111122223333:key/00000000-0000-4000-8000-000000000000",
		"arn:aws:kms:us-west-2:111122223333:key/feedface-0000-4000-8000-000000000001",
	} {
		for _, re := range old {
			if !re.MatchString(s) {
				t.Fatalf("corpus: %s does not match %s", s, re)
			}
		}
		if Classify(s) != KeyARN {
			t.Errorf("Classify(%q) = %v, want KeyARN", s, Classify(s))
		}
	}
}

func TestParse(t *testing.T) {
	a, ok := Parse("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/" + mrk)
	want := ARN{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: "123456789012", KeyID: mrk}
	if !ok || a != want || !a.MultiRegion() {
		t.Fatalf("Parse = %+v, %v", a, ok)
	}
	if a, ok := Parse(keyARN); !ok || a.String() != keyARN || a.MultiRegion() || a.KeyID != uuid {
		t.Fatalf("Parse(%q) = %+v, %v", keyARN, a, ok)
	}
	for _, c := range classifyCases {
		if _, ok := Parse(c.s); ok != (c.want == KeyARN) {
			t.Errorf("Parse(%q) ok = %v, Classify = %v", c.s, ok, c.want)
		}
	}
}

func TestProblem(t *testing.T) {
	cases := []struct {
		s       string
		control bool
		want    string // "" when accepted
	}{
		{keyARN, false, ""},
		{"alias/aws/rds", true, `kms_key_arn "alias/aws/rds" is an alias of an AWS managed key: AWS managed keys cannot be restricted by a key policy you control; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`},
		{"arn:aws:kms:us-east-1:123456789012:alias/aws/cloudtrail", true, "is an alias of an AWS managed key"},
		{"alias/phi", true, `kms_key_arn "alias/phi" is a key alias: an alias can be repointed`},
		{"arn:aws:kms:us-east-1:123456789012:alias/phi", true, "is a key alias"},
		{"alias/awsome", true, "is a key alias"},
		{uuid, true, "is a bare key ID, which does not say which account and region hold the key; use the full key ARN arn:aws:kms:<region>:<account-id>:key/<key-id>"},
		{"nope", false, `kms_key_arn "nope" is not a KMS key ARN: use arn:aws:kms:<region>:<account-id>:key/<key-id>, such as hipaa_kms_key.<name>.arn`},
		{"", false, `kms_key_arn "" is not a KMS key ARN`},
		{"arn:aws:kms:us-east-1:123456789012:key/nope", false, "is not a KMS key ARN"},
	}
	for _, c := range cases {
		got, control := Problem("kms_key_arn", c.s)
		if control != c.control || (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("Problem(%q) = %q, %v; want %q, %v", c.s, got, control, c.want, c.control)
		}
	}
	if got, _ := Problem("flow_logs.kms_key_arn", "x"); !strings.HasPrefix(got, `flow_logs.kms_key_arn "x" `) {
		t.Errorf("the sentence must start with the attribute: %q", got)
	}
}

func TestClassify_kindString(t *testing.T) {
	for k, want := range map[Kind]string{Invalid: "invalid", KeyARN: "key ARN", AliasARN: "alias ARN", AliasName: "alias name", KeyID: "key ID"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), want)
		}
	}
}
