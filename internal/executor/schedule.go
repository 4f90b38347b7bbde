// Package executor is the orchestration every resource's Apply shares: the
// dependency scheduler (Schedule), bounded fan-out (Each), the ID recorder
// (Recorder) and child errors (Fail). It makes no AWS call itself.
package executor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Node is one child of a layout's creation DAG, of a resource's own kind
// type. Every resource package declares `type Child executor.Node[Kind]`
// and lists its children in Layout.Children.
type Node[K ~string] struct {
	Kind      K
	Key       string
	DependsOn []string // keys of children that must exist first
}

// Child is a Node as Needs and Schedule take it.
type Child = Node[string]

// Graph is a resource's children as Needs and Schedule take them.
func Graph[K ~string, C ~struct {
	Kind      K
	Key       string
	DependsOn []string
}](children []C) []Child {
	out := make([]Child, len(children))
	for i, c := range children {
		n := Node[K](c)
		out[i] = Child{Kind: string(n.Kind), Key: n.Key, DependsOn: n.DependsOn}
	}
	return out
}

// Step creates or repairs the children of its Kinds. It runs once the
// steps owning the kinds its children depend on have succeeded, and the
// steps named in After (phases that own no kind, such as a re-tag).
type Step struct {
	Name  string
	Kinds []string
	After []string
	Run   func(context.Context) error
}

// ErrSkipped marks a step not run because a step it needs failed.
var ErrSkipped = errors.New("skipped")

