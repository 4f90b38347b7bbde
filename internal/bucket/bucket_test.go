package bucket

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

const (
	account = "123456789012"
	keyUSE1 = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	keyUSW2 = "arn:aws:kms:us-west-2:123456789012:key/66666666-7777-8888-9999-000000000000"
	reader  = "arn:aws:iam::123456789012:role/app/phi-reader"
	writer  = "arn:aws:iam::123456789012:role/phi-writer"
)

func validSpec() Spec {
	return Spec{Name: "phi", KMSKeyARN: keyUSE1, Region: "us-east-1", AccountID: account,
		Replication: &Replication{Region: "us-west-2", KMSKeyARN: keyUSW2},
		ReaderARNs:  []string{reader}, WriterARNs: []string{writer}, RetainOnDestroy: DefaultRetainOnDestroy}
}

func TestDefaults_compliant(t *testing.T) {
	s := validSpec()
	if errs := Validate(s); len(errs) > 0 {
		t.Fatal(errs)
	}
	if v := Check(s); len(v) > 0 {
		t.Fatalf("defaults violate %v", v)
	}
	d := s.WithDefaults()
	if !reflect.DeepEqual(d.Transitions, DefaultTransitions()) || d.ExpireAfterDays != 0 ||
		d.NoncurrentVersionExpireAfterDays != 2192 || d.PresignedURLMaxAgeSeconds != 600 || d.Partition != "aws" {
		t.Errorf("defaults %+v", d)
	}
	s.Transitions = []Transition{}
	if d := s.WithDefaults(); d.Transitions == nil || len(d.Transitions) != 0 || len(Validate(s)) > 0 {
		t.Errorf("transitions = [] became %v", d.Transitions)
	}
	s.ReaderARNs = nil // a write-only drop box
	if f := Evaluate(s, unknownNone); len(f.Input)+len(f.Violations) > 0 {
		t.Errorf("no reader: %+v", f)
	}
}

func TestWithDefaults_doesNotChangeShared(t *testing.T) {
	lock := &ObjectLock{Days: 30}
	s := Spec{ObjectLock: lock, Transitions: []Transition{{Days: 30, StorageClass: StandardIA}}}
	d := s.WithDefaults()
	d.Transitions[0].Days = 99
	if lock.Mode != "" || d.ObjectLock.Mode != ModeCompliance || s.Transitions[0].Days != 30 {
		t.Errorf("lock %+v, defaulted %+v, transitions %v", lock, d.ObjectLock, s.Transitions)
	}
}

// Each literal refusal names its attribute and, for a violation, its
// control and whether it can be waived. rules_test.go proves the same
// refusals with unknown arguments.
func TestValidate_and_Check(t *testing.T) {
	for _, c := range refusals {
		s := validSpec()
		c.mod(&s)
		f := Evaluate(s, unknownNone)
		if !slices.ContainsFunc(findingsOf(f), c.matches) {
			t.Errorf("%s: no %s in %+v", c.name, c.want(), f)
		}
	}
}

