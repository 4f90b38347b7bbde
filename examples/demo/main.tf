# The demo: applied by `make demo` against a local AWS emulator.
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
  name             = "demo-phi"
  description      = "Customer key for PHI stores and their logs"
  allowed_services = ["logs", "rds", "secretsmanager", "backup", "s3"]
}

resource "hipaa_kms_key" "audit" {
  name             = "demo-audit"
  allowed_services = ["cloudtrail", "logs", "s3"]
}

output "phi_key_arn" {
  value = hipaa_kms_key.phi.arn
}

output "phi_alias_arn" {
  value = hipaa_kms_key.phi.alias_arn
}

output "audit_key_arn" {
  value = hipaa_kms_key.audit.arn
}
