package eject_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// The TestAccEject_* comparisons share two halves: applyHipaa applies the
// hipaa_* configuration with the provider and snapshots what it made;
// applyEjected applies its eject with hashicorp/aws and requires the same
// snapshot and a plan without changes. Between them the caller resets the
// emulator (both sides use the same names); after, it destroys.
//
// Most of their time is hashicorp/aws's fixed waits (RDS, S3, NAT and
// endpoint state polls), so they run in parallel, each in an account of
// its own: see parallelEmulator.

// parallelEmulator marks t parallel and starts its own emulator. The
// comparisons cannot share one: each resets the emulator between its
// halves, applies the same names on both sides, and the baselines are
// account-wide (one GuardDuty detector, Security Hub, Config recorder,
// password policy per account and region).
func parallelEmulator(t *testing.T) *acctest.Emulator {
	t.Helper()
	acctest.PreCheck(t) // skips before pausing without TF_ACC
	t.Parallel()
	return acctest.NewEmulator(t)
}

// applyHipaa applies src (with vars) through the provider, returns the
// snapshot list takes while it stands (the test case destroys it after),
// and fails unless the snapshot holds every key of required, so that two
// equal snapshots cannot both be empty or partial.
func applyHipaa(t *testing.T, src string, vars config.Variables, list func() snapshot, required ...string) snapshot {
	t.Helper()
	var want snapshot
	start := time.Now()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:          src,
			ConfigVariables: vars,
			Check:           func(*terraform.State) error { want = list(); return nil },
		}},
	})
	t.Logf("hipaa_*: apply, snapshot and destroy in %s", time.Since(start).Round(time.Millisecond))
	for _, k := range required {
		if _, ok := want[k]; !ok {
			t.Errorf("the snapshot of the hipaa_* resources lacks %s", k)
		}
	}
	return want
}

// applyEjected runs init and apply, requires list to find want, and a plan
// with no changes beyond emulatorPlanGaps.
func (c *cli) applyEjected(want snapshot, list func() snapshot) {
	c.t.Helper()
	c.run("init", "-input=false")
	c.run("apply", "-auto-approve", "-input=false")
	if d := diff(want, list()); len(d) > 0 {
		c.t.Errorf("the ejected configuration made different objects than the hipaa_* resources (%d compared):\n%s", len(want), strings.Join(d, "\n"))
	}
	c.t.Logf("compared %d objects", len(want))
	c.run("plan", "-input=false", "-out=plan.bin")
	for _, ch := range c.planChanges("plan.bin") {
		c.t.Errorf("terraform plan after apply: %s", ch)
	}
}

// destroy runs terraform destroy without refreshing first: applyEjected's
// plan has just read every object back and found no change, so a second
// refresh would read the same state again (a full round of reads through
// hashicorp/aws and the emulator, CPU the parallel tests share). The
// deletes, their order and hashicorp/aws's delete waits are the same.
func (c *cli) destroy() {
	c.t.Helper()
	c.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
}
