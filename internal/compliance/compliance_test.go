package compliance

import (
	"regexp"
	"strings"
	"testing"
)

// wantCitations is every row of the control catalog: ID -> citations.
var wantCitations = map[string]string{
	"NET-01": "164.308(a)(7)(i), 164.308(a)(7)(ii)(C)",
	"NET-02": "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
	"NET-03": "164.312(e)(1)", "NET-04": "164.312(e)(1), 164.308(a)(7)(ii)(C)", "NET-05": "164.312(e)(1)",
	"NET-06": "164.308(a)(3)(i), 164.308(a)(4)(ii)(B), 164.312(a)(1), 164.312(e)(1)",
	"NET-07": "164.312(e)(1), 164.312(a)(1)", "NET-08": "164.308(a)(1)(ii)(B), 164.312(e)(1)",
	"NET-09": "164.308(a)(3)(ii)(A), 164.312(b)", "NET-10": "164.312(e)(1)",
	"DB-01": "164.312(a)(2)(iv), 164.312(e)(2)(ii)", "DB-02": "164.308(a)(7)(i), 164.308(a)(7)(ii)(C)",
	"DB-03": "164.308(a)(7)(i), 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B)", "DB-05": "164.308(a)(7)(i), 164.308(a)(7)(ii)(C)",
	"DB-06": "164.312(d), 164.312(a)(2)(i)", "DB-07": "164.308(a)(3)(ii)(A), 164.308(a)(5)(ii)(C)",
	"DB-08": "164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)",
	"DB-09": "164.308(a)(3)(i), 164.308(a)(4)(ii)(A), 164.308(a)(4)(ii)(C), 164.312(a)(1), 164.312(e)(1)",
	"DB-10": "164.308(a)(5)(ii)(A)", "DB-11": "164.312(b)", "DB-12": "164.312(d), 164.308(a)(5)(ii)(D)",
	"DB-13": "164.312(e)(1), 164.312(d)", "DB-14": "164.312(a)(2)(iv)",
	"SEC-01": "164.308(a)(4)(ii)(B)", "SEC-02": "164.312(a)(2)(iv), 164.312(e)(2)(ii)",
	"KEY-01": "164.312(a)(2)(iv), 164.312(e)(2)(ii)", "KEY-02": "164.312(a)(2)(iv)", "KEY-03": "164.308(a)(1)(ii)(B)",
	"AUD-01": "164.308(a)(3)(ii)(A), 164.312(b)", "AUD-02": "164.312(c)(1), 164.312(c)(2)",
	"AUD-03": "164.312(a)(2)(iv), 164.312(e)(2)(ii)", "AUD-04": "164.308(a)(3)(ii)(A), 164.312(b)",
	"AUD-05": "164.308(a)(3)(ii)(A), 164.312(b)", "AUD-06": "164.312(a)(2)(iv), 164.312(b)",
	"AUD-07": "164.308(a)(3)(ii)(A), 164.312(b)",
	"DET-01": "164.308(a)(5)(ii)(C), 164.308(a)(6)(ii), 164.312(b)", "DET-02": "164.312(b)", "DET-03": "164.308(a)(1)(ii)(A)",
	"DET-04": "164.308(a)(4)(ii)(B), 164.308(a)(1)(ii)(D)", "DET-05": "164.308(a)(1)(ii)(A), 164.308(a)(5)(ii)(B)",
	"DET-06": "164.312(a)(2)(iv), 164.312(a)(1), 164.308(a)(5)(ii)(D)",
	"STO-01": "164.312(a)(2)(iv), 164.312(e)(2)(ii)", "STO-02": "164.308(a)(7)(ii)(A), 164.312(c)(1), 164.312(c)(2)",
	"STO-03": "164.308(a)(3)(i), 164.312(a)(1), 164.312(e)(1)", "STO-04": "164.312(a)(1)",
	"STO-05": "164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)", "STO-06": "164.312(c)(1), 164.308(a)(7)(ii)(A)",
	"STO-07": "164.312(b), 164.316(b)(2)(i)", "STO-08": "164.308(a)(7)(i), 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B)",
	"STO-10": "164.312(a)(1), 164.312(e)(1)",
	"BAK-01": "164.308(a)(7)(ii)(A), 164.310(d)(2)(iv)", "BAK-02": "164.308(a)(7)(ii)(A), 164.310(d)(2)(iv)",
	"BAK-03": "164.308(a)(7)(ii)(A), 164.312(c)(1)",
	"BAK-04": "164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B), 164.310(d)(2)(iv)",
	"BAK-05": "164.308(a)(7)(i), 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B)",
	"ELB-01": "164.312(a)(2)(iv), 164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)",
	"ELB-02": "164.312(a)(2)(iv), 164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)",
	"ELB-03": "164.312(b)", "ELB-04": "164.308(a)(7)(i), 164.308(a)(7)(ii)(C)",
	"ELB-05": "164.308(a)(1)(ii)(D), 164.312(b), 164.312(e)(1)",
	"ELB-06": "164.312(e)(1), 164.312(e)(2)(ii)", "ELB-07": "164.312(a)(1), 164.312(e)(1)",
	"CCH-01": "164.312(a)(2)(iv), 164.312(e)(2)(ii)", "CCH-02": "164.312(e)(1), 164.312(e)(2)(i), 164.312(e)(2)(ii)",
	"CCH-03": "164.308(a)(7)(i), 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B)", "CCH-04": "164.308(a)(7)(i), 164.308(a)(7)(ii)(C)",
	"CCH-05": "164.308(a)(5)(ii)(D), 164.312(a)(1), 164.312(d)", "CCH-06": "164.312(a)(2)(iv), 164.312(b)",
	"CCH-07": "164.312(a)(1), 164.312(e)(1)", "CCH-08": "164.308(a)(5)(ii)(A)",
}