func TestExpand(t *testing.T) {
	l, err := Expand(validSpec())
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range [][2]string{
		{l.BucketName, "phi-123456789012-us-east-1"},
		{l.ARN, "arn:aws:s3:::phi-123456789012-us-east-1"},
		{l.Data.Name, "phi-123456789012-us-east-1"},
		{l.AccessLogs.Name, "phi-access-logs-123456789012-us-east-1"},
		{l.Replica.Name, "phi-123456789012-us-west-2"},
		{s3bucket.ARN(l.Partition, l.Replica.Name), "arn:aws:s3:::phi-123456789012-us-west-2"},
		{l.ReplicaAccessLogs.Name, "phi-access-logs-123456789012-us-west-2"},
		{l.Role.RoleName, "hipaa-bucket-phi-us-east-1-replication"},
		{l.Role.PolicyName, "hipaa-bucket-phi-us-east-1-replication-buckets"},
		{l.RoleARN(), "arn:aws:iam::123456789012:role/hipaa-bucket-phi-us-east-1-replication"},
		{l.Owner, "hipaa_bucket/phi"},
		{l.Data.LoggingTarget, l.AccessLogs.Name},
		{l.Data.LoggingPrefix, "s3-access/phi-123456789012-us-east-1/"},
		{l.Replica.LoggingTarget, l.ReplicaAccessLogs.Name},
		{l.Data.KMSKeyARN, keyUSE1},
		{l.Replica.KMSKeyARN, keyUSW2},
		{l.AccessLogs.KMSKeyARN, ""}, // SSE-S3: server access logging cannot write to SSE-KMS buckets
		{l.ReplicaAccessLogs.Region, "us-west-2"},
	} {
		if c[0] != c[1] {
			t.Errorf("%d: got %q, want %q", i, c[0], c[1])
		}
	}
	if r := l.Replication; r == nil || r.RoleARN != l.RoleARN() || r.DestinationBucketARN != s3bucket.ARN(l.Partition, l.Replica.Name) ||
		r.ReplicaKMSKeyARN != keyUSW2 || r.RuleID != ReplicationRuleID {
		t.Errorf("replication %+v", l.Replication)
	}
	want := Lifecycle{RuleID: LifecycleRuleID, Transitions: DefaultTransitions(), NoncurrentVersionExpireAfterDays: 2192, AbortIncompleteMultipartUploadDays: 7}
	if !reflect.DeepEqual(l.Data.Lifecycle, want) || !reflect.DeepEqual(l.Replica.Lifecycle, want) {
		t.Errorf("lifecycle %+v, replica %+v", l.Data.Lifecycle, l.Replica.Lifecycle)
	}
	if l.Data.ObjectLock != nil || l.Replica.ObjectLock != nil || l.AccessLogs.LoggingTarget != "" {
		t.Errorf("lock %v %v, access-log bucket logs to %q", l.Data.ObjectLock, l.Replica.ObjectLock, l.AccessLogs.LoggingTarget)
	}
	for _, b := range l.Buckets() {
		if b.Tags[tags.ChildKey] != b.Key || b.Tags[tags.OwnerKey] != l.Owner || b.Region != l.RegionOf(b.Key) {
			t.Errorf("bucket %s: tags %v, region %s", b.Key, b.Tags, b.Region)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(b.Policy), &v); err != nil || strings.Contains(b.Policy, ":null") {
			t.Errorf("bucket %s policy: %v %s", b.Key, err, b.Policy)
		}
	}
	if l.Role.Tags[tags.ChildKey] != KeyRole || l.Role.PolicyTags[tags.ChildKey] != KeyRolePolicy {
		t.Errorf("role tags %v, policy tags %v", l.Role.Tags, l.Role.PolicyTags)
	}
	if !strings.Contains(l.AccessLogs.Policy, "logging.s3.amazonaws.com") || !strings.Contains(l.AccessLogs.Policy, l.Data.LoggingPrefix) ||
		!strings.Contains(l.ReplicaAccessLogs.Policy, l.Replica.LoggingPrefix) || !strings.Contains(l.AccessLogs.Policy, "aws:SecureTransport") {
		t.Error("access-log bucket policies do not admit this bucket's logs over TLS only")
	}
}

func TestExpand_options(t *testing.T) {
	s := validSpec()
	s.Replication, s.AccessLogBucket = nil, "central-logs"
	s.ObjectLock = &ObjectLock{Days: 365}
	s.Transitions, s.ExpireAfterDays = []Transition{}, 3000
	l, err := Expand(s) // STO-08 is waivable: Expand refuses only what no exception waives
	if err != nil {
		t.Fatal(err)
	}
	if l.AccessLogs != nil || l.Replica != nil || l.ReplicaAccessLogs != nil || l.Role != nil || l.Replication != nil || l.ReplicaRegion != "" {
		t.Errorf("children without replication or with access_log_bucket: %+v", l)
	}
	if l.Data.LoggingTarget != "central-logs" || l.Data.ObjectLock == nil || *l.Data.ObjectLock != (ObjectLock{Mode: ModeCompliance, Days: 365}) ||
		len(l.Data.Lifecycle.Transitions) != 0 || l.Data.Lifecycle.ExpireAfterDays != 3000 {
		t.Errorf("data bucket %+v", l.Data)
	}
	if got := keys(l.Children()); !reflect.DeepEqual(got, []string{KeyData}) {
		t.Errorf("children %v", got)
	}
	if strings.Contains(l.Data.Policy, "replication") {
		t.Errorf("policy names a replication role: %s", l.Data.Policy)
	}

	s = validSpec()
	s.ObjectLock = &ObjectLock{Mode: ModeGovernance, Days: 30}
	s.Exceptions = nil
	l, err = Expand(s) // GOVERNANCE is waivable
	if err != nil {
		t.Fatal(err)
	}
	if *l.Replica.ObjectLock != *l.Data.ObjectLock || l.Replica.ObjectLock == l.Data.ObjectLock || l.Data.ObjectLock == s.ObjectLock {
		t.Errorf("the replica gets a copy of the same lock: %v %v", l.Data.ObjectLock, l.Replica.ObjectLock)
	}
	if !strings.Contains(l.Role.PolicyDocument, "s3:GetObjectRetention") || !strings.Contains(l.Role.PolicyDocument, "s3:GetObjectLegalHold") {
		t.Error("a locked bucket's replication role cannot read the lock")
	}

	for name, mod := range map[string]func(*Spec){
		"input error":    func(s *Spec) { s.Name = "Bad_Name" },
		"hard violation": func(s *Spec) { s.KMSKeyARN = "alias/aws/s3" },
	} {
		s := validSpec()
		mod(&s)
		if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), `expanding hipaa_bucket`) {
			t.Errorf("%s: Expand returned %v", name, err)
		}
	}
}

