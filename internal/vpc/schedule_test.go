package vpc

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
)

// TestSteps_order: every step needs only steps listed before it, so
// schedule cannot deadlock, and prune needs everything (directly or not).
func TestSteps_order(t *testing.T) {
	steps := (&run{}).steps()
	seen := map[string]bool{}
	for _, s := range steps {
		for _, n := range s.needs {
			if !seen[n] {
				t.Errorf("step %s needs %s, which is not listed before it", s.name, n)
			}
		}
		if seen[s.name] {
			t.Errorf("step %s listed twice", s.name)
		}
		seen[s.name] = true
	}
	before := ancestors(steps, "prune")
	for _, s := range steps {
		if s.name != "prune" && !before[s.name] {
			t.Errorf("prune does not wait for %s", s.name)
		}
	}
}

func ancestors(steps []step, name string) map[string]bool {
	needs := map[string][]string{}
	for _, s := range steps {
		needs[s.name] = s.needs
	}
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

// TestSchedule: a step starts only after what it needs, a failure skips
// its dependents but not independent branches, and every failure is returned.
func TestSchedule(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	mark := func(name string, err error) func(context.Context) error {
		return func(context.Context) error {
			mu.Lock()
			ran = append(ran, name)
			mu.Unlock()
			return err
		}
	}
	boom, bang := errors.New("boom"), errors.New("bang")
	err := schedule(context.Background(), []step{
		{"a", nil, mark("a", nil)},
		{"b", []string{"a"}, mark("b", boom)},
		{"c", []string{"a"}, mark("c", nil)},
		{"d", []string{"b"}, mark("d", nil)},  // skipped: b failed
		{"e", []string{"c"}, mark("e", bang)}, // independent of b: runs
		{"f", []string{"d", "e"}, mark("f", nil)},
	})
	if !errors.Is(err, boom) || !errors.Is(err, bang) {
		t.Fatalf("error %v, want boom and bang", err)
	}
	slices.Sort(ran)
	if want := []string{"a", "b", "c", "e"}; !slices.Equal(ran, want) {
		t.Fatalf("ran %v, want %v", ran, want)
	}
}

// TestSchedule_order: dependents observe their dependencies' effects.
func TestSchedule_order(t *testing.T) {
	for range 50 {
		var mu sync.Mutex
		pos := map[string]int{}
		mark := func(name string) func(context.Context) error {
			return func(context.Context) error {
				mu.Lock()
				pos[name] = len(pos)
				mu.Unlock()
				return nil
			}
		}
		steps := []step{{"a", nil, mark("a")}, {"b", nil, mark("b")}, {"c", []string{"a", "b"}, mark("c")}, {"d", []string{"c"}, mark("d")}}
		if err := schedule(context.Background(), steps); err != nil {
			t.Fatal(err)
		}
		if pos["c"] < pos["a"] || pos["c"] < pos["b"] || pos["d"] < pos["c"] {
			t.Fatalf("order %v", pos)
		}
	}
}

func TestSchedule_cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	err := schedule(ctx, []step{{"a", nil, func(context.Context) error { called = true; return nil }}})
	if called || !errors.Is(err, context.Canceled) {
		t.Fatalf("called %v, error %v", called, err)
	}
}

func TestSchedule_badOrder(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a step needing a later one")
		}
	}()
	_ = schedule(context.Background(), []step{{"a", []string{"b"}, nil}, {"b", nil, nil}})
}

// TestNATToken: the token is stable across retries, and changes once a NAT
// gateway of that key has failed (AWS would hand the failed one back).
func TestNATToken(t *testing.T) {
	l := mustExpand(t, testSpec(zones(3)...))
	key := sortedKeys(l.NATs)[0]
	r := &run{l: l, o: &Observed{}, ids: map[string]string{KeyVPC: "vpc-1", l.NATs[key].EIPKey: "eipalloc-1"}}
	first, again := *r.natToken(key), *r.natToken(key)
	if first != again {
		t.Fatalf("token not stable: %s, %s", first, again)
	}
	r.o.FailedNATs = map[string][]string{key: {"nat-0f"}}
	if after := *r.natToken(key); after == first {
		t.Fatal("token unchanged after a failed NAT gateway")
	}
	other := sortedKeys(l.NATs)[1]
	r.ids[l.NATs[other].EIPKey] = "eipalloc-2"
	if *r.natToken(other) == first {
		t.Fatal("two NAT gateways share a token")
	}
}
