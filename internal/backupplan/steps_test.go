package backupplan

import (
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

// TestSteps_children ties the two declarations: every kind of Children is
// owned by exactly one step, the scheduler accepts the graph (no cycle),
// the plan waits for the vaults only, the selection for the plan and the
// role, and the tags come last; without a lock too.
func TestSteps_children(t *testing.T) {
	unlocked := seedSpec()
	unlocked.VaultLock = nil
	for _, s := range []Spec{seedSpec(), unlocked} {
		l, err := Expand(s)
		if err != nil {
			t.Fatal(err)
		}
		steps := Executor{}.steps(&run{l: l, rec: executor.NewRecorder(nil)})
		if err := executor.CheckOwners(executor.Kinds(Kinds...), steps); err != nil {
			t.Error(err)
		}
		needs, err := executor.Needs(executor.Graph(l.Children()), steps)
		if err != nil {
			t.Fatal(err)
		}
		for step, want := range map[string][]string{"plan": {"vaults"}, "selection": {"plan", "role"}, "policies": {"vaults"}, "role": nil} {
			if got := needs[step]; !slices.Equal(got, want) {
				t.Errorf("%s needs %v, want %v", step, got, want)
			}
		}
		if got := needs["tags"]; len(got) != len(steps)-1 {
			t.Errorf("tags need %v", got)
		}
	}
}
