package database

import (
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

// TestSteps_children ties the two declarations: every kind of Children is
// owned by exactly one step, the scheduler accepts the graph the golden
// layouts' children derive (no cycle), and the tags wait for every step.
func TestSteps_children(t *testing.T) {
	steps := (&run{}).steps()
	if err := executor.CheckOwners(executor.Kinds(Kinds...), steps); err != nil {
		t.Error(err)
	}
	for name, s := range goldenSpecs() {
		needs, err := executor.Needs(executor.Graph(mustExpand(t, s).Children()), steps)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		before := map[string]bool{}
		var walk func(string)
		walk = func(n string) {
			for _, d := range needs[n] {
				if !before[d] {
					before[d] = true
					walk(d)
				}
			}
		}
		walk("tags")
		for _, st := range steps {
			if st.Name != "tags" && !before[st.Name] {
				t.Errorf("%s: tags do not wait for %s", name, st.Name)
			}
		}
		if l := mustExpand(t, s); l.Proxy != nil && !before["proxy"] {
			t.Errorf("%s: no proxy step", name)
		}
	}
}
