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
