package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
