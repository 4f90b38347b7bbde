# Import a backup plan this provider created, by its name.
terraform import hipaa_backup_plan.phi phi
