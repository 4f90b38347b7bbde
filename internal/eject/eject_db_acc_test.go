package eject_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// dbConfig is a 2-AZ network without NAT and a postgres database with a
// proxy on its data subnets, each encrypted with its own key (the unit
// tests' database). Against the emulator, TestAccEject_variables compares
// an instance with a proxy object for object, TestAccEject_aurora a cluster
// wired to a hipaa_vpc, and TestAccEject_examples applies instances and
// clusters wired to ejected networks.
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

// emulatorPlanGaps are the only differences a plan of the ejected database
// may show against the emulator, each a field the emulator drops or
// rewrites on read (real AWS returns what was set):
//   - RDS: Performance Insights and enhanced monitoring fields are not
//     returned, for instances and Aurora cluster members alike
//     (ARCHITECTURE.md, "Testing against the emulator");
//   - DescribeDBClusters returns an empty ScalingConfigurationInfo for a
//     provisioned cluster (AWS returns it only for Serverless v1), which
//     hashicorp/aws reads as an empty scaling_configuration block that the
//     plan then fills with the block's defaults;
//   - DescribeDBParameters returns no Source, so hashicorp/aws finds no
//     user parameter;
//   - a security group rule that references a group reads back as
//     "<account>/<group id>" and without its description.
var emulatorPlanGaps = map[string][]string{
	"aws_db_instance": {"monitoring_interval", "monitoring_role_arn", "performance_insights_enabled",
		"performance_insights_kms_key_id", "performance_insights_retention_period"},
	"aws_db_parameter_group": {"parameter"},
	"aws_rds_cluster":        {"scaling_configuration"},
	"aws_rds_cluster_instance": {"monitoring_interval", "monitoring_role_arn", "performance_insights_enabled",
		"performance_insights_kms_key_id", "performance_insights_retention_period"},
	"aws_vpc_security_group_ingress_rule": {"description", "referenced_security_group_id"},
	"aws_vpc_security_group_egress_rule":  {"description", "referenced_security_group_id"},
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
