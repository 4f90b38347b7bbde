// Package wait polls a status function with capped exponential backoff until
// a target state, a failure state, the timeout, or context cancellation.
package wait

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// StatusFunc returns the object's current state; "" with a nil error means
// the object does not exist (yet / any more).
type StatusFunc func(ctx context.Context) (state string, err error)

// Options of one wait.
type Options struct {
	Target   []string      // states that end the wait successfully
	Pending  []string      // states that keep waiting; any other state fails
	Timeout  time.Duration // total time allowed
	Delay    time.Duration // first poll interval (default 2s)
	MaxDelay time.Duration // cap of the backoff (default 30s)
	Progress func(state string, elapsed time.Duration)
}

// For polls f until it reports a Target state. A state neither pending nor
// target (e.g. "failed") is an error, never "done".
func For(ctx context.Context, what string, f StatusFunc, o Options) (string, error) {
	o = o.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	start, delay := time.Now(), o.Delay
	for {
		state, err := f(ctx)
		if err != nil {
			return state, fmt.Errorf("waiting for %s: %w", what, err)
		}
		if slices.Contains(o.Target, state) {
			return state, nil
		}
		if !slices.Contains(o.Pending, state) {
			return state, fmt.Errorf("waiting for %s: unexpected state %q (want %v)", what, state, o.Target)
		}
		if o.Progress != nil {
			o.Progress(state, time.Since(start))
		}
		select {
		case <-ctx.Done():
			return state, fmt.Errorf("waiting for %s: still %q after %s: %w", what, state, time.Since(start).Round(time.Second), ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, o.MaxDelay)
	}
}

// Retry runs fn until it succeeds or fails with an error retryable does
// not accept (returned as is), polling with For's backoff; o's Target and
// Pending are its own. An error retryable accepts that outlasts the
// timeout is returned too.
func Retry(ctx context.Context, what string, retryable func(error) bool, fn func(context.Context) error, o Options) error {
	var last error
	o.Target, o.Pending = []string{"done"}, []string{"pending"}
	_, err := For(ctx, what, func(ctx context.Context) (string, error) {
		if last = fn(ctx); last != nil && retryable(last) {
			return "pending", nil
		}
		return "done", last
	}, o)
	if last != nil {
		return last
	}
	return err
}

func (o Options) withDefaults() Options {
	if o.Timeout == 0 {
		o.Timeout = 20 * time.Minute
	}
	if o.Delay == 0 {
		o.Delay = 2 * time.Second
	}
	if o.MaxDelay == 0 {
		o.MaxDelay = 30 * time.Second
	}
	return o
}
