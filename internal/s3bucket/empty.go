package s3bucket

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Empty deletes every object version Object Lock allows and counts the
// ones it does not. The TLS-only policy goes first: the emulator refuses
// object calls under it (ARCHITECTURE.md, "Testing against the emulator"), and the bucket is
// being deleted anyway. A missing bucket is empty.
func Empty(ctx context.Context, c *s3.Client, name string) (locked int, err error) {
	if _, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(name)}); err != nil {
		if awsclient.HasCode(err, "NoSuchBucket") {
			return 0, nil
		}
		return 0, &Error{"removing the policy of", err}
	}
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, &Error{"listing the objects of", err}
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		for _, id := range ids { // one by one: a locked version fails alone
			_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(name), Key: id.Key, VersionId: id.VersionId})
			if err != nil {
				if awsclient.HasCode(err, "AccessDenied", "InvalidRequest") {
					locked++
					continue
				}
				return 0, &Error{"deleting an object of", err}
			}
		}
	}
	return locked, nil
}

// Delete empties the bucket and deletes it unless objects under Object
// Lock remain; it returns how many remain.
func Delete(ctx context.Context, c *s3.Client, name string) (locked int, err error) {
	if locked, err = Empty(ctx, c, name); err != nil || locked > 0 {
		return locked, err
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)}); err != nil && !awsclient.HasCode(err, "NoSuchBucket") {
		return 0, &Error{"deleting", err}
	}
	return 0, nil
}

// Versions counts the bucket's object versions and delete markers, up to
// limit (a missing bucket holds none). It never deletes one.
func Versions(ctx context.Context, c *s3.Client, name string, limit int) (int, error) {
	n := 0
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: aws.String(name)})
	for p.HasMorePages() && n < limit {
		page, err := p.NextPage(ctx)
		if awsclient.HasCode(err, "NoSuchBucket") {
			return 0, nil
		}
		if err != nil {
			return 0, &Error{"listing the objects of", err}
		}
		n += len(page.Versions) + len(page.DeleteMarkers)
	}
	return n, nil
}

// DeleteEmpty deletes the bucket; S3 refuses one that holds any object
// version (BucketNotEmpty), so no object is ever deleted here. A missing
// bucket is gone already.
func DeleteEmpty(ctx context.Context, c *s3.Client, name string) error {
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)}); err != nil && !awsclient.HasCode(err, "NoSuchBucket") {
		return &Error{"deleting", err}
	}
	return nil
}
