package eject_test

import (
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// baselineConfig is a security baseline with every argument set (as the
// telehealth blueprint sets them), on a hipaa_kms_key; %s adds arguments.
const baselineConfig = `
resource "hipaa_kms_key" "phi" {
  name             = "ej-baseline"
  allowed_services = ["config", "ebs", "s3"]
}

resource "hipaa_security_baseline" "account" {
  kms_key_arn                        = hipaa_kms_key.phi.arn
  ebs_default_encryption_kms_key_arn = hipaa_kms_key.phi.arn
  guardduty                          = { finding_publishing_frequency = "ONE_HOUR", features = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "EBS_MALWARE_PROTECTION", "LAMBDA_NETWORK_LOGS"] }
  security_hub                       = { standards = ["aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0", "nist-800-53/v/5.0.0"] }
  config                             = { conformance_pack = true }
  access_analyzer                    = true
  inspector                          = { resource_types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] }
  s3_account_public_access_block     = true
  password_policy                    = { minimum_length = 16, max_age_days = 60, reuse_prevention = 24 }
  tags                               = { team = "security" }
%s
}
`

func baselineSrc(extra string) string { return strings.Replace(baselineConfig, "%s", extra, 1) }

// TestConfig_securityBaseline: one block per child of the layout, the key
// referenced where the layout carries its ARN, the conformance pack template
// verbatim, deterministic and terraform fmt clean.
func TestConfig_securityBaseline(t *testing.T) {
	out := ejectStable(t, baselineSrc("  disable_on_destroy = true"))
	got := resourceCounts(t, out)
	want := map[string]int{"aws_kms_key": 1, "aws_kms_alias": 1,
		"aws_s3_bucket": 2, "aws_s3_bucket_policy": 2, "aws_s3_bucket_versioning": 2, "aws_s3_bucket_server_side_encryption_configuration": 2,
		"aws_s3_bucket_public_access_block": 2, "aws_s3_bucket_ownership_controls": 2, "aws_s3_bucket_lifecycle_configuration": 2,
		"aws_s3_bucket_logging": 1, "aws_iam_role": 1, "aws_iam_policy": 1, "aws_iam_role_policy_attachment": 2,
		"aws_config_configuration_recorder": 1, "aws_config_delivery_channel": 1, "aws_config_configuration_recorder_status": 1,
		"aws_config_conformance_pack": 1, "aws_guardduty_detector": 1, "aws_guardduty_detector_feature": 4,
		"aws_securityhub_account": 1, "aws_securityhub_standards_subscription": 3, "aws_accessanalyzer_analyzer": 1,
		"aws_inspector2_enabler": 1, "aws_ebs_encryption_by_default": 1, "aws_ebs_default_kms_key": 1,
		"aws_s3_account_public_access_block": 1, "aws_iam_account_password_policy": 1}
	for typ, n := range want {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("resource types %v, want %v", got, want)
	}
	s := string(out)
	for _, w := range []string{
		"s3_kms_key_arn = aws_kms_key.phi.arn",
		"key_arn    = aws_kms_key.phi.arn",
		`Resource = "${aws_kms_key.phi.arn}"`,
		"s3_bucket_name = aws_s3_bucket.account_bucket_config.bucket",
		"target_bucket = aws_s3_bucket.account_bucket_config_access_logs.id",
		`bucket              = "hipaa-config-${data.aws_caller_identity.current.account_id}-us-east-1"`,
		`standards_arn = "arn:${data.aws_partition.current.partition}:securityhub:us-east-1::standards/nist-800-53/v/5.0.0"`,
		`policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWS_ConfigRole"`,
		`resource_types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]`,
		`finding_publishing_frequency = "ONE_HOUR"`,
		"minimum_password_length        = 16",
		"template_body = <<EOT\n" + baseline.ConformancePackTemplate() + "EOT\n",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("output lacks %s", w)
		}
	}
	// disable_on_destroy has no plain equivalent: destroy turns everything off.
	if string(ejectFile(t, "main.tf", baselineSrc(""))) != s {
		t.Error("disable_on_destroy changed the output")
	}
	for _, p := range []string{"000000000000", "hipaagen-", "feedface"} {
		if strings.Contains(s, p) {
			t.Errorf("a placeholder (%s) leaked into the output", p)
		}
	}
}

// TestConfig_securityBaselineDefaults: the defaults of every argument.
func TestConfig_securityBaselineDefaults(t *testing.T) {
	src := `
resource "hipaa_kms_key" "k" {
  name             = "k"
  allowed_services = ["s3"]
}

resource "hipaa_security_baseline" "b" {
  kms_key_arn = hipaa_kms_key.k.arn
}
`
	out := string(ejectFile(t, "main.tf", src))
	got := resourceCounts(t, []byte(out))
	for typ, n := range map[string]int{"aws_guardduty_detector_feature": len(baseline.DefaultGuardDuty),
		"aws_securityhub_standards_subscription": len(baseline.DefaultStandards), "aws_config_conformance_pack": 1,
		"aws_accessanalyzer_analyzer": 1, "aws_s3_account_public_access_block": 1} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for _, w := range []string{`finding_publishing_frequency = "FIFTEEN_MINUTES"`, `resource_types = ["EC2", "ECR", "LAMBDA"]`,
		"minimum_password_length        = 14", "max_password_age               = 90", "password_reuse_prevention      = 24"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %s", w)
		}
	}
}

