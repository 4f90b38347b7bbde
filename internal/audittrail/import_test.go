package audittrail

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

var importEnv = Env{Region: "us-east-1", AccountID: "123456789012", Partition: "aws"}

// observedOf is what Observe reads of a trail built from s.
func observedOf(t *testing.T, s Spec) *Observed {
	t.Helper()
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	o := &Observed{Trail: &cttypes.Trail{Name: aws.String(l.TrailName), KmsKeyId: aws.String(l.KMSKeyARN)}, Logging: true,
		Buckets: map[string]*BucketState{
			KeyLogBucket:    {ObjectLock: l.LogBucket.ObjectLock, Lifecycle: &l.LogBucket.Lifecycle},
			KeyAccessBucket: {Lifecycle: &l.AccessBucket.Lifecycle}},
		LogGroup: true, LogGroupRetentionDays: l.RetentionDays,
		Tags: map[string]string{"team": "sec", "env": "prod", tags.OwnerKey: l.Owner, tags.ManagedByKey: tags.ManagedByValue}}
	if r := l.Replicas; r != nil {
		o.Replication.Rules = map[string]*s3bucket.Replication{KeyLogReplication: &r.Pairs[0].Rule}
	}
	for _, arn := range l.DataEventBucketARNs {
		o.Selectors = append(o.Selectors, cttypes.EventSelector{DataResources: []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{arn + "/"}}}})
	}
	return o
}

// What a trail built from s reads back as s.
func TestSpecOf_roundTrip(t *testing.T) {
	s := validSpec()
	s.CloudWatchRetentionDays, s.ObjectLockDays = 3653, 2557
	s.Transitions = []s3bucket.Transition{{Days: 60, StorageClass: s3bucket.StandardIA}, {Days: 200, StorageClass: s3bucket.GlacierIR}}
	s.ExpireAfterDays = 4000
	s.DataEventBucketARNs = []string{"arn:aws:s3:::phi"}
	s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: keyUSW2}
	s.RetainOnDestroy = true
	s.Tags, s.DefaultTags = map[string]string{"team": "sec"}, map[string]string{"env": "prod"}
	want := s.WithDefaults()
	got := SpecOf(observedOf(t, s), importEnv, s.DefaultTags, s.Name)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SpecOf:\n got %+v\nwant %+v", got, want)
	}
}

// A trail whose log group keeps logs forever, or whose lifecycle was
// removed, reads back with the defaults (which the next apply restores).
func TestSpecOf_missingValuesTakeDefaults(t *testing.T) {
	o := &Observed{Trail: &cttypes.Trail{KmsKeyId: aws.String(validSpec().KMSKeyARN)}, Buckets: map[string]*BucketState{KeyLogBucket: {}}}
	got := SpecOf(o, importEnv, nil, "audit")
	if got.CloudWatchRetentionDays != DefaultCloudWatchRetention || got.ObjectLockDays != DefaultObjectLockDays ||
		!reflect.DeepEqual(got.Transitions, DefaultTransitions()) || got.ExpireAfterDays != DefaultExpireAfterDays ||
		!got.RetainOnDestroy || len(got.Tags) != 0 {
		t.Errorf("SpecOf = %+v", got)
	}
}

// fakeCloudTrail answers GetTrail and ListTags (JSON protocol).
func fakeCloudTrail(t *testing.T, trail, ownerTag string) Clients {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := r.Header.Get("X-Amz-Target")
		op = op[strings.LastIndex(op, ".")+1:]
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		switch {
		case op == "GetTrail" && trail == "":
			w.Header().Set("X-Amzn-Errortype", "TrailNotFoundException")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"__type":"TrailNotFoundException","Message":"Unknown trail"}`))
		case op == "GetTrail":
			_, _ = w.Write([]byte(`{"Trail":{"Name":"` + trail + `","TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/` + trail + `"}}`))
		case op == "ListTags":
			tag := ""
			if ownerTag != "" {
				tag = `{"Key":"hipaa:owner","Value":"` + ownerTag + `"}`
			}
			_, _ = w.Write([]byte(`{"ResourceTagList":[{"ResourceId":"x","TagsList":[` + tag + `]}]}`))
		default:
			t.Errorf("unexpected call %s", op)
			w.WriteHeader(500)
		}
	}))
	t.Cleanup(srv.Close)
	return Clients{CloudTrail: cloudtrail.New(cloudtrail.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})}
}

func TestImport_missingTrailIsNotFound(t *testing.T) {
	_, err := Import(context.Background(), fakeCloudTrail(t, "", ""), importEnv, nil, "audit")
	if !awsclient.IsNotFound(err) {
		t.Fatalf("err = %v (%T), want not-found", err, err)
	}
}

func TestImport_refusesWhatItDidNotCreate(t *testing.T) {
	_, err := Import(context.Background(), fakeCloudTrail(t, "audit", "hipaa_audit_trail/other"), importEnv, nil, "audit")
	var no *tags.NotOwnedError
	if !errors.As(err, &no) || !strings.Contains(err.Error(), `its hipaa:owner tag is "hipaa_audit_trail/other"`) ||
		!strings.Contains(err.Error(), "hipaa:owner=hipaa_audit_trail/audit") {
		t.Fatalf("err = %v, want a NotOwnedError naming both owners", err)
	}
}

func TestImport_invalidName(t *testing.T) {
	if _, err := Import(context.Background(), Clients{}, importEnv, nil, "Bad_Name"); err == nil || !strings.Contains(err.Error(), "lowercase") {
		t.Fatalf("err = %v, want the name rule", err)
	}
}