func TestExpand_longNames(t *testing.T) {
	s := validSpec()
	s.Name = strings.Repeat("n", maxNameLen("us-east-1"))
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range l.Buckets() {
		if len(b.Name) > s3bucket.MaxNameLen {
			t.Errorf("%s: %q has %d characters", b.Key, b.Name, len(b.Name))
		}
	}
	if len(l.BucketName) != s3bucket.MaxNameLen || len(l.Role.RoleName) > 64 {
		t.Errorf("bucket %q, role %q", l.BucketName, l.Role.RoleName)
	}
	if RoleName("phi", "us-east-1") == RoleName("phi", "eu-west-1") {
		t.Error("buckets of one name in two regions share a replication role")
	}
}

// TestChildren: the DAG lists each key once, every DependsOn key comes
// earlier (so it is acyclic), every kind is in Kinds, and the replica side
// lives in the replica's region.
func TestChildren(t *testing.T) {
	full, _ := Expand(validSpec())
	s := validSpec()
	s.Replication = nil
	local, _ := Expand(s)
	for name, c := range map[string]struct {
		l    Layout
		keys []string
	}{
		"replicated": {full, []string{KeyAccessLogs, KeyData, KeyReplicaAccessLogs, KeyReplica, KeyRole, KeyRolePolicy, KeyReplication,
			KeyAccessLogReplication}},
		"no replication": {local, []string{KeyAccessLogs, KeyData}},
	} {
		children := c.l.Children()
		if got := keys(children); !reflect.DeepEqual(got, c.keys) {
			t.Errorf("%s: children %v, want %v", name, got, c.keys)
		}
		seen := map[string]bool{}
		for _, ch := range children {
			if !slices.Contains(Kinds, ch.Kind) {
				t.Errorf("%s: %s has kind %q, not in Kinds", name, ch.Key, ch.Kind)
			}
			for _, d := range ch.DependsOn {
				if !seen[d] {
					t.Errorf("%s: %s depends on %s, which does not come earlier", name, ch.Key, d)
				}
			}
			seen[ch.Key] = true
		}
	}
	cs := full.Children()
	if got := cs[len(cs)-2]; !reflect.DeepEqual(got.DependsOn, []string{KeyData, KeyReplica, KeyRole, KeyRolePolicy}) {
		t.Errorf("replication configuration depends on %v", got.DependsOn)
	}
	if got := cs[len(cs)-1]; !reflect.DeepEqual(got.DependsOn, []string{KeyAccessLogs, KeyReplicaAccessLogs, KeyRole, KeyRolePolicy}) {
		t.Errorf("the access-log bucket's replication depends on %v", got.DependsOn)
	}
	if r := full.AccessLogReplication; r == nil || r.DestinationBucketARN != s3bucket.ARN("aws", full.ReplicaAccessLogs.Name) || r.ReplicaKMSKeyARN != "" {
		t.Errorf("the access-log bucket replicates %+v, want to the replica region's access-log bucket, SSE-S3", r)
	}
	s.AccessLogBucket, s.Replication = "org-access-logs", validSpec().Replication
	if l, _ := Expand(s); l.AccessLogReplication != nil {
		t.Errorf("a bucket logging to an existing bucket replicates that bucket: %+v", l.AccessLogReplication)
	}
	for key, region := range map[string]string{KeyAccessLogs: "us-east-1", KeyData: "us-east-1", KeyReplicaAccessLogs: "us-west-2",
		KeyReplica: "us-west-2", KeyRole: "us-east-1", KeyRolePolicy: "us-east-1", KeyReplication: "us-east-1"} {
		if got := full.RegionOf(key); got != region {
			t.Errorf("%s is in %q, want %q", key, got, region)
		}
	}
}

