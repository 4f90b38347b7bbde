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

resource "aws_kms_key" "db" {
  description             = "HIPAA customer-managed key ej-db (terraform-provider-hipaa)"
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
          "kms:ViaService"    = "rds.us-east-1.amazonaws.com"
        }
      }
      Effect = "Allow"
      Principal = {
        AWS = "*"
      }
      Resource = "*"
      Sid      = "Service-rds"
      }, {
      Action = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ListGrants", "kms:ReEncrypt*", "kms:RevokeGrant"]
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "${data.aws_caller_identity.current.account_id}"
          "kms:ViaService"    = "secretsmanager.us-east-1.amazonaws.com"
        }
      }
      Effect = "Allow"
      Principal = {
        AWS = "*"
      }
      Resource = "*"
      Sid      = "Service-secretsmanager"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-db" }
}

resource "aws_kms_alias" "db" {
  name          = "alias/ej-db"
  target_key_id = aws_kms_key.db.key_id
}

resource "aws_kms_key" "logs" {
  description             = "HIPAA customer-managed key ej-logs (terraform-provider-hipaa)"
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
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-logs" }
}

resource "aws_kms_alias" "logs" {
  name          = "alias/ej-logs"
  target_key_id = aws_kms_key.logs.key_id
}

locals {
  net_tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_vpc/ejnet" }
}

resource "aws_vpc" "net_vpc" {
  cidr_block           = "10.60.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.net_tags, { "Name" = "ejnet", "hipaa:child" = "vpc" })
}

resource "aws_default_security_group" "net_sg_default" {
  vpc_id = aws_vpc.net_vpc.id
}

resource "aws_internet_gateway" "net_igw" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-igw", "hipaa:child" = "igw" })
}

resource "aws_cloudwatch_log_group" "net_flow_log_log_group" {
  name              = "/hipaa/vpc/ejnet/flow-logs"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
  skip_destroy      = false
  tags              = merge(local.net_tags, { "Name" = "ejnet-flow-log-log-group", "hipaa:child" = "flow-log/log-group" })
}

resource "aws_iam_role" "net_flow_log_role" {
  name = "hipaa-vpc-ejnet-flow-logs"
  assume_role_policy = jsonencode({
    Statement = [{
      Action = "sts:AssumeRole"
      Condition = {
        StringEquals = {
          "aws:SourceAccount" = "${data.aws_caller_identity.current.account_id}"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "vpc-flow-logs.amazonaws.com"
      }
      Sid = "VPCFlowLogsAssumeRole"
    }]
    Version = "2012-10-17"
  })
  tags = merge(local.net_tags, { "Name" = "ejnet-flow-log-role", "hipaa:child" = "flow-log/role" })
}

resource "aws_iam_policy" "net_flow_log_role_policy" {
  name        = "hipaa-vpc-ejnet-flow-logs-flow-logs-delivery"
  path        = "/hipaa/"
  description = "Permissions of role hipaa-vpc-ejnet-flow-logs"
  policy = jsonencode({
    Statement = [{
      Action   = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
      Effect   = "Allow"
      Resource = ["arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/hipaa/vpc/ejnet/flow-logs", "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/hipaa/vpc/ejnet/flow-logs:log-stream:*"]
      Sid      = "WriteFlowLogStreams"
      }, {
      Action   = "logs:DescribeLogGroups"
      Effect   = "Allow"
      Resource = "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:*"
      Sid      = "FindFlowLogGroup"
    }]
    Version = "2012-10-17"
  })
  tags = merge(local.net_tags, { "Name" = "ejnet-flow-log-role-policy", "hipaa:child" = "flow-log/role/policy" })
}

resource "aws_iam_role_policy_attachment" "net_flow_log_role_policy_attachment" {
  role       = aws_iam_role.net_flow_log_role.name
  policy_arn = aws_iam_policy.net_flow_log_role_policy.arn
}

resource "aws_flow_log" "net_flow_log" {
  vpc_id                   = aws_vpc.net_vpc.id
  traffic_type             = "ALL"
  max_aggregation_interval = 600
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.net_flow_log_log_group.arn
  iam_role_arn             = aws_iam_role.net_flow_log_role.arn
  tags                     = merge(local.net_tags, { "Name" = "ejnet-flow-log", "hipaa:child" = "flow-log" })
  depends_on               = [aws_iam_role_policy_attachment.net_flow_log_role_policy_attachment]
}

resource "aws_subnet" "net_app_us_east_1a" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.60.128.0/20"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejnet-app-us-east-1a", "hipaa:child" = "app/us-east-1a" })
}

