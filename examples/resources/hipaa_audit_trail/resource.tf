resource "hipaa_kms_key" "audit" {
  name             = "audit"
  allowed_services = ["cloudtrail", "logs", "s3"]
}

resource "hipaa_audit_trail" "org" {
  name                   = "org-audit"
  kms_key_arn            = hipaa_kms_key.audit.arn
  data_event_bucket_arns = ["arn:aws:s3:::patient-records"]

  log_lifecycle = {
    standard_days          = 30
    infrequent_access_days = 150
    expire_after_days      = 3653
  }
  object_lock_days = 2192
}
