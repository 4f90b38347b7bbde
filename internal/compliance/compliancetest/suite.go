// Package compliancetest checks, for any resource's rule tables, that each
// rule declares every attribute it reads: the property the plan-time guard
// rests on (an unknown value may hide only the rules that read it).
//
// A resource's test describes its Spec once (how to blank each attribute
// path, a valid spec, mutations that break it, its rule tables and its
// Evaluate) in a Suite, and calls Run. A resource with a refusal matrix
// (every finding it makes, each a Case on a seed spec) describes it in a
// Matrix and calls CheckFindings and CheckCoverage.
//
// It is test support, a normal package that only tests import: _test.go
// files, directly or through other test support (s3buckettest).
package compliancetest

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Blankers make one attribute path unknown in a Spec the way the
// provider's conversion does: its zero value (nil for a collection). An
// unknown block is every attribute of it unknown.
type Blankers[S any] map[string]func(*S)

// Partly makes some elements of the collection at Path unknown the way the
// provider's conversion does: the Spec keeps only the known ones. List is
// true for a list (its length stays known), false for a set or a map.
type Partly[S any] struct {
	Path string
	List bool
	Keep func(s *S, r *rand.Rand) // leave a random part of the collection
}

// Suite is what the harness needs to know of one resource.
type Suite[S any] struct {
	// Blankers name every attribute path (and provider context) a rule
	// may read; a read of any other path is a typo.
	Blankers Blankers[S]
	// Unblanked are the Go fields of S (dotted, "Prior" covers
	// "Prior.Name") that no path blanks: values never unknown.
	Unblanked []string
	// Valid returns a spec every rule accepts; it may pick one of several
	// with r.
	Valid func(r *rand.Rand) S
	// Mutations set one argument to another value, valid or not; each
	// random spec is Valid with up to MaxMutations of them (default 4).
	Mutations    []func(*S)
	MaxMutations int
	// Tables are the rule tables, each with what its rules see of a spec.
	Tables []Table[S]
	// Evaluate runs the tables (or the ones it covers) with u unknown.
	Evaluate func(S, compliance.Unknown) compliance.Findings
	// Partly are the collections whose elements may be unknown one by one.
	Partly []Partly[S]
	// Loosen rewrites a finding's detail before the comparison with some
	// elements unknown (a count found is then a lower bound); nil keeps it.
	Loosen func(detail string) string
	// Seed and N make the random specs (N defaults to 300).
	Seed uint64
	N    int
	// MinRuns is the fewest rule runs readsAreDeclared must compare
	// (default 10000): the property must not pass on nothing.
	MinRuns int
}

// Table is one rule table, its finding type erased; build it with Rules.
type Table[S any] struct {
	name  string
	prep  func(S) S
	rules []rule[S]
	apply func(S, compliance.Unknown) []any
	never []string
}

type rule[S any] struct {
	name  string
	reads []compliance.Read
	check func(S) []any
}

// Rules names a rule table. prep is what its rules see of a spec (the
// package's WithDefaults); nil for rules that read the spec as given.
func Rules[S, F any](name string, prep func(S) S, rules []compliance.Rule[S, F]) Table[S] {
	if prep == nil {
		prep = func(s S) S { return s }
	}
	t := Table[S]{name: name, prep: prep,
		apply: func(s S, u compliance.Unknown) []any { return erase(compliance.Apply(s, u, rules)) }}
	for i, r := range rules {
		t.rules = append(t.rules, rule[S]{name: fmt.Sprintf("%s[%d] %s", name, i, funcName(r.Check)), reads: r.Reads,
			check: func(s S) []any { return erase(r.Check(s)) }})
	}
	return t
}

// NeverReads asserts that no rule of the table reads any of paths (or
// what lies above or below them): they are known only at apply, and the
// plan must still decide the table.
func (t Table[S]) NeverReads(paths ...string) Table[S] {
	t.never = append(slices.Clone(t.never), paths...)
	return t
}

// erase is a rule's findings as []any; none is nil (a nil and an empty
// slice say the same).
func erase[F any](fs []F) []any {
	if len(fs) == 0 {
		return nil
	}
	out := make([]any, len(fs))
	for i, f := range fs {
		out[i] = f
	}
	return out
}

func funcName(f any) string {
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	name = name[strings.LastIndex(name, "/")+1:]
	return name[strings.Index(name, ".")+1:]
}

