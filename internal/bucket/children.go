package bucket

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindBucket      Kind = "s3_bucket"
	KindIAMRole     Kind = "iam_role"
	KindIAMPolicy   Kind = "iam_policy"     // the role's policy and its attachment (KeyRolePolicy)
	KindReplication Kind = "s3_replication" // the data bucket's replication configuration
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindBucket, KindIAMRole, KindIAMPolicy, KindReplication}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns the children the layout needs, in creation order: each
// child's DependsOn keys come earlier. A bucket sends its access logs to
// the access-log bucket of its region; the replication configuration names
// the replica bucket and the role, whose policy must be attached first.
// The bucket policies name the role only in conditions, so they do not
// wait for it. RegionOf says where each child lives.
func (l Layout) Children() []Child {
	var out []Child
	data := Child{KindBucket, KeyData, nil}
	if l.AccessLogs != nil {
		out = append(out, Child{KindBucket, KeyAccessLogs, nil})
		data.DependsOn = []string{KeyAccessLogs}
	}
	out = append(out, data)
	if l.Replication == nil {
		return out
	}
	out = append(out,
		Child{KindBucket, KeyReplicaAccessLogs, nil},
		Child{KindBucket, KeyReplica, []string{KeyReplicaAccessLogs}},
		Child{KindIAMRole, KeyRole, nil},
		Child{KindIAMPolicy, KeyRolePolicy, []string{KeyRole}},
		Child{KindReplication, KeyReplication, []string{KeyData, KeyReplica, KeyRole, KeyRolePolicy}},
	)
	if l.AccessLogReplication != nil {
		out = append(out, Child{KindReplication, KeyAccessLogReplication, []string{KeyAccessLogs, KeyReplicaAccessLogs, KeyRole, KeyRolePolicy}})
	}
	return out
}

// RegionOf is the region of the child at key: a bucket's own (Bucket.Region),
// the data bucket's region for the rest (the replication rule is the data
// bucket's; IAM is global and is called through that region).
func (l Layout) RegionOf(key string) string {
	for _, b := range l.Buckets() {
		if b.Key == key {
			return b.Region
		}
	}
	return l.Region
}
