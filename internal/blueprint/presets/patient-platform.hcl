# hipaagen blueprint: multi-region patient platform.
#
# One production environment in us-east-1 and us-west-2. In each region: a
# customer-managed key, a three-AZ network with its own address range, an
# Aurora PostgreSQL cluster and the account's security baseline (one per
# region; the account S3 public access block is managed by the one in the
# primary region only). One multi-region audit trail, in the primary region,
# keeps the audit logs ten years: Standard 30 days, then Infrequent Access,
# then Deep Archive from day 150, expiring after 3653 days. A PHI bucket in
# the primary region replicates to us-west-2 under a key of its own there,
# and its presigned URLs work ten minutes at most. A backup plan in the
# primary region backs up its database and the bucket daily, keeps each
# backup 35 days (the first of the month a year) and copies them to
# us-west-2, into vaults locked in compliance mode.
#
# Replace the account ID, the state bucket and its key, then run:
#   hipaagen stack --blueprint patient-platform.hcl --out live --format terragrunt

organisation        = "patient-platform"
data_classification = "phi"
compliance_mode     = "enforce"

state {
  bucket      = "patient-platform-terraform-state"
  kms_key_arn = "arn:aws:kms:us-east-1:222222222222:key/00000000-0000-4000-8000-000000000002"
  region      = "us-east-1"
}

environment "prod" {
  account_id = "222222222222"
  regions    = ["us-east-1", "us-west-2"]

  component "keys" "phi" {
    settings = {
      description      = "Customer key for patient records, their backups and logs"
      allowed_services = ["backup", "cloudtrail", "config", "ebs", "logs", "rds", "s3", "secretsmanager"]
    }
  }

  component "network" "main" {
    settings = {
      cidr_block          = "10.20.0.0/16"
      availability_zones  = ["us-east-1a", "us-east-1b", "us-east-1c"]
      database_ports      = [5432]
      flow_logs           = { retention_days = 731 }
      interface_endpoints = ["kms", "logs", "secretsmanager", "sts"]
    }
    inputs_from = {
      "flow_logs.kms_key_arn" = "keys.phi.arn"
    }

    region "us-west-2" {
      settings = {
        cidr_block         = "10.21.0.0/16"
        availability_zones = ["us-west-2a", "us-west-2b", "us-west-2c"]
      }
    }
  }

  component "database" "records" {
    settings = {
      engine                        = "aurora-postgresql"
      instance_class                = "db.r6g.large"
      instance_count                = 2
      allowed_cidr_blocks           = ["10.20.128.0/17"] # the app tier of 10.20.0.0/16
      master_password_rotation_days = 30
      database_name                 = "records"
    }
    inputs_from = {
      vpc_id      = "network.main.id"
      subnet_ids  = "network.main.data_subnet_ids"
      kms_key_arn = "keys.phi.arn"
    }

    region "us-west-2" {
      settings = {
        allowed_cidr_blocks = ["10.21.128.0/17"] # the app tier of 10.21.0.0/16
      }
    }
  }

  component "audit" "trail" {
    # A multi-region trail: one, in the primary region, records every region.
    regions = ["us-east-1"]
    settings = {
      cloudwatch_retention_days = 2192
      object_lock_days          = 2192
      # 30 days in Standard, 150 in Standard-IA, then ten years in Deep Archive.
      transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 180, storage_class = "DEEP_ARCHIVE" },
      ]
      expire_after_days = 3833
      replication       = { region = "us-west-2" }
    }
    inputs_from = {
      kms_key_arn               = "keys.phi.arn"
      "replication.kms_key_arn" = "keys.replica.arn"
    }
  }

  # The key of the replicas and backup copies: made in us-west-2
  # (provider_region) by the us-east-1 root, with the bucket that uses it.
  component "keys" "replica" {
    regions         = ["us-east-1"]
    provider_region = "us-west-2"
    settings = {
      description      = "Customer key for the replicas of patient files and the copies of backups"
      allowed_services = ["backup", "s3"]
    }
  }

  component "bucket" "files" {
    regions = ["us-east-1"]
    settings = {
      presigned_url_max_age_seconds = 600
      replication                   = { region = "us-west-2" }
    }
    inputs_from = {
      kms_key_arn               = "keys.phi.arn"
      "replication.kms_key_arn" = "keys.replica.arn"
    }
  }

  # Daily and monthly backups of the primary region's database and patient
  # files, each copied to us-west-2 under the replica key.
  component "backup" "daily" {
    regions = ["us-east-1"]
    settings = {
      vault_lock = { min_retention_days = 35, max_retention_days = 365 }
      rules = [
        {
          name           = "daily"
          schedule       = "cron(0 5 ? * * *)"
          retention_days = 35
          copy_to        = [{ region = "us-west-2" }]
        },
        {
          name           = "monthly"
          schedule       = "cron(0 6 1 * ? *)"
          retention_days = 365
          copy_to        = [{ region = "us-west-2" }]
        },
      ]
    }
    inputs_from = {
      kms_key_arn                       = "keys.phi.arn"
      "rules[0].copy_to[0].kms_key_arn" = "keys.replica.arn"
      "rules[1].copy_to[0].kms_key_arn" = "keys.replica.arn"
      resource_arns                     = ["database.records.arn", "bucket.files.arn"]
    }
  }

  component "baseline" "account" {
    settings = {
      guardduty                      = { finding_publishing_frequency = "FIFTEEN_MINUTES" }
      config                         = { conformance_pack = true }
      access_analyzer                = true
      s3_account_public_access_block = true
      password_policy                = { minimum_length = 14, max_age_days = 90, reuse_prevention = 24 }
    }
    inputs_from = {
      kms_key_arn                        = "keys.phi.arn"
      ebs_default_encryption_kms_key_arn = "keys.phi.arn"
    }

    # The S3 public access block and the IAM password policy are one per
    # account, not per region: the baseline in us-east-1 manages both, the
    # one in us-west-2 leaves them alone.
    region "us-west-2" {
      settings = {
        s3_account_public_access_block = false
        password_policy                = { enabled = false }
        exceptions = [{
          control = "DET-06"
          reason  = "the account S3 public access block and the IAM password policy are managed by the baseline in us-east-1"
        }]
      }
    }
  }
}
