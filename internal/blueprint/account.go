package blueprint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
)

// Two settings of hipaa_security_baseline configure an object the account
// has once, not once per region: the account S3 public access block and
// the IAM password policy. (Everything else it manages, EBS encryption by
// default included, is regional.) A baseline is one per account and
// region, so an account whose baselines span regions has several
// resources managing each of these objects.
const (
	settingS3Block  = "s3_account_public_access_block"
	settingPassword = "password_policy"
)

// checkAccountWide refuses an account in which two baselines would manage
// the same account-wide object differently, or both own it.
//
// The S3 block has an off switch (false: the resource leaves it alone), so
// it must be on in one region only: with two owners, destroying either
// with disable_on_destroy can turn it off under the other. The password
// policy has none — every baseline writes it — so it must be the same in
// every region, or the baselines overwrite each other's on every apply.
func (b *Blueprint) checkAccountWide() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, units := range baselinesByAccount(b.Units()) {
		specs, ok := baselineSpecs(units)
		if !ok { // checkUnit has reported why
			continue
		}
		diags = append(diags, s3BlockOwners(units, specs)...)
		diags = append(diags, passwordPolicies(units, specs)...)
	}
	return diags
}

// baselinesByAccount groups the baseline units by account, in unit order
// (so an environment's first region first). Two of one account are never
// in the same region: checkUnique refuses that.
func baselinesByAccount(units []*Unit) [][]*Unit {
	var out [][]*Unit
	index := map[string]int{}
	for _, u := range units {
		if u.Component.Kind != kindBaseline {
			continue
		}
		i, ok := index[u.Environment.AccountID]
		if !ok {
			i = len(out)
			index[u.Environment.AccountID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], u)
	}
	return out
}

// baselineSpecs are the units' specs as the provider builds them.
func baselineSpecs(units []*Unit) ([]baseline.Spec, bool) {
	specs := make([]baseline.Spec, len(units))
	for i, u := range units {
		s, err := u.checkSettings()
		if err != nil {
			return nil, false
		}
		specs[i] = baselineSpec(checkInput{Settings: s, Region: u.Region, AccountID: u.Environment.AccountID})
	}
	return specs, true
}

// s3BlockOwners: the account S3 public access block is on in at most one
// region. A wired value is unknown here and left to the provider.
func s3BlockOwners(units []*Unit, specs []baseline.Spec) hcl.Diagnostics {
	var owners []*Unit
	for i, u := range units {
		if specs[i].S3AccountPublicAccessBlock && !u.isWired(settingS3Block) {
			owners = append(owners, u)
		}
	}
	if len(owners) < 2 {
		return nil
	}
	keep, others := owners[0], owners[1:]
	off := others[0].Region
	detail := fmt.Sprintf("The account S3 public access block is one object per account, not per region, and %s is on (its default is true) "+
		"in %s of account %s: each of those hipaa_security_baseline resources would own it, and destroying one with disable_on_destroy = true "+
		"could remove the block the others rely on. Keep it on in one region (%s) and turn it off in %s, in a region block of the component "+
		"deployed there:\n\n    region %q {\n      settings = {\n        %s = false\n"+
		"        exceptions = [{ control = \"DET-06\", reason = \"the account S3 public access block is managed by the baseline in %s\" }]\n      }\n    }\n\n"+
		"false needs that DET-06 exception, here and at plan; a region block's exceptions replace the component's, so repeat any others there.",
		settingS3Block, regionList(owners), keep.Environment.AccountID, keep.Region, regionList(others), off, settingS3Block, keep.Region)
	return atComponents(owners, fmt.Sprintf("%s is on in more than one region of account %s", settingS3Block, keep.Environment.AccountID), detail)
}

// passwordPolicies: every region's baseline sets the same password
// policy. A wired part is unknown here and left to the provider.
func passwordPolicies(units []*Unit, specs []baseline.Spec) hcl.Diagnostics {
	var known []int // indexes of the units whose policy is known
	for i, u := range units {
		if !u.isWired(settingPassword) {
			known = append(known, i)
		}
	}
	if len(known) == 0 || !slices.ContainsFunc(known, func(i int) bool { return specs[i].PasswordPolicy != specs[known[0]].PasswordPolicy }) {
		return nil
	}
	var involved []*Unit
	var policies []string
	for _, i := range known {
		involved = append(involved, units[i])
		policies = append(policies, units[i].Region+": "+describePolicy(specs[i].PasswordPolicy))
	}
	account := units[0].Environment.AccountID
	detail := fmt.Sprintf("The IAM password policy is one object per account, not per region, and every hipaa_security_baseline writes it "+
		"(it cannot be turned off in one region), so the baselines of account %s would overwrite each other's policy on every apply: %s. "+
		"Set the same %s for every region: in the component's settings, not in a region block.", account, strings.Join(policies, "; "), settingPassword)
	return atComponents(involved, fmt.Sprintf("%s differs between regions of account %s", settingPassword, account), detail)
}

// describePolicy is "minimum_length 14, max_age_days 90, reuse_prevention 24".
func describePolicy(p baseline.PasswordPolicy) string {
	return fmt.Sprintf("minimum_length %d, max_age_days %d, reuse_prevention %d", p.MinimumLength, p.MaxAgeDays, p.ReusePrevention)
}

// regionList is "us-east-1 and us-west-2", or "a, b and c".
func regionList(units []*Unit) string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Region
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// atComponents is one error at the block of each component involved (a
// component in several regions once).
func atComponents(units []*Unit, summary, detail string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	var seen []*Component
	for _, u := range units {
		if !slices.Contains(seen, u.Component) {
			seen = append(seen, u.Component)
			diags = append(diags, errorAt(u.Component.src.block.DefRange, summary, detail))
		}
	}
	return diags
}
