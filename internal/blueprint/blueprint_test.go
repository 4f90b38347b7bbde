package blueprint

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// preamble is a valid blueprint head of 7 lines; env() puts an
// environment after it, whose components start on line 11.
const preamble = `organisation        = "acme-health"
data_classification = "phi"
state {
  bucket      = "acme-tfstate"
  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000"
  region      = "us-east-1"
}
`

// env returns preamble and environment "prod" (account 111122223333,
// us-east-1 and us-west-2) holding components.
func env(components string) string {
	return preamble + `environment "prod" {
  account_id = "111122223333"
  regions    = ["us-east-1", "us-west-2"]
` + components + "}\n"
}

// keysComponent is a valid keys component of 3 lines.
const keysComponent = `  component "keys" "phi" {
    settings = { allowed_services = ["logs", "rds", "secretsmanager"] }
  }
`

// networkComponent is a valid network component of 5 lines (after keys: lines 14-18).
const networkComponent = `  component "network" "main" {
    settings    = { cidr_block = "10.10.0.0/16", flow_logs = { retention_days = 731 } }
    inputs_from = { "flow_logs.kms_key_arn" = "keys.phi.arn" }
    region "us-west-2" { settings = { cidr_block = "10.20.0.0/16" } }
  }
`

// databaseComponent returns a database component (after keys and network: from
// line 19) with extra settings and the standard inputs.
func databaseComponent(extra string) string {
	return `  component "database" "visits" {
    settings = { engine = "postgres", instance_class = "db.r6g.large", allocated_storage = 50,
      allowed_cidr_blocks = ["10.10.128.0/17"]` + extra + ` }
    inputs_from = { vpc_id = "network.main.id", subnet_ids = "network.main.data_subnet_ids", kms_key_arn = "keys.phi.arn" }
  }
`
}

// replicaKeyComponent is a key made in us-west-2 by the us-east-1 root (5
// lines), and bucketComponent a bucket replicating under it (5 lines).
const (
	replicaKeyComponent = `  component "keys" "replica" {
    regions         = ["us-east-1"]
    provider_region = "us-west-2"
    settings        = { allowed_services = ["s3"] }
  }
`
	bucketComponent = `  component "bucket" "files" {
    regions     = ["us-east-1"]
    settings    = { presigned_url_max_age_seconds = 600, replication = { region = "us-west-2" } }
    inputs_from = { kms_key_arn = "keys.phi.arn", "replication.kms_key_arn" = "keys.replica.arn" }
  }
`
)

// backupComponent backs up the bucket (after keys, replicaKey and bucket:
// lines 24-28), copying to us-west-2 under the replica key: an input into
// a list element settings give, and a list of references.
const backupComponent = `  component "backup" "daily" {
    regions     = ["us-east-1"]
    settings    = { rules = [{ name = "daily", schedule = "cron(0 5 ? * * *)", retention_days = 35, copy_to = [{ region = "us-west-2" }] }], vault_lock = { min_retention_days = 7, max_retention_days = 3650 } }
    inputs_from = { kms_key_arn = "keys.phi.arn", "rules[0].copy_to[0].kms_key_arn" = "keys.replica.arn", resource_arns = ["bucket.files.arn"] }
  }
`

func firstError(diags hcl.Diagnostics) *hcl.Diagnostic {
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			return d
		}
	}
	return nil
}

func position(d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return "none"
	}
	return fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
}

func TestParse_valid(t *testing.T) {
	b, diags := Parse([]byte(env(keysComponent+networkComponent+databaseComponent(""))), "valid.hcl")
	if len(diags) > 0 || b == nil {
		t.Fatalf("want no diagnostics, got %v", diags)
	}
	if got := len(b.Units()); got != 6 {
		t.Errorf("units: got %d, want 3 components × 2 regions", got)
	}
}

