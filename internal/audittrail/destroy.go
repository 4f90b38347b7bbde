package audittrail

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Kept is what a destroy left in place, for the warning.
type Kept struct {
	Buckets  []string
	LogGroup string
	Locked   map[string]int // bucket -> object versions still under Object Lock
}

// Destroy stops and deletes the trail and its role. The audit evidence —
// both buckets and the log group — is kept unless the layout says
// otherwise; then the buckets are emptied of every version Object Lock
// allows to delete, and a bucket still holding locked versions is kept.
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
		kept.Buckets, kept.LogGroup = []string{l.LogBucket.Name, l.AccessBucket.Name}, l.LogGroupName
		return kept, nil
	}
	if _, err := x.Logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(l.LogGroupName)}); err != nil &&
		!awsclient.HasCode(err, "ResourceNotFoundException") {
		return kept, x.fail("deleting", "log group", KeyLogGroup, l, err)
	}
	for _, b := range []Bucket{l.LogBucket, l.AccessBucket} {
		locked, err := x.emptyBucket(ctx, l, b)
		if err != nil {
			return kept, err
		}
		if locked > 0 {
			kept.Buckets, kept.Locked[b.Name] = append(kept.Buckets, b.Name), locked
			continue
		}
		if _, err := x.S3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(b.Name)}); err != nil && !awsclient.HasCode(err, "NoSuchBucket") {
			return kept, x.fail("deleting", "bucket", b.Key, l, err)
		}
	}
	return kept, nil
}

// emptyBucket deletes every object version Object Lock allows and counts
// the ones it does not. The TLS-only policy goes first: the emulator
// refuses object calls under it (shared/notes/aws-emulator.md), and the
// bucket is being deleted anyway.
func (x Executor) emptyBucket(ctx context.Context, l Layout, b Bucket) (int, error) {
	if _, err := x.S3.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(b.Name)}); err != nil {
		if awsclient.HasCode(err, "NoSuchBucket") {
			return 0, nil
		}
		return 0, x.fail("removing the policy of", "bucket", b.Key, l, err)
	}
	locked := 0
	p := s3.NewListObjectVersionsPaginator(x.S3, &s3.ListObjectVersionsInput{Bucket: aws.String(b.Name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, x.fail("listing the objects of", "bucket", b.Key, l, err)
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		for _, id := range ids { // one by one: a locked version fails alone
			_, err := x.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.Name), Key: id.Key, VersionId: id.VersionId})
			if err != nil {
				if awsclient.HasCode(err, "AccessDenied", "InvalidRequest") {
					locked++
					continue
				}
				return 0, x.fail("deleting an object of", "bucket", b.Key, l, err)
			}
		}
	}
	return locked, nil
}

func (x Executor) deleteRole(ctx context.Context, l Layout) error {
	_, err := x.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(l.RoleName), PolicyName: aws.String(l.RolePolicyName)})
	var nf *iamtypes.NoSuchEntityException
	if err != nil && !errors.As(err, &nf) {
		return x.fail("deleting the policy of", "IAM role", KeyRolePolicy, l, err)
	}
	if _, err := x.IAM.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(l.RoleName)}); err != nil && !errors.As(err, &nf) {
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
	return s + "delete them yourself once their retention obligations end, or set retain_on_destroy = false and apply before destroying."
}
