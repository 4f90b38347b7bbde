package kmskey

import (
	"context"
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

// TestSteps_children ties the two declarations: every kind of Children is
// owned by exactly one step, the scheduler accepts the graph (no cycle),
// and the settings and the alias wait for the key.
func TestSteps_children(t *testing.T) {
	s := Spec{Name: "phi"}.WithDefaults()
	var id string
	var o *Observed
	steps := Executor{}.steps(s, "", &id, func(context.Context) (*Observed, error) { return nil, nil }, &o)
	if err := executor.CheckOwners(executor.Kinds(Kinds...), steps); err != nil {
		t.Error(err)
	}
	needs, err := executor.Needs(executor.Graph(s.Children()), steps)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"settings", "alias"} {
		if !slices.Equal(needs[n], []string{"key"}) {
			t.Errorf("%s needs %v", n, needs[n])
		}
	}
}
