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

resource "aws_kms_key" "lb" {
  description             = "HIPAA customer-managed key ej-lb (terraform-provider-hipaa)"
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
  tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_kms_key/ej-lb" }
}

resource "aws_kms_alias" "lb" {
  name          = "alias/ej-lb"
  target_key_id = aws_kms_key.lb.key_id
}

locals {
  net_tags = { "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_vpc/ejlbnet" }
}

resource "aws_vpc" "net_vpc" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.net_tags, { "Name" = "ejlbnet", "hipaa:child" = "vpc" })
}

resource "aws_default_security_group" "net_sg_default" {
  vpc_id = aws_vpc.net_vpc.id
}

resource "aws_internet_gateway" "net_igw" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-igw", "hipaa:child" = "igw" })
}

resource "aws_cloudwatch_log_group" "net_flow_log_log_group" {
  name              = "/hipaa/vpc/ejlbnet/flow-logs"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.lb.arn
  skip_destroy      = false
  tags              = merge(local.net_tags, { "Name" = "ejlbnet-flow-log-log-group", "hipaa:child" = "flow-log/log-group" })
}

resource "aws_iam_role" "net_flow_log_role" {
  name = "hipaa-vpc-ejlbnet-flow-logs"
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
  tags = merge(local.net_tags, { "Name" = "ejlbnet-flow-log-role", "hipaa:child" = "flow-log/role" })
}

resource "aws_iam_policy" "net_flow_log_role_policy" {
  name        = "hipaa-vpc-ejlbnet-flow-logs-flow-logs-delivery"
  path        = "/hipaa/"
  description = "Permissions of role hipaa-vpc-ejlbnet-flow-logs"
  policy = jsonencode({
    Statement = [{
      Action   = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
      Effect   = "Allow"
      Resource = ["arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/hipaa/vpc/ejlbnet/flow-logs", "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/hipaa/vpc/ejlbnet/flow-logs:log-stream:*"]
      Sid      = "WriteFlowLogStreams"
      }, {
      Action   = "logs:DescribeLogGroups"
      Effect   = "Allow"
      Resource = "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:*"
      Sid      = "FindFlowLogGroup"
    }]
    Version = "2012-10-17"
  })
  tags = merge(local.net_tags, { "Name" = "ejlbnet-flow-log-role-policy", "hipaa:child" = "flow-log/role/policy" })
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
  tags                     = merge(local.net_tags, { "Name" = "ejlbnet-flow-log", "hipaa:child" = "flow-log" })
  depends_on               = [aws_iam_role_policy_attachment.net_flow_log_role_policy_attachment]
}

resource "aws_subnet" "net_app_us_east_1a" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.40.128.0/20"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejlbnet-app-us-east-1a", "hipaa:child" = "app/us-east-1a" })
}

resource "aws_subnet" "net_app_us_east_1b" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.40.144.0/20"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejlbnet-app-us-east-1b", "hipaa:child" = "app/us-east-1b" })
}

resource "aws_subnet" "net_data_us_east_1a" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.40.64.0/21"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejlbnet-data-us-east-1a", "hipaa:child" = "data/us-east-1a" })
}

resource "aws_subnet" "net_data_us_east_1b" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.40.72.0/21"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejlbnet-data-us-east-1b", "hipaa:child" = "data/us-east-1b" })
}

resource "aws_subnet" "net_public_us_east_1a" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.40.0.0/21"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejlbnet-public-us-east-1a", "hipaa:child" = "public/us-east-1a" })
}

resource "aws_subnet" "net_public_us_east_1b" {
  vpc_id                  = aws_vpc.net_vpc.id
  cidr_block              = "10.40.8.0/21"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags                    = merge(local.net_tags, { "Name" = "ejlbnet-public-us-east-1b", "hipaa:child" = "public/us-east-1b" })
}

resource "aws_network_acl" "net_nacl_app" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-nacl-app", "hipaa:child" = "nacl/app" })
}

resource "aws_network_acl" "net_nacl_data" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-nacl-data", "hipaa:child" = "nacl/data" })
}

resource "aws_network_acl" "net_nacl_public" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-nacl-public", "hipaa:child" = "nacl/public" })
}

resource "aws_network_acl_rule" "net_nacl_app_in_100" {
  network_acl_id = aws_network_acl.net_nacl_app.id
  rule_number    = 100
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.40.0.0/16"
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
  cidr_block     = "10.40.0.0/16"
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
  cidr_block     = "10.40.128.0/20"
  from_port      = 3306
  to_port        = 3306
}

resource "aws_network_acl_rule" "net_nacl_data_in_110" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 110
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.40.144.0/20"
  from_port      = 3306
  to_port        = 3306
}

