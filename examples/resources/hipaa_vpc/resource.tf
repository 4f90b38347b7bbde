resource "hipaa_kms_key" "logs" {
  name             = "prod-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "prod" {
  name               = "prod"
  cidr_block         = "10.0.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
  database_ports     = [5432]

  flow_logs = {
    kms_key_arn    = hipaa_kms_key.logs.arn
    retention_days = 731
  }

  interface_endpoints = ["secretsmanager", "kms", "logs", "sts"]

  tags = {
    team = "platform"
  }
}
