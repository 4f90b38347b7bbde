# Import a load balancer this provider created, by its name.
terraform import hipaa_load_balancer.portal portal
