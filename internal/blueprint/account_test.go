package blueprint

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// baselineComponent is a baseline component (after keys: from line 14)
// with the given region blocks.
func baselineComponent(name, regionBlocks string) string {
	return `  component "baseline" "` + name + `" {
    inputs_from = { kms_key_arn = "keys.phi.arn" }
` + regionBlocks + "  }\n"
}

// s3BlockOff turns the account S3 public access block off in region, as
// the diagnostic says.
func s3BlockOff(region, extra string) string {
	return `    region "` + region + `" {
      settings = { s3_account_public_access_block = false` + extra + `,
        exceptions = [{ control = "DET-06", reason = "the block is managed by the baseline in us-east-1" }] }
    }
`
}

// TestParse_accountWideSettings: an account's S3 public access block is on
// in one region only, and its password policy is the same in every region;
// the error names the setting, the regions, and the fix.
func TestParse_accountWideSettings(t *testing.T) {
	sharedAccount := env(keysComponent+baselineComponent("a", "")) + strings.NewReplacer(`"prod"`, `"staging"`,
		`["us-east-1", "us-west-2"]`, `["eu-west-1"]`).Replace(strings.TrimPrefix(env(keysComponent+baselineComponent("b", "")), preamble))
	for _, tc := range []struct {
		name, src string
		errors    []string // the position of each error
		want      []string // in each error's summary or detail
	}{
		{name: "S3 block on in two regions", src: env(keysComponent + baselineComponent("a", "")),
			errors: []string{"14:3"}, want: []string{"s3_account_public_access_block is on (its default is true) in us-east-1 and us-west-2 of account 111122223333",
				"Keep it on in one region (us-east-1) and turn it off in us-west-2", "region \"us-west-2\" {", "s3_account_public_access_block = false",
				`control = "DET-06"`, "managed by the baseline in us-east-1"}},
		{name: "S3 block off outside the first region", src: env(keysComponent + baselineComponent("a", s3BlockOff("us-west-2", "")))},
		{name: "same password policy set per region", src: env(keysComponent + baselineComponent("a",
			s3BlockOff("us-west-2", ", password_policy = { minimum_length = 14, max_age_days = 90 }")))},
		{name: "password policies differ", src: env(keysComponent + baselineComponent("a", s3BlockOff("us-west-2", ", password_policy = { minimum_length = 16 }"))),
			errors: []string{"14:3"}, want: []string{"password_policy differs", "us-east-1: minimum_length 14, max_age_days 90, reuse_prevention 24",
				"us-west-2: minimum_length 16, max_age_days 90, reuse_prevention 24", "in the component's settings, not in a region block"}},
		{name: "account shared by two environments", src: sharedAccount,
			errors: []string{"14:3", "24:3"}, want: []string{"in us-east-1, us-west-2 and eu-west-1 of account 111122223333"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Parse([]byte(tc.src), "account.hcl")
			var errs hcl.Diagnostics
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					errs = append(errs, d)
				} else if !strings.Contains(d.Summary, "DET-06") || !strings.Contains(d.Summary, "waived by exception") {
					t.Errorf("unexpected warning %s", d.Summary)
				}
			}
			if len(errs) != len(tc.errors) {
				t.Fatalf("want %d error(s), got %v", len(tc.errors), diags)
			}
			for i, d := range errs {
				if position(d) != tc.errors[i] {
					t.Errorf("error %d at %s, want %s: %s", i, position(d), tc.errors[i], d.Summary)
				}
				for _, w := range tc.want {
					if !strings.Contains(d.Summary+"\n"+d.Detail, w) {
						t.Errorf("error %d: want %q in:\n%s", i, w, d.Detail)
					}
				}
			}
		})
	}
}
