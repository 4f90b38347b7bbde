# The benchmark's database as one hipaa_database: postgres, Multi-AZ, proxy.
# The VPC and its two data subnets are made by the benchmark (variables).
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
    hipaa = { source = "hipaa-iac/hipaa" }
  }
}

provider "hipaa" {
  region = "us-east-1"
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

resource "hipaa_kms_key" "db" {
  name             = "bench-db"
  allowed_services = ["rds", "logs", "secretsmanager"]
}

resource "hipaa_database" "bench" {
  identifier          = "bench"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.r6g.large"
  allocated_storage   = 20
  vpc_id              = var.vpc_id
  subnet_ids          = var.subnet_ids
  allowed_cidr_blocks = ["10.50.0.0/16"]
  kms_key_arn         = hipaa_kms_key.db.arn
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "benchmark database, destroyed at the end of the run" }]
  proxy               = { enabled = true }
}
