terraform {
  required_providers {
    hipaa = {
      source = "hipaa-iac/hipaa"
    }
  }
}

provider "hipaa" {
  region          = "us-east-1"
  compliance_mode = "enforce"

  default_tags {
    tags = {
      environment         = "prod"
      data_classification = "phi"
    }
  }
}
