package bucket

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// maxCount bounds the count a refusal reports ("1000 or more").
const maxCount = 1000

// Kept is what a destroy left in place, for the warning.
type Kept struct {
	Buckets []string       // every bucket when retained; else the access-log buckets that hold logs
	Objects map[string]int // bucket -> object versions, for the access-log buckets kept
	Role    string         // the replication role, kept with the buckets so replication goes on
}

// NotEmptyError refuses to destroy buckets that hold objects: destroy never
// deletes an object.
type NotEmptyError struct {
	Objects map[string]int // bucket -> object versions and delete markers (maxCount: that many or more)
}

func (e *NotEmptyError) Error() string {
	var parts []string
	for _, b := range slices.Sorted(maps.Keys(e.Objects)) {
		n := fmt.Sprint(e.Objects[b])
		if e.Objects[b] >= maxCount {
			n += " or more"
		}
		parts = append(parts, fmt.Sprintf("%s holds %s object versions", b, n))
	}
	return strings.Join(parts, "; ") + ": destroy never deletes an object. Move or delete the objects yourself " +
		"(Object Lock and the bucket policy permitting), or keep the buckets with retain_on_destroy = true"
}

// Destroy never deletes an object. With RetainOnDestroy (the default) it
// deletes nothing and keeps every bucket, the replication rule and its
// role, so replication goes on. Otherwise it counts the PHI buckets'
// objects (the bucket and its replica) first and refuses, deleting
// nothing, when either holds one; then it removes the replication rule
// and the role, deletes the PHI buckets, and deletes each access-log
// bucket that is empty, keeping the ones that hold logs (AUD-07 evidence).
func (x Executor) Destroy(ctx context.Context, l Layout) (Kept, error) {
	k := Kept{Objects: map[string]int{}}
	if l.RetainOnDestroy {
		for _, b := range l.Buckets() {
			k.Buckets = append(k.Buckets, b.Name)
		}
		if l.Role != nil {
			k.Role = l.Role.RoleName
		}
		return k, nil
	}
	full := map[string]int{}
	for _, b := range l.phiBuckets() {
		n, err := x.count(ctx, l, b)
		if err != nil {
			return k, err
		}
		if n > 0 {
			full[b.Name] = n
		}
	}
	if len(full) > 0 {
		return k, x.fail("deleting", "bucket", KeyData, l, &NotEmptyError{Objects: full})
	}
	if err := x.deleteReplications(ctx, l); err != nil {
		return k, err
	}
	if l.Role != nil {
		if err := servicerole.Delete(ctx, x.IAM, *l.Role); err != nil {
			return k, x.fail("deleting", "IAM role", KeyRole, l, err)
		}
	}
	for _, b := range l.phiBuckets() {
		if err := x.deleteEmpty(ctx, l, b); err != nil {
			return k, err
		}
	}
	for _, b := range []*Bucket{l.AccessLogs, l.ReplicaAccessLogs} {
		if b == nil {
			continue
		}
		n, err := x.count(ctx, l, *b)
		switch {
		case err != nil:
			return k, err
		case n > 0:
			k.Buckets, k.Objects[b.Name] = append(k.Buckets, b.Name), n
		default:
			if err := x.deleteEmpty(ctx, l, *b); err != nil {
				return k, err
			}
		}
	}
	return k, nil
}

// phiBuckets are the buckets that hold PHI: the bucket and its replica.
func (l Layout) phiBuckets() []Bucket {
	out := []Bucket{l.Data}
	if l.Replica != nil {
		out = append(out, *l.Replica)
	}
	return out
}

func (x Executor) count(ctx context.Context, l Layout, b Bucket) (int, error) {
	c, _ := x.s3For(l, b)
	n, err := s3bucket.Versions(ctx, c, b.Name, maxCount)
	if err != nil {
		return 0, x.bucketError(l, b, err)
	}
	return n, nil
}

func (x Executor) deleteEmpty(ctx context.Context, l Layout, b Bucket) error {
	c, _ := x.s3For(l, b)
	if err := s3bucket.DeleteEmpty(ctx, c, b.Name); err != nil {
		return x.bucketError(l, b, err)
	}
	return nil
}

// Warning describes what a destroy kept.
func (k Kept) Warning() string {
	if len(k.Buckets) == 0 {
		return ""
	}
	if len(k.Objects) > 0 {
		var parts []string
		for _, b := range k.Buckets {
			parts = append(parts, fmt.Sprintf("%s (%d object versions)", b, k.Objects[b]))
		}
		return "Access logs kept (AUD-07 evidence): " + strings.Join(parts, ", ") + ". Delete them yourself once their retention obligations end."
	}
	s := "PHI kept (retain_on_destroy = true): buckets " + strings.Join(k.Buckets, ", ")
	if k.Role != "" {
		s += ", and the replication role " + k.Role + " so replication goes on"
	}
	return s + ". Delete them yourself once their retention obligations end, or set retain_on_destroy = false, empty the buckets and destroy again."
}

// StopReplication removes, after an update from prior to next, the
// replication rules of prior's buckets that next does not replicate (all of
// them when next drops replication; the old access-log bucket's when
// access_log_bucket now names another), and the role when next has none.
// Replicas, and the buckets whose rules go, are kept with what they hold.
func (x Executor) StopReplication(ctx context.Context, prior, next Layout) error {
	keep := map[string]bool{}
	for _, r := range next.replications() {
		keep[r.source] = true
	}
	for _, r := range prior.replications() {
		if keep[r.source] {
			continue
		}
		if err := s3bucket.DeleteReplication(ctx, x.S3, r.source); err != nil {
			return x.fail("deleting the replication of", "bucket", r.key, prior, err)
		}
	}
	if prior.Role != nil && next.Role == nil {
		if err := servicerole.Delete(ctx, x.IAM, *prior.Role); err != nil {
			return x.fail("deleting", "IAM role", KeyRole, prior, err)
		}
	}
	return nil
}

// deleteReplications removes the replication rules of l's buckets.
func (x Executor) deleteReplications(ctx context.Context, l Layout) error {
	for _, r := range l.replications() {
		if err := s3bucket.DeleteReplication(ctx, x.S3, r.source); err != nil {
			return x.fail("deleting the replication of", "bucket", r.key, l, err)
		}
	}
	return nil
}
