package s3bucket

import (
	"slices"
	"strings"
	"testing"
)

func TestDrift_tags(t *testing.T) {
	want := Bucket{Name: "b", Tags: map[string]string{"hipaa:owner": "hipaa_audit_trail/t", "team": "a"}}
	in := &State{Policy: "", Versioning: true, PublicBlocked: true, Lifecycle: &Lifecycle{},
		Tags: map[string]string{"hipaa:owner": "hipaa_audit_trail/t", "team": "a"}}
	for _, d := range Drift(want, in) {
		if strings.Contains(d, "tags") {
			t.Fatalf("matching tags reported as drift: %q", d)
		}
	}
	got := &State{Versioning: true, PublicBlocked: true, Lifecycle: &Lifecycle{},
		Tags: map[string]string{"hipaa:owner": "hipaa_audit_trail/t", "team": "b", "added": "x", "aws:cloudformation:stack-name": "s"}}
	var line string
	for _, d := range Drift(want, got) {
		if strings.Contains(d, "tags") {
			line = d
		}
	}
	if want := "bucket b: tags differ: changed team; not wanted added"; line != want {
		t.Fatalf("tag drift = %q, want %q", line, want)
	}
}

// A rule written by lifecycle reads back as the same Lifecycle, and a
// changed day or class is drift that names both rules.
func TestLifecycle_roundTripAndDrift(t *testing.T) {
	want := Lifecycle{RuleID: "r", Transitions: []Transition{{Days: 30, StorageClass: "STANDARD_IA"}, {Days: 180, StorageClass: "DEEP_ARCHIVE"}},
		ExpireAfterDays: 3653, NoncurrentVersionExpireAfterDays: 2192, AbortIncompleteMultipartUploadDays: 7}
	rules := lifecycle(want).Rules
	if len(rules) != 1 {
		t.Fatalf("%d rules", len(rules))
	}
	got := readLifecycle(rules[0])
	if !SameLifecycle(*got, want) {
		t.Fatalf("read back %s, wrote %s", got, want)
	}
	if never := lifecycle(Lifecycle{}).Rules[0]; never.Expiration != nil || never.NoncurrentVersionExpiration != nil ||
		never.AbortIncompleteMultipartUpload != nil || *never.ID != LifecycleRuleID {
		t.Fatalf("zero days wrote actions: %+v", never)
	}
	changed := *got
	changed.Transitions = []Transition{{Days: 30, StorageClass: "STANDARD_IA"}, {Days: 90, StorageClass: "GLACIER"}}
	b := Bucket{Name: "b", Lifecycle: want}
	st := &State{Versioning: true, PublicBlocked: true, Lifecycle: &changed}
	var line string
	for _, d := range Drift(b, st) {
		if strings.Contains(d, "lifecycle") {
			line = d
		}
	}
	if w := "bucket b: lifecycle rule r differs: STANDARD_IA at 30 d, GLACIER at 90 d, expire 3653 d, noncurrent 2192 d, abort uploads 7 d, want STANDARD_IA at 30 d, DEEP_ARCHIVE at 180 d, expire 3653 d, noncurrent 2192 d, abort uploads 7 d (STO-07)"; line != w {
		t.Fatalf("drift %q\nwant  %q", line, w)
	}
	st.Lifecycle = nil
	if d := Drift(b, st); !slices.Contains(d, "bucket b: lifecycle rule removed (STO-07)") {
		t.Fatalf("removed rule not drift: %v", d)
	}
}