// TestConfig_securityBaselineOptionalParts: parts turned off (with their
// exceptions) are not rendered.
func TestConfig_securityBaselineOptionalParts(t *testing.T) {
	src := baselineSrc(`  exceptions = [
    { control = "DET-03", reason = "conformance pack deployed by the organisation" },
    { control = "DET-04", reason = "organisation analyzer in the audit account" },
    { control = "DET-06", reason = "account block managed by the landing zone" },
  ]`)
	src = strings.NewReplacer(`conformance_pack = true`, `conformance_pack = false`, `access_analyzer                    = true`,
		`access_analyzer                    = false`, `s3_account_public_access_block     = true`, `s3_account_public_access_block     = false`,
		`= { minimum_length = 16,`, `= { enabled = false, minimum_length = 16,`).Replace(src)
	got := resourceCounts(t, ejectFile(t, "main.tf", src))
	for _, typ := range []string{"aws_config_conformance_pack", "aws_accessanalyzer_analyzer", "aws_s3_account_public_access_block", "aws_iam_account_password_policy"} {
		if got[typ] != 0 {
			t.Errorf("%s rendered although turned off", typ)
		}
	}
	if got["aws_config_configuration_recorder"] != 1 || got["aws_guardduty_detector"] != 1 {
		t.Errorf("the rest of the baseline is missing: %v", got)
	}
}

// TestConfig_securityBaselineRefusals: eject refuses what the provider
// refuses at plan, with the provider's control message.
func TestConfig_securityBaselineRefusals(t *testing.T) {
	for name, c := range map[string]struct{ from, to, want string }{
		"weak password policy": {"minimum_length = 16", "minimum_length = 8",
			"password_policy.minimum_length: 8 characters is weaker than the floor of 14; use 14 or more"},
		"old passwords": {"max_age_days = 60", "max_age_days = 365", "passwords would live 365 days, longer than 90"},
		"GuardDuty without RDS and S3": {`features = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "EBS_MALWARE_PROTECTION", "LAMBDA_NETWORK_LOGS"]`,
			`features = ["EBS_MALWARE_PROTECTION"]`, "DET-01 GuardDuty must be on with S3 and RDS protection"},
		"GuardDuty off": {`features = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "EBS_MALWARE_PROTECTION", "LAMBDA_NETWORK_LOGS"]`,
			`features = []`, "DET-01"},
		"no conformance pack":  {"conformance_pack = true", "conformance_pack = false", "DET-03"},
		"unknown feature":      {`"LAMBDA_NETWORK_LOGS"`, `"DNS_LOGS"`, `guardduty.features: "DNS_LOGS" is not a GuardDuty feature`},
		"AWS-managed EBS key":  {"ebs_default_encryption_kms_key_arn = hipaa_kms_key.phi.arn", `ebs_default_encryption_kms_key_arn = "alias/aws/ebs"`, "DET-06"},
		"unknown argument":     {"access_analyzer                    = true", "analyser = true", "analyser"},
		"unknown nested field": {"conformance_pack = true", "conformance_pack = true, rules = []", "rules"},
		"password policy left alone": {"= { minimum_length = 16,", "= { enabled = false, minimum_length = 16,",
			"password_policy.enabled: without a managed password policy"},
	} {
		t.Run(name, func(t *testing.T) {
			src := baselineSrc("")
			if !strings.Contains(src, c.from) {
				t.Fatalf("the test config lacks %s", c.from)
			}
			_, err := eject.Config("main.tf", []byte(strings.Replace(src, c.from, c.to, 1)), eject.Options{Region: "us-east-1"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one mentioning %q", err, c.want)
			}
			if err != nil && !strings.Contains(err.Error(), "hipaa_security_baseline.account") {
				t.Errorf("error %v does not name the resource", err)
			}
		})
	}
	waived := baselineSrc(`  exceptions = [{ control = "DET-06", reason = "break-glass users rotate on a 180-day schedule" }]`)
	waived = strings.Replace(waived, "max_age_days = 60", "max_age_days = 180", 1)
	if !strings.Contains(string(ejectFile(t, "main.tf", waived)), "max_password_age               = 180") {
		t.Error("a waived password age is not rendered as set")
	}
}

// TestConfig_securityBaselineReplicated: the Config buckets' replicas
// (through the aws provider of us-west-2), the replication role and both
// rules, the same as the provider's layout.
func TestConfig_securityBaselineReplicated(t *testing.T) {
	src := westKeyConfig + baselineSrc("  replication = { region = \"us-west-2\", kms_key_arn = hipaa_kms_key.west.arn }")
	out := string(ejectFile(t, "main.tf", src))
	got := resourceCounts(t, []byte(out))
	for typ, n := range map[string]int{"aws_s3_bucket": 4, "aws_s3_bucket_replication_configuration": 2, "aws_iam_role": 2, "aws_iam_policy": 2} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for _, want := range []string{
		"resource \"aws_s3_bucket\" \"account_replica_bucket_config\" {\n  provider            = aws.us_west_2\n",
		`bucket              = "hipaa-config-us-east-1-replica-${data.aws_caller_identity.current.account_id}-us-west-2"`,
		"replica_kms_key_id = aws_kms_key.west.arn",
		`"hipaa-config-us-east-1-replication"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the eject lacks %q", want)
		}
	}
}