resource "aws_subnet" "net_app_us_east_1b" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.60.144.0/20"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejnet-app-us-east-1b", "hipaa:child" = "app/us-east-1b" })
}

resource "aws_subnet" "net_data_us_east_1a" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.60.64.0/21"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejnet-data-us-east-1a", "hipaa:child" = "data/us-east-1a" })
}

resource "aws_subnet" "net_data_us_east_1b" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.60.72.0/21"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejnet-data-us-east-1b", "hipaa:child" = "data/us-east-1b" })
}

resource "aws_subnet" "net_public_us_east_1a" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.60.0.0/21"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejnet-public-us-east-1a", "hipaa:child" = "public/us-east-1a" })
}

resource "aws_subnet" "net_public_us_east_1b" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.60.8.0/21"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejnet-public-us-east-1b", "hipaa:child" = "public/us-east-1b" })
}

resource "aws_network_acl" "net_nacl_app" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-nacl-app", "hipaa:child" = "nacl/app" })
}

resource "aws_network_acl" "net_nacl_data" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-nacl-data", "hipaa:child" = "nacl/data" })
}

resource "aws_network_acl" "net_nacl_public" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-nacl-public", "hipaa:child" = "nacl/public" })
}

resource "aws_network_acl_rule" "net_nacl_app_in_100" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  rule_number    = 100
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.60.0.0/16"
  from_port      = 0
  to_port        = 0
}

resource "aws_network_acl_rule" "net_nacl_app_in_110" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  rule_number    = 110
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 3388
}

resource "aws_network_acl_rule" "net_nacl_app_in_120" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  rule_number    = 120
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 3390
  to_port        = 65535
}

resource "aws_network_acl_rule" "net_nacl_app_out_100" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.60.0.0/16"
  from_port      = 0
  to_port        = 0
}

resource "aws_network_acl_rule" "net_nacl_app_out_110" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  rule_number    = 110
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_network_acl_rule" "net_nacl_data_in_100" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 100
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.60.128.0/20"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "net_nacl_data_in_110" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 110
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.60.144.0/20"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "net_nacl_data_out_100" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 100
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.60.128.0/20"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "net_nacl_data_out_110" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 110
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.60.144.0/20"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "net_nacl_public_in_100" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 100
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_network_acl_rule" "net_nacl_public_in_120" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 120
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 3388
}

resource "aws_network_acl_rule" "net_nacl_public_in_130" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 130
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 3390
  to_port        = 65535
}

resource "aws_network_acl_rule" "net_nacl_public_in_140" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 140
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.60.0.0/16"
  from_port      = 0
  to_port        = 0
}

resource "aws_network_acl_rule" "net_nacl_public_out_100" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.60.0.0/16"
  from_port      = 0
  to_port        = 0
}

resource "aws_network_acl_rule" "net_nacl_public_out_110" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 110
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_network_acl_rule" "net_nacl_public_out_130" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 130
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_association" "net_naclassoc_app_us_east_1a" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  subnet_id      = aws_subnet.net_app_us_east_1a.id
  depends_on     = [aws_network_acl_rule.net_nacl_app_in_100, aws_network_acl_rule.net_nacl_app_in_110, aws_network_acl_rule.net_nacl_app_in_120, aws_network_acl_rule.net_nacl_app_out_100, aws_network_acl_rule.net_nacl_app_out_110]
}

resource "aws_network_acl_association" "net_naclassoc_app_us_east_1b" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  subnet_id      = aws_subnet.net_app_us_east_1b.id
  depends_on     = [aws_network_acl_rule.net_nacl_app_in_100, aws_network_acl_rule.net_nacl_app_in_110, aws_network_acl_rule.net_nacl_app_in_120, aws_network_acl_rule.net_nacl_app_out_100, aws_network_acl_rule.net_nacl_app_out_110]
}

resource "aws_network_acl_association" "net_naclassoc_data_us_east_1a" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  subnet_id      = aws_subnet.net_data_us_east_1a.id
  depends_on     = [aws_network_acl_rule.net_nacl_data_in_100, aws_network_acl_rule.net_nacl_data_in_110, aws_network_acl_rule.net_nacl_data_out_100, aws_network_acl_rule.net_nacl_data_out_110]
}

resource "aws_network_acl_association" "net_naclassoc_data_us_east_1b" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  subnet_id      = aws_subnet.net_data_us_east_1b.id
  depends_on     = [aws_network_acl_rule.net_nacl_data_in_100, aws_network_acl_rule.net_nacl_data_in_110, aws_network_acl_rule.net_nacl_data_out_100, aws_network_acl_rule.net_nacl_data_out_110]
}

