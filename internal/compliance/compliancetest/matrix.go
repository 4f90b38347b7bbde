package compliancetest

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Case is one expected finding of a resource's refusal matrix: the Seed
// changed by Mod (one literal value, or a few that only make sense
// together) gives an input error (Control "") or a violation of Control,
// Hard or not, at Attr, from a rule that reads exactly Reads (paths of
// the Blankers).
type Case[S any] struct {
	Name    string
	Mod     func(*S)
	Reads   []string
	Attr    string
	Control string
	Hard    bool
}

// matches reports whether x (a compliance.InputError or a
// compliance.Violation) is the finding c expects.
func (c Case[S]) matches(x any) bool {
	switch x := x.(type) {
	case compliance.InputError:
		return c.Control == "" && x.Attribute == c.Attr
	case compliance.Violation:
		return c.Control == x.Control && x.Attribute == c.Attr && x.Hard == c.Hard
	}
	return false
}

// Matrix is a resource's refusal matrix: every finding it can make, each
// as a Case on a seed spec, checked with values known and unknown.
type Matrix[S any] struct {
	// Seed returns a new spec for each case to change (Mod may change
	// its slices and pointers in place).
	Seed func() S
	// Blankers make each attribute path unknown the way the provider's
	// conversion does (the Suite's Blankers).
	Blankers Blankers[S]
	Cases    []Case[S]
	// Evaluate runs the tables with u unknown (the package's Evaluate).
	Evaluate func(S, compliance.Unknown) compliance.Findings
	// Tables are the rule tables Evaluate runs, each with what its rules
	// see of a spec: Rules("inputRules", Spec.WithDefaults, inputRules).
	Tables []Table[S]
}

// CheckFindings checks each case, in a subtest of its name, three ways:
// with every value known and literal, where its finding is made; with
// every attribute it does not read unknown (blanked as the provider
// leaves it), where the same finding still stands; and with each
// attribute it reads unknown, where exactly the rules reading it are
// skipped: the finding goes, every other rule's findings stay.
func (m Matrix[S]) CheckFindings(t *testing.T) {
	t.Helper()
	if len(m.Cases) == 0 {
		t.Fatal("the matrix has no cases")
	}
	paths := slices.Sorted(maps.Keys(m.Blankers))
	for _, c := range m.Cases {
		t.Run(c.Name, func(t *testing.T) {
			for _, p := range m.caseProblems(c, paths) {
				t.Error(p)
			}
		})
	}
}

// CheckCoverage checks that every rule of every table makes the finding
// of at least one case: no finding of the resource is left out.
func (m Matrix[S]) CheckCoverage(t *testing.T) {
	t.Helper()
	for _, p := range m.coverageProblems() {
		t.Error(p)
	}
}

// caseProblems are what CheckFindings reports of c; paths are the
// Blankers' paths, sorted. A case without its finding, or reading no
// path, is not checked further.
func (m Matrix[S]) caseProblems(c Case[S], paths []string) []string {
	s := m.Seed()
	c.Mod(&s)
	known := findings(m.Evaluate(s, compliance.Unknown{}), nil)
	want := slices.DeleteFunc(slices.Clone(known), func(x any) bool { return !c.matches(x) })
	if len(want) == 0 {
		return []string{fmt.Sprintf("no finding on %s (control %q) in %v", c.Attr, c.Control, known)}
	}
	for _, r := range c.Reads {
		if _, ok := m.Blankers[r]; !ok {
			return []string{fmt.Sprintf("reads %s, which is no path", r)}
		}
	}
	var out []string

	others, u := s, compliance.Unknown{}
	for _, p := range paths {
		if !related(p, c.Reads) {
			m.Blankers[p](&others)
			u.Value(p)
		}
	}
	got := findings(m.Evaluate(others, u), nil)
	for _, w := range want {
		if !containsEqual(got, w) {
			out = append(out, fmt.Sprintf("with every other attribute unknown, %+v is gone: %v", w, got))
		}
	}

	for _, r := range c.Reads {
		b := s
		m.Blankers[r](&b)
		got := findings(m.Evaluate(b, unknownAt(r)), nil)
		for _, w := range want {
			if containsEqual(got, w) {
				out = append(out, fmt.Sprintf("with %s unknown, %+v still stands", r, w))
			}
		}
		for _, o := range m.ruleFindings(s, r) {
			if !containsEqual(got, o) {
				out = append(out, fmt.Sprintf("with %s unknown, %+v of a rule that does not read it is gone", r, o))
			}
		}
	}
	return out
}

// ruleFindings are the findings of every rule of every table that does
// not read path, on the known spec s.
func (m Matrix[S]) ruleFindings(s S, path string) []any {
	u := unknownAt(path)
	var out []any
	for _, tb := range m.Tables {
		d := tb.prep(s)
		for _, r := range tb.rules {
			if !slices.ContainsFunc(r.reads, u.Blocks) {
				out = append(out, r.check(d)...)
			}
		}
	}
	return out
}

// coverageProblems are what CheckCoverage reports: each rule that makes
// no case's finding.
func (m Matrix[S]) coverageProblems() []string {
	if len(m.Tables) == 0 {
		return []string{"the matrix has no rule tables"}
	}
	fired := make([][]bool, len(m.Tables))
	for ti, tb := range m.Tables {
		fired[ti] = make([]bool, len(tb.rules))
	}
	for _, c := range m.Cases {
		s := m.Seed()
		c.Mod(&s)
		for ti, tb := range m.Tables {
			d := tb.prep(s)
			for ri, r := range tb.rules {
				fired[ti][ri] = fired[ti][ri] || slices.ContainsFunc(r.check(d), c.matches)
			}
		}
	}
	var out []string
	for ti, tb := range m.Tables {
		for ri, r := range tb.rules {
			if !fired[ti][ri] {
				out = append(out, fmt.Sprintf("%s (reads %v) makes no finding of any case: add one", r.name, r.reads))
			}
		}
	}
	return out
}

// related reports whether path p is one of reads, or above or below one.
func related(p string, reads []string) bool {
	for _, r := range reads {
		if p == r || strings.HasPrefix(r, p+".") || strings.HasPrefix(p, r+".") {
			return true
		}
	}
	return false
}

func containsEqual(xs []any, x any) bool {
	return slices.ContainsFunc(xs, func(y any) bool { return reflect.DeepEqual(y, x) })
}
