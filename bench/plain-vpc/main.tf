# The same network written by hand with hashicorp/aws 5.100.0: what a team
# writes without hipaa_vpc. Same CIDRs, tiers, NACL rules, routes, flow log,
# endpoints and tags as bench/hipaa-vpc.
variable "endpoint" {
  type = string
}

terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    ec2  = var.endpoint
    iam  = var.endpoint
    kms  = var.endpoint
    logs = var.endpoint
    sts  = var.endpoint
  }
}

locals {
  azs   = { a = "us-east-1a", b = "us-east-1b", c = "us-east-1c" }
  slot  = { a = 0, b = 1, c = 2 }
  tiers = { public = ["10.0.0.0/18", 3], data = ["10.0.64.0/18", 3], app = ["10.0.128.0/17", 3] }
  subnets = merge([for tier, t in local.tiers : {
    for k, az in local.azs : "${tier}/${az}" => { tier = tier, az = az, cidr = cidrsubnet(t[0], t[1], local.slot[k]) }
  }]...)
  ports     = [3306, 5432]
  endpoints = ["kms", "logs", "secretsmanager", "sts"]
  tags      = { "hipaa:managed-by" = "hand-written", "hipaa:owner" = "plain/bench" }
}

resource "aws_kms_key" "logs" {
  description         = "bench flow logs"
  enable_key_rotation = true
  tags                = local.tags
}

resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = local.tags
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  tags   = local.tags
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = local.tags
}

resource "aws_subnet" "this" {
  for_each                = local.subnets
  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value.cidr
  availability_zone       = each.value.az
  map_public_ip_on_launch = false
  tags                    = merge(local.tags, { Name = each.key })
}

resource "aws_eip" "nat" {
  for_each = local.azs
  domain   = "vpc"
  tags     = local.tags
}

resource "aws_nat_gateway" "this" {
  for_each      = local.azs
  subnet_id     = aws_subnet.this["public/${each.value}"].id
  allocation_id = aws_eip.nat[each.key].id
  tags          = local.tags
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = local.tags
}

resource "aws_route" "public_default" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table" "app" {
  for_each = local.azs
  vpc_id   = aws_vpc.this.id
  tags     = local.tags
}

resource "aws_route" "app_default" {
  for_each               = local.azs
  route_table_id         = aws_route_table.app[each.key].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[each.key].id
}

resource "aws_route_table" "data" {
  for_each = local.azs
  vpc_id   = aws_vpc.this.id
  tags     = local.tags
}

resource "aws_route_table_association" "this" {
  for_each       = local.subnets
  subnet_id      = aws_subnet.this[each.key].id
  route_table_id = each.value.tier == "public" ? aws_route_table.public.id : (each.value.tier == "app" ? aws_route_table.app[substr(each.value.az, -1, 1)].id : aws_route_table.data[substr(each.value.az, -1, 1)].id)
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for k, s in local.subnets : aws_subnet.this[k].id if s.tier == "public"]
  tags       = local.tags
}

resource "aws_network_acl" "app" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for k, s in local.subnets : aws_subnet.this[k].id if s.tier == "app"]
  tags       = local.tags
}

resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for k, s in local.subnets : aws_subnet.this[k].id if s.tier == "data"]
  tags       = local.tags
}

resource "aws_network_acl_rule" "public" {
  for_each = {
    "in-100"  = [false, 100, "6", "0.0.0.0/0", 443, 443], "in-120" = [false, 120, "6", "0.0.0.0/0", 1024, 3388],
    "in-130"  = [false, 130, "6", "0.0.0.0/0", 3390, 65535], "in-140" = [false, 140, "-1", "10.0.0.0/16", 0, 0],
    "out-100" = [true, 100, "-1", "10.0.0.0/16", 0, 0], "out-110" = [true, 110, "6", "0.0.0.0/0", 443, 443],
    "out-130" = [true, 130, "6", "0.0.0.0/0", 1024, 65535],
  }
  network_acl_id = aws_network_acl.public.id
  egress         = each.value[0]
  rule_number    = each.value[1]
  protocol       = each.value[2]
  rule_action    = "allow"
  cidr_block     = each.value[3]
  from_port      = each.value[4]
  to_port        = each.value[5]
}

resource "aws_network_acl_rule" "app" {
  for_each = {
    "in-100"  = [false, 100, "-1", "10.0.0.0/16", 0, 0], "in-110" = [false, 110, "6", "0.0.0.0/0", 1024, 3388],
    "in-120"  = [false, 120, "6", "0.0.0.0/0", 3390, 65535], "out-100" = [true, 100, "-1", "10.0.0.0/16", 0, 0],
    "out-110" = [true, 110, "6", "0.0.0.0/0", 443, 443],
  }
  network_acl_id = aws_network_acl.app.id
  egress         = each.value[0]
  rule_number    = each.value[1]
  protocol       = each.value[2]
  rule_action    = "allow"
  cidr_block     = each.value[3]
  from_port      = each.value[4]
  to_port        = each.value[5]
}

resource "aws_network_acl_rule" "data_in" {
  for_each       = { for p in setproduct(range(length(local.ports)), keys(local.azs)) : "${p[0]}-${p[1]}" => p }
  network_acl_id = aws_network_acl.data.id
  egress         = false
  rule_number    = 100 + each.value[0] * 80 + local.slot[each.value[1]] * 10
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = aws_subnet.this["app/${local.azs[each.value[1]]}"].cidr_block
  from_port      = local.ports[each.value[0]]
  to_port        = local.ports[each.value[0]]
}

resource "aws_network_acl_rule" "data_out" {
  for_each       = local.azs
  network_acl_id = aws_network_acl.data.id
  egress         = true
  rule_number    = 100 + local.slot[each.key] * 10
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = aws_subnet.this["app/${each.value}"].cidr_block
  from_port      = 1024
  to_port        = 65535
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/plain/vpc/bench/flow-logs"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
  tags              = local.tags
}

resource "aws_iam_role" "flow" {
  name = "plain-vpc-bench-flow-logs"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
  Principal = { Service = "vpc-flow-logs.amazonaws.com" } }] })
  tags = local.tags
}

resource "aws_iam_role_policy" "flow" {
  name = "flow-logs"
  role = aws_iam_role.flow.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
  Action = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource = "${aws_cloudwatch_log_group.flow.arn}:*" }] })
}

resource "aws_flow_log" "this" {
  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
  tags            = local.tags
}

resource "aws_vpc_endpoint" "gateway" {
  for_each          = toset(["s3", "dynamodb"])
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.us-east-1.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(values(aws_route_table.app)[*].id, values(aws_route_table.data)[*].id)
  tags              = local.tags
}

resource "aws_security_group" "endpoints" {
  name        = "plain-vpc-bench-endpoints"
  description = "interface endpoints: 443 from the VPC"
  vpc_id      = aws_vpc.this.id
  tags        = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "endpoints" {
  security_group_id = aws_security_group.endpoints.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/16"
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(local.endpoints)
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.us-east-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for k, s in local.subnets : aws_subnet.this[k].id if s.tier == "app"]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
  tags                = local.tags
}
