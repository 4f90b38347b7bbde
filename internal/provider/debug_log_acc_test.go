package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// TestAccDatabase_debugLogHasNoSecret applies a hipaa_database with the
// provider's log at DEBUG in a file (TF_LOG and TF_LOG_PATH, which the
// testing framework's log sink for the in-process provider honours, as
// terraform does for a provider it starts). The log has one line per AWS
// call, the database's creation among them with its child key and owner,
// and never the master password RDS keeps in its secret.
func TestAccDatabase_debugLogHasNoSecret(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_LOG_PATH", logPath)
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	const id = "dbg1"
	cfg := testAccDatabaseConfig(p, id, "mysql", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]`)
	create := regexp.MustCompile(`\[DEBUG\] [^:]*: AWS call: .*\boperation=CreateDBInstance\b`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/"+id),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				b, err := os.ReadFile(logPath)
				if err != nil {
					return err
				}
				log := string(b)
				var lines []string
				for l := range strings.Lines(log) {
					if create.MatchString(l) {
						lines = append(lines, strings.TrimSpace(l))
					}
				}
				if len(lines) != 1 {
					return fmt.Errorf("want one call log line for rds CreateDBInstance, got %d:\n%s", len(lines), strings.Join(lines, "\n"))
				}
				for _, f := range []string{"service=RDS", "child_key=instance", "owner=hipaa_database/" + id, "retries=0", "duration_ms="} {
					if !strings.Contains(lines[0], f) {
						return fmt.Errorf("the CreateDBInstance line lacks %s: %s", f, lines[0])
					}
				}
				t.Logf("call log line: %s", lines[0])
				if n := strings.Count(log, ": AWS call: "); n < p.Total() {
					return fmt.Errorf("%d call log lines for %d AWS calls", n, p.Total())
				}
				if password := masterPassword(t, id); strings.Contains(log, password) {
					return fmt.Errorf("the master password is in the DEBUG log %s", logPath)
				}
				return nil
			},
		}},
	})
}
