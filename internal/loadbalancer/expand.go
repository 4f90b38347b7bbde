package loadbalancer

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Child keys. Each names one child for the life of the resource: a
// change of name, policy, CIDR blocks or rule groups changes the child,
// never its key.
const (
	KeySecurityGroup        = "sg/lb"
	KeySecurityGroupIngress = "sg/lb/ingress"
	KeySecurityGroupEgress  = "sg/lb/egress"
	KeyLoadBalancer         = "lb"
	KeyTargetGroup          = "tg"
	KeyListenerHTTPS        = "listener/https"
	KeyListenerHTTP         = "listener/http"
	KeyLogGroup             = "log-group/waf"
	KeyAdminIPSet           = "waf/ip-set/admin"
	KeyWebACL               = "waf/acl"
	KeyWebACLAssociation    = "waf/association"
	KeyWAFLogging           = "waf/logging"
)

// Load balancer attributes the resource always sets (ELB-02, ELB-03,
// ELB-04).
const (
	AttrDropInvalidHeaders = "routing.http.drop_invalid_header_fields.enabled"
	AttrDesyncMitigation   = "routing.http.desync_mitigation_mode"
	AttrDeletionProtection = "deletion_protection.enabled"
	AttrAccessLogs         = "access_logs.s3.enabled"
	AttrAccessLogBucket    = "access_logs.s3.bucket"
	AttrAccessLogPrefix    = "access_logs.s3.prefix"
)

// WAFLogGroupPrefix: AWS WAF delivers to CloudWatch Logs only into groups
// whose names start with it.
const WAFLogGroupPrefix = "aws-waf-logs-"

// Layout is the expansion of a Spec: everything the executor creates.
type Layout struct {
	Name, Owner       string
	BaseTags          map[string]string
	Partition, Region string
	AccountID         string
	SecurityGroup     SecurityGroup
	LoadBalancer      LoadBalancer
	TargetGroup       TargetGroup
	HTTPSListener     Listener
	HTTPListener      Listener
	LogGroup          LogGroup
	AdminIPSet        *IPSet // nil: no waf.allowed_admin_cidr_blocks
	WebACL            WebACL
	WAFLogging        WAFLogging
}

// SecurityGroup is the load balancer's group: 443, and 80 for the
// listener that only redirects to 443, in from the allowed CIDR blocks;
// out only to the target port in the targets' CIDR blocks (ELB-07).
type SecurityGroup struct {
	Name, Description, VPCID string
	Ingress                  []Permission
	Egress                   []Permission
	Tags                     map[string]string
}

// Permission is one rule of the group: TCP Port from (ingress) or to
// (egress) CIDRBlocks, or, with ToAppTier, the CIDR blocks of the app-tier
// subnets of the VPC, which the executor reads (AppTierFilter).
type Permission struct {
	Port       int
	CIDRBlocks []string // sorted, IPv4 and IPv6 alike
	ToAppTier  bool     `json:",omitempty"`
}

// Descriptions of the group's rules, by direction.
const (
	IngressRuleDescription = "clients"
	EgressRuleDescription  = "targets"
)

// AppTierChildPattern matches the hipaa:child tag of a hipaa_vpc's
// app-tier subnets (internal/vpc SubnetKey: "app/<zone>").
const AppTierChildPattern = "app/*"

// LoadBalancer is the CreateLoadBalancer input and the attributes set
// after it.
type LoadBalancer struct {
	Name       string
	Scheme     string // "internet-facing" or "internal"
	Type       string // "application"
	IPType     string // "ipv4" or "dualstack"
	SubnetIDs  []string
	Attributes []Attribute // by key
	Tags       map[string]string
}

// Attribute is one load balancer attribute.
type Attribute struct{ Key, Value string }

// TargetGroup is the CreateTargetGroup input.
type TargetGroup struct {
	Name, Protocol, VPCID string
	Port                  int
	TargetType            string
	HealthCheck           HealthCheck
	Tags                  map[string]string
}

// HealthCheck is the target group's health check.
type HealthCheck struct {
	Protocol, Path, Matcher string
}

// Listener is one listener: the HTTPS one forwards to the target group;
// the HTTP one only redirects to HTTPS (ELB-01).
type Listener struct {
	Port           int
	Protocol       string
	SSLPolicy      string `json:",omitempty"`
	CertificateARN string `json:",omitempty"`
	Forward        bool   `json:",omitempty"` // to the target group
	Redirect       *Redirect
	Tags           map[string]string
}