resource "aws_network_acl_association" "net_naclassoc_public_us_east_1a" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  subnet_id      = aws_subnet.net_public_us_east_1a.id
  depends_on     = [aws_network_acl_rule.net_nacl_public_in_100, aws_network_acl_rule.net_nacl_public_in_120, aws_network_acl_rule.net_nacl_public_in_130, aws_network_acl_rule.net_nacl_public_in_140, aws_network_acl_rule.net_nacl_public_out_100, aws_network_acl_rule.net_nacl_public_out_110, aws_network_acl_rule.net_nacl_public_out_130]
}

resource "aws_network_acl_association" "net_naclassoc_public_us_east_1b" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  subnet_id      = aws_subnet.net_public_us_east_1b.id
  depends_on     = [aws_network_acl_rule.net_nacl_public_in_100, aws_network_acl_rule.net_nacl_public_in_120, aws_network_acl_rule.net_nacl_public_in_130, aws_network_acl_rule.net_nacl_public_in_140, aws_network_acl_rule.net_nacl_public_out_100, aws_network_acl_rule.net_nacl_public_out_110, aws_network_acl_rule.net_nacl_public_out_130]
}

resource "aws_route_table" "net_rtb_app_us_east_1a" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-rtb-app-us-east-1a", "hipaa:child" = "rtb/app/us-east-1a" })
}

resource "aws_route_table" "net_rtb_app_us_east_1b" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-rtb-app-us-east-1b", "hipaa:child" = "rtb/app/us-east-1b" })
}

resource "aws_route_table" "net_rtb_data_us_east_1a" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-rtb-data-us-east-1a", "hipaa:child" = "rtb/data/us-east-1a" })
}

resource "aws_route_table" "net_rtb_data_us_east_1b" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-rtb-data-us-east-1b", "hipaa:child" = "rtb/data/us-east-1b" })
}

resource "aws_route_table" "net_rtb_public" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejnet-rtb-public", "hipaa:child" = "rtb/public" })
}

resource "aws_route" "net_rtb_public_default" {
  route_table_id         = aws_route_table.net_rtb_public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.net_igw.id
}

resource "aws_route_table_association" "net_rtbassoc_app_us_east_1a" {
  route_table_id = aws_route_table.net_rtb_app_us_east_1a.id
  subnet_id      = aws_subnet.net_app_us_east_1a.id
}

resource "aws_route_table_association" "net_rtbassoc_app_us_east_1b" {
  route_table_id = aws_route_table.net_rtb_app_us_east_1b.id
  subnet_id      = aws_subnet.net_app_us_east_1b.id
}

resource "aws_route_table_association" "net_rtbassoc_data_us_east_1a" {
  route_table_id = aws_route_table.net_rtb_data_us_east_1a.id
  subnet_id      = aws_subnet.net_data_us_east_1a.id
}

resource "aws_route_table_association" "net_rtbassoc_data_us_east_1b" {
  route_table_id = aws_route_table.net_rtb_data_us_east_1b.id
  subnet_id      = aws_subnet.net_data_us_east_1b.id
}

resource "aws_route_table_association" "net_rtbassoc_public_us_east_1a" {
  route_table_id = aws_route_table.net_rtb_public.id
  subnet_id      = aws_subnet.net_public_us_east_1a.id
}

resource "aws_route_table_association" "net_rtbassoc_public_us_east_1b" {
  route_table_id = aws_route_table.net_rtb_public.id
  subnet_id      = aws_subnet.net_public_us_east_1b.id
}

resource "aws_vpc_endpoint" "net_endpoint_dynamodb" {
  vpc_id            = aws_vpc.net_vpc.id
  service_name      = "com.amazonaws.us-east-1.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.net_rtb_app_us_east_1a.id, aws_route_table.net_rtb_app_us_east_1b.id, aws_route_table.net_rtb_data_us_east_1a.id, aws_route_table.net_rtb_data_us_east_1b.id]
  tags              = merge(local.net_tags, { "Name" = "ejnet-endpoint-dynamodb", "hipaa:child" = "endpoint/dynamodb" })
}

resource "aws_vpc_endpoint" "net_endpoint_s3" {
  vpc_id            = aws_vpc.net_vpc.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.net_rtb_app_us_east_1a.id, aws_route_table.net_rtb_app_us_east_1b.id, aws_route_table.net_rtb_data_us_east_1a.id, aws_route_table.net_rtb_data_us_east_1b.id]
  tags              = merge(local.net_tags, { "Name" = "ejnet-endpoint-s3", "hipaa:child" = "endpoint/s3" })
}

