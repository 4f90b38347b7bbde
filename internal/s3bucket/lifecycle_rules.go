package s3bucket

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// The lifecycle rules S3 itself enforces, in S3's own terms, for every
// resource whose lifecycle is transitions = [{ days, storage_class }] and
// expire_after_days (the attribute paths the errors name).

// Storage classes a lifecycle transition may name.
const (
	StandardIA         = "STANDARD_IA"
	IntelligentTiering = "INTELLIGENT_TIERING"
	OneZoneIA          = "ONEZONE_IA"
	GlacierIR          = "GLACIER_IR"
	Glacier            = "GLACIER"
	DeepArchive        = "DEEP_ARCHIVE"
)

// StorageClasses are the transition classes in S3's waterfall order: a
// lifecycle moves objects only down this list.
var StorageClasses = []string{StandardIA, IntelligentTiering, OneZoneIA, GlacierIR, Glacier, DeepArchive}

const (
	// MinInfrequentAccessDays: S3 moves objects to STANDARD_IA or
	// ONEZONE_IA no earlier than 30 days after creation.
	MinInfrequentAccessDays = 30
	// MinDaysInInfrequentAccess: objects stay 30 days in STANDARD_IA or
	// ONEZONE_IA before a later transition.
	MinDaysInInfrequentAccess = 30
)

func classRank(class string) int { return slices.Index(StorageClasses, class) }

// infrequentAccess: S3 Standard-IA and One Zone-IA, the classes with S3's
// 30-day rules (docs: "Transitioning objects using Amazon S3 Lifecycle",
// lifecycle-transition-general-considerations).
func infrequentAccess(class string) bool { return class == StandardIA || class == OneZoneIA }

// StorageClassErrors: every transition names a class S3 Lifecycle
// transitions to.
func StorageClassErrors(ts []Transition) []compliance.InputError {
	var errs []compliance.InputError
	for i, t := range ts {
		if classRank(t.StorageClass) < 0 {
			errs = append(errs, compliance.InputError{Attribute: fmt.Sprintf("transitions[%d].storage_class", i), Detail: fmt.Sprintf(
				"%q is not a class S3 Lifecycle transitions to: use one of %s", t.StorageClass, strings.Join(StorageClasses, ", "))})
		}
	}
	return errs
}

// TransitionDaysErrors: S3 accepts 0 or more days, and at least 30 for
// STANDARD_IA and ONEZONE_IA (user guide, "Minimum days for transition";
// the API reference's Transition.Days says "greater than 30").
func TransitionDaysErrors(ts []Transition) []compliance.InputError {
	var errs []compliance.InputError
	for i, t := range ts {
		attr := fmt.Sprintf("transitions[%d].days", i)
		switch {
		case t.Days < 0:
			errs = append(errs, compliance.InputError{Attribute: attr, Detail: fmt.Sprintf("%d: a transition happens 0 or more days after creation", t.Days)})
		case infrequentAccess(t.StorageClass) && t.Days < MinInfrequentAccessDays:
			errs = append(errs, compliance.InputError{Attribute: attr, Detail: fmt.Sprintf(
				"%d: S3 moves objects to %s no earlier than day %d (they stay 30 days in S3 Standard first); use %d or more",
				t.Days, t.StorageClass, MinInfrequentAccessDays, MinInfrequentAccessDays)})
		}
	}
	return errs
}

