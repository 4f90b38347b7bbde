package s3bucket

import (
	"strconv"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Replicas is the cross-region replication of a resource's buckets
// (STO-08): each pair's Source, in the resource's region, replicates to its
// Replica in Region through one role, whose customer-managed policy allows
// exactly these pairs. A resource's layout builds the buckets (names,
// policies, logging); Replicate adds the role and the rules.
type Replicas struct {
	Region string
	Role   servicerole.Spec
	Pairs  []Pair
}

// Pair is one source bucket, its replica and the source's replication rule.
type Pair struct {
	RuleKey         string // the child key of the rule
	Source, Replica Bucket
	Rule            Replication
}

// Replicate completes r: the role's trust and policy, and each pair's rule
// (ruleID, the role, the replica, and the replica's key for an SSE-KMS
// source). The role spec names the role, its policy and their tags.
func Replicate(region, ruleID string, role servicerole.Spec, pairs []Pair) *Replicas {
	r := &Replicas{Region: region, Role: role, Pairs: pairs}
	for i := range r.Pairs {
		p := &r.Pairs[i]
		p.Rule = Replication{RuleID: ruleID, RoleARN: role.RoleARN(), DestinationBucketARN: ARN(role.Partition, p.Replica.Name)}
		if p.Source.KMSKeyARN != "" {
			p.Rule.ReplicaKMSKeyARN = p.Replica.KMSKeyARN
		}
	}
	r.Role.TrustPolicy = ReplicationTrustPolicy()
	r.Role.PolicyDocument = ReplicationRolePolicy(role.Partition, r.Pairs)
	return r
}

// Replica is the replica of src: the same lock and lifecycle, in region
// under kmsKeyARN ("" for an SSE-S3 source, whose replica is SSE-S3 too).
// Its policy and logging are the caller's.
func Replica(src Bucket, key, name, region, kmsKeyARN string, tags map[string]string) Bucket {
	b := Bucket{Key: key, Name: name, Region: region, Lifecycle: src.Lifecycle, Tags: tags}
	b.Lifecycle.Transitions = append([]Transition(nil), src.Lifecycle.Transitions...)
	if src.KMSKeyARN != "" {
		b.KMSKeyARN = kmsKeyARN
	}
	if src.ObjectLock != nil {
		lock := *src.ObjectLock
		b.ObjectLock = &lock
	}
	return b
}

// Buckets are the replicas, in pair order.
func (r *Replicas) Buckets() []Bucket {
	if r == nil {
		return nil
	}
	out := make([]Bucket, len(r.Pairs))
	for i, p := range r.Pairs {
		out[i] = p.Replica
	}
	return out
}

// ReplicationTrustPolicy lets S3 assume a replication role.
func ReplicationTrustPolicy() string {
	return Policy(Statement{Sid: "S3Replication", Effect: "Allow",
		Principal: map[string]string{"Service": "s3.amazonaws.com"}, Action: "sts:AssumeRole"})
}

// ReplicationRolePolicy is the least a role needs to replicate each pair
// (docs: "Setting up permissions for live replication", "Replicating
// encrypted objects"): read the configuration and the source versions (and
// their lock, when a source is locked), write replicas, and for an SSE-KMS
// source decrypt with its key and encrypt with the replica's, each only
// through S3 in its region and for its bucket (the bucket ARN is the
// encryption context under a bucket key, the object ARN without one).
func ReplicationRolePolicy(partition string, pairs []Pair) string {
	var srcs, srcObjects, dsts []string
	locked := false
	for _, p := range pairs {
		src := ARN(partition, p.Source.Name)
		srcs, srcObjects = append(srcs, src), append(srcObjects, src+"/*")
		dsts = append(dsts, ARN(partition, p.Replica.Name)+"/*")
		locked = locked || p.Source.ObjectLock != nil
	}
	read := []string{"s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"}
	if locked {
		read = append(read, "s3:GetObjectLegalHold", "s3:GetObjectRetention")
	}
	via := func(region, bucketARN string) map[string]any {
		return map[string]any{"StringLike": map[string]any{
			"kms:ViaService":                   "s3." + region + ".amazonaws.com",
			"kms:EncryptionContext:aws:s3:arn": []string{bucketARN, bucketARN + "/*"},
		}}
	}
	st := []Statement{
		{Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, Resource: srcs},
		{Sid: "ReadSourceVersions", Effect: "Allow", Action: read, Resource: srcObjects},
		{Sid: "WriteReplicas", Effect: "Allow", Action: []string{"s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"}, Resource: dsts},
	}
	n := 0
	for _, p := range pairs {
		if p.Source.KMSKeyARN == "" {
			continue
		}
		suffix := ""
		if n++; n > 1 {
			suffix = strconv.Itoa(n)
		}
		src, dst := ARN(partition, p.Source.Name), ARN(partition, p.Replica.Name)
		st = append(st,
			Statement{Sid: "DecryptSource" + suffix, Effect: "Allow", Action: "kms:Decrypt", Resource: p.Source.KMSKeyARN, Condition: via(p.Source.Region, src)},
			// A bucket key on the replica also needs GenerateDataKey and
			// Decrypt there (docs: "Amazon S3 Bucket Keys and replication").
			Statement{Sid: "EncryptReplicas" + suffix, Effect: "Allow", Action: []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"},
				Resource: p.Replica.KMSKeyARN, Condition: via(p.Replica.Region, dst)})
	}
	return Policy(st...)
}

// ReplicaPolicy is the policy of a replica that only replication writes:
// TLS only (STO-05), and no principal but the role may write, change or
// delete an object.
func ReplicaPolicy(partition, name, roleARN string) string {
	arn := ARN(partition, name)
	return Policy(append(TLSOnly(arn), Statement{Sid: "DenyObjectWriteExceptReplication", Effect: "Deny", Principal: map[string]string{"AWS": "*"},
		Action: []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
			"s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"},
		Resource:  arn + "/*",
		Condition: map[string]any{"ArnNotLike": map[string]string{"aws:PrincipalArn": roleARN}}})...)
}

