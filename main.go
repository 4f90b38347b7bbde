// Command terraform-provider-hipaa serves the hipaa provider over protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

// version is set by the linker: -X main.version=...
var version = "0.1.0"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/hipaa-iac/hipaa",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
