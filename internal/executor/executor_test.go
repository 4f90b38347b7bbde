package executor

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// graph: a <- b <- d, a <- c <- e; f after d and e (no kind of its own).
var testChildren = []Child{
	{"ka", "a", nil},
	{"kb", "b", []string{"a"}},
	{"kb", "b2", []string{"b"}}, // same-step dependency: ignored
	{"kc", "c", []string{"a"}},
	{"kd", "d", []string{"b"}},
	{"ke", "e", []string{"c"}},
}

type marks struct {
	mu  sync.Mutex
	pos map[string]int
	ran []string
}

func (m *marks) step(name string, after []string, err error, kinds ...string) Step {
	return Step{Name: name, Kinds: kinds, After: after, Run: func(context.Context) error {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.pos == nil {
			m.pos = map[string]int{}
		}
		m.pos[name] = len(m.pos)
		m.ran = append(m.ran, name)
		return err
	}}
}

func TestNeeds_derived(t *testing.T) {
	m := &marks{}
	steps := []Step{m.step("f", []string{"d", "e"}, nil), m.step("e", nil, nil, "ke"), m.step("d", nil, nil, "kd"),
		m.step("c", nil, nil, "kc"), m.step("b", nil, nil, "kb"), m.step("a", nil, nil, "ka")}
	needs, err := Needs(testChildren, steps)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"b": {"a"}, "c": {"a"}, "d": {"b"}, "e": {"c"}, "f": {"d", "e"}}
	for _, s := range steps {
		if !slices.Equal(needs[s.Name], want[s.Name]) {
			t.Errorf("%s needs %v, want %v", s.Name, needs[s.Name], want[s.Name])
		}
	}
}

// TestSchedule_order: steps may be listed in any order; each starts only
// after the steps its children depend on.
func TestSchedule_order(t *testing.T) {
	for range 50 {
		m := &marks{}
		steps := []Step{m.step("f", []string{"d", "e"}, nil), m.step("e", nil, nil, "ke"), m.step("d", nil, nil, "kd"),
			m.step("c", nil, nil, "kc"), m.step("b", nil, nil, "kb"), m.step("a", nil, nil, "ka")}
		if err := Schedule(context.Background(), testChildren, steps); err != nil {
			t.Fatal(err)
		}
		for s, n := range map[string][]string{"b": {"a"}, "c": {"a"}, "d": {"b"}, "e": {"c"}, "f": {"d", "e"}} {
			for _, x := range n {
				if m.pos[s] < m.pos[x] {
					t.Fatalf("%s ran before %s: %v", s, x, m.pos)
				}
			}
		}
	}
}

// TestSchedule_failure: a failure skips its dependents, not independent
// branches, and every failure is returned.
func TestSchedule_failure(t *testing.T) {
	boom, bang := errors.New("boom"), errors.New("bang")
	m := &marks{}
	err := Schedule(context.Background(), testChildren, []Step{m.step("a", nil, nil, "ka"), m.step("b", nil, boom, "kb"),
		m.step("c", nil, nil, "kc"), m.step("d", nil, nil, "kd"), m.step("e", nil, bang, "ke"), m.step("f", []string{"d", "e"}, nil)})
	if !errors.Is(err, boom) || !errors.Is(err, bang) || errors.Is(err, ErrSkipped) {
		t.Fatalf("error %v, want boom and bang only", err)
	}
	slices.Sort(m.ran)
	if want := []string{"a", "b", "c", "e"}; !slices.Equal(m.ran, want) {
		t.Fatalf("ran %v, want %v", m.ran, want)
	}
}

func TestSchedule_missingKind(t *testing.T) {
	m := &marks{}
	err := Schedule(context.Background(), testChildren, []Step{m.step("a", nil, nil, "ka"), m.step("b", nil, nil, "kb")})
	if err == nil || !strings.Contains(err.Error(), "kind kc is owned by no step") {
		t.Fatalf("error %v", err)
	}
	if len(m.ran) > 0 {
		t.Fatalf("ran %v despite the error", m.ran)
	}
}

