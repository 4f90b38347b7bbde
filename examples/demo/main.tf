# The demo: applied by `make demo` against a local AWS emulator. It grows
# into the telehealth reference architecture as resources land.
# Region, credentials and endpoint come from the standard AWS environment
# variables (AWS_REGION, AWS_ENDPOINT_URL, ...), which scripts/demo.sh sets.
terraform {
  required_providers {
    hipaa = {
      source = "hipaa-iac/hipaa"
    }
  }
}

provider "hipaa" {
  default_tags {
    tags = {
      environment         = "demo"
      data_classification = "phi"
    }
  }
}

resource "hipaa_kms_key" "phi" {
  name             = "telehealth-phi"
  description      = "Customer key for PHI stores and their logs"
  allowed_services = ["logs", "rds", "secretsmanager", "backup", "s3", "cloudtrail"]
}

resource "hipaa_vpc" "telehealth" {
  name               = "telehealth"
  cidr_block         = "10.10.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
  database_ports     = [5432]

  flow_logs = {
    kms_key_arn    = hipaa_kms_key.phi.arn
    retention_days = 731
  }

  interface_endpoints = ["secretsmanager", "kms", "logs", "sts"]
}

resource "hipaa_database" "visits" {
  identifier          = "telehealth-visits"
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  allocated_storage   = 50
  vpc_id              = hipaa_vpc.telehealth.id
  subnet_ids          = hipaa_vpc.telehealth.data_subnet_ids
  allowed_cidr_blocks = ["10.10.0.0/16"]
  kms_key_arn         = hipaa_kms_key.phi.arn
  proxy               = { enabled = true }

  # The demo destroys what it builds; a real database keeps deletion protection on.
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "make demo: throwaway database in a local emulator" }]
}

resource "hipaa_audit_trail" "account" {
  name        = "telehealth-audit"
  kms_key_arn = hipaa_kms_key.phi.arn
}

output "database_endpoint" {
  value = hipaa_database.visits.endpoint
}

output "database_proxy_endpoint" {
  value = hipaa_database.visits.proxy_endpoint
}

output "master_user_secret_arn" {
  value = hipaa_database.visits.master_user_secret_arn
}

output "audit_bucket" {
  value = hipaa_audit_trail.account.bucket_name
}

output "vpc_id" {
  value = hipaa_vpc.telehealth.id
}

output "subnets" {
  value = hipaa_vpc.telehealth.subnets
}

output "nat_gateway_ids" {
  value = hipaa_vpc.telehealth.nat_gateway_ids
}

output "flow_log_group" {
  value = hipaa_vpc.telehealth.flow_log_group_name
}

output "phi_key_arn" {
  value = hipaa_kms_key.phi.arn
}
