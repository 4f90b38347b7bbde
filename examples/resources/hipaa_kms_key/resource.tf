resource "hipaa_kms_key" "phi" {
  name             = "phi"
  allowed_services = ["logs", "rds", "secretsmanager", "backup"]
  user_arns        = ["arn:aws:iam::123456789012:role/app"]

  tags = {
    team = "platform"
  }
}

# A waived control is a warning at every plan and is kept in state.
resource "hipaa_kms_key" "archive" {
  name                 = "archive"
  allowed_services     = ["s3"]
  rotation_period_days = 730

  exceptions = [{
    control = "KEY-02"
    reason  = "Archive key rotated every two years per risk assessment RA-2026-14"
  }]
}
