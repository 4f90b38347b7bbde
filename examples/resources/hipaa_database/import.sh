# Import a database this provider created, by its DB instance or cluster identifier.
terraform import hipaa_database.patients patients
