// Package compliancetest checks, for any resource's rule tables, that each
// rule declares every attribute it reads: the property the plan-time guard
// rests on (an unknown value may hide only the rules that read it).
package compliancetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Blankers make one attribute path unknown in a Spec the way the
// provider's conversion does: its zero value (nil for a collection).
type Blankers[S any] map[string]func(*S)

// CheckReads asserts, for every spec, every rule and every path: when the
// rule does not read the path, blanking it leaves the rule's findings
// unchanged (prep is the package's WithDefaults, applied after blanking);
// and Apply with the path unknown returns no finding that the all-known
// evaluation lacks. It reports how many rule runs it compared.
func CheckReads[S, F any](t *testing.T, specs []S, blank Blankers[S], prep func(S) S, rules ...[]compliance.Rule[S, F]) int {
	t.Helper()
	n := 0
	for si, s := range specs {
		for path, b := range blank {
			var u compliance.Unknown
			u.Value(path)
			blanked := s
			b(&blanked)
			for ti, table := range rules {
				for ri, r := range table {
					if slices.ContainsFunc(r.Reads, u.Blocks) {
						continue
					}
					n++
					want, got := r.Check(prep(s)), r.Check(prep(blanked))
					if !reflect.DeepEqual(want, got) {
						t.Errorf("spec %d, table %d rule %d (reads %v) changed when %q was made unknown: it reads %q without declaring it\n known:   %v\n unknown: %v",
							si, ti, ri, r.Reads, path, path, want, got)
					}
				}
				all := compliance.Apply(prep(s), compliance.Unknown{}, table)
				for _, f := range compliance.Apply(prep(blanked), u, table) {
					if !slices.ContainsFunc(all, func(x F) bool { return reflect.DeepEqual(x, f) }) {
						t.Errorf("spec %d, table %d: with %q unknown a finding appeared that the known spec does not have: %s", si, ti, path, fmt.Sprint(f))
					}
				}
			}
		}
	}
	return n
}
