package compliance

import (
	"fmt"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmsarn"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// The findings every resource shares: the tags it is given and the
// customer-managed keys it is pointed at. Each resource calls these from
// its own rules, so the limits live in one place.

// TagErrors refuses user tags AWS would reject (length, characters, the
// aws: prefix, the provider's reserved keys), entry by entry, and more
// tags than fit beside the provider's own.
func TagErrors(attr string, user, defaults map[string]string) []InputError {
	var out []InputError
	for _, p := range tags.Problems(user) {
		out = append(out, InputError{Attribute: attr, Detail: p})
	}
	n := len(user)
	for k := range defaults {
		if _, ok := user[k]; !ok {
			n++
		}
	}
	if p := tags.CountProblem(n); p != "" {
		out = append(out, InputError{Attribute: attr, Detail: p})
	}
	return out
}

// KeyRegionErrors refuses, at attr, a key ARN of another region than the
// region where user ("the bucket", "the vault") lives: AWS services use a
// key of their own region only. A value that is no key ARN, or an unknown
// region (""), is not checked here.
func KeyRegionErrors(attr, keyARN, region, user string) []InputError {
	a, ok := kmsarn.Parse(keyARN)
	if !ok || region == "" || a.Region == region {
		return nil
	}
	return []InputError{{Attribute: attr, Detail: fmt.Sprintf(
		"%s %q is a key in %s; %s is in %s and can use only a key of that region: use a key (or a multi-Region replica) in %s",
		attr, keyARN, a.Region, user, region, region)}}
}

// KeyInputErrors refuses a value at attr that is no KMS key identifier at
// all. An empty value is not checked here: whether the key is required is
// the resource's control.
func KeyInputErrors(attr, v string) []InputError {
	if v == "" {
		return nil
	}
	if d, control := kmsarn.Problem(attr, v); d != "" && !control {
		return []InputError{{Attribute: attr, Detail: d}}
	}
	return nil
}

// KeyViolations refuses an alias, an AWS managed key or a bare key ID where
// control requires a customer-managed key ARN. It cannot be waived: the
// key behind an alias is not one this configuration controls.
func KeyViolations(control, attr, v string) []Violation {
	if v == "" {
		return nil
	}
	if d, isControl := kmsarn.Problem(attr, v); d != "" && isControl {
		return []Violation{{Control: control, Attribute: attr, Detail: d, Hard: true}}
	}
	return nil
}
