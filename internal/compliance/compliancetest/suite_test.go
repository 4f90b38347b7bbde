package compliancetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// toy is a resource small enough to break on purpose.
type toy struct {
	A, B   int
	Items  []string
	Block  struct{ X, Y string }
	Config string // always known
}

type toyRule = compliance.Rule[toy, compliance.InputError]

func finding(attr string, broken bool) []compliance.InputError {
	if !broken {
		return nil
	}
	return []compliance.InputError{{Attribute: attr, Detail: "broken"}}
}

func checkA(s toy) []compliance.InputError { return finding("a", s.A > 5) }
func checkB(s toy) []compliance.InputError { return finding("b", s.B < 0) }
func checkX(s toy) []compliance.InputError { return finding("block.x", s.Block.X == "bad") }

func checkItems(s toy) []compliance.InputError {
	var out []compliance.InputError
	for _, it := range s.Items {
		out = append(out, finding("items", it == "bad")...)
	}
	return out
}

// toySuite is the toy's suite, with rule i replaced by each of with.
func toySuite(with map[int]toyRule) Suite[toy] {
	rules := []toyRule{
		{Reads: compliance.R("a"), Check: checkA},
		{Reads: compliance.R("b"), Check: checkB},
		{Reads: []compliance.Read{compliance.Each("items")}, Check: checkItems},
		{Reads: compliance.R("block.x"), Check: checkX},
	}
	for i, r := range with {
		rules[i] = r
	}
	return Suite[toy]{
		Blankers: Blankers[toy]{
			"a":       func(s *toy) { s.A = 0 },
			"b":       func(s *toy) { s.B = 0 },
			"items":   func(s *toy) { s.Items = nil },
			"block":   func(s *toy) { s.Block.X, s.Block.Y = "", "" },
			"block.x": func(s *toy) { s.Block.X = "" },
			"block.y": func(s *toy) { s.Block.Y = "" },
		},
		Unblanked: []string{"Config"},
		Valid:     func(*rand.Rand) toy { return toy{A: 1, B: 1, Items: []string{"ok"}} },
		Mutations: slices.Concat(
			Settings(func(s *toy, v int) { s.A = v }, 3, 10),
			Settings(func(s *toy, v int) { s.B = v }, -1, 2),
			Settings(func(s *toy, v []string) { s.Items = v }, []string{"bad", "ok"}, []string{"ok", "ok", "bad"}),
			Settings(func(s *toy, v string) { s.Block.X = v }, "bad", "good"),
		),
		Tables: []Table[toy]{Rules("rules", nil, rules)},
		Evaluate: func(s toy, u compliance.Unknown) compliance.Findings {
			return compliance.Findings{Input: compliance.Apply(s, u, rules)}
		},
		Partly:  []Partly[toy]{List("items", func(s *toy) *[]string { return &s.Items })},
		Seed:    1,
		N:       50,
		MinRuns: 100,
	}
}

// problems runs every check of s and returns what they report, by check.
func problems(s Suite[toy]) map[string][]string {
	bases, specs := s.specs()
	reads, runs := s.readsAreDeclared(specs)
	if runs < s.MinRuns {
		reads = append(reads, fmt.Sprintf("compared only %d rule runs", runs))
	}
	return map[string][]string{
		"pathsAreSchemaPaths":  s.pathsAreSchemaPaths(),
		"blankersCoverSpec":    s.blankersCoverSpec(),
		"validIsAccepted":      s.validIsAccepted(bases),
		"readsAreDeclared":     reads,
		"everyRuleFires":       s.everyRuleFires(specs),
		"unknownAddsNoFinding": s.unknownAddsNoFinding(specs),
		"someElementsUnknown":  s.someElementsUnknown(specs),
	}
}

// wantOnly asserts that only check reports problems, one of them
// containing want.
func wantOnly(t *testing.T, s Suite[toy], check, want string) {
	t.Helper()
	for name, ps := range problems(s) {
		joined := strings.Join(ps, "\n")
		switch {
		case name == check && !strings.Contains(joined, want):
			t.Errorf("%s reports %q, want a problem containing %q", name, joined, want)
		case name != check && len(ps) > 0:
			t.Errorf("%s reports %q, want nothing", name, joined)
		}
	}
}

func TestSuite_passes(t *testing.T) {
	toySuite(nil).Run(t)
	for name, ps := range problems(toySuite(nil)) {
		if len(ps) > 0 {
			t.Errorf("%s: %q", name, ps)
		}
	}
}

