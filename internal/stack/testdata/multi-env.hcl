# Two environments sharing an account, hyphenated names, tags that need
# quoting, a component in one region only, region settings.
organisation        = "acme-health"
data_classification = "phi"
compliance_mode     = "report"
tags                = { cost-center = "42", "team:owner" = "platform" }

state {
  bucket      = "acme-tfstate"
  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000"
  region      = "us-east-1"
}

environment "staging" {
  account_id = "111122223333"
  regions    = ["us-east-1"]

  component "keys" "phi-data" {
    settings = { allowed_services = ["logs", "rds", "secretsmanager"], tags = { "app/tier" = "data" } }
  }

  component "network" "core-net" {
    settings = {
      cidr_block   = "10.30.0.0/16"
      nat_gateways = "single"
      flow_logs    = { retention_days = 365 }
    }
    inputs_from = { "flow_logs.kms_key_arn" = "keys.phi-data.arn" }
  }
}

environment "prod" {
  account_id = "111122223333"
  regions    = ["us-east-1", "us-west-2"]

  component "database" "visits" {
    regions = ["us-east-1"]
    settings = {
      engine              = "mysql"
      instance_class      = "db.r6g.large"
      allocated_storage   = 100
      allowed_cidr_blocks = ["10.40.128.0/17"]
      proxy               = { enabled = true, idle_client_timeout_seconds = 900 }
      exceptions          = [{ control = "DB-05", reason = "decommission ticket 42" }]
      deletion_protection = false
    }
    inputs_from = {
      vpc_id      = "network.core-net.id"
      subnet_ids  = "network.core-net.data_subnet_ids"
      kms_key_arn = "keys.phi-data.arn"
    }
  }

  component "keys" "phi-data" {
    settings = { allowed_services = ["logs", "rds", "secretsmanager"] }
  }

  component "network" "core-net" {
    settings = {
      cidr_block = "10.40.0.0/16"
      flow_logs  = { retention_days = 731 }
    }
    inputs_from = { "flow_logs.kms_key_arn" = "keys.phi-data.arn" }

    region "us-west-2" {
      settings = { cidr_block = "10.41.0.0/16" }
    }
  }
}
