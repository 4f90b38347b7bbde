package eject

import (
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
)

// Bucket renders a hipaa_bucket layout, labelled "<name>_<child key>":
// each bucket hardened as s3bucket applies it, the replica and its
// access-log bucket with the aws provider of the replica region, the
// replication role with its customer-managed policy, and the replication
// configuration of the bucket and of its access-log bucket. No bucket is
// emptied on destroy: the provider never deletes an object either.
func (e *File) Bucket(name string, l bucket.Layout) {
	var access, accessPolicy string
	if l.AccessLogs != nil {
		access = e.bucket(name, *l.AccessLogs, false, "")
		e.Refer(l.AccessLogs.Name, access+".id") // the bucket's logging target
		accessPolicy = "aws_s3_bucket_policy." + label(name, l.AccessLogs.Key)
	}
	data := e.bucket(name, l.Data, false, accessPolicy)
	if l.Replication == nil {
		return
	}
	var replica, replicaAccess string
	e.inRegion(l.ReplicaRegion, func() {
		replicaAccess = e.bucket(name, *l.ReplicaAccessLogs, false, "")
		e.Refer(l.ReplicaAccessLogs.Name, replicaAccess+".id")
		replica = e.bucket(name, *l.Replica, false, "aws_s3_bucket_policy."+label(name, l.ReplicaAccessLogs.Key))
	})
	role, attached := e.serviceRole(name, bucket.KeyRole, bucket.KeyRolePolicy, *l.Role)
	e.replication(label(name, bucket.KeyReplication), data, replica, role, attached, *l.Replication)
	if l.AccessLogReplication != nil {
		e.replication(label(name, bucket.KeyAccessLogReplication), access, replicaAccess, role, attached, *l.AccessLogReplication)
	}
}
