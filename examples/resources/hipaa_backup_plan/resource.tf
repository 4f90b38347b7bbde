# The seed's plan: daily backups kept 24 months, intra-day snapshots kept
# 14 days, the daily ones copied to a second region, in vaults locked in
# compliance mode.
provider "hipaa" {
  region = "us-east-1"
}

provider "hipaa" {
  alias  = "dr"
  region = "us-west-2"
}

resource "hipaa_kms_key" "backup" {
  name             = "backup"
  allowed_services = ["backup"]
}

resource "hipaa_kms_key" "backup_dr" {
  provider         = hipaa.dr
  name             = "backup"
  allowed_services = ["backup"]
}

resource "hipaa_backup_plan" "phi" {
  name        = "phi"
  kms_key_arn = hipaa_kms_key.backup.arn

  vault_lock = {
    mode                = "compliance"
    min_retention_days  = 7
    max_retention_days  = 3650
    changeable_for_days = 7
  }

  rules = [
    {
      name           = "daily"
      schedule       = "cron(0 5 ? * * *)"
      retention_days = 730
      copy_to = [{
        region      = "us-west-2"
        kms_key_arn = hipaa_kms_key.backup_dr.arn
      }]
    },
    {
      name           = "intraday"
      schedule       = "cron(0 */4 ? * * *)"
      retention_days = 14
    },
  ]

  resource_arns = [
    "arn:aws:rds:us-east-1:123456789012:db:patients",
    "arn:aws:s3:::patient-files-123456789012-us-east-1",
  ]
}
