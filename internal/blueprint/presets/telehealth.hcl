# hipaagen blueprint: telehealth platform.
#
# One production environment in us-east-1: a customer-managed key, a
# three-AZ network (public, app and data tiers; NAT per AZ; interface
# endpoints for Secrets Manager, KMS, CloudWatch Logs and STS), a Multi-AZ
# PostgreSQL database behind an RDS Proxy with its master password rotated
# every 30 days, a multi-region audit trail and the account's security
# baseline (GuardDuty, Security Hub, Config, Access Analyzer, Inspector).
# The evidence buckets (the trail's logs, the Config history, and their
# access logs) replicate to us-west-2 under a key made there. A backup plan
# backs the database up daily, keeps each backup 35 days and copies it to
# us-west-2, into vaults locked in compliance mode.
#
# Replace the account ID, the state bucket and its key, then run:
#   hipaagen stack --blueprint telehealth.hcl --out live --format terragrunt

organisation        = "telehealth"
data_classification = "phi"
compliance_mode     = "enforce"

state {
  bucket      = "telehealth-terraform-state"
  kms_key_arn = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001"
  region      = "us-east-1"
}

environment "prod" {
  account_id = "111111111111"
  regions    = ["us-east-1"]

  component "keys" "phi" {
    settings = {
      description      = "Customer key for PHI stores, their backups and logs"
      allowed_services = ["backup", "cloudtrail", "config", "ebs", "logs", "rds", "s3", "secretsmanager"]
    }
  }

  component "network" "main" {
    settings = {
      cidr_block          = "10.10.0.0/16"
      availability_zones  = ["us-east-1a", "us-east-1b", "us-east-1c"]
      database_ports      = [5432]
      flow_logs           = { retention_days = 731 }
      interface_endpoints = ["kms", "logs", "secretsmanager", "sts"]
    }
    inputs_from = {
      "flow_logs.kms_key_arn" = "keys.phi.arn"
    }
  }

  component "database" "visits" {
    settings = {
      engine                        = "postgres"
      instance_class                = "db.r6g.large"
      allocated_storage             = 100
      max_allocated_storage         = 500
      allowed_cidr_blocks           = ["10.10.128.0/17"] # the app tier of 10.10.0.0/16
      master_password_rotation_days = 30
      proxy                         = { enabled = true }
    }
    inputs_from = {
      vpc_id      = "network.main.id"
      subnet_ids  = "network.main.data_subnet_ids"
      kms_key_arn = "keys.phi.arn"
    }
  }

  # The key of the replicas in us-west-2: made there (provider_region) by
  # the us-east-1 root, with the resources that use it.
  component "keys" "replica" {
    provider_region = "us-west-2"
    settings = {
      description      = "Customer key for the replicas in us-west-2"
      allowed_services = ["backup", "s3"]
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

  # Daily backups of the database, kept 35 days and copied to us-west-2
  # under the replica key. Both vaults are locked in compliance mode: three
  # days after the first apply nobody, root included, can shorten retention
  # or delete a vault that holds recovery points.
  component "backup" "daily" {
    settings = {
      vault_lock = { min_retention_days = 35, max_retention_days = 365 }
      rules = [{
        name           = "daily"
        schedule       = "cron(0 5 ? * * *)"
        retention_days = 35
        copy_to        = [{ region = "us-west-2" }]
      }]
    }
    inputs_from = {
      kms_key_arn                       = "keys.phi.arn"
      "rules[0].copy_to[0].kms_key_arn" = "keys.replica.arn"
      resource_arns                     = ["database.visits.arn"]
    }
  }

  component "baseline" "account" {
    settings = {
      guardduty                      = { finding_publishing_frequency = "FIFTEEN_MINUTES" }
      config                         = { conformance_pack = true }
      access_analyzer                = true
      s3_account_public_access_block = true
      password_policy                = { minimum_length = 14, max_age_days = 90, reuse_prevention = 24 }
      replication                    = { region = "us-west-2" }
    }
    inputs_from = {
      kms_key_arn                        = "keys.phi.arn"
      ebs_default_encryption_kms_key_arn = "keys.phi.arn"
      "replication.kms_key_arn"          = "keys.replica.arn"
    }
  }
}
