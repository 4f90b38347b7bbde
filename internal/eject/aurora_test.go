package eject_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// auroraMySQL is a three-member Aurora MySQL cluster on I/O-Optimized
// storage, without a proxy, on subnets and a key given by ID.
const auroraMySQL = `
resource "hipaa_database" "my" {
  identifier          = "ejmy"
  engine              = "aurora-mysql"
  instance_class      = "db.r6g.large"
  instance_count      = 3
  storage_type        = "aurora-iopt1"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-0bbbbbbbbbbbbbbbb", "subnet-0aaaaaaaaaaaaaaaa"]
  allowed_cidr_blocks = ["10.70.0.0/16"]
  kms_key_arn         = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  backup_window       = "03:00-04:00"
  maintenance_window  = "sun:05:00-sun:06:00"
%s
}
`

// dataBlocks counts the data blocks of out by type.
func dataBlocks(t *testing.T, out []byte) map[string]int {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(out, "main.tf")
	if diags.HasErrors() {
		t.Fatalf("the output does not parse: %s", diags)
	}
	c, _, diags := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "data", LabelNames: []string{"type", "name"}}}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	n := map[string]int{}
	for _, b := range c.Blocks {
		n[b.Labels[0]]++
	}
	return n
}

func requireCounts(t *testing.T, got, want map[string]int) {
	t.Helper()
	for typ, n := range want {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for typ, n := range got {
		if _, ok := want[typ]; !ok {
			t.Errorf("%s: %d unexpected blocks", typ, n)
		}
	}
}

func requireText(t *testing.T, out []byte, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(string(out), w) {
			t.Errorf("output lacks %s", w)
		}
	}
	for _, p := range []string{"000000000000", "hipaagen-", "feedface", "feedbeef"} {
		if strings.Contains(string(out), p) {
			t.Errorf("a placeholder (%s) leaked into the output", p)
		}
	}
}

// TestConfig_auroraPostgres: an Aurora PostgreSQL cluster of two members
// with a proxy, wired to a hipaa_vpc, ejects deterministically and fmt
// clean to one block per child: the cluster and its parameter group, a
// cluster instance per member spread over the subnets' zones (the first
// created first, so it is the writer), the proxy targeting the cluster.
func TestConfig_auroraPostgres(t *testing.T) {
	out := ejectStable(t, auroraConfig)
	got := resourceCounts(t, out)
	for typ, n := range map[string]int{"aws_rds_cluster": 1, "aws_rds_cluster_instance": 2, "aws_rds_cluster_parameter_group": 1,
		"aws_db_parameter_group": 1, "aws_db_subnet_group": 1, "aws_db_instance": 0, "aws_db_proxy": 1,
		"aws_db_proxy_default_target_group": 1, "aws_db_proxy_target": 1, "aws_secretsmanager_secret_rotation": 1,
		"aws_iam_role": 3, "aws_iam_policy": 2, "aws_iam_role_policy": 0, "aws_iam_role_policy_attachment": 3, "aws_cloudwatch_log_group": 3,
		"aws_security_group": 2, "aws_vpc_security_group_ingress_rule": 3, "aws_vpc_security_group_egress_rule": 1, "aws_kms_key": 2} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	if n := dataBlocks(t, out)["aws_subnet"]; n != 0 {
		t.Errorf("%d aws_subnet data sources for subnets of the ejected VPC, want 0", n)
	}
	requireText(t, out,
		"aur_zones = sort(distinct([aws_subnet.net_data_us_east_1a.availability_zone, aws_subnet.net_data_us_east_1b.availability_zone]))",
		`resource "aws_rds_cluster" "aur_cluster" {`,
		"db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.aur_cluster_parameter_group.name",
		`enabled_cloudwatch_logs_exports     = ["postgresql"]`,
		"manage_master_user_password         = true",
		"master_user_secret_kms_key_id       = aws_kms_key.db.arn",
		`final_snapshot_identifier           = "ejaur-final"`,
		"cluster_identifier                    = aws_rds_cluster.aur_cluster.id",
		"availability_zone                     = element(local.aur_zones, 0)",
		"availability_zone                     = element(local.aur_zones, 1)",
		"depends_on                            = [aws_iam_role_policy_attachment.aur_monitoring_role_policy, aws_rds_cluster_instance.aur_member_1]",
		"db_parameter_group_name               = aws_db_parameter_group.aur_parameter_group.name",
		"secret_id          = aws_rds_cluster.aur_cluster.master_user_secret[0].secret_arn",
		"secret_arn  = aws_rds_cluster.aur_cluster.master_user_secret[0].secret_arn",
		"db_cluster_identifier = aws_rds_cluster.aur_cluster.cluster_identifier",
		"depends_on            = [aws_rds_cluster_instance.aur_member_1, aws_rds_cluster_instance.aur_member_2]",
		`name         = "rds.force_ssl"`,
	)
	if strings.Contains(string(out), "storage_type") {
		t.Error("Aurora standard storage is written out; hashicorp/aws spells it by leaving storage_type unset")
	}
}

