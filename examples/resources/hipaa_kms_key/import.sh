# By key ID, alias, or bare alias name (only keys this provider created).
terraform import hipaa_kms_key.phi 1234abcd-12ab-34cd-56ef-1234567890ab
terraform import hipaa_kms_key.phi alias/phi
