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

// The refresh costs the docs (templates/resources/bucket.md.tmpl) state:
// 15 calls for a bucket and its access-log bucket, 37 with replication,
// one more per bucket under Object Lock.
func TestCalls_documented(t *testing.T) {
	plain := validSpec()
	plain.Replication = nil
	replicated := validSpec()
	locked := validSpec()
	locked.ObjectLock = &ObjectLock{Days: 30}
	for _, c := range []struct {
		name string
		s    Spec
		want int
	}{{"plain", plain, 15}, {"replicated", replicated, 37}, {"replicated and locked", locked, 39}} {
		l, err := Expand(c.s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Calls(l); got != c.want {
			t.Errorf("%s: %d calls, want %d", c.name, got, c.want)
		}
	}
}
