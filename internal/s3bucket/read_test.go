package s3bucket

import (
	"strings"
	"testing"
)

func TestDrift_tags(t *testing.T) {
	want := Bucket{Name: "b", Tags: map[string]string{"hipaa:owner": "hipaa_audit_trail/t", "team": "a"}}
	in := &State{Policy: "", Versioning: true, PublicBlocked: true, Lifecycle: true,
		Tags: map[string]string{"hipaa:owner": "hipaa_audit_trail/t", "team": "a"}}
	for _, d := range Drift(want, in) {
		if strings.Contains(d, "tags") {
			t.Fatalf("matching tags reported as drift: %q", d)
		}
	}
	got := &State{Versioning: true, PublicBlocked: true, Lifecycle: true,
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
