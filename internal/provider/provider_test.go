package provider_test

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

func TestMain(m *testing.M) { os.Exit(acctest.Main(m)) }

// testAccProviders runs the provider in process; terraform talks to it over gRPC.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"hipaa": providerserver.NewProtocol6WithError(provider.New("test")()),
}
