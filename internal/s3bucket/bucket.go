// Package s3bucket is the hardened S3 bucket every resource that keeps
// objects shares (STO-01..STO-07, AUD-07): created with Object Ownership enforced
// (ACLs off), then every setting written with an idempotent Put so the
// same calls create, repair drift and finish a crashed apply.
package s3bucket

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// MaxNameLen is the longest bucket name S3 accepts.
const MaxNameLen = 63

// LifecycleRuleID names the provider's lifecycle rule unless Lifecycle.RuleID does.
const LifecycleRuleID = "hipaa-audit-retention"

// Object Lock retention modes.
const (
	LockCompliance = "COMPLIANCE"
	LockGovernance = "GOVERNANCE"
)

// Transition moves objects to StorageClass (S3's name: "STANDARD_IA",
// "DEEP_ARCHIVE", ...) Days days after their creation.
type Transition struct {
	Days         int
	StorageClass string
}

// Lifecycle is the provider's one lifecycle rule, on every object, for
// current and noncurrent versions (STO-07). Zero days mean "never".
type Lifecycle struct {
	RuleID                             string // "": LifecycleRuleID
	Transitions                        []Transition
	ExpireAfterDays                    int // current versions
	NoncurrentVersionExpireAfterDays   int
	AbortIncompleteMultipartUploadDays int
}

// ID is the rule's ID.
func (lc Lifecycle) ID() string {
	if lc.RuleID == "" {
		return LifecycleRuleID
	}
	return lc.RuleID
}

// ObjectLock is the default retention of every new object version.
type ObjectLock struct {
	Mode string // LockCompliance or LockGovernance
	Days int
}

// Bucket is one hardened bucket: public access blocked, ACLs disabled,
// versioning, default encryption, a TLS-only policy, a lifecycle.
type Bucket struct {
	Key, Name     string      // Key is the child key in the owning resource
	Region        string      // where it lives, for the owning resource's layout; Ensure creates it in its region argument
	KMSKeyARN     string      // SSE-KMS with bucket key; "" = SSE-S3 (S3 server access logging cannot write to SSE-KMS buckets)
	ObjectLock    *ObjectLock // nil: no Object Lock (S3 turns it on at creation)
	Lifecycle     Lifecycle
	Policy        string
	LoggingTarget string // access-log bucket name; "" = none
	LoggingPrefix string
	Tags          map[string]string
}

// ErrNotOurs is wrapped in an Error when the bucket exists without the
// owner tag (or holds objects while untagged).
var ErrNotOurs = errors.New("the bucket exists and was not created by this resource")

// Error is a failed step on one bucket.
type Error struct {
	Action string // "creating", "encrypting", ...
	Err    error
}

func (e *Error) Error() string { return e.Action + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Name is "<base>-<purpose>-<account>-<region>", shortened with a hash when
// longer than S3 allows.
func Name(base, purpose, account, region string) string {
	return FitName(base+"-"+purpose, "-"+account+"-"+region, MaxNameLen)
}

// FitName joins base and suffix, replacing the end of base with a hash of
// it when the result would exceed limit.
func FitName(base, suffix string, limit int) string {
	if len(base)+len(suffix) <= limit {
		return base + suffix
	}
	h := sha256.Sum256([]byte(base))
	keep := limit - len(suffix) - 9
	return base[:keep] + "-" + hex.EncodeToString(h[:])[:8] + suffix
}

// Ensure creates the bucket if missing (or adopts it when tagged owner),
// then writes every setting: each its own call, independent of the others,
// all at once. One failed setting is its Error; several are one Error
// ("configuring") joining them all.
func Ensure(ctx context.Context, c *s3.Client, b Bucket, owner, region string) error {
	return EnsureAfter(ctx, c, b, owner, region, func() error { return nil })
}

// EnsureAfter is Ensure whose settings wait for ready (the bucket b logs
// to, say, being done); the creation does not. An error from ready is
// returned and no setting is written.
func EnsureAfter(ctx context.Context, c *s3.Client, b Bucket, owner, region string, ready func() error) error {
	if err := create(ctx, c, b, owner, region); err != nil {
		return err
	}
	if err := ready(); err != nil {
		return err
	}
	s := settings(c, b)
	errs := make([]error, len(s))
	var wg sync.WaitGroup
	for i, st := range s {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := st.call(ctx); err != nil {
				errs[i] = &Error{st.what, err}
			}
		}()
	}
	wg.Wait()
	errs = slices.DeleteFunc(errs, func(err error) bool { return err == nil })
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return &Error{"configuring", errors.Join(errs...)}
}

