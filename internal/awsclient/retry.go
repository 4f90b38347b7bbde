package awsclient

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

type middlewareStack = middleware.Stack

// noRateLimit disables the SDK's client-side retry token bucket: the provider
// prefers to keep retrying throttled calls with backoff until max_retries.
type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}

func (noRateLimit) AddTokens(uint) error { return nil }
