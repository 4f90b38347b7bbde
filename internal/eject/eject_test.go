package eject_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const benchVPC = "../../bench/hipaa-vpc/main.tf"

func ejectFile(t *testing.T, name, src string) []byte {
	t.Helper()
	out, err := eject.Config(name, []byte(src), eject.Options{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ejectStable is ejectFile, failing unless a second eject of src gives the
// same bytes and the output is in canonical format (terraform fmt clean).
func ejectStable(t *testing.T, src string) []byte {
	t.Helper()
	out := ejectFile(t, "main.tf", src)
	if again := ejectFile(t, "main.tf", src); string(again) != string(out) {
		t.Error("two ejects of the same file differ")
	}
	if string(hclwrite.Format(out)) != string(out) {
		t.Error("the output is not in canonical format")
	}
	return out
}

// resourceCounts parses out back and counts its resource blocks by type.
func resourceCounts(t *testing.T, out []byte) map[string]int {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(out, "main.tf")
	if diags.HasErrors() {
		t.Fatalf("the output does not parse: %s\n%s", diags, out)
	}
	c, _, diags := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "resource", LabelNames: []string{"type", "name"}}}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	n := map[string]int{}
	for _, b := range c.Blocks {
		n[b.Labels[0]]++
	}
	return n
}

// TestConfig_benchVPC: the bench network ejects to one aws_* block per
// layout child (plus the key, its alias and the endpoint group's rule),
// deterministically and terraform fmt clean, and is exactly
// bench/plain-vpc/main.tf, the plain-AWS side of make bench (-update
// rewrites it).
func TestConfig_benchVPC(t *testing.T) {
	src, err := os.ReadFile(benchVPC)
	if err != nil {
		t.Fatal(err)
	}
	out, err := eject.Config("main.tf", src, eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := eject.Config("main.tf", src, eject.Options{Emulator: true})
	if string(out) != string(again) {
		t.Error("two ejects of the same file differ")
	}
	if string(hclwrite.Format(out)) != string(out) {
		t.Error("the output is not in canonical format")
	}
	l := benchLayout(t)
	got := resourceCounts(t, out)
	want := map[string]int{"aws_kms_key": 1, "aws_kms_alias": 1, "aws_vpc_security_group_ingress_rule": 1}
	for kind, n := range l.Count() {
		want[map[vpc.Kind]string{vpc.KindVPC: "aws_vpc", vpc.KindDefaultSecurityGroup: "aws_default_security_group",
			vpc.KindInternetGateway: "aws_internet_gateway", vpc.KindLogGroup: "aws_cloudwatch_log_group",
			vpc.KindIAMRole: "aws_iam_role", vpc.KindIAMPolicy: "aws_iam_policy", vpc.KindIAMRolePolicyAttachment: "aws_iam_role_policy_attachment", vpc.KindFlowLog: "aws_flow_log",
			vpc.KindSubnet: "aws_subnet", vpc.KindNetworkACL: "aws_network_acl", vpc.KindNetworkACLEntry: "aws_network_acl_rule",
			vpc.KindNetworkACLAssociation: "aws_network_acl_association", vpc.KindRouteTable: "aws_route_table",
			vpc.KindEIP: "aws_eip", vpc.KindNATGateway: "aws_nat_gateway", vpc.KindRoute: "aws_route",
			vpc.KindRouteTableAssociation: "aws_route_table_association", vpc.KindSecurityGroup: "aws_security_group",
			vpc.KindVPCEndpoint: "aws_vpc_endpoint"}[kind]] += n
	}
	for typ, n := range want {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("resource types %v, want %v", got, want)
	}
	golden(t, filepath.Join("..", "..", "bench", "plain-vpc", "main.tf"), hclgen.Stamp(hclgen.HashComment, out)) // make bench runs it
}

// benchLayout is the expansion of the hipaa_vpc of bench/hipaa-vpc.
func benchLayout(t *testing.T) vpc.Layout {
	t.Helper()
	l, err := vpc.Expand(vpc.Spec{Name: "bench", CIDRBlock: "10.0.0.0/16", Region: "us-east-1",
		AvailabilityZones:  []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		FlowLogs:           vpc.FlowLogs{KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"},
		InterfaceEndpoints: []string{"kms", "logs", "secretsmanager", "sts"}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	for _, p := range []string{"000000000000", "hipaagen-", "feedface", "feedbeef"} {
		if strings.Contains(string(got), p) {
			t.Errorf("a placeholder (%s) leaked into %s", p, path)
		}
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/eject -run %s -update)", err, t.Name())
	}
	if string(got) != string(want) {
		t.Errorf("%s is stale: run go test ./internal/eject -run %s -update and review the diff", path, t.Name())
	}
}

const minimalVPC = `
resource "hipaa_kms_key" "k" {
  name             = "k"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "v" {
  name               = "v"
  cidr_block         = "10.1.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs          = { kms_key_arn = hipaa_kms_key.k.arn }
%s
}
`

// TestConfig_kmsKeyReference: a hipaa_kms_key's arn becomes the ejected key's arn.
func TestConfig_kmsKeyReference(t *testing.T) {
	out := string(ejectFile(t, "main.tf", strings.Replace(minimalVPC, "%s", "", 1)))
	if !strings.Contains(out, "kms_key_id        = aws_kms_key.k.arn") {
		t.Errorf("the log group does not refer to the ejected key:\n%s", out)
	}
	if strings.Contains(out, "feedface") || strings.Contains(out, "000000000000") {
		t.Errorf("a placeholder leaked into the output:\n%s", out)
	}
}

// TestConfig_refusals: eject refuses what the provider refuses at plan, and
// what it cannot render.
func TestConfig_refusals(t *testing.T) {
	for name, c := range map[string]struct{ src, want string }{
		"single NAT without exception": {strings.Replace(minimalVPC, "%s", `  nat_gateways = "single"`, 1), "NET-04"},
		"unknown argument":             {strings.Replace(minimalVPC, "%s", `  colour = "blue"`, 1), "colour"},
		"variable":                     {strings.Replace(minimalVPC, "%s", `  tags = var.tags`, 1), "tags uses var.tags"},
		"unsupported type":             {`resource "hipaa_queue" "b" {}`, "hipaa_queue is not supported"},
		"no zones":                     {"resource \"hipaa_vpc\" \"v\" {\n  name = \"v\"\n  cidr_block = \"10.0.0.0/16\"\n}\n", "availability_zones"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := eject.Config("main.tf", []byte(c.src), eject.Options{Region: "us-east-1"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
	waived := strings.Replace(minimalVPC, "%s", `  nat_gateways = "single"
  exceptions   = [{ control = "NET-04", reason = "dev account, accepted by security until 2027-01" }]`, 1)
	if n := resourceCounts(t, ejectFile(t, "main.tf", waived)); n["aws_nat_gateway"] != 1 {
		t.Errorf("a waived single NAT ejected %d NAT gateways, want 1", n["aws_nat_gateway"])
	}
}

// TestConfig_json: a .tf.json file ejects like its native form.
func TestConfig_json(t *testing.T) {
	src := `{"provider": {"hipaa": {"region": "eu-west-1", "default_tags": {"tags": {"team": "phi"}}}},
	"resource": {"hipaa_kms_key": {"k": {"name": "k", "allowed_services": ["rds"]}}}}`
	out := string(ejectFile(t, "main.tf.json", src))
	for _, want := range []string{`region = "eu-west-1"`, `"team" = "phi"`, `Sid      = "Service-rds"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

// TestConfig_database: a database wired to a hipaa_vpc ejects with
// references to the ejected VPC, subnets and keys, one block per child.
func TestConfig_database(t *testing.T) {
	out := ejectFile(t, "main.tf", dbConfig)
	got := resourceCounts(t, out)
	for typ, n := range map[string]int{"aws_db_instance": 1, "aws_db_subnet_group": 1, "aws_db_parameter_group": 1,
		"aws_db_proxy": 1, "aws_db_proxy_default_target_group": 1, "aws_db_proxy_target": 1, "aws_secretsmanager_secret_rotation": 1,
		"aws_iam_role": 3, "aws_iam_policy": 2, "aws_iam_role_policy": 0, "aws_iam_role_policy_attachment": 3, "aws_cloudwatch_log_group": 4,
		"aws_security_group": 2, "aws_vpc_security_group_ingress_rule": 3, "aws_vpc_security_group_egress_rule": 1, "aws_kms_key": 2} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for _, want := range []string{
		"subnet_ids  = [aws_subnet.net_data_us_east_1a.id, aws_subnet.net_data_us_east_1b.id]",
		"vpc_id      = aws_vpc.net_vpc.id",
		"kms_key_id                            = aws_kms_key.db.arn",
		"secret_arn  = aws_db_instance.db_instance.master_user_secret[0].secret_arn",
		`Resource = "${aws_db_instance.db_instance.master_user_secret[0].secret_arn}"`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	golden(t, "testdata/database.tf", out)
	closed := strings.Replace(strings.Replace(dbConfig, "  proxy               = { enabled = true }\n", "", 1),
		`  allowed_cidr_blocks = ["10.60.0.0/16"]`+"\n", "", 1)
	closed = strings.Replace(closed, `reason = "test database, destroyed at the end of the run" }]`,
		`reason = "test database, destroyed at the end of the run" }, { control = "DB-09", reason = "nothing connects in this test" }]`, 1)
	if n := resourceCounts(t, ejectFile(t, "main.tf", closed)); n["aws_vpc_security_group_ingress_rule"] != 0 || n["aws_db_instance"] != 1 {
		t.Errorf("a database admitting nothing: %v", n)
	}
}

// TestConfig_auditTrail: two hardened buckets (the log bucket locked and
// logging to the access-log bucket), the log group, the role and the trail.
func TestConfig_auditTrail(t *testing.T) {
	out := ejectFile(t, "main.tf", auditConfig)
	got := resourceCounts(t, out)
	for typ, n := range map[string]int{"aws_s3_bucket": 2, "aws_s3_bucket_policy": 2, "aws_s3_bucket_versioning": 2,
		"aws_s3_bucket_server_side_encryption_configuration": 2, "aws_s3_bucket_public_access_block": 2,
		"aws_s3_bucket_ownership_controls": 2, "aws_s3_bucket_lifecycle_configuration": 2, "aws_s3_bucket_object_lock_configuration": 1,
		"aws_s3_bucket_logging": 1, "aws_cloudwatch_log_group": 1, "aws_iam_role": 1, "aws_iam_policy": 1, "aws_iam_role_policy": 0, "aws_iam_role_policy_attachment": 1, "aws_cloudtrail": 1} {
		if got[typ] != n {
			t.Errorf("%s: %d blocks, want %d", typ, got[typ], n)
		}
	}
	for _, want := range []string{
		"target_bucket = aws_s3_bucket.audit_bucket_access_logs.id",
		`bucket              = "ejaudit-audit-logs-${data.aws_caller_identity.current.account_id}-us-east-1"`,
		`"aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:us-east-1:${data.aws_caller_identity.current.account_id}:trail/ejaudit"`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	golden(t, "testdata/audit-trail.tf", out)
}
