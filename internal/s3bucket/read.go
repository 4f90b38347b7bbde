package s3bucket

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// State is the part of a bucket's configuration the provider owns.
type State struct {
	Policy        string
	Versioning    bool
	PublicBlocked bool
	Encryption    string // "aws:kms" or "AES256"
	KMSKeyARN     string
	Lifecycle     bool // the provider's rule is present
	// LifecycleDays are the days of the provider's rule (zero values when
	// it is absent or a step is missing), for import.
	LifecycleDays   Lifecycle
	Logging         string
	ObjectLockDays  int
	OwnerEnforced   bool
	OwnerTagMatches bool
	Tags            map[string]string // nil when the bucket has no tag set
}

// Read reads the settings of bucket want (a missing bucket is nil, nil),
// skipping the ones it does not ask for: Object Lock without a lock, access
// logging without a target.
func Read(ctx context.Context, c *s3.Client, want Bucket, owner string) (*State, error) {
	b, name := &State{}, want.Name
	t, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(name)})
	if awsclient.HasCode(err, "NoSuchBucket") {
		return nil, nil
	}
	if err != nil && !awsclient.HasCode(err, "NoSuchTagSet") {
		return nil, fmt.Errorf("reading bucket %s: %w", name, err)
	}
	if err == nil {
		b.OwnerTagMatches = awsclient.S3TagValue(t.TagSet, tags.OwnerKey) == owner
		b.Tags = awsclient.S3TagMap(t.TagSet)
	}
	if p, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)}); err == nil {
		b.Policy = aws.ToString(p.Policy)
	}
	if v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(name)}); err == nil {
		b.Versioning = v.Status == s3types.BucketVersioningStatusEnabled
	}
	if p, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(name)}); err == nil {
		x := p.PublicAccessBlockConfiguration
		b.PublicBlocked = aws.ToBool(x.BlockPublicAcls) && aws.ToBool(x.BlockPublicPolicy) && aws.ToBool(x.IgnorePublicAcls) && aws.ToBool(x.RestrictPublicBuckets)
	}
	if e, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(name)}); err == nil && len(e.ServerSideEncryptionConfiguration.Rules) > 0 {
		if d := e.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault; d != nil {
			b.Encryption, b.KMSKeyARN = string(d.SSEAlgorithm), aws.ToString(d.KMSMasterKeyID)
		}
	}
	if lc, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(name)}); err == nil {
		for _, r := range lc.Rules {
			if aws.ToString(r.ID) == LifecycleRuleID && r.Status == s3types.ExpirationStatusEnabled {
				b.Lifecycle, b.LifecycleDays = true, lifecycleDays(r)
			}
		}
	}
	if want.LoggingTarget != "" {
		if lg, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(name)}); err == nil && lg.LoggingEnabled != nil {
			b.Logging = aws.ToString(lg.LoggingEnabled.TargetBucket)
		}
	}
	if want.ObjectLockDays > 0 {
		b.ObjectLockDays = lockDays(ctx, c, name)
	}
	if oc, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(name)}); err == nil && oc.OwnershipControls != nil {
		for _, r := range oc.OwnershipControls.Rules {
			b.OwnerEnforced = b.OwnerEnforced || r.ObjectOwnership == s3types.ObjectOwnershipBucketOwnerEnforced
		}
	}
	return b, nil
}

// Drift lists how got differs from want, each line naming the bucket and
// the control.
func Drift(want Bucket, got *State) []string {
	if got == nil {
		return []string{"bucket " + want.Name + " is missing"}
	}
	var d []string
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("bucket %s: ", want.Name)+fmt.Sprintf(format, args...))
	}
	if got.Policy == "" || !SamePolicy(got.Policy, want.Policy) {
		add("policy differs from the TLS-only policy that admits only the delivering service (STO-05)")
	}
	if !got.Versioning {
		add("versioning is off (STO-02)")
	}
	if !got.PublicBlocked {
		add("public access is not fully blocked (STO-03)")
	}
	if want.KMSKeyARN != "" && got.Encryption != string(s3types.ServerSideEncryptionAwsKms) {
		add("default encryption is %q, want aws:kms (STO-01)", got.Encryption)
	}
	if !got.Lifecycle {
		add("lifecycle rule removed (STO-07)")
	}
	if want.LoggingTarget != "" && got.Logging != want.LoggingTarget {
		add("access logging is off (AUD-07)")
	}
	if want.ObjectLockDays > 0 && got.ObjectLockDays != want.ObjectLockDays {
		add("Object Lock keeps %d days, want %d (STO-06)", got.ObjectLockDays, want.ObjectLockDays)
	}
	if want.Tags != nil {
		if t := tags.Describe(want.Tags, got.Tags); t != "" {
			add("tags differ: %s", t)
		}
	}
	return d
}

// lockDays is the bucket's default Object Lock retention; 0 when none.
func lockDays(ctx context.Context, c *s3.Client, name string) int {
	ol, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(name)})
	if err != nil || ol.ObjectLockConfiguration == nil || ol.ObjectLockConfiguration.Rule == nil || ol.ObjectLockConfiguration.Rule.DefaultRetention == nil {
		return 0
	}
	return int(aws.ToInt32(ol.ObjectLockConfiguration.Rule.DefaultRetention.Days))
}

// lifecycleDays reads the provider's rule back (see lifecycle).
func lifecycleDays(r s3types.LifecycleRule) Lifecycle {
	var lc Lifecycle
	for _, t := range r.Transitions {
		switch t.StorageClass {
		case s3types.TransitionStorageClassStandardIa:
			lc.StandardDays = int(aws.ToInt32(t.Days))
		case s3types.TransitionStorageClassDeepArchive:
			lc.InfrequentAccessDays = int(aws.ToInt32(t.Days))
		}
	}
	if r.Expiration != nil {
		lc.ExpireAfterDays = int(aws.ToInt32(r.Expiration.Days))
	}
	return lc
}