func TestSchedule_kindTwice(t *testing.T) {
	m := &marks{}
	err := Schedule(context.Background(), []Child{{"ka", "a", nil}}, []Step{m.step("a", nil, nil, "ka"), m.step("a2", nil, nil, "ka")})
	if err == nil || !strings.Contains(err.Error(), "kind ka is owned by steps a and a2") {
		t.Fatalf("error %v", err)
	}
}

func TestSchedule_unknownDependency(t *testing.T) {
	m := &marks{}
	for _, c := range []struct {
		children []Child
		steps    []Step
		want     string
	}{
		{[]Child{{"ka", "a", []string{"zz"}}}, []Step{m.step("a", nil, nil, "ka")}, "depends on zz, which is no child"},
		{nil, []Step{m.step("a", []string{"zz"}, nil)}, "runs after zz, which is no step"},
		{nil, []Step{m.step("a", nil, nil), m.step("a", nil, nil)}, "step a listed twice"},
	} {
		if err := Schedule(context.Background(), c.children, c.steps); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

func TestSchedule_cycle(t *testing.T) {
	m := &marks{}
	children := []Child{{"ka", "a", []string{"b"}}, {"kb", "b", []string{"a"}}}
	err := Schedule(context.Background(), children, []Step{m.step("a", nil, nil, "ka"), m.step("b", nil, nil, "kb")})
	if err == nil || !strings.Contains(err.Error(), "cycle: a -> b -> a") {
		t.Fatalf("error %v", err)
	}
	err = Schedule(context.Background(), nil, []Step{m.step("x", []string{"x"}, nil)})
	if err != nil { // a step never waits for itself
		t.Fatalf("error %v", err)
	}
	err = Schedule(context.Background(), nil, []Step{m.step("x", []string{"y"}, nil), m.step("y", []string{"x"}, nil)})
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Fatalf("error %v", err)
	}
}

func TestSchedule_cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := &marks{}
	err := Schedule(ctx, testChildren[:1], []Step{m.step("a", nil, nil, "ka")})
	if len(m.ran) > 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("ran %v, error %v", m.ran, err)
	}
}

// TestSchedule_parallel: independent steps run at the same time.
func TestSchedule_parallel(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(3)
	meet := func(context.Context) error { // returns only once all three started
		wg.Done()
		ch := make(chan struct{})
		go func() { wg.Wait(); close(ch) }()
		select {
		case <-ch:
			return nil
		case <-time.After(5 * time.Second):
			return errors.New("steps did not start together")
		}
	}
	children := []Child{{"ka", "a", nil}, {"kb", "b", nil}, {"kc", "c", nil}}
	if err := Schedule(context.Background(), children, []Step{{"a", []string{"ka"}, nil, meet}, {"b", []string{"kb"}, nil, meet}, {"c", []string{"kc"}, nil, meet}}); err != nil {
		t.Fatal(err)
	}
}

