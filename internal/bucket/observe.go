package bucket

import (
	"context"
	"sync"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Observed is what exists of one hipaa_bucket.
type Observed struct {
	Buckets map[string]*s3bucket.State // by key; nil entry = missing
	Role    *servicerole.State         // nil without replication, or when missing
	// Replications are the replication rules, by child key
	// (KeyReplication, KeyAccessLogReplication); nil entry: absent.
	Replications map[string]*s3bucket.Replication
}

// Observe reads every bucket's settings (s3bucket.Read: one call per
// setting, those the layout configures; S3 has no batch read), the
// replication role and the replication rules, all at once. A
// missing data bucket is NotFound; one without this owner's tag is a
// tags.ForeignError.
func Observe(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	x := Executor{c}
	o := &Observed{Buckets: map[string]*s3bucket.State{}, Replications: map[string]*s3bucket.Replication{}}
	var mu sync.Mutex
	keys := make([]string, 0, 6)
	for _, b := range l.Buckets() {
		keys = append(keys, b.Key)
	}
	if l.Role != nil {
		keys = append(keys, KeyRole)
	}
	reps := map[string]replication{}
	for _, r := range l.replications() {
		keys, reps[r.key] = append(keys, r.key), r
	}
	bs := map[string]Bucket{}
	for _, b := range l.Buckets() {
		bs[b.Key] = b
	}
	err := executor.Each(ctx, 0, l.Owner, keys, func(ctx context.Context, key string) error {
		switch key {
		case KeyRole:
			st, err := servicerole.Read(ctx, c.IAM, *l.Role)
			if err != nil && !awsclient.IsNotFound(err) {
				return x.fail("reading", "IAM role", key, l, err)
			}
			mu.Lock()
			o.Role = st
			mu.Unlock()
		case KeyReplication, KeyAccessLogReplication:
			r, err := s3bucket.ReadReplication(ctx, c.S3, reps[key].source, reps[key].rule.RuleID)
			if err != nil && !awsclient.HasCode(err, "NoSuchBucket") {
				return x.fail("reading", "bucket replication", key, l, err)
			}
			mu.Lock()
			o.Replications[key] = r
			mu.Unlock()
		default:
			b := bs[key]
			s3c, _ := x.s3For(l, b)
			st, err := s3bucket.Read(ctx, s3c, b, l.Owner)
			if err != nil {
				return x.fail("reading", "bucket", key, l, err)
			}
			mu.Lock()
			o.Buckets[key] = st
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	switch d := o.Buckets[KeyData]; {
	case d == nil:
		return nil, &awsclient.NotFoundError{Kind: "bucket", ID: l.BucketName}
	case !d.OwnerTagMatches:
		return nil, &tags.ForeignError{Kind: "bucket", Name: l.BucketName, Owner: l.Owner}
	}
	return o, nil
}

// Drift lists how the observed children differ from the layout, each line
// naming the child and the control.
func Drift(l Layout, o *Observed) []string {
	var d []string
	for _, b := range l.Buckets() {
		d = append(d, s3bucket.Drift(b, o.Buckets[b.Key])...)
	}
	if l.Role != nil {
		d = append(d, servicerole.Drift(*l.Role, o.Role)...)
	}
	for _, r := range l.replications() {
		d = append(d, s3bucket.ReplicationDrift(r.source, *r.rule, o.Replications[r.key])...)
	}
	return d
}

// Calls is how many AWS calls Observe makes for l when every child exists:
// what a refresh costs.
func Calls(l Layout) int {
	n := 0
	for _, b := range l.Buckets() {
		n += s3bucket.ReadCalls(b)
	}
	if l.Role != nil {
		n += servicerole.ReadCalls(*l.Role)
	}
	n += len(l.replications()) // GetBucketReplication
	return n
}
