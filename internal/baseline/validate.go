package baseline

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

var standardRE = regexp.MustCompile(`^[a-z0-9-]+/v/\d+\.\d+\.\d+$`)

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

type inputRule = compliance.Rule[Spec, InputError]

// Validate reports input no mode accepts, with every argument known.
func Validate(s Spec) []InputError { return Evaluate(s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check whose arguments are
// known (u lists the unknown ones): the raw rules on s as given (the EBS
// key, whose default is kms_key_arn), the rest on s.WithDefaults().
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	d := s.WithDefaults()
	return compliance.Findings{
		Input:      append(compliance.Apply(s, u, rawInputRules), compliance.Apply(d, u, inputRules)...),
		Violations: append(compliance.Apply(s, u, rawControlRules), compliance.Apply(d, u, controlRules)...),
	}
}

// rawInputRules read s before WithDefaults: an unset EBS key defaults to
// kms_key_arn, which its own rule checks.
var rawInputRules = []inputRule{
	{Reads: compliance.R("ebs_default_encryption_kms_key_arn"), Check: validateEBSKey},
}

// inputRules each name what they read, so an unknown argument hides only
// the rules that read it.
var inputRules = append([]inputRule{
	{Reads: compliance.R("kms_key_arn"), Check: validateKey},
	{Reads: []compliance.Read{compliance.Each("guardduty.features")}, Check: validateFeatures},
	{Reads: compliance.R("guardduty.finding_publishing_frequency"), Check: validateFrequency},
	{Reads: []compliance.Read{compliance.Each("security_hub.standards")}, Check: validateStandards},
	{Reads: []compliance.Read{compliance.Each("inspector.resource_types")}, Check: validateInspectorTypes},
	{Reads: compliance.R("password_policy.minimum_length"), Check: validateMinimumLength},
	{Reads: compliance.R("password_policy.max_age_days"), Check: validateMaxAge},
	{Reads: compliance.R("password_policy.reuse_prevention"), Check: validateReusePrevention},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}, s3bucket.TargetInputRules(func(s Spec) *s3bucket.Target { return s.Replication }, func(s Spec) string { return s.Region },
	"the baseline's", "the Config bucket's replica")...)

func inputError(attr, format string, args ...any) []InputError {
	return []InputError{{Attribute: attr, Detail: fmt.Sprintf(format, args...)}}
}

// validateKey: the Config bucket needs a key; what kind of key is DET-03's.
func validateKey(s Spec) []InputError {
	if s.KMSKeyARN == "" {
		return inputError("kms_key_arn", "kms_key_arn is empty: the Config delivery bucket needs a customer managed key; use its ARN (hipaa_kms_key.<name>.arn)")
	}
	return compliance.KeyInputErrors("kms_key_arn", s.KMSKeyARN)
}

func validateEBSKey(s Spec) []InputError {
	return compliance.KeyInputErrors("ebs_default_encryption_kms_key_arn", s.EBSKMSKeyARN)
}

func validateFeatures(s Spec) []InputError {
	var errs []InputError
	for _, f := range s.GuardDutyFeatures {
		if !slices.Contains(GuardDutyFeatures, f) {
			errs = append(errs, inputError("guardduty.features", "%q is not a GuardDuty feature; use any of %s", f, strings.Join(GuardDutyFeatures, ", "))...)
		}
	}
	return errs
}

func validateFrequency(s Spec) []InputError {
	if slices.Contains(FindingFrequencies, s.FindingFrequency) {
		return nil
	}
	return inputError("guardduty.finding_publishing_frequency", "%q: use one of %s", s.FindingFrequency, strings.Join(FindingFrequencies, ", "))
}

func validateStandards(s Spec) []InputError {
	var errs []InputError
	for _, st := range s.Standards {
		if !standardRE.MatchString(st) {
			errs = append(errs, inputError("security_hub.standards",
				"%q is not a standard ID such as %q (the part of the standard ARN after \"standards/\")", st, StandardFSBP)...)
		}
	}
	return errs
}

func validateInspectorTypes(s Spec) []InputError {
	var errs []InputError
	for _, t := range s.InspectorResourceTypes {
		if !slices.Contains(InspectorResourceTypes, t) {
			errs = append(errs, inputError("inspector.resource_types", "%q: use any of %s", t, strings.Join(InspectorResourceTypes, ", "))...)
		}
	}
	return errs
}

func validateMinimumLength(s Spec) []InputError {
	if n := s.PasswordPolicy.MinimumLength; n < iamMinPasswordLength || n > iamMaxPasswordLength {
		return inputError("password_policy.minimum_length", "%d: IAM accepts %d to %d", n, iamMinPasswordLength, iamMaxPasswordLength)
	}
	return nil
}

func validateMaxAge(s Spec) []InputError {
	if n := s.PasswordPolicy.MaxAgeDays; n < 1 || n > iamMaxPasswordAge {
		return inputError("password_policy.max_age_days", "%d: IAM accepts 1 to %d days", n, iamMaxPasswordAge)
	}
	return nil
}

func validateReusePrevention(s Spec) []InputError {
	if n := s.PasswordPolicy.ReusePrevention; n < 1 || n > iamMaxReusePrevention {
		return inputError("password_policy.reuse_prevention", "%d: IAM remembers 1 to %d passwords", n, iamMaxReusePrevention)
	}
	return nil
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
