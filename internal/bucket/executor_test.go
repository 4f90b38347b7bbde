package bucket

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Executor tests drive Apply, Observe, Drift and Destroy directly against
// the emulator (two regions of one account) through a counting proxy.

const replicaRegion = "us-west-2"

// s3In is an S3 client for region, through p when p is not nil.
func s3In(t *testing.T, p *acctest.Proxy, region string) *s3.Client {
	cfg := acctest.AWSConfig(t)
	cfg.Region = region
	if p != nil {
		cfg.BaseEndpoint = aws.String(p.URL())
	}
	cfg.Retryer = func() aws.Retryer { return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 10 }) }
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

func testClients(t *testing.T, p *acctest.Proxy) Clients {
	cfg := acctest.AWSConfig(t)
	cfg.BaseEndpoint = aws.String(p.URL())
	return Clients{S3: s3In(t, p, "us-east-1"), ReplicaS3: s3In(t, p, replicaRegion), IAM: iam.NewFromConfig(cfg)}
}

func replicatedLayout(t *testing.T, name string, retain bool) Layout {
	t.Helper()
	l, err := Expand(Spec{Name: name, KMSKeyARN: acctest.KMSKey(t, "us-east-1"), Region: "us-east-1", AccountID: "123456789012",
		Replication: &Replication{Region: replicaRegion, KMSKeyARN: acctest.KMSKey(t, replicaRegion)},
		ReaderARNs:  []string{"arn:aws:iam::123456789012:role/app"}, WriterARNs: []string{"arn:aws:iam::123456789012:role/app"},
		RetainOnDestroy: retain})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestExecutor_replicated: a bucket replicated to a second region is built
// with every child in its region, reads back without drift, shows drift
// when versioning is suspended and the replication rule removed out of
// band, and one apply repairs both. A refresh costs Calls(l) calls. Import
// reads back the spec that expands to the same layout, and refuses a
// missing bucket and one this provider did not create.
func TestExecutor_replicated(t *testing.T) {
	acctest.Parallel(t)
	ctx := context.Background()
	p := acctest.NewProxy(t)
	l := replicatedLayout(t, "phi", true)
	x := Executor{testClients(t, p)}
	ids := map[string]string{}
	if err := x.Apply(ctx, l, func(k, id string) { ids[k] = id }); err != nil {
		t.Fatal(err)
	}
	for _, c := range l.Children() {
		if ids[c.Key] == "" {
			t.Errorf("child %s (%s) not recorded: %v", c.Key, c.Kind, ids)
		}
	}
	east, west := s3In(t, nil, "us-east-1"), s3In(t, nil, replicaRegion)
	for c, b := range map[*s3.Client]string{west: l.Replica.Name, east: l.BucketName} {
		loc, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(b)})
		if err != nil {
			t.Fatal(err)
		}
		want := s3types.BucketLocationConstraint(replicaRegion)
		if b == l.BucketName {
			want = ""
		}
		if loc.LocationConstraint != want {
			t.Errorf("bucket %s is in %q, want %q", b, loc.LocationConstraint, want)
		}
	}
	rep, err := east.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(l.BucketName)})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.ReplicationConfiguration; aws.ToString(r.Role) != l.RoleARN() || len(r.Rules) != 1 ||
		aws.ToString(r.Rules[0].Destination.Bucket) != s3bucket.ARN("aws", l.Replica.Name) ||
		aws.ToString(r.Rules[0].Destination.EncryptionConfiguration.ReplicaKmsKeyID) != l.Replica.KMSKeyARN {
		t.Errorf("replication %+v", r)
	}
	enc, err := west.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(l.Replica.Name)})
	if err != nil || aws.ToString(enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID) != l.Replica.KMSKeyARN {
		t.Errorf("replica encryption %+v, %v", enc, err)
	}

	before := p.Total()
	o, err := Observe(ctx, x.Clients, l)
	if err != nil {
		t.Fatal(err)
	}
	if d := Drift(l, o); len(d) > 0 {
		t.Fatalf("drift right after apply: %v", d)
	}
	if n := p.Total() - before; n != Calls(l) {
		t.Errorf("a refresh made %d calls, Calls says %d: %v", n, Calls(l), p.Calls())
	}
	t.Logf("refresh: %d calls for %d buckets, the role and the replication rule", Calls(l), len(l.Buckets()))

	if _, err := east.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(l.BucketName),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}}); err != nil {
		t.Fatal(err)
	}
	if _, err := east.DeleteBucketReplication(ctx, &s3.DeleteBucketReplicationInput{Bucket: aws.String(l.BucketName)}); err != nil {
		t.Fatal(err)
	}
	if o, err = Observe(ctx, x.Clients, l); err != nil {
		t.Fatal(err)
	}
	d := strings.Join(Drift(l, o), "\n")
	for _, want := range []string{"versioning is off (STO-02)", "replication rule " + ReplicationRuleID + " removed"} {
		if !strings.Contains(d, want) {
			t.Errorf("drift lacks %q:\n%s", want, d)
		}
	}
	if err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	if o, err = Observe(ctx, x.Clients, l); err != nil {
		t.Fatal(err)
	}
	if d := Drift(l, o); len(d) > 0 {
		t.Fatalf("drift after the repairing apply: %v", d)
	}

	imported, err := Import(ctx, x.Clients, importEnv, nil, l.Name)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := Expand(imported); err != nil || !reflect.DeepEqual(back, l) {
		t.Errorf("the imported spec expands to another layout (%v):\n got %+v\nwant %+v", err, back, l)
	}
	if _, err := Import(ctx, x.Clients, importEnv, nil, "absent"); !awsclient.IsNotFound(err) {
		t.Errorf("import of a missing bucket: %v", err)
	}
	if _, err := east.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(BucketName("theirs", account, "us-east-1"))}); err != nil {
		t.Fatal(err)
	}
	var notOurs *tags.NotOwnedError
	if _, err := Import(ctx, x.Clients, importEnv, nil, "theirs"); !errors.As(err, &notOurs) {
		t.Errorf("import of a bucket this provider did not create: %v", err)
	}

	kept, err := x.Destroy(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept.Buckets) != 4 || kept.Role != l.Role.RoleName || !strings.Contains(kept.Warning(), l.BucketName) {
		t.Errorf("kept %+v", kept)
	}
	if _, err := east.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(l.BucketName)}); err != nil {
		t.Errorf("a retained bucket is gone: %v", err)
	}
}