func TestSuite_undeclaredRead(t *testing.T) {
	s := toySuite(map[int]toyRule{0: {Reads: compliance.R("a"), Check: func(s toy) []compliance.InputError { return finding("a", s.A+s.B > 11) }}})
	wantOnly(t, s, "readsAreDeclared", `(reads [{a 0}]) changed when "b" was made unknown: it reads "b" without declaring it`)
}

func TestSuite_blockReadUndeclared(t *testing.T) {
	s := toySuite(map[int]toyRule{3: {Reads: compliance.R("block.y"), Check: checkX}})
	wantOnly(t, s, "readsAreDeclared", `rules[3] checkX (reads [{block.y 0}]) changed when "block.x" was made unknown`)
}

func TestSuite_noSuchPath(t *testing.T) {
	s := toySuite(map[int]toyRule{0: {Reads: compliance.R("a", "c"), Check: checkA}, 1: {Check: checkB}})
	got := strings.Join(s.pathsAreSchemaPaths(), "\n")
	for _, want := range []string{`rules[0] checkA reads "c", which is no attribute path`, "rules[1] checkB declares no read"} {
		if !strings.Contains(got, want) {
			t.Errorf("pathsAreSchemaPaths = %q, want %q", got, want)
		}
	}
}

func TestSuite_neverReads(t *testing.T) {
	s := toySuite(nil)
	s.Tables[0] = s.Tables[0].NeverReads("block")
	wantOnly(t, s, "pathsAreSchemaPaths", "rules[3] checkX reads block, which is known only at apply")
}

func TestSuite_ruleNeverFires(t *testing.T) {
	s := toySuite(nil)
	s.Mutations = s.Mutations[2:] // a stays below 6
	wantOnly(t, s, "everyRuleFires", "rules[0] checkA found nothing in 50 random specs")
}

func TestSuite_tooFewRuns(t *testing.T) {
	s := toySuite(nil)
	s.MinRuns = 1e6
	wantOnly(t, s, "readsAreDeclared", "compared only")
}

func TestSuite_blankers(t *testing.T) {
	s := toySuite(nil)
	delete(s.Blankers, "b")
	s.Blankers["a"] = func(*toy) {}
	s.Blankers["block"] = func(s *toy) { s.Block.X = "" }
	got := strings.Join(s.blankersCoverSpec(), "\n")
	for _, want := range []string{"the blanker of \"a\" blanks no field", "B is blanked by no path",
		"an unknown block leaves Block.Y known, which an unknown block.y blanks"} {
		if !strings.Contains(got, want) {
			t.Errorf("blankersCoverSpec = %q, want %q", got, want)
		}
	}
}

func TestSuite_validRefused(t *testing.T) {
	s := toySuite(nil)
	s.Valid = func(*rand.Rand) toy { return toy{A: 1, B: -1} }
	if got := strings.Join(s.validIsAccepted([]toy{s.Valid(nil)}), "\n"); !strings.Contains(got, "valid spec 0 is refused") {
		t.Errorf("validIsAccepted = %q", got)
	}
}

func TestSuite_unknownAddsFinding(t *testing.T) {
	s := toySuite(nil)
	inner := s.Evaluate
	s.Evaluate = func(x toy, u compliance.Unknown) compliance.Findings {
		f := inner(x, u)
		if u.Has("b") {
			f.Input = append(f.Input, compliance.InputError{Attribute: "b", Detail: "unknown"})
		}
		return f
	}
	wantOnly(t, s, "unknownAddsNoFinding", `with "b" unknown, Evaluate found what the known spec does not`)
}

func TestSuite_someElementsUnknown(t *testing.T) {
	// A count read as each element: with some items unknown, "fewer than
	// two" is judged on the known ones.
	few := toyRule{Reads: []compliance.Read{compliance.Each("items")},
		Check: func(s toy) []compliance.InputError { return finding("items", s.Items != nil && len(s.Items) < 2) }}
	s := toySuite(nil)
	s.Valid = func(*rand.Rand) toy { return toy{A: 1, B: 1, Items: []string{"ok", "ok"}} }
	s.Tables = append(s.Tables, Rules("more", nil, []toyRule{few}))
	inner := s.Evaluate
	s.Evaluate = func(x toy, u compliance.Unknown) compliance.Findings {
		f := inner(x, u)
		f.Input = append(f.Input, compliance.Apply(x, u, []toyRule{few})...)
		return f
	}
	s.Mutations = append(s.Mutations, func(s *toy) { s.Items = []string{"ok"} })
	wantOnly(t, s, "someElementsUnknown", "with some of items unknown, Evaluate found what the known spec does not")
}