func keys(cs []Child) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Key)
	}
	return out
}

// policyDoc is a parsed policy.
type policyDoc struct {
	Version   string
	Statement []policyStatement
}

type policyStatement struct {
	Sid       string
	Effect    string
	Principal any
	Action    any
	Resource  any
	Condition map[string]map[string]any
}

func parse(t *testing.T, doc string) policyDoc {
	t.Helper()
	var p policyDoc
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if p.Version != "2012-10-17" {
		t.Errorf("version %q", p.Version)
	}
	return p
}

func (p policyDoc) sid(t *testing.T, sid string) policyStatement {
	t.Helper()
	for _, s := range p.Statement {
		if s.Sid == sid {
			return s
		}
	}
	t.Fatalf("no statement %s", sid)
	return policyStatement{}
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, e.(string))
		}
		return out
	}
	return nil
}

// request is what a policy condition sees of one request: the action and
// the condition keys present.
type request struct {
	action string
	keys   map[string]string
}

// denied evaluates the policy's Deny statements as IAM does for the
// operators the provider writes: a key absent from the request makes
// Null "true", the negated operators and every ...IfExists true, the rest
// false; multiple values of a negated operator must all differ.
func (p policyDoc) denied(t *testing.T, r request) bool {
	t.Helper()
	for _, s := range p.Statement {
		if s.Effect != "Deny" || !slices.ContainsFunc(strs(s.Action), func(a string) bool { return a == r.action || a == "s3:*" }) {
			continue
		}
		all := true
		for op, kv := range s.Condition {
			for key, want := range kv {
				all = all && holds(t, op, r.keys, key, strs(want))
			}
		}
		if all {
			return true
		}
	}
	return false
}

func holds(t *testing.T, op string, keys map[string]string, key string, want []string) bool {
	t.Helper()
	v, present := keys[key]
	if base, ok := strings.CutSuffix(op, "IfExists"); ok {
		return !present || holds(t, base, keys, key, want)
	}
	switch op {
	case "Null":
		return (want[0] == "true") == !present
	case "StringNotEquals", "ArnNotLike":
		return !present || !slices.Contains(want, v)
	}
	if !present {
		return false
	}
	switch op {
	case "StringEquals":
		return slices.Contains(want, v)
	case "Bool":
		return v == want[0]
	case "NumericGreaterThan", "NumericLessThan":
		x, _ := strconv.ParseFloat(v, 64)
		y, _ := strconv.ParseFloat(want[0], 64)
		return (op == "NumericGreaterThan" && x > y) || (op == "NumericLessThan" && x < y)
	}
	t.Fatalf("the test does not evaluate %s", op)
	return false
}

// tls is a TLS 1.2 request by principal.
func tls(action, principal string, extra ...string) request {
	r := request{action: action, keys: map[string]string{"aws:SecureTransport": "true", "s3:TlsVersion": "1.2", "aws:PrincipalArn": principal}}
	for i := 0; i+1 < len(extra); i += 2 {
		r.keys[extra[i]] = extra[i+1]
	}
	return r
}

