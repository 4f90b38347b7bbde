package provider

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var updateV0 = flag.Bool("update-v0", false, "rewrite testdata/schema_v0 (only when recording a new prior version)")

// The version-0 upgrader copies state as it is, which is right only while
// the attributes are those of version 0. Version 0's type is pinned in
// testdata/schema_v0: a change of attributes fails this test until the
// version is bumped with a real upgrader. Resources added after version 1
// never wrote version 0 and carry no upgrader from it.
func TestUpgrade_priorSchemasMatch(t *testing.T) {
	ctx := context.Background()
	hadV0 := map[string]bool{"hipaa_kms_key": true, "hipaa_vpc": true, "hipaa_database": true, "hipaa_audit_trail": true, "hipaa_security_baseline": true}
	for _, newR := range (&hipaaProvider{}).Resources(ctx) {
		r := newR()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hipaa"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Schema.Version != schemaVersion {
			t.Errorf("%s: schema version %d, want %d", md.TypeName, sr.Schema.Version, schemaVersion)
		}
		u, ok := r.(resource.ResourceWithUpgradeState)
		if !hadV0[md.TypeName] {
			if ok {
				t.Errorf("%s never wrote version 0 state but has upgraders", md.TypeName)
			}
			continue
		}
		if !ok {
			t.Errorf("%s has no state upgraders", md.TypeName)
			continue
		}
		up, ok := u.UpgradeState(ctx)[0]
		if !ok || up.PriorSchema == nil {
			t.Errorf("%s: no upgrader from version 0", md.TypeName)
			continue
		}
		got := []byte(up.PriorSchema.Type().TerraformType(ctx).String())
		golden := filepath.Join("testdata", "schema_v0", md.TypeName+".txt")
		if *updateV0 {
			if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(append(got, '\n')) != string(want) {
			t.Errorf("%s: the attributes differ from version 0 (%s), which its upgrader copies unchanged: "+
				"bump schemaVersion and write an upgrader from version %d", md.TypeName, golden, schemaVersion)
		}
	}
}
