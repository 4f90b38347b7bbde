// Package loadbalancer is hipaa_load_balancer: an Application Load
// Balancer that takes client traffic only over TLS 1.3 (TLS 1.2+1.3 by
// exception), redirects HTTP to HTTPS, drops invalid header fields with
// the strictest desync mitigation, keeps deletion protection and access
// logs on, admits 443 only from the allowed CIDR blocks, reaches its
// targets over HTTPS, and sits behind a WAFv2 web ACL (AWS managed rule
// groups, a rate-based rule, an optional admin allow-list) that logs to a
// KMS-encrypted aws-waf-logs- log group with explicit retention.
//
// The pure core (spec.go, policies.go, validate.go, checks.go,
// children.go, expand.go) does no I/O and knows nothing of the plugin
// framework.
package loadbalancer

import (
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_load_balancer"

// Defaults and bounds of the contract.
const (
	// DefaultTLSPolicy negotiates TLS 1.3 only (ELB-01).
	DefaultTLSPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	// DefaultTargetProtocol: targets are reached over TLS (ELB-06).
	DefaultTargetProtocol = ProtocolHTTPS
	// DefaultHealthCheckPath is the target group's health check path.
	DefaultHealthCheckPath = "/"
	// DefaultRateLimit is the rate-based rule's requests per client IP per
	// 5 minutes.
	DefaultRateLimit = 2000
	// MinRateLimit and MaxRateLimit bound a WAFv2 rate-based statement's
	// Limit (AWS WAF developer guide, "Rate-based rule high-level
	// settings"; RateBasedStatement API reference).
	MinRateLimit = 10
	MaxRateLimit = 2_000_000_000
	// RateWindowSeconds is the rate rule's evaluation window: 5 minutes.
	RateWindowSeconds = 300
	// DefaultAdminPathPrefix is the path the admin allow-list guards.
	DefaultAdminPathPrefix = "/admin"
	// DefaultLogRetentionDays keeps WAF logs a year, as the VPC keeps flow
	// logs; MinLogRetentionDays is ELB-05's floor.
	DefaultLogRetentionDays = 365
	MinLogRetentionDays     = 365
	// HTTPSPort and HTTPPort are the listeners' ports.
	HTTPSPort = 443
	HTTPPort  = 80
)

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts.
var AllowedRetentionDays = loggroup.RetentionDays

// Protocol is a target group protocol.
type Protocol string

// Target protocols an ALB target group takes.
const (
	ProtocolHTTPS Protocol = "HTTPS"
	ProtocolHTTP  Protocol = "HTTP"
)

// Protocols are the accepted targets.protocol values.
var Protocols = []Protocol{ProtocolHTTPS, ProtocolHTTP}

// BaselineRuleGroups are the AWS managed rule groups every web ACL has:
// core rule set, known bad inputs, SQL injection, IP reputation.
var BaselineRuleGroups = []string{
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesSQLiRuleSet",
	"AWSManagedRulesAmazonIpReputationList",
}

// Targets is the targets block: the target group's port, protocol and
// health check.
type Targets struct {
	Port            int
	Protocol        Protocol // "": DefaultTargetProtocol
	HealthCheckPath string   // "": DefaultHealthCheckPath
	// CIDRBlocks are where the targets live: the load balancer's only
	// egress. Empty: the app tier of the hipaa_vpc vpc_id names, which the
	// executor reads from the subnets' hipaa:child tags.
	CIDRBlocks []string
}

// WAF is the waf block.
type WAF struct {
	RateLimitPer5Minutes int // 0: DefaultRateLimit
	// ManagedRuleGroups are AWS managed rule groups added to
	// BaselineRuleGroups.
	ManagedRuleGroups []string
	// AllowedAdminCIDRBlocks, when set, are the only sources that may
	// request paths under AdminPathPrefix.
	AllowedAdminCIDRBlocks []string
	AdminPathPrefix        string // "": DefaultAdminPathPrefix
}

// Spec is the plain description of one hipaa_load_balancer.
type Spec struct {
	Name      string
	VPCID     string
	SubnetIDs []string // public-tier subnets if InternetFacing, app-tier otherwise
	// InternetFacing: scheme internet-facing; otherwise internal.
	InternetFacing    bool
	CertificateARN    string
	TLSPolicy         string // "": DefaultTLSPolicy
	AllowedCIDRBlocks []string
	Targets           Targets
	WAF               WAF
	AccessLogBucket   string
	// LogKMSKeyARN encrypts the WAF log group; LogRetentionDays is its
	// retention (0: DefaultLogRetentionDays).
	LogKMSKeyARN      string
	LogRetentionDays  int
	Region, AccountID string
	Partition         string
	Tags, DefaultTags map[string]string
	Exceptions        []compliance.Exception
}

// WithDefaults fills unset values. It copies what it changes: s shares no
// memory with the result that the result writes.
func (s Spec) WithDefaults() Spec {
	if s.Partition == "" {
		s.Partition = "aws"
	}
	if s.TLSPolicy == "" {
		s.TLSPolicy = DefaultTLSPolicy
	}
	if s.Targets.Protocol == "" {
		s.Targets.Protocol = DefaultTargetProtocol
	}
	if s.Targets.HealthCheckPath == "" {
		s.Targets.HealthCheckPath = DefaultHealthCheckPath
	}
	if s.WAF.RateLimitPer5Minutes == 0 {
		s.WAF.RateLimitPer5Minutes = DefaultRateLimit
	}
	if s.WAF.AdminPathPrefix == "" {
		s.WAF.AdminPathPrefix = DefaultAdminPathPrefix
	}
	if s.LogRetentionDays == 0 {
		s.LogRetentionDays = DefaultLogRetentionDays
	}
	s.SubnetIDs = slices.Clone(s.SubnetIDs)
	s.AllowedCIDRBlocks = slices.Clone(s.AllowedCIDRBlocks)
	s.Targets.CIDRBlocks = slices.Clone(s.Targets.CIDRBlocks)
	s.WAF.ManagedRuleGroups = slices.Clone(s.WAF.ManagedRuleGroups)
	s.WAF.AllowedAdminCIDRBlocks = slices.Clone(s.WAF.AllowedAdminCIDRBlocks)
	return s
}

// Owner is the hipaa:owner tag value.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }
