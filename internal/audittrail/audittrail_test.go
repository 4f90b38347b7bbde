package audittrail

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

const (
	keyUSE1 = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	keyUSW2 = "arn:aws:kms:us-west-2:123456789012:key/66666666-7777-8888-9999-000000000000"
)

func validSpec() Spec {
	return Spec{Name: "audit", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
		Region: "us-east-1", AccountID: "123456789012"}
}

func TestDefaults_compliant(t *testing.T) {
	s := validSpec()
	if errs := Validate(s); len(errs) > 0 {
		t.Fatal(errs)
	}
	if v := Check(s); len(v) > 0 {
		t.Fatalf("defaults violate %v", v)
	}
}

func TestCheck(t *testing.T) {
	for name, c := range map[string]struct {
		mod     func(*Spec)
		control string
		hard    bool
	}{
		"expiry shorter than the lock":  {func(s *Spec) { s.ObjectLockDays, s.ExpireAfterDays = 3000, 2500 }, "STO-06", true},
		"expiry under six years":        {func(s *Spec) { s.ObjectLockDays, s.ExpireAfterDays = 365, 1000 }, "STO-07", false},
		"lock under six years":          {func(s *Spec) { s.ObjectLockDays = 365 }, "STO-06", false},
		"log retention under six years": {func(s *Spec) { s.CloudWatchRetentionDays = 365 }, "AUD-06", false},
		"aws managed key":               {func(s *Spec) { s.KMSKeyARN = "alias/aws/cloudtrail" }, "AUD-03", true},
		"alias arn":                     {func(s *Spec) { s.KMSKeyARN = "arn:aws:kms:us-east-1:123456789012:alias/audit" }, "AUD-03", true},
		"bare key id":                   {func(s *Spec) { s.KMSKeyARN = "11111111-2222-3333-4444-555555555555" }, "AUD-03", true},
		"no key":                        {func(s *Spec) { s.KMSKeyARN = "" }, "AUD-03", true},
	} {
		s := validSpec()
		c.mod(&s)
		found := false
		for _, v := range Check(s) {
			found = found || (v.Control == c.control && v.Hard == c.hard)
		}
		if !found {
			t.Errorf("%s: no %s (hard %v) in %v", name, c.control, c.hard, Check(s))
		}
	}
}

func TestValidate(t *testing.T) {
	for name, c := range map[string]struct {
		mod  func(*Spec)
		attr string
	}{
		"name":          {func(s *Spec) { s.Name = "Audit_Trail" }, "name"},
		"not a key":     {func(s *Spec) { s.KMSKeyARN = "arn:aws:s3:::audit" }, "kms_key_arn"},
		"key elsewhere": {func(s *Spec) { s.KMSKeyARN = strings.Replace(s.KMSKeyARN, "us-east-1", "eu-west-1", 1) }, "kms_key_arn"},
		"expiry":        {func(s *Spec) { s.ExpireAfterDays = 100 }, "expire_after_days"},
		"lock range":    {func(s *Spec) { s.ObjectLockDays = MaxObjectLockDays + 1 }, "object_lock_days"},
		"too many buckets": {func(s *Spec) {
			for i := range MaxDataEventBuckets + 1 {
				s.DataEventBucketARNs = append(s.DataEventBucketARNs, fmt.Sprintf("arn:aws:s3:::phi-%03d", i))
			}
		}, "data_event_bucket_arns"},
		"aws tag":         {func(s *Spec) { s.Tags = map[string]string{"AWS:team": "x"} }, "tags"},
		"long tag value":  {func(s *Spec) { s.Tags = map[string]string{"team": strings.Repeat("v", 257)} }, "tags"},
		"retention value": {func(s *Spec) { s.CloudWatchRetentionDays = 2000 }, "cloudwatch_retention_days"},
		"ia too early":    {func(s *Spec) { s.Transitions = []s3bucket.Transition{{Days: 10, StorageClass: s3bucket.StandardIA}} }, "transitions[0].days"},
		"ia too short": {func(s *Spec) {
			s.Transitions = []s3bucket.Transition{{Days: 30, StorageClass: s3bucket.StandardIA}, {Days: 40, StorageClass: s3bucket.DeepArchive}}
		}, "transitions[1].days"},
		"bucket arn":   {func(s *Spec) { s.DataEventBucketARNs = []string{"phi"} }, "data_event_bucket_arns"},
		"reserved tag": {func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x"} }, "tags"},
	} {
		s := validSpec()
		c.mod(&s)
		errs := Validate(s)
		if len(errs) == 0 || errs[0].Attribute != c.attr {
			t.Errorf("%s: %v, want an error on %s", name, errs, c.attr)
		}
	}
}

func TestExpand(t *testing.T) {
	l, err := Expand(validSpec())
	if err != nil {
		t.Fatal(err)
	}
	if l.LogBucket.Name != "audit-audit-logs-123456789012-us-east-1" || l.AccessBucket.Name != "audit-access-logs-123456789012-us-east-1" {
		t.Errorf("bucket names %s, %s", l.LogBucket.Name, l.AccessBucket.Name)
	}
	if lk := l.LogBucket.ObjectLock; lk == nil || *lk != (s3bucket.ObjectLock{Mode: s3bucket.LockCompliance, Days: DefaultObjectLockDays}) ||
		l.LogBucket.KMSKeyARN == "" || l.AccessBucket.ObjectLock != nil {
		t.Errorf("buckets %+v %+v", l.LogBucket, l.AccessBucket)
	}
	for name, doc := range map[string]string{"log bucket": l.LogBucket.Policy, "access bucket": l.AccessBucket.Policy, "trust": l.TrustPolicy, "role": l.RolePolicy} {
		var v map[string]any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Errorf("%s policy is not JSON: %v", name, err)
		}
		if strings.Contains(doc, `"Principal":null`) || strings.Contains(doc, `"Resource":null`) {
			t.Errorf("%s policy has null fields: %s", name, doc)
		}
	}
	if !strings.Contains(l.LogBucket.Policy, l.TrailARN()) || !strings.Contains(l.RolePolicy, l.LogGroupName) {
		t.Error("policies are not scoped to this trail and log group")
	}
	long := validSpec()
	long.Name = "a-very-long-audit-trail-name-32c"
	l, err = Expand(long)
	if err != nil || len(l.LogBucket.Name) > s3bucket.MaxNameLen || len(l.RoleName) > 64 {
		t.Errorf("long names: %v %q %q", err, l.LogBucket.Name, l.RoleName)
	}
}

