package acctest

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request`)

// signingToService maps SigV4 signing names to the provider's endpoint keys.
var signingToService = map[string]string{"config": "configservice", "access-analyzer": "accessanalyzer"}

// identify names the service (from the SigV4 credential scope) and the
// operation (X-Amz-Target, then the query-protocol Action, then a REST route).
func identify(r *http.Request, body []byte) (service, op string) {
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		service = m[1]
	}
	if s, ok := signingToService[service]; ok {
		service = s
	}
	if service == "s3" && strings.HasPrefix(r.URL.Path, "/v20180820/") { // s3control signs as s3
		service = "s3control"
	}
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		return service, t[strings.LastIndex(t, ".")+1:]
	}
	if a := r.URL.Query().Get("Action"); a != "" {
		return service, a
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") != "" {
			return service, v.Get("Action")
		}
	}
	return service, restOperation(service, r)
}

type restRoute struct {
	method string
	path   *regexp.Regexp
	op     string
}

// restRoutes name the REST operations the provider and harness use; any
// other REST call is counted as "METHOD /first-segment".
var restRoutes = map[string][]restRoute{
	"securityhub": {
		{"POST", regexp.MustCompile(`^/standards/register$`), "BatchEnableStandards"},
		{"POST", regexp.MustCompile(`^/standards/deregister$`), "BatchDisableStandards"},
		{"POST", regexp.MustCompile(`^/standards/get$`), "GetEnabledStandards"},
		{"GET", regexp.MustCompile(`^/standards$`), "DescribeStandards"},
		{"POST", regexp.MustCompile(`^/accounts$`), "EnableSecurityHub"},
		{"GET", regexp.MustCompile(`^/accounts$`), "DescribeHub"},
		{"DELETE", regexp.MustCompile(`^/accounts$`), "DisableSecurityHub"},
	},
	"accessanalyzer": {
		{"PUT", regexp.MustCompile(`^/analyzer$`), "CreateAnalyzer"},
		{"GET", regexp.MustCompile(`^/analyzer$`), "ListAnalyzers"},
		{"GET", regexp.MustCompile(`^/analyzer/[^/]+$`), "GetAnalyzer"},
		{"DELETE", regexp.MustCompile(`^/analyzer/[^/]+$`), "DeleteAnalyzer"},
	},
	"guardduty": {
		{"POST", regexp.MustCompile(`^/detector$`), "CreateDetector"},
		{"GET", regexp.MustCompile(`^/detector$`), "ListDetectors"},
		{"GET", regexp.MustCompile(`^/detector/[^/]+$`), "GetDetector"},
		{"POST", regexp.MustCompile(`^/detector/[^/]+$`), "UpdateDetector"},
		{"DELETE", regexp.MustCompile(`^/detector/[^/]+$`), "DeleteDetector"},
	},
	"inspector2": {
		{"POST", regexp.MustCompile(`^/enable$`), "Enable"},
		{"POST", regexp.MustCompile(`^/disable$`), "Disable"},
		{"POST", regexp.MustCompile(`^/status/batch/get$`), "BatchGetAccountStatus"},
	},
	"s3control": {
		{"GET", regexp.MustCompile(`/configuration/publicAccessBlock$`), "GetPublicAccessBlock"},
		{"PUT", regexp.MustCompile(`/configuration/publicAccessBlock$`), "PutPublicAccessBlock"},
		{"DELETE", regexp.MustCompile(`/configuration/publicAccessBlock$`), "DeletePublicAccessBlock"},
	},
	"backup": { // paths as aws-sdk-go-v2 sends them; botocore adds a trailing slash to some
		{"PUT", regexp.MustCompile(`^/backup/plans/[^/]+/selections/?$`), "CreateBackupSelection"},
		{"GET", regexp.MustCompile(`^/backup/plans/[^/]+/selections/?$`), "ListBackupSelections"},
		{"GET", regexp.MustCompile(`^/backup/plans/[^/]+/selections/[^/]+/?$`), "GetBackupSelection"},
		{"DELETE", regexp.MustCompile(`^/backup/plans/[^/]+/selections/[^/]+/?$`), "DeleteBackupSelection"},
		{"PUT", regexp.MustCompile(`^/backup/plans/?$`), "CreateBackupPlan"},
		{"GET", regexp.MustCompile(`^/backup/plans/?$`), "ListBackupPlans"},
		{"GET", regexp.MustCompile(`^/backup/plans/[^/]+/?$`), "GetBackupPlan"},
		{"POST", regexp.MustCompile(`^/backup/plans/[^/]+/?$`), "UpdateBackupPlan"},
		{"DELETE", regexp.MustCompile(`^/backup/plans/[^/]+/?$`), "DeleteBackupPlan"},
		{"GET", regexp.MustCompile(`^/backup-vaults/?$`), "ListBackupVaults"},
		{"PUT", regexp.MustCompile(`^/backup-vaults/[^/]+/?$`), "CreateBackupVault"},
		{"GET", regexp.MustCompile(`^/backup-vaults/[^/]+/?$`), "DescribeBackupVault"},
		{"DELETE", regexp.MustCompile(`^/backup-vaults/[^/]+/?$`), "DeleteBackupVault"},
		{"PUT", regexp.MustCompile(`^/backup-vaults/[^/]+/vault-lock/?$`), "PutBackupVaultLockConfiguration"},
		{"DELETE", regexp.MustCompile(`^/backup-vaults/[^/]+/vault-lock/?$`), "DeleteBackupVaultLockConfiguration"},
		{"PUT", regexp.MustCompile(`^/backup-vaults/[^/]+/access-policy/?$`), "PutBackupVaultAccessPolicy"},
		{"GET", regexp.MustCompile(`^/backup-vaults/[^/]+/access-policy/?$`), "GetBackupVaultAccessPolicy"},
		{"DELETE", regexp.MustCompile(`^/backup-vaults/[^/]+/access-policy/?$`), "DeleteBackupVaultAccessPolicy"},
		{"PUT", regexp.MustCompile(`^/backup-vaults/[^/]+/notification-configuration/?$`), "PutBackupVaultNotifications"},
		{"GET", regexp.MustCompile(`^/backup-vaults/[^/]+/notification-configuration/?$`), "GetBackupVaultNotifications"},
		{"DELETE", regexp.MustCompile(`^/backup-vaults/[^/]+/notification-configuration/?$`), "DeleteBackupVaultNotifications"},
		{"GET", regexp.MustCompile(`^/backup-vaults/[^/]+/recovery-points/?$`), "ListRecoveryPointsByBackupVault"},
		{"GET", regexp.MustCompile(`^/tags/.+$`), "ListTags"},
		{"POST", regexp.MustCompile(`^/tags/.+$`), "TagResource"},
		{"POST", regexp.MustCompile(`^/untag/.+$`), "UntagResource"},
	},
}

func restOperation(service string, r *http.Request) string {
	for _, rt := range restRoutes[service] {
		if r.Method == rt.method && rt.path.MatchString(r.URL.Path) {
			return rt.op
		}
	}
	if service == "s3" {
		return s3Operation(r)
	}
	seg := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
	return r.Method + " /" + seg
}

// s3Operation names the S3 calls by method, path depth and sub-resource.
func s3Operation(r *http.Request) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	sub := ""
	for _, k := range []string{"tagging", "policy", "versioning", "encryption", "lifecycle", "logging", "publicAccessBlock", "object-lock", "ownershipControls", "acl", "versions", "uploads", "replication", "location"} {
		if q.Has(k) {
			sub = k
		}
	}
	switch {
	case r.URL.Path == "/" && r.Method == "GET":
		return "ListBuckets"
	case len(parts) == 1 && sub == "":
		return map[string]string{"PUT": "CreateBucket", "DELETE": "DeleteBucket", "HEAD": "HeadBucket", "GET": "ListObjects"}[r.Method]
	case len(parts) == 1:
		return r.Method + "Bucket:" + sub
	}
	return map[string]string{"PUT": "PutObject", "GET": "GetObject", "DELETE": "DeleteObject", "HEAD": "HeadObject", "POST": "PostObject"}[r.Method]
}

func isQueryProtocol(service string) bool {
	switch service {
	case "ec2", "rds", "iam", "sts", "sns", "sqs", "elasticloadbalancing", "cloudformation":
		return true
	}
	return false
}
