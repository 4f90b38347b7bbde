package modulegen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

// checkedIn is the repository's generated modules directory.
const checkedIn = "../../modules"

func generate(t *testing.T) []Module {
	t.Helper()
	mods, err := Generate(context.Background(), provider.New("test")())
	if err != nil {
		t.Fatal(err)
	}
	return mods
}

// TestGenerate_matchesCheckedIn is the drift check: modules/ must be exactly
// what the provider's schemas generate, with no stale module left over.
func TestGenerate_matchesCheckedIn(t *testing.T) {
	mods := generate(t)
	var names []string
	for _, m := range mods {
		names = append(names, m.Name)
		for _, f := range m.Files {
			path := filepath.Join(checkedIn, m.Name, f.Name)
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, f.Bytes()) {
				t.Errorf("%s is not what the provider's schemas generate (%v): run make generate", path, err)
			}
		}
	}
	entries, err := os.ReadDir(checkedIn)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(names, e.Name()) {
			t.Errorf("modules/%s matches no resource of the provider: remove it", e.Name())
		}
	}
	for _, want := range []string{"audit_trail", "database", "kms_key", "vpc"} {
		if !slices.Contains(names, want) {
			t.Errorf("no module %s generated; got %v", want, names)
		}
	}
}

// TestGenerate_deterministic: two runs give the same bytes, and writing
// them twice changes nothing the second time.
func TestGenerate_deterministic(t *testing.T) {
	a, b := generate(t), generate(t)
	for i := range a {
		for j := range a[i].Files {
			if !bytes.Equal(a[i].Files[j].Bytes(), b[i].Files[j].Bytes()) {
				t.Errorf("%s/%s differs between two runs", a[i].Name, a[i].Files[j].Name)
			}
		}
	}
	dir := t.TempDir()
	if changed, err := Write(dir, a, false); err != nil || len(changed) != 5*len(a) {
		t.Fatalf("first write: %d files, %v", len(changed), err)
	}
	if changed, err := Write(dir, b, false); err != nil || len(changed) != 0 {
		t.Fatalf("second write changed %v (%v)", changed, err)
	}
}
