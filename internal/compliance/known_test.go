package compliance

import (
	"strings"
	"testing"
)

func TestUnknown_blocks(t *testing.T) {
	var u Unknown
	u.Value("flow_logs.kms_key_arn")
	u.Elements("subnet_ids", false)
	u.Elements("database_ports", true)
	u.Value("guardduty")
	cases := []struct {
		r    Read
		want bool
	}{
		{Read{Path: "flow_logs.kms_key_arn"}, true},
		{Read{Path: "flow_logs.retention_days"}, false}, // a sibling stays known
		{Read{Path: "flow_logs"}, true},                 // the object holds an unknown field
		{Read{Path: "flow_logs", Mode: ReadCount}, false},
		{Read{Path: "name"}, false},
		{Read{Path: "subnet_ids"}, true},
		{Each("subnet_ids"), false},      // known elements stand on their own
		{Count("subnet_ids"), true},      // a set's size is not known
		{Count("database_ports"), false}, // a list's length is
		{Read{Path: "guardduty.features"}, true},
		{Each("guardduty.features"), true}, // the whole object is unknown
		{Read{Path: "subnet_ids_extra"}, false},
	}
	for _, c := range cases {
		if got := u.Blocks(c.r); got != c.want {
			t.Errorf("Blocks(%+v) = %v, want %v", c.r, got, c.want)
		}
	}
	if !u.Has("flow_logs") || u.Has("tags") || !u.Any() || (Unknown{}).Any() {
		t.Error("Has/Any wrong")
	}
	if w := u.Without("guardduty"); w.Has("guardduty") || !w.Has("subnet_ids") {
		t.Error("Without removed the wrong paths")
	}
}

func TestApply_skipsOnlyRulesReadingUnknown(t *testing.T) {
	type spec struct{}
	rules := []Rule[spec, string]{
		{Reads: R("a"), Check: func(s spec) []string { return []string{"a"} }},
		{Reads: R("b"), Check: func(s spec) []string { return []string{"b"} }},
		{Reads: R("a", "b"), Check: func(s spec) []string { return []string{"ab"} }},
	}
	var u Unknown
	u.Value("b")
	if got := strings.Join(Apply(spec{}, u, rules), ","); got != "a" {
		t.Errorf("Apply = %q, want only the rule that reads a", got)
	}
	if got := strings.Join(Apply(spec{}, Unknown{}, rules), ","); got != "a,b,ab" {
		t.Errorf("Apply all known = %q", got)
	}
}

func TestEvaluateAtPlan_unknownExceptions(t *testing.T) {
	v := []Violation{{Control: "NET-04", Attribute: "nat_gateways", Detail: "single"},
		{Control: "NET-01", Attribute: "cidr_block", Detail: "too small", Hard: true}}
	var u Unknown
	u.Value("exceptions")
	r := EvaluateAtPlan("hipaa_vpc", ModeEnforce, v, nil, u)
	if len(r.Diagnostics) != 2 {
		t.Fatalf("diagnostics = %+v", r.Diagnostics)
	}
	// A waivable finding is deferred (a warning that says why), a hard one refused.
	if d := r.Diagnostics[0]; d.Severity != SeverityWarning || !strings.Contains(d.Detail, "exceptions is not known until apply") {
		t.Errorf("waivable finding with unknown exceptions: %+v", d)
	}
	if d := r.Diagnostics[1]; d.Severity != SeverityError || !strings.Contains(d.Summary, "NET-01") {
		t.Errorf("hard finding: %+v", d)
	}
	// One element unknown: a known exception still waives its control; the
	// other finding waits for apply.
	u = Unknown{}
	u.Value("exceptions[1].control")
	u.Value("exceptions[1].reason")
	r = EvaluateAtPlan("hipaa_vpc", ModeEnforce, v[:1], []Exception{{Control: "NET-04", Reason: "cost"}, {}}, u)
	if len(r.Waivers) != 1 || r.HasErrors() {
		t.Errorf("known exception did not waive: %+v", r)
	}
	// All known: refused.
	if r := Evaluate("hipaa_vpc", ModeEnforce, v[:1], nil); !r.HasErrors() {
		t.Error("NET-04 not refused with exceptions known and empty")
	}
}

func TestValidateExceptions_reasonLimitAndUnknown(t *testing.T) {
	long := strings.Repeat("r", MaxReasonLen+1)
	d := ValidateExceptions("hipaa_vpc", []Exception{{Control: "NET-04", Reason: long}}, Unknown{})
	if len(d) != 1 || !strings.Contains(d[0].Summary, "too long") || d[0].Attribute != "exceptions[0].reason" {
		t.Fatalf("long reason: %+v", d)
	}
	var u Unknown
	u.Value("exceptions[0].reason")
	if d := ValidateExceptions("hipaa_vpc", []Exception{{Control: "NET-04"}}, u); len(d) != 0 {
		t.Errorf("an unknown reason was refused as blank: %+v", d)
	}
	u = Unknown{}
	u.Value("exceptions[0].control")
	if d := ValidateExceptions("hipaa_vpc", []Exception{{Reason: "r"}, {Control: "BOGUS-1", Reason: "r"}}, u); len(d) != 1 || d[0].Attribute != "exceptions[1].control" {
		t.Errorf("unknown control: %+v", d)
	}
}

func TestRefusal_joinsInputErrorsAndHardViolations(t *testing.T) {
	f := Findings{
		Input: []InputError{{Attribute: "port", Detail: "port is 22"}},
		Violations: []Violation{
			{Control: "DB-01", Attribute: "kms_key_arn", Detail: "not set", Hard: true},
			{Control: "DB-03", Attribute: "backup_retention_days", Detail: "3 days"}, // waivable: left to the caller
		},
	}
	err := Refusal("hipaa_database", "patients", f)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{`expanding hipaa_database "patients"`, "port: port is 22", "kms_key_arn: DB-01 ", "45 CFR"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "DB-03") {
		t.Errorf("a waivable violation refused: %q", msg)
	}
	if err := Refusal("hipaa_database", "patients", Findings{Violations: f.Violations[1:]}); err != nil {
		t.Errorf("waivable only: %v", err)
	}
}
