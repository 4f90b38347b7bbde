package eject_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// TestConfig_benchDatabase: bench/hipaa-database ejects with its vpc_id and
// subnet_ids variables passed through, and is exactly
// bench/plain-database/main.tf, the plain-AWS side of make bench (-update
// rewrites it).
func TestConfig_benchDatabase(t *testing.T) {
	src, err := os.ReadFile("../../bench/hipaa-database/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	out, err := eject.Config("main.tf", src, eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{
		"variable \"subnet_ids\" {\n  type = list(string)\n}",
		"variable \"vpc_id\" {\n  type = string\n}",
		"  subnet_ids  = var.subnet_ids\n",            // the subnet group
		"  vpc_subnet_ids         = var.subnet_ids\n", // the proxy
		"  vpc_id      = var.vpc_id\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if n := strings.Count(text, "variable \"endpoint\""); n != 1 {
		t.Errorf("variable \"endpoint\" declared %d times, want 1 (the emulator option's)", n)
	}
	golden(t, filepath.Join("..", "..", "bench", "plain-database", "main.tf"), hclgen.Stamp(hclgen.HashComment, out))
}

const varDatabase = `
variable "vpc_id" {
  type        = string
  description = "The VPC"
  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "A VPC ID."
  }
}
variable "subnets" {
  type = list(string)
}
variable "app_sg" {
  type = string
}
variable "db_key" {
  type = string
}
variable "unused" {
  type = string
}

resource "hipaa_database" "db" {
  identifier                 = "vdb"
  engine                     = "postgres"
  instance_class             = "db.r6g.large"
  allocated_storage          = 20
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.subnets
  allowed_security_group_ids = [var.app_sg]
  kms_key_arn                = var.db_key
  proxy                      = { enabled = true }
}
`

// TestConfig_variables: identifiers a hipaa_* argument only carries into
// its children pass through as var.<name>, with their variable blocks as
// written; no placeholder is left.
func TestConfig_variables(t *testing.T) {
	out := string(ejectFile(t, "main.tf", varDatabase))
	for _, want := range []string{
		`condition     = startswith(var.vpc_id, "vpc-")`, // copied as written
		"  vpc_id      = var.vpc_id\n",
		"  subnet_ids  = var.subnets\n",
		"  referenced_security_group_id = var.app_sg\n",
		"  kms_key_id                            = var.db_key\n",
		`"${var.db_key}"`, // inside the proxy role's policy
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `variable "unused"`) {
		t.Error("a variable no hipaa_* resource uses was copied")
	}
	for _, p := range []string{"feedbeef", "000000000000"} {
		if strings.Contains(out, p) {
			t.Errorf("a placeholder (%s) leaked into the output", p)
		}
	}
	if n := resourceCounts(t, []byte(out)); n["aws_db_instance"] != 1 {
		t.Errorf("%d aws_db_instance, want 1", n["aws_db_instance"])
	}
}

// TestConfig_variableRefusals: a variable the expansion depends on is
// refused, naming the argument and the variable.
func TestConfig_variableRefusals(t *testing.T) {
	decl := "variable \"x\" {\n  type = string\n}\nvariable \"l\" {\n  type = list(string)\n}\n"
	for name, c := range map[string]struct{ src, want string }{
		"cidr":       {decl + strings.Replace(strings.Replace(minimalVPC, `"10.1.0.0/16"`, "var.x", 1), "%s", "", 1), "cidr_block uses var.x: eject passes variables through only for the IDs and ARNs of hipaa_vpc (flow_logs)"},
		"undeclared": {strings.Replace(varDatabase, `variable "db_key" {`, `variable "other" {`, 1), "kms_key_arn uses var.db_key, which no variable block declares"},
		"group list": {strings.Replace(varDatabase, "[var.app_sg]", "var.subnets", 1), "allowed_security_group_ids = var.subnets: the number of rules depends on the list"},
		"two kinds":  {decl + strings.Replace(varDatabase, "var.db_key", "var.vpc_id", 1), "var.vpc_id is used for different things"},
		"endpoint":   {strings.ReplaceAll(varDatabase, "vpc_id", "endpoint"), ""},
	} {
		t.Run(name, func(t *testing.T) {
			o := eject.Options{Region: "us-east-1", Emulator: name == "endpoint"}
			_, err := eject.Config("main.tf", []byte(c.src), o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
}