// TestParse_badBlueprints: each broken blueprint is refused with its
// diagnostic first (by position), and Parse returns no blueprint.
func TestParse_badBlueprints(t *testing.T) {
	cases := []struct {
		name, src, summary, at string
	}{
		{"syntax error", preamble + "environment \"prod\" {\n  account_id = \n}\n", "Invalid expression", "9:16"},
		{"missing organisation", strings.Replace(env(keysComponent), "organisation        = \"acme-health\"\n", "", 1), "Missing required argument", "1:1"},
		{"unsupported root argument", "owner = \"me\"\n" + env(keysComponent), "Unsupported argument", "1:1"},
		{"data_classification", strings.Replace(env(keysComponent), `"phi"`, `"secret"`, 1), "Invalid data_classification", "2:23"},
		{"compliance_mode", "compliance_mode = \"strict\"\n" + env(keysComponent), "Invalid compliance_mode", "1:19"},
		{"reserved tag", "tags = { environment = \"x\" }\n" + env(keysComponent), "Reserved tag environment", "1:10"},
		{"tag not a string", "tags = { team = [\"a\"] }\n" + env(keysComponent), "Unsuitable value type", "1:8"},
		{"missing state", strings.Replace(env(keysComponent), preamble[strings.Index(preamble, "state"):], "", 1), "Missing state block", "1:1"},
		{"duplicate state", env(keysComponent) + "state {\n}\n", "Duplicate state block", "15:1"},
		{"state bucket", strings.Replace(env(keysComponent), `"acme-tfstate"`, `"Acme_State"`, 1), "Invalid state bucket", "4:17"},
		{"state key alias", strings.Replace(env(keysComponent), `"arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000"`, `"alias/tfstate"`, 1), "Invalid state kms_key_arn", "5:17"},
		{"state region", strings.Replace(env(keysComponent), `region      = "us-east-1"`, `region      = "useast1"`, 1), "Invalid region", "6:17"},
		{"no environment", preamble, "Missing environment block", "1:1"},
		{"duplicate environment", env(keysComponent) + "environment \"prod\" {\n}\n", "Duplicate environment prod", "15:13"},
		{"environment name", strings.Replace(env(keysComponent), `environment "prod"`, `environment "Prod"`, 1), "Invalid environment name", "8:13"},
		{"account_id", strings.Replace(env(keysComponent), `"111122223333"`, `"1234"`, 1), "Invalid account_id", "9:16"},
		{"no regions", strings.Replace(env(keysComponent), `["us-east-1", "us-west-2"]`, `[]`, 1), "No regions", "10:16"},
		{"duplicate region", strings.Replace(env(keysComponent), `["us-east-1", "us-west-2"]`, `["us-east-1", "us-east-1"]`, 1), "Duplicate region us-east-1", "10:30"},
		{"no components", env(""), "Environment prod has no components", "8:1"},
		{"unknown kind", env(strings.Replace(keysComponent, `"keys"`, `"kms"`, 1)), `Unknown component kind "kms"`, "11:13"},
		{"duplicate component name", env(keysComponent + strings.Replace(networkComponent, `"main"`, `"phi"`, 1)), "Duplicate component name phi", "14:23"},
		{"component name", env(strings.Replace(keysComponent, `"phi"`, `"PHI"`, 1)), "Invalid component name", "11:20"},
		{"component region outside environment", env(strings.Replace(keysComponent, "    settings", "    regions = [\"eu-west-1\"]\n    settings", 1)), "Region eu-west-1 is not in environment prod", "12:16"},
		{"region block where not deployed", env(strings.Replace(keysComponent, "    settings", "    regions = [\"us-east-1\"]\n    region \"us-west-2\" { settings = {} }\n    settings", 1)), "Component keys.phi is not deployed in us-west-2", "13:12"},
		{"unsupported setting", env(keysComponent + strings.Replace(networkComponent, "cidr_block = \"10.10", "cidr = \"10.10", 1)), `Unsupported setting "cidr"`, "15:21"},
		{"name set by hipaagen", env(strings.Replace(keysComponent, "{ allowed_services", "{ name = \"phi\", allowed_services", 1)), `Setting "name" is set by hipaagen`, "12:18"},
		{"duplicate setting", env(strings.Replace(keysComponent, "{ allowed_services", "{ description = \"a\", description = \"b\", allowed_services", 1)), `Duplicate setting "description"`, "12:37"},
		{"wrong type", env(strings.Replace(keysComponent, `["logs", "rds", "secretsmanager"]`, `"logs"`, 1)), `Invalid value for setting "allowed_services"`, "12:37"},
		{"unknown nested attribute", env(keysComponent + strings.Replace(networkComponent, "{ retention_days = 731 }", "{ retention_days = 731, retain = true }", 1)), `Invalid value for setting "flow_logs"`, "15:95"},
		{"fractional number", env(keysComponent + networkComponent + databaseComponent(", max_allocated_storage = 100.5")), `Invalid value for setting "max_allocated_storage"`, "21:73"},
		{"exception without reason", env(strings.Replace(keysComponent, "{ allowed_services", "{ exceptions = [{ control = \"KEY-02\" }], allowed_services", 1)), "Exception for KEY-02 needs a reason", "12:32"},
		{"variable in settings", env(strings.Replace(keysComponent, `["logs", "rds", "secretsmanager"]`, `var.services`, 1)), "Variables not allowed", "12:37"},
		{"settings not an object", env(strings.Replace(keysComponent, `{ allowed_services = ["logs", "rds", "secretsmanager"] }`, `"rds"`, 1)), "Invalid expression", "12:17"},
		{"unsupported input", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), "vpc_id =", "vpc =", 1)), `Unsupported input "vpc"`, "22:21"},
		{"input to the name", env(keysComponent + strings.Replace(networkComponent, `"flow_logs.kms_key_arn" = "keys.phi.arn"`, `name = "keys.phi.id"`, 1)), `Setting "name" is set by hipaagen`, "16:21"},
		{"invalid reference", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `"network.main.id"`, `"network.main"`, 1)), `Invalid reference "network.main"`, "22:30"},
		{"unknown kind in reference", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `"network.main.id"`, `"vpc.main.id"`, 1)), `Unknown component kind "vpc" in reference`, "22:30"},
		{"unsupported output", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `"network.main.id"`, `"network.main.vpc_id"`, 1)), `Unsupported output "vpc_id"`, "22:30"},
		{"incompatible input", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `"network.main.id"`, `"network.main.data_subnet_ids"`, 1)), `Incompatible input "vpc_id"`, "22:30"},
		{"input also in settings", env(keysComponent + networkComponent + databaseComponent(`, vpc_id = "vpc-0123456789abcdef0"`)), `Input "vpc_id" is set twice`, "22:21"},
		{"input twice", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `kms_key_arn = "keys.phi.arn"`, `kms_key_arn = "keys.phi.arn", kms_key_arn = "keys.phi.arn"`, 1)), `Input "kms_key_arn" is set twice`, "22:124"},
		{"undeclared component", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `"network.main.id"`, `"network.other.id"`, 1)), "Reference to undeclared component network.other", "22:30"},
		{"dependency not in region", env(keysComponent + strings.Replace(strings.Replace(networkComponent, "    settings", "    regions = [\"us-east-1\"]\n    settings", 1),
			"    region \"us-west-2\" { settings = { cidr_block = \"10.20.0.0/16\" } }\n", "", 1) + databaseComponent("")), "network.main is not deployed in us-west-2", "22:30"},
		{"cycle", env(strings.Replace(keysComponent, "  }\n", "    inputs_from = { description = \"keys.b.arn\" }\n  }\n", 1) + strings.Replace(strings.Replace(keysComponent, `"phi"`, `"b"`, 1), "  }\n", "    inputs_from = { description = \"keys.phi.arn\" }\n  }\n", 1)), "Dependency cycle: keys.phi → keys.b → keys.phi", "17:35"},
		{"self reference", env(strings.Replace(keysComponent, "  }\n", "    inputs_from = { description = \"keys.phi.key_id\" }\n  }\n", 1)), "Dependency cycle: keys.phi → keys.phi", "13:35"},
		{"missing required setting", env(keysComponent + strings.Replace(networkComponent, `cidr_block = "10.10.0.0/16", `, "", 1)), `Missing required setting "cidr_block"`, "14:3"},
		{"two baselines", env(keysComponent + "  component \"baseline\" \"a\" {\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n  }\n  component \"baseline\" \"b\" {\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n  }\n"), "Duplicate baseline", "17:3"},
		{"weak password policy", env(keysComponent + "  component \"baseline\" \"a\" {\n    settings    = { password_policy = { minimum_length = 8 } }\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n  }\n"), "DET-06", "15:58"},
		{"account S3 block in two regions", env(keysComponent + "  component \"baseline\" \"a\" {\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n  }\n"),
			"s3_account_public_access_block and password_policy are on in more than one region of account 111122223333", "14:3"},
		{"password policy in two regions", env(keysComponent + "  component \"baseline\" \"a\" {\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n" +
			"    region \"us-west-2\" {\n      settings = { s3_account_public_access_block = false, password_policy = { minimum_length = 16 },\n" +
			"        exceptions = [{ control = \"DET-06\", reason = \"block kept by us-east-1\" }] }\n    }\n  }\n"),
			"password_policy is on in more than one region of account 111122223333", "14:3"},
		{"baseline without RDS protection", env(keysComponent + "  component \"baseline\" \"a\" {\n    settings    = { guardduty = { features = [\"S3_DATA_EVENTS\"] } }\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n  }\n"), "DET-01", "15:46"},
		{"colliding names", env(strings.Replace(keysComponent, `"phi"`, `"b-c"`, 1)) +
			strings.Replace(strings.Replace(env(strings.Replace(keysComponent, `"phi"`, `"c"`, 1)), preamble, "", 1), `environment "prod"`, `environment "prod-b"`, 1), `Duplicate name "prod-b-c-use1"`, "18:3"},
		{"generated name invalid", env(keysComponent + strings.Replace(networkComponent, `"main"`, `"a-very-long-network-name-that-is-far-too-long"`, 1)), "Invalid name", "14:23"},
		{"core input error", env(keysComponent + strings.Replace(networkComponent, `"10.10.0.0/16"`, `"10.0.0.0/8"`, 1)), "Invalid cidr_block", "15:34"},
		{"waivable control", env(keysComponent + strings.Replace(networkComponent, `cidr_block = "10.10.0.0/16", `, `cidr_block = "10.10.0.0/16", nat_gateways = "single", `, 1)), "NET-04", "15:65"},
		{"control in a region block", env(keysComponent + strings.Replace(networkComponent, `{ cidr_block = "10.20.0.0/16" }`, `{ cidr_block = "10.20.0.0/16", nat_gateways = "single" }`, 1)), "NET-04", "17:83"},
		{"hard control", env(strings.Replace(keysComponent, "{ allowed_services", "{ deletion_window_days = 3, allowed_services", 1)), "KEY-03", "12:41"},
		{"nested control", env(keysComponent + strings.Replace(networkComponent, "retention_days = 731", "retention_days = 30", 1)), "NET-09", "15:81"},
		{"flow log key missing", env(keysComponent + strings.Replace(networkComponent, `    inputs_from = { "flow_logs.kms_key_arn" = "keys.phi.arn" }`+"\n", "", 1)), "NET-09", "15:62"},
		{"database admits nothing", env(keysComponent + networkComponent + strings.Replace(databaseComponent(""), `,
      allowed_cidr_blocks = ["10.10.128.0/17"]`, "", 1)), "DB-09", "20:16"},
		{"key in another region", env(keysComponent + networkComponent + strings.Replace(databaseComponent(`, kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000"`), `, kms_key_arn = "keys.phi.arn"`, "", 1)), "Invalid kms_key_arn", "21:63"},
		{"unknown exception control", env(strings.Replace(keysComponent, "{ allowed_services", "{ exceptions = [{ control = \"NET-04\", reason = \"r\" }], allowed_services", 1)), `Unknown control "NET-04" for hipaa_kms_key`, "12:44"},
		{"provider_region of a network", env(keysComponent + strings.Replace(networkComponent, "    settings", "    provider_region = \"us-west-2\"\n    settings", 1)), "provider_region is for keys components", "15:5"},
		{"provider_region in two regions", env(strings.Replace(keysComponent, "    settings", "    provider_region = \"us-west-2\"\n    settings", 1)), "A component with provider_region is deployed once", "12:5"},
		{"provider_region not a region", env(strings.Replace(replicaKeyComponent, `"us-west-2"`, `"west"`, 1)), "Invalid region", "13:23"},
		{"presigned URLs too long", env(keysComponent + replicaKeyComponent + strings.Replace(bucketComponent, "= 600", "= 900", 1)), "STO-10", "21:53"},
		{"replica in the bucket's region", env(keysComponent + replicaKeyComponent + strings.Replace(bucketComponent, `{ region = "us-west-2" }`, `{ region = "us-east-1" }`, 1)), "Invalid replication.region", "21:83"},
		{"bucket not replicated", env(keysComponent + strings.Replace(strings.Replace(bucketComponent, `, replication = { region = "us-west-2" }`, "", 1), `, "replication.kms_key_arn" = "keys.replica.arn"`, "", 1)), "STO-08", "16:19"},
		{"input in an element settings lack", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, `"rules[0].copy_to[0]`, `"rules[1].copy_to[0]`, 1)),
			`Input "rules[1].copy_to[0].kms_key_arn" is in an element settings do not give`, "27:51"},
		{"input past a list's end", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, `resource_arns = ["bucket.files.arn"]`, `"resource_arns[1]" = "bucket.files.arn"`, 1)),
			`Input "resource_arns[1]" leaves resource_arns[0] unset`, "27:128"},
		{"list of references to a string", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, `kms_key_arn = "keys.phi.arn"`, `kms_key_arn = ["keys.phi.arn"]`, 1)),
			`Input "kms_key_arn" takes one reference`, "27:21"},
		{"incompatible element", env(keysComponent + networkComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, `["bucket.files.arn"]`, `["network.main.data_subnet_ids"]`, 1)),
			`Incompatible input "resource_arns[0]"`, "32:123"},
		{"element of a list a region replaces", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, "  }\n",
			"    region \"us-east-1\" { settings = { rules = [{ name = \"d\", schedule = \"cron(0 5 ? * * *)\", retention_days = 35, copy_to = [{ region = \"us-west-2\" }] }] } }\n  }\n", 1)),
			`Input "rules[0].copy_to[0].kms_key_arn" is in a list region "us-east-1" replaces`, "27:51"},
		{"element input also in settings", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, `{ region = "us-west-2" }`, `{ region = "us-west-2", kms_key_arn = "arn:aws:kms:us-west-2:111122223333:key/00000000-0000-4000-8000-000000000000" }`, 1)),
			`Input "rules[0].copy_to[0].kms_key_arn" is set twice`, "27:51"},
		{"backup kept a week", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(backupComponent, "retention_days = 35", "retention_days = 7", 1)), "BAK-04", "26:29"},
		{"backup copy key of another region", env(keysComponent + replicaKeyComponent + bucketComponent + strings.Replace(strings.Replace(backupComponent,
			`{ region = "us-west-2" }`, `{ region = "us-west-2", kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000" }`, 1), `, "rules[0].copy_to[0].kms_key_arn" = "keys.replica.arn"`, "", 1)),
			"Invalid rules[0].copy_to[0].kms_key_arn", "26:150"},
		{"audit lifecycle", env(keysComponent + "  component \"audit\" \"trail\" {\n    settings    = { expire_after_days = 365 }\n    inputs_from = { kms_key_arn = \"keys.phi.arn\" }\n  }\n"), "STO-06", "15:41"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, diags := Parse([]byte(tc.src), "bad.hcl")
			d := firstError(diags)
			if d == nil || b != nil {
				t.Fatalf("want an error and no blueprint, got %v", diags)
			}
			if !strings.Contains(d.Summary, tc.summary) || position(d) != tc.at {
				t.Errorf("first error %s %q at %s\nwant %s %q\nall: %v", position(d), d.Summary, marked(tc.src, d), tc.at, tc.summary, diags)
			}
		})
	}
}

