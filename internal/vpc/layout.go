package vpc

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// LayoutVersion numbers this expansion (Layout.Version). It is not written
// to state: bump it whenever a spec that expanded before expands
// differently, together with a state upgrader on the resource's schema.
const LayoutVersion = 1

// Kind is the type of a child object.
type Kind string

// Child kinds, in creation order.
const (
	KindVPC                     Kind = "vpc"
	KindDefaultSecurityGroup    Kind = "default_security_group" // adopted, never created or deleted: emptied
	KindInternetGateway         Kind = "internet_gateway"       // created and attached to the VPC
	KindLogGroup                Kind = "log_group"
	KindIAMRole                 Kind = "iam_role"
	KindIAMPolicy               Kind = "iam_policy"                 // the role's customer-managed policy
	KindIAMRolePolicyAttachment Kind = "iam_role_policy_attachment" // that policy attached to the role
	KindFlowLog                 Kind = "flow_log"
	KindSubnet                  Kind = "subnet"
	KindNetworkACL              Kind = "network_acl"
	KindNetworkACLEntry         Kind = "network_acl_entry"
	KindNetworkACLAssociation   Kind = "network_acl_association" // ReplaceNetworkAclAssociation; deletion returns the subnet to the default NACL
	KindRouteTable              Kind = "route_table"
	KindEIP                     Kind = "eip"
	KindNATGateway              Kind = "nat_gateway"
	KindRoute                   Kind = "route"
	KindRouteTableAssociation   Kind = "route_table_association"
	KindSecurityGroup           Kind = "security_group"
	KindVPCEndpoint             Kind = "vpc_endpoint"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindVPC, KindDefaultSecurityGroup, KindInternetGateway, KindLogGroup, KindIAMRole,
	KindIAMPolicy, KindIAMRolePolicyAttachment, KindFlowLog, KindSubnet, KindNetworkACL, KindNetworkACLEntry, KindNetworkACLAssociation,
	KindRouteTable, KindEIP, KindNATGateway, KindRoute, KindRouteTableAssociation, KindSecurityGroup, KindVPCEndpoint}

// Taggable reports whether AWS objects of this kind carry tags (and so can be
// discovered by owner tag); entries, routes, associations and policy
// attachments are found through their parent instead.
func (k Kind) Taggable() bool {
	switch k {
	case KindNetworkACLEntry, KindNetworkACLAssociation, KindRoute, KindRouteTableAssociation, KindIAMRolePolicyAttachment:
		return false
	}
	return true
}

// Layout is the complete expansion of a Spec: every child with its key,
// settings and relations. Every map is keyed by child key; every key list is
// sorted. It is a value: JSON-encodable, deterministic, compared in golden tests.
type Layout struct {
	Version       int
	Name          string            // the VPC name, prefix of every Name tag
	Owner         string            // hipaa:owner tag value
	BaseTags      map[string]string // default + user + managed-by + owner; see Tags
	Region        string
	AZs           []string    // sorted
	SubnetNewbits TierNewbits // effective, after defaults
	VPC           VPC

	Subnets         map[string]Subnet // "public/us-east-1a"
	InternetGateway InternetGateway
	EIPs            map[string]EIP        // "eip/us-east-1a"
	NATs            map[string]NAT        // "nat/us-east-1a"
	RouteTables     map[string]RouteTable // "rtb/public", "rtb/app/us-east-1a"
	Routes          map[string]Route      // "rtb/app/us-east-1a/default"
	NACLs           map[string]NACL       // "nacl/data"

	DefaultSecurityGroup DefaultSecurityGroup
	SecurityGroups       map[string]SecurityGroup // "sg/endpoints"
	Endpoints            map[string]Endpoint      // "endpoint/s3"
	FlowLog              FlowLog
}

// VPC is the VPC itself. It never gets IPv6.
type VPC struct {
	Key                string
	CIDRBlock          string
	EnableDNSSupport   bool
	EnableDNSHostnames bool
}

// Subnet is one tier's subnet in one AZ.
type Subnet struct {
	Key              string
	Tier             Tier
	AvailabilityZone string // a zone name ("us-east-1a") or zone ID ("use1-az1"); see IsZoneID
	Slot             int    // CIDR slot of the AZ; see AZSlot and CIDRPlan
	CIDRBlock        string
	// Always false (NET-02).
	MapPublicIPOnLaunch         bool
	AssignIPv6AddressOnCreation bool
	RouteTableKey               string
	NACLKey                     string
}