resource "aws_cloudwatch_log_group" "db_log_group_postgresql" {
  name              = "/aws/rds/instance/ejdb/postgresql"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.db.arn
  skip_destroy      = true
  tags              = { "hipaa:child" = "log-group/postgresql", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_cloudwatch_log_group" "db_log_group_upgrade" {
  name              = "/aws/rds/instance/ejdb/upgrade"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.db.arn
  skip_destroy      = true
  tags              = { "hipaa:child" = "log-group/upgrade", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_cloudwatch_log_group" "db_log_group_proxy" {
  name              = "/aws/rds/proxy/ejdb-proxy"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.db.arn
  skip_destroy      = true
  tags              = { "hipaa:child" = "log-group/proxy", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_iam_role" "db_monitoring_role" {
  name        = "ejdb-monitoring"
  description = "hipaa_database ejdb"
  assume_role_policy = jsonencode({
    Statement = [{
      Action = "sts:AssumeRole"
      Condition = {
        StringEquals = {
          "aws:SourceAccount" = "${data.aws_caller_identity.current.account_id}"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "monitoring.rds.amazonaws.com"
      }
      Sid = "RDSMonitoringAssumeRole"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "monitoring/role", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_iam_role_policy_attachment" "db_monitoring_role_policy" {
  role       = aws_iam_role.db_monitoring_role.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_iam_role" "db_proxy_role" {
  name        = "ejdb-proxy"
  description = "hipaa_database ejdb"
  assume_role_policy = jsonencode({
    Statement = [{
      Action = "sts:AssumeRole"
      Condition = {
        StringEquals = {
          "aws:SourceAccount" = "${data.aws_caller_identity.current.account_id}"
        }
      }
      Effect = "Allow"
      Principal = {
        Service = "rds.amazonaws.com"
      }
      Sid = "RDSProxyAssumeRole"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "proxy/role", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_security_group" "db_sg_db" {
  name        = "ejdb-db"
  description = "hipaa_database ejdb: port 5432 from allowed sources only"
  vpc_id      = aws_vpc.net_vpc.id
  tags        = { "hipaa:child" = "sg/db", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_security_group" "db_sg_proxy" {
  name        = "ejdb-proxy"
  description = "RDS Proxy ejdb-proxy: port 5432 from allowed sources, to the database only"
  vpc_id      = aws_vpc.net_vpc.id
  tags        = { "hipaa:child" = "sg/proxy", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_vpc_security_group_ingress_rule" "db_sg_db_rules_ingress_0" {
  security_group_id = aws_security_group.db_sg_db.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "10.60.0.0/16"
  description       = "Allowed CIDR block 10.60.0.0/16"
}

resource "aws_vpc_security_group_ingress_rule" "db_sg_db_rules_ingress_1" {
  security_group_id            = aws_security_group.db_sg_db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db_sg_proxy.id
  description                  = "RDS Proxy ejdb-proxy"
}

resource "aws_vpc_security_group_ingress_rule" "db_sg_proxy_rules_ingress_0" {
  security_group_id = aws_security_group.db_sg_proxy.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "10.60.0.0/16"
  description       = "Allowed CIDR block 10.60.0.0/16"
}

resource "aws_vpc_security_group_egress_rule" "db_sg_proxy_rules_egress_0" {
  security_group_id            = aws_security_group.db_sg_proxy.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db_sg_db.id
  description                  = "hipaa_database ejdb"
}

resource "aws_db_subnet_group" "db_subnet_group" {
  name        = "ejdb-subnets"
  description = "Data-tier subnets of hipaa_database ejdb"
  subnet_ids  = [aws_subnet.net_data_us_east_1a.id, aws_subnet.net_data_us_east_1b.id]
  tags        = { "hipaa:child" = "subnet-group", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_db_parameter_group" "db_parameter_group" {
  name        = "ejdb-params"
  family      = "postgres16"
  description = "TLS required and audit logging for hipaa_database ejdb"
  parameter {
    name         = "log_connections"
    value        = "1"
    apply_method = "immediate"
  }
  parameter {
    name         = "log_disconnections"
    value        = "1"
    apply_method = "immediate"
  }
  parameter {
    name         = "log_min_duration_statement"
    value        = "1000"
    apply_method = "immediate"
  }
  parameter {
    name         = "log_statement"
    value        = "ddl"
    apply_method = "immediate"
  }
  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "immediate"
  }
  tags = { "hipaa:child" = "parameter-group", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_db_instance" "db_instance" {
  identifier                            = "ejdb"
  engine                                = "postgres"
  engine_version                        = "16.3"
  instance_class                        = "db.r6g.large"
  allocated_storage                     = 20
  storage_type                          = "gp3"
  storage_encrypted                     = true
  kms_key_id                            = aws_kms_key.db.arn
  multi_az                              = true
  backup_retention_period               = 35
  deletion_protection                   = false
  skip_final_snapshot                   = false
  final_snapshot_identifier             = "ejdb-final"
  iam_database_authentication_enabled   = true
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  publicly_accessible                   = false
  auto_minor_version_upgrade            = true
  copy_tags_to_snapshot                 = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.db.arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.db_monitoring_role.arn
  username                              = "hipaa_admin"
  manage_master_user_password           = true
  master_user_secret_kms_key_id         = aws_kms_key.db.arn
  port                                  = 5432
  db_subnet_group_name                  = aws_db_subnet_group.db_subnet_group.name
  parameter_group_name                  = aws_db_parameter_group.db_parameter_group.name
  vpc_security_group_ids                = [aws_security_group.db_sg_db.id]
  allow_major_version_upgrade           = false
  apply_immediately                     = false
  tags                                  = { "hipaa:child" = "instance", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
  depends_on                            = [aws_vpc_security_group_ingress_rule.db_sg_db_rules_ingress_0, aws_vpc_security_group_ingress_rule.db_sg_db_rules_ingress_1, aws_cloudwatch_log_group.db_log_group_postgresql, aws_cloudwatch_log_group.db_log_group_upgrade, aws_iam_role_policy_attachment.db_monitoring_role_policy]
}

resource "aws_secretsmanager_secret_rotation" "db_secret_rotation" {
  secret_id          = aws_db_instance.db_instance.master_user_secret[0].secret_arn
  rotate_immediately = false
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_iam_policy" "db_proxy_role_policy" {
  name        = "ejdb-proxy-read-master-secret"
  path        = "/hipaa/"
  description = "Permissions of role ejdb-proxy"
  policy = jsonencode({
    Statement = [{
      Action   = "secretsmanager:GetSecretValue"
      Effect   = "Allow"
      Resource = "${aws_db_instance.db_instance.master_user_secret[0].secret_arn}"
      Sid      = "ReadMasterUserSecret"
      }, {
      Action = "kms:Decrypt"
      Condition = {
        StringEquals = {
          "kms:ViaService" = "secretsmanager.us-east-1.amazonaws.com"
        }
      }
      Effect   = "Allow"
      Resource = "${aws_kms_key.db.arn}"
      Sid      = "DecryptMasterUserSecret"
    }]
    Version = "2012-10-17"
  })
  tags = { "hipaa:child" = "proxy/role/policy", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
}

resource "aws_iam_role_policy_attachment" "db_proxy_role_policy_attachment" {
  role       = aws_iam_role.db_proxy_role.name
  policy_arn = aws_iam_policy.db_proxy_role_policy.arn
}

resource "aws_db_proxy" "db_proxy" {
  name                   = "ejdb-proxy"
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.db_proxy_role.arn
  vpc_subnet_ids         = [aws_subnet.net_data_us_east_1a.id, aws_subnet.net_data_us_east_1b.id]
  vpc_security_group_ids = [aws_security_group.db_sg_proxy.id]
  require_tls            = true
  idle_client_timeout    = 1800
  debug_logging          = false
  auth {
    auth_scheme = "SECRETS"
    iam_auth    = "REQUIRED"
    secret_arn  = aws_db_instance.db_instance.master_user_secret[0].secret_arn
  }
  tags       = { "hipaa:child" = "proxy", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_database/ejdb" }
  depends_on = [aws_iam_role_policy_attachment.db_proxy_role_policy_attachment, aws_vpc_security_group_ingress_rule.db_sg_proxy_rules_ingress_0, aws_vpc_security_group_egress_rule.db_sg_proxy_rules_egress_0, aws_cloudwatch_log_group.db_log_group_proxy]
}

resource "aws_db_proxy_default_target_group" "db_proxy_target" {
  db_proxy_name = aws_db_proxy.db_proxy.name
}

resource "aws_db_proxy_target" "db_proxy_target" {
  db_proxy_name          = aws_db_proxy.db_proxy.name
  target_group_name      = aws_db_proxy_default_target_group.db_proxy_target.name
  db_instance_identifier = aws_db_instance.db_instance.identifier
}
