package kmskey

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var testEnv = Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}

func baseSpec() Spec {
	return Spec{Name: "alias/phi", AllowedServices: []string{"rds", "logs", "rds"}}.WithDefaults()
}

func TestSpec_defaults(t *testing.T) {
	s := baseSpec()
	if s.Name != "phi" || s.AliasName() != "alias/phi" {
		t.Fatalf("name = %q alias = %q", s.Name, s.AliasName())
	}
	if s.DeletionWindowDays != 30 || s.RotationPeriodDays != 365 {
		t.Fatalf("defaults = %d/%d", s.DeletionWindowDays, s.RotationPeriodDays)
	}
	if strings.Join(s.AllowedServices, ",") != "logs,rds" {
		t.Fatalf("services not sorted/unique: %v", s.AllowedServices)
	}
	if s.AllTags()["hipaa:owner"] != "hipaa_kms_key/phi" || s.AllTags()["hipaa:managed-by"] != "terraform-provider-hipaa" {
		t.Fatalf("tags = %v", s.AllTags())
	}
}

func TestCheck_violations(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(*Spec)
		control string
		hard    bool
		detail  string
	}{
		{"window 3", func(s *Spec) { s.DeletionWindowDays = 3 }, "KEY-03", true, "deletion_window_days is 3; it must be 7 to 30"},
		{"window 31", func(s *Spec) { s.DeletionWindowDays = 31 }, "KEY-03", true, "deletion_window_days is 31"},
		{"rotation 30", func(s *Spec) { s.RotationPeriodDays = 30 }, "KEY-02", true, "AWS KMS accepts 90 to 2560"},
		{"rotation 3000", func(s *Spec) { s.RotationPeriodDays = 3000 }, "KEY-02", true, "rotation_period_days is 3000"},
		{"rotation 730", func(s *Spec) { s.RotationPeriodDays = 730 }, "KEY-02", false, "rotate at least every 365 days"},
		{"unknown service", func(s *Spec) { s.AllowedServices = []string{"rds", "foo"} }, "KEY-01", true, `unknown service "foo"`},
		{"no users", func(s *Spec) { s.AllowedServices = nil }, "KEY-01", false, "names no service or principal"},
		{"wildcard user", func(s *Spec) { s.UserARNs = []string{"*"} }, "KEY-01", true, "wildcards are never allowed"},
		{"bad admin", func(s *Spec) { s.AdministratorARNs = []string{"arn:aws:iam::1:role/x"} }, "KEY-01", true, "not an IAM role"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := baseSpec()
			tc.mutate(&s)
			v := Check(s)
			if len(v) != 1 {
				t.Fatalf("want 1 violation, got %+v", v)
			}
			if v[0].Control != tc.control || v[0].Hard != tc.hard || !strings.Contains(v[0].Detail, tc.detail) {
				t.Fatalf("got %+v", v[0])
			}
		})
	}
	if v := Check(baseSpec()); len(v) != 0 {
		t.Fatalf("compliant spec has violations: %+v", v)
	}
}

func TestValidate_name(t *testing.T) {
	for _, n := range []string{"aws/rds", "bad name", ""} {
		if len(Validate(Spec{Name: n}.WithDefaults())) == 0 {
			t.Errorf("name %q accepted", n)
		}
	}
	if e := Validate(baseSpec()); len(e) != 0 {
		t.Fatalf("valid name refused: %v", e)
	}
	// One "alias/" prefix is stripped, once: alias/alias/aws/x is the
	// customer alias "alias/aws/x" under alias/, not an AWS one.
	s := Spec{Name: "alias/alias/aws/x", AllowedServices: []string{"rds"}}
	if e := Evaluate(s, compliance.Unknown{}).Input; len(e) != 0 {
		t.Fatalf("Evaluate refused %q: %v", s.Name, e)
	}
	if e := Validate(s.WithDefaults()); len(e) != 0 {
		t.Fatalf("Validate refused %q: %v", s.Name, e)
	}
}

func TestValidate_tags(t *testing.T) {
	cases := []struct {
		tags, defaults map[string]string
		want           string
	}{
		{map[string]string{"aws:team": "x"}, nil, `tag key "aws:team" starts with "aws:", a prefix AWS reserves`},
		{map[string]string{"hipaa:owner": "me"}, nil, `tag key "hipaa:owner" is set by this provider`},
		{map[string]string{strings.Repeat("k", 129): "v"}, nil, "is 129 characters long; AWS allows at most 128"},
		{map[string]string{"note": "a\tb"}, nil, "which AWS does not allow"},
		{map[string]string{"a": "1", "b": "2"}, manyTags(46), "48 tags are set (default tags and tags together)"},
	}
	for _, tc := range cases {
		s := baseSpec()
		s.Tags, s.DefaultTags = tc.tags, tc.defaults
		e := Validate(s)
		if len(e) != 1 || e[0].Attribute != "tags" || !strings.Contains(e[0].Detail, tc.want) {
			t.Errorf("tags %v: got %+v, want %q", tc.tags, e, tc.want)
		}
	}
	s := baseSpec()
	s.Tags, s.DefaultTags = map[string]string{"team": "platform", "cost center": "phi/1"}, manyTags(45)
	if e := Validate(s); len(e) != 0 {
		t.Fatalf("valid tags refused: %+v", e)
	}
}

