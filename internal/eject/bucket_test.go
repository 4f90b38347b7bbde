package eject_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// bucketResource is a replicated, locked hipaa_bucket; westKey is the HCL
// of the replica's key in us-west-2.
func bucketResource(westKey string) string {
	return fmt.Sprintf(`
resource "hipaa_kms_key" "phi" {
  name             = "ej-bucket"
  allowed_services = ["s3"]
}

resource "hipaa_bucket" "files" {
  name                          = "ejbucket"
  kms_key_arn                   = hipaa_kms_key.phi.arn
  object_lock                   = { days = 1 }
  presigned_url_max_age_seconds = 300
  reader_arns                   = ["arn:aws:iam::123456789012:role/portal-api"]
  writer_arns                   = ["arn:aws:iam::123456789012:role/intake-worker"]
  replication                   = { region = "us-west-2", kms_key_arn = %s }
  retain_on_destroy             = false
}
`, westKey)
}

// westKeyConfig is a provider alias for us-west-2 and the replica's key
// made through it: hipaa_kms_key.west.arn.
const westKeyConfig = `
provider "hipaa" {
  alias  = "west"
  region = "us-west-2"
}

resource "hipaa_kms_key" "west" {
  provider         = hipaa.west
  name             = "ej-bucket-west"
  allowed_services = ["s3"]
}
`

// TestConfig_bucket: the four hardened buckets (the replica and its
// access-log bucket, and the replica's key, through the aws provider of
// us-west-2), the replication role and policy, and both replication
// configurations.
func TestConfig_bucket(t *testing.T) {
	out := ejectFile(t, "main.tf", westKeyConfig+bucketResource("hipaa_kms_key.west.arn"))
	got := resourceCounts(t, out)
	for typ, n := range map[string]int{"aws_kms_key": 2, "aws_s3_bucket": 4, "aws_s3_bucket_policy": 4, "aws_s3_bucket_versioning": 4,
		"aws_s3_bucket_server_side_encryption_configuration": 4, "aws_s3_bucket_public_access_block": 4,
		"aws_s3_bucket_ownership_controls": 4, "aws_s3_bucket_lifecycle_configuration": 4, "aws_s3_bucket_object_lock_configuration": 2,
		"aws_s3_bucket_logging": 2, "aws_iam_role": 1, "aws_iam_policy": 1, "aws_iam_role_policy_attachment": 1,
		"aws_s3_bucket_replication_configuration": 2} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for _, want := range []string{
		"provider \"aws\" {\n  alias  = \"us_west_2\"\n  region = \"us-west-2\"\n}",
		"resource \"aws_kms_key\" \"west\" {\n  provider ",
		"resource \"aws_s3_bucket\" \"files_replica_bucket\" {\n  provider            = aws.us_west_2\n",
		`bucket              = "ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2"`,
		"target_bucket = aws_s3_bucket.files_replica_access_logs.id",
		"kms_master_key_id = aws_kms_key.west.arn",
		"replica_kms_key_id = aws_kms_key.west.arn",
		`"s3:signatureAge" = "300000"`,
		"depends_on = [aws_s3_bucket_versioning.files_bucket_data, aws_s3_bucket_versioning.files_replica_bucket, aws_iam_role_policy_attachment.files_replication_policy]",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(string(out), "force_destroy       = true") {
		t.Error("a bucket is emptied on destroy; the provider never deletes an object")
	}
	golden(t, "testdata/bucket.tf", out)
}

// TestConfig_providerAliases: a resource names a provider alias that
// exists and has a region.
func TestConfig_providerAliases(t *testing.T) {
	for src, want := range map[string]string{
		strings.Replace(westKeyConfig, "hipaa.west", "hipaa.east", 1):                                                   `hipaa_kms_key.west: no provider "hipaa" has alias "east"`,
		strings.Replace(westKeyConfig, "  region = \"us-west-2\"\n", "", 1):                                             `provider "hipaa" alias "west": set its region`,
		strings.Replace(westKeyConfig, "hipaa.west", "aws.west", 1):                                                     "hipaa_kms_key.west: provider must be hipaa.<alias>",
		westKeyConfig + bucketResource(`"arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000"`): "replication.kms_key_arn",
	} {
		_, err := eject.Config("main.tf", []byte(src), eject.Options{Region: "us-east-1"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %s", err, want)
		}
	}
}
