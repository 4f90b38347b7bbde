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
  allowed_services = ["logs", "rds", "secretsmanager", "backup", "s3"]
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