// TransitionOrderErrors: one lifecycle rule moves objects down S3's
// waterfall, each class once, on strictly later days; S3 does not
// transition ONEZONE_IA to GLACIER_IR ("Unsupported lifecycle transitions").
func TransitionOrderErrors(ts []Transition) []compliance.InputError {
	var errs []compliance.InputError
	seen := map[string]int{}
	for i, t := range ts {
		classAttr, daysAttr := fmt.Sprintf("transitions[%d].storage_class", i), fmt.Sprintf("transitions[%d].days", i)
		if first, dup := seen[t.StorageClass]; dup {
			errs = append(errs, compliance.InputError{Attribute: classAttr, Detail: fmt.Sprintf(
				"%s is already the class of transitions[%d]: S3 moves objects to each class once; remove one of them", t.StorageClass, first)})
		} else if classRank(t.StorageClass) >= 0 {
			seen[t.StorageClass] = i
		}
		if i == 0 {
			continue
		}
		prev := ts[i-1]
		pr, cr := classRank(prev.StorageClass), classRank(t.StorageClass)
		switch {
		case pr < 0 || cr < 0 || prev.StorageClass == t.StorageClass:
		case cr < pr:
			errs = append(errs, compliance.InputError{Attribute: classAttr, Detail: fmt.Sprintf(
				"%s cannot follow %s (transitions[%d]): S3 moves objects only down %s; list the transitions in that order",
				t.StorageClass, prev.StorageClass, i-1, strings.Join(StorageClasses, " → "))})
		case prev.StorageClass == OneZoneIA && t.StorageClass == GlacierIR:
			errs = append(errs, compliance.InputError{Attribute: classAttr, Detail: fmt.Sprintf(
				"S3 does not move objects from %s to %s (transitions[%d]); move them to %s or %s instead",
				OneZoneIA, GlacierIR, i-1, Glacier, DeepArchive)})
		}
		if t.Days <= prev.Days {
			errs = append(errs, compliance.InputError{Attribute: daysAttr, Detail: fmt.Sprintf(
				"%d: each transition must come after the one before (transitions[%d] is at day %d); use a later day", t.Days, i-1, prev.Days)})
		}
	}
	return errs
}

// InfrequentAccessStayErrors: S3 refuses a rule that moves objects on
// less than 30 days after a STANDARD_IA or ONEZONE_IA transition ("Minimum
// 30-day storage charge for S3 Standard-IA and S3 One Zone-IA").
func InfrequentAccessStayErrors(ts []Transition) []compliance.InputError {
	var errs []compliance.InputError
	for i := 1; i < len(ts); i++ {
		prev, t := ts[i-1], ts[i]
		if infrequentAccess(prev.StorageClass) && t.Days > prev.Days && t.Days < prev.Days+MinDaysInInfrequentAccess {
			errs = append(errs, compliance.InputError{Attribute: fmt.Sprintf("transitions[%d].days", i), Detail: fmt.Sprintf(
				"%d: objects must stay %d days in %s (from day %d, transitions[%d]) before the next transition; use %d or more",
				t.Days, MinDaysInInfrequentAccess, prev.StorageClass, prev.Days, i-1, prev.Days+MinDaysInInfrequentAccess)})
		}
	}
	return errs
}

// ExpireAfterDaysErrors: expire_after_days is 0 (never) or a number of days.
func ExpireAfterDaysErrors(expire int) []compliance.InputError {
	if expire >= 0 {
		return nil
	}
	return []compliance.InputError{{Attribute: "expire_after_days", Detail: fmt.Sprintf("%d: use a number of days, or 0 (the default) to keep objects until you delete them", expire)}}
}

// ExpiryAfterTransitionsErrors: S3 refuses a rule whose expiration is
// not after its transitions. Expiring before a Glacier class's minimum
// storage duration is charged, not refused, so it is not checked.
func ExpiryAfterTransitionsErrors(ts []Transition, expire int) []compliance.InputError {
	e := expire
	if e <= 0 || len(ts) == 0 {
		return nil
	}
	last := 0
	for i, t := range ts {
		if t.Days > ts[last].Days {
			last = i
		}
	}
	if d := ts[last].Days; e <= d {
		return []compliance.InputError{{Attribute: "expire_after_days", Detail: fmt.Sprintf(
			"%d: S3 expires objects only after their last transition (transitions[%d] at day %d); use %d or more, or 0 to keep objects",
			e, last, d, d+1)}}
	}
	return nil
}
