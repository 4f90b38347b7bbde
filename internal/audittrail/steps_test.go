package audittrail

import (
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// TestSteps_children ties the two declarations: every kind of Children is
// owned by exactly one step, the scheduler accepts the graph (no cycle),
// and the trail waits for its bucket, log group and role.
func TestSteps_children(t *testing.T) {
	l, err := Expand(validSpec())
	if err != nil {
		t.Fatal(err)
	}
	steps := Executor{}.steps(l, executor.NewRecorder(nil), &existed{})
	if err := executor.CheckOwners(executor.Kinds(Kinds...), steps); err != nil {
		t.Error(err)
	}
	needs, err := executor.Needs(executor.Graph(l.Children()), steps)
	if err != nil {
		t.Fatal(err)
	}
	if got := needs["trail"]; len(got) != 3 || got[0] != "buckets" || got[1] != "log-group" || got[2] != "role" {
		t.Errorf("trail needs %v", got)
	}
	if got := needs["tags"]; len(got) != len(steps)-1 {
		t.Errorf("tags need %v", got)
	}
	// With replication, the rules wait for the buckets and the role.
	s := validSpec()
	s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: keyUSW2}
	if l, err = Expand(s); err != nil {
		t.Fatal(err)
	}
	if needs, err = executor.Needs(executor.Graph(l.Children()), Executor{}.steps(l, executor.NewRecorder(nil), &existed{})); err != nil {
		t.Fatal(err)
	}
	if got := needs["replication"]; len(got) != 2 || got[0] != "buckets" || got[1] != "role" {
		t.Errorf("replication needs %v", got)
	}
}
