package eject_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// ejectPreset ejects the checked-in blueprint of a reference architecture.
func ejectPreset(t *testing.T, preset string) map[string][]byte {
	t.Helper()
	bp, diags := blueprint.ParseFile(filepath.Join("..", "..", "examples", preset, "blueprint.hcl"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	files, err := eject.Blueprint(bp, eject.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestBlueprint_examples: each reference architecture ejects to one plain
// root module per environment and region — every unit of the region, wired
// by resource references, state in the blueprint's bucket, the provider held
// to the environment's account — and examples/<preset>/plain is exactly that
// (make generate writes it; -update here too).
func TestBlueprint_examples(t *testing.T) {
	for _, preset := range blueprint.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			files := ejectPreset(t, preset)
			bp, _ := blueprint.ParseFile(filepath.Join("..", "..", "examples", preset, "blueprint.hcl"))
			var want []string
			for _, env := range bp.Environments {
				for _, region := range env.Regions {
					name := env.Name + "/" + region + "/main.tf"
					want = append(want, name)
					out := string(files[name])
					for _, s := range []string{`key          = "` + env.Name + "/" + region + `/plain.tfstate"`,
						`allowed_account_ids = ["` + env.AccountID + `"]`, `region              = "` + region + `"`} {
						if !strings.Contains(out, s) {
							t.Errorf("%s lacks %s", name, s)
						}
					}
					n := resourceCounts(t, files[name])
					for _, u := range env.Units(region) {
						typ := map[string]string{"hipaa_kms_key": "aws_kms_key", "hipaa_vpc": "aws_vpc", "hipaa_database": "aws_db_subnet_group",
							"hipaa_audit_trail": "aws_cloudtrail", "hipaa_bucket": "aws_s3_bucket_replication_configuration",
							"hipaa_backup_plan": "aws_backup_selection", "hipaa_security_baseline": "aws_guardduty_detector"}[u.Component.Kind.ResourceType]
						if n[typ] == 0 {
							t.Errorf("%s: unit %s ejected no %s", name, u.Component.ID(), typ)
						}
					}
					if strings.Contains(out, "var.") {
						t.Errorf("%s refers to a variable; a blueprint's units are wired by references", name)
					}
				}
			}
			slices.Sort(want)
			got := slices.Sorted(func(yield func(string) bool) {
				for k := range files {
					if !yield(k) {
						return
					}
				}
			})
			if !slices.Equal(got, want) {
				t.Fatalf("files %v, want %v", got, want)
			}
			dir := filepath.Join("..", "..", "examples", preset, "plain")
			for _, name := range got {
				golden(t, filepath.Join(dir, filepath.FromSlash(name)), hclgen.Stamp(hclgen.HashComment, files[name]))
			}
			_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					if !slices.Contains(got, filepath.ToSlash(rel)) {
						t.Errorf("%s is not an eject of the blueprint: run make generate", p)
					}
				}
				return nil
			})
		})
	}
}

// TestBlueprint_wiring: in the telehealth eject, the database sits in the
// ejected network's data subnets and every store uses the ejected key.
func TestBlueprint_wiring(t *testing.T) {
	out := string(ejectPreset(t, "telehealth")["prod/us-east-1/main.tf"])
	for _, want := range []string{
		"subnet_ids  = [aws_subnet.network_main_data_us_east_1a.id, aws_subnet.network_main_data_us_east_1b.id, aws_subnet.network_main_data_us_east_1c.id]",
		"vpc_id      = aws_vpc.network_main_vpc.id",
		"kms_key_id                            = aws_kms_key.keys_phi.arn",
		"kms_key_arn = aws_kms_key.keys_phi.arn",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the telehealth eject lacks %q", want)
		}
	}
}

// TestBlueprint_replicaKey: in the patient platform's primary root, the
// replica key is made through the aws provider of us-west-2 and encrypts
// the bucket's replica there.
func TestBlueprint_replicaKey(t *testing.T) {
	out := string(ejectPreset(t, "patient-platform")["prod/us-east-1/main.tf"])
	for _, want := range []string{
		"provider \"aws\" {\n  alias               = \"us_west_2\"\n  region              = \"us-west-2\"\n  allowed_account_ids = [\"222222222222\"]\n}",
		"resource \"aws_kms_key\" \"keys_replica\" {\n  provider                = aws.us_west_2\n",
		"replica_kms_key_id = aws_kms_key.keys_replica.arn",
		"kms_master_key_id = aws_kms_key.keys_replica.arn",
		"kms_master_key_id = aws_kms_key.keys_phi.arn",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the patient platform's eject lacks %q", want)
		}
	}
}

// TestBlueprint_enforces: eject refuses what the provider refuses under
// compliance_mode "enforce", even from a blueprint in "report" mode (which
// only warns): the plain output has no provider to report through.
func TestBlueprint_enforces(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "telehealth", "blueprint.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), `compliance_mode     = "enforce"`, `compliance_mode     = "report"`, 1)
	s = strings.Replace(s, `database_ports      = [5432]`, "database_ports      = [5432]\n      nat_gateways        = \"single\"", 1)
	bp, diags := blueprint.Parse([]byte(s), "report.hcl")
	if diags.HasErrors() {
		t.Fatalf("report mode should only warn: %s", diags)
	}
	_, err = eject.Blueprint(bp, eject.Options{})
	if err == nil || !strings.Contains(err.Error(), "NET-04") || !strings.Contains(err.Error(), `environment "prod", region us-east-1`) {
		t.Errorf("error %v, want NET-04 refused in prod/us-east-1", err)
	}
}
