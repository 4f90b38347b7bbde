package stack

import (
	"bytes"
	"flag"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

var update = flag.Bool("update", false, "rewrite examples/<preset>/<format> from the current output")

// blueprints are the presets and the test blueprints, by name.
func blueprints(t *testing.T) map[string]*blueprint.Blueprint {
	t.Helper()
	out := map[string]*blueprint.Blueprint{}
	for _, name := range blueprint.PresetNames() {
		src, err := blueprint.Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = mustParse(t, src, name+".hcl")
	}
	src, err := os.ReadFile(filepath.Join("testdata", "multi-env.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	out["multi-env"] = mustParse(t, src, "multi-env.hcl")
	return out
}

func mustParse(t *testing.T, src []byte, name string) *blueprint.Blueprint {
	t.Helper()
	b, diags := blueprint.Parse(src, name)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return b
}

func mustRender(t *testing.T, b *blueprint.Blueprint, f Format) map[string][]byte {
	t.Helper()
	files, err := Render(b, Options{Format: f})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRender_golden: each preset in each format renders exactly the tree
// checked in as its reference architecture, examples/<preset>/<format>
// (make generate writes them; -update here does the same), and
// examples/<preset>/blueprint.hcl is the preset itself.
func TestRender_golden(t *testing.T) {
	bps := blueprints(t)
	for _, preset := range blueprint.PresetNames() {
		example := filepath.Join("..", "..", "examples", preset)
		src, _ := blueprint.Preset(preset)
		if got, err := os.ReadFile(filepath.Join(example, "blueprint.hcl")); err != nil || !bytes.Equal(got, src) {
			t.Errorf("%s/blueprint.hcl is not the preset (run make generate): %v", example, err)
		}
		for _, f := range Formats {
			dir := filepath.Join(example, string(f))
			files, err := Render(bps[preset], Options{Format: f, ModulesDir: exampleModules})
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if _, err := WriteTree(dir, files, false); err != nil {
					t.Fatal(err)
				}
			}
			want := readTree(t, dir)
			if got, w := slices.Sorted(maps.Keys(files)), slices.Sorted(maps.Keys(want)); !slices.Equal(got, w) {
				t.Errorf("%s: files\n got %v\nwant %v", dir, got, w)
			}
			for name, content := range files {
				if w, ok := want[name]; ok && !bytes.Equal(content, w) {
					t.Errorf("%s/%s differs from the rendering (make generate):\n%s", dir, name, content)
				}
			}
		}
	}
}

// exampleModules is the repository's modules/ seen from examples/<preset>/,
// as make generate passes it.
const exampleModules = "../../../modules"

// readTree reads every file under dir, keyed by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRender_deterministic: byte-identical output from fresh parses.
func TestRender_deterministic(t *testing.T) {
	for _, f := range Formats {
		first := map[string]map[string][]byte{}
		for range 5 {
			for name, b := range blueprints(t) {
				files := mustRender(t, b, f)
				if prev, ok := first[name]; ok && !maps.EqualFunc(prev, files, bytes.Equal) {
					t.Fatalf("%s (%s) rendered differently", name, f)
				}
				first[name] = files
			}
		}
	}
}

// TestRender_parsesAndIsFormatted: every file is stamped, parses with
// hcl/v2, is hclwrite-formatted, and the .tf trees are terraform fmt clean.
func TestRender_parsesAndIsFormatted(t *testing.T) {
	for name, b := range blueprints(t) {
		for _, f := range Formats {
			files := mustRender(t, b, f)
			for path, content := range files {
				if !Unedited(content) {
					t.Errorf("%s %s: not stamped", name, path)
				}
				if _, diags := hclparse.NewParser().ParseHCL(content, path); diags.HasErrors() {
					t.Errorf("%s %s: %v", name, path, diags)
				}
				if !bytes.Equal(hclwrite.Format(content), content) {
					t.Errorf("%s %s: not formatted", name, path)
				}
			}
			if f == FormatTerraform {
				terraformFmtCheck(t, files)
			}
		}
	}
}

// terraformFmtCheck runs terraform fmt -check on files written to a temporary directory.
func terraformFmtCheck(t *testing.T, files map[string][]byte) {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: it checks that the generated .tf files are terraform fmt clean")
	}
	dir := t.TempDir()
	if _, err := WriteTree(dir, files, false); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "empty.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tf, "fmt", "-check", "-recursive", "-list=true", dir)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s", err, out)
	}
}

