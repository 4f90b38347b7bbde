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

data "aws_caller_identity" "current" {
}

data "aws_partition" "current" {
}

resource "aws_kms_key" "audit" {
  description             = "HIPAA customer-managed key ej-audit (terraform-provider-hipaa)"
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
      Action = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"]
      Condition = {
        StringEquals = {
          "aws:SourceAccount" = "${data.aws_caller_identity.current.account_id}"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Resource = "*"
      Sid      = "Service-cloudtrail"
      }, {
      Action = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      Condition = {
        ArnLike = {
          "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:*"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "logs.us-east-1.amazonaws.com"
      }
      Resource = "*"
      Sid      = "Service-logs"
      }, {
      Action = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ListGrants", "kms:ReEncrypt*", "kms:RevokeGrant"]
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "${data.aws_caller_identity.current.account_id}"
          "kms:ViaService"    = "s3.us-east-1.amazonaws.com"
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
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-audit" }
}

resource "aws_kms_alias" "audit" {
  name          = "alias/ej-audit"
  target_key_id = aws_kms_key.audit.key_id
}

resource "aws_s3_bucket" "audit_bucket_access_logs" {
  bucket              = "ejaudit-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1"
  object_lock_enabled = false
  force_destroy       = true
  tags                = { "hipaa:child" = "bucket/access-logs", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_audit_trail/ejaudit" }
}

resource "aws_s3_bucket_ownership_controls" "audit_bucket_access_logs" {
  bucket = aws_s3_bucket.audit_bucket_access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "audit_bucket_access_logs" {
  bucket                  = aws_s3_bucket.audit_bucket_access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit_bucket_access_logs" {
  bucket = aws_s3_bucket.audit_bucket_access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "audit_bucket_access_logs" {
  bucket = aws_s3_bucket.audit_bucket_access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "audit_bucket_access_logs" {
  bucket = aws_s3_bucket.audit_bucket_access_logs.id
  policy = jsonencode({
    Statement = [{
      Action = "s3:*"
      Condition = {
        Bool = {
          "aws:SecureTransport" = "false"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejaudit-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejaudit-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
      Sid      = "DenyInsecureTransport"
      }, {
      Action = "s3:*"
      Condition = {
        NumericLessThan = {
          "s3:TlsVersion" = "1.2"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejaudit-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejaudit-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
      Sid      = "DenyTLSBelow12"
      }, {
      Action = "s3:PutObject"
      Condition = {
        StringEquals = {
          "aws:SourceAccount" = "${data.aws_caller_identity.current.account_id}"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "logging.s3.amazonaws.com"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejaudit-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1/s3-access/ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "S3ServerAccessLogs"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "audit_bucket_access_logs" {
  bucket = aws_s3_bucket.audit_bucket_access_logs.id
  rule {
    id     = "hipaa-audit-retention"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 180
      storage_class = "DEEP_ARCHIVE"
    }
    expiration {
      days = 3833
    }
    noncurrent_version_expiration {
      noncurrent_days = 3833
    }
  }
}

resource "aws_s3_bucket" "audit_bucket_logs" {
  bucket              = "ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1"
  object_lock_enabled = true
  force_destroy       = true
  tags                = { "hipaa:child" = "bucket/logs", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_audit_trail/ejaudit" }
}

resource "aws_s3_bucket_ownership_controls" "audit_bucket_logs" {
  bucket = aws_s3_bucket.audit_bucket_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "audit_bucket_logs" {
  bucket                  = aws_s3_bucket.audit_bucket_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit_bucket_logs" {
  bucket = aws_s3_bucket.audit_bucket_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.audit.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "audit_bucket_logs" {
  bucket = aws_s3_bucket.audit_bucket_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "audit_bucket_logs" {
  bucket = aws_s3_bucket.audit_bucket_logs.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 2192
    }
  }
  depends_on = [aws_s3_bucket_versioning.audit_bucket_logs]
}

resource "aws_s3_bucket_policy" "audit_bucket_logs" {
  bucket = aws_s3_bucket.audit_bucket_logs.id
  policy = jsonencode({
    Statement = [{
      Action = "s3:*"
      Condition = {
        Bool = {
          "aws:SecureTransport" = "false"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
      Sid      = "DenyInsecureTransport"
      }, {
      Action = "s3:*"
      Condition = {
        NumericLessThan = {
          "s3:TlsVersion" = "1.2"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
      Sid      = "DenyTLSBelow12"
      }, {
      Action = "s3:GetBucketAcl"
      Condition = {
        StringEquals = {
          "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:us-east-1:${data.aws_caller_identity.current.account_id}:trail/ejaudit"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1"
      Sid      = "CloudTrailAclCheck"
      }, {
      Action = "s3:PutObject"
      Condition = {
        StringEquals = {
          "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:us-east-1:${data.aws_caller_identity.current.account_id}:trail/ejaudit"
          "s3:x-amz-acl"  = "bucket-owner-full-control"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
      Sid      = "CloudTrailWrite"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "audit_bucket_logs" {
  bucket = aws_s3_bucket.audit_bucket_logs.id
  rule {
    id     = "hipaa-audit-retention"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 180
      storage_class = "DEEP_ARCHIVE"
    }
    expiration {
      days = 3833
    }
    noncurrent_version_expiration {
      noncurrent_days = 3833
    }
  }
}

resource "aws_s3_bucket_logging" "audit_bucket_logs" {
  bucket        = aws_s3_bucket.audit_bucket_logs.id
  target_bucket = aws_s3_bucket.audit_bucket_access_logs.id
  target_prefix = "s3-access/ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1/"
  depends_on    = [aws_s3_bucket_policy.audit_bucket_access_logs]
}

resource "aws_cloudwatch_log_group" "audit_log_group" {
  name              = "/hipaa/audit/ejaudit"
  retention_in_days = 2192
  kms_key_id        = aws_kms_key.audit.arn
  skip_destroy      = false
  tags              = { "hipaa:child" = "log-group", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_audit_trail/ejaudit" }
}

resource "aws_iam_role" "audit_role" {
  name        = "hipaa-audit-ejaudit-cloudtrail"
  description = "CloudTrail delivery for hipaa_audit_trail ejaudit"
  assume_role_policy = jsonencode({
    Statement = [{
      Action = "sts:AssumeRole"
      Condition = {
        StringEquals = {
          "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:us-east-1:${data.aws_caller_identity.current.account_id}:trail/ejaudit"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Sid = "CloudTrail"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "role", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_audit_trail/ejaudit" }
}

resource "aws_iam_policy" "audit_role_policy" {
  name        = "hipaa-audit-ejaudit-cloudtrail-cloudwatch-logs"
  path        = "/hipaa/"
  description = "Permissions of role hipaa-audit-ejaudit-cloudtrail"
  policy = jsonencode({
    Statement = [{
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Effect   = "Allow"
      Resource = "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/hipaa/audit/ejaudit:log-stream:*"
      Sid      = "DeliverToLogGroup"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "role/policy", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_audit_trail/ejaudit" }
}

resource "aws_iam_role_policy_attachment" "audit_role_policy" {
  role       = aws_iam_role.audit_role.name
  policy_arn = aws_iam_policy.audit_role_policy.arn
}

resource "aws_cloudtrail" "audit_trail" {
  name                          = "ejaudit"
  s3_bucket_name                = aws_s3_bucket.audit_bucket_logs.bucket
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_key.audit.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.audit_log_group.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.audit_role.arn
  event_selector {
    include_management_events = true
    read_write_type           = "All"
  }
  tags       = { "hipaa:child" = "trail", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_audit_trail/ejaudit" }
  depends_on = [aws_s3_bucket_policy.audit_bucket_logs, aws_iam_role_policy_attachment.audit_role_policy, aws_s3_bucket.audit_bucket_access_logs]
}