// Run checks, in subtests:
//   - pathsAreSchemaPaths: every rule declares a read, of a path Blankers
//     know, and no table reads what it must never read;
//   - blankersCoverSpec: every field of S is blanked by some path (but the
//     Unblanked), every blanker blanks something, and a block's blanker
//     blanks what its attributes' blankers do;
//   - validIsAccepted: Evaluate finds nothing in a Valid spec;
//   - readsAreDeclared: blanking a path a rule does not read leaves its
//     findings unchanged on every random spec (at least MinRuns runs), and
//     Apply with that path unknown finds nothing the known spec lacks;
//   - everyRuleFires: every rule finds something in some random spec;
//   - unknownAddsNoFinding: Evaluate with one path unknown finds nothing
//     the all-known spec does not (counting repeats);
//   - someElementsUnknown (with Partly): the same with some elements of
//     each collection unknown, one at a time and all together.
func (s Suite[S]) Run(t *testing.T) {
	t.Helper()
	bases, specs := s.specs()
	check := func(name string, problems func(t *testing.T) []string) {
		t.Run(name, func(t *testing.T) {
			for _, p := range problems(t) {
				t.Error(p)
			}
		})
	}
	check("pathsAreSchemaPaths", func(*testing.T) []string { return s.pathsAreSchemaPaths() })
	check("blankersCoverSpec", func(*testing.T) []string { return s.blankersCoverSpec() })
	check("validIsAccepted", func(*testing.T) []string { return s.validIsAccepted(bases) })
	check("readsAreDeclared", func(t *testing.T) []string {
		problems, runs := s.readsAreDeclared(specs)
		t.Logf("compared %d rule runs on %d specs", runs, len(specs))
		if want := cmp.Or(s.MinRuns, 10000); runs < want {
			problems = append(problems, fmt.Sprintf("compared only %d rule runs, want %d or more", runs, want))
		}
		return problems
	})
	check("everyRuleFires", func(*testing.T) []string { return s.everyRuleFires(specs) })
	check("unknownAddsNoFinding", func(*testing.T) []string { return s.unknownAddsNoFinding(specs) })
	if len(s.Partly) > 0 {
		check("someElementsUnknown", func(*testing.T) []string { return s.someElementsUnknown(specs) })
	}
}

// specs returns the Valid specs the random specs start from, and the
// random specs: each Valid with up to MaxMutations random mutations.
func (s Suite[S]) specs() (bases, specs []S) {
	n, most := cmp.Or(s.N, 300), cmp.Or(s.MaxMutations, 4)
	r := rand.New(rand.NewPCG(s.Seed, s.Seed^0x9e3779b97f4a7c15))
	for range n {
		x := s.Valid(r)
		bases = append(bases, x)
		for range r.IntN(most + 1) {
			s.Mutations[r.IntN(len(s.Mutations))](&x)
		}
		specs = append(specs, x)
	}
	return bases, specs
}

func unknownAt(path string) compliance.Unknown {
	var u compliance.Unknown
	u.Value(path)
	return u
}

// reads reports whether rs reads path: an unknown value there blocks it.
func reads(rs []compliance.Read, path string) bool {
	return slices.ContainsFunc(rs, unknownAt(path).Blocks)
}

func (s Suite[S]) pathsAreSchemaPaths() []string {
	var out []string
	for _, tb := range s.Tables {
		for _, r := range tb.rules {
			if len(r.reads) == 0 {
				out = append(out, r.name+" declares no read")
			}
			for _, rd := range r.reads {
				if _, ok := s.Blankers[rd.Path]; !ok {
					out = append(out, fmt.Sprintf("%s reads %q, which is no attribute path", r.name, rd.Path))
				}
			}
			for _, p := range tb.never {
				if reads(r.reads, p) {
					out = append(out, fmt.Sprintf("%s reads %s, which is known only at apply", r.name, p))
				}
			}
		}
	}
	return out
}

