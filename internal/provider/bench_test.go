package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// testAccRefreshCalls applies cfg, then counts the AWS calls of one refresh
// through the counting proxy, fails above budget, and prints a "BENCH" line
// that make bench collects.
func testAccRefreshCalls(t *testing.T, name string, p *acctest.Proxy, cfg string, budget int) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(*terraformState) error { p.ResetCounts(); return nil }},
			{RefreshState: true, Check: func(*terraformState) error {
				fmt.Printf("BENCH %-24s refresh_calls=%d %v\n", name, p.Total(), p.Calls())
				if p.Total() > budget {
					return fmt.Errorf("refresh of %s made %d AWS calls, budget %d: %v", name, p.Total(), budget, p.Calls())
				}
				return nil
			}},
		},
	})
}

// One refresh: sts:GetCallerIdentity plus five KMS reads.
func TestAccKMSKey_refreshCalls(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	testAccRefreshCalls(t, "hipaa_kms_key", p, testAccKMSKeyConfig_basic(p, "bench", ""), 6)
}
