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

// passwordOff turns the password policy off in region (the S3 block stays on).
func passwordOff(region string) string {
	return `    region "` + region + `" {
      settings = { password_policy = { enabled = false },
        exceptions = [{ control = "DET-06", reason = "the password policy is managed by the baseline in us-east-1" }] }
    }
`
}

// TestParse_accountWideSettings: an account's S3 public access block and
// its password policy are each on in one region only; the error names the
// settings, the regions, and the fix (one region block for both).
func TestParse_accountWideSettings(t *testing.T) {
	sharedAccount := env(keysComponent+baselineComponent("a", "")) + strings.NewReplacer(`"prod"`, `"staging"`,
		`["us-east-1", "us-west-2"]`, `["eu-west-1"]`).Replace(strings.TrimPrefix(env(keysComponent+baselineComponent("b", "")), preamble))
	for _, tc := range []struct {
		name, src string
		errors    []string // the position of each error
		want      []string // in each error's summary or detail
	}{
		{name: "S3 block on in two regions", src: env(keysComponent + baselineComponent("a", passwordOff("us-west-2"))),
			errors: []string{"14:3"}, want: []string{"s3_account_public_access_block is on (its default is true) in us-east-1 and us-west-2 of account 111122223333",
				"Keep it on in one region (us-east-1) and turn it off in us-west-2", "region \"us-west-2\" {", "        s3_account_public_access_block = false\n",
				`control = "DET-06"`, "managed by the baseline in us-east-1"}},
		{name: "both on in two regions", src: env(keysComponent + baselineComponent("a", "")),
			errors: []string{"14:3"}, want: []string{"s3_account_public_access_block and password_policy are on in more than one region of account 111122223333",
				"The account S3 public access block and the IAM password policy are each one object per account",
				"Keep them on in one region (us-east-1) and turn them off in us-west-2",
				"        s3_account_public_access_block = false\n        password_policy = { enabled = false }\n",
				"the account S3 public access block and the IAM password policy are managed by the baseline in us-east-1"}},
		{name: "both off outside the first region", src: env(keysComponent + baselineComponent("a", s3BlockOff("us-west-2", ", password_policy = { enabled = false }")))},
		{name: "password policy on in two regions", src: env(keysComponent + baselineComponent("a", s3BlockOff("us-west-2", ", password_policy = { minimum_length = 16 }"))),
			errors: []string{"14:3"}, want: []string{"password_policy is on in more than one region", "password_policy is on (enabled defaults to true) in us-east-1 and us-west-2",
				"        password_policy = { enabled = false }\n", "the IAM password policy is managed by the baseline in us-east-1"}},
		{name: "password policy on only in the second region", src: env(keysComponent + `  component "baseline" "a" {
    settings    = { password_policy = { enabled = false }, exceptions = [{ control = "DET-06", reason = "kept by us-west-2" }] }
    inputs_from = { kms_key_arn = "keys.phi.arn" }
    region "us-west-2" {
      settings = { s3_account_public_access_block = false, password_policy = { enabled = true },
        exceptions = [{ control = "DET-06", reason = "the block is managed by the baseline in us-east-1" }] }
    }
  }
`)},
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