// marked is the source line of d's subject with ▶ where it starts.
func marked(src string, d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return "(no position)"
	}
	l := strings.Split(src, "\n")[d.Subject.Start.Line-1]
	return l[:d.Subject.Start.Column-1] + "▶" + l[d.Subject.Start.Column-1:]
}

func TestParse_presets(t *testing.T) {
	want := map[string][]string{
		"telehealth": {"prod/us-east-1 keys.phi prod-phi-use1", "prod/us-east-1 network.main prod-main-use1",
			"prod/us-east-1 database.visits prod-visits-use1", "prod/us-east-1 keys.replica prod-replica-usw2", "prod/us-east-1 audit.trail prod-trail-use1", "prod/us-east-1 backup.daily prod-daily-use1",
			"prod/us-east-1 baseline.account "},
		"patient-platform": {"prod/us-east-1 keys.phi prod-phi-use1", "prod/us-east-1 network.main prod-main-use1",
			"prod/us-east-1 database.records prod-records-use1", "prod/us-east-1 keys.replica prod-replica-usw2",
			"prod/us-east-1 audit.trail prod-trail-use1", "prod/us-east-1 bucket.files prod-files-use1", "prod/us-east-1 backup.daily prod-daily-use1", "prod/us-east-1 baseline.account ",
			"prod/us-west-2 keys.phi prod-phi-usw2", "prod/us-west-2 network.main prod-main-usw2",
			"prod/us-west-2 database.records prod-records-usw2", "prod/us-west-2 baseline.account "},
		"imaging-archive": {"prod/us-east-1 keys.phi prod-phi-use1", "prod/us-east-1 keys.replica prod-replica-usw2",
			"prod/us-east-1 network.main prod-main-use1", "prod/us-east-1 database.studies prod-studies-use1",
			"prod/us-east-1 audit.trail prod-trail-use1", "prod/us-east-1 bucket.images prod-images-use1", "prod/us-east-1 backup.archive prod-archive-use1"},
	}
	if got := PresetNames(); !slices.Equal(got, []string{"imaging-archive", "patient-platform", "telehealth"}) {
		t.Fatalf("presets: %v", got)
	}
	for name, units := range want {
		src, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		b, diags := Parse(src, name+".hcl")
		if name == "patient-platform" {
			// us-west-2 leaves the account S3 public access block and the
			// password policy to us-east-1: one waiver each.
			if len(diags) != 2 {
				t.Fatalf("%s: want two DET-06 waivers, got %v", name, diags)
			}
			for i, attr := range []string{"s3_account_public_access_block", "password_policy.enabled"} {
				d := diags[i]
				if d.Severity != hcl.DiagWarning || !strings.HasPrefix(d.Summary, "DET-06") || !strings.Contains(d.Summary, "waived by exception") ||
					!strings.HasPrefix(d.Detail, attr+": ") || !strings.Contains(d.Detail, "managed by the baseline in us-east-1") {
					t.Errorf("%s: diagnostic %d is not the DET-06 waiver of %s: %v", name, i, attr, d)
				}
			}
		} else if len(diags) > 0 {
			t.Fatalf("%s: want no diagnostics, got %v", name, diags)
		}
		var got []string
		for _, u := range b.Units() {
			got = append(got, u.label()+" "+u.Name)
		}
		if !slices.Equal(got, units) {
			t.Errorf("%s units:\n got %q\nwant %q", name, got, units)
		}
	}
	if _, err := Preset("hospital"); err == nil || !strings.Contains(err.Error(), "imaging-archive, patient-platform, telehealth") {
		t.Errorf("unknown preset: %v", err)
	}
}

