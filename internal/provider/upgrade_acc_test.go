package provider_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// TestAccProvider_upgradeFromV0: state written by the release before
// schema versions were recorded (schema_version 0, the same attributes)
// plans empty with this provider, and the next refresh writes version 1.
// The older release's state is made from this one's by setting
// schema_version back to 0, the only difference between the two.
func TestAccProvider_upgradeFromV0(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccDatabaseConfig(p, "upg", "postgres", `  allocated_storage   = 20
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "upgrade test database, destroyed at the end" }]`))
	c.run("apply", "-auto-approve", "-input=false", "-no-color")

	statePath := filepath.Join(c.dir, "terraform.tfstate")
	state, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`"schema_version": \d+`)
	if n := len(version.FindAll(state, -1)); n != 3 {
		t.Fatalf("state has %d schema_version fields, want 3 (key, network, database)", n)
	}
	if !strings.Contains(string(state), `"schema_version": 1`) {
		t.Fatal("this provider does not write schema_version 1")
	}
	if err := os.WriteFile(statePath, version.ReplaceAll(state, []byte(`"schema_version": 0`)), 0o600); err != nil {
		t.Fatal(err)
	}

	if out := c.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); !strings.Contains(out, "No changes") {
		t.Fatalf("state of schema version 0 does not plan empty:\n%s", out)
	}
	c.run("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	state, err = os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	if got := version.FindAll(state, -1); len(got) != 3 || strings.Contains(string(state), `"schema_version": 0`) {
		t.Fatalf("after refresh the state's versions are %s, want all 1", got)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// TestAccAuditTrail_upgradeLifecycle: state hipaa_audit_trail version 1
// wrote (log_lifecycle = { standard_days = 30, infrequent_access_days =
// 150, expire_after_days = 3653 }, its default) upgrades to version 2 as
// the same S3 rule in S3's terms. A configuration that says that rule in
// the new terms plans empty, and the refresh writes version 2 without a
// single lifecycle write: what S3 does to stored logs does not change.
// Version 1's state is made from version 2's by rewriting the lifecycle
// attributes back, the only difference between the two.
func TestAccAuditTrail_upgradeLifecycle(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccAuditTrailConfig(p, "upg", `  transitions = [{ days = 30, storage_class = "STANDARD_IA" }, { days = 150, storage_class = "DEEP_ARCHIVE" }]
  expire_after_days = 3653`))
	c.run("apply", "-auto-approve", "-input=false", "-no-color")

	statePath := filepath.Join(c.dir, "terraform.tfstate")
	raw, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range state["resources"].([]any) {
		res := r.(map[string]any)
		if res["type"] != "hipaa_audit_trail" {
			continue
		}
		inst := res["instances"].([]any)[0].(map[string]any)
		if inst["schema_version"].(float64) != 2 {
			t.Fatalf("this provider writes hipaa_audit_trail schema_version %v, want 2", inst["schema_version"])
		}
		inst["schema_version"] = 1
		a := inst["attributes"].(map[string]any)
		delete(a, "transitions")
		delete(a, "expire_after_days")
		a["log_lifecycle"] = map[string]any{"standard_days": 30, "infrequent_access_days": 150, "expire_after_days": 3653}
		found = true
	}
	if !found {
		t.Fatal("no hipaa_audit_trail in the state")
	}
	if raw, err = json.MarshalIndent(state, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(statePath, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	p.ResetCounts()
	if out := c.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); !strings.Contains(out, "No changes") {
		t.Fatalf("state of version 1 does not plan empty against the same rule in S3's terms:\n%s", out)
	}
	c.run("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	if n := p.Calls()["s3:PUTBucket:lifecycle"]; n != 0 {
		t.Errorf("the upgrade wrote %d lifecycle configurations; it must change nothing in S3", n)
	}
	if raw, err = os.ReadFile(statePath); err != nil || !strings.Contains(string(raw), `"schema_version": 2`) || strings.Contains(string(raw), "log_lifecycle") {
		t.Errorf("after refresh the state is not version 2 (%v)", err)
	}
	lc, err := s3Client(t).GetBucketLifecycleConfiguration(context.Background(), &s3.GetBucketLifecycleConfigurationInput{
		Bucket: aws.String("upg-audit-logs-" + testAccount + "-" + testRegion)})
	if err != nil || len(lc.Rules) != 1 || aws.ToInt32(lc.Rules[0].Expiration.Days) != 3653 || aws.ToInt32(lc.Rules[0].Transitions[1].Days) != 150 {
		t.Errorf("the stored logs' rule changed: %+v (%v)", lc, err)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}
