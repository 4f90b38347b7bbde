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
