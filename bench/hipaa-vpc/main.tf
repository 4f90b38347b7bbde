# The network of the benchmark as one hipaa_vpc (3 AZs, NAT per AZ, 4 interface endpoints).
# scripts/bench.sh points the provider at the emulator through a counting proxy.
variable "endpoint" {
  type = string
}

terraform {
  required_providers {
    hipaa = { source = "hipaa-iac/hipaa" }
  }
}

provider "hipaa" {
  region = "us-east-1"
  endpoints {
    ec2  = var.endpoint
    iam  = var.endpoint
    kms  = var.endpoint
    logs = var.endpoint
    sts  = var.endpoint
  }
}

resource "hipaa_kms_key" "logs" {
  name             = "bench-flow-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "bench" {
  name                = "bench"
  cidr_block          = "10.0.0.0/16"
  availability_zones  = ["us-east-1a", "us-east-1b", "us-east-1c"]
  database_ports      = [3306, 5432]
  interface_endpoints = ["kms", "logs", "secretsmanager", "sts"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.logs.arn
  }
}
