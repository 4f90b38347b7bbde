# Import a trail this provider created, by trail name.
terraform import hipaa_audit_trail.org org-audit
