package acctest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// TestReplicationFix: a replication rule put through a proxy reads back
// with the delete-marker replication and the SSE-KMS source criteria it
// was put with (moto 5.2.1 drops the one and answers the other Disabled:
// emulatorfix_s3.go); one written straight to the emulator reads back as
// moto has it; a reset forgets what was kept.
func TestReplicationFix(t *testing.T) {
	needHarness(t)
	ctx := context.Background()
	via := s3.NewFromConfig(viaProxy(NewProxy(t)), func(o *s3.Options) { o.UsePathStyle = true })
	raw := s3.NewFromConfig(harness.awsConfig(), func(o *s3.Options) { o.UsePathStyle = true })
	buckets := func() {
		t.Helper()
		for _, b := range []string{"repl-src", "repl-dst"} {
			if _, err := raw.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b),
				VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	buckets()
	put := func(c *s3.Client) {
		t.Helper()
		_, err := c.PutBucketReplication(ctx, &s3.PutBucketReplicationInput{Bucket: aws.String("repl-src"), ReplicationConfiguration: &s3types.ReplicationConfiguration{
			Role: aws.String("arn:aws:iam::123456789012:role/r"), Rules: []s3types.ReplicationRule{{ID: aws.String("r1"), Priority: aws.Int32(1),
				Status: s3types.ReplicationRuleStatusEnabled, Filter: &s3types.ReplicationRuleFilter{Prefix: aws.String("")},
				DeleteMarkerReplication: &s3types.DeleteMarkerReplication{Status: s3types.DeleteMarkerReplicationStatusEnabled},
				SourceSelectionCriteria: &s3types.SourceSelectionCriteria{SseKmsEncryptedObjects: &s3types.SseKmsEncryptedObjects{Status: s3types.SseKmsEncryptedObjectsStatusEnabled}},
				Destination:             &s3types.Destination{Bucket: aws.String("arn:aws:s3:::repl-dst")}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	kept := func(c *s3.Client) bool {
		t.Helper()
		out, err := c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String("repl-src")})
		if err != nil {
			t.Fatal(err)
		}
		r := out.ReplicationConfiguration.Rules[0]
		if aws.ToString(r.ID) != "r1" || aws.ToString(r.Destination.Bucket) != "arn:aws:s3:::repl-dst" {
			t.Fatalf("rule %+v", r)
		}
		return r.DeleteMarkerReplication != nil && r.DeleteMarkerReplication.Status == s3types.DeleteMarkerReplicationStatusEnabled &&
			r.SourceSelectionCriteria != nil && r.SourceSelectionCriteria.SseKmsEncryptedObjects != nil &&
			r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status == s3types.SseKmsEncryptedObjectsStatusEnabled
	}
	put(via)
	if !kept(via) {
		t.Error("a rule put through the proxy lost its delete-marker replication or SSE-KMS criteria")
	}
	if kept(raw) {
		t.Error("moto now keeps both elements: emulatorfix_s3.go can go")
	}
	Reset(t)
	buckets()
	put(raw)
	if kept(via) {
		t.Error("after a reset, a rule written straight to the emulator read back with what the harness kept before")
	}
}