resource "aws_network_acl_rule" "net_nacl_data_in_180" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 180
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.40.128.0/20"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "net_nacl_data_in_190" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 190
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.40.144.0/20"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "net_nacl_data_out_100" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 100
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.40.128.0/20"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "net_nacl_data_out_110" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  rule_number    = 110
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.40.144.0/20"
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
  cidr_block     = "10.40.0.0/16"
  from_port      = 0
  to_port        = 0
}

resource "aws_network_acl_rule" "net_nacl_public_out_100" {
  network_acl_id = aws_network_acl.net_nacl_public.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.40.0.0/16"
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
  depends_on     = [aws_network_acl_rule.net_nacl_data_in_100, aws_network_acl_rule.net_nacl_data_in_110, aws_network_acl_rule.net_nacl_data_in_180, aws_network_acl_rule.net_nacl_data_in_190, aws_network_acl_rule.net_nacl_data_out_100, aws_network_acl_rule.net_nacl_data_out_110]
}

resource "aws_network_acl_association" "net_naclassoc_data_us_east_1b" {
  network_acl_id = aws_network_acl.net_nacl_data.id
  subnet_id      = aws_subnet.net_data_us_east_1b.id
  depends_on     = [aws_network_acl_rule.net_nacl_data_in_100, aws_network_acl_rule.net_nacl_data_in_110, aws_network_acl_rule.net_nacl_data_in_180, aws_network_acl_rule.net_nacl_data_in_190, aws_network_acl_rule.net_nacl_data_out_100, aws_network_acl_rule.net_nacl_data_out_110]
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
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-rtb-app-us-east-1a", "hipaa:child" = "rtb/app/us-east-1a" })
}

resource "aws_route_table" "net_rtb_app_us_east_1b" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-rtb-app-us-east-1b", "hipaa:child" = "rtb/app/us-east-1b" })
}

resource "aws_route_table" "net_rtb_data_us_east_1a" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-rtb-data-us-east-1a", "hipaa:child" = "rtb/data/us-east-1a" })
}

resource "aws_route_table" "net_rtb_data_us_east_1b" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-rtb-data-us-east-1b", "hipaa:child" = "rtb/data/us-east-1b" })
}

resource "aws_route_table" "net_rtb_public" {
  vpc_id = aws_vpc.net_vpc.id
  tags   = merge(local.net_tags, { "Name" = "ejlbnet-rtb-public", "hipaa:child" = "rtb/public" })
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
  tags              = merge(local.net_tags, { "Name" = "ejlbnet-endpoint-dynamodb", "hipaa:child" = "endpoint/dynamodb" })
}

resource "aws_vpc_endpoint" "net_endpoint_s3" {
  vpc_id            = aws_vpc.net_vpc.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.net_rtb_app_us_east_1a.id, aws_route_table.net_rtb_app_us_east_1b.id, aws_route_table.net_rtb_data_us_east_1a.id, aws_route_table.net_rtb_data_us_east_1b.id]
  tags              = merge(local.net_tags, { "Name" = "ejlbnet-endpoint-s3", "hipaa:child" = "endpoint/s3" })
}

