package wait

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func seq(states ...string) StatusFunc {
	i := 0
	return func(context.Context) (string, error) {
		s := states[min(i, len(states)-1)]
		i++
		return s, nil
	}
}

var fast = Options{Target: []string{"available"}, Pending: []string{"pending"}, Delay: time.Millisecond, MaxDelay: 2 * time.Millisecond, Timeout: time.Second}

func TestFor_reachesTarget(t *testing.T) {
	got, err := For(context.Background(), "x", seq("pending", "pending", "available"), fast)
	if err != nil || got != "available" {
		t.Fatalf("%q %v", got, err)
	}
}

func TestFor_failedStateIsAnError(t *testing.T) {
	_, err := For(context.Background(), "NAT gateway nat-1", seq("pending", "failed"), fast)
	if err == nil || !strings.Contains(err.Error(), `unexpected state "failed"`) {
		t.Fatal(err)
	}
}

func TestFor_timeoutAndErrors(t *testing.T) {
	o := fast
	o.Timeout = 20 * time.Millisecond
	if _, err := For(context.Background(), "x", seq("pending"), o); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("timeout: %v", err)
	}
	boom := errors.New("boom")
	if _, err := For(context.Background(), "x", func(context.Context) (string, error) { return "", boom }, fast); !errors.Is(err, boom) {
		t.Fatalf("status error: %v", err)
	}
}

// Retry retries only what retryable accepts, returns the first other
// error unwrapped, and a retryable error that outlasts the timeout.
func TestRetry(t *testing.T) {
	busy, broken := errors.New("busy"), errors.New("broken")
	isBusy := func(err error) bool { return errors.Is(err, busy) }
	o := Options{Delay: time.Millisecond, MaxDelay: time.Millisecond, Timeout: time.Second}
	n := 0
	if err := Retry(context.Background(), "x", isBusy, func(context.Context) error {
		if n++; n < 3 {
			return busy
		}
		return nil
	}, o); err != nil || n != 3 {
		t.Errorf("busy twice then done: err %v after %d tries, want nil after 3", err, n)
	}
	n = 0
	if err := Retry(context.Background(), "x", isBusy, func(context.Context) error { n++; return broken }, o); err != broken || n != 1 {
		t.Errorf("broken: err %v after %d tries, want broken after 1", err, n)
	}
	o.Timeout = 20 * time.Millisecond
	if err := Retry(context.Background(), "x", isBusy, func(context.Context) error { return busy }, o); err != busy {
		t.Errorf("busy until the timeout: err %v, want busy", err)
	}
}
