package bucket

import (
	"reflect"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

var importEnv = Env{Region: "us-east-1", AccountID: account, Partition: "aws"}

// stateOf is what s3bucket.Read returns for the layout's data bucket as
// Apply writes it.
func stateOf(l Layout) *s3bucket.State {
	lc := l.Data.Lifecycle
	return &s3bucket.State{Policy: l.Data.Policy, Versioning: true, PublicBlocked: true, Encryption: "aws:kms", KMSKeyARN: l.Data.KMSKeyARN,
		Lifecycle: &lc, Logging: l.Data.LoggingTarget, ObjectLock: l.Data.ObjectLock, OwnerEnforced: true, OwnerTagMatches: true, Tags: l.Data.Tags}
}

// What a bucket built from s reads back as s: every argument, with a lock,
// lifecycle, readers and writers, a presigned-URL age, tags and a replica.
func TestSpecOf_roundTrip(t *testing.T) {
	s := validSpec()
	s.ObjectLock = &ObjectLock{Mode: ModeGovernance, Days: 400}
	s.Transitions = []Transition{{Days: 30, StorageClass: StandardIA}, {Days: 90, StorageClass: GlacierIR}}
	s.ExpireAfterDays, s.NoncurrentVersionExpireAfterDays, s.PresignedURLMaxAgeSeconds = 4000, 3000, 300
	s.ReaderARNs = []string{reader, writer}
	s.Tags, s.DefaultTags = map[string]string{"team": "imaging"}, map[string]string{"env": "prod"}
	want := s.WithDefaults()
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	got := SpecOf(stateOf(l), l.Replication, importEnv, s.DefaultTags, s.Name)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SpecOf:\n got %+v\nwant %+v", got, want)
	}
	if got.Replication == nil || *got.Replication != *want.Replication {
		t.Errorf("replication %+v, want %+v", got.Replication, want.Replication)
	}

	// Without replication, with the access logs sent elsewhere, and
	// without a lifecycle rule (removed): the defaults.
	s = validSpec()
	s.Replication, s.AccessLogBucket = nil, "central-logs"
	l, err = Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	st := stateOf(l)
	st.Lifecycle = nil
	got = SpecOf(st, nil, importEnv, nil, s.Name)
	if got.Replication != nil || got.AccessLogBucket != "central-logs" || !reflect.DeepEqual(got.Transitions, DefaultTransitions()) ||
		got.PresignedURLMaxAgeSeconds != DefaultPresignedURLMaxAgeSeconds || !got.RetainOnDestroy {
		t.Errorf("SpecOf without replication: %+v", got)
	}
}
