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
// resources that could manage each of these objects.
//
// Each has an off switch (false: the resource leaves the object alone), so
// each must be on in one region only: with two owners, destroying either
// with disable_on_destroy can remove the object under the other, and two
// password policies would overwrite each other on every apply.
type accountSetting struct {
	name  string                   // the setting, as the diagnostic names it
	wired string                   // the part whose wiring makes the switch unknown here
	on    func(baseline.Spec) bool // the resource manages the object
	what  string                   // the object, for the detail
	dflt  string                   // the default, for the detail
	off   string                   // the line that turns it off in a region block
}

var accountSettings = []accountSetting{
	{name: "s3_account_public_access_block", wired: "s3_account_public_access_block", what: "the account S3 public access block",
		on: func(s baseline.Spec) bool { return s.S3AccountPublicAccessBlock }, dflt: "its default is true", off: "s3_account_public_access_block = false"},
	{name: "password_policy", wired: "password_policy.enabled", what: "the IAM password policy",
		on: func(s baseline.Spec) bool { return !s.PasswordPolicy.Unmanaged }, dflt: "enabled defaults to true", off: "password_policy = { enabled = false }"},
}

// checkAccountWide refuses an account in which two baselines would both
// own one account-wide object.
func (b *Blueprint) checkAccountWide() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, units := range baselinesByAccount(b.Units()) {
		specs, ok := baselineSpecs(units)
		if !ok { // checkUnit has reported why
			continue
		}
		diags = append(diags, sharedOwners(units, specs)...)
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

// sharedOwners: each account-wide object is managed in at most one region.
// A wired switch is unknown here and left to the provider. Settings owned
// by the same regions share one diagnostic, so its region block fixes
// them together.
func sharedOwners(units []*Unit, specs []baseline.Spec) hcl.Diagnostics {
	var diags hcl.Diagnostics
	var shared []accountSetting
	var owners []*Unit
	flush := func() {
		if len(shared) > 0 {
			diags = append(diags, sharedDiagnostic(shared, owners)...)
		}
		shared = nil
	}
	for _, set := range accountSettings {
		var own []*Unit
		for i, u := range units {
			if set.on(specs[i]) && !u.isWired(set.wired) {
				own = append(own, u)
			}
		}
		if len(own) < 2 {
			continue
		}
		if !slices.Equal(own, owners) {
			flush()
		}
		shared, owners = append(shared, set), own
	}
	flush()
	return diags
}

// sharedDiagnostic says which regions own the settings, and shows the
// region block that keeps them in the first region only.
func sharedDiagnostic(shared []accountSetting, owners []*Unit) hcl.Diagnostics {
	keep, others := owners[0], owners[1:]
	var names, on, objects, lines []string
	for _, set := range shared {
		names = append(names, set.name)
		on = append(on, fmt.Sprintf("%s is on (%s)", set.name, set.dflt))
		objects = append(objects, set.what)
		lines = append(lines, "        "+set.off+"\n")
	}
	account, are, it := keep.Environment.AccountID, isAre(len(shared)), "it"
	if len(shared) > 1 {
		are, it = are+" each", "them"
	}
	detail := fmt.Sprintf("%s one object per account, not per region, and %s in %s of account %s: each of those hipaa_security_baseline "+
		"resources would own %s, overwriting the others' settings and, destroyed with disable_on_destroy = true, removing what the others "+
		"rely on. Keep %s on in one region (%s) and turn %s off in %s, in a region block of the component deployed there:\n\n"+
		"    region %q {\n      settings = {\n%s"+
		"        exceptions = [{ control = \"DET-06\", reason = \"%s managed by the baseline in %s\" }]\n      }\n    }\n\n"+
		"Turning it off needs that DET-06 exception, here and at plan; a region block's exceptions replace the component's, so repeat any others there.",
		capitalise(andList(objects))+are, andList(on), regionList(owners), account, it, it, keep.Region, it, regionList(others), others[0].Region,
		strings.Join(lines, ""), andList(objects)+isAre(len(shared)), keep.Region)
	return atComponents(owners, fmt.Sprintf("%s%s on in more than one region of account %s", andList(names), isAre(len(shared)), account), detail)
}

// isAre is " is" for one object and " are" for several.
func isAre(n int) string {
	if n == 1 {
		return " is"
	}
	return " are"
}

func capitalise(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// regionList is "us-east-1 and us-west-2", or "a, b and c".
func regionList(units []*Unit) string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Region
	}
	return andList(names)
}

// andList is "a", "a and b", or "a, b and c".
func andList(names []string) string {
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