// InternetGateway is attached to the VPC; only rtb/public routes to it (NET-03).
type InternetGateway struct {
	Key string
}

// EIP is the elastic IP of one NAT gateway.
type EIP struct {
	Key    string
	AZ     string
	NATKey string
}

// NAT is a public NAT gateway in a public subnet.
type NAT struct {
	Key       string
	AZ        string
	SubnetKey string
	EIPKey    string
}

// RouteTable is the shared public table or a per-AZ app or data table.
type RouteTable struct {
	Key        string
	Tier       Tier
	AZ         string   // "" for rtb/public
	SubnetKeys []string // associated subnets, sorted
}

// Route is one route; the only routes are 0.0.0.0/0 defaults (the local
// route is implicit and gateway endpoints add their own prefix-list routes).
type Route struct {
	Key             string
	RouteTableKey   string
	DestinationCIDR string
	TargetKind      Kind   // KindInternetGateway or KindNATGateway
	TargetKey       string // "igw" or "nat/us-east-1a"
}

// Protocol is a NACL protocol number as AWS returns it.
type Protocol string

// NACL protocols.
const (
	ProtocolAll Protocol = "-1"
	ProtocolTCP Protocol = "6"
	ProtocolUDP Protocol = "17"
)

// RuleAction is a NACL rule action.
type RuleAction string

// NACL rule actions.
const (
	ActionAllow RuleAction = "allow"
	ActionDeny  RuleAction = "deny"
)

// NACLEntry is one numbered rule. FromPort and ToPort are 0 for ProtocolAll.
type NACLEntry struct {
	Key        string // "nacl/data/in/120"
	RuleNumber int
	Egress     bool
	Protocol   Protocol
	Action     RuleAction
	CIDRBlock  string
	FromPort   int
	ToPort     int
}

// NACL is the dedicated network ACL of one tier (NET-08). Entries are
// ingress then egress, each by rule number; anything they do not allow is
// denied by the implicit final rule.
type NACL struct {
	Key        string
	Tier       Tier
	Entries    []NACLEntry
	SubnetKeys []string // every subnet of the tier, sorted
}

// DefaultSecurityGroup is the VPC's default group, adopted and emptied of all
// ingress and egress rules (NET-05).
type DefaultSecurityGroup struct {
	Key   string
	Empty bool
}

// SGRule is one security group rule; Protocol is as AWS returns it ("tcp").
type SGRule struct {
	Protocol    string
	FromPort    int
	ToPort      int
	CIDRBlock   string
	Description string
}

// SecurityGroup is a group the provider creates. Ingress and Egress are the
// exact rules it holds: the executor revokes the allow-all egress rule AWS
// adds to every new group (NET-07).
type SecurityGroup struct {
	Key         string
	GroupName   string
	Description string
	Ingress     []SGRule
	Egress      []SGRule
}

// EndpointType is a VPC endpoint type as the EC2 API spells it.
type EndpointType string

// Endpoint types.
const (
	EndpointGateway   EndpointType = "Gateway"
	EndpointInterface EndpointType = "Interface"
)

// Endpoint is a gateway endpoint (S3, DynamoDB) on the app and data route
// tables, or an interface endpoint in the app subnets (NET-10).
type Endpoint struct {
	Key              string
	Service          string // short name: "s3", "ecr.api"
	ServiceName      string // "com.amazonaws.us-east-1.s3"
	Type             EndpointType
	RouteTableKeys   []string // gateway endpoints
	SubnetKeys       []string // interface endpoints: the app subnets
	SecurityGroupKey string   // interface endpoints: "sg/endpoints"
	PrivateDNS       bool     // interface endpoints
}

// FlowLog is the VPC flow log with its log group and delivery role (NET-09).
type FlowLog struct {
	Key                    string
	TrafficType            string
	MaxAggregationInterval int // seconds
	LogGroupKey            string
	LogGroupName           string
	RetentionDays          int
	KMSKeyARN              string // "" only when NET-09/AUD-06 are waived
	RetainOnDestroy        bool   // keep the log group when the VPC is destroyed
	RoleKey                string
	RoleName               string
	RolePolicyKey          string // the customer-managed policy (servicerole)
	RolePolicyName         string
	RoleAttachmentKey      string
}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)
