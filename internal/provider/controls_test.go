package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// TestControlArguments: every argument the controls guide names exists in
// the schema of a resource that enforces the control.
func TestControlArguments(t *testing.T) {
	ctx := context.Background()
	schemas := map[string]map[string]bool{}
	for _, f := range New("test")().Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hipaa"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		schemas[meta.TypeName] = map[string]bool{}
		for name := range s.Schema.Attributes {
			schemas[meta.TypeName][name] = true
		}
	}
	for _, c := range compliance.Catalog() {
		for _, arg := range compliance.Arguments(c.ID) {
			root, _, _ := strings.Cut(arg, ".")
			found := false
			for _, r := range c.Resources {
				found = found || schemas[r][root]
			}
			if !found {
				t.Errorf("%s names argument %q, which no resource of %v has", c.ID, arg, c.Resources)
			}
		}
	}
}
