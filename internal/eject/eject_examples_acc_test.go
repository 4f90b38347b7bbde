package eject_test

import (
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// TestAccEject_examples applies the eject of each reference architecture
// (hipaagen eject --blueprint; examples/<preset>/plain is the same render
// without --emulator, see TestBlueprint_examples) with hashicorp/aws 5.100.0
// against the emulator: each root (environment and region) init, apply,
// then a plan with no changes beyond the emulator's read-back gaps. The
// roots of a preset are independent states and apply at the same time.
// Each kind's objects are compared with its hipaa_* resource by the other
// TestAccEject tests; this one proves the units are wired together. As in
// TestAccExamples_apply the databases keep deletion protection, so the
// emulator is not destroyed: each preset has its own (the roots of a preset
// share an account, as in the blueprint), stopped at the end.
func TestAccEject_examples(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	for _, preset := range blueprint.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			emu := parallelEmulator(t)
			p := emu.NewProxy(t)
			bp, diags := blueprint.ParseFile(filepath.Join("..", "..", "examples", preset, "blueprint.hcl"))
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			files, err := eject.Blueprint(bp, eject.Options{Emulator: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Run("roots", func(t *testing.T) { // returns when every root is done
				for _, name := range slices.Sorted(maps.Keys(files)) {
					t.Run(path.Dir(name), func(t *testing.T) {
						t.Parallel()
						start := time.Now()
						tf := baselineCLI(t, files[name], emu, p) // every region has a baseline; the trail shim too
						tf.run("init", "-input=false")
						tf.run("apply", "-auto-approve", "-input=false")
						tf.run("plan", "-input=false", "-out=plan.bin")
						for _, c := range tf.planChanges("plan.bin") {
							t.Errorf("%s: terraform plan after apply: %s", name, c)
						}
						t.Logf("%s: %d resources applied, plan checked, in %s", name, strings.Count(string(files[name]), "\nresource "),
							time.Since(start).Round(time.Millisecond))
					})
				}
			})
		})
	}
}