// TestConfig_auroraMySQL: three members over two zones (the third wraps to
// the first zone), read from data sources for subnets given by ID;
// I/O-Optimized storage, the windows and the MySQL TLS parameter are
// written; no proxy.
func TestConfig_auroraMySQL(t *testing.T) {
	out := ejectFile(t, "main.tf", strings.Replace(auroraMySQL, "%s", "", 1))
	if string(hclwrite.Format(out)) != string(out) {
		t.Error("the output is not in canonical format")
	}
	requireCounts(t, resourceCounts(t, out), map[string]int{"aws_rds_cluster": 1, "aws_rds_cluster_instance": 3,
		"aws_rds_cluster_parameter_group": 1, "aws_db_parameter_group": 1, "aws_db_subnet_group": 1,
		"aws_secretsmanager_secret_rotation": 1, "aws_iam_role": 1, "aws_iam_role_policy_attachment": 1,
		"aws_cloudwatch_log_group": 4, "aws_security_group": 1, "aws_vpc_security_group_ingress_rule": 1})
	if n := dataBlocks(t, out)["aws_subnet"]; n != 2 {
		t.Errorf("%d aws_subnet data sources, want 2 (one per subnet ID)", n)
	}
	requireText(t, out,
		`data "aws_subnet" "my_subnet_subnet_0aaaaaaaaaaaaaaaa" {`,
		"my_zones = sort(distinct([data.aws_subnet.my_subnet_subnet_0aaaaaaaaaaaaaaaa.availability_zone, data.aws_subnet.my_subnet_subnet_0bbbbbbbbbbbbbbbb.availability_zone]))",
		"availability_zone                     = element(local.my_zones, 2)",
		`storage_type                        = "aurora-iopt1"`,
		`preferred_backup_window             = "03:00-04:00"`,
		`preferred_maintenance_window        = "sun:05:00-sun:06:00"`,
		`enabled_cloudwatch_logs_exports     = ["audit", "error", "general", "slowquery"]`,
		`engine_version                      = "8.0.mysql_aurora.3.05.2"`,
		`name         = "require_secure_transport"`,
		`name              = "/aws/rds/cluster/ejmy/slowquery"`,
		"secret_id          = aws_rds_cluster.my_cluster.master_user_secret[0].secret_arn",
	)
}

// TestConfig_auroraRefusals: what the provider refuses for Aurora at plan,
// eject refuses; a waived single member ejects alone.
func TestConfig_auroraRefusals(t *testing.T) {
	for name, c := range map[string]struct{ extra, want string }{
		"one member without exception": {"  instance_count = 1", "DB-02"},
		"allocated storage":            {"  allocated_storage = 20", "allocated_storage"},
		"multi_az":                     {"  multi_az = false", "multi_az"},
		"sixteen members":              {"  instance_count = 16", "instance_count"},
	} {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(auroraMySQL, "  instance_count      = 3\n", "", 1), "%s", c.extra, 1)
			_, err := eject.Config("main.tf", []byte(src), eject.Options{Region: "us-east-1"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
	waived := strings.Replace(strings.Replace(auroraMySQL, "  instance_count      = 3\n", "", 1), "%s", `  instance_count = 1
  exceptions     = [{ control = "DB-02", reason = "dev cluster, accepted by security until 2027-01" }]`, 1)
	out := ejectFile(t, "main.tf", waived)
	if n := resourceCounts(t, out)["aws_rds_cluster_instance"]; n != 1 {
		t.Errorf("a waived single member ejected %d cluster instances, want 1", n)
	}
	if strings.Contains(string(out), "aws_rds_cluster_instance.my_member_1]") {
		t.Error("the only member waits for itself")
	}
}

// TestConfig_auroraSubnetVariables: subnets passed through as a list
// variable are read by one for_each data source, so the members spread
// over every subnet the variable holds at apply time, not two
// placeholders; subnets passed one variable each, by one data source each.
func TestConfig_auroraSubnetVariables(t *testing.T) {
	src := `
variable "subnet_ids" {
  type = list(string)
}

variable "subnet_a" {
  type = string
}

variable "subnet_b" {
  type = string
}

resource "hipaa_database" "v" {
  identifier          = "ejv"
  engine              = "aurora-postgresql"
  instance_class      = "db.r6g.large"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = var.subnet_ids
  allowed_cidr_blocks = ["10.70.0.0/16"]
  kms_key_arn         = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
}

resource "hipaa_database" "w" {
  identifier          = "ejw"
  engine              = "aurora-postgresql"
  instance_class      = "db.r6g.large"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = [var.subnet_a, var.subnet_b]
  allowed_cidr_blocks = ["10.70.0.0/16"]
  kms_key_arn         = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
}
`
	out := ejectFile(t, "main.tf", src)
	if n := dataBlocks(t, out)["aws_subnet"]; n != 3 {
		t.Errorf("%d aws_subnet data sources, want 3", n)
	}
	requireText(t, out,
		"for_each = toset(var.subnet_ids)",
		"v_zones = sort(distinct([for s in data.aws_subnet.v_subnets : s.availability_zone]))",
		"availability_zone                     = element(local.v_zones, 1)",
		`data "aws_subnet" "w_subnet_var_subnet_a" {`,
		"  id = var.subnet_b\n",
		"w_zones = sort(distinct([data.aws_subnet.w_subnet_var_subnet_a.availability_zone, data.aws_subnet.w_subnet_var_subnet_b.availability_zone]))",
	)
}
