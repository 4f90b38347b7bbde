package stack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/statetree"
)

func TestMain(m *testing.M) { os.Exit(acctest.Main(m)) }

// providerVersion is the version the provider is mirrored under for
// terraform init; dev_overrides then runs the fresh build.
const providerVersion = "0.0.1"

// terraformCLI builds the provider from this tree and returns the
// terraform binary and the environment of a CLI config whose
// dev_overrides run that build (with a filesystem mirror, so terraform
// init works for configurations with local modules).
func terraformCLI(t *testing.T, endpoint string) (string, []string) {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin", "terraform-provider-hipaa")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..") // the module root, where main.go is
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	mirror := filepath.Join(dir, "mirror")
	platform := filepath.Join(mirror, "registry.terraform.io", "hipaa-iac", "hipaa", providerVersion, "linux_amd64")
	if err := os.MkdirAll(platform, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(bin, filepath.Join(platform, "terraform-provider-hipaa_v"+providerVersion)); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "cli.tfrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/hipaa-iac/hipaa" = %q
  }
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/hipaa-iac/*"]
  }
}
`, filepath.Dir(bin), mirror)
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return tf, append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "AWS_ENDPOINT_URL="+endpoint)
}

// TestAccExamples_apply applies the checked-in reference architectures
// (examples/<preset>/terraform, generated from the presets by make
// generate) end to end: in every environment and region root, terraform
// init (state in a local backend instead of S3), validate, apply against
// the emulator with the provider built from this tree, then a plan that
// must be empty, and the environment's evidence from the states of its
// roots, found and read as hipaagen evidence --tree does (checkEvidence). The databases keep deletion protection, as in production,
// so the emulator is reset instead of destroying.
func TestAccExamples_apply(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repo, "modules", "vpc", "variables.tf")); err != nil {
		t.Fatalf("the repository's modules are missing (run make generate): %v", err)
	}
	bps := blueprints(t)
	for _, preset := range blueprint.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			acctest.Reset(t)
			tf, env := terraformCLI(t, acctest.NewProxy(t).URL())
			// The roots reach the modules at ../../../../../modules: copy the
			// example to the same depth next to a link to the modules.
			work := t.TempDir()
			if err := os.Symlink(filepath.Join(repo, "modules"), filepath.Join(work, "modules")); err != nil {
				t.Fatal(err)
			}
			example := filepath.Join(work, "examples", preset)
			if err := os.CopyFS(example, os.DirFS(filepath.Join(repo, "examples", preset))); err != nil {
				t.Fatalf("copying examples/%s (run make generate): %v", preset, err)
			}
			b := bps[preset]
			for _, e := range b.Environments {
				var states [][]byte
				for _, region := range e.Regions {
					root := filepath.Join(example, "terraform", e.Name, region)
					localState := "terraform {\n  backend \"local\" {}\n}\n"
					if err := os.WriteFile(filepath.Join(root, "backend_override.tf"), []byte(localState), 0o600); err != nil {
						t.Fatal(err)
					}
					run(t, tf, env, root, "init", "-input=false", "-no-color")
					run(t, tf, env, root, "validate", "-no-color")
					out := run(t, tf, env, root, "apply", "-auto-approve", "-input=false", "-no-color", "-lock=false")
					if want := fmt.Sprintf("Apply complete! Resources: %d added", len(e.Units(region))); !strings.Contains(out, want) {
						t.Errorf("%s/%s: want %q:\n%s", e.Name, region, want, out)
					}
					if out := run(t, tf, env, root, "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
						t.Errorf("%s/%s: the plan after apply is not empty:\n%s", e.Name, region, out)
					}
				}
				// The states as hipaagen evidence --tree reads them: the
				// roots found under the tree, each through terraform show -json.
				units, err := statetree.Find(filepath.Join(example, "terraform"))
				if err != nil {
					t.Fatal(err)
				}
				for _, u := range units {
					if u.Environment != e.Name {
						continue
					}
					state, err := statetree.Show(context.Background(), u, tf, env)
					if err != nil {
						t.Fatal(err)
					}
					states = append(states, state)
				}
				if len(states) != len(e.Regions) {
					t.Errorf("%s: %d roots found in the tree, %d applied", e.Name, len(states), len(e.Regions))
				}
				checkEvidence(t, preset, e.Name, states)
			}
		})
	}
}

// run runs terraform in dir and fails the test on error.
func run(t *testing.T, tf string, env []string, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tf, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}