// Needs derives, for every step, the steps it waits for: the owners of the
// kinds its children depend on (its own kinds aside), plus After. It
// refuses a child kind owned by no step or by two, a dependency on a key
// no child has, an unknown or duplicate step name, and a cycle.
func Needs(children []Child, steps []Step) (map[string][]string, error) {
	owner := map[string]string{} // kind -> step
	names := map[string]bool{}
	var errs []error
	for _, s := range steps {
		if names[s.Name] {
			errs = append(errs, fmt.Errorf("step %s listed twice", s.Name))
		}
		names[s.Name] = true
		for _, k := range s.Kinds {
			if o, ok := owner[k]; ok {
				errs = append(errs, fmt.Errorf("kind %s is owned by steps %s and %s", k, o, s.Name))
				continue
			}
			owner[k] = s.Name
		}
	}
	kindOf := make(map[string]string, len(children))
	for _, c := range children {
		kindOf[c.Key] = c.Kind
		if _, ok := owner[c.Kind]; !ok {
			errs = append(errs, fmt.Errorf("child %s: kind %s is owned by no step", c.Key, c.Kind))
		}
	}
	needs := make(map[string][]string, len(steps))
	add := func(s, n string) {
		if n != s && !slices.Contains(needs[s], n) {
			needs[s] = append(needs[s], n)
		}
	}
	for _, c := range children {
		s, ok := owner[c.Kind]
		if !ok {
			continue
		}
		for _, d := range c.DependsOn {
			k, ok := kindOf[d]
			if !ok {
				errs = append(errs, fmt.Errorf("child %s depends on %s, which is no child", c.Key, d))
				continue
			}
			if n, ok := owner[k]; ok {
				add(s, n)
			}
		}
	}
	for _, s := range steps {
		for _, a := range s.After {
			if !names[a] {
				errs = append(errs, fmt.Errorf("step %s runs after %s, which is no step", s.Name, a))
				continue
			}
			add(s.Name, a)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, s := range steps {
		slices.Sort(needs[s.Name])
	}
	if c := cycle(steps, needs); c != nil {
		return nil, fmt.Errorf("steps form a cycle: %s", strings.Join(c, " -> "))
	}
	return needs, nil
}

// cycle returns one cycle of the step graph, nil when there is none.
func cycle(steps []Step, needs map[string][]string) []string {
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var path []string
	var found []string
	var visit func(string) bool
	visit = func(n string) bool {
		switch state[n] {
		case done:
			return false
		case visiting:
			i := slices.Index(path, n)
			found = append(slices.Clone(path[i:]), n)
			return true
		}
		state[n] = visiting
		path = append(path, n)
		for _, m := range needs[n] {
			if visit(m) {
				return true
			}
		}
		path = path[:len(path)-1]
		state[n] = done
		return false
	}
	for _, s := range steps {
		if visit(s.Name) {
			return found
		}
	}
	return nil
}

// Schedule runs every step in its own goroutine as soon as the steps it
// needs (Needs) have succeeded, so an apply takes about as long as its
// longest chain of dependent calls. A step whose dependency failed is
// skipped; independent branches go on, so more progress is recorded. It
// returns every failure, joined. A step that owns exactly one child runs
// with that child's key in its context (awsclient.WithChild); the owner
// is the one ctx carries.
func Schedule(ctx context.Context, children []Child, steps []Step) error {
	needs, err := Needs(children, steps)
	if err != nil {
		return err
	}
	keys := map[string][]string{} // step -> keys of its children
	for _, s := range steps {
		for _, c := range children {
			if slices.Contains(s.Kinds, c.Kind) {
				keys[s.Name] = append(keys[s.Name], c.Key)
			}
		}
	}
	done := make(map[string]chan struct{}, len(steps))
	errs := make(map[string]*error, len(steps))
	for _, s := range steps {
		done[s.Name], errs[s.Name] = make(chan struct{}), new(error)
	}
	var wg sync.WaitGroup
	for _, s := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[s.Name])
			for _, n := range needs[s.Name] {
				<-done[n] // the close makes *errs[n] visible
				if *errs[n] != nil {
					*errs[s.Name] = ErrSkipped
					return
				}
			}
			if err := ctx.Err(); err != nil {
				*errs[s.Name] = err
				return
			}
			sctx := ctx
			if k := keys[s.Name]; len(k) == 1 {
				sctx = awsclient.WithChild(ctx, k[0], "")
			}
			*errs[s.Name] = s.Run(sctx)
		}()
	}
	wg.Wait()
	var all []error
	for _, s := range steps {
		if err := *errs[s.Name]; err != nil && !errors.Is(err, ErrSkipped) {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}

// DefaultParallelism bounds Each when the caller gives no bound.
const DefaultParallelism = 16

// Each runs fn for every key, at most parallelism at a time (<= 0:
// DefaultParallelism), each with the key and owner in its context
// (awsclient.WithChild). It returns every error, joined.
func Each(ctx context.Context, parallelism int, owner string, keys []string, fn func(context.Context, string) error) error {
	if parallelism <= 0 {
		parallelism = DefaultParallelism
	}
	sem := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	errs := make([]error, len(keys))
	for i, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = fn(awsclient.WithChild(ctx, k, owner), k)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// All runs fns at once and returns every error, joined: the independent
// reads of one child kind or one resource.
func All(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = fn() }()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Fail is the error of one child: what was being done (action) to which
// child (kind, key) of which resource instance (resource, name).
func Fail(action, kind, key, resource, name string, err error) error {
	return &awsclient.ChildError{Action: action, Kind: kind, Key: key, Resource: resource, Name: name, Err: err}
}

// Kinds lists a package's typed child kinds as the strings Step.Kinds holds.
func Kinds[K ~string](k ...K) []string {
	out := make([]string, len(k))
	for i, x := range k {
		out[i] = string(x)
	}
	return out
}

// CheckOwners reports every kind of all that is owned by no step or by
// more than one: a package's test that its steps cover every kind it
// declares, whether or not a given layout has children of it.
func CheckOwners(all []string, steps []Step) error {
	owned := map[string]int{}
	for _, s := range steps {
		for _, k := range s.Kinds {
			owned[k]++
		}
	}
	var errs []error
	for _, k := range all {
		if owned[k] != 1 {
			errs = append(errs, fmt.Errorf("kind %s is owned by %d steps, want 1", k, owned[k]))
		}
	}
	return errors.Join(errs...)
}
