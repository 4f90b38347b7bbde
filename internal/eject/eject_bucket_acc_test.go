package eject_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// The buckets of bucketResource in the emulator's account.
var (
	ejBuckets = []string{"ejbucket-access-logs-123456789012-us-east-1", "ejbucket-123456789012-us-east-1",
		"ejbucket-access-logs-123456789012-us-west-2", "ejbucket-123456789012-us-west-2"}
	ejReplicationRole = "hipaa-bucket-ejbucket-us-east-1-replication"
)

// listBucket snapshots the buckets of bucketResource, its key, the
// replication role and both replication rules; westKey is the ARN of the
// replica's key, named "key west".
func listBucket(t *testing.T, p *acctest.Proxy, westKey string) snapshot {
	t.Helper()
	l := listerOf(acctest.AWSConfig(t))
	l.key[l.keyARN("alias/ej-bucket")] = "key alias/ej-bucket"
	l.key[westKey] = "key west"
	for _, b := range ejBuckets {
		l.bucket(b)
	}
	l.role(ejReplicationRole)
	// Through the proxy: moto drops a rule's delete-marker and KMS-object
	// settings, which the harness lays back (acctest/emulatorfix_s3.go).
	c := s3.NewFromConfig(acctest.AWSConfig(t), func(o *s3.Options) { o.UsePathStyle, o.BaseEndpoint = true, aws.String(p.URL()) })
	for _, b := range ejBuckets[:2] {
		out, err := c.GetBucketReplication(l.ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(b)})
		l.fail("replication of "+b, err)
		if err == nil {
			doc, _ := json.Marshal(out.ReplicationConfiguration)
			l.put("bucket_replication", b, "%s", l.policyRefs(string(doc)))
		}
	}
	return l.done(t)
}

// westKeyARN is the ARN of the key behind alias in us-west-2.
func westKeyARN(t *testing.T, alias string) string {
	t.Helper()
	cfg := acctest.AWSConfig(t)
	cfg.Region = "us-west-2"
	d, err := kms.NewFromConfig(cfg).DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String(alias)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(d.KeyMetadata.Arn)
}

// TestAccEject_bucket applies a replicated, locked hipaa_bucket (four
// buckets in two regions, the role, two replication rules) with its key,
// snapshots them with the SDK, then applies the eject on a reset account
// and requires the same objects and an empty plan. The provider tests
// serve one provider configuration, so the hipaa_* side takes the replica's
// key made with the SDK; the ejected side makes it through an aws provider
// alias (hipaa_kms_key with provider = hipaa.west). Destroy leaves the
// access-log buckets (taken out of state), which hold the emulator's logs:
// neither side empties a bucket.
func TestAccEject_bucket(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	west := acctest.KMSKey(t, "us-west-2")
	want := applyHipaa(t, p.ProviderConfig()+bucketResource(fmt.Sprintf("%q", west)), nil,
		func() snapshot { return listBucket(t, p, west) },
		"bucket "+ejBuckets[1], "bucket_object_lock "+ejBuckets[3], "bucket_replication "+ejBuckets[0],
		"bucket_replication "+ejBuckets[1], "iam_policy "+ejReplicationRole+"-buckets")

	acctest.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(p.ProviderConfig()+westKeyConfig+bucketResource("hipaa_kms_key.west.arn")), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, p.URL())
	tf.applyEjected(want, func() snapshot { return listBucket(t, p, westKeyARN(t, "alias/ej-bucket-west")) })
	tf.run("state", "rm", "aws_s3_bucket.files_bucket_access_logs", "aws_s3_bucket.files_replica_access_logs")
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}