// Redirect is a listener's default redirect action.
type Redirect struct {
	Protocol, Port, StatusCode string
}

// LogGroup is the WAF log group (ELB-05), made by the shared loggroup kind.
type LogGroup struct {
	Name, KMSKeyARN string
	RetentionDays   int
	Tags            map[string]string
}

// IPSet is the admin allow-list, one per address family in use.
type IPSet struct {
	Name, Description string
	IPv4, IPv6        []string // sorted
	Tags              map[string]string
}

// WebACL is the REGIONAL web ACL: default allow, then Rules in priority
// order (ELB-05).
type WebACL struct {
	Name, Description, Scope, DefaultAction string
	Rules                                   []WAFRule
	Tags                                    map[string]string
}

// WAFRule is one rule of the web ACL. A managed rule group's own actions
// apply (override none); the rate rule and the admin rule block.
type WAFRule struct {
	Name     string
	Priority int
	// ManagedRuleGroup is an AWS managed rule group (vendor AWS).
	ManagedRuleGroup string `json:",omitempty"`
	// RateLimit blocks a client IP above it per RateWindowSeconds.
	RateLimit int `json:",omitempty"`
	// AdminPathPrefix blocks requests under it from outside the admin IP set.
	AdminPathPrefix string `json:",omitempty"`
	Action          string // "none" (the group's own), "block"
	MetricName      string
}

// WAFLogging sends every request the web ACL sees to the log group, with
// the authorization and cookie headers redacted.
type WAFLogging struct {
	LogGroupName   string
	RedactedFields []string
}

// LogGroupName is the WAF log group of load balancer name.
func LogGroupName(name string) string { return WAFLogGroupPrefix + name }

// TargetGroupName is the target group of load balancer name for targets
// on protocol and port. A target group cannot change its protocol or port,
// so a change makes a new group of another name; the listener moves to it
// and the old one goes. A name too long for the suffix is shortened and
// keeps 4 hex digits of its hash, so two long names stay apart.
func TargetGroupName(name string, p Protocol, port int) string {
	suffix := fmt.Sprintf("-%s%d", strings.ToLower(string(p))[len(p)-1:], port) // "-s8443", "-p8080"
	if len(name)+len(suffix) <= MaxNameLen {
		return name + suffix
	}
	sum := sha256.Sum256([]byte(name))
	base := strings.TrimRight(name[:MaxNameLen-len(suffix)-5], "-")
	return fmt.Sprintf("%s-%x%s", base, sum[:2], suffix)
}

// AdminIPSetBase names the admin IP sets of load balancer name (IPSetName
// adds the family).
func AdminIPSetBase(name string) string { return name + "-admin" }

// SecurityGroupName is the load balancer's security group.
func SecurityGroupName(name string) string { return "hipaa-lb-" + name }

// Tags is the tag set of a child.
func (l Layout) Tags(key string) map[string]string { return tags.WithChild(l.BaseTags, key) }

// Expand turns a valid spec into its layout: it refuses input errors and
// violations no exception waives.
func Expand(s Spec) (Layout, error) {
	s = s.WithDefaults()
	if err := compliance.Refusal(ResourceType, s.Name, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	return expand(s), nil
}

func expand(s Spec) Layout {
	l := Layout{Name: s.Name, Owner: s.Owner(), BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), Partition: s.Partition,
		Region: s.Region, AccountID: s.AccountID}
	l.SecurityGroup = l.securityGroup(s)
	l.LoadBalancer = l.loadBalancer(s)
	l.TargetGroup = TargetGroup{Name: TargetGroupName(s.Name, s.Targets.Protocol, s.Targets.Port), Protocol: string(s.Targets.Protocol), Port: s.Targets.Port, VPCID: s.VPCID, TargetType: "ip",
		HealthCheck: HealthCheck{Protocol: string(s.Targets.Protocol), Path: s.Targets.HealthCheckPath, Matcher: "200-399"}, Tags: l.Tags(KeyTargetGroup)}
	l.HTTPSListener = Listener{Port: HTTPSPort, Protocol: "HTTPS", SSLPolicy: s.TLSPolicy, CertificateARN: s.CertificateARN, Forward: true,
		Tags: l.Tags(KeyListenerHTTPS)}
	l.HTTPListener = Listener{Port: HTTPPort, Protocol: "HTTP", Redirect: &Redirect{Protocol: "HTTPS", Port: strconv.Itoa(HTTPSPort), StatusCode: "HTTP_301"},
		Tags: l.Tags(KeyListenerHTTP)}
	l.LogGroup = LogGroup{Name: LogGroupName(s.Name), KMSKeyARN: s.LogKMSKeyARN, RetentionDays: s.LogRetentionDays, Tags: l.Tags(KeyLogGroup)}
	l.AdminIPSet = l.adminIPSet(s)
	l.WebACL = l.webACL(s)
	l.WAFLogging = WAFLogging{LogGroupName: l.LogGroup.Name, RedactedFields: []string{"authorization", "cookie"}}
	return l
}

