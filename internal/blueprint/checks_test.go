package blueprint

import (
	"reflect"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// baselineSettings reads values as a baseline unit's settings.
func baselineSettings(t *testing.T, values map[string]cty.Value) settings {
	t.Helper()
	v, err := convert.Convert(cty.ObjectVal(values), checkType(kindBaseline))
	if err != nil {
		t.Fatal(err)
	}
	return settings{v}
}

// TestBaselineSpec_settings: every setting present replaces its default,
// and every setting absent (or an empty nested object) keeps it.
func TestBaselineSpec_settings(t *testing.T) {
	in := checkInput{Region: "us-gov-west-1", AccountID: "111122223333", DefaultTags: map[string]string{"environment": "prod"}}
	key := "arn:aws:kms:us-gov-west-1:111122223333:key/00000000-0000-4000-8000-000000000000"
	strs := func(vs ...string) cty.Value {
		out := make([]cty.Value, len(vs))
		for i, v := range vs {
			out[i] = cty.StringVal(v)
		}
		return cty.SetVal(out)
	}

	in.Settings = baselineSettings(t, map[string]cty.Value{"kms_key_arn": cty.StringVal(key), "guardduty": cty.EmptyObjectVal,
		"password_policy": cty.ObjectVal(map[string]cty.Value{"max_age_days": cty.NumberIntVal(60)})})
	want := baseline.Default()
	want.KMSKeyARN, want.Region, want.AccountID, want.Partition, want.DefaultTags = key, in.Region, in.AccountID, "aws-us-gov", in.DefaultTags
	want.PasswordPolicy.MaxAgeDays = 60
	if got := baselineSpec(in); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", got, want)
	}

	in.Settings = baselineSettings(t, map[string]cty.Value{
		"kms_key_arn": cty.StringVal(key), "ebs_default_encryption_kms_key_arn": cty.StringVal(key + "1"),
		"guardduty":       cty.ObjectVal(map[string]cty.Value{"features": strs("S3_DATA_EVENTS"), "finding_publishing_frequency": cty.StringVal("SIX_HOURS")}),
		"security_hub":    cty.ObjectVal(map[string]cty.Value{"standards": strs(baseline.StandardFSBP)}),
		"config":          cty.ObjectVal(map[string]cty.Value{"conformance_pack": cty.False}),
		"inspector":       cty.ObjectVal(map[string]cty.Value{"resource_types": strs("LAMBDA_CODE")}),
		"access_analyzer": cty.False, "s3_account_public_access_block": cty.False,
		"password_policy": cty.ObjectVal(map[string]cty.Value{"minimum_length": cty.NumberIntVal(20), "max_age_days": cty.NumberIntVal(30),
			"reuse_prevention": cty.NumberIntVal(12)}),
		"tags":       cty.MapVal(map[string]cty.Value{"team": cty.StringVal("sec")}),
		"exceptions": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"control": cty.StringVal("DET-04"), "reason": cty.StringVal("r")})}),
	})
	want = baseline.Spec{KMSKeyARN: key, EBSKMSKeyARN: key + "1", GuardDutyFeatures: []string{"S3_DATA_EVENTS"}, FindingFrequency: "SIX_HOURS",
		Standards: []string{baseline.StandardFSBP}, InspectorResourceTypes: []string{"LAMBDA_CODE"},
		PasswordPolicy: baseline.PasswordPolicy{MinimumLength: 20, MaxAgeDays: 30, ReusePrevention: 12},
		Region:         in.Region, AccountID: in.AccountID, Partition: "aws-us-gov", Tags: map[string]string{"team": "sec"}, DefaultTags: in.DefaultTags,
		Exceptions: []compliance.Exception{{Control: "DET-04", Reason: "r"}}}
	if got := baselineSpec(in); !reflect.DeepEqual(got, want) {
		t.Errorf("every setting:\n got %+v\nwant %+v", got, want)
	}
}
