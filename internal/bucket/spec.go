// Package bucket is hipaa_bucket: an S3 bucket for PHI, encrypted with the
// customer key (bucket key on), versioned, public access blocked, ACLs off,
// TLS 1.2 only, server access logging, an explicit lifecycle, optional
// Object Lock and cross-region replication to a bucket hardened the same
// way, and a policy that lets only the listed readers read objects and
// only the listed writers write them.
//
// The pure core (spec.go, validate.go, checks.go, children.go, expand.go,
// policy.go) does no I/O and knows nothing of the plugin framework.
package bucket

import (
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_bucket"

// Defaults and bounds of the contract.
const (
	// DefaultNoncurrentVersionExpireAfterDays keeps overwritten and deleted
	// versions six years, 45 CFR 164.316(b)(2)(i).
	DefaultNoncurrentVersionExpireAfterDays = SixYearsDays
	SixYearsDays                            = 2192
	// DefaultPresignedURLMaxAgeSeconds is STO-10's ten minutes.
	DefaultPresignedURLMaxAgeSeconds = 600
	// MaxPresignedURLMaxAgeSeconds: a SigV4 presigned URL lasts at most 7 days.
	MaxPresignedURLMaxAgeSeconds = 604800
	MaxObjectLockDays            = 36500 // S3's 100 years
	// AbortIncompleteMultipartUploadDays removes the parts of uploads never
	// completed, which are PHI no listing shows.
	AbortIncompleteMultipartUploadDays = 7
	// DefaultRetainOnDestroy keeps the buckets (PHI) when the resource is
	// destroyed.
	DefaultRetainOnDestroy = true
)

// Object Lock retention modes.
const (
	ModeCompliance = s3bucket.LockCompliance
	ModeGovernance = s3bucket.LockGovernance
)

// Storage classes a lifecycle transition may name (s3bucket's).
const (
	StandardIA         = s3bucket.StandardIA
	IntelligentTiering = s3bucket.IntelligentTiering
	OneZoneIA          = s3bucket.OneZoneIA
	GlacierIR          = s3bucket.GlacierIR
	Glacier            = s3bucket.Glacier
	DeepArchive        = s3bucket.DeepArchive
)

// StorageClasses are the transition classes in S3's waterfall order.
var StorageClasses = s3bucket.StorageClasses

// Transition moves objects to StorageClass Days days after creation.
type Transition = s3bucket.Transition

// DefaultTransitions is what transitions unset means: Standard-IA at day 30.
func DefaultTransitions() []Transition { return []Transition{{Days: 30, StorageClass: StandardIA}} }

// ObjectLock is the default retention of every new object version: Mode
// COMPLIANCE (default) or GOVERNANCE.
type ObjectLock = s3bucket.ObjectLock

// Replication names the replica's region and that region's customer key.
type Replication = s3bucket.Target

// Spec is the plain description of one hipaa_bucket.
type Spec struct {
	Name      string // the bucket is <name>-<account>-<region>
	KMSKeyARN string
	// ObjectLock nil: no Object Lock.
	ObjectLock *ObjectLock
	// Transitions nil: DefaultTransitions; empty: objects stay in S3 Standard.
	Transitions []Transition
	// ExpireAfterDays 0: objects never expire.
	ExpireAfterDays                  int
	NoncurrentVersionExpireAfterDays int
	// Replication nil: no replica (STO-08).
	Replication               *Replication
	PresignedURLMaxAgeSeconds int
	// ReaderARNs may read objects, WriterARNs may write them; every other
	// principal is denied object access. No reader makes a write-only drop
	// box: nobody can read the objects until a reader is listed.
	ReaderARNs, WriterARNs []string
	// AccessLogBucket "": the resource creates the access-log bucket.
	AccessLogBucket   string
	RetainOnDestroy   bool // the schema defaults it to DefaultRetainOnDestroy
	Region, AccountID string
	Partition         string
	Tags, DefaultTags map[string]string
	Exceptions        []compliance.Exception
}

// WithDefaults fills unset values. It never changes what s points to.
func (s Spec) WithDefaults() Spec {
	if s.Transitions == nil {
		s.Transitions = DefaultTransitions()
	} else {
		s.Transitions = slices.Clone(s.Transitions)
	}
	if s.NoncurrentVersionExpireAfterDays == 0 {
		s.NoncurrentVersionExpireAfterDays = DefaultNoncurrentVersionExpireAfterDays
	}
	if s.PresignedURLMaxAgeSeconds == 0 {
		s.PresignedURLMaxAgeSeconds = DefaultPresignedURLMaxAgeSeconds
	}
	if s.ObjectLock != nil && s.ObjectLock.Mode == "" {
		l := *s.ObjectLock
		l.Mode = ModeCompliance
		s.ObjectLock = &l
	}
	if s.Partition == "" {
		s.Partition = "aws"
	}
	return s
}

// Owner is the hipaa:owner tag value.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }
