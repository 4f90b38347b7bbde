// Package awsclient builds one aws.Config from the provider configuration and
// hands out per-service clients, created lazily, that share it.
package awsclient

import (
	"fmt"
	"sort"
	"strings"
)

// Services are the endpoint keys of the provider's endpoints block, named as
// in hashicorp/aws. Each maps to the SDK's service ID for AWS_ENDPOINT_URL_<SERVICE>.
var Services = map[string]string{
	"accessanalyzer": "ACCESSANALYZER",
	"backup":         "BACKUP",
	"cloudtrail":     "CLOUDTRAIL",
	"configservice":  "CONFIG_SERVICE",
	"ec2":            "EC2",
	"elbv2":          "ELASTIC_LOAD_BALANCING_V2",
	"guardduty":      "GUARDDUTY",
	"iam":            "IAM",
	"inspector2":     "INSPECTOR2",
	"kms":            "KMS",
	"logs":           "CLOUDWATCH_LOGS",
	"rds":            "RDS",
	"s3":             "S3",
	"s3control":      "S3_CONTROL",
	"secretsmanager": "SECRETS_MANAGER",
	"securityhub":    "SECURITYHUB",
	"sts":            "STS",
	"wafv2":          "WAFV2",
}

// ServiceNames returns the endpoint keys, sorted.
func ServiceNames() []string {
	names := make([]string, 0, len(Services))
	for k := range Services {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// AssumeRole mirrors hashicorp/aws's assume_role block.
type AssumeRole struct {
	RoleARN     string
	SessionName string
	ExternalID  string
}

// Config is the provider configuration, free of framework types.
type Config struct {
	Region                    string
	Profile                   string
	SharedConfigFiles         []string
	SharedCredentialsFiles    []string
	AssumeRole                *AssumeRole
	Endpoints                 map[string]string // endpoint key -> URL
	DefaultTags               map[string]string
	SkipCredentialsValidation bool
	SkipRequestingAccountID   bool
	MaxRetries                int // 0 means the default (25)
	ComplianceMode            string
	UserAgentVersion          string
}

// DefaultMaxRetries matches hashicorp/aws.
const DefaultMaxRetries = 25

// ValidateEndpoint checks one endpoints entry: a known service and an
// absolute http(s) URL.
func ValidateEndpoint(service, raw string) error {
	if _, ok := Services[service]; !ok {
		return fmt.Errorf("unknown service %q in endpoints; valid keys are: %s",
			service, strings.Join(ServiceNames(), ", "))
	}
	return ValidateURL(raw)
}

// ValidateURL checks that raw is an absolute http or https URL with a host.
func ValidateURL(raw string) error {
	if !validURL(raw) {
		return fmt.Errorf("%q is not an absolute http(s) URL such as https://ec2.us-east-1.amazonaws.com or http://127.0.0.1:5000", raw)
	}
	return nil
}
