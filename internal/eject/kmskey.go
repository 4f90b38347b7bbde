package eject

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

// KMSKey renders a hipaa_kms_key as aws_kms_key (the same description,
// rotation, least-privilege policy and tags) and aws_kms_alias, labelled
// name. It returns the expression of the key's ARN, for the resources that
// are encrypted with it.
func (e *File) KMSKey(name, region string, s kmskey.Spec) string {
	s = s.WithDefaults()
	policy, err := kmskey.Policy(s, kmskey.Env{Partition: partitionPlaceholder, Region: region, AccountID: accountPlaceholder})
	if err != nil {
		panic(err) // only a missing account ID fails, and the placeholder is set
	}
	lbl := label(name, "")
	k := e.resource("aws_kms_key", lbl)
	k.SetAttributeValue("description", cty.StringVal(s.Description))
	k.SetAttributeValue("deletion_window_in_days", cty.NumberIntVal(int64(s.DeletionWindowDays)))
	k.SetAttributeValue("enable_key_rotation", cty.True)
	if s.RotationPeriodDays != kmskey.DefaultRotationPeriodDays {
		// 365 is also AWS's default; leaving it out keeps plans empty
		// against an emulator that does not return the period.
		k.SetAttributeValue("rotation_period_in_days", cty.NumberIntVal(int64(s.RotationPeriodDays)))
	}
	e.expr(k, "policy", e.policy(policy))
	e.expr(k, "tags", mapExpr(s.AllTags()))
	a := e.resource("aws_kms_alias", lbl)
	a.SetAttributeValue("name", cty.StringVal(s.AliasName()))
	e.expr(a, "target_key_id", "aws_kms_key."+lbl+".key_id")
	return "aws_kms_key." + lbl + ".arn"
}