var citationRE = regexp.MustCompile(`^164\.\d{3}\([a-z]\)(\(\d+\))?(\([ivx]+\))?(\([A-Z]\))?$`)

func TestCatalog_everyRow(t *testing.T) {
	if len(Catalog()) != len(wantCitations) {
		t.Fatalf("catalog has %d controls, controls.md has %d", len(Catalog()), len(wantCitations))
	}
	for _, c := range Catalog() {
		if got := strings.Join(c.Citations, ", "); got != wantCitations[c.ID] {
			t.Errorf("%s citations %q, want %q", c.ID, got, wantCitations[c.ID])
		}
	}
}

func TestCatalog_invariants(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Catalog() {
		if seen[c.ID] {
			t.Errorf("duplicate %s", c.ID)
		}
		seen[c.ID] = true
		for _, cit := range c.Citations {
			if !citationRE.MatchString(cit) {
				t.Errorf("%s: malformed citation %q", c.ID, cit)
			}
		}
		switch c.Basis {
		case BasisAWS, BasisProwler, BasisSteampipe, BasisProposed:
		default:
			t.Errorf("%s: basis %q", c.ID, c.Basis)
		}
		if len(c.Resources) == 0 || c.Title == "" || c.Requirement == "" {
			t.Errorf("%s incomplete: %+v", c.ID, c)
		}
	}
}

func TestCatalog_headline(t *testing.T) {
	c, _ := Lookup("NET-09")
	if got := c.Headline(); got != "NET-09 flow logs must capture ALL traffic (45 CFR 164.308(a)(3)(ii)(A), 164.312(b))" {
		t.Fatal(got)
	}
	v := Violation{Control: "NET-09", Attribute: "flow_logs.traffic_type", Detail: `traffic_type is "REJECT"`}
	if got := v.Message(); got != `NET-09 flow logs must capture ALL traffic (45 CFR 164.308(a)(3)(ii)(A), 164.312(b)): traffic_type is "REJECT"` {
		t.Fatal(got)
	}
	if b, _ := Lookup("NET-01"); b.Basis != BasisProposed {
		t.Fatal("NET-01 basis must be proposed")
	}
}

func TestCatalog_forResourceAndRules(t *testing.T) {
	ids := controlIDs("hipaa_kms_key")
	if strings.Join(ids, ",") != "KEY-01,KEY-02,KEY-03" {
		t.Fatalf("kms controls %v", ids)
	}
	rules := CFGRules()
	if len(rules) < 30 || rules[0] != "subnet-auto-assign-public-ip-disabled" {
		t.Fatalf("cfg rules %d %v", len(rules), rules[:3])
	}
}

