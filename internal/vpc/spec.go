// Package vpc is the pure core of hipaa_vpc: the plain Spec with defaults,
// input validation, the NET-* compliance checks, and the expansion of a Spec
// into a Layout, the complete, ordered set of AWS children (subnets, NAT
// gateways, route tables, NACL entries, endpoints, flow log, ...) with stable
// keys, CIDRs and tags.
//
// The pure core (spec, validate, checks, expand*) does no I/O; the executor
// (apply*, delete), the reader (observe, diff) and the HCL renderer consume
// the Layout. Nothing here imports the plugin framework.
package vpc

import (
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_vpc"

// NATMode is the nat_gateways argument.
type NATMode string

// NAT placements.
const (
	NATOnePerAZ NATMode = "one_per_az" // default: a NAT gateway in each AZ's public subnet
	NATSingle   NATMode = "single"     // one NAT gateway in the first AZ by name (NET-04 violation)
	NATNone     NATMode = "none"       // no NAT: the app tier has no default route
)

// NATModes lists every NAT mode, default first; it feeds the schema validator and docs.
var NATModes = []NATMode{NATOnePerAZ, NATSingle, NATNone}

// Valid reports whether m is one of NATModes.
func (m NATMode) Valid() bool { return slices.Contains(NATModes, m) }

// Tier is a subnet tier.
type Tier string

// Tiers. Every AZ gets one subnet of each.
const (
	TierPublic Tier = "public" // internet-facing load balancers and the NAT gateways
	TierApp    Tier = "app"    // workloads; default route through a NAT gateway
	TierData   Tier = "data"   // databases; no route off the VPC
)

// Tiers lists the tiers in layout order.
var Tiers = []Tier{TierPublic, TierApp, TierData}

// Defaults, documented on the resource page (docs/resources/vpc.md).
const (
	DefaultNATGateways       = NATOnePerAZ
	DefaultRetentionDays     = 365
	DefaultTrafficType       = "ALL"
	MinAvailabilityZones     = 2
	MaxAZSlots               = 8 // slots per tier; AZ suffixes a..h or 1..8
	MinVPCPrefix             = 16
	MaxVPCPrefix             = 24
	MinSubnetPrefixLen       = 28 // the smallest subnet AWS allows is a /28
	MaxNACLRulesPerDirection = 20 // AWS default quota "rules per network ACL" per direction
)

// DefaultDatabasePorts are opened on the data tier when database_ports is null:
// PostgreSQL and MySQL.
var DefaultDatabasePorts = []int{3306, 5432}

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts.
var AllowedRetentionDays = loggroup.RetentionDays

// TrafficTypes are the flow log traffic types AWS accepts; only "ALL" complies with NET-09.
var TrafficTypes = []string{"ACCEPT", "ALL", "REJECT"}

// FlowLogs is the flow_logs block.
type FlowLogs struct {
	KMSKeyARN     string // customer-managed key for the log group; required by NET-09/AUD-06
	RetentionDays int    // default 365; one of AllowedRetentionDays
	TrafficType   string // default "ALL"
}

// TierNewbits overrides how many bits each tier's subnets add to the VPC
// prefix (subnet_newbits). Zero means the default for that tier.
type TierNewbits struct {
	Public int
	App    int
	Data   int
}

// Spec is the plain description of one hipaa_vpc.
type Spec struct {
	Name              string
	CIDRBlock         string
	AvailabilityZones []string // required here; the provider fills the region's first three
	NATGateways       NATMode
	// DatabasePorts: nil means DefaultDatabasePorts; an empty non-nil slice
	// means the data tier admits nothing.
	DatabasePorts      []int
	AllowHTTP          bool
	FlowLogs           FlowLogs
	InterfaceEndpoints []string
	Tags               map[string]string
	DefaultTags        map[string]string
	Region             string
	Exceptions         []compliance.Exception
	// RetainFlowLogsOnDestroy keeps the flow log group when the VPC is destroyed.
	RetainFlowLogsOnDestroy bool
	SubnetNewbits           *TierNewbits // optional overrides
}

// WithDefaults returns s with defaults applied and lists sorted and
// de-duplicated (AZ order in the input is irrelevant). It is idempotent;
// Validate, Check and Expand apply it themselves.
func (s Spec) WithDefaults() Spec {
	if s.NATGateways == "" {
		s.NATGateways = DefaultNATGateways
	}
	if s.FlowLogs.RetentionDays == 0 {
		s.FlowLogs.RetentionDays = DefaultRetentionDays
	}
	if s.FlowLogs.TrafficType == "" {
		s.FlowLogs.TrafficType = DefaultTrafficType
	}
	if s.DatabasePorts == nil {
		s.DatabasePorts = slices.Clone(DefaultDatabasePorts)
	} else {
		s.DatabasePorts = slices.Compact(slices.Sorted(slices.Values(s.DatabasePorts)))
	}
	s.AvailabilityZones = lists.SortedUnique(s.AvailabilityZones)
	s.InterfaceEndpoints = lists.SortedUnique(s.InterfaceEndpoints)
	return s
}

// Owner is the hipaa:owner tag value: "hipaa_vpc/<name>".
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }

// BaseTags is the tag set every child carries before its Name and hipaa:child tags.
func (s Spec) BaseTags() map[string]string {
	return tags.Build(s.DefaultTags, s.Tags, s.Owner())
}
