package audittrail

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindBucket    Kind = "s3_bucket"
	KindLogGroup  Kind = "log_group"
	KindIAMRole   Kind = "iam_role"
	KindIAMPolicy Kind = "iam_policy" // the role's policy and its attachment (KeyRolePolicy)
	KindTrail     Kind = "cloudtrail"
	// KindReplication is a bucket's replication configuration.
	KindReplication Kind = "s3_replication"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindBucket, KindLogGroup, KindIAMRole, KindIAMPolicy, KindTrail, KindReplication}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns every child in creation order: each child's DependsOn
// keys come earlier. The log bucket sends its access logs to the access
// bucket; the role's policy names the log group; the trail delivers to
// the log bucket and, through the role, to the log group. With
// replication, each bucket's rule names its replica and the replication
// role, whose policy must be attached first.
func (l Layout) Children() []Child {
	out := []Child{
		{KindBucket, KeyAccessBucket, nil},
		{KindBucket, KeyLogBucket, []string{KeyAccessBucket}},
		{KindLogGroup, KeyLogGroup, nil},
		{KindIAMRole, KeyRole, nil},
		{KindIAMPolicy, KeyRolePolicy, []string{KeyRole, KeyLogGroup}},
		{KindTrail, KeyTrail, []string{KeyLogBucket, KeyLogGroup, KeyRole, KeyRolePolicy}},
	}
	if l.Replicas == nil {
		return out
	}
	return append(out,
		Child{KindBucket, KeyReplicaAccessBucket, nil},
		Child{KindBucket, KeyReplicaLogBucket, []string{KeyReplicaAccessBucket}},
		Child{KindIAMRole, KeyReplicationRole, nil},
		Child{KindIAMPolicy, KeyReplicationPolicy, []string{KeyReplicationRole}},
		Child{KindReplication, KeyLogReplication, []string{KeyLogBucket, KeyReplicaLogBucket, KeyReplicationRole, KeyReplicationPolicy}},
		Child{KindReplication, KeyAccessReplication, []string{KeyAccessBucket, KeyReplicaAccessBucket, KeyReplicationRole, KeyReplicationPolicy}},
	)
}

// RegionOf is the region of the child at key: the replicas' region for a
// replica, the trail's for the rest (the rules are the sources'; IAM is
// global and is called through the trail's region).
func (l Layout) RegionOf(key string) string {
	if key == KeyReplicaLogBucket || key == KeyReplicaAccessBucket {
		return l.ReplicaRegion()
	}
	return l.Region
}