// TestParse_auditLogsTenYears: the patient platform keeps audit logs 3653
// days in one multi-region trail, in the primary region only.
func TestParse_auditLogsTenYears(t *testing.T) {
	src, _ := Preset("patient-platform")
	b, _ := Parse(src, "p.hcl")
	var trails []*Unit
	for _, u := range b.Units() {
		if u.Component.Kind == kindAudit {
			trails = append(trails, u)
		}
	}
	if len(trails) != 1 || trails[0].Region != "us-east-1" {
		t.Fatalf("want one trail in us-east-1, got %d", len(trails))
	}
	if v := trails[0].Values["expire_after_days"]; !v.RawEquals(cty.NumberIntVal(3833)) {
		t.Errorf("expire_after_days = %#v", v)
	}
}

func TestParse_reportModeWarns(t *testing.T) {
	src := "compliance_mode = \"report\"\n" + env(keysComponent+strings.Replace(networkComponent, `cidr_block = "10.10.0.0/16", `,
		`cidr_block = "10.10.0.0/16", nat_gateways = "single", `, 1))
	b, diags := Parse([]byte(src), "report.hcl")
	if b == nil || diags.HasErrors() || len(diags) != 1 {
		t.Fatalf("want one warning and a blueprint, got %v", diags)
	}
	if d := diags[0]; d.Severity != hcl.DiagWarning || !strings.HasPrefix(d.Summary, "NET-04") || position(d) != "16:65" {
		t.Errorf("got %s %q", position(d), d.Summary)
	}
}