func TestValidate_description(t *testing.T) {
	s := baseSpec()
	s.Description = strings.Repeat("é", MaxDescriptionLength)
	if e := Validate(s); len(e) != 0 {
		t.Fatalf("%d-character description refused: %+v", MaxDescriptionLength, e)
	}
	s.Description += "x"
	if e := Validate(s); len(e) != 1 || e[0].Attribute != "description" || !strings.Contains(e[0].Detail, "at most 8192") {
		t.Fatalf("over-long description: %+v", e)
	}
	// The default description is derived from name and never refused.
	if e := Evaluate(Spec{Name: strings.Repeat("n", 250), AllowedServices: []string{"rds"}}, compliance.Unknown{}).Input; len(e) != 0 {
		t.Fatalf("default description refused: %+v", e)
	}
}

func TestPolicy_leastPrivilege(t *testing.T) {
	s := baseSpec()
	s.UserARNs = []string{"arn:aws:iam::123456789012:role/app"}
	p, err := Policy(s, testEnv)
	if err != nil {
		t.Fatal(err)
	}
	var doc document
	if err := json.Unmarshal([]byte(p), &doc); err != nil {
		t.Fatal(err)
	}
	sids := map[string]statement{}
	for _, st := range doc.Statement {
		sids[st.Sid] = st
		for _, a := range st.Action {
			if a == "kms:*" {
				t.Errorf("%s grants kms:*", st.Sid)
			}
		}
	}
	for _, want := range []string{sidAccountAdmin, sidUsers, "Service-logs", "Service-rds"} {
		if _, ok := sids[want]; !ok {
			t.Errorf("missing statement %s in %s", want, p)
		}
	}
	if got := sids["Service-rds"].Condition["StringEquals"].(map[string]any)["kms:ViaService"]; got != "rds.us-east-1.amazonaws.com" {
		t.Errorf("rds via service = %v", got)
	}
	for _, a := range sids[sidAccountAdmin].Action {
		if a == "kms:Decrypt" || a == "kms:Encrypt" {
			t.Errorf("account root may use the key: %s", a)
		}
	}
	if _, err := Policy(s, Env{Partition: "aws", Region: "us-east-1"}); err == nil {
		t.Error("policy without account ID accepted")
	}
}

func TestPolicy_roundTrip(t *testing.T) {
	s := baseSpec()
	s.UserARNs = []string{"arn:aws:iam::123456789012:role/b", "arn:aws:iam::123456789012:role/a"}
	s.AdministratorARNs = []string{"arn:aws:iam::123456789012:role/admin"}
	s = s.WithDefaults()
	p, _ := Policy(s, testEnv)
	svc, admins, users, err := FromPolicy(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(svc, ",") != "logs,rds" || strings.Join(admins, ",") != s.AdministratorARNs[0] || strings.Join(users, ",") != strings.Join(s.UserARNs, ",") {
		t.Fatalf("round trip: %v %v %v", svc, admins, users)
	}
}

func TestPolicyEqual(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Sid":"x","Action":["kms:A"],"Resource":"*"},{"Sid":"y","Action":["kms:B","kms:C"]}]}`
	b := `{"Statement":[{"Sid":"y","Action":["kms:C","kms:B"]},{"Resource":"*","Action":"kms:A","Sid":"x"}],"Version":"2012-10-17"}`
	if !PolicyEqual(a, b) {
		t.Error("equivalent policies differ")
	}
	if PolicyEqual(a, strings.Replace(b, "kms:B", "kms:*", 1)) {
		t.Error("edited policy equal")
	}
	if PolicyEqual(a, "not json") {
		t.Error("garbage equal")
	}
}

func TestDrift(t *testing.T) {
	s := baseSpec()
	p, _ := Policy(s, testEnv)
	o := &Observed{RotationEnabled: true, Policy: p, Aliases: []string{"alias/phi"}, Description: s.Description, Tags: s.AllTags()}
	if d := Drift(s, p, o); len(d) != 0 {
		t.Fatalf("in-sync key drifts: %v", d)
	}
	o.RotationEnabled = false
	o.RotationPeriodDays = 0 // the emulator omits it: never a diff by itself
	o.Policy = `{"Version":"2012-10-17","Statement":[]}`
	d := Drift(s, p, o)
	if len(d) != 2 || !strings.Contains(d[0], "rotation is disabled") || !strings.Contains(d[1], "key policy differs") {
		t.Fatalf("drift = %v", d)
	}
}