func (s Suite[S]) blankersCoverSpec() []string {
	var out []string
	full := filled(reflect.TypeFor[S](), 0).Interface().(S)
	blanks := map[string][]string{} // path -> the fields it blanks
	covered := map[string]bool{}
	for p, blank := range s.Blankers {
		b := full
		blank(&b)
		blanks[p] = changedFields(reflect.ValueOf(full), reflect.ValueOf(b), "")
		if len(blanks[p]) == 0 {
			out = append(out, fmt.Sprintf("the blanker of %q blanks no field", p))
		}
		for _, f := range blanks[p] {
			covered[f] = true
		}
	}
	for _, f := range changedFields(reflect.ValueOf(full), reflect.Zero(reflect.TypeFor[S]()), "") {
		exempt := slices.ContainsFunc(s.Unblanked, func(u string) bool { return f == u || strings.HasPrefix(f, u+".") })
		if !covered[f] && !exempt {
			out = append(out, fmt.Sprintf("%s is blanked by no path: add its attribute path to the blankers (or to Unblanked)", f))
		}
	}
	for p, fs := range blanks {
		for q, sub := range blanks {
			if strings.HasPrefix(q, p+".") {
				for _, f := range sub {
					if !slices.Contains(fs, f) {
						out = append(out, fmt.Sprintf("an unknown %s leaves %s known, which an unknown %s blanks", p, f, q))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// filled is a value of t with every exported field, element and pointer
// set to something other than its zero value.
func filled(t reflect.Type, depth int) reflect.Value {
	v := reflect.New(t).Elem()
	if depth > 8 {
		return v
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		p.Elem().Set(filled(t.Elem(), depth+1))
		v.Set(p)
	case reflect.Slice:
		v.Set(reflect.Append(reflect.MakeSlice(t, 0, 1), filled(t.Elem(), depth+1)))
	case reflect.Map:
		m := reflect.MakeMap(t)
		m.SetMapIndex(filled(t.Key(), depth+1), filled(t.Elem(), depth+1))
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				v.Field(i).Set(filled(t.Field(i).Type, depth+1))
			}
		}
	}
	return v
}

// changedFields lists the exported fields (dotted Go names, nested structs
// field by field) where a and b differ.
func changedFields(a, b reflect.Value, prefix string) []string {
	var out []string
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		name := prefix + f.Name
		if f.Type.Kind() == reflect.Struct {
			out = append(out, changedFields(a.Field(i), b.Field(i), name+".")...)
		} else if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			out = append(out, name)
		}
	}
	return out
}

func (s Suite[S]) validIsAccepted(bases []S) []string {
	for i, b := range bases {
		if f := s.Evaluate(b, compliance.Unknown{}); len(f.Input)+len(f.Violations) > 0 {
			return []string{fmt.Sprintf("valid spec %d is refused: %+v\n spec %+v", i, f, b)}
		}
	}
	return nil
}

// failures groups failures by a key, keeping the first example of each and
// how often it happened.
type failures struct {
	keys  []string
	first map[string]string
	times map[string]int
}

func (f *failures) add(key, example string) {
	if f.first == nil {
		f.first, f.times = map[string]string{}, map[string]int{}
	}
	if f.times[key] == 0 {
		f.keys = append(f.keys, key)
		f.first[key] = example
	}
	f.times[key]++
}

func (f *failures) report(of int) []string {
	slices.Sort(f.keys)
	out := make([]string, len(f.keys))
	for i, k := range f.keys {
		out[i] = fmt.Sprintf("%s (%d of %d specs), first:\n%s", k, f.times[k], of, f.first[k])
	}
	return out
}

// readsAreDeclared returns the problems and how many rule runs it compared.
func (s Suite[S]) readsAreDeclared(specs []S) ([]string, int) {
	var fail failures
	runs := 0
	paths := slices.Sorted(maps.Keys(s.Blankers))
	unknown := make([]compliance.Unknown, len(paths))
	for pi, p := range paths {
		unknown[pi] = unknownAt(p)
	}
	for _, tb := range s.Tables {
		blocked := make([][]bool, len(paths)) // [path][rule]: the rule reads the path
		for pi := range paths {
			blocked[pi] = make([]bool, len(tb.rules))
			for i, r := range tb.rules {
				blocked[pi][i] = slices.ContainsFunc(r.reads, unknown[pi].Blocks)
			}
		}
		for si, x := range specs {
			known := tb.prep(x)
			want := make([][]any, len(tb.rules))
			for i, r := range tb.rules {
				want[i] = r.check(known)
			}
			all := tb.apply(known, compliance.Unknown{})
			for pi, path := range paths {
				b := x
				s.Blankers[path](&b)
				blanked := tb.prep(b)
				for i, r := range tb.rules {
					if blocked[pi][i] {
						continue
					}
					runs++
					if got := r.check(blanked); !reflect.DeepEqual(want[i], got) {
						fail.add(fmt.Sprintf("%s (reads %v) changed when %q was made unknown: it reads %q without declaring it", r.name, r.reads, path, path),
							fmt.Sprintf(" spec %d: %+v\n known:   %v\n unknown: %v", si, x, want[i], got))
					}
				}
				if extra := missing(tb.apply(blanked, unknown[pi]), all); len(extra) > 0 {
					fail.add(fmt.Sprintf("%s: with %q unknown, Apply found what the known spec does not", tb.name, path),
						fmt.Sprintf(" spec %d: %+v\n extra: %v", si, x, extra))
				}
			}
		}
	}
	return fail.report(len(specs)), runs
}

func (s Suite[S]) everyRuleFires(specs []S) []string {
	var out []string
	for _, tb := range s.Tables {
		fired := make([]bool, len(tb.rules))
		for _, x := range specs {
			p := tb.prep(x)
			for i, r := range tb.rules {
				fired[i] = fired[i] || len(r.check(p)) > 0
			}
		}
		for i, r := range tb.rules {
			if !fired[i] {
				out = append(out, fmt.Sprintf("%s found nothing in %d random specs: add a mutation that breaks it", r.name, len(specs)))
			}
		}
	}
	return out
}

func (s Suite[S]) unknownAddsNoFinding(specs []S) []string {
	var fail failures
	for si, x := range specs {
		all := findings(s.Evaluate(x, compliance.Unknown{}), nil)
		for path, blank := range s.Blankers {
			b := x
			blank(&b)
			if extra := missing(findings(s.Evaluate(b, unknownAt(path)), nil), all); len(extra) > 0 {
				fail.add(fmt.Sprintf("with %q unknown, Evaluate found what the known spec does not", path),
					fmt.Sprintf(" spec %d: %+v\n extra: %v\n known: %v", si, x, extra, all))
			}
		}
	}
	return fail.report(len(specs))
}

func (s Suite[S]) someElementsUnknown(specs []S) []string {
	var fail failures
	r := rand.New(rand.NewPCG(s.Seed+1, 12))
	for si, x := range specs {
		all := findings(s.Evaluate(x, compliance.Unknown{}), s.Loosen)
		together, u := x, compliance.Unknown{}
		for _, p := range s.Partly {
			part, one := x, compliance.Unknown{}
			p.Keep(&part, r)
			one.Elements(p.Path, p.List)
			p.Keep(&together, r)
			u.Elements(p.Path, p.List)
			if extra := missing(findings(s.Evaluate(part, one), s.Loosen), all); len(extra) > 0 {
				fail.add(fmt.Sprintf("with some of %s unknown, Evaluate found what the known spec does not", p.Path),
					fmt.Sprintf(" spec %d: %+v\n known elements: %+v\n extra: %v\n known: %v", si, x, part, extra, all))
			}
		}
		if extra := missing(findings(s.Evaluate(together, u), s.Loosen), all); len(extra) > 0 {
			fail.add("with some elements of every collection unknown, Evaluate found what the known spec does not",
				fmt.Sprintf(" spec %d: %+v\n known elements: %+v\n extra: %v\n known: %v", si, x, together, extra, all))
		}
	}
	return fail.report(len(specs))
}

// findings lists every finding of f, its detail loosened.
func findings(f compliance.Findings, loosen func(string) string) []any {
	if loosen == nil {
		loosen = func(d string) string { return d }
	}
	var out []any
	for _, e := range f.Input {
		e.Detail = loosen(e.Detail)
		out = append(out, e)
	}
	for _, v := range f.Violations {
		v.Detail = loosen(v.Detail)
		out = append(out, v)
	}
	return out
}

// missing lists the findings of part that all lacks, counting repeats.
func missing(part, all []any) []any {
	left := slices.Clone(all)
	var out []any
	for _, f := range part {
		i := slices.IndexFunc(left, func(x any) bool { return reflect.DeepEqual(x, f) })
		if i < 0 {
			out = append(out, f)
			continue
		}
		left = slices.Delete(left, i, i+1)
	}
	return out
}

// Settings are one mutation per value: each sets it with set. The values
// are shared by every spec, so nothing may change them in place.
func Settings[S, V any](set func(*S, V), values ...V) []func(*S) {
	out := make([]func(*S), len(values))
	for i, v := range values {
		out[i] = func(s *S) { set(s, v) }
	}
	return out
}

// Set makes some elements of the set at path unknown: field is where the
// Spec holds them.
func Set[S, E any](path string, field func(*S) *[]E) Partly[S] {
	return Partly[S]{Path: path, Keep: func(s *S, r *rand.Rand) { keepSome(r, field(s)) }}
}

// List makes some elements of the list at path unknown (its length stays
// known).
func List[S, E any](path string, field func(*S) *[]E) Partly[S] {
	return Partly[S]{Path: path, List: true, Keep: func(s *S, r *rand.Rand) { keepSome(r, field(s)) }}
}

// Map makes the values of some entries of the map at path unknown (the
// provider leaves their keys out).
func Map[S any, K cmp.Ordered, V any](path string, field func(*S) *map[K]V) Partly[S] {
	return Partly[S]{Path: path, Keep: func(s *S, r *rand.Rand) {
		m := field(s)
		if *m == nil {
			return
		}
		out := map[K]V{}
		for _, k := range slices.Sorted(maps.Keys(*m)) {
			if r.IntN(2) == 0 {
				out[k] = (*m)[k]
			}
		}
		*m = out
	}}
}

// keepSome leaves a random part of *xs, in a new slice.
func keepSome[E any](r *rand.Rand, xs *[]E) {
	if *xs != nil {
		*xs = slices.DeleteFunc(slices.Clone(*xs), func(E) bool { return r.IntN(2) == 0 })
	}
}
