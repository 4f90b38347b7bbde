package provider_test

import (
	"fmt"

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
