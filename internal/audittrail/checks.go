package audittrail

import (
	"fmt"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// Check returns the AUD and STO violations of s.WithDefaults(), with every
// argument known. The trail's multi-region, validation and CloudWatch
// delivery (AUD-01, AUD-02, AUD-04), the bucket's encryption, versioning,
// public-access block, ownership, TLS policy and access logging (STO-01 to
// STO-05, AUD-07) hold by construction; AUD-03 holds once kms_key_arn names
// a customer-managed key.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

// controlRules each name the attribute paths they read.
var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: compliance.R("kms_key_arn"), Check: checkKey},
	{Reads: compliance.R("expire_after_days", "object_lock_days"), Check: checkExpiryAfterLock},
	{Reads: compliance.R("expire_after_days"), Check: checkExpiry},
	{Reads: compliance.R("object_lock_days"), Check: checkLock},
	{Reads: compliance.R("cloudwatch_retention_days"), Check: checkRetention},
	s3bucket.TargetControlRule(func(s Spec) *s3bucket.Target { return s.Replication }),
}

// checkKey: the trail, the log bucket and the log group are encrypted with
// the customer-managed key kms_key_arn names; an empty value, an alias or
// an AWS managed key cannot be waived.
func checkKey(s Spec) []compliance.Violation {
	if s.KMSKeyARN == "" {
		return []compliance.Violation{{Control: "AUD-03", Attribute: "kms_key_arn", Hard: true,
			Detail: "kms_key_arn is empty: the trail, its bucket and its log group must be encrypted with a customer-managed key; use hipaa_kms_key.<name>.arn"}}
	}
	return compliance.KeyViolations("AUD-03", "kms_key_arn", s.KMSKeyARN)
}

// checkExpiryAfterLock: S3 cannot expire an object under Object Lock.
func checkExpiryAfterLock(s Spec) []compliance.Violation {
	if e := s.ExpireAfterDays; e < s.ObjectLockDays {
		return []compliance.Violation{{Control: "STO-06", Attribute: "expire_after_days", Hard: true, Detail: fmt.Sprintf(
			"expire_after_days (%d) is shorter than object_lock_days (%d): locked objects cannot expire; expire after the lock ends, or shorten the lock",
			e, s.ObjectLockDays)}}
	}
	return nil
}

func checkExpiry(s Spec) []compliance.Violation {
	if e := s.ExpireAfterDays; e < SixYearsDays {
		return []compliance.Violation{{Control: "STO-07", Attribute: "expire_after_days", Detail: fmt.Sprintf(
			"audit logs expire after %d days, less than the six years (%d days) HIPAA documentation is kept (164.316(b)(2)(i)); keep them %d days or more",
			e, SixYearsDays, SixYearsDays)}}
	}
	return nil
}

func checkLock(s Spec) []compliance.Violation {
	if s.ObjectLockDays < SixYearsDays {
		return []compliance.Violation{{Control: "STO-06", Attribute: "object_lock_days", Detail: fmt.Sprintf(
			"object_lock_days is %d: audit logs can be deleted before six years (%d days); lock them at least that long", s.ObjectLockDays, SixYearsDays)}}
	}
	return nil
}

func checkRetention(s Spec) []compliance.Violation {
	if s.CloudWatchRetentionDays < SixYearsDays {
		return []compliance.Violation{{Control: "AUD-06", Attribute: "cloudwatch_retention_days", Detail: fmt.Sprintf(
			"cloudwatch_retention_days is %d, below six years (%d days); keep %d or more (the S3 copy is kept by the lifecycle)", s.CloudWatchRetentionDays, SixYearsDays, SixYearsDays)}}
	}
	return nil
}