func TestParse_exceptionWaives(t *testing.T) {
	src := env(keysComponent + strings.Replace(networkComponent, `cidr_block = "10.10.0.0/16", `,
		`cidr_block = "10.10.0.0/16", nat_gateways = "single", exceptions = [{ control = "NET-04", reason = "dev: one NAT" }], `, 1))
	b, diags := Parse([]byte(src), "waiver.hcl")
	if b == nil || diags.HasErrors() || len(diags) != 1 || !strings.Contains(diags[0].Summary, "waived by exception") {
		t.Fatalf("want one waiver warning, got %v", diags)
	}
}

// TestUnits_wiring: dependency order whatever the declaration order,
// region settings merged over the component's, generated names, wires
// to the same region's units, and mocks followed through wires.
func TestUnits_wiring(t *testing.T) {
	b, diags := Parse([]byte(env(databaseComponent("")+networkComponent+keysComponent)), "wiring.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	env := b.Environments[0]
	if got := componentIDs(env.Components); !slices.Equal(got, []string{"keys.phi", "network.main", "database.visits"}) {
		t.Errorf("order: %v", got)
	}
	west := env.Units("us-west-2")
	net, db := west[1], west[2]
	if got := net.Values["cidr_block"].AsString(); got != "10.20.0.0/16" {
		t.Errorf("us-west-2 cidr_block = %s, want the region's", got)
	}
	if got := env.Units("us-east-1")[1].Values["cidr_block"].AsString(); got != "10.10.0.0/16" {
		t.Errorf("us-east-1 cidr_block = %s", got)
	}
	if got := net.Values["name"].AsString(); got != "prod-main-usw2" {
		t.Errorf("name = %s", got)
	}
	deps := db.Dependencies()
	if len(deps) != 2 || deps[0] != west[0] || deps[1] != net {
		t.Fatalf("dependencies of the us-west-2 database: %v", deps)
	}
	if got := db.OutputsUsed(net); !slices.Equal(got, []string{"data_subnet_ids", "id"}) {
		t.Errorf("outputs used: %v", got)
	}
	if got := net.Mock("flow_logs").GetAttr("retention_days"); !got.RawEquals(cty.NumberIntVal(731)) {
		t.Errorf("mock of a configured argument: %#v", got)
	}
	if got := west[0].Mock("arn").AsString(); got != "arn:aws:kms:us-west-2:111122223333:key/"+mockKeyID {
		t.Errorf("mock arn: %s", got)
	}
}

// TestUnits_providerRegion: a key with provider_region is one unit of
// its root's region, named, checked and mocked in its provider region, and
// the bucket there takes its ARN.
func TestUnits_providerRegion(t *testing.T) {
	b, diags := Parse([]byte(env(keysComponent+replicaKeyComponent+bucketComponent)), "replica.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	east := b.Environments[0].Units("us-east-1")
	if len(east) != 3 || len(b.Environments[0].Units("us-west-2")) != 1 {
		t.Fatalf("units: %d in us-east-1, want 3; %d in us-west-2, want keys.phi only", len(east), len(b.Environments[0].Units("us-west-2")))
	}
	key, bucket := east[1], east[2]
	if key.Name != "prod-replica-usw2" || key.Region != "us-east-1" || key.ProviderRegion() != "us-west-2" {
		t.Errorf("replica key: name %s, region %s, provider region %s", key.Name, key.Region, key.ProviderRegion())
	}
	if got := key.Mock("arn").AsString(); got != "arn:aws:kms:us-west-2:111122223333:key/"+mockKeyID {
		t.Errorf("mock arn: %s", got)
	}
	if deps := bucket.Dependencies(); len(deps) != 2 || deps[1] != key || bucket.ProviderRegion() != "us-east-1" {
		t.Errorf("the bucket's dependencies: %v", deps)
	}
}

func TestRegionCode(t *testing.T) {
	for region, want := range map[string]string{"us-east-1": "use1", "us-west-2": "usw2", "eu-central-1": "euc1",
		"ap-southeast-2": "apse2", "ap-south-1": "aps1", "ap-northeast-3": "apne3", "us-gov-west-1": "usgw1", "ca-west-1": "caw1"} {
		if got := RegionCode(region); got != want {
			t.Errorf("RegionCode(%s) = %s, want %s", region, got, want)
		}
	}
}

func TestWriteDiagnostics(t *testing.T) {
	_, diags := Parse([]byte(env(keysComponent+strings.Replace(networkComponent, "retention_days = 731", "retention_days = 30", 1))), "bp.hcl")
	var b strings.Builder
	if err := WriteDiagnostics(&b, diags); err != nil {
		t.Fatal(err)
	}
	want := "bp.hcl:15:81: error: NET-09 flow logs must capture ALL traffic (45 CFR 164.308(a)(3)(ii)(A), 164.312(b))\n" +
		"    flow_logs.retention_days: flow_logs.retention_days is 30: keep flow logs at least 365 days\n\n    Requirement:"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got:\n%s\nwant prefix:\n%s", b.String(), want)
	}
}

// TestUnits_listInputs: an input into a list element settings give and a
// list of references become wires; the checks see the literal element with
// the source's stand-in in place, and the references appended.
func TestUnits_listInputs(t *testing.T) {
	b, diags := Parse([]byte(env(keysComponent+replicaKeyComponent+bucketComponent+backupComponent)), "backup.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	east := b.Environments[0].Units("us-east-1")
	backup := east[len(east)-1]
	var targets []string
	for _, w := range backup.Wires {
		targets = append(targets, w.Target+"="+w.From.Component.ID()+"."+w.Output)
	}
	if want := []string{"kms_key_arn=keys.phi.arn", "resource_arns[0]=bucket.files.arn", "rules[0].copy_to[0].kms_key_arn=keys.replica.arn"}; !slices.Equal(targets, want) {
		t.Errorf("wires:\n got %v\nwant %v", targets, want)
	}
	if deps := backup.Dependencies(); len(deps) != 3 {
		t.Errorf("dependencies: %v, want the two keys and the bucket", deps)
	}
	s, err := backup.checkSettings()
	if err != nil {
		t.Fatal(err)
	}
	rule := s.list("rules")[0]
	copyTo := rule.list("copy_to")[0]
	if got := copyTo.str("kms_key_arn"); got != "arn:aws:kms:us-west-2:111122223333:key/"+mockKeyID {
		t.Errorf("copy key: %q, want the replica key's stand-in", got)
	}
	if copyTo.str("region") != "us-west-2" || rule.int("retention_days") != 35 || rule.str("name") != "daily" {
		t.Errorf("the literal element is lost: %#v", rule.v)
	}
	if got := s.strs("resource_arns"); !slices.Equal(got, []string{"arn:aws:s3:::prod-files-use1-111122223333-us-east-1"}) {
		t.Errorf("resource_arns: %v", got)
	}
	if backup.isWired("rules") || !backup.isWired("rules[0].copy_to[0].kms_key_arn") || !backup.isWired("resource_arns[0]") {
		t.Error("isWired: a finding about the list holding a wire stands; one about the wired value is skipped")
	}
}
