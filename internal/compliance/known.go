package compliance

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// InputError is plain bad input that cannot describe any such resource
// (AWS would reject it); it is not a control and no exception waives it.
type InputError struct {
	Attribute string // path, e.g. "flow_logs.retention_days"
	Detail    string
}

func (e InputError) Error() string { return e.Attribute + ": " + e.Detail }

// Unknown records which attribute paths of a Spec were not known when the
// provider built it (values that come from resources in the same apply).
// The Spec holds the zero value at an unknown path or, for a collection
// with some unknown elements, only its known elements. The zero Unknown
// means everything is known.
type Unknown struct{ m map[string]unknownKind }

type unknownKind uint8

const (
	unknownValue    unknownKind = iota + 1 // the whole value, its length too
	unknownElements                        // some elements; the count is known (a list)
	unknownSome                            // some elements; the count is not known (a set or map)
)

// Value marks the whole value at path unknown.
func (u *Unknown) Value(path string) { u.mark(path, unknownValue) }

// Elements marks some elements of the collection at path unknown; the Spec
// holds the known ones. countKnown is true for a list (its length is known)
// and false for a set or a map (unknown elements may collapse).
func (u *Unknown) Elements(path string, countKnown bool) {
	if countKnown {
		u.mark(path, unknownElements)
		return
	}
	u.mark(path, unknownSome)
}

func (u *Unknown) mark(path string, k unknownKind) {
	if u.m == nil {
		u.m = map[string]unknownKind{}
	}
	if old, ok := u.m[path]; !ok || k < old {
		u.m[path] = k
	}
}

// Without is u with path known again (the provider filled it in).
func (u Unknown) Without(path string) Unknown {
	out := Unknown{}
	for p, k := range u.m {
		if p != path {
			out.mark(p, k)
		}
	}
	return out
}

// wholly reports whether the whole value at path is unknown.
func (u Unknown) wholly(path string) bool { return u.m[path] == unknownValue }

// Any reports whether anything is unknown.
func (u Unknown) Any() bool { return len(u.m) > 0 }

// Paths lists the unknown paths, sorted.
func (u Unknown) Paths() []string {
	out := make([]string, 0, len(u.m))
	for p := range u.m {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Has reports whether anything at or under path is unknown.
func (u Unknown) Has(path string) bool { return u.Blocks(Read{Path: path}) }

// ReadMode is how a rule reads a path.
type ReadMode uint8

// Read modes.
const (
	ReadValue ReadMode = iota // the whole value
	ReadEach                  // each known element on its own: findings on known elements stand
	ReadCount                 // only the number of elements
)

// Read names one path a rule reads, and how.
type Read struct {
	Path string
	Mode ReadMode
}

// R reads the whole value at each path.
func R(paths ...string) []Read {
	out := make([]Read, len(paths))
	for i, p := range paths {
		out[i] = Read{Path: p}
	}
	return out
}

// Each reads each known element of a collection on its own.
func Each(path string) Read { return Read{Path: path, Mode: ReadEach} }

// Count reads only the number of elements of a collection.
func Count(path string) Read { return Read{Path: path, Mode: ReadCount} }

// Blocks reports whether r cannot be decided: an unknown value at its path,
// above it (the enclosing object) or below it (a nested attribute), except
// where the mode needs only what is known.
func (u Unknown) Blocks(r Read) bool {
	for p, k := range u.m {
		switch {
		case p == r.Path || isUnder(r.Path, p): // at or above: the value itself
			if blocksAt(k, r.Mode) {
				return true
			}
		case isUnder(p, r.Path) && r.Mode != ReadCount: // a nested attribute or element of the value
			return true
		}
	}
	return false
}

func blocksAt(k unknownKind, m ReadMode) bool {
	switch k {
	case unknownElements:
		return m == ReadValue
	case unknownSome:
		return m != ReadEach
	}
	return true
}

// isUnder reports whether path lies strictly inside parent ("a.b" or "a[0]" under "a").
func isUnder(path, parent string) bool {
	return len(path) > len(parent) && strings.HasPrefix(path, parent) && (path[len(parent)] == '.' || path[len(parent)] == '[')
}

// Rule is one pure check of a resource: the paths it reads, and what it
// finds (InputError or Violation). A rule runs only when everything it
// reads is known, so an unknown value hides only the rules that read it.
type Rule[S, F any] struct {
	Reads []Read
	Check func(S) []F
}

// Apply runs every rule whose reads are known and collects the findings.
func Apply[S, F any](s S, u Unknown, rules []Rule[S, F]) []F {
	var out []F
	for _, r := range rules {
		if !slices.ContainsFunc(r.Reads, u.Blocks) {
			out = append(out, r.Check(s)...)
		}
	}
	return out
}

// Findings are what a resource's rules found in one Spec.
type Findings struct {
	Input      []InputError
	Violations []Violation
}

// HardOnly keeps the violations no mode or exception accepts.
func HardOnly(v []Violation) []Violation {
	var out []Violation
	for _, x := range v {
		if x.Hard {
			out = append(out, x)
		}
	}
	return out
}

// Deferred is a waivable violation that cannot be decided at plan because
// the exceptions are not known yet; it is decided again at apply.
func deferred(c Control, v Violation) Diagnostic {
	return Diagnostic{Severity: SeverityWarning, Attribute: v.Attribute,
		Summary: c.Headline() + " (decided at apply)",
		Detail: v.Attribute + ": " + v.Detail + "\n\nexceptions is not known until apply, so whether " + v.Control +
			" is waived cannot be decided yet. Apply refuses this resource before any AWS call unless an exception for " +
			v.Control + " is then listed."}
}

// Refusal is the error an expansion returns for a Spec it must not build:
// every input error and every violation no exception waives, joined; nil
// when there is none. The provider refuses the same findings earlier, with
// diagnostics; this is the last line before the first AWS call.
func Refusal(resourceType, name string, f Findings) error {
	var errs []error
	for _, e := range f.Input {
		errs = append(errs, e)
	}
	for _, v := range HardOnly(f.Violations) {
		errs = append(errs, errors.New(v.Attribute+": "+v.Message()))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("expanding %s %q: %w", resourceType, name, errors.Join(errs...))
}