// ReplicationRole is the spec of a replication role and its
// customer-managed policy "<role>-buckets" (Replicate writes the documents).
func ReplicationRole(name, description, partition, accountID string, roleTags, policyTags map[string]string) servicerole.Spec {
	return servicerole.Spec{RoleName: name, Description: description, PolicyName: servicerole.PolicyName(name, "buckets"),
		Tags: roleTags, PolicyTags: policyTags, Partition: partition, AccountID: accountID}
}

// ReplicateLogged replicates a resource's two evidence buckets to t's
// region: data (SSE-KMS, logging to access) to a copy under t's key that
// only replication writes, and access (SSE-S3) to a copy that also
// receives the data replica's access logs. Each pair gives its source,
// its rule key and its replica's key, name and tags; the rest follows.
func ReplicateLogged(t Target, ruleID string, role servicerole.Spec, data, access Pair) *Replicas {
	d := Replica(data.Source, data.Replica.Key, data.Replica.Name, t.Region, t.KMSKeyARN, data.Replica.Tags)
	a := Replica(access.Source, access.Replica.Key, access.Replica.Name, t.Region, t.KMSKeyARN, access.Replica.Tags)
	d.LoggingTarget, d.LoggingPrefix = a.Name, "s3-access/"+d.Name+"/"
	data.Replica, access.Replica = d, a
	r := Replicate(t.Region, ruleID, role, []Pair{data, access})
	r.Pairs[0].Replica.Policy = ReplicaPolicy(role.Partition, d.Name, r.Role.RoleARN())
	r.Pairs[1].Replica.Policy = AccessLogPolicy(role.Partition, a.Name, d.LoggingPrefix, role.AccountID)
	return r
}
