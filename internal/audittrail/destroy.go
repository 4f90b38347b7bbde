package audittrail

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Kept is what a destroy left in place, for the warning.
type Kept struct {
	Buckets  []string
	LogGroup string
	Locked   map[string]int // bucket -> object versions still under Object Lock
	Role     string         // the replication role, kept with the buckets so replication goes on
}

// Destroy stops and deletes the trail and its role. The audit evidence —
// the buckets, their replicas and the log group — is kept unless the
// layout says otherwise, with the replication rules and role so that
// replication goes on. Otherwise the replication rules and role are
// removed, and the buckets emptied of every version Object Lock allows to
// delete; a bucket still holding locked versions is kept.
func (x Executor) Destroy(ctx context.Context, l Layout) (Kept, error) {
	kept := Kept{Locked: map[string]int{}}
	c := x.CloudTrail
	_, err := c.GetTrail(ctx, &cloudtrail.GetTrailInput{Name: aws.String(l.TrailName)})
	switch {
	case notFoundTrail(err): // never created, or already gone
	case err != nil:
		return kept, x.fail("reading", "trail", KeyTrail, l, err)
	default:
		if err := x.deleteTrail(ctx, l); err != nil {
			return kept, err
		}
	}
	if err := x.deleteRole(ctx, l); err != nil {
		return kept, err
	}
	if !l.RetainOnDestroy {
		if err := s3bucket.StopReplicas(ctx, x.IAM, x.S3, l.owner(), KeyReplicationRole, l.Replicas, nil); err != nil {
			return kept, err
		}
	}
	return x.deleteEvidence(ctx, l, kept)
}

func (x Executor) deleteTrail(ctx context.Context, l Layout) error {
	c := x.CloudTrail
	if _, err := c.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String(l.TrailName)}); err != nil && !notFoundTrail(err) {
		return x.fail("stopping", "trail", KeyTrail, l, err)
	}
	if _, err := c.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: aws.String(l.TrailName)}); err != nil && !notFoundTrail(err) {
		return x.fail("deleting", "trail", KeyTrail, l, err)
	}
	return nil
}

// deleteEvidence keeps or removes the buckets and the log group.
func (x Executor) deleteEvidence(ctx context.Context, l Layout, kept Kept) (Kept, error) {
	if l.RetainOnDestroy {
		for _, b := range l.Buckets() {
			kept.Buckets = append(kept.Buckets, b.Name)
		}
		if l.Replicas != nil {
			kept.Role = l.Replicas.Role.RoleName
		}
		kept.LogGroup = l.LogGroupName
		return kept, nil
	}
	if err := loggroup.Delete(ctx, x.Logs, l.LogGroupName, false); err != nil {
		return kept, x.fail("deleting", "log group", KeyLogGroup, l, err)
	}
	s3For := x.s3For(l)
	for _, b := range l.Buckets() {
		c, _ := s3For(b)
		locked, err := s3bucket.Delete(ctx, c, b.Name)
		var be *s3bucket.Error
		if errors.As(err, &be) {
			return kept, x.fail(be.Action, "bucket", b.Key, l, be.Err)
		}
		if locked > 0 {
			kept.Buckets, kept.Locked[b.Name] = append(kept.Buckets, b.Name), locked
		}
	}
	return kept, nil
}

func (x Executor) deleteRole(ctx context.Context, l Layout) error {
	if err := servicerole.Delete(ctx, x.IAM, l.role()); err != nil {
		return x.fail("deleting", "IAM role", KeyRole, l, err)
	}
	return nil
}

func notFoundTrail(err error) bool {
	var nf *cttypes.TrailNotFoundException
	return errors.As(err, &nf)
}

// Warning describes what a destroy kept.
func (k Kept) Warning() string {
	if len(k.Buckets) == 0 && k.LogGroup == "" {
		return ""
	}
	s := "Audit evidence kept: "
	for _, b := range k.Buckets {
		s += "bucket " + b
		if n := k.Locked[b]; n > 0 {
			s += fmt.Sprintf(" (%d object versions under Object Lock, COMPLIANCE mode: nobody can delete them before their retention ends)", n)
		}
		s += "; "
	}
	if k.LogGroup != "" {
		s += "log group " + k.LogGroup + "; "
	}
	if k.Role != "" {
		s += "the replication role " + k.Role + ", so replication goes on; "
	}
	return s + "delete them yourself once their retention obligations end, or set retain_on_destroy = false and apply before destroying."
}

// StopReplication removes, after an update from prior to next, the
// replication rules and role when next no longer replicates. The replicas
// are kept with what they hold.
func (x Executor) StopReplication(ctx context.Context, prior, next Layout) error {
	return s3bucket.StopReplicas(ctx, x.IAM, x.S3, prior.owner(), KeyReplicationRole, prior.Replicas, next.Replicas)
}
