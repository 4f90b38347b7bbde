package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
)

// ResourceSchemas are the provider's resource schemas by type name.
func ResourceSchemas(ctx context.Context) (map[string]schema.Schema, error) {
	p := &hipaaProvider{}
	out := map[string]schema.Schema{}
	for _, factory := range p.Resources(ctx) {
		r := factory()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hipaa"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			return nil, fmt.Errorf("reading the schema of %s: %v", md.TypeName, sr.Diagnostics.Errors())
		}
		out[md.TypeName] = sr.Schema
	}
	return out, nil
}

// EvidenceSchemas are what hipaagen evidence reads of each resource's
// schema: its version and computed-only attributes.
func EvidenceSchemas(ctx context.Context) (map[string]evidence.Schema, error) {
	schemas, err := ResourceSchemas(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]evidence.Schema{}
	for typ, sc := range schemas {
		s := evidence.Schema{Version: int(sc.Version)}
		for name, a := range sc.Attributes {
			if a.IsComputed() && !a.IsOptional() && !a.IsRequired() {
				s.Computed = append(s.Computed, name)
			}
		}
		out[typ] = s
	}
	return out, nil
}
