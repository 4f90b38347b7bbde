package cache

import (
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Child keys. Each names one child for the life of the resource: a change
// of engine version, node type, sources, key or retention changes the
// child, never its key.
const (
	KeySecurityGroup      = "sg/cache"
	KeySecurityGroupRules = "sg/cache/rules" // every rule of the group: ingress on the port, no egress
	KeySubnetGroup        = "subnet-group"
	KeyEngineLogGroup     = "log-group/engine"
	KeySlowLogGroup       = "log-group/slow"
	KeyRotationLogGroup   = "log-group/rotation" // auth mode password
	KeyRotationRole       = "rotation/role"      // auth mode password: the role and its managed policy
	KeySecret             = "secret"             // auth mode password
	KeyDefaultUser        = "user/default"
	KeyAppUser            = "user/app"
	KeyUserGroup          = "user-group"
	KeyReplicationGroup   = "replication-group"
	KeyRotationFunction   = "rotation/function" // auth mode password
	KeySecretRotation     = "secret/rotation"   // auth mode password
)

// Log types ElastiCache delivers (CCH-06).
const (
	LogTypeEngine = "engine-log"
	LogTypeSlow   = "slow-log"
)

// Users of the user group. The default user is required in a Redis OSS
// user group and is always disabled; the application user is the only
// one that can connect.
const (
	DefaultUserName = "default"
	AppUser         = "app"
)

// RotationPolicyPurpose names the rotation role's managed policy.
const RotationPolicyPurpose = "secret"

// ReplicationGroupID is the replication group of cache name.
func ReplicationGroupID(name string) string { return name }

// SubnetGroupName is the cache subnet group of cache name.
func SubnetGroupName(name string) string { return name + "-subnets" }

// SecurityGroupName is the cache's security group.
func SecurityGroupName(name string) string { return "hipaa-cache-" + name }

// LogGroupName is where ElastiCache delivers a log type of cache name:
// "/hipaa/cache/<name>/engine-log" or ".../slow-log".
func LogGroupName(name, logType string) string { return "/hipaa/cache/" + name + "/" + logType }

// UserID is the ElastiCache user of cache name for user ("app",
// "default"). User IDs are unique in a region, so the name is in it; an
// IAM-authenticated user's name must equal its ID.
func UserID(name, user string) string { return name + "-" + user }

// UserGroupID is the RBAC user group the resource makes for cache name.
func UserGroupID(name string) string { return name }

// SecretName is the Secrets Manager secret of the application user's
// password (auth mode password).
func SecretName(name string) string { return "hipaa/cache/" + name + "/" + AppUser }

// RotationFunctionName is the Lambda function that rotates the password;
// RotationRoleName is its role. Both fit 64 characters for any name.
func RotationFunctionName(name string) string { return "hipaa-cache-" + name + "-rotation" }

// RotationRoleName is the rotation function's role.
func RotationRoleName(name string) string { return RotationFunctionName(name) }

// RotationLogGroupName is the rotation function's log group, made
// encrypted before Lambda would make it unencrypted and kept forever.
func RotationLogGroupName(name string) string { return "/aws/lambda/" + RotationFunctionName(name) }

// RotationPolicyName is the rotation role's managed policy.
func RotationPolicyName(name string) string {
	return servicerole.PolicyName(RotationRoleName(name), RotationPolicyPurpose)
}

// FinalSnapshotPrefix starts the name of the snapshot taken on destroy.
func FinalSnapshotPrefix(name string) string { return name + "-final-" }

// FinalSnapshotName names the snapshot taken on destroy at t:
// "<name>-final-20261123-140501" (UTC), decided when the destroy runs.
func FinalSnapshotName(name string, t time.Time) string {
	return FinalSnapshotPrefix(name) + t.UTC().Format("20060102-150405")
}
