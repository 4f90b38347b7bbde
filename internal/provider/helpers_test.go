package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func tfjsonPath(attr string) tfjsonpath.Path { return tfjsonpath.New(attr) }

func knownString(s string) knownvalue.Check { return knownvalue.StringExact(s) }

type terraformState = terraform.State

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// requiredProviders names the provider's source for configs whose first step
// is an import (terraform init needs it then).
const requiredProviders = `terraform {
  required_providers {
    hipaa = { source = "hipaa-iac/hipaa" }
  }
}
`

// testAccRefused plans cfg (built for a fresh proxy), expects an error
// matching want, and proves the refusal made zero AWS calls.
func testAccRefused(t *testing.T, cfg func(p *acctest.Proxy) string, want string) {
	t.Helper()
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: cfg(p), PlanOnly: true, ExpectError: regexp.MustCompile(want)}},
	})
	if n := p.Total(); n != 0 {
		t.Fatalf("refused config made %d AWS calls: %v", n, p.Calls())
	}
}
