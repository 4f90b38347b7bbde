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

resource "aws_kms_key" "west" {
  provider                = aws.us_west_2
  description             = "HIPAA customer-managed key ej-bucket-west (terraform-provider-hipaa)"
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
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-bucket-west" }
}

resource "aws_kms_alias" "west" {
  provider      = aws.us_west_2
  name          = "alias/ej-bucket-west"
  target_key_id = aws_kms_key.west.key_id
}

resource "aws_kms_key" "phi" {
  description             = "HIPAA customer-managed key ej-bucket (terraform-provider-hipaa)"
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
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-bucket" }
}

resource "aws_kms_alias" "phi" {
  name          = "alias/ej-bucket"
  target_key_id = aws_kms_key.phi.key_id
}

resource "aws_s3_bucket" "files_bucket_access_logs" {
  bucket              = "ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1"
  object_lock_enabled = false
  force_destroy       = false
  tags                = { "hipaa:child" = "bucket/access-logs", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_bucket/ejbucket" }
}

resource "aws_s3_bucket_ownership_controls" "files_bucket_access_logs" {
  bucket = aws_s3_bucket.files_bucket_access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "files_bucket_access_logs" {
  bucket                  = aws_s3_bucket.files_bucket_access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files_bucket_access_logs" {
  bucket = aws_s3_bucket.files_bucket_access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "files_bucket_access_logs" {
  bucket = aws_s3_bucket.files_bucket_access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "files_bucket_access_logs" {
  bucket = aws_s3_bucket.files_bucket_access_logs.id
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
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
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-east-1/s3-access/ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "S3ServerAccessLogs"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "files_bucket_access_logs" {
  bucket = aws_s3_bucket.files_bucket_access_logs.id
  rule {
    id     = "hipaa-bucket-lifecycle"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 150
      storage_class = "DEEP_ARCHIVE"
    }
    expiration {
      days = 3653
    }
    noncurrent_version_expiration {
      noncurrent_days = 3653
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket" "files_bucket_data" {
  bucket              = "ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1"
  object_lock_enabled = true
  force_destroy       = false
  tags                = { "hipaa:child" = "bucket/data", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_bucket/ejbucket" }
}

resource "aws_s3_bucket_ownership_controls" "files_bucket_data" {
  bucket = aws_s3_bucket.files_bucket_data.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "files_bucket_data" {
  bucket                  = aws_s3_bucket.files_bucket_data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files_bucket_data" {
  bucket = aws_s3_bucket.files_bucket_data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "files_bucket_data" {
  bucket = aws_s3_bucket.files_bucket_data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "files_bucket_data" {
  bucket = aws_s3_bucket.files_bucket_data.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 1
    }
  }
  depends_on = [aws_s3_bucket_versioning.files_bucket_data]
}

resource "aws_s3_bucket_policy" "files_bucket_data" {
  bucket = aws_s3_bucket.files_bucket_data.id
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
      Sid      = "DenyTLSBelow12"
      }, {
      Action = "s3:PutObject"
      Condition = {
        Null = {
          "s3:x-amz-server-side-encryption" = "false"
        }
        StringNotEquals = {
          "s3:x-amz-server-side-encryption" = "aws:kms"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyUploadsNotSSEKMS"
      }, {
      Action = "s3:PutObject"
      Condition = {
        Null = {
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = "false"
        }
        StringNotEquals = {
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = "${aws_kms_key.phi.arn}"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyUploadsUnderOtherKeys"
      }, {
      Action = "s3:PutObject"
      Condition = {
        Null = {
          "s3:x-amz-server-side-encryption"                = "false"
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = "true"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyKMSUploadsWithoutKey"
      }, {
      Action = "s3:*"
      Condition = {
        NumericGreaterThan = {
          "s3:signatureAge" = "300000"
        }
        StringEquals = {
          "s3:authType" = "REST-QUERY-STRING"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
      Sid      = "DenyPresignedURLsOlderThanMaxAge"
      }, {
      Action = ["s3:GetObject", "s3:GetObjectAttributes", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionAttributes", "s3:RestoreObject"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/portal-api"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyObjectReadExceptReaders"
      }, {
      Action = ["s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/portal-api", "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/hipaa-bucket-ejbucket-us-east-1-replication"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyVersionReadExceptReadersAndReplication"
      }, {
      Action = ["s3:GetObjectVersionForReplication"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/hipaa-bucket-ejbucket-us-east-1-replication"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyReplicationReadExceptReplicationRole"
      }, {
      Action = ["s3:AbortMultipartUpload", "s3:BypassGovernanceRetention", "s3:DeleteObject", "s3:DeleteObjectTagging", "s3:DeleteObjectVersion", "s3:DeleteObjectVersionTagging", "s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/intake-worker"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"
      Sid      = "DenyObjectWriteExceptWriters"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "files_bucket_data" {
  bucket = aws_s3_bucket.files_bucket_data.id
  rule {
    id     = "hipaa-bucket-lifecycle"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    noncurrent_version_expiration {
      noncurrent_days = 2192
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_logging" "files_bucket_data" {
  bucket        = aws_s3_bucket.files_bucket_data.id
  target_bucket = aws_s3_bucket.files_bucket_access_logs.id
  target_prefix = "s3-access/ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/"
  depends_on    = [aws_s3_bucket_policy.files_bucket_access_logs]
}

resource "aws_s3_bucket" "files_replica_access_logs" {
  provider            = aws.us_west_2
  bucket              = "ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-west-2"
  object_lock_enabled = false
  force_destroy       = false
  tags                = { "hipaa:child" = "replica/access-logs", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_bucket/ejbucket" }
}

resource "aws_s3_bucket_ownership_controls" "files_replica_access_logs" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "files_replica_access_logs" {
  provider                = aws.us_west_2
  bucket                  = aws_s3_bucket.files_replica_access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files_replica_access_logs" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "files_replica_access_logs" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "files_replica_access_logs" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_access_logs.id
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-west-2", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-west-2/*"]
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-west-2", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-west-2/*"]
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
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-access-logs-${data.aws_caller_identity.current.account_id}-us-west-2/s3-access/ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "S3ServerAccessLogs"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "files_replica_access_logs" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_access_logs.id
  rule {
    id     = "hipaa-bucket-lifecycle"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 150
      storage_class = "DEEP_ARCHIVE"
    }
    expiration {
      days = 3653
    }
    noncurrent_version_expiration {
      noncurrent_days = 3653
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket" "files_replica_bucket" {
  provider            = aws.us_west_2
  bucket              = "ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2"
  object_lock_enabled = true
  force_destroy       = false
  tags                = { "hipaa:child" = "replica/bucket", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_bucket/ejbucket" }
}

resource "aws_s3_bucket_ownership_controls" "files_replica_bucket" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_bucket.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "files_replica_bucket" {
  provider                = aws.us_west_2
  bucket                  = aws_s3_bucket.files_replica_bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files_replica_bucket" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_bucket.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.west.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "files_replica_bucket" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_bucket.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "files_replica_bucket" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_bucket.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 1
    }
  }
  depends_on = [aws_s3_bucket_versioning.files_replica_bucket]
}

resource "aws_s3_bucket_policy" "files_replica_bucket" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_bucket.id
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"]
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
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"]
      Sid      = "DenyTLSBelow12"
      }, {
      Action = "s3:PutObject"
      Condition = {
        Null = {
          "s3:x-amz-server-side-encryption" = "false"
        }
        StringNotEquals = {
          "s3:x-amz-server-side-encryption" = "aws:kms"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyUploadsNotSSEKMS"
      }, {
      Action = "s3:PutObject"
      Condition = {
        Null = {
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = "false"
        }
        StringNotEquals = {
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = "${aws_kms_key.west.arn}"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyUploadsUnderOtherKeys"
      }, {
      Action = "s3:PutObject"
      Condition = {
        Null = {
          "s3:x-amz-server-side-encryption"                = "false"
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = "true"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyKMSUploadsWithoutKey"
      }, {
      Action = "s3:*"
      Condition = {
        NumericGreaterThan = {
          "s3:signatureAge" = "300000"
        }
        StringEquals = {
          "s3:authType" = "REST-QUERY-STRING"
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"]
      Sid      = "DenyPresignedURLsOlderThanMaxAge"
      }, {
      Action = ["s3:GetObject", "s3:GetObjectAttributes", "s3:GetObjectTagging", "s3:GetObjectVersion", "s3:GetObjectVersionAttributes", "s3:RestoreObject"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/portal-api"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyObjectReadExceptReaders"
      }, {
      Action = ["s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/portal-api"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyVersionReadExceptReadersAndReplication"
      }, {
      Action = ["s3:GetObjectVersionForReplication"]
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyReplicationReadExceptReplicationRole"
      }, {
      Action = ["s3:AbortMultipartUpload", "s3:BypassGovernanceRetention", "s3:DeleteObject", "s3:DeleteObjectTagging", "s3:DeleteObjectVersion", "s3:DeleteObjectVersionTagging", "s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"]
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/hipaa-bucket-ejbucket-us-east-1-replication"]
        }
      }
      Effect = "Deny"
      Principal = {
        AWS = "*"
      }
      Resource = "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"
      Sid      = "DenyObjectWriteExceptWriters"
    }]
    Version = "2012-10-17"
  })
}

resource "aws_s3_bucket_lifecycle_configuration" "files_replica_bucket" {
  provider = aws.us_west_2
  bucket   = aws_s3_bucket.files_replica_bucket.id
  rule {
    id     = "hipaa-bucket-lifecycle"
    status = "Enabled"
    filter {
      prefix = ""
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    noncurrent_version_expiration {
      noncurrent_days = 2192
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_logging" "files_replica_bucket" {
  provider      = aws.us_west_2
  bucket        = aws_s3_bucket.files_replica_bucket.id
  target_bucket = aws_s3_bucket.files_replica_access_logs.id
  target_prefix = "s3-access/ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/"
  depends_on    = [aws_s3_bucket_policy.files_replica_access_logs]
}

resource "aws_iam_role" "files_replication_role" {
  name        = "hipaa-bucket-ejbucket-us-east-1-replication"
  description = "S3 replication for hipaa_bucket ejbucket"
  assume_role_policy = jsonencode({
    Statement = [{
      Action = "sts:AssumeRole"
      Effect = "Allow"
      Principal = {
        Service = "s3.amazonaws.com"
      }
      Sid = "S3Replication"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "replication/role", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_bucket/ejbucket" }
}

resource "aws_iam_policy" "files_replication_policy" {
  name        = "hipaa-bucket-ejbucket-us-east-1-replication-buckets"
  path        = "/hipaa/"
  description = "Permissions of role hipaa-bucket-ejbucket-us-east-1-replication"
  policy = jsonencode({
    Statement = [{
      Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
      Effect   = "Allow"
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.files_bucket_access_logs.id}"]
      Sid      = "ReadReplicationConfiguration"
      }, {
      Action   = ["s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging", "s3:GetObjectLegalHold", "s3:GetObjectRetention"]
      Effect   = "Allow"
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*", "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.files_bucket_access_logs.id}/*"]
      Sid      = "ReadSourceVersions"
      }, {
      Action   = ["s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"]
      Effect   = "Allow"
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*", "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.files_replica_access_logs.id}/*"]
      Sid      = "WriteReplicas"
      }, {
      Action = "kms:Decrypt"
      Condition = {
        StringLike = {
          "kms:EncryptionContext:aws:s3:arn" = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-east-1/*"]
          "kms:ViaService"                   = "s3.us-east-1.amazonaws.com"
        }
      }
      Effect   = "Allow"
      Resource = "${aws_kms_key.phi.arn}"
      Sid      = "DecryptSource"
      }, {
      Action = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      Condition = {
        StringLike = {
          "kms:EncryptionContext:aws:s3:arn" = ["arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2", "arn:${data.aws_partition.current.partition}:s3:::ejbucket-${data.aws_caller_identity.current.account_id}-us-west-2/*"]
          "kms:ViaService"                   = "s3.us-west-2.amazonaws.com"
        }
      }
      Effect   = "Allow"
      Resource = "${aws_kms_key.west.arn}"
      Sid      = "EncryptReplicas"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "replication/policy", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_bucket/ejbucket" }
}

resource "aws_iam_role_policy_attachment" "files_replication_policy" {
  role       = aws_iam_role.files_replication_role.name
  policy_arn = aws_iam_policy.files_replication_policy.arn
}

resource "aws_s3_bucket_replication_configuration" "files_replication_config" {
  bucket = aws_s3_bucket.files_bucket_data.id
  role   = aws_iam_role.files_replication_role.arn
  rule {
    id       = "hipaa-bucket-replication"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = ""
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.files_replica_bucket.arn
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.west.arn
      }
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
  }
  depends_on = [aws_s3_bucket_versioning.files_bucket_data, aws_s3_bucket_versioning.files_replica_bucket, aws_iam_role_policy_attachment.files_replication_policy]
}

resource "aws_s3_bucket_replication_configuration" "files_replication_access_logs" {
  bucket = aws_s3_bucket.files_bucket_access_logs.id
  role   = aws_iam_role.files_replication_role.arn
  rule {
    id       = "hipaa-bucket-replication"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = ""
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.files_replica_access_logs.arn
    }
  }
  depends_on = [aws_s3_bucket_versioning.files_bucket_access_logs, aws_s3_bucket_versioning.files_replica_access_logs, aws_iam_role_policy_attachment.files_replication_policy]
}