func (l Layout) securityGroup(s Spec) SecurityGroup {
	sources := lists.SortedUnique(s.AllowedCIDRBlocks)
	egress := Permission{Port: s.Targets.Port, CIDRBlocks: lists.SortedUnique(s.Targets.CIDRBlocks)}
	to := "the targets' CIDR blocks"
	if len(egress.CIDRBlocks) == 0 {
		egress.ToAppTier, to = true, "the app tier"
	}
	return SecurityGroup{Name: SecurityGroupName(s.Name), VPCID: s.VPCID,
		Description: fmt.Sprintf("hipaa_load_balancer %s: 443 and 80 (redirect) in from allowed_cidr_blocks, out to port %d in %s", s.Name, s.Targets.Port, to),
		Ingress:     []Permission{{Port: HTTPSPort, CIDRBlocks: sources}, {Port: HTTPPort, CIDRBlocks: sources}},
		Egress:      []Permission{egress},
		Tags:        l.Tags(KeySecurityGroup)}
}

func (l Layout) loadBalancer(s Spec) LoadBalancer {
	scheme, ipType := "internal", "ipv4"
	if s.InternetFacing {
		scheme = "internet-facing"
	}
	for _, b := range s.AllowedCIDRBlocks {
		if isIPv6(b) {
			ipType = "dualstack"
		}
	}
	return LoadBalancer{Name: s.Name, Scheme: scheme, Type: "application", IPType: ipType, SubnetIDs: lists.SortedUnique(s.SubnetIDs),
		Attributes: []Attribute{
			{AttrAccessLogBucket, s.AccessLogBucket},
			{AttrAccessLogs, "true"},
			{AttrAccessLogPrefix, s.Name},
			{AttrDeletionProtection, "true"},
			{AttrDesyncMitigation, "strictest"},
			{AttrDropInvalidHeaders, "true"},
		},
		Tags: l.Tags(KeyLoadBalancer)}
}

func (l Layout) adminIPSet(s Spec) *IPSet {
	if len(s.WAF.AllowedAdminCIDRBlocks) == 0 {
		return nil
	}
	set := &IPSet{Name: AdminIPSetBase(s.Name), Description: ResourceType + " " + s.Name + ": the admin allow-list", Tags: l.Tags(KeyAdminIPSet)}
	for _, b := range lists.SortedUnique(s.WAF.AllowedAdminCIDRBlocks) {
		if isIPv6(b) {
			set.IPv6 = append(set.IPv6, b)
		} else {
			set.IPv4 = append(set.IPv4, b)
		}
	}
	return set
}

// webACL orders its rules: the admin allow-list first (a request it
// blocks needs no more inspection), then the rate rule, then the baseline
// managed groups, then waf.managed_rule_groups in the order given.
func (l Layout) webACL(s Spec) WebACL {
	acl := WebACL{Name: s.Name, Scope: "REGIONAL", DefaultAction: "allow", Tags: l.Tags(KeyWebACL),
		Description: ResourceType + " " + s.Name + ": AWS managed rule groups, a rate rule and the admin allow-list"}
	add := func(r WAFRule) {
		r.Priority = len(acl.Rules)
		r.MetricName = s.Name + "-" + r.Name
		acl.Rules = append(acl.Rules, r)
	}
	if l.AdminIPSet != nil {
		add(WAFRule{Name: "admin-allow-list", AdminPathPrefix: s.WAF.AdminPathPrefix, Action: "block"})
	}
	add(WAFRule{Name: "rate-limit", RateLimit: s.WAF.RateLimitPer5Minutes, Action: "block"})
	for _, g := range slices.Concat(BaselineRuleGroups, s.WAF.ManagedRuleGroups) {
		add(WAFRule{Name: g, ManagedRuleGroup: g, Action: "none"})
	}
	return acl
}

func isIPv6(cidr string) bool { return strings.Contains(cidr, ":") }
