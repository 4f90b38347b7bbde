package eject_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// replicatedAuditConfig is a hipaa_audit_trail whose buckets replicate to
// us-west-2 under westKey (an HCL expression).
func replicatedAuditConfig(westKey string) string {
	return fmt.Sprintf(`
resource "hipaa_kms_key" "audit" {
  name             = "ej-raudit"
  allowed_services = ["cloudtrail", "logs", "s3"]
}

resource "hipaa_audit_trail" "audit" {
  name              = "ejraudit"
  kms_key_arn       = hipaa_kms_key.audit.arn
  retain_on_destroy = false
  replication = {
    region      = "us-west-2"
    kms_key_arn = %s
  }
}
`, westKey)
}

// TestConfig_auditTrailReplicated: the replicas (through the aws provider of
// us-west-2), the replication role and policy, and both buckets' rules.
func TestConfig_auditTrailReplicated(t *testing.T) {
	out := ejectFile(t, "main.tf", westKeyConfig+replicatedAuditConfig("hipaa_kms_key.west.arn"))
	got := resourceCounts(t, out)
	for typ, n := range map[string]int{"aws_s3_bucket": 4, "aws_s3_bucket_policy": 4, "aws_s3_bucket_object_lock_configuration": 2,
		"aws_s3_bucket_logging": 2, "aws_iam_role": 2, "aws_iam_policy": 2, "aws_s3_bucket_replication_configuration": 2, "aws_cloudtrail": 1} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for _, want := range []string{
		"resource \"aws_s3_bucket\" \"audit_replica_bucket_logs\" {\n  provider            = aws.us_west_2\n",
		"target_bucket = aws_s3_bucket.audit_replica_bucket_access_logs.id",
		"replica_kms_key_id = aws_kms_key.west.arn",
		"depends_on = [aws_s3_bucket_versioning.audit_bucket_logs, aws_s3_bucket_versioning.audit_replica_bucket_logs, aws_iam_role_policy_attachment.audit_replication_policy]",
		"DenyObjectWriteExceptReplication",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the eject lacks %q", want)
		}
	}
}

// The buckets of replicatedAuditConfig in the emulator's account.
var ejAuditBuckets = []string{"ejraudit-access-logs-123456789012-us-east-1", "ejraudit-audit-logs-123456789012-us-east-1",
	"ejraudit-access-logs-123456789012-us-west-2", "ejraudit-audit-logs-123456789012-us-west-2"}

// listReplicatedAudit snapshots the trail and what replicatedAuditConfig
// adds: the replicas, the replication role and both rules.
func listReplicatedAudit(t *testing.T, p *acctest.Proxy, westKey string) snapshot {
	t.Helper()
	l := listerOf(acctest.AWSConfig(t))
	l.key[westKey] = "key west"
	l.auditTrail("ejraudit", "alias/ej-raudit", "123456789012")
	for _, b := range ejAuditBuckets[2:] {
		l.bucket(b)
	}
	l.role("hipaa-audit-ejraudit-us-east-1-replication")
	// Through the proxy: moto drops a rule's delete-marker and KMS-object
	// settings, which the harness lays back (acctest/emulatorfix_s3.go).
	c := s3.NewFromConfig(acctest.AWSConfig(t), func(o *s3.Options) { o.UsePathStyle, o.BaseEndpoint = true, aws.String(p.URL()) })
	for _, b := range ejAuditBuckets[:2] {
		out, err := c.GetBucketReplication(l.ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(b)})
		l.fail("replication of "+b, err)
		if err == nil {
			doc, _ := json.Marshal(out.ReplicationConfiguration)
			l.put("bucket_replication", b, "%s", l.policyRefs(string(doc)))
		}
	}
	return l.done(t)
}

// TestAccEject_auditTrailReplicated applies a hipaa_audit_trail replicating
// both buckets to us-west-2, snapshots it with the SDK, then applies the
// eject on a reset account and requires the same objects, an empty plan
// and a clean destroy. As in TestAccEject_bucket, the hipaa_* side takes
// the replica key made with the SDK, the ejected side makes it through a
// provider alias.
func TestAccEject_auditTrailReplicated(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	west := acctest.KMSKey(t, "us-west-2")
	want := applyHipaa(t, p.ProviderConfig()+replicatedAuditConfig(fmt.Sprintf("%q", west)), nil,
		func() snapshot { return listReplicatedAudit(t, p, west) },
		"bucket_object_lock "+ejAuditBuckets[3], "bucket_replication "+ejAuditBuckets[0], "bucket_replication "+ejAuditBuckets[1],
		"iam_policy hipaa-audit-ejraudit-us-east-1-replication-buckets", "trail ejraudit")

	acctest.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(p.ProviderConfig()+westKeyConfig+replicatedAuditConfig("hipaa_kms_key.west.arn")), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, trailNameShim(t, p.URL()))
	tf.applyEjected(want, func() snapshot { return listReplicatedAudit(t, p, westKeyARN(t, "alias/ej-bucket-west")) })
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}
