package kmskey

import "sort"

// serviceAccess says how a service may use the key.
type serviceAccess int

const (
	// viaService: any principal of the account, only through the service
	// (kms:ViaService + kms:CallerAccount), as in AWS managed key policies.
	viaService serviceAccess = iota
	// servicePrincipal: the service's own principal, scoped to this account
	// by encryption context or aws:SourceAccount.
	servicePrincipal
)

// Services the key policy can name, by short name.
var Services = map[string]serviceAccess{
	"backup":            viaService,
	"dynamodb":          viaService,
	"ebs":               viaService,
	"elasticache":       viaService,
	"elasticfilesystem": viaService,
	"lambda":            viaService,
	"rds":               viaService,
	"s3":                viaService,
	"secretsmanager":    viaService,
	"sns":               viaService,
	"sqs":               viaService,
	"cloudtrail":        servicePrincipal,
	"config":            servicePrincipal,
	"logs":              servicePrincipal,
}

// ServiceNames lists the allowed_services values, sorted.
func ServiceNames() []string {
	out := make([]string, 0, len(Services))
	for k := range Services {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// viaServiceHost is the kms:ViaService value; EBS goes through EC2.
func viaServiceHost(svc, region string) string {
	if svc == "ebs" {
		svc = "ec2"
	}
	return svc + "." + region + ".amazonaws.com"
}
