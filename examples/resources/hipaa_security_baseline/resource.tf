resource "hipaa_kms_key" "security" {
  name             = "security-baseline"
  allowed_services = ["s3", "logs"]
}

# One per account and region. Every argument below shows its default
# except kms_key_arn; weaker values are refused at plan unless an
# exception names the control.
resource "hipaa_security_baseline" "this" {
  kms_key_arn = hipaa_kms_key.security.arn

  guardduty = {
    features                     = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "EBS_MALWARE_PROTECTION"]
    finding_publishing_frequency = "FIFTEEN_MINUTES"
  }

  security_hub = {
    standards = [
      "aws-foundational-security-best-practices/v/1.0.0",
      "cis-aws-foundations-benchmark/v/3.0.0",
      "nist-800-53/v/5.0.0",
    ]
  }

  config          = { conformance_pack = true }
  access_analyzer = true
  inspector       = { resource_types = ["EC2", "ECR", "LAMBDA"] }

  s3_account_public_access_block = true
  password_policy = {
    minimum_length   = 14
    max_age_days     = 90
    reuse_prevention = 24
  }

  # Destroy leaves detection running unless this is true; even then it
  # turns off only what this resource turned on.
  disable_on_destroy = false
}