// Every control round-trips: an error when enforced, a warning when waived.
func TestEvaluate_everyControl(t *testing.T) {
	for _, c := range Catalog() {
		rt := c.Resources[0]
		v := []Violation{{Control: c.ID, Attribute: "x", Detail: "bad"}}
		r := Evaluate(rt, ModeEnforce, v, nil)
		if !r.HasErrors() || r.Diagnostics[0].Summary != c.Headline() || !strings.Contains(r.Diagnostics[0].Detail, "x: bad") {
			t.Errorf("%s enforce: %+v", c.ID, r)
		}
		r = Evaluate(rt, ModeEnforce, v, []Exception{{Control: c.ID, Reason: "accepted"}})
		if r.HasErrors() || len(r.Waivers) != 1 || !strings.Contains(r.Diagnostics[0].Summary, "waived") {
			t.Errorf("%s waived: %+v", c.ID, r)
		}
		if d := ValidateExceptions(rt, []Exception{{Control: c.ID, Reason: "r"}}, Unknown{}); len(d) != 0 {
			t.Errorf("%s exception refused for %s: %+v", c.ID, rt, d)
		}
	}
}

func TestEvaluate_modes(t *testing.T) {
	v := Violation{Control: "KEY-02", Attribute: "rotation_period_days", Detail: "too long"}
	hard := Violation{Control: "KEY-03", Attribute: "deletion_window_days", Detail: "3", Hard: true}
	if r := Evaluate("hipaa_kms_key", ModeReport, []Violation{v}, nil); r.HasErrors() || !strings.Contains(r.Diagnostics[0].Detail, "report") {
		t.Errorf("report: %+v", r)
	}
	for _, mode := range []Mode{ModeEnforce, ModeReport} {
		r := Evaluate("hipaa_kms_key", mode, []Violation{hard}, []Exception{{Control: "KEY-03", Reason: "r"}})
		if !r.HasErrors() || len(r.Waivers) != 0 {
			t.Errorf("hard violation waived in %s: %+v", mode, r)
		}
	}
	r := Evaluate("hipaa_kms_key", ModeEnforce, nil, []Exception{{Control: "KEY-02", Reason: "r"}})
	if r.HasErrors() || len(r.Diagnostics) != 1 || !strings.Contains(r.Diagnostics[0].Summary, "not needed") {
		t.Errorf("stale exception: %+v", r)
	}
	if r := Evaluate("hipaa_kms_key", ModeEnforce, []Violation{{Control: "ZZZ-01"}}, nil); !r.HasErrors() {
		t.Error("unknown control in violation accepted")
	}
}

func TestValidateExceptions(t *testing.T) {
	cases := []struct {
		ex   []Exception
		attr string
		want string
	}{
		{[]Exception{{Control: "XYZ-99", Reason: "r"}}, "exceptions[0].control", "KEY-01, KEY-02, KEY-03"},
		{[]Exception{{Control: "NET-04", Reason: "r"}}, "exceptions[0].control", `Unknown control "NET-04" for hipaa_kms_key`},
		{[]Exception{{Control: "KEY-02", Reason: "  "}}, "exceptions[0].reason", "needs a reason"},
		{[]Exception{{Control: "KEY-02", Reason: "a"}, {Control: "KEY-02", Reason: "b"}}, "exceptions[1].control", "Duplicate"},
	}
	for _, tc := range cases {
		d := ValidateExceptions("hipaa_kms_key", tc.ex, Unknown{})
		if len(d) != 1 || d[0].Attribute != tc.attr || !strings.Contains(d[0].Summary+d[0].Detail, tc.want) {
			t.Errorf("%+v: %+v", tc.ex, d)
		}
	}
}

func TestParseMode(t *testing.T) {
	if m, err := ParseMode(""); m != ModeEnforce || err != nil {
		t.Error("default mode")
	}
	if _, err := ParseMode("lenient"); err == nil || !strings.Contains(err.Error(), "enforce") {
		t.Error(err)
	}
}

func TestEvidenceAndMatrix(t *testing.T) {
	rows := Evidence("hipaa_kms_key", []Violation{{Control: "KEY-01"}}, []Waiver{{Control: "KEY-02", Reason: "why"}})
	got := []string{}
	for _, r := range rows {
		got = append(got, r.Control+"="+r.Status)
	}
	if strings.Join(got, ",") != "KEY-01=violated,KEY-02=waived,KEY-03=satisfied" {
		t.Fatal(got)
	}
	m := MarkdownMatrix()
	if strings.Count(m, "\n| ") != len(Catalog()) || !strings.Contains(m, "| NET-01 |") || !strings.Contains(m, "`proposed`") {
		t.Fatal(m)
	}
}
