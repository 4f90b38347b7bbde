# By VPC ID; only VPCs this provider created (tagged hipaa:owner = hipaa_vpc/<name>).
terraform import hipaa_vpc.prod vpc-0123456789abcdef0