// TestExecutor_destroyRefusesObjects: with retain_on_destroy = false, a
// PHI bucket holding an object stops the destroy before anything is
// deleted; once it is empty, everything goes but the access-log buckets,
// which hold the emulator's server access logs and are kept.
func TestExecutor_destroyRefusesObjects(t *testing.T) {
	acctest.Parallel(t)
	ctx := context.Background()
	p := acctest.NewProxy(t)
	l := replicatedLayout(t, "gone", false)
	x := Executor{testClients(t, p)}
	if err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	east, west := s3In(t, nil, "us-east-1"), s3In(t, nil, replicaRegion)
	// The emulator ignores the conditions of a bucket policy's denies and
	// refuses every object call under the TLS-only policy (ARCHITECTURE.md):
	// the test removes the replica's policy to put an object there.
	if _, err := west.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(l.Replica.Name)}); err != nil {
		t.Fatal(err)
	}
	if _, err := west.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(l.Replica.Name), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	_, err := x.Destroy(ctx, l)
	if err == nil || !strings.Contains(err.Error(), l.Replica.Name+" holds 1 object versions") || !strings.Contains(err.Error(), "destroy never deletes an object") {
		t.Fatalf("destroy of a bucket with an object: %v", err)
	}
	for c, b := range map[*s3.Client]string{east: l.BucketName, west: l.Replica.Name} {
		if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Errorf("a refused destroy deleted %s: %v", b, err)
		}
	}
	if rep, err := east.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(l.BucketName)}); err != nil || len(rep.ReplicationConfiguration.Rules) != 1 {
		t.Errorf("a refused destroy removed the replication rule: %v", err)
	}
	v, err := west.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(l.Replica.Name)})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range v.Versions {
		if _, err := west.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(l.Replica.Name), Key: o.Key, VersionId: o.VersionId}); err != nil {
			t.Fatal(err)
		}
	}
	kept, err := x.Destroy(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	for c, b := range map[*s3.Client]string{east: l.BucketName, west: l.Replica.Name} {
		if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b)}); err == nil {
			t.Errorf("bucket %s survived destroy", b)
		}
	}
	left, err := acctest.Sweep(t, l.Owner)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("left after destroy: %v", left)
	}
	for _, b := range kept.Buckets {
		if b != l.AccessLogs.Name && b != l.ReplicaAccessLogs.Name || kept.Objects[b] == 0 {
			t.Errorf("kept %s (%d objects): only access-log buckets holding logs are kept", b, kept.Objects[b])
		}
	}
	t.Logf("%s", kept.Warning())
}
