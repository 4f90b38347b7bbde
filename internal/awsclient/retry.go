package awsclient

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

type middlewareStack = middleware.Stack

// newRetryer retries throttling, 5xx, S3's OperationAborted and transient
// connection errors with exponential backoff and jitter, up to maxAttempts
// attempts, without a client-side rate-limit token bucket (which would fail
// fast under sustained throttling). An unreachable endpoint (connection
// refused, unknown host) is not retried: it will not heal within the
// backoff, and the user must act.
// Every retry is logged.
func newRetryer(maxAttempts int) aws.Retryer {
	std := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		o.MaxBackoff = 20 * time.Second
		o.RateLimiter = noRateLimit{}
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(notUnreachable)}, o.Retryables...)
		// S3 answers OperationAborted to a bucket setting written while
		// another of the same bucket is in progress (s3bucket.Ensure writes
		// them at once).
		o.Retryables = append(o.Retryables, retry.RetryableErrorCode{Codes: map[string]struct{}{"OperationAborted": {}}})
	})
	return loggingRetryer{std}
}

// notUnreachable vetoes retries of an endpoint that cannot be reached.
func notUnreachable(err error) aws.Ternary {
	if _, ok := unreachable(err); ok {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

// loggingRetryer logs each retry. The SDK asks for a retry token only once
// it has decided to retry, with the request's context, so the log lands in
// terraform's provider log.
type loggingRetryer struct{ aws.RetryerV2 }

func (r loggingRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	if n, ok := middleware.GetStackValue(ctx, attemptsKey{}).(*atomic.Int32); ok {
		n.Add(1)
	}
	return r.RetryerV2.GetAttemptToken(ctx)
}

func (r loggingRetryer) GetRetryToken(ctx context.Context, err error) (func(error) error, error) {
	fields := map[string]any{
		"service":      awsmiddleware.GetServiceID(ctx),
		"operation":    awsmiddleware.GetOperationName(ctx),
		"max_attempts": r.MaxAttempts(),
		"reason":       retryReason(err),
	}
	if n, ok := middleware.GetStackValue(ctx, attemptsKey{}).(*atomic.Int32); ok {
		fields["attempt"] = n.Load()
	}
	tflog.Warn(ctx, "retrying AWS call", fields)
	return r.RetryerV2.GetRetryToken(ctx, err)
}

// retryReason names why a call failed, without its body: the AWS error code
// and HTTP status, or the transport error.
func retryReason(err error) string {
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) {
		return transportCause(err).Error()
	}
	status := "HTTP " + strconv.Itoa(re.HTTPStatusCode())
	if code := ErrorCode(err); code != "" {
		return code + " (" + status + ")"
	}
	return status
}

// attemptsKey holds the attempt counter of one call.
type attemptsKey struct{}

// countAttempts gives each call an attempt counter, which the retryer
// advances and logs.
type countAttempts struct{}

func (countAttempts) ID() string { return "HipaaCountAttempts" }

func (countAttempts) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	return next.HandleFinalize(middleware.WithStackValue(ctx, attemptsKey{}, new(atomic.Int32)), in)
}

// noRateLimit disables the SDK's client-side retry token bucket: the provider
// prefers to keep retrying throttled calls with backoff until max_retries.
type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}

func (noRateLimit) AddTokens(uint) error { return nil }
