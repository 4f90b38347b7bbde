package loadbalancer

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindSecurityGroup     Kind = "security_group"
	KindSecurityGroupRule Kind = "security_group_rules" // all ingress, or all egress, of the group
	KindLoadBalancer      Kind = "load_balancer"
	KindTargetGroup       Kind = "target_group"
	KindListener          Kind = "listener"
	KindLogGroup          Kind = "log_group"
	KindIPSet             Kind = "wafv2_ip_set"
	KindWebACL            Kind = "wafv2_web_acl"
	KindWebACLAssociation Kind = "wafv2_web_acl_association"
	KindWAFLogging        Kind = "wafv2_logging_configuration"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindSecurityGroup, KindSecurityGroupRule, KindLoadBalancer, KindTargetGroup, KindListener,
	KindLogGroup, KindIPSet, KindWebACL, KindWebACLAssociation, KindWAFLogging}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns every child in creation order: each child's DependsOn
// keys come earlier. The load balancer needs its security group; the
// HTTPS listener the load balancer and the target group; the web ACL the
// admin IP set, when there is one; the association the web ACL and the
// load balancer; the logging configuration the web ACL and its log group.
func (l Layout) Children() []Child {
	out := []Child{
		{KindSecurityGroup, KeySecurityGroup, nil},
		{KindSecurityGroupRule, KeySecurityGroupIngress, []string{KeySecurityGroup}},
		{KindSecurityGroupRule, KeySecurityGroupEgress, []string{KeySecurityGroup}},
		{KindLoadBalancer, KeyLoadBalancer, []string{KeySecurityGroup}},
		{KindTargetGroup, KeyTargetGroup, nil},
		{KindListener, KeyListenerHTTPS, []string{KeyLoadBalancer, KeyTargetGroup}},
		{KindListener, KeyListenerHTTP, []string{KeyLoadBalancer}},
		{KindLogGroup, KeyLogGroup, nil},
	}
	var aclDeps []string
	if l.AdminIPSet != nil {
		out = append(out, Child{KindIPSet, KeyAdminIPSet, nil})
		aclDeps = []string{KeyAdminIPSet}
	}
	return append(out,
		Child{KindWebACL, KeyWebACL, aclDeps},
		Child{KindWebACLAssociation, KeyWebACLAssociation, []string{KeyWebACL, KeyLoadBalancer}},
		Child{KindWAFLogging, KeyWAFLogging, []string{KeyWebACL, KeyLogGroup}},
	)
}
