resource "hipaa_kms_key" "db" {
  name             = "patients-db"
  allowed_services = ["rds", "logs", "secretsmanager"]
}

resource "hipaa_vpc" "main" {
  name               = "patients"
  cidr_block         = "10.0.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.db.arn
  }
}

resource "hipaa_database" "patients" {
  identifier            = "patients"
  engine                = "postgres"
  engine_version        = "16.3"
  instance_class        = "db.r6g.large"
  allocated_storage     = 100
  max_allocated_storage = 500
  vpc_id                = hipaa_vpc.main.id
  subnet_ids            = hipaa_vpc.main.data_subnet_ids
  allowed_cidr_blocks   = ["10.0.0.0/16"]
  kms_key_arn           = hipaa_kms_key.db.arn

  backup_retention_days         = 35
  master_password_rotation_days = 30

  proxy = {
    enabled = true
  }

  timeouts = {
    create = "60m"
    delete = "60m"
  }

  tags = {
    DataClassification = "phi"
  }
}
