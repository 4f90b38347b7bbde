package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// The module tests drive the terraform binary through cli (crash_test.go),
// not terraform-plugin-testing, whose state shim refuses configurations with
// modules ("Modules are not supported") and so could neither check nor
// destroy them.

// testAccModulesDir is the absolute path of the generated modules/.
func testAccModulesDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "modules"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// testAccModuleConfig_wired calls the kms_key, vpc, database and
// audit_trail modules, each fed from the outputs of the one before, with the
// retain flags off so destroy leaves nothing behind.
func testAccModuleConfig_wired(p *acctest.Proxy, modules, name string) string {
	return requiredProviders + p.ProviderConfig() + fmt.Sprintf(`
module "kms_key" {
  source           = "%[1]s/kms_key"
  name             = %[2]q
  allowed_services = ["cloudtrail", "logs", "rds", "s3", "secretsmanager"]
}

module "vpc" {
  source                      = "%[1]s/vpc"
  name                        = %[2]q
  cidr_block                  = "10.40.0.0/16"
  availability_zones          = ["us-east-1a", "us-east-1b"]
  retain_flow_logs_on_destroy = false
  flow_logs = {
    kms_key_arn = module.kms_key.arn
  }
}

module "database" {
  source                 = "%[1]s/database"
  identifier             = %[2]q
  engine                 = "postgres"
  instance_class         = "db.r6g.large"
  allocated_storage      = 20
  vpc_id                 = module.vpc.id
  subnet_ids             = module.vpc.data_subnet_ids
  allowed_cidr_blocks    = ["10.40.0.0/16"]
  kms_key_arn            = module.kms_key.arn
  deletion_protection    = false
  retain_logs_on_destroy = false
  exceptions             = [{ control = "DB-05", reason = "acceptance test: the database is destroyed at the end" }]
}

module "audit_trail" {
  source            = "%[1]s/audit_trail"
  name              = %[2]q
  kms_key_arn       = module.kms_key.arn
  retain_on_destroy = false
}

output "key_arn" { value = module.kms_key.arn }
output "vpc_id" { value = module.vpc.id }
output "data_subnet_ids" { value = module.vpc.data_subnet_ids }
output "db_endpoint" { value = module.database.endpoint }
output "db_secret_arn" { value = module.database.master_user_secret_arn }
output "trail_arn" { value = module.audit_trail.arn }
`, modules, name)
}

// moduleOutputs are the root outputs of testAccModuleConfig_wired.
type moduleOutputs struct {
	KeyARN, VPCID, DBEndpoint, DBSecretARN, TrailARN string
	DataSubnetIDs                                    []string
}

// outputs reads the root outputs with terraform output -json.
func (c *cli) outputs() moduleOutputs {
	c.t.Helper()
	var raw map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(c.run("output", "-json")), &raw); err != nil {
		c.t.Fatalf("terraform output -json: %v", err)
	}
	var o moduleOutputs
	for name, dst := range map[string]any{"key_arn": &o.KeyARN, "vpc_id": &o.VPCID, "db_endpoint": &o.DBEndpoint,
		"db_secret_arn": &o.DBSecretARN, "trail_arn": &o.TrailARN, "data_subnet_ids": &o.DataSubnetIDs} {
		if err := json.Unmarshal(raw[name].Value, dst); err != nil {
			c.t.Fatalf("output %s: %v", name, err)
		}
	}
	return o
}

