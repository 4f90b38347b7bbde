terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "us_west_2"
  region = "us-west-2"
}

data "aws_caller_identity" "current" {
}

data "aws_partition" "current" {
}

resource "aws_kms_key" "backup" {
  description             = "HIPAA customer-managed key ej-backup (terraform-provider-hipaa)"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Statement = [{
      Action = ["kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*", "kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:Update*"]
      Effect = "Allow"
      Principal = {
        AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
      }
      Resource = "*"
      Sid      = "AccountRootAdministersKey"
      }, {
      Action = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ListGrants", "kms:ReEncrypt*", "kms:RevokeGrant"]
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "${data.aws_caller_identity.current.account_id}"
          "kms:ViaService"    = "backup.us-east-1.amazonaws.com"
        }
      }
      Effect = "Allow"
      Principal = {
        AWS = "*"
      }
      Resource = "*"
      Sid      = "Service-backup"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-backup" }
}

resource "aws_kms_alias" "backup" {
  name          = "alias/ej-backup"
  target_key_id = aws_kms_key.backup.key_id
}

resource "aws_kms_key" "backup_west" {
  provider                = aws.us_west_2
  description             = "HIPAA customer-managed key ej-backup-west (terraform-provider-hipaa)"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Statement = [{
      Action = ["kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*", "kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:Update*"]
      Effect = "Allow"
      Principal = {
        AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
      }
      Resource = "*"
      Sid      = "AccountRootAdministersKey"
      }, {
      Action = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ListGrants", "kms:ReEncrypt*", "kms:RevokeGrant"]
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "${data.aws_caller_identity.current.account_id}"
          "kms:ViaService"    = "backup.us-west-2.amazonaws.com"
        }
      }
      Effect = "Allow"
      Principal = {
        AWS = "*"
      }
      Resource = "*"
      Sid      = "Service-backup"
      }, {
      Action = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ListGrants", "kms:ReEncrypt*", "kms:RevokeGrant"]
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "${data.aws_caller_identity.current.account_id}"
          "kms:ViaService"    = "s3.us-west-2.amazonaws.com"
        }
      }
      Effect = "Allow"
      Principal = {
        AWS = "*"
      }
      Resource = "*"
      Sid      = "Service-s3"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-backup-west" }
}

resource "aws_kms_alias" "backup_west" {
  provider      = aws.us_west_2
  name          = "alias/ej-backup-west"
  target_key_id = aws_kms_key.backup_west.key_id
}

resource "aws_backup_vault" "phi_vault" {
  name          = "ejbackup"
  kms_key_arn   = aws_kms_key.backup.arn
  force_destroy = false
  tags          = { "hipaa:child" = "vault", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_backup_plan/ejbackup", "team" = "records" }
}

resource "aws_backup_vault_lock_configuration" "phi_vault_lock" {
  backup_vault_name   = aws_backup_vault.phi_vault.name
  min_retention_days  = 7
  max_retention_days  = 3650
  changeable_for_days = 3
}

resource "aws_backup_vault_policy" "phi_vault_policy" {
  backup_vault_name = aws_backup_vault.phi_vault.name
  policy = jsonencode({
    Statement = [{
      Action    = ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"]
      Effect    = "Deny"
      Principal = "*"
      Resource  = "*"
      Sid       = "DenyManualRecoveryPointChanges"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_backup_vault" "phi_copy_us_west_2_vault" {
  provider      = aws.us_west_2
  name          = "ejbackup-from-us-east-1"
  kms_key_arn   = aws_kms_key.backup_west.arn
  force_destroy = false
  tags          = { "hipaa:child" = "copy/us-west-2/vault", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_backup_plan/ejbackup", "team" = "records" }
}

resource "aws_backup_vault_lock_configuration" "phi_copy_us_west_2_vault_lock" {
  provider            = aws.us_west_2
  backup_vault_name   = aws_backup_vault.phi_copy_us_west_2_vault.name
  min_retention_days  = 7
  max_retention_days  = 3650
  changeable_for_days = 3
}

resource "aws_backup_vault_policy" "phi_copy_us_west_2_vault_policy" {
  provider          = aws.us_west_2
  backup_vault_name = aws_backup_vault.phi_copy_us_west_2_vault.name
  policy = jsonencode({
    Statement = [{
      Action    = ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"]
      Effect    = "Deny"
      Principal = "*"
      Resource  = "*"
      Sid       = "DenyManualRecoveryPointChanges"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_iam_role" "phi_role" {
  name        = "hipaa-backup-ejbackup-us-east-1"
  path        = "/hipaa/"
  description = "AWS Backup for hipaa_backup_plan ejbackup"
  assume_role_policy = jsonencode({
    Statement = [{
      Action = "sts:AssumeRole"
      Effect = "Allow"
      Principal = {
        Service = "backup.amazonaws.com"
      }
      Sid = "AWSBackup"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "role", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_backup_plan/ejbackup", "team" = "records" }
}

resource "aws_iam_role_policy_attachment" "phi_role_policy_AWSBackupServiceRolePolicyForBackup" {
  role       = aws_iam_role.phi_role.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
}

resource "aws_iam_role_policy_attachment" "phi_role_policy_AWSBackupServiceRolePolicyForRestores" {
  role       = aws_iam_role.phi_role.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"
}

resource "aws_iam_role_policy_attachment" "phi_role_policy_AWSBackupServiceRolePolicyForS3Backup" {
  role       = aws_iam_role.phi_role.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"
}

resource "aws_iam_role_policy_attachment" "phi_role_policy_AWSBackupServiceRolePolicyForS3Restore" {
  role       = aws_iam_role.phi_role.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"
}

resource "aws_backup_plan" "phi_plan" {
  name = "ejbackup"
  rule {
    rule_name                = "daily"
    target_vault_name        = aws_backup_vault.phi_vault.name
    schedule                 = "cron(0 5 ? * * *)"
    start_window             = 60
    completion_window        = 10080
    enable_continuous_backup = false
    lifecycle {
      delete_after = 35
    }
    copy_action {
      destination_vault_arn = aws_backup_vault.phi_copy_us_west_2_vault.arn
      lifecycle {
        delete_after = 60
      }
    }
  }
  rule {
    rule_name                = "weekly"
    target_vault_name        = aws_backup_vault.phi_vault.name
    schedule                 = "cron(0 6 ? * SUN *)"
    start_window             = 120
    completion_window        = 720
    enable_continuous_backup = false
    lifecycle {
      cold_storage_after = 30
      delete_after       = 365
    }
  }
  tags = { "hipaa:child" = "plan", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_backup_plan/ejbackup", "team" = "records" }
}

resource "aws_backup_selection" "phi_selection" {
  name         = "ejbackup"
  plan_id      = aws_backup_plan.phi_plan.id
  iam_role_arn = aws_iam_role.phi_role.arn
  resources    = ["arn:aws:rds:us-east-1:123456789012:db:patients"]
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "daily"
  }
}