// TestSchedule_childKey: a step owning one child runs with its key; the
// owner is the one of ctx.
func TestSchedule_childKey(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{}
	run := func(name string) func(context.Context) error {
		return func(ctx context.Context) error {
			k, o := awsclient.ChildOf(ctx)
			mu.Lock()
			got[name] = k + "|" + o
			mu.Unlock()
			return nil
		}
	}
	ctx := awsclient.WithChild(context.Background(), "", "hipaa_test/x")
	err := Schedule(ctx, testChildren, []Step{{"a", []string{"ka"}, nil, run("a")}, {"b", []string{"kb"}, nil, run("b")},
		{"c", []string{"kc", "kd", "ke"}, nil, run("c")}})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"a": "a|hipaa_test/x", "b": "|hipaa_test/x", "c": "|hipaa_test/x"}; !mapsEqual(got, want) {
		t.Fatalf("child keys %v, want %v", got, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEach: every key runs once with its key and owner in ctx, at most
// parallelism at a time, and every error comes back.
func TestEach(t *testing.T) {
	keys := []string{"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"}
	var running, peak atomic.Int32
	var mu sync.Mutex
	seen := map[string]bool{}
	errK1, errK6 := errors.New("k1 failed"), errors.New("k6 failed")
	err := Each(context.Background(), 3, "hipaa_test/x", keys, func(ctx context.Context, k string) error {
		n := running.Add(1)
		defer running.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(10 * time.Millisecond)
		key, owner := awsclient.ChildOf(ctx)
		if key != k || owner != "hipaa_test/x" {
			t.Errorf("ctx child %q owner %q for key %s", key, owner, k)
		}
		mu.Lock()
		seen[k] = true
		mu.Unlock()
		switch k {
		case "k1":
			return errK1
		case "k6":
			return errK6
		}
		return nil
	})
	if !errors.Is(err, errK1) || !errors.Is(err, errK6) {
		t.Fatalf("error %v, want both", err)
	}
	if len(seen) != len(keys) {
		t.Fatalf("ran %v", seen)
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Fatalf("peak parallelism %d, want 2..3", p)
	}
}

func TestRecorder(t *testing.T) {
	var mu sync.Mutex
	recorded := map[string]string{}
	r := NewRecorder(func(k, id string) { mu.Lock(); recorded[k] = id; mu.Unlock() })
	var wg sync.WaitGroup
	for _, k := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() { defer wg.Done(); r.Created(context.Background(), "kind", k, "id-"+k) }()
	}
	wg.Wait()
	if r.ID("b") != "id-b" || len(r.Snapshot()) != 3 || len(recorded) != 3 {
		t.Fatalf("ids %v, recorded %v", r.Snapshot(), recorded)
	}
	r.Keep(func(k string) bool { return k != "c" })
	if _, ok := r.Snapshot()["c"]; ok || r.ID("a") != "id-a" {
		t.Fatalf("after Keep: %v", r.Snapshot())
	}
	NewRecorder(nil).Put("x", "y") // no callback: no panic
}

func TestFail(t *testing.T) {
	cause := errors.New("denied")
	err := Fail("creating", "subnet", "app/a", "hipaa_vpc", "prod", cause)
	var ce *awsclient.ChildError
	if !errors.As(err, &ce) || !errors.Is(err, cause) || err.Error() != `creating subnet (app/a) of hipaa_vpc "prod": denied` {
		t.Fatalf("error %v", err)
	}
}

func TestCheckOwners(t *testing.T) {
	steps := []Step{{Name: "a", Kinds: []string{"x", "y"}}, {Name: "b", Kinds: []string{"y"}}}
	err := CheckOwners([]string{"x", "y", "z"}, steps)
	if err == nil || !strings.Contains(err.Error(), "kind y is owned by 2 steps") || !strings.Contains(err.Error(), "kind z is owned by 0 steps") || strings.Contains(err.Error(), "kind x") {
		t.Fatalf("CheckOwners = %v", err)
	}
	if err := CheckOwners([]string{"x"}, steps[:1]); err != nil {
		t.Fatalf("CheckOwners(covered) = %v", err)
	}
}

// TestGraph: a resource's own Child type (a defined type over Node) comes
// out as the scheduler's children, in order, with its kinds as strings.
func TestGraph(t *testing.T) {
	type kind string
	type child Node[kind]
	got := Graph([]child{{"bucket", "b/logs", nil}, {"trail", "trail", []string{"b/logs"}}})
	want := []Child{{Kind: "bucket", Key: "b/logs"}, {Kind: "trail", Key: "trail", DependsOn: []string{"b/logs"}}}
	if !slices.EqualFunc(got, want, func(a, b Child) bool {
		return a.Kind == b.Kind && a.Key == b.Key && slices.Equal(a.DependsOn, b.DependsOn)
	}) {
		t.Fatalf("Graph = %+v, want %+v", got, want)
	}
}
