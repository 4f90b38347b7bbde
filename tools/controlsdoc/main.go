// Command controlsdoc writes the controls guide template
// (templates/guides/controls.md.tmpl) from the compliance catalog and the
// provider's resources; make generate runs it before tfplugindocs.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

func main() {
	ctx := context.Background()
	var available []string
	for _, f := range provider.New("dev")().Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hipaa"}, &resp)
		available = append(available, resp.TypeName)
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: controlsdoc OUTPUT")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], []byte(compliance.ControlsGuide(available)), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
