package stack

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// EditedFilesError lists existing files that hipaagen did not write or
// that were changed since; WriteTree overwrites them only when forced.
type EditedFilesError struct {
	Paths []string // slash-separated, relative to the tree's directory
}

func (e *EditedFilesError) Error() string {
	return fmt.Sprintf("nothing was written: %d file(s) were edited since hipaagen wrote them, or were not written by it: %s "+
		"(keep your changes in the blueprint and run again, or use --force to overwrite them)", len(e.Paths), strings.Join(e.Paths, ", "))
}

// WriteTree writes files (slash-separated paths relative to dir) under dir.
// Unless force is set, it first checks every file that already exists and
// differs: if any is not an unedited hipaagen file, it returns an
// *EditedFilesError and writes nothing. Identical files are not rewritten.
func WriteTree(dir string, files map[string][]byte, force bool) error {
	names := make([]string, 0, len(files))
	for name := range files {
		if err := checkRelative(name); err != nil {
			return err
		}
		names = append(names, name)
	}
	slices.Sort(names)
	var changed, edited []string
	for _, name := range names {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			changed = append(changed, name)
		case err != nil:
			return err
		case bytes.Equal(old, files[name]):
		default:
			changed = append(changed, name)
			if !force && !Unedited(old) {
				edited = append(edited, name)
			}
		}
	}
	if len(edited) > 0 {
		return &EditedFilesError{Paths: edited}
	}
	for _, name := range changed {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return err
		}
	}
	return nil
}

// checkRelative refuses paths that would leave the tree.
func checkRelative(name string) error {
	if name == "" || path.IsAbs(name) || path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("invalid generated path %q: it must be relative and clean, inside the output directory", name)
	}
	return nil
}

// writeFile writes content through a temporary file and a rename, so a
// crash never leaves a half-written file.
func writeFile(name string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".hipaagen-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