func TestRender_options(t *testing.T) {
	b := blueprints(t)["telehealth"]
	if _, err := Render(b, Options{Format: "pulumi"}); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := Render(b, Options{Format: FormatTerraform, ModulesDir: "/opt/modules"}); err == nil {
		t.Error("absolute modules directory accepted")
	}
	files := mustRender(t, b, FormatTerraform)
	shared, err := Render(b, Options{Format: FormatTerraform, ModulesDir: "../shared/modules"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `source = "../../../shared/modules/vpc"`; !strings.Contains(string(shared["prod/us-east-1/main.tf"]), want) {
		t.Errorf("modules directory not used: want %s in\n%s", want, shared["prod/us-east-1/main.tf"])
	}
	if want := `source = "../../modules/vpc"`; !strings.Contains(string(files["prod/us-east-1/main.tf"]), want) {
		t.Errorf("default modules directory: want %s", want)
	}
	if got, err := ParseFormat("terraform"); err != nil || got != FormatTerraform {
		t.Errorf("ParseFormat: %v %v", got, err)
	}
}

// TestRender_providerRegion: the imaging archive's replica key, made in
// us-west-2 by the us-east-1 root, is a module through a provider alias in
// the terraform format, a us-west-2 unit in the Terragrunt tree, and a
// resource of that alias in the file eject reads.
func TestRender_providerRegion(t *testing.T) {
	b := blueprints(t)["imaging-archive"]
	root := string(mustRender(t, b, FormatTerraform)["prod/us-east-1/main.tf"])
	for _, want := range []string{"provider \"hipaa\" {\n  alias           = \"us_west_2\"\n  region          = \"us-west-2\"",
		"module \"keys_replica\" {\n  source = \"../../modules/kms_key\"\n  providers = {\n    hipaa = hipaa.us_west_2\n  }\n"} {
		if !strings.Contains(root, want) {
			t.Errorf("the terraform root lacks %q", want)
		}
	}
	tree := mustRender(t, b, FormatTerragrunt)
	if _, ok := tree["prod/us-west-2/keys-replica/terragrunt.hcl"]; !ok {
		t.Error("no us-west-2 unit for the replica key")
	}
	if want := `config_path = "../../us-west-2/keys-replica"`; !strings.Contains(string(tree["prod/us-east-1/bucket-images/terragrunt.hcl"]), want) {
		t.Errorf("the bucket unit lacks %s", want)
	}
	if want := "resource \"hipaa_kms_key\" \"keys_replica\" {\n  provider         = hipaa.us_west_2\n"; !strings.Contains(string(Resources(b, b.Environments[0], "us-east-1")), want) {
		t.Errorf("Resources lacks %q", want)
	}
}

// TestRender_listInputs: inputs into list elements render inside the
// literal list, with module outputs in the terraform format and
// dependency outputs in the Terragrunt tree; a list of references renders
// as a list.
func TestRender_listInputs(t *testing.T) {
	b := blueprints(t)["imaging-archive"]
	root := string(mustRender(t, b, FormatTerraform)["prod/us-east-1/main.tf"])
	for _, want := range []string{
		"    copy_to = [{\n      kms_key_arn = module.keys_replica.arn\n      region      = \"us-west-2\"\n    }]\n    name           = \"daily\"\n",
		"  resource_arns = [module.database_studies.arn, module.bucket_images.arn]\n",
	} {
		if !strings.Contains(root, want) {
			t.Errorf("the terraform root lacks %q", want)
		}
	}
	unit := string(mustRender(t, b, FormatTerragrunt)["prod/us-east-1/backup-archive/terragrunt.hcl"])
	for _, want := range []string{
		"      kms_key_arn = dependency.keys_replica.outputs.arn\n",
		"  resource_arns = [dependency.database_studies.outputs.arn, dependency.bucket_images.outputs.arn]\n",
		`config_path = "../../us-west-2/keys-replica"`,
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("the backup unit lacks %q:\n%s", want, unit)
		}
	}
}
