package diagram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/diagram"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
)

// TestFromState expands resources again from their attributes in state:
// a key (region from its arn) and a network (region from its flow-log key)
// are drawn; a network whose state names no region, and one with an
// argument the expansion does not know, get the reason instead.
func TestFromState(t *testing.T) {
	key := evidence.Resource{Address: "hipaa_kms_key.phi", Type: "hipaa_kms_key", Values: map[string]any{
		"name": "phi", "arn": "arn:aws:kms:us-west-2:123456789012:key/0f0e0d0c-0000-4000-8000-000000000001", "key_id": "0f0e0d0c",
		"allowed_services": []any{"rds"}, "timeouts": nil}}
	network := func(extra map[string]any) evidence.Resource {
		v := map[string]any{"name": "prod", "cidr_block": "10.0.0.0/16", "availability_zones": []any{"eu-west-1a", "eu-west-1b"},
			"id": "vpc-0123", "child_ids": map[string]any{"vpc": "vpc-0123"},
			"flow_logs": map[string]any{"kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/0f0e0d0c-0000-4000-8000-000000000002"}}
		for k, x := range extra {
			v[k] = x
		}
		return evidence.Resource{Address: "module.net.hipaa_vpc.this", Type: "hipaa_vpc", Values: v}
	}
	unplaced := network(nil)
	unplaced.Address = "hipaa_vpc.unplaced"
	unplaced.Values["flow_logs"] = map[string]any{"kms_key_arn": "(known after apply)"}
	odd := network(map[string]any{"no_such_argument": true})
	odd.Address = "hipaa_vpc.odd"
	schemas := map[string]evidence.Schema{"hipaa_kms_key": {Computed: []string{"id", "arn", "key_id"}},
		"hipaa_vpc": {Computed: []string{"id", "child_ids"}}}
	got, err := diagram.FromState(context.Background(), []evidence.Resource{key, network(nil), unplaced, odd}, schemas, "")
	if err != nil {
		t.Fatal(err) // no Graphviz: make docs-site-deps installs it
	}
	if len(got) != 4 {
		t.Fatalf("%d diagrams for 4 resources", len(got))
	}
	for i, want := range []struct{ svg, err string }{
		{svg: "hipaa_kms_key.phi (us&#45;west&#45;2)"},
		{svg: "public/eu&#45;west&#45;1b"},
		{err: "no region"},
		{err: "no_such_argument"},
	} {
		d := got[i]
		switch {
		case want.svg != "" && (d.Error != "" || !strings.HasPrefix(d.SVG, "<svg") || !strings.Contains(d.SVG, want.svg)):
			t.Errorf("%s: want a diagram holding %q, got error %q, SVG %.200q", d.Address, want.svg, d.Error, d.SVG)
		case want.err != "" && (d.SVG != "" || !strings.Contains(d.Error, want.err)):
			t.Errorf("%s: want the reason %q, got %q", d.Address, want.err, d.Error)
		}
	}
	if strings.Contains(got[0].SVG, "http://") {
		t.Error("the inline SVG names a URL")
	}
}
