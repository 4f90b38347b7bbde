package provider_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// testAccRefreshCalls applies cfg, then counts the AWS calls of one refresh
// through the counting proxy, fails above budget, and prints a "BENCH" line
// that make bench collects.
func testAccRefreshCalls(t *testing.T, name string, p *acctest.Proxy, cfg, readMarker string, services []string, budget int) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(*terraformState) error { p.ResetCounts(); return nil }},
			{RefreshState: true, Check: func(*terraformState) error {
				n := perRefresh(p.Calls(), readMarker, services)
				fmt.Printf("BENCH %-24s refresh_calls=%d (all calls of the step: %v)\n", name, n, p.Calls())
				if n > budget {
					return fmt.Errorf("one refresh of %s made %d AWS calls, budget %d: %v", name, n, budget, p.Calls())
				}
				return nil
			}},
		},
	})
}

// One refresh: five KMS reads, plus sts:GetCallerIdentity once per provider process.
func TestAccKMSKey_refreshCalls(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	testAccRefreshCalls(t, "hipaa_kms_key", p, testAccKMSKeyConfig_basic(p, "bench", ""), "kms:DescribeKey", []string{"kms"}, 6)
}

// perRefresh turns the calls of a refresh step (terraform refresh, then the
// plan that checks for an empty diff: several reads and provider processes)
// into the calls of one refresh of one resource: its services' calls divided
// by the number of reads (one readMarker call per read), plus one identity check.
func perRefresh(calls map[string]int, readMarker string, services []string) int {
	reads := calls[readMarker]
	if reads == 0 {
		return 0
	}
	total := 0
	for k, n := range calls {
		if slices.Contains(services, k[:strings.Index(k, ":")]) {
			total += n
		}
	}
	return total/reads + 1
}