resource "aws_security_group" "web_sg_lb" {
  name        = "hipaa-lb-ejlb"
  description = "hipaa_load_balancer ejlb: 443 and 80 (redirect) in from allowed_cidr_blocks, out to port 8443 in the app tier"
  vpc_id      = aws_vpc.net_vpc.id
  tags        = { "hipaa:child" = "sg/lb", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_vpc_security_group_ingress_rule" "web_sg_lb_ingress_0" {
  security_group_id = aws_security_group.web_sg_lb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  description       = "clients"
}

resource "aws_vpc_security_group_ingress_rule" "web_sg_lb_ingress_1" {
  security_group_id = aws_security_group.web_sg_lb.id
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
  description       = "clients"
}

resource "aws_vpc_security_group_egress_rule" "web_sg_lb_egress_0" {
  security_group_id = aws_security_group.web_sg_lb.id
  ip_protocol       = "tcp"
  from_port         = 8443
  to_port           = 8443
  cidr_ipv4         = aws_subnet.net_app_us_east_1a.cidr_block
  description       = "targets"
}

resource "aws_vpc_security_group_egress_rule" "web_sg_lb_egress_1" {
  security_group_id = aws_security_group.web_sg_lb.id
  ip_protocol       = "tcp"
  from_port         = 8443
  to_port           = 8443
  cidr_ipv4         = aws_subnet.net_app_us_east_1b.cidr_block
  description       = "targets"
}

resource "aws_lb" "web_lb" {
  name                       = "ejlb"
  internal                   = false
  load_balancer_type         = "application"
  ip_address_type            = "ipv4"
  security_groups            = [aws_security_group.web_sg_lb.id]
  subnets                    = [aws_subnet.net_public_us_east_1a.id, aws_subnet.net_public_us_east_1b.id]
  drop_invalid_header_fields = true
  desync_mitigation_mode     = "strictest"
  enable_deletion_protection = true
  access_logs {
    bucket  = "ejlb-access-logs"
    prefix  = "ejlb"
    enabled = true
  }
  tags = { "hipaa:child" = "lb", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_lb_target_group" "web_tg" {
  name        = "ejlb-s8443"
  port        = 8443
  protocol    = "HTTPS"
  vpc_id      = aws_vpc.net_vpc.id
  target_type = "ip"
  health_check {
    enabled             = true
    protocol            = "HTTPS"
    path                = "/healthz"
    matcher             = "200-399"
    healthy_threshold   = 5
    unhealthy_threshold = 2
  }
  tags = { "hipaa:child" = "tg", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "web_listener_https" {
  load_balancer_arn = aws_lb.web_lb.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-3-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web_tg.arn
  }
  tags = { "hipaa:child" = "listener/https", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_lb_listener" "web_listener_http" {
  load_balancer_arn = aws_lb.web_lb.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
  tags = { "hipaa:child" = "listener/http", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_cloudwatch_log_group" "web_log_group_waf" {
  name              = "aws-waf-logs-ejlb"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.lb.arn
  skip_destroy      = true
  tags              = { "hipaa:child" = "log-group/waf", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_wafv2_ip_set" "web_waf_ip_set_admin_ipv4" {
  name               = "ejlb-admin-ipv4"
  description        = "hipaa_load_balancer ejlb: the admin allow-list"
  scope              = "REGIONAL"
  ip_address_version = "IPV4"
  addresses          = ["203.0.113.0/24"]
  tags               = { "hipaa:child" = "waf/ip-set/admin", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_wafv2_ip_set" "web_waf_ip_set_admin_ipv6" {
  name               = "ejlb-admin-ipv6"
  description        = "hipaa_load_balancer ejlb: the admin allow-list"
  scope              = "REGIONAL"
  ip_address_version = "IPV6"
  addresses          = ["2001:db8::/32"]
  tags               = { "hipaa:child" = "waf/ip-set/admin", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_wafv2_web_acl" "web_waf_acl" {
  name        = "ejlb"
  description = "hipaa_load_balancer ejlb: AWS managed rule groups, a rate rule and the admin allow-list"
  scope       = "REGIONAL"
  default_action {
    allow {
    }
  }
  rule {
    name     = "admin-allow-list"
    priority = 0
    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "/admin"
            positional_constraint = "STARTS_WITH"
            field_to_match {
              uri_path {
              }
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
        statement {
          not_statement {
            statement {
              or_statement {
                statement {
                  ip_set_reference_statement {
                    arn = aws_wafv2_ip_set.web_waf_ip_set_admin_ipv4.arn
                  }
                }
                statement {
                  ip_set_reference_statement {
                    arn = aws_wafv2_ip_set.web_waf_ip_set_admin_ipv6.arn
                  }
                }
              }
            }
          }
        }
      }
    }
    action {
      block {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-admin-allow-list"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "rate-limit"
    priority = 1
    statement {
      rate_based_statement {
        limit                 = 1000
        aggregate_key_type    = "IP"
        evaluation_window_sec = 300
      }
    }
    action {
      block {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-rate-limit"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesCommonRuleSet"
    priority = 2
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    override_action {
      none {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-AWSManagedRulesCommonRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 3
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }
    override_action {
      none {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-AWSManagedRulesKnownBadInputsRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesSQLiRuleSet"
    priority = 4
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesSQLiRuleSet"
        vendor_name = "AWS"
      }
    }
    override_action {
      none {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-AWSManagedRulesSQLiRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesAmazonIpReputationList"
    priority = 5
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAmazonIpReputationList"
        vendor_name = "AWS"
      }
    }
    override_action {
      none {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-AWSManagedRulesAmazonIpReputationList"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesLinuxRuleSet"
    priority = 6
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesLinuxRuleSet"
        vendor_name = "AWS"
      }
    }
    override_action {
      none {
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ejlb-AWSManagedRulesLinuxRuleSet"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "ejlb"
    sampled_requests_enabled   = true
  }
  tags = { "hipaa:child" = "waf/acl", "hipaa:managed-by" = "terraform-provider-hipaa", "hipaa:owner" = "hipaa_load_balancer/ejlb", "team" = "portal" }
}

resource "aws_wafv2_web_acl_association" "web_waf_association" {
  resource_arn = aws_lb.web_lb.arn
  web_acl_arn  = aws_wafv2_web_acl.web_waf_acl.arn
}

resource "aws_wafv2_web_acl_logging_configuration" "web_waf_logging" {
  resource_arn            = aws_wafv2_web_acl.web_waf_acl.arn
  log_destination_configs = [aws_cloudwatch_log_group.web_log_group_waf.arn]
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }
  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
