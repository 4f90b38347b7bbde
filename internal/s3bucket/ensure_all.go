package s3bucket

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Owner names the resource whose children are being ensured, for errors.
type Owner struct {
	Tag            string // the hipaa:owner tag value
	Resource, Name string // "hipaa_audit_trail", "main"
}

// EnsureAll ensures every bucket at once (EnsureAfter). A bucket's settings
// wait for the bucket it logs to when that one is in bs, and are skipped
// when that one failed (only that one's error is reported). client gives
// each bucket's S3 client and region; done receives each bucket ensured.
// The error joins the failed buckets', each naming its step and child key.
func EnsureAll(ctx context.Context, bs []Bucket, o Owner, client func(Bucket) (*s3.Client, string), done func(Bucket)) error {
	finished := make([]chan struct{}, len(bs))
	errs := make([]error, len(bs))
	byName := map[string]int{}
	for i, b := range bs {
		finished[i], byName[b.Name] = make(chan struct{}), i
	}
	var wg sync.WaitGroup
	for i, b := range bs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(finished[i])
			ready := func() error {
				if j, ok := byName[b.LoggingTarget]; ok && j != i {
					if <-finished[j]; errs[j] != nil {
						return executor.ErrSkipped
					}
				}
				return nil
			}
			c, region := client(b)
			err := EnsureAfter(awsclient.WithChild(ctx, b.Key, ""), c, b, o.Tag, region, ready)
			switch {
			case errors.Is(err, executor.ErrSkipped):
			case err == nil:
				done(b)
			default:
				errs[i] = o.Fail(b, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Fail names the failed step on bucket b: a bucket of another owner is a
// tags.ForeignError; an Error names its step.
func (o Owner) Fail(b Bucket, err error) error {
	var be *Error
	switch {
	case errors.Is(err, ErrNotOurs):
		return executor.Fail("adopting", "bucket", b.Key, o.Resource, o.Name, &tags.ForeignError{Kind: "bucket", Name: b.Name, Owner: o.Tag})
	case errors.As(err, &be):
		return executor.Fail(be.Action, "bucket", b.Key, o.Resource, o.Name, be.Err)
	}
	return executor.Fail("applying", "bucket", b.Key, o.Resource, o.Name, err)
}
