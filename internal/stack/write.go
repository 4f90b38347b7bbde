package stack

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// EditedFilesError lists the files WriteTree refused to touch without
// force: existing files it would overwrite that hipaagen did not write or
// that were changed since (Paths), and stale generated files it would
// delete that were changed since (Stale).
type EditedFilesError struct {
	Paths []string // slash-separated, relative to the tree's directory
	Stale []string // likewise
}

func (e *EditedFilesError) Error() string {
	var what []string
	if len(e.Paths) > 0 {
		what = append(what, fmt.Sprintf("%d file(s) were edited since hipaagen wrote them, or were not written by it: %s",
			len(e.Paths), strings.Join(e.Paths, ", ")))
	}
	if len(e.Stale) > 0 {
		what = append(what, fmt.Sprintf("%d file(s) hipaagen wrote for units the blueprint no longer has were edited since: %s",
			len(e.Stale), strings.Join(e.Stale, ", ")))
	}
	return "nothing was written or deleted: " + strings.Join(what, "; ") +
		" (keep your changes in the blueprint and run again, or use --force to overwrite or delete them)"
}

// Changes is what WriteTree did.
type Changes struct {
	Written []string // new or changed files, slash-separated, relative to the tree's directory
	Deleted []string // stale generated files removed
	Removed []string // directories the deletions left empty, removed
}

// WriteTree writes files (slash-separated paths relative to dir) under dir,
// and deletes the stale files of an earlier run: files with the shape of a
// rendered path (see renderedPath) that carry the generated-file header but
// that files no longer holds, such as the unit of a component removed from
// the blueprint; directories they leave empty go too. Files without the
// header (the user's, lock files, state) and hidden directories
// (.terragrunt-cache, .terraform) are never touched.
//
// Unless force is set, it first checks every file it would overwrite or
// delete: if any is not an unedited hipaagen file, it returns an
// *EditedFilesError and changes nothing. Identical files are not rewritten.
func WriteTree(dir string, files map[string][]byte, force bool) (Changes, error) {
	changed, edited, err := changedFiles(dir, files)
	if err != nil {
		return Changes{}, err
	}
	stale, staleEdited, err := staleFiles(dir, files)
	if err != nil {
		return Changes{}, err
	}
	if !force && len(edited)+len(staleEdited) > 0 {
		return Changes{}, &EditedFilesError{Paths: edited, Stale: staleEdited}
	}
	var done Changes
	for _, name := range changed {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return done, err
		}
		done.Written = append(done.Written, name)
	}
	for _, name := range slices.Concat(stale, staleEdited) {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return done, err
		}
		done.Deleted = append(done.Deleted, name)
	}
	slices.Sort(done.Deleted)
	done.Removed, err = removeEmptyDirs(dir, done.Deleted)
	return done, err
}

// changedFiles lists, sorted, the files that are new or differ from what
// dir holds, and those of them that are not unedited hipaagen files.
func changedFiles(dir string, files map[string][]byte) (changed, edited []string, err error) {
	names := make([]string, 0, len(files))
	for name := range files {
		if err := checkRelative(name); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			changed = append(changed, name)
		case err != nil:
			return nil, nil, err
		case bytes.Equal(old, files[name]):
		default:
			changed = append(changed, name)
			if !Unedited(old) {
				edited = append(edited, name)
			}
		}
	}
	return changed, edited, nil
}

// staleFiles lists, sorted, the generated files under dir that files does
// not hold — unedited, and edited since hipaagen wrote them. It looks only
// at rendered paths, and skips hidden directories and anything deeper
// than a unit.
func staleFiles(dir string, files map[string][]byte) (unedited, edited []string, err error) {
	tree := os.DirFS(dir) // follows dir itself if it is a link, unlike filepath.WalkDir
	err = fs.WalkDir(tree, ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case name == "." && errors.Is(err, fs.ErrNotExist):
			return fs.SkipAll // nothing written yet
		case err != nil || name == ".":
			return err
		case d.IsDir() && (strings.HasPrefix(d.Name(), ".") || strings.Count(name, "/") >= unitDepth):
			return fs.SkipDir
		}
		if _, current := files[name]; current || !d.Type().IsRegular() || !renderedPath(name) {
			return nil
		}
		content, err := fs.ReadFile(tree, name)
		switch {
		case err != nil || !stamped(content):
		case Unedited(content):
			unedited = append(unedited, name)
		default:
			edited = append(edited, name)
		}
		return err
	})
	return unedited, edited, err
}

// removeEmptyDirs removes the directories of deleted (below dir) that are
// now empty, deepest first, and lists them.
func removeEmptyDirs(dir string, deleted []string) ([]string, error) {
	var dirs []string
	for _, name := range deleted {
		for d := path.Dir(name); d != "." && !slices.Contains(dirs, d); d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	slices.SortFunc(dirs, func(a, b string) int { // deepest first, then by name
		return cmp.Or(cmp.Compare(strings.Count(b, "/"), strings.Count(a, "/")), strings.Compare(a, b))
	})
	var removed []string
	for _, d := range dirs {
		full := filepath.Join(dir, filepath.FromSlash(d))
		entries, err := os.ReadDir(full)
		if err != nil {
			return removed, err
		}
		if len(entries) > 0 {
			continue
		}
		if err := os.Remove(full); err != nil {
			return removed, err
		}
		removed = append(removed, d)
	}
	return removed, nil
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
