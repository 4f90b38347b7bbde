resource "hipaa_kms_key" "audit" {
  name             = "audit"
  allowed_services = ["cloudtrail", "logs", "s3"]
}

resource "hipaa_audit_trail" "org" {
  name                   = "org-audit"
  kms_key_arn            = hipaa_kms_key.audit.arn
  data_event_bucket_arns = ["arn:aws:s3:::patient-records"]

  # 30 days in Standard, 150 in Standard-IA, then ten years in Deep Archive (the default).
  transitions = [
    { days = 30, storage_class = "STANDARD_IA" },
    { days = 180, storage_class = "DEEP_ARCHIVE" },
  ]
  expire_after_days = 3833
  object_lock_days  = 2192
}
