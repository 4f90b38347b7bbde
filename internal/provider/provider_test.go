package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

func TestMain(m *testing.M) {
	code := acctest.Main(m)
	if l, u := refusalCounts.literal.Load(), refusalCounts.unknown.Load(); l+u > 0 {
		fmt.Printf("refusal matrix: %d refused with literal upstream values, %d with unknown upstream values\n", l, u)
	}
	os.Exit(code)
}

// testAccProviders runs the provider in process; terraform talks to it over gRPC.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"hipaa": providerserver.NewProtocol6WithError(provider.New("test")()),
}
