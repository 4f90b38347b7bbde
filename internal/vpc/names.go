package vpc

import (
	"strconv"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Keys of the singleton children. A key is a child's identity: it never
// depends on a list position, and Name tags may change without changing it.
const (
	KeyVPC                   = "vpc"
	KeyInternetGateway       = "igw"
	KeyDefaultSecurityGroup  = "sg/default"
	KeyEndpointSecurityGroup = "sg/endpoints"
	KeyLogGroup              = "flow-log/log-group"
	KeyFlowLogRole           = "flow-log/role"
	KeyFlowLogRolePolicy     = "flow-log/role/policy"
	KeyFlowLogRoleAttachment = "flow-log/role/policy/attachment"
	KeyFlowLog               = "flow-log"
)

// FlowLogRolePolicyName names the flow log role's managed policy
// (servicerole.PolicyName); earlier versions wrote an inline policy of this name.
const FlowLogRolePolicyName = "flow-logs-delivery"

// SubnetKey is "<tier>/<az>": "app/us-east-1a".
func SubnetKey(t Tier, az string) string { return string(t) + "/" + az }

// EIPKey is "eip/<az>".
func EIPKey(az string) string { return "eip/" + az }

// NATKey is "nat/<az>".
func NATKey(az string) string { return "nat/" + az }

// RouteTableKey is "rtb/public" for the shared public table and
// "rtb/<tier>/<az>" for the per-AZ app and data tables.
func RouteTableKey(t Tier, az string) string {
	if t == TierPublic {
		return "rtb/public"
	}
	return "rtb/" + string(t) + "/" + az
}

// DefaultRouteKey is the key of a route table's 0.0.0.0/0 route: "<rtb key>/default".
func DefaultRouteKey(routeTableKey string) string { return routeTableKey + "/default" }

// RouteTableAssociationKey is "rtbassoc/<subnet key>".
func RouteTableAssociationKey(subnetKey string) string { return "rtbassoc/" + subnetKey }

// NACLKey is "nacl/<tier>".
func NACLKey(t Tier) string { return "nacl/" + string(t) }

// NACLEntryKey is "nacl/<tier>/in/<rule>" or "nacl/<tier>/out/<rule>".
func NACLEntryKey(t Tier, egress bool, rule int) string {
	dir := "in"
	if egress {
		dir = "out"
	}
	return NACLKey(t) + "/" + dir + "/" + strconv.Itoa(rule)
}

// NACLAssociationKey is "naclassoc/<subnet key>". Every subnet is associated
// with its tier's NACL, so the VPC's default NACL is left with no subnets.
func NACLAssociationKey(subnetKey string) string { return "naclassoc/" + subnetKey }

// EndpointKey is "endpoint/<service short name>": "endpoint/s3", "endpoint/ecr.api".
func EndpointKey(service string) string { return "endpoint/" + service }

// ServiceName is the full endpoint service name: "com.amazonaws.<region>.<svc>".
func ServiceName(region, service string) string { return "com.amazonaws." + region + "." + service }

// LogGroupName is the flow log group: "/hipaa/vpc/<name>/flow-logs".
func LogGroupName(name string) string { return "/hipaa/vpc/" + name + "/flow-logs" }

// FlowLogRoleName is the IAM role flow logs assume: "hipaa-vpc-<name>-flow-logs".
func FlowLogRoleName(name string) string { return "hipaa-vpc-" + name + "-flow-logs" }

// EndpointSecurityGroupName is the group name of "sg/endpoints".
func EndpointSecurityGroupName(name string) string { return "hipaa-vpc-" + name + "-endpoints" }

// NameTag is a child's Name tag: the VPC name, then the key with "/" as "-":
// "prod" for the VPC, "prod-public-us-east-1a", "prod-rtb-app-us-east-1a", "prod-nat-us-east-1b".
func NameTag(vpcName, key string) string {
	if key == KeyVPC {
		return vpcName
	}
	return vpcName + "-" + strings.ReplaceAll(key, "/", "-")
}

// Tags is the full tag set of the child with the given key: default tags,
// user tags, managed-by and owner, then the Name tag (which replaces a
// user-given Name) and hipaa:child = key.
func (l Layout) Tags(key string) map[string]string {
	t := tags.WithChild(l.BaseTags, key)
	t["Name"] = NameTag(l.Name, key)
	return t
}
