package hclgen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStamp_untouched(t *testing.T) {
	body := []byte("\nresource \"x\" \"y\" {}\n")
	for _, c := range []Comment{HashComment, HTMLComment} {
		got := Stamp(c, body)
		if !strings.HasPrefix(string(got), c.Open+Marker+c.Close+"\n"+c.Open+"hipaagen:sha256=") {
			t.Fatalf("header of %q:\n%s", c.Open, got)
		}
		if !Untouched(c, got) {
			t.Errorf("%q: a freshly stamped file is not untouched", c.Open)
		}
		edited := append(append([]byte{}, got...), "# mine\n"...)
		if Untouched(c, edited) {
			t.Errorf("%q: an edited file counts as untouched", c.Open)
		}
	}
	if Untouched(HTMLComment, Stamp(HashComment, body)) {
		t.Error("a header in another comment style counts as untouched")
	}
	for _, s := range []string{"", "resource {}\n", "# " + Marker + "\n", "# " + Marker + "\n# hipaagen:sha256=00\n"} {
		if Untouched(HashComment, []byte(s)) {
			t.Errorf("Untouched(%q) = true", s)
		}
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m", "main.tf")
	write := func(body string, force bool) (bool, error) {
		t.Helper()
		return WriteFile(path, HashComment, []byte(body), force)
	}
	if changed, err := write("a = 1\n", false); err != nil || !changed {
		t.Fatalf("absent file: changed %v, %v", changed, err)
	}
	if changed, err := write("a = 1\n", false); err != nil || changed {
		t.Fatalf("identical file: changed %v, %v", changed, err)
	}
	if changed, err := write("a = 2\n", false); err != nil || !changed {
		t.Fatalf("untouched file: changed %v, %v", changed, err)
	}
	edited := append(Stamp(HashComment, []byte("a = 2\n")), "b = 3\n"...)
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := write("a = 3\n", false)
	var ee *EditedError
	if !errors.As(err, &ee) || ee.Path != path || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("edited file: want an EditedError naming %s, got %v", path, err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(edited) {
		t.Fatal("the edited file was overwritten without force")
	}
	if changed, err := write("a = 3\n", true); err != nil || !changed {
		t.Fatalf("edited file with force: changed %v, %v", changed, err)
	}
	if got, _ := os.ReadFile(path); !Untouched(HashComment, got) || !strings.HasSuffix(string(got), "a = 3\n") {
		t.Fatalf("after force:\n%s", got)
	}
}