// TestAccModule_wired applies the generated kms_key, vpc, database and
// audit_trail modules through the terraform CLI, wired output to input:
// the outputs are set, the database sits in the module VPC's data subnets
// under the module key, and so does the trail; the plan after apply is
// empty; destroy leaves no object owned by any of them.
func TestAccModule_wired(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	const name = "modacc"
	c := newCLI(t, testAccModuleConfig_wired(p, testAccModulesDir(t), name))
	c.run("get", "-no-color") // installs the modules (init fails under dev_overrides)
	c.run("apply", "-auto-approve", "-input=false", "-no-color")

	o := c.outputs()
	for _, x := range []struct{ name, value, re string }{{"key_arn", o.KeyARN, `^arn:aws:kms:us-east-1:\d{12}:key/`}, {"vpc_id", o.VPCID, `^vpc-`},
		{"db_endpoint", o.DBEndpoint, `\S`}, {"db_secret_arn", o.DBSecretARN, `^arn:aws:secretsmanager:`}, {"trail_arn", o.TrailARN, `^arn:aws:cloudtrail:`}} {
		if !regexp.MustCompile(x.re).MatchString(x.value) {
			t.Errorf("output %s = %q does not match %s", x.name, x.value, x.re)
		}
	}
	testAccCheckModulesWired(t, name, o)
	if out, err := c.try("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil || !strings.Contains(out, "No changes") {
		t.Errorf("plan after apply is not empty (%v):\n%s", err, out)
	}

	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
	for _, typ := range []string{"hipaa_kms_key", "hipaa_vpc", "hipaa_database", "hipaa_audit_trail"} {
		if n := acctest.SweepCount(t, typ+"/"+name); n != 0 {
			t.Errorf("%d objects of %s/%s left after destroy", n, typ, name)
		}
	}
}

// testAccCheckModulesWired checks through the SDK that the database and the
// trail use what the other modules output.
func testAccCheckModulesWired(t *testing.T, name string, o moduleOutputs) {
	t.Helper()
	ctx := context.Background()
	dbs, err := rds.NewFromConfig(acctest.AWSConfig(t)).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(name)})
	if err != nil || len(dbs.DBInstances) != 1 {
		t.Fatalf("describing database %s: %v", name, err)
	}
	db := dbs.DBInstances[0]
	var subnets []string
	for _, sn := range db.DBSubnetGroup.Subnets {
		subnets = append(subnets, aws.ToString(sn.SubnetIdentifier))
	}
	slices.Sort(subnets)
	want := slices.Sorted(slices.Values(o.DataSubnetIDs))
	if aws.ToString(db.KmsKeyId) != o.KeyARN {
		t.Errorf("database key %s, want the module key %s", aws.ToString(db.KmsKeyId), o.KeyARN)
	}
	if aws.ToString(db.DBSubnetGroup.VpcId) != o.VPCID || len(want) != 2 || !slices.Equal(subnets, want) {
		t.Errorf("database in %s %v, want the module VPC %s and its data subnets %v", aws.ToString(db.DBSubnetGroup.VpcId), subnets, o.VPCID, want)
	}
	tr, err := cloudtrail.NewFromConfig(acctest.AWSConfig(t)).GetTrail(ctx, &cloudtrail.GetTrailInput{Name: aws.String(name)})
	if err != nil || aws.ToString(tr.Trail.KmsKeyId) != o.KeyARN {
		t.Errorf("trail %s: key %v (%v), want the module key %s", name, tr, err, o.KeyARN)
	}
}

// TestAccModule_validation: the modules' variable validations refuse bad
// input in terraform itself, before the provider makes any AWS call.
func TestAccModule_validation(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	modules := testAccModulesDir(t)
	cfg := requiredProviders + p.ProviderConfig() + fmt.Sprintf(`
module "vpc" {
  source     = "%[1]s/vpc"
  name       = "bad"
  cidr_block = "8.8.0.0/16"
  flow_logs  = { kms_key_arn = "" }
}

module "kms_key" {
  source               = "%[1]s/kms_key"
  name                 = "aws/phi"
  deletion_window_days = 3
}

module "database" {
  source         = "%[1]s/database"
  identifier     = "db"
  engine         = "oracle"
  instance_class = "db.r6g.large"
  vpc_id         = "vpc-0123456789abcdef0"
  subnet_ids     = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
`, modules)
	c := newCLI(t, cfg)
	c.run("get", "-no-color")
	out, err := c.try("plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("plan accepted invalid module inputs:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		`Use a private (RFC 1918) IPv4 block from /16 to /24`, // vpc cidr_block
		`Use 1 to 250 letters`,                                // kms_key name
		`Use 7 to 30 days`,                                    // kms_key deletion_window_days
		`Use one of "postgres"`,                               // database engine
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	if n := p.Total(); n != 0 {
		t.Errorf("refused module inputs made %d AWS calls: %v", n, p.Calls())
	}
}
