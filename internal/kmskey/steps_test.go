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
	owned := map[string]int{}
	for _, st := range steps {
		for _, k := range st.Kinds {
			owned[k]++
		}
	}
	for _, k := range Kinds {
		if owned[string(k)] != 1 {
			t.Errorf("kind %s owned by %d steps", k, owned[string(k)])
		}
	}
	needs, err := executor.Needs(graph(s), steps)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"settings", "alias"} {
		if !slices.Equal(needs[n], []string{"key"}) {
			t.Errorf("%s needs %v", n, needs[n])
		}
	}
}
