package acctest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// An account is one emulator a test holds alone. Parallel gives a test
// one for its whole run (subtests included), so the package-level
// functions (Reset, NewProxy, AWSConfig, Sweep, SweepCount) act on that
// account instead of the shared emulator. Accounts are reused: the shared
// emulator first (idle once the package's serial tests are done), then any
// a finished test gave back; only when none is free is another started
// (stopped by Main). Parallel never waits for an account: a test holding
// one may itself wait for its parallel subtests, which need go test's
// -parallel slots that waiting tests would hold.

// accounts is the pool Parallel leases from.
var accounts = struct {
	mu     sync.Mutex
	free   []*Emulator
	init   bool
	extra  []*Emulator          // the emulators the pool started
	leased map[string]*Emulator // by the name of the test that called Parallel
}{leased: map[string]*Emulator{}}

// Parallel marks t parallel with the package's other Parallel tests and
// gives it an account of its own until it ends, reset. A test that sets
// environment variables (t.Setenv) or shares objects with another test
// cannot use it.
func Parallel(t *testing.T) {
	t.Helper()
	PreCheck(t) // skips before pausing without TF_ACC
	t.Parallel()
	e, err := lease()
	if err != nil {
		t.Fatal("acctest:", err)
	}
	name := t.Name()
	accounts.mu.Lock()
	accounts.leased[name] = e
	accounts.mu.Unlock()
	t.Cleanup(func() {
		accounts.mu.Lock()
		delete(accounts.leased, name)
		accounts.free = append(accounts.free, e)
		accounts.mu.Unlock()
	})
	e.Reset(t)
}

// lease takes a free emulator, or starts one.
func lease() (*Emulator, error) {
	accounts.mu.Lock()
	if !accounts.init {
		accounts.init = true
		accounts.free = append(accounts.free, &harness)
	}
	if n := len(accounts.free); n > 0 {
		e := accounts.free[n-1]
		accounts.free = accounts.free[:n-1]
		accounts.mu.Unlock()
		return e, nil
	}
	accounts.mu.Unlock()
	e := &Emulator{}
	if err := e.start(""); err != nil {
		return nil, fmt.Errorf("starting an emulator for a parallel test: %w", err)
	}
	accounts.mu.Lock()
	accounts.extra = append(accounts.extra, e)
	accounts.mu.Unlock()
	return e, nil
}

// stopAccounts stops the emulators the pool started (Main, at the end).
func stopAccounts() {
	accounts.mu.Lock()
	defer accounts.mu.Unlock()
	for _, e := range accounts.extra {
		e.stop()
	}
	accounts.extra = nil
}

// current is the emulator t acts on: the account of t or of the nearest
// test above it that called Parallel, else the shared one.
func current(t testing.TB) *Emulator {
	accounts.mu.Lock()
	defer accounts.mu.Unlock()
	for name := t.Name(); ; {
		if e, ok := accounts.leased[name]; ok {
			return e
		}
		i := strings.LastIndex(name, "/")
		if i < 0 {
			return &harness
		}
		name = name[:i]
	}
}
