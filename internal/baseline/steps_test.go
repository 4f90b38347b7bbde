package baseline

import (
	"fmt"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// TestSteps_children ties the two declarations: every kind of Children is
// owned by exactly one step, the scheduler accepts the graph (no cycle)
// with and without the optional children, and the detector comes after
// every other step.
func TestSteps_children(t *testing.T) {
	full := validSpec()
	full.ConformancePack, full.AccessAnalyzer, full.S3AccountPublicAccessBlock = true, true, true
	full.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: westKey}
	bare := validSpec()
	bare.ConformancePack, bare.AccessAnalyzer, bare.S3AccountPublicAccessBlock = false, false, false
	bare.PasswordPolicy.Unmanaged = true
	var id string
	steps := Executor{}.steps(Layout{}, nil, func(string) {}, &seen{}, &id)
	if err := executor.CheckOwners(executor.Kinds(Kinds...), steps); err != nil {
		t.Error(err)
	}
	for name, s := range map[string]Spec{"full": full, "bare": bare} {
		l, err := Expand(s, Names{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		needs, err := executor.Needs(executor.Graph(l.Children()), steps)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := needs["detector"]; len(got) != len(steps)-2 {
			t.Errorf("%s: detector needs %v", name, got)
		}
		for step, want := range map[string]string{"conformance-pack": "[channel recorder]", "recorder": "[config-role]", "channel": "[buckets recorder]",
			"replication": "[buckets config-role]"} {
			if name == "full" && fmt.Sprint(needs[step]) != want {
				t.Errorf("%s: %s needs %v, want %s", name, step, needs[step], want)
			}
		}
	}
}
