package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// BenchmarkPlan_scaling applies N networks and N databases in one state,
// for N = 5, 10 and 20, and times terraform plan (median of 3) and counts
// the AWS calls of one refresh: both must grow linearly with N (DESIGN:
// "plan of 50 VPCs + 50 databases in one state grows linearly"). The
// ratios between consecutive sizes are printed; linear growth is 2.0 for
// each doubling. Run by make bench.
func BenchmarkPlan_scaling(b *testing.B) {
	acctest.Reset(b)
	repo, _ := filepath.Abs("../..")
	if _, err := os.Stat(filepath.Join(repo, "bin/terraform-provider-hipaa")); err != nil {
		b.Fatal("build the provider first: make build (make bench does)")
	}
	cli := writeBenchCLIConfig(b, repo)
	var prev benchResult
	fmt.Printf("BENCH %-34s %6s %12s %8s %12s %8s\n", "N networks + N databases", "N", "plan", "ratio", "calls", "ratio")
	for _, n := range []int{5, 10, 20} {
		acctest.Reset(b)
		dir := b.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(scaleConfig(n)), 0o600); err != nil {
			b.Fatal(err)
		}
		r := benchConfig(b, cli, dir, nil)
		planRatio, callRatio := "", ""
		if prev.calls > 0 {
			planRatio = fmt.Sprintf("%.2fx", r.plan.Seconds()/prev.plan.Seconds())
			callRatio = fmt.Sprintf("%.2fx", float64(r.calls)/float64(prev.calls))
		}
		fmt.Printf("BENCH %-34s %6d %12s %8s %12d %8s\n", "", n, r.plan.Round(1e6), planRatio, r.calls, callRatio)
		prev = r
	}
}

// scaleConfig is n two-AZ networks, each with a postgres database in its
// data subnets, sharing one key.
func scaleConfig(n int) string {
	var b strings.Builder
	b.WriteString(`variable "endpoint" {
  type = string
}

terraform {
  required_providers {
    hipaa = { source = "hipaa-iac/hipaa" }
  }
}

provider "hipaa" {
  region = "us-east-1"
  endpoints {
    ec2            = var.endpoint
    iam            = var.endpoint
    kms            = var.endpoint
    logs           = var.endpoint
    rds            = var.endpoint
    secretsmanager = var.endpoint
    sts            = var.endpoint
  }
}

resource "hipaa_kms_key" "scale" {
  name             = "scale"
  allowed_services = ["logs", "rds", "secretsmanager"]
}
`)
	for i := range n {
		fmt.Fprintf(&b, `
resource "hipaa_vpc" "n%[1]d" {
  name               = "scale-%[1]d"
  cidr_block         = "10.%[1]d.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  nat_gateways       = "single"
  database_ports     = [5432]
  flow_logs          = { kms_key_arn = hipaa_kms_key.scale.arn }
  exceptions         = [{ control = "NET-04", reason = "benchmark" }]
}

resource "hipaa_database" "n%[1]d" {
  identifier          = "scale-%[1]d"
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  allocated_storage   = 20
  vpc_id              = hipaa_vpc.n%[1]d.id
  subnet_ids          = hipaa_vpc.n%[1]d.data_subnet_ids
  allowed_cidr_blocks = ["10.%[1]d.0.0/16"]
  kms_key_arn         = hipaa_kms_key.scale.arn
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "benchmark" }]
}
`, i+1)
	}
	return b.String()
}
