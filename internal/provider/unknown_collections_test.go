package provider_test

import (
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// testAccConfig_unknownInCollections puts a value unknown at plan (a
// terraform_data output) inside every collection attribute of every
// resource: tags, CIDR lists, service lists, ports, subnet and bucket ARNs.
// Known elements beside it must still validate.
const testAccConfig_unknownInCollections = `
resource "terraform_data" "u" {
  input = {
    tag     = "blue"
    cidr    = "10.1.0.0/16"
    service = "kms"
    port    = "3306"
    feature = "RDS_LOGIN_EVENTS"
    bucket  = "arn:aws:s3:::evidence-bucket"
    arn     = "arn:aws:iam::123456789012:role/admin"
    az      = "us-east-1b"
  }
}

locals {
  u = terraform_data.u.output
}

resource "hipaa_kms_key" "k" {
  name               = "unknown-elements"
  allowed_services   = ["logs", "rds", "secretsmanager", "cloudtrail", "s3", local.u.service]
  administrator_arns = ["arn:aws:iam::123456789012:role/security", local.u.arn]
  user_arns          = [local.u.arn]
  tags               = { env = local.u.tag, team = "platform" }
}

resource "hipaa_vpc" "n" {
  name                = "unknown-elements"
  cidr_block          = "10.20.0.0/16"
  availability_zones  = ["us-east-1a", local.u.az]
  database_ports      = [5432, tonumber(local.u.port)]
  interface_endpoints = ["secretsmanager", local.u.service]
  tags                = { env = local.u.tag }
  flow_logs = {
    kms_key_arn = hipaa_kms_key.k.arn
  }
}

resource "hipaa_database" "d" {
  identifier                 = "unknown-elements"
  engine                     = "postgres"
  instance_class             = "db.r6g.large"
  allocated_storage          = 20
  vpc_id                     = hipaa_vpc.n.id
  subnet_ids                 = hipaa_vpc.n.data_subnet_ids
  allowed_cidr_blocks        = ["10.20.0.0/16", local.u.cidr]
  allowed_security_group_ids = [hipaa_vpc.n.default_security_group_id]
  kms_key_arn                = hipaa_kms_key.k.arn
  tags                       = { env = local.u.tag }
}

resource "hipaa_audit_trail" "t" {
  name                   = "unknown-elements"
  kms_key_arn            = hipaa_kms_key.k.arn
  data_event_bucket_arns = [local.u.bucket]
  tags                   = { env = local.u.tag }
}

resource "hipaa_security_baseline" "b" {
  kms_key_arn = hipaa_kms_key.k.arn
  guardduty = {
    features = ["S3_DATA_EVENTS", local.u.feature]
  }
  tags = { env = local.u.tag }
}
`

// Every resource validates and plans with an unknown value inside each
// collection attribute (terraform validate treats every reference as
// unknown; plan sees the terraform_data output as unknown).
func TestAccProvider_unknownInCollections(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+p.ProviderConfig()+testAccConfig_unknownInCollections)
	if out, err := c.try("validate", "-no-color"); err != nil || !strings.Contains(out, "The configuration is valid") {
		t.Fatalf("terraform validate failed (%v):\n%s", err, out)
	}
	out, err := c.try("plan", "-no-color", "-input=false")
	if err != nil || !strings.Contains(out, "6 to add") {
		t.Fatalf("terraform plan failed (%v):\n%s", err, out)
	}
}

// A refusal among unknown elements is still refused: the known elements of
// a collection are validated even while others are unknown.
func TestAccProvider_unknownInCollectionsRefusesKnownElements(t *testing.T) {
	acctest.Parallel(t)
	for name, c := range map[string]struct{ from, to, want string }{
		"vpc bogus service":    {`["secretsmanager", local.u.service]`, `["bogus", local.u.service]`, `"bogus" is not an AWS interface endpoint`},
		"vpc admin port":       {`[5432, tonumber(local.u.port)]`, `[22, tonumber(local.u.port)]`, `NET-08`},
		"database open cidr":   {`["10.20.0.0/16", local.u.cidr]`, `["0.0.0.0/0", local.u.cidr]`, `DB-09`},
		"kms aws: tag":         {`{ env = local.u.tag, team = "platform" }`, `{ env = local.u.tag, "aws:team" = "platform" }`, `aws:`},
		"baseline bad feature": {`["S3_DATA_EVENTS", local.u.feature]`, `["NOT_A_FEATURE", local.u.feature]`, `features`},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := strings.Replace(testAccConfig_unknownInCollections, c.from, c.to, 1)
			if cfg == testAccConfig_unknownInCollections {
				t.Fatalf("case does not change the config: %s", c.from)
			}
			p := acctest.NewProxy(t)
			cl := newCLI(t, requiredProviders+p.ProviderConfig()+cfg)
			out, err := cl.try("plan", "-no-color", "-input=false")
			if err == nil || !strings.Contains(out, c.want) {
				t.Fatalf("plan was not refused with %q (%v):\n%s", c.want, err, out)
			}
			if n := p.Total(); n != 0 {
				t.Fatalf("refused config made %d AWS calls: %v", n, p.Calls())
			}
		})
	}
}
