package compliancetest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

type toyControl = compliance.Rule[toy, compliance.Violation]

// checkV finds a toy A above 8 a violation of T-1, hard above 9.
func checkV(s toy) []compliance.Violation {
	if s.A <= 8 {
		return nil
	}
	return []compliance.Violation{{Control: "T-1", Attribute: "a", Detail: "too big", Hard: s.A > 9}}
}

// toyMatrix is the toy's refusal matrix, with input rule i replaced by
// each of with; edit changes its cases.
func toyMatrix(with map[int]toyRule, edit func(cs []Case[toy]) []Case[toy]) Matrix[toy] {
	suite := toySuite(with)
	controls := []toyControl{{Reads: compliance.R("a"), Check: checkV}}
	cases := []Case[toy]{
		{Name: "a", Mod: func(s *toy) { s.A = 6 }, Reads: []string{"a"}, Attr: "a"},
		{Name: "b", Mod: func(s *toy) { s.B = -1 }, Reads: []string{"b"}, Attr: "b"},
		{Name: "items", Mod: func(s *toy) { s.Items = []string{"ok", "bad"} }, Reads: []string{"items"}, Attr: "items"},
		{Name: "block.x", Mod: func(s *toy) { s.Block.X = "bad" }, Reads: []string{"block.x"}, Attr: "block.x"},
		{Name: "a big", Mod: func(s *toy) { s.A = 9 }, Reads: []string{"a"}, Attr: "a", Control: "T-1"},
		{Name: "a huge", Mod: func(s *toy) { s.A = 10 }, Reads: []string{"a"}, Attr: "a", Control: "T-1", Hard: true},
	}
	if edit != nil {
		cases = edit(cases)
	}
	return Matrix[toy]{
		Seed:     func() toy { return suite.Valid(nil) },
		Blankers: suite.Blankers,
		Cases:    cases,
		Evaluate: func(s toy, u compliance.Unknown) compliance.Findings {
			f := suite.Evaluate(s, u)
			f.Violations = compliance.Apply(s, u, controls)
			return f
		},
		Tables: append(suite.Tables, Rules("controls", nil, controls)),
	}
}

// matrixProblems are what the matrix reports, by case name and
// "coverage".
func matrixProblems(m Matrix[toy]) map[string][]string {
	paths := slices.Sorted(maps.Keys(m.Blankers))
	out := map[string][]string{"coverage": m.coverageProblems()}
	for _, c := range m.Cases {
		out[c.Name] = m.caseProblems(c, paths)
	}
	return out
}

// wantMatrixProblems asserts that only the checks named in want report
// problems, each one containing want[name].
func wantMatrixProblems(t *testing.T, m Matrix[toy], want map[string]string) {
	t.Helper()
	got := matrixProblems(m)
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("no check %q", n)
		}
	}
	for n, ps := range got {
		joined := strings.Join(ps, "\n")
		w, ok := want[n]
		switch {
		case ok && !strings.Contains(joined, w):
			t.Errorf("%s reports %q, want a problem containing %q", n, joined, w)
		case !ok && len(ps) > 0:
			t.Errorf("%s reports %q, want nothing", n, joined)
		}
	}
}

func TestMatrix_passes(t *testing.T) {
	m := toyMatrix(nil, nil)
	m.CheckFindings(t)
	m.CheckCoverage(t)
	for name, ps := range matrixProblems(m) {
		if len(ps) > 0 {
			t.Errorf("%s: %q", name, ps)
		}
	}
}

// A rule that reads b without declaring it: with b unknown (zero) it
// finds nothing, though it still runs.
func TestMatrix_ruleReadUndeclared(t *testing.T) {
	m := toyMatrix(map[int]toyRule{0: {Reads: compliance.R("a"),
		Check: func(s toy) []compliance.InputError { return finding("a", s.A > 5 && s.B > 0) }}}, nil)
	wantMatrixProblems(t, m, map[string]string{"a": "with every other attribute unknown, a: broken is gone"})
}

// A rule that declares a read it does not need is skipped when that
// attribute is unknown.
func TestMatrix_ruleReadTooMuch(t *testing.T) {
	m := toyMatrix(map[int]toyRule{0: {Reads: compliance.R("a", "b"), Check: checkA}}, nil)
	wantMatrixProblems(t, m, map[string]string{"a": "with every other attribute unknown, a: broken is gone"})
}

// A case that says its rule reads b, which it does not.
func TestMatrix_caseReadsTooMuch(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] { cs[0].Reads = []string{"a", "b"}; return cs })
	wantMatrixProblems(t, m, map[string]string{"a": "with b unknown, a: broken still stands"})
}

// The rule of block.x is blanked with its block: reading "block" covers it.
func TestMatrix_blockCoversAttribute(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] { cs[3].Reads = []string{"block"}; return cs })
	for name, ps := range matrixProblems(m) {
		if len(ps) > 0 {
			t.Errorf("%s: %q", name, ps)
		}
	}
}

func TestMatrix_caseReadsNoPath(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] { cs[0].Reads = []string{"a", "c"}; return cs })
	wantMatrixProblems(t, m, map[string]string{"a": "reads c, which is no path"})
}

func TestMatrix_noFinding(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] { cs[0].Attr = "b"; return cs })
	wantMatrixProblems(t, m, map[string]string{"a": `no finding on b (control "") in [a: broken]`,
		"coverage": "rules[0] checkA (reads [{a 0}]) makes no finding of any case"})
}

func TestMatrix_hardMismatch(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] { cs[5].Hard = false; return cs })
	wantMatrixProblems(t, m, map[string]string{"a huge": `no finding on a (control "T-1")`})
}

// An Evaluate that drops the findings of every rule once anything is
// unknown loses those of rules that do not read it.
func TestMatrix_otherRuleDropped(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] {
		cs[0].Mod = func(s *toy) { s.A, s.B = 6, -1 }
		return cs
	})
	inner := m.Evaluate
	m.Evaluate = func(s toy, u compliance.Unknown) compliance.Findings {
		if slices.Equal(u.Paths(), []string{"a"}) {
			return compliance.Findings{}
		}
		return inner(s, u)
	}
	wantMatrixProblems(t, m, map[string]string{"a": "with a unknown, b: broken of a rule that does not read it is gone"})
}

func TestMatrix_ruleWithoutCase(t *testing.T) {
	m := toyMatrix(nil, func(cs []Case[toy]) []Case[toy] { return slices.Delete(cs, 3, 4) })
	wantMatrixProblems(t, m, map[string]string{"coverage": "rules[3] checkX (reads [{block.x 0}]) makes no finding of any case"})
}

func TestMatrix_noTables(t *testing.T) {
	m := toyMatrix(nil, nil)
	m.Tables = nil
	if got := m.coverageProblems(); !slices.Equal(got, []string{"the matrix has no rule tables"}) {
		t.Errorf("coverageProblems = %q", got)
	}
}
