package s3bucket

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Replication is a bucket's one replication rule (STO-08): every object,
// SSE-KMS objects and delete markers included, replicated by RoleARN to
// DestinationBucketARN and encrypted there under ReplicaKMSKeyARN. An
// SSE-S3 bucket (an access-log bucket) has no ReplicaKMSKeyARN: its
// replicas take the destination's default encryption. Both buckets must be
// versioned first.
type Replication struct {
	RuleID               string
	RoleARN              string
	DestinationBucketARN string
	ReplicaKMSKeyARN     string
}

// PutReplication writes r as the bucket's whole replication configuration.
func PutReplication(ctx context.Context, c *s3.Client, bucket string, r Replication) error {
	rule := s3types.ReplicationRule{
		ID: aws.String(r.RuleID), Priority: aws.Int32(1), Status: s3types.ReplicationRuleStatusEnabled,
		Filter:                  &s3types.ReplicationRuleFilter{Prefix: aws.String("")},
		DeleteMarkerReplication: &s3types.DeleteMarkerReplication{Status: s3types.DeleteMarkerReplicationStatusEnabled},
		Destination:             &s3types.Destination{Bucket: aws.String(r.DestinationBucketARN)},
	}
	if r.ReplicaKMSKeyARN != "" {
		rule.SourceSelectionCriteria = &s3types.SourceSelectionCriteria{SseKmsEncryptedObjects: &s3types.SseKmsEncryptedObjects{
			Status: s3types.SseKmsEncryptedObjectsStatusEnabled}}
		rule.Destination.EncryptionConfiguration = &s3types.EncryptionConfiguration{ReplicaKmsKeyID: aws.String(r.ReplicaKMSKeyARN)}
	}
	_, err := c.PutBucketReplication(ctx, &s3.PutBucketReplicationInput{Bucket: aws.String(bucket),
		ReplicationConfiguration: &s3types.ReplicationConfiguration{Role: aws.String(r.RoleARN), Rules: []s3types.ReplicationRule{rule}}})
	return err
}

// ReadReplication is the bucket's enabled rule named ruleID, as written by
// PutReplication; nil when there is none (or it is disabled, or no longer
// replicates KMS-encrypted objects or delete markers).
func ReadReplication(ctx context.Context, c *s3.Client, bucket, ruleID string) (*Replication, error) {
	out, err := c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(bucket)})
	if awsclient.HasCode(err, "ReplicationConfigurationNotFoundError") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cfg := out.ReplicationConfiguration
	for _, r := range cfg.Rules {
		if aws.ToString(r.ID) != ruleID || r.Status != s3types.ReplicationRuleStatusEnabled || r.Destination == nil ||
			r.DeleteMarkerReplication == nil || r.DeleteMarkerReplication.Status != s3types.DeleteMarkerReplicationStatusEnabled {
			continue
		}
		got := &Replication{RuleID: ruleID, RoleARN: aws.ToString(cfg.Role), DestinationBucketARN: aws.ToString(r.Destination.Bucket)}
		if e := r.Destination.EncryptionConfiguration; e != nil {
			got.ReplicaKMSKeyARN = aws.ToString(e.ReplicaKmsKeyID)
		}
		kms := r.SourceSelectionCriteria != nil && r.SourceSelectionCriteria.SseKmsEncryptedObjects != nil &&
			r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status == s3types.SseKmsEncryptedObjectsStatusEnabled
		if got.ReplicaKMSKeyARN != "" && !kms {
			continue // encrypts replicas under a key but no longer replicates KMS-encrypted objects
		}
		return got, nil
	}
	return nil, nil
}

// ReplicationDrift says how the bucket's replication differs from want.
func ReplicationDrift(bucket string, want Replication, got *Replication) []string {
	switch {
	case got == nil:
		return []string{fmt.Sprintf("bucket %s: replication rule %s removed, disabled or no longer replicating KMS-encrypted objects and delete markers (STO-08)", bucket, want.RuleID)}
	case *got != want:
		return []string{fmt.Sprintf("bucket %s: replication rule %s replicates to %s under key %s with role %s, want %s under %s with %s (STO-08)",
			bucket, want.RuleID, got.DestinationBucketARN, got.ReplicaKMSKeyARN, got.RoleARN, want.DestinationBucketARN, want.ReplicaKMSKeyARN, want.RoleARN)}
	}
	return nil
}

// DeleteReplication removes the bucket's replication configuration.
func DeleteReplication(ctx context.Context, c *s3.Client, bucket string) error {
	_, err := c.DeleteBucketReplication(ctx, &s3.DeleteBucketReplicationInput{Bucket: aws.String(bucket)})
	if awsclient.HasCode(err, "NoSuchBucket") {
		return nil
	}
	return err
}
