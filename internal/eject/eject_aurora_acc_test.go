package eject_test

import (
	"testing"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// auroraConfig is a 2-AZ network without NAT and an Aurora PostgreSQL
// cluster of two members with a proxy on its data subnets, each encrypted
// with its own key.
const auroraConfig = `
resource "hipaa_kms_key" "db" {
  name             = "ej-aur"
  allowed_services = ["rds", "logs", "secretsmanager"]
}

resource "hipaa_kms_key" "logs" {
  name             = "ej-aur-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "net" {
  name                        = "ejaurnet"
  cidr_block                  = "10.61.0.0/16"
  availability_zones          = ["us-east-1a", "us-east-1b"]
  nat_gateways                = "none"
  database_ports              = [5432]
  retain_flow_logs_on_destroy = false
  flow_logs                   = { kms_key_arn = hipaa_kms_key.logs.arn }
}

resource "hipaa_database" "aur" {
  identifier          = "ejaur"
  engine              = "aurora-postgresql"
  engine_version      = "16.2"
  instance_class      = "db.r6g.large"
  instance_count      = 2
  vpc_id              = hipaa_vpc.net.id
  subnet_ids          = hipaa_vpc.net.data_subnet_ids
  allowed_cidr_blocks = ["10.61.0.0/16"]
  kms_key_arn         = hipaa_kms_key.db.arn
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "test database, destroyed at the end of the run" }]
  proxy               = { enabled = true }
}
`

func listAurora(t *testing.T, e *acctest.Emulator) snapshot {
	t.Helper()
	l := newLister(t, e)
	l.network("hipaa_vpc/ejaurnet")
	for _, a := range []string{"alias/ej-aur", "alias/ej-aur-logs"} {
		l.key[l.keyARN(a)] = "key " + a
	}
	l.cluster("ejaur", "ejaur-proxy")
	for _, g := range []string{"/hipaa/vpc/ejaurnet/flow-logs", "/aws/rds/cluster/ejaur/", "/aws/rds/proxy/ejaur-proxy"} {
		l.logGroup(g)
	}
	for _, r := range []string{"hipaa-vpc-ejaurnet-flow-logs", "ejaur-monitoring", "ejaur-proxy"} {
		l.role(r)
	}
	return l.done(t)
}

// TestAccEject_aurora applies a hipaa_kms_key pair, a hipaa_vpc and an
// Aurora PostgreSQL hipaa_database (two members, a proxy) wired to the VPC;
// snapshots every object with the SDK (cluster, members and which one
// writes, both parameter groups and their parameters, the secret, the
// proxy and its target on the cluster, groups, rules, roles, log groups,
// keys, the network); then applies the ejected configuration on a reset
// emulator and requires the same objects, a plan with no changes beyond
// emulatorPlanGaps, and a clean destroy. The emulator serves every
// operation both sides call: nothing is faked for this test.
func TestAccEject_aurora(t *testing.T) {
	emu := parallelEmulator(t)
	p := emu.NewProxy(t)
	src := p.ProviderConfig() + auroraConfig
	want := applyHipaa(t, src, nil, func() snapshot { return listAurora(t, emu) }, "db_cluster ejaur", "db_cluster_member ejaur-1", "db_cluster_member ejaur-2",
		"db_cluster_parameter_group ejaur-cluster-params", "db_parameter_group ejaur-params", "db_subnet_group ejaur-subnets",
		"db_proxy ejaur-proxy", "db_proxy_target ejaur-proxy ejaur", "secret master-user-secret", "security_group sg/db",
		"security_group sg/proxy", "iam_role ejaur-monitoring", "iam_role ejaur-proxy", "iam_policy ejaur-proxy-read-master-secret",
		"log_group /aws/rds/cluster/ejaur/postgresql", "log_group /aws/rds/proxy/ejaur-proxy")

	emu.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(src), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, p.URL())
	tf.applyEjected(want, func() snapshot { return listAurora(t, emu) })
	// Destroying the rotation calls CancelRotateSecret, which the emulator
	// refuses for a secret without a rotation Lambda (RDS-managed secrets
	// have none); the secret goes with the cluster.
	tf.run("state", "rm", "aws_secretsmanager_secret_rotation.aur_secret_rotation")
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}
