package s3bucket

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

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
	// Lifecycle is the provider's rule as read back; nil when it is absent
	// or disabled.
	Lifecycle       *Lifecycle
	Logging         string
	ObjectLock      *ObjectLock // nil: no default retention (or not asked for)
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
			if aws.ToString(r.ID) == want.Lifecycle.ID() && r.Status == s3types.ExpirationStatusEnabled {
				b.Lifecycle = readLifecycle(r)
			}
		}
	}
	if want.LoggingTarget != "" {
		if lg, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(name)}); err == nil && lg.LoggingEnabled != nil {
			b.Logging = aws.ToString(lg.LoggingEnabled.TargetBucket)
		}
	}
	if want.ObjectLock != nil {
		b.ObjectLock = readLock(ctx, c, name)
	}
	if oc, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(name)}); err == nil && oc.OwnershipControls != nil {
		for _, r := range oc.OwnershipControls.Rules {
			b.OwnerEnforced = b.OwnerEnforced || r.ObjectOwnership == s3types.ObjectOwnershipBucketOwnerEnforced
		}
	}
	return b, nil
}

// ReadCalls is how many calls Read makes for want when the bucket exists:
// tagging, policy, versioning, public-access block, encryption, lifecycle
// and ownership, plus logging and Object Lock when want has them.
func ReadCalls(want Bucket) int {
	n := 7
	if want.LoggingTarget != "" {
		n++
	}
	if want.ObjectLock != nil {
		n++
	}
	return n
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
		add("policy differs from the one the configuration sets: TLS only, and access as configured (STO-05)")
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
	switch {
	case got.Lifecycle == nil:
		add("lifecycle rule removed (STO-07)")
	case !SameLifecycle(*got.Lifecycle, want.Lifecycle):
		add("lifecycle rule %s differs: %s, want %s (STO-07)", want.Lifecycle.ID(), got.Lifecycle, want.Lifecycle)
	}
	if want.LoggingTarget != "" && got.Logging != want.LoggingTarget {
		add("access logging is off (AUD-07)")
	}
	if w := want.ObjectLock; w != nil && (got.ObjectLock == nil || *got.ObjectLock != *w) {
		have := "no default retention"
		if g := got.ObjectLock; g != nil {
			have = fmt.Sprintf("%s mode, %d days", g.Mode, g.Days)
		}
		add("Object Lock has %s, want %s mode, %d days (STO-06)", have, w.Mode, w.Days)
	}
	if want.Tags != nil {
		if t := tags.Describe(want.Tags, got.Tags); t != "" {
			add("tags differ: %s", t)
		}
	}
	return d
}

// readLock is the bucket's default Object Lock retention; nil when none.
func readLock(ctx context.Context, c *s3.Client, name string) *ObjectLock {
	ol, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(name)})
	if err != nil || ol.ObjectLockConfiguration == nil || ol.ObjectLockConfiguration.Rule == nil || ol.ObjectLockConfiguration.Rule.DefaultRetention == nil {
		return nil
	}
	d := ol.ObjectLockConfiguration.Rule.DefaultRetention
	return &ObjectLock{Mode: string(d.Mode), Days: int(aws.ToInt32(d.Days))}
}

// readLifecycle reads the provider's rule back (see lifecycle).
func readLifecycle(r s3types.LifecycleRule) *Lifecycle {
	lc := &Lifecycle{RuleID: aws.ToString(r.ID)}
	for _, t := range r.Transitions {
		lc.Transitions = append(lc.Transitions, Transition{Days: int(aws.ToInt32(t.Days)), StorageClass: string(t.StorageClass)})
	}
	if r.Expiration != nil {
		lc.ExpireAfterDays = int(aws.ToInt32(r.Expiration.Days))
	}
	if r.NoncurrentVersionExpiration != nil {
		lc.NoncurrentVersionExpireAfterDays = int(aws.ToInt32(r.NoncurrentVersionExpiration.NoncurrentDays))
	}
	if r.AbortIncompleteMultipartUpload != nil {
		lc.AbortIncompleteMultipartUploadDays = int(aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation))
	}
	return lc
}

// SameLifecycle reports whether two rules do the same to objects: the same
// transitions (in any order), expirations and upload abort.
func SameLifecycle(a, b Lifecycle) bool {
	sorted := func(t []Transition) []Transition {
		return slices.SortedFunc(slices.Values(t), func(x, y Transition) int { return cmp.Compare(x.Days, y.Days) })
	}
	return a.ID() == b.ID() && slices.Equal(sorted(a.Transitions), sorted(b.Transitions)) && a.ExpireAfterDays == b.ExpireAfterDays &&
		a.NoncurrentVersionExpireAfterDays == b.NoncurrentVersionExpireAfterDays &&
		a.AbortIncompleteMultipartUploadDays == b.AbortIncompleteMultipartUploadDays
}

// String is the rule in a drift line: "STANDARD_IA at 30 d, DEEP_ARCHIVE at
// 180 d, expire 3653 d, noncurrent 3653 d".
func (lc Lifecycle) String() string {
	var parts []string
	for _, t := range lc.Transitions {
		parts = append(parts, fmt.Sprintf("%s at %d d", t.StorageClass, t.Days))
	}
	for _, x := range []struct {
		what string
		days int
	}{{"expire", lc.ExpireAfterDays}, {"noncurrent", lc.NoncurrentVersionExpireAfterDays}, {"abort uploads", lc.AbortIncompleteMultipartUploadDays}} {
		if x.days > 0 {
			parts = append(parts, fmt.Sprintf("%s %d d", x.what, x.days))
		}
	}
	if len(parts) == 0 {
		return "no action"
	}
	return strings.Join(parts, ", ")
}