// With replication both buckets replicate to copies in the other region:
// the log bucket's Object-Locked under that region's key, the access
// bucket's SSE-S3; one role whose policy covers exactly the two pairs.
func TestExpand_replication(t *testing.T) {
	s := validSpec()
	s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: keyUSW2}
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	r := l.Replicas
	if r == nil || r.Region != "us-west-2" || len(r.Pairs) != 2 {
		t.Fatalf("replicas %+v", r)
	}
	logs, access := r.Pairs[0], r.Pairs[1]
	if logs.Source.Name != l.LogBucket.Name || logs.Replica.Name != "audit-audit-logs-123456789012-us-west-2" || logs.Replica.KMSKeyARN != keyUSW2 ||
		logs.Replica.ObjectLock == nil || *logs.Replica.ObjectLock != *l.LogBucket.ObjectLock || logs.Replica.Region != "us-west-2" {
		t.Errorf("log replica %+v", logs.Replica)
	}
	if access.Source.Name != l.AccessBucket.Name || access.Replica.Name != "audit-access-logs-123456789012-us-west-2" ||
		access.Replica.KMSKeyARN != "" || access.Replica.ObjectLock != nil || access.Rule.ReplicaKMSKeyARN != "" {
		t.Errorf("access replica %+v rule %+v", access.Replica, access.Rule)
	}
	if logs.Replica.LoggingTarget != access.Replica.Name || !strings.Contains(access.Replica.Policy, logs.Replica.LoggingPrefix) {
		t.Errorf("the log replica does not log to the access replica: %+v", logs.Replica)
	}
	roleARN := "arn:aws:iam::123456789012:role/hipaa-audit-audit-us-east-1-replication"
	if logs.Rule != (s3bucket.Replication{RuleID: ReplicationRuleID, RoleARN: roleARN,
		DestinationBucketARN: "arn:aws:s3:::" + logs.Replica.Name, ReplicaKMSKeyARN: keyUSW2}) {
		t.Errorf("log rule %+v", logs.Rule)
	}
	for _, want := range []string{l.LogBucket.Name + "/*", l.AccessBucket.Name + "/*", logs.Replica.Name + "/*", access.Replica.Name + "/*",
		"s3:GetObjectRetention", keyUSE1, keyUSW2, "s3.us-east-1.amazonaws.com", "s3.us-west-2.amazonaws.com"} {
		if !strings.Contains(r.Role.PolicyDocument, want) {
			t.Errorf("role policy lacks %s: %s", want, r.Role.PolicyDocument)
		}
	}
	if !strings.Contains(logs.Replica.Policy, "DenyObjectWriteExceptReplication") || !strings.Contains(logs.Replica.Policy, roleARN) {
		t.Errorf("log replica policy %s", logs.Replica.Policy)
	}
	if got := len(l.Buckets()); got != 4 {
		t.Errorf("%d buckets", got)
	}
	if l.RegionOf(KeyReplicaLogBucket) != "us-west-2" || l.RegionOf(KeyLogReplication) != "us-east-1" {
		t.Error("RegionOf")
	}
}
