# Import a bucket this provider created, by its name argument (not the full bucket name).
terraform import hipaa_bucket.patient_files patient-files
