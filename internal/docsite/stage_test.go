package docsite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStage_controlPagesAndRefusal: a page per control linking its
// resources, the navigation in mkdocs.yml, and a directory that is not an
// earlier stage is never deleted.
func TestStage_controlPagesAndRefusal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "stage")
	if err := Stage(filepath.Join("..", "..", "docs"), dir); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "docs", "controls", "NET-04.md"))
	if err != nil || !strings.Contains(string(page), "[`hipaa_vpc`](../resources/vpc.md)") || !strings.Contains(string(page), "`nat_gateways`") {
		t.Errorf("NET-04 page: %v\n%s", err, page)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "mkdocs.yml"))
	if err != nil || !strings.Contains(string(cfg), "- hipaa_backup_plan: resources/backup_plan.md") || !strings.Contains(string(cfg), "- NET-04: controls/NET-04.md") {
		t.Errorf("mkdocs.yml: %v\n%s", err, cfg)
	}
	if err := Stage(filepath.Join("..", "..", "docs"), dir); err != nil {
		t.Errorf("restaging: %v", err)
	}
	other := t.TempDir()
	keep := filepath.Join(other, "keep.txt")
	if err := os.WriteFile(keep, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Stage(filepath.Join("..", "..", "docs"), other); err == nil || !strings.Contains(err.Error(), "not an earlier stage") {
		t.Errorf("staging over another directory: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("the other directory lost its file: %v", err)
	}
}
