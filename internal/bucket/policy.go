package bucket

import (
	"slices"
	"strconv"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

type statement = s3bucket.Statement

// everyone is spelled as in s3bucket.TLSOnly.
var everyone = map[string]string{"AWS": "*"}

// Object actions the bucket policy reserves. Admins keep every bucket
// action and the lock actions (legal holds, retention), but not these.
var (
	// readActions return object data or tags; RestoreObject is how a
	// reader gets at an archived object.
	readActions = []string{"s3:GetObject", "s3:GetObjectAttributes", "s3:GetObjectTagging", "s3:GetObjectVersion",
		"s3:GetObjectVersionAttributes", "s3:RestoreObject"}
	// versionReadActions are also what replication reads of a version.
	versionReadActions = []string{"s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"}
	// replicationReadActions return object data to replication only.
	replicationReadActions = []string{"s3:GetObjectVersionForReplication"}
	// writeActions create, change or delete objects and versions,
	// including the writes replication makes on a destination.
	writeActions = []string{"s3:AbortMultipartUpload", "s3:BypassGovernanceRetention", "s3:DeleteObject", "s3:DeleteObjectTagging",
		"s3:DeleteObjectVersion", "s3:DeleteObjectVersionTagging", "s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
		"s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"}
)

// access is who may do what with one PHI bucket's objects.
type access struct {
	arn, kmsKeyARN string
	maxAgeSeconds  int
	readers        []string // read objects
	replicators    []string // read versions for replication
	writers        []string // write objects
}

// dataBucketPolicy: only readers read, only writers write; the
// replication role reads what replication needs.
func dataBucketPolicy(l Layout) string {
	a := access{arn: l.ARN, kmsKeyARN: l.KMSKeyARN, maxAgeSeconds: l.PresignedURLMaxAgeSeconds,
		readers: l.ReaderARNs, writers: l.WriterARNs}
	if r := l.RoleARN(); r != "" {
		a.replicators = []string{r}
	}
	return a.policy()
}

// replicaBucketPolicy: the same readers read replicas; only the
// replication role writes them.
func replicaBucketPolicy(l Layout) string {
	return access{arn: s3bucket.ARN(l.Partition, l.Replica.Name), kmsKeyARN: l.Replica.KMSKeyARN, maxAgeSeconds: l.PresignedURLMaxAgeSeconds,
		readers: l.ReaderARNs, writers: []string{l.RoleARN()}}.policy()
}

// policy denies, for every principal: requests without TLS 1.2 (STO-05),
// uploads not under the bucket's key (STO-01), presigned URLs older than
// the maximum age (STO-10), and object access to all but the principals a
// names (aws:PrincipalArn is the role, not the session, for an assumed role).
func (a access) policy() string {
	objects := a.arn + "/*"
	st := append(s3bucket.TLSOnly(a.arn), encryptionStatements(objects, a.kmsKeyARN)...)
	st = append(st,
		statement{Sid: "DenyPresignedURLsOlderThanMaxAge", Effect: "Deny", Principal: everyone, Action: "s3:*",
			Resource: []string{a.arn, objects}, Condition: map[string]any{
				"StringEquals":       map[string]string{"s3:authType": "REST-QUERY-STRING"},
				"NumericGreaterThan": map[string]string{"s3:signatureAge": strconv.Itoa(a.maxAgeSeconds * 1000)}, // milliseconds
			}},
		denyExcept("DenyObjectReadExceptReaders", readActions, objects, a.readers),
		denyExcept("DenyVersionReadExceptReadersAndReplication", versionReadActions, objects, slices.Concat(a.readers, a.replicators)),
		denyExcept("DenyReplicationReadExceptReplicationRole", replicationReadActions, objects, a.replicators),
		denyExcept("DenyObjectWriteExceptWriters", writeActions, objects, a.writers),
	)
	return s3bucket.Policy(st...)
}

// encryptionStatements deny uploads that name another encryption or
// another key. A negated operator, and every ...IfExists operator, is true
// when the header is absent, which would deny uploads that rely on the
// default encryption; so each statement also requires the header present
// (Null false). The key header is compared with the key ARN, so uploads
// that name the key give its ARN. S3 encrypts an aws:kms upload without a
// key header under aws/s3 (PutObject API reference), so that is denied.
func encryptionStatements(objects, keyARN string) []statement {
	const sse, keyID = "s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id"
	deny := func(sid string, cond map[string]any) statement {
		return statement{Sid: sid, Effect: "Deny", Principal: everyone, Action: "s3:PutObject", Resource: objects, Condition: cond}
	}
	return []statement{
		deny("DenyUploadsNotSSEKMS", map[string]any{
			"Null": map[string]string{sse: "false"}, "StringNotEquals": map[string]string{sse: "aws:kms"}}),
		deny("DenyUploadsUnderOtherKeys", map[string]any{
			"Null": map[string]string{keyID: "false"}, "StringNotEquals": map[string]string{keyID: keyARN}}),
		deny("DenyKMSUploadsWithoutKey", map[string]any{
			"Null": map[string]string{sse: "false", keyID: "true"}}),
	}
}

// denyExcept denies actions to every principal but except (ArnNotLike
// aws:PrincipalArn); to every principal when except is empty.
func denyExcept(sid string, actions []string, resource string, except []string) statement {
	st := statement{Sid: sid, Effect: "Deny", Principal: everyone, Action: actions, Resource: resource}
	if len(except) > 0 {
		st.Condition = map[string]any{"ArnNotLike": map[string][]string{"aws:PrincipalArn": except}}
	}
	return st
}

// replicationPolicy is the role's policy for this bucket's pairs: the
// bucket to its replica and, when the resource creates it, the access-log
// bucket to the replica region's (s3bucket.ReplicationRolePolicy).
func replicationPolicy(l Layout) string {
	pairs := []s3bucket.Pair{{Source: l.Data, Replica: *l.Replica}}
	if l.AccessLogReplication != nil {
		pairs = append(pairs, s3bucket.Pair{Source: *l.AccessLogs, Replica: *l.ReplicaAccessLogs})
	}
	return s3bucket.ReplicationRolePolicy(l.Partition, pairs)
}
