package vpc

import (
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

// TestSteps_children ties the two declarations: every kind of Children
// is owned by exactly one step, the scheduler accepts the graph the
// children derive (no cycle), and prune waits for every other step.
func TestSteps_children(t *testing.T) {
	for name, s := range goldenSpecs {
		l := mustExpand(t, s)
		steps := (&run{}).steps()
		needs, err := executor.Needs(executor.Graph(l.Children()), steps)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		owned := map[string]int{}
		for _, st := range steps {
			for _, k := range st.Kinds {
				owned[k]++
			}
		}
		for _, k := range Kinds {
			if owned[string(k)] != 1 {
				t.Errorf("%s: kind %s owned by %d steps", name, k, owned[string(k)])
			}
		}
		before := ancestors(needs, "prune")
		for _, st := range steps {
			if st.Name != "prune" && !before[st.Name] {
				t.Errorf("%s: prune does not wait for %s", name, st.Name)
			}
		}
	}
}

func ancestors(needs map[string][]string, name string) map[string]bool {
	out := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		for _, d := range needs[n] {
			if !out[d] {
				out[d] = true
				walk(d)
			}
		}
	}
	walk(name)
	return out
}

// TestNATToken: the token is stable across retries, and changes once a NAT
// gateway of that key has failed (AWS would hand the failed one back).
func TestNATToken(t *testing.T) {
	l := mustExpand(t, testSpec(zones(3)...))
	key := sortedKeys(l.NATs)[0]
	r := &run{l: l, o: &Observed{}, rec: executor.NewRecorder(nil)}
	r.put(KeyVPC, "vpc-1")
	r.put(l.NATs[key].EIPKey, "eipalloc-1")
	first, again := *r.natToken(key), *r.natToken(key)
	if first != again {
		t.Fatalf("token not stable: %s, %s", first, again)
	}
	r.o.FailedNATs = map[string][]string{key: {"nat-0f"}}
	if after := *r.natToken(key); after == first {
		t.Fatal("token unchanged after a failed NAT gateway")
	}
	other := sortedKeys(l.NATs)[1]
	r.put(l.NATs[other].EIPKey, "eipalloc-2")
	if *r.natToken(other) == first {
		t.Fatal("two NAT gateways share a token")
	}
}
