package audittrail

import (
	"fmt"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Check returns the AUD and STO violations of s.WithDefaults(). The trail's
// multi-region, validation, key and CloudWatch delivery (AUD-01 to AUD-04),
// the bucket's encryption, versioning, public-access block, ownership, TLS
// policy and access logging (STO-01 to STO-05, AUD-07) hold by construction.
func Check(s Spec) []compliance.Violation {
	s = s.WithDefaults()
	var v []compliance.Violation
	lc := s.Lifecycle
	if lc.ExpireAfterDays < s.ObjectLockDays {
		v = append(v, compliance.Violation{Control: "STO-06", Attribute: "log_lifecycle.expire_after_days", Hard: true, Detail: fmt.Sprintf(
			"expire_after_days (%d) is shorter than object_lock_days (%d): locked objects cannot expire; expire after the lock ends, or shorten the lock",
			lc.ExpireAfterDays, s.ObjectLockDays)})
	}
	if lc.ExpireAfterDays < SixYearsDays {
		v = append(v, compliance.Violation{Control: "STO-07", Attribute: "log_lifecycle.expire_after_days", Detail: fmt.Sprintf(
			"audit logs expire after %d days, less than the six years (%d days) HIPAA documentation is kept (164.316(b)(2)(i)); keep them %d days or more",
			lc.ExpireAfterDays, SixYearsDays, SixYearsDays)})
	}
	if s.ObjectLockDays < SixYearsDays {
		v = append(v, compliance.Violation{Control: "STO-06", Attribute: "object_lock_days", Detail: fmt.Sprintf(
			"object_lock_days is %d: audit logs can be deleted before six years (%d days); lock them at least that long", s.ObjectLockDays, SixYearsDays)})
	}
	if s.CloudWatchRetentionDays < SixYearsDays {
		v = append(v, compliance.Violation{Control: "AUD-06", Attribute: "cloudwatch_retention_days", Detail: fmt.Sprintf(
			"cloudwatch_retention_days is %d, below six years (%d days); keep %d or more (the S3 copy is kept by the lifecycle)", s.CloudWatchRetentionDays, SixYearsDays, SixYearsDays)})
	}
	return v
}