func TestPolicy_statements(t *testing.T) {
	l, _ := Expand(validSpec())
	p := parse(t, l.Data.Policy)
	for sid, cond := range map[string]map[string]map[string]any{
		"DenyInsecureTransport": {"Bool": {"aws:SecureTransport": "false"}},
		"DenyTLSBelow12":        {"NumericLessThan": {"s3:TlsVersion": "1.2"}},
		"DenyUploadsNotSSEKMS": {"Null": {"s3:x-amz-server-side-encryption": "false"},
			"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
		"DenyUploadsUnderOtherKeys": {"Null": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"},
			"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": keyUSE1}},
		"DenyKMSUploadsWithoutKey": {"Null": {"s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true"}},
		"DenyPresignedURLsOlderThanMaxAge": {"StringEquals": {"s3:authType": "REST-QUERY-STRING"},
			"NumericGreaterThan": {"s3:signatureAge": "600000"}},
	} {
		st := p.sid(t, sid)
		if st.Effect != "Deny" || !reflect.DeepEqual(st.Principal, map[string]any{"AWS": "*"}) || !reflect.DeepEqual(st.Condition, cond) {
			t.Errorf("%s: %+v, want condition %v", sid, st, cond)
		}
	}
	for sid, except := range map[string][]string{
		"DenyObjectReadExceptReaders":                {reader},
		"DenyVersionReadExceptReadersAndReplication": {reader, l.RoleARN()},
		"DenyReplicationReadExceptReplicationRole":   {l.RoleARN()},
		"DenyObjectWriteExceptWriters":               {writer},
	} {
		st := p.sid(t, sid)
		got := strs(st.Condition["ArnNotLike"]["aws:PrincipalArn"])
		if !reflect.DeepEqual(got, except) || len(st.Condition) != 1 || !reflect.DeepEqual(strs(st.Resource), []string{l.ARN + "/*"}) {
			t.Errorf("%s excepts %v on %v, want %v", sid, got, st.Resource, except)
		}
	}
	if got := strs(p.sid(t, "DenyPresignedURLsOlderThanMaxAge").Resource); !reflect.DeepEqual(got, []string{l.ARN, l.ARN + "/*"}) {
		t.Errorf("presigned deny covers %v", got)
	}

	r := parse(t, l.Replica.Policy)
	if got := strs(r.sid(t, "DenyObjectWriteExceptWriters").Condition["ArnNotLike"]["aws:PrincipalArn"]); !reflect.DeepEqual(got, []string{l.RoleARN()}) {
		t.Errorf("replica writers %v", got)
	}
	if st := r.sid(t, "DenyReplicationReadExceptReplicationRole"); st.Condition != nil {
		t.Errorf("nobody replicates from the replica, yet %v", st.Condition)
	}
	if got := r.sid(t, "DenyUploadsUnderOtherKeys").Condition["StringNotEquals"]["s3:x-amz-server-side-encryption-aws-kms-key-id"]; got != keyUSW2 {
		t.Errorf("replica uploads under %v", got)
	}
}

// TestPolicy_effects evaluates the data and replica policies on requests.
// The emulator ignores policy conditions (ARCHITECTURE.md) and does not
// know s3:signatureAge, so the policy is evaluated here (policyDoc.denied):
// a URL signed for 15 minutes is refused at minute 11 under the default
// 600 seconds, and served at minute 9.
func TestPolicy_effects(t *testing.T) {
	def, _ := Expand(validSpec())
	presigned := func(ms string) request {
		return tls("s3:GetObject", reader, "s3:authType", "REST-QUERY-STRING", "s3:signatureAge", ms)
	}
	if p := parse(t, def.Data.Policy); !p.denied(t, presigned("660000")) || p.denied(t, presigned("540000")) {
		t.Error("a presigned URL is not refused at minute 11, or is refused at minute 9, under the default maximum age")
	}

	s := validSpec()
	s.PresignedURLMaxAgeSeconds = 300
	l, _ := Expand(s)
	data, replica := parse(t, l.Data.Policy), parse(t, l.Replica.Policy)
	admin, role := "arn:aws:iam::123456789012:role/admin", l.RoleARN()
	sse, keyID := "s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id"
	for name, c := range map[string]struct {
		p    policyDoc
		r    request
		deny bool
	}{
		"reader reads":                       {data, tls("s3:GetObject", reader), false},
		"admin cannot read":                  {data, tls("s3:GetObject", admin), true},
		"admin cannot read tags":             {data, tls("s3:GetObjectVersionTagging", admin), true},
		"admin manages the bucket":           {data, tls("s3:PutBucketVersioning", admin), false},
		"admin places a legal hold":          {data, tls("s3:PutObjectLegalHold", admin), false},
		"role reads for replication":         {data, tls("s3:GetObjectVersionForReplication", role), false},
		"role reads version tags":            {data, tls("s3:GetObjectVersionTagging", role), false},
		"role cannot GetObject":              {data, tls("s3:GetObject", role), true},
		"reader cannot replicate out":        {data, tls("s3:GetObjectVersionForReplication", reader), true},
		"reader cannot write":                {data, tls("s3:PutObject", reader), true},
		"admin cannot delete":                {data, tls("s3:DeleteObjectVersion", admin), true},
		"admin cannot bypass governance":     {data, tls("s3:BypassGovernanceRetention", admin), true},
		"writer uploads, default encryption": {data, tls("s3:PutObject", writer), false},
		"writer uploads under the key":       {data, tls("s3:PutObject", writer, sse, "aws:kms", keyID, keyUSE1), false},
		"writer uploads SSE-S3":              {data, tls("s3:PutObject", writer, sse, "AES256"), true},
		"writer uploads under another key":   {data, tls("s3:PutObject", writer, sse, "aws:kms", keyID, keyUSW2), true},
		"writer uploads under aws/s3":        {data, tls("s3:PutObject", writer, sse, "aws:kms"), true},
		"no TLS":                             {data, request{"s3:GetObject", map[string]string{"aws:SecureTransport": "false", "aws:PrincipalArn": reader}}, true},
		"TLS 1.1":                            {data, tls("s3:GetObject", reader, "s3:TlsVersion", "1.1"), true},
		"presigned within 300 s":             {data, tls("s3:GetObject", reader, "s3:authType", "REST-QUERY-STRING", "s3:signatureAge", "300000"), false},
		"presigned after 300 s":              {data, tls("s3:GetObject", reader, "s3:authType", "REST-QUERY-STRING", "s3:signatureAge", "300001"), true},
		"old header signature":               {data, tls("s3:GetObject", reader, "s3:authType", "REST-HEADER", "s3:signatureAge", "900000"), false},
		"role writes replicas":               {replica, tls("s3:ReplicateObject", role), false},
		"role replicates deletes":            {replica, tls("s3:ReplicateDelete", role), false},
		"writer cannot write the replica":    {replica, tls("s3:PutObject", writer), true},
		"admin cannot write replicas":        {replica, tls("s3:ReplicateObject", admin), true},
		"reader reads the replica":           {replica, tls("s3:GetObject", reader), false},
		"role cannot read the replica":       {replica, tls("s3:GetObject", role), true},
	} {
		if got := c.p.denied(t, c.r); got != c.deny {
			t.Errorf("%s: denied %v, want %v", name, got, c.deny)
		}
	}

	s.ReaderARNs, s.Replication = nil, nil // a write-only drop box, not replicated
	l, _ = Expand(s)
	box := parse(t, l.Data.Policy)
	for _, a := range []string{"s3:GetObject", "s3:GetObjectVersionTagging", "s3:GetObjectVersionForReplication"} {
		if !box.denied(t, tls(a, writer)) {
			t.Errorf("write-only bucket admits %s", a)
		}
	}
	if box.denied(t, tls("s3:PutObject", writer)) {
		t.Error("write-only bucket refuses its writer")
	}
}

