package eject_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// dbConfig is a 2-AZ network without NAT and a postgres database with a
// proxy on its data subnets, each encrypted with its own key.
const dbConfig = `
resource "hipaa_kms_key" "db" {
  name             = "ej-db"
  allowed_services = ["rds", "logs", "secretsmanager"]
}

resource "hipaa_kms_key" "logs" {
  name             = "ej-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "net" {
  name                        = "ejnet"
  cidr_block                  = "10.60.0.0/16"
  availability_zones          = ["us-east-1a", "us-east-1b"]
  nat_gateways                = "none"
  database_ports              = [5432]
  retain_flow_logs_on_destroy = false
  flow_logs                   = { kms_key_arn = hipaa_kms_key.logs.arn }
}

resource "hipaa_database" "db" {
  identifier          = "ejdb"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.r6g.large"
  allocated_storage   = 20
  vpc_id              = hipaa_vpc.net.id
  subnet_ids          = hipaa_vpc.net.data_subnet_ids
  allowed_cidr_blocks = ["10.60.0.0/16"]
  kms_key_arn         = hipaa_kms_key.db.arn
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "test database, destroyed at the end of the run" }]
  proxy               = { enabled = true }
}
`

func listDatabase(t *testing.T) snapshot {
	t.Helper()
	l := newLister(t)
	l.network("hipaa_vpc/ejnet")
	for _, a := range []string{"alias/ej-db", "alias/ej-logs"} {
		l.key[l.keyARN(a)] = "key " + a
	}
	l.database("ejdb", "ejdb-proxy")
	for _, g := range []string{"/hipaa/vpc/ejnet/flow-logs", "/aws/rds/instance/ejdb/", "/aws/rds/proxy/ejdb-proxy"} {
		l.logGroup(g)
	}
	for _, r := range []string{"hipaa-vpc-ejnet-flow-logs", "ejdb-monitoring", "ejdb-proxy"} {
		l.role(r)
	}
	return l.done(t)
}

// emulatorPlanGaps are the only differences a plan of the ejected database
// may show against the emulator, each a field the emulator drops or
// rewrites on read (real AWS returns what was set):
//   - RDS: Performance Insights and enhanced monitoring fields are not
//     returned (shared/notes/aws-emulator.md);
//   - DescribeDBParameters returns no Source, so hashicorp/aws finds no
//     user parameter;
//   - a security group rule that references a group reads back as
//     "<account>/<group id>" and without its description.
var emulatorPlanGaps = map[string][]string{
	"aws_db_instance": {"monitoring_interval", "monitoring_role_arn", "performance_insights_enabled",
		"performance_insights_kms_key_id", "performance_insights_retention_period"},
	"aws_db_parameter_group":              {"parameter"},
	"aws_vpc_security_group_ingress_rule": {"description", "referenced_security_group_id"},
	"aws_vpc_security_group_egress_rule":  {"description", "referenced_security_group_id"},
}

// TestAccEject_database applies a hipaa_kms_key pair, a hipaa_vpc and a
// postgres hipaa_database with a proxy, whose vpc_id and subnet_ids are
// wired to the VPC; snapshots every object with the SDK; then applies the
// ejected configuration (where the wires are references to aws_vpc and
// aws_subnet) on a reset emulator and requires the same objects, a plan
// with no changes beyond the emulator's read gaps above, and a clean destroy.
func TestAccEject_database(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	src := p.ProviderConfig() + dbConfig
	var want snapshot
	start := time.Now()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: src,
			Check:  func(*terraform.State) error { want = listDatabase(t); return nil },
		}},
	})
	t.Logf("hipaa_*: apply, snapshot and destroy in %s", time.Since(start).Round(time.Millisecond))
	for _, k := range []string{"db_instance ejdb", "db_proxy ejdb-proxy", "db_subnet_group ejdb-subnets", "db_parameter_group ejdb-params",
		"secret master-user-secret", "security_group sg/db", "security_group sg/proxy", "iam_role ejdb-proxy", "log_group /aws/rds/proxy/ejdb-proxy"} {
		if _, ok := want[k]; !ok {
			t.Errorf("the snapshot of hipaa_database lacks %s", k)
		}
	}

	acctest.Reset(t)
	start = time.Now()
	out, err := eject.Config("main.tf", []byte(src), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, p.URL())
	tf.run("init", "-input=false")
	tf.run("apply", "-auto-approve", "-input=false")
	got := listDatabase(t)
	if d := diff(want, got); len(d) > 0 {
		t.Errorf("the ejected configuration made different objects than hipaa_* (%d compared):\n%s", len(want), strings.Join(d, "\n"))
	}
	t.Logf("compared %d objects", len(want))
	tf.run("plan", "-input=false", "-out=plan.bin")
	for _, c := range tf.planChanges("plan.bin") {
		t.Errorf("terraform plan after apply: %s", c)
	}
	// Destroying the rotation calls CancelRotateSecret, which the emulator
	// refuses for a secret without a rotation Lambda (RDS-managed secrets
	// have none); the secret goes with the instance.
	tf.run("state", "rm", "aws_secretsmanager_secret_rotation.db_secret_rotation")
	tf.run("destroy", "-auto-approve", "-input=false")
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}

// planChanges lists the changes of a saved plan other than the attributes
// of emulatorPlanGaps.
func (c *cli) planChanges(plan string) []string {
	c.t.Helper()
	cmd, out := c.command("show", "-json", plan)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("terraform show: %v", err)
	}
	var p struct {
		ResourceChanges []struct {
			Address string
			Type    string
			Change  struct {
				Actions      []string
				Before       map[string]any
				After        map[string]any
				AfterUnknown map[string]any `json:"after_unknown"`
			}
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		c.t.Fatalf("reading the plan %s: %v", filepath.Join(c.dir, plan), err)
	}
	var bad []string
	for _, rc := range p.ResourceChanges {
		ch := rc.Change
		if slices.Equal(ch.Actions, []string{"no-op"}) || slices.Equal(ch.Actions, []string{"read"}) {
			continue
		}
		if !slices.Equal(ch.Actions, []string{"update"}) {
			bad = append(bad, rc.Address+": "+strings.Join(ch.Actions, ","))
			continue
		}
		for k, v := range ch.After {
			if (!reflect.DeepEqual(ch.Before[k], v) || ch.AfterUnknown[k] == true) && !slices.Contains(emulatorPlanGaps[rc.Type], k) {
				bad = append(bad, rc.Address+": updates "+k)
			}
		}
	}
	slices.Sort(bad)
	return bad
}
