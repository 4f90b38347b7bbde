package cache

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindSecurityGroup      Kind = "security_group"
	KindSecurityGroupRules Kind = "security_group_rules" // every rule of the group, both directions
	KindSubnetGroup        Kind = "cache_subnet_group"
	KindLogGroup           Kind = "log_group"
	KindIAMRole            Kind = "iam_role" // with its managed policy
	KindSecret             Kind = "secret"
	KindUser               Kind = "cache_user"
	KindUserGroup          Kind = "cache_user_group"
	KindReplicationGroup   Kind = "replication_group"
	KindLambdaFunction     Kind = "lambda_function"
	KindSecretRotation     Kind = "secret_rotation"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindSecurityGroup, KindSecurityGroupRules, KindSubnetGroup, KindLogGroup, KindIAMRole, KindSecret,
	KindUser, KindUserGroup, KindReplicationGroup, KindLambdaFunction, KindSecretRotation}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns every child in creation order: each child's DependsOn
// keys come earlier. The group's rules need the group; the log groups come
// before the replication group so ElastiCache delivers into encrypted
// groups with a retention; the rotation role early, as a new role takes a
// while to become assumable; the application user needs the secret that
// holds its password; the user group its users; the replication group its
// security group and rules, subnet group, log groups and user group; the
// rotation function its role and log group and the secret whose ARN it is
// given; the rotation schedule the secret, the function and the user whose
// password it sets. Delete runs in reverse: the replication group (after
// its final snapshot) goes before what it uses.
func (l Layout) Children() []Child {
	out := []Child{
		{KindSecurityGroup, KeySecurityGroup, nil},
		{KindSecurityGroupRules, KeySecurityGroupRules, []string{KeySecurityGroup}},
		{KindSubnetGroup, KeySubnetGroup, nil},
		{KindLogGroup, KeyEngineLogGroup, nil},
		{KindLogGroup, KeySlowLogGroup, nil},
	}
	if l.Rotation != nil {
		out = append(out, Child{KindLogGroup, KeyRotationLogGroup, nil}, Child{KindIAMRole, KeyRotationRole, nil})
	}
	if l.Secret != nil {
		out = append(out, Child{KindSecret, KeySecret, nil})
	}
	rgDeps := []string{KeySecurityGroup, KeySecurityGroupRules, KeySubnetGroup, KeyEngineLogGroup, KeySlowLogGroup}
	if l.UserGroup != nil {
		var appDeps []string
		if l.Secret != nil {
			appDeps = []string{KeySecret}
		}
		out = append(out,
			Child{KindUser, KeyDefaultUser, nil},
			Child{KindUser, KeyAppUser, appDeps},
			Child{KindUserGroup, KeyUserGroup, []string{KeyDefaultUser, KeyAppUser}})
		rgDeps = append(rgDeps, KeyUserGroup)
	}
	out = append(out, Child{KindReplicationGroup, KeyReplicationGroup, rgDeps})
	if l.Rotation != nil {
		out = append(out,
			Child{KindLambdaFunction, KeyRotationFunction, []string{KeyRotationRole, KeyRotationLogGroup, KeySecret}},
			Child{KindSecretRotation, KeySecretRotation, []string{KeySecret, KeyRotationFunction, KeyAppUser}})
	}
	return out
}
