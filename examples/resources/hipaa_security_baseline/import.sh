# The import ID is the region, which must be the provider's region. Import
# adopts what runs there (a detector, hub or recorder another tool created
# included); the next apply brings it up to the configuration. Nothing
# adopted is ever turned off by destroy.
terraform import hipaa_security_baseline.this us-east-1
