package bucket

import (
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// TestSteps_children ties the two declarations: every kind of Children is
// owned by exactly one step, the scheduler accepts the graph (no cycle),
// the replication rule waits for the buckets and the role, and the tags
// come last; without replication too.
func TestSteps_children(t *testing.T) {
	plain := validSpec()
	plain.Replication = nil
	for _, s := range []Spec{validSpec(), plain} {
		l, err := Expand(s)
		if err != nil {
			t.Fatal(err)
		}
		steps := Executor{}.steps(l, executor.NewRecorder(nil), &servicerole.Result{})
		if err := executor.CheckOwners(executor.Kinds(Kinds...), steps); err != nil {
			t.Error(err)
		}
		needs, err := executor.Needs(executor.Graph(l.Children()), steps)
		if err != nil {
			t.Fatal(err)
		}
		if got := needs["replication"]; l.Replication != nil && !slices.Equal(got, []string{"buckets", "role"}) {
			t.Errorf("replication needs %v", got)
		}
		if got := needs["tags"]; len(got) != len(steps)-1 {
			t.Errorf("tags need %v", got)
		}
	}
}
