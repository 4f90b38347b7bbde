package database

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current expansion")

// goldenSpecs are canonical layouts that must never change without a new
// LayoutVersion: a changed file means every existing database would plan changes.
func goldenSpecs() map[string]Spec {
	out := map[string]Spec{}
	for _, e := range Engines {
		s := testSpec(e)
		s.SubnetIDs = []string{subnetC, subnetA, subnetB}
		s.SubnetAZs = map[string]string{subnetA: "us-east-1a", subnetB: "us-east-1b", subnetC: "us-east-1c"}
		s.AllowedCIDRBlocks = []string{"10.0.128.0/20"}
		s.Tags = map[string]string{"app": "telehealth", "data-class": "phi"}
		s.DefaultTags = map[string]string{"cost-center": "clinical"}
		out[string(e)] = s
		s.Proxy = Proxy{Enabled: true, IdleClientTimeoutSeconds: 900}
		s.BackupWindow, s.MaintenanceWindow = "03:00-04:00", "sun:05:00-sun:06:00"
		s.DatabaseName = "clinic"
		out[string(e)+"_proxy"] = s
	}
	return out
}

type golden struct {
	Layout   Layout
	Children []Child
	Count    map[Kind]int
}

func TestExpand_golden(t *testing.T) {
	for name, s := range goldenSpecs() {
		t.Run(name, func(t *testing.T) {
			l := mustExpand(t, s)
			checkInvariants(t, l)
			got, err := json.MarshalIndent(golden{l, l.Children(), l.Count()}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/database/ -run TestExpand_golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("layout of %s differs from %s: an existing database would change; bump LayoutVersion with an upgrader, "+
					"or run with -update if the change is intended", name, path)
			}
		})
	}
}