func create(ctx context.Context, c *s3.Client, b Bucket, owner, region string) error {
	head, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b.Name)})
	switch {
	case awsclient.HasCode(err, "NoSuchBucket"):
		in := &s3.CreateBucketInput{Bucket: aws.String(b.Name), ObjectLockEnabledForBucket: aws.Bool(b.ObjectLock != nil),
			ObjectOwnership: s3types.ObjectOwnershipBucketOwnerEnforced}
		if region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
		}
		if _, err := c.CreateBucket(ctx, in); err != nil && !awsclient.HasCode(err, "BucketAlreadyOwnedByYou") {
			return &Error{"creating", err}
		}
	case awsclient.HasCode(err, "NoSuchTagSet"):
		// S3 cannot tag at creation: an apply killed between CreateBucket and
		// PutBucketTagging leaves our bucket untagged. Adopt an untagged bucket
		// of this exact name only while it is empty; anything holding objects
		// may be someone else's.
		empty, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b.Name), MaxKeys: aws.Int32(1)})
		if err != nil {
			return &Error{"reading", err}
		}
		if aws.ToInt32(empty.KeyCount) > 0 {
			return &Error{"adopting", ErrNotOurs}
		}
	case err != nil:
		return &Error{"reading", err}
	default:
		if awsclient.S3TagValue(head.TagSet, tags.OwnerKey) != owner {
			return &Error{"adopting", ErrNotOurs}
		}
	}
	return nil
}

type step struct {
	what string
	call func(context.Context) error
}

func settings(c *s3.Client, b Bucket) []step {
	name := aws.String(b.Name)
	return []step{
		{"tagging", func(ctx context.Context) error {
			_, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: name, Tagging: &s3types.Tagging{TagSet: awsclient.S3Tags(b.Tags)}})
			return err
		}},
		{"blocking public access to", func(ctx context.Context) error {
			_, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: name, PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
			return err
		}},
		{"disabling ACLs of", func(ctx context.Context) error {
			_, err := c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: name, OwnershipControls: &s3types.OwnershipControls{
				Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipBucketOwnerEnforced}}}})
			return err
		}},
		{"encrypting", func(ctx context.Context) error {
			_, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: name, ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{
				Rules: []s3types.ServerSideEncryptionRule{encryptionRule(b.KMSKeyARN)}}})
			return err
		}},
		{"versioning", func(ctx context.Context) error {
			_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: name, VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
			if err != nil || b.ObjectLock == nil {
				return err
			}
			// S3 takes an Object Lock configuration only while versioning is
			// on: after it, never beside it (a repair of suspended versioning).
			_, err = c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: name, ObjectLockConfiguration: &s3types.ObjectLockConfiguration{
				ObjectLockEnabled: s3types.ObjectLockEnabledEnabled, Rule: &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{
					Mode: s3types.ObjectLockRetentionMode(b.ObjectLock.Mode), Days: aws.Int32(int32(b.ObjectLock.Days))}}}})
			return err
		}},
		{"writing the policy of", func(ctx context.Context) error {
			_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: name, Policy: aws.String(b.Policy)})
			return err
		}},
		{"writing the lifecycle of", func(ctx context.Context) error {
			_, err := c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: name, LifecycleConfiguration: lifecycle(b.Lifecycle)})
			return err
		}},
		{"turning on access logging of", func(ctx context.Context) error {
			if b.LoggingTarget == "" {
				return nil
			}
			_, err := c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: name, BucketLoggingStatus: &s3types.BucketLoggingStatus{
				LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String(b.LoggingTarget), TargetPrefix: aws.String(b.LoggingPrefix)}}})
			return err
		}},
	}
}

func encryptionRule(kmsKeyARN string) s3types.ServerSideEncryptionRule {
	if kmsKeyARN == "" {
		return s3types.ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}
	}
	return s3types.ServerSideEncryptionRule{BucketKeyEnabled: aws.Bool(true), ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
		SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(kmsKeyARN)}}
}

// lifecycle is the rule lc describes, on every object.
func lifecycle(lc Lifecycle) *s3types.BucketLifecycleConfiguration {
	r := s3types.LifecycleRule{ID: aws.String(lc.ID()), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("")}}
	for _, t := range lc.Transitions {
		r.Transitions = append(r.Transitions, s3types.Transition{Days: aws.Int32(int32(t.Days)), StorageClass: s3types.TransitionStorageClass(t.StorageClass)})
	}
	if d := lc.ExpireAfterDays; d > 0 {
		r.Expiration = &s3types.LifecycleExpiration{Days: aws.Int32(int32(d))}
	}
	if d := lc.NoncurrentVersionExpireAfterDays; d > 0 {
		r.NoncurrentVersionExpiration = &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(int32(d))}
	}
	if d := lc.AbortIncompleteMultipartUploadDays; d > 0 {
		r.AbortIncompleteMultipartUpload = &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(int32(d))}
	}
	return &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{r}}
}
