provider "hipaa" {
  region = "us-east-1"
}

# The replica's key lives in the replica's region: a second provider block.
provider "hipaa" {
  alias  = "replica"
  region = "us-west-2"
}

resource "hipaa_kms_key" "phi" {
  name             = "patient-files"
  allowed_services = ["s3"]
}

resource "hipaa_kms_key" "phi_replica" {
  provider         = hipaa.replica
  name             = "patient-files"
  allowed_services = ["s3"]
}

resource "hipaa_bucket" "patient_files" {
  name        = "patient-files"
  kms_key_arn = hipaa_kms_key.phi.arn

  # Presigned download links work 10 minutes at most, whatever they were signed for.
  presigned_url_max_age_seconds = 600

  reader_arns = ["arn:aws:iam::123456789012:role/portal-api"]
  writer_arns = ["arn:aws:iam::123456789012:role/intake-worker"]

  transitions = [
    { days = 30, storage_class = "STANDARD_IA" },
    { days = 180, storage_class = "GLACIER_IR" },
  ]
  noncurrent_version_expire_after_days = 2192

  replication = {
    region      = "us-west-2"
    kms_key_arn = hipaa_kms_key.phi_replica.arn
  }

  tags = {
    data = "phi"
  }
}