func TestPolicy_replicationRole(t *testing.T) {
	l, _ := Expand(validSpec())
	trust := parse(t, l.Role.TrustPolicy).sid(t, "S3Replication")
	if !reflect.DeepEqual(trust.Principal, map[string]any{"Service": "s3.amazonaws.com"}) || !reflect.DeepEqual(strs(trust.Action), []string{"sts:AssumeRole"}) {
		t.Errorf("trust %+v", trust)
	}
	p := parse(t, l.Role.PolicyDocument)
	logs, replicaLogs := s3bucket.ARN(l.Partition, l.AccessLogs.Name), s3bucket.ARN(l.Partition, l.ReplicaAccessLogs.Name)
	for sid, want := range map[string]struct {
		actions   []string
		resources []string
	}{
		"ReadReplicationConfiguration": {[]string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, []string{l.ARN, logs}},
		"ReadSourceVersions":           {[]string{"s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"}, []string{l.ARN + "/*", logs + "/*"}},
		"WriteReplicas": {[]string{"s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"},
			[]string{s3bucket.ARN(l.Partition, l.Replica.Name) + "/*", replicaLogs + "/*"}},
		"DecryptSource":   {[]string{"kms:Decrypt"}, []string{keyUSE1}},
		"EncryptReplicas": {[]string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}, []string{keyUSW2}},
	} {
		st := p.sid(t, sid)
		if st.Effect != "Allow" || !reflect.DeepEqual(strs(st.Action), want.actions) || !reflect.DeepEqual(strs(st.Resource), want.resources) {
			t.Errorf("%s: %+v, want %v on %v", sid, st, want.actions, want.resources)
		}
	}
	for sid, c := range map[string][2]string{"DecryptSource": {"s3.us-east-1.amazonaws.com", l.ARN}, "EncryptReplicas": {"s3.us-west-2.amazonaws.com", s3bucket.ARN(l.Partition, l.Replica.Name)}} {
		cond := p.sid(t, sid).Condition["StringLike"]
		if cond["kms:ViaService"] != c[0] || !reflect.DeepEqual(strs(cond["kms:EncryptionContext:aws:s3:arn"]), []string{c[1], c[1] + "/*"}) {
			t.Errorf("%s: condition %v", sid, cond)
		}
	}
	if len(p.Statement) != 5 {
		t.Errorf("%d statements", len(p.Statement))
	}
}
