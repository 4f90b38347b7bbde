package s3bucket

import (
	"fmt"
	"regexp"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Target is a replication argument: the replicas' region and that region's
// customer-managed key ({ region, kms_key_arn }).
type Target struct {
	Region    string
	KMSKeyARN string
}

// RegionRE matches an AWS region name.
var RegionRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// The input rules of a replication argument (attribute "replication"), for
// a resource in region home ("" when unknown). Each is nil without t.

// TargetRegionErrors: replication.region is a region.
func TargetRegionErrors(t *Target) []compliance.InputError {
	if t == nil || RegionRE.MatchString(t.Region) {
		return nil
	}
	return []compliance.InputError{{Attribute: "replication.region", Detail: fmt.Sprintf("%q is not an AWS region: name the region of the replicas, such as \"us-west-2\"", t.Region)}}
}

// TargetRegionDiffersErrors: replicas in the resource's own region do not
// survive the loss of the region.
// whose names the resource's buckets: "the bucket's", "the trail's".
func TargetRegionDiffersErrors(t *Target, home, whose string) []compliance.InputError {
	if t == nil || home == "" || t.Region != home {
		return nil
	}
	return []compliance.InputError{{Attribute: "replication.region", Detail: fmt.Sprintf(
		"%q is %s own region: a replica in the same region does not survive the loss of the region; name another region", t.Region, whose)}}
}

// TargetKeyErrors: replication.kms_key_arn is a key ARN.
func TargetKeyErrors(t *Target) []compliance.InputError {
	if t == nil {
		return nil
	}
	return compliance.KeyInputErrors("replication.kms_key_arn", t.KMSKeyARN)
}

// TargetKeyRegionErrors: the replicas are encrypted with a key of their
// own region.
func TargetKeyRegionErrors(t *Target, what string) []compliance.InputError {
	if t == nil {
		return nil
	}
	return compliance.KeyRegionErrors("replication.kms_key_arn", t.KMSKeyARN, t.Region, what)
}

// TargetKeyViolations: replicas are encrypted with a customer-managed key
// of the replicas' region (STO-08 when empty, STO-01 otherwise).
func TargetKeyViolations(t *Target) []compliance.Violation {
	if t == nil {
		return nil
	}
	if t.KMSKeyARN == "" {
		return []compliance.Violation{{Control: "STO-08", Attribute: "replication.kms_key_arn", Hard: true,
			Detail: "replication.kms_key_arn is empty: replicas must be encrypted with a customer-managed key of the replica's region; set it to hipaa_kms_key.<name>.arn of a key there"}}
	}
	return compliance.KeyViolations("STO-01", "replication.kms_key_arn", t.KMSKeyARN)
}

// TargetInputRules are the input rules of the replication argument of a
// resource whose Spec is S: target reads the argument, home the resource's
// region; whose and what word the messages ("the trail's", "the replica
// log bucket").
func TargetInputRules[S any](target func(S) *Target, home func(S) string, whose, what string) []compliance.Rule[S, compliance.InputError] {
	return []compliance.Rule[S, compliance.InputError]{
		{Reads: compliance.R("replication.region"), Check: func(s S) []compliance.InputError { return TargetRegionErrors(target(s)) }},
		{Reads: compliance.R("replication.region", "region"), Check: func(s S) []compliance.InputError {
			return TargetRegionDiffersErrors(target(s), home(s), whose)
		}},
		{Reads: compliance.R("replication.kms_key_arn"), Check: func(s S) []compliance.InputError { return TargetKeyErrors(target(s)) }},
		{Reads: compliance.R("replication.kms_key_arn", "replication.region"), Check: func(s S) []compliance.InputError {
			return TargetKeyRegionErrors(target(s), what)
		}},
	}
}

// TargetControlRule is the control rule of the replication argument
// (TargetKeyViolations).
func TargetControlRule[S any](target func(S) *Target) compliance.Rule[S, compliance.Violation] {
	return compliance.Rule[S, compliance.Violation]{Reads: compliance.R("replication.kms_key_arn"),
		Check: func(s S) []compliance.Violation { return TargetKeyViolations(target(s)) }}
}
