package diagram

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
)

// FromState draws the expansion of every resource of rs, as the executor
// applies it: the resource's arguments in state are expanded again by the
// same code eject uses (internal/eject), so the picture is that of the
// layout, with the children's tiers, zones and dependencies. A resource
// that cannot be expanded from its state gets the reason instead.
func FromState(ctx context.Context, rs []evidence.Resource, schemas map[string]evidence.Schema, fallbackRegion string) ([]evidence.Diagram, error) {
	var out []evidence.Diagram
	for _, r := range rs {
		d := evidence.Diagram{Address: r.Address}
		src, region, err := stateConfig(r, schemas[r.Type], fallbackRegion)
		var graphs []eject.Graph
		if err == nil {
			graphs, err = eject.Graphs(r.Address+".tf.json", src, eject.Options{Region: region})
		}
		switch {
		case err != nil:
			d.Error = err.Error()
		case len(graphs) != 1:
			d.Error = fmt.Sprintf("expanded into %d resources", len(graphs))
		default:
			svg, err := SVG(ctx, DOT(r.Address+" ("+region+")", graphs[0].Children))
			if err != nil {
				return nil, err // Graphviz missing or failing: say so, never leave the picture out silently
			}
			d.SVG = string(Inline(svg))
		}
		out = append(out, d)
	}
	return out, nil
}

// stateConfig is r as a one-resource Terraform JSON configuration: its
// arguments (the schema's non-computed attributes) as state holds them,
// in its region (evidence.Resource.Region, else fallbackRegion).
func stateConfig(r evidence.Resource, s evidence.Schema, fallbackRegion string) ([]byte, string, error) {
	args := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(r.Values)) {
		v := r.Values[k]
		if v == nil || slices.Contains(s.Computed, k) || k == "timeouts" {
			continue
		}
		args[k] = v
	}
	region := r.Region()
	if region == "" {
		region = fallbackRegion
	}
	if region == "" {
		return nil, "", fmt.Errorf("no region: its state names none")
	}
	label := strings.NewReplacer(".", "_", "[", "_", "]", "_", "\"", "_").Replace(r.Address)
	src, err := json.Marshal(map[string]any{"resource": map[string]any{r.Type: map[string]any{label: args}}})
	return src, region, err
}
