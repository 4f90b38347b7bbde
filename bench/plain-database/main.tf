# The same database written by hand with hashicorp/aws 5.100.0: subnet group,
# parameter group enforcing TLS, security group and rules, encrypted log
# groups, monitoring role, the instance with an RDS-managed password, its
# rotation, and RDS Proxy with its role, group and target.
variable "endpoint" {
  type = string
}
variable "vpc_id" {
  type = string
}
variable "subnet_ids" {
  type = list(string)
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
    ec2            = var.endpoint
    iam            = var.endpoint
    kms            = var.endpoint
    logs           = var.endpoint
    rds            = var.endpoint
    secretsmanager = var.endpoint
    sts            = var.endpoint
  }
}

locals {
  tags = { "hipaa:managed-by" = "hand-written", "hipaa:owner" = "plain/bench" }
}

data "aws_caller_identity" "me" {}

resource "aws_kms_key" "db" {
  description         = "bench-db"
  enable_key_rotation = true
  tags                = local.tags
}

resource "aws_kms_alias" "db" {
  name          = "alias/bench-db-plain"
  target_key_id = aws_kms_key.db.key_id
}

resource "aws_db_subnet_group" "db" {
  name       = "bench-plain-subnets"
  subnet_ids = var.subnet_ids
  tags       = local.tags
}

resource "aws_db_parameter_group" "db" {
  name   = "bench-plain-params"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_connections"
    value = "1"
  }
  parameter {
    name  = "log_disconnections"
    value = "1"
  }
  tags = local.tags
}

resource "aws_security_group" "db" {
  name        = "bench-plain-db"
  description = "database"
  vpc_id      = var.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "db_cidr" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "10.50.0.0/16"
}

resource "aws_vpc_security_group_ingress_rule" "db_proxy" {
  security_group_id            = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

resource "aws_security_group" "proxy" {
  name        = "bench-plain-proxy"
  description = "proxy"
  vpc_id      = var.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "proxy_cidr" {
  security_group_id = aws_security_group.proxy.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "10.50.0.0/16"
}

resource "aws_vpc_security_group_egress_rule" "proxy_db" {
  security_group_id            = aws_security_group.proxy.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_cloudwatch_log_group" "db" {
  for_each          = toset(["postgresql", "upgrade"])
  name              = "/aws/rds/instance/bench-plain/${each.key}"
  kms_key_id        = aws_kms_key.db.arn
  retention_in_days = 365
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "proxy" {
  name              = "/aws/rds/proxy/bench-plain-proxy"
  kms_key_id        = aws_kms_key.db.arn
  retention_in_days = 365
  tags              = local.tags
}

resource "aws_iam_role" "monitoring" {
  name = "bench-plain-monitoring"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "monitoring.rds.amazonaws.com" } }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "db" {
  identifier                          = "bench-plain"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.r6g.large"
  allocated_storage                   = 20
  storage_type                        = "gp3"
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.db.arn
  multi_az                            = true
  backup_retention_period             = 35
  deletion_protection                 = false
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "bench-plain-final"
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  publicly_accessible                 = false
  auto_minor_version_upgrade          = true
  copy_tags_to_snapshot               = true
  performance_insights_enabled        = true
  performance_insights_kms_key_id     = aws_kms_key.db.arn
  monitoring_interval                 = 60
  monitoring_role_arn                 = aws_iam_role.monitoring.arn
  username                            = "hipaa_admin"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.db.arn
  db_subnet_group_name                = aws_db_subnet_group.db.name
  parameter_group_name                = aws_db_parameter_group.db.name
  vpc_security_group_ids              = [aws_security_group.db.id]
  tags                                = local.tags
  depends_on                          = [aws_cloudwatch_log_group.db]
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id          = aws_db_instance.db.master_user_secret[0].secret_arn
  rotate_immediately = false
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_iam_role" "proxy" {
  name = "bench-plain-proxy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "rds.amazonaws.com" } }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "proxy" {
  name = "secret"
  role = aws_iam_role.proxy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = aws_db_instance.db.master_user_secret[0].secret_arn },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.db.arn, Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.us-east-1.amazonaws.com" } } },
    ]
  })
}

resource "aws_db_proxy" "db" {
  name                   = "bench-plain-proxy"
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy.arn
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy.id]
  require_tls            = true
  idle_client_timeout    = 1800
  auth {
    auth_scheme = "SECRETS"
    iam_auth    = "REQUIRED"
    secret_arn  = aws_db_instance.db.master_user_secret[0].secret_arn
  }
  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.proxy, aws_iam_role_policy.proxy]
}

resource "aws_db_proxy_default_target_group" "db" {
  db_proxy_name = aws_db_proxy.db.name
}

resource "aws_db_proxy_target" "db" {
  db_proxy_name          = aws_db_proxy.db.name
  target_group_name      = aws_db_proxy_default_target_group.db.name
  db_instance_identifier = aws_db_instance.db.identifier
}
