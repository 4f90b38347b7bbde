resource "hipaa_kms_key" "logs" {
  name             = "portal-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "main" {
  name               = "portal"
  cidr_block         = "10.0.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.logs.arn
  }
}

resource "hipaa_load_balancer" "portal" {
  name                = "portal"
  vpc_id              = hipaa_vpc.main.id
  subnet_ids          = hipaa_vpc.main.public_subnet_ids
  internet_facing     = true
  certificate_arn     = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
  allowed_cidr_blocks = ["0.0.0.0/0"]

  targets = {
    port              = 8443
    health_check_path = "/healthz"
  }

  waf = {
    rate_limit_per_5_minutes  = 1000
    managed_rule_groups       = ["AWSManagedRulesLinuxRuleSet"]
    allowed_admin_cidr_blocks = ["203.0.113.0/24"]
  }

  access_log_bucket = "portal-lb-access-logs-123456789012"
  log_kms_key_arn   = hipaa_kms_key.logs.arn

  tags = {
    DataClassification = "phi"
  }
}
