# hipaagen blueprint: medical imaging archive.
#
# One production environment in us-east-1: a customer-managed key, a
# three-AZ network, a Multi-AZ PostgreSQL database for the study index, a
# multi-region audit trail, and a PHI bucket for the images. The bucket
# keeps every object version under Object Lock in COMPLIANCE mode for six
# years, moves images to cheaper classes as they age, and replicates them
# to us-west-2, under a second key made there (provider_region). A backup
# plan keeps daily backups of the study index and the images 24 months,
# copied to us-west-2, and snapshots every four hours for 14 days, in
# vaults locked in compliance mode.
#
# Replace the account ID, the state bucket and its key, then run:
#   hipaagen stack --blueprint imaging-archive.hcl --out live --format terragrunt

organisation        = "imaging-archive"
data_classification = "phi"
compliance_mode     = "enforce"

state {
  bucket      = "imaging-archive-terraform-state"
  kms_key_arn = "arn:aws:kms:us-east-1:333333333333:key/00000000-0000-4000-8000-000000000003"
  region      = "us-east-1"
}

environment "prod" {
  account_id = "333333333333"
  regions    = ["us-east-1"]

  component "keys" "phi" {
    settings = {
      description      = "Customer key for images, the study index and their logs"
      allowed_services = ["backup", "cloudtrail", "logs", "rds", "s3", "secretsmanager"]
    }
  }

  # The key of the images' replicas and the backup copies, in the replica
  # region.
  component "keys" "replica" {
    provider_region = "us-west-2"
    settings = {
      description      = "Customer key for the replicas of images and the copies of backups"
      allowed_services = ["backup", "s3"]
    }
  }

  component "network" "main" {
    settings = {
      cidr_block          = "10.30.0.0/16"
      availability_zones  = ["us-east-1a", "us-east-1b", "us-east-1c"]
      database_ports      = [5432]
      flow_logs           = { retention_days = 731 }
      interface_endpoints = ["kms", "logs", "secretsmanager", "sts"]
    }
    inputs_from = {
      "flow_logs.kms_key_arn" = "keys.phi.arn"
    }
  }

  component "database" "studies" {
    settings = {
      engine                        = "postgres"
      instance_class                = "db.r6g.large"
      allocated_storage             = 100
      max_allocated_storage         = 1000
      allowed_cidr_blocks           = ["10.30.128.0/17"] # the app tier of 10.30.0.0/16
      master_password_rotation_days = 30
    }
    inputs_from = {
      vpc_id      = "network.main.id"
      subnet_ids  = "network.main.data_subnet_ids"
      kms_key_arn = "keys.phi.arn"
    }
  }

  component "audit" "trail" {
    settings = {
      cloudwatch_retention_days = 2192
      replication               = { region = "us-west-2" }
    }
    inputs_from = {
      kms_key_arn               = "keys.phi.arn"
      "replication.kms_key_arn" = "keys.replica.arn"
    }
  }

  component "bucket" "images" {
    settings = {
      object_lock = { mode = "COMPLIANCE", days = 2192 }
      # Standard-IA after 30 days, Glacier Instant Retrieval after 90 (a
      # prior study still opens in milliseconds), Deep Archive after a year.
      transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 90, storage_class = "GLACIER_IR" },
        { days = 365, storage_class = "DEEP_ARCHIVE" },
      ]
      presigned_url_max_age_seconds = 600
      replication                   = { region = "us-west-2" }
    }
    inputs_from = {
      kms_key_arn               = "keys.phi.arn"
      "replication.kms_key_arn" = "keys.replica.arn"
    }
  }

  # Daily backups kept 24 months and copied to us-west-2; snapshots every
  # four hours kept 14 days. Both vaults are locked in compliance mode:
  # seven days after the first apply nobody, root included, can shorten
  # retention or delete a vault that holds recovery points.
  component "backup" "archive" {
    settings = {
      vault_lock = { mode = "compliance", min_retention_days = 7, max_retention_days = 3650, changeable_for_days = 7 }
      rules = [
        {
          name           = "daily"
          schedule       = "cron(0 5 ? * * *)"
          retention_days = 730
          copy_to        = [{ region = "us-west-2" }]
        },
        {
          name           = "intraday"
          schedule       = "cron(0 */4 ? * * *)"
          retention_days = 14
        },
      ]
    }
    inputs_from = {
      kms_key_arn                       = "keys.phi.arn"
      "rules[0].copy_to[0].kms_key_arn" = "keys.replica.arn"
      resource_arns                     = ["database.studies.arn", "bucket.images.arn"]
    }
  }
}
