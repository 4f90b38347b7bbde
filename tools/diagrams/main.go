// Command diagrams draws, for every resource type, the expansion of its
// documented example (examples/resources/<type>/resource.tf) as
// docs/diagrams/<type>.svg: the children of the Layout the executor
// applies, grouped by region, tier and zone, with their dependencies.
// make generate runs it after tfplugindocs, so a change to an expansion
// changes the picture, and make docs-check fails until it is committed.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/diagram"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: diagrams EXAMPLES_DIR OUT_DIR")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "diagrams:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, examples, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range provider.New("dev")().Resources(ctx) {
		var md resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hipaa"}, &md)
		typ := md.TypeName
		if !slices.Contains(eject.Supported, typ) {
			return fmt.Errorf("%s: eject does not expand it, so it has no diagram: add it to internal/eject", typ)
		}
		path := filepath.Join(examples, typ, "resource.tf")
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		graphs, err := eject.Graphs(path, src, eject.Options{Region: "us-east-1"})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		var g *eject.Graph
		for i := range graphs {
			if strings.HasPrefix(graphs[i].Address, typ+".") {
				g = &graphs[i]
				break
			}
		}
		if g == nil {
			return fmt.Errorf("%s: no %s resource", path, typ)
		}
		svg, err := diagram.SVG(ctx, diagram.DOT(g.Address+" ("+g.Region+")", g.Children))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, typ+".svg"), svg, 0o644); err != nil {
			return err
		}
	}
	return nil
}
