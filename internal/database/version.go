package database

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

var (
	postgresVersionRE    = regexp.MustCompile(`^(\d+)(\.\d+){0,2}$`)
	mysqlVersionRE       = regexp.MustCompile(`^(\d+\.\d+)(\.\d+)?$`)
	auroraMySQLVersionRE = regexp.MustCompile(`^(\d+\.\d+)\.mysql_aurora\.\d+\.\d+(\.\d+)?$`)
	digitsRE             = regexp.MustCompile(`\d+`)
)

// Version is a parsed engine_version.
type Version struct {
	Raw   string
	Major string // "16", "9.6", "8.0", "5.7": the part that names the parameter group family
	Parts []int  // every number in order, for ordering: 8.0.mysql_aurora.3.05.2 is [8 0 3 5 2]
}

// ParseVersion parses an engine_version of engine e: "16.3" or "16"
// (postgres, aurora-postgresql; "9.6.x" before 10), "8.0.36" (mysql),
// "8.0.mysql_aurora.3.05.2" (aurora-mysql).
func ParseVersion(e Engine, raw string) (Version, error) {
	var major string
	switch {
	case e.IsPostgres():
		m := postgresVersionRE.FindStringSubmatch(raw)
		if m == nil {
			return Version{}, fmt.Errorf("engine_version %q is not a %s version such as %q", raw, e, e.DefaultVersion())
		}
		major = m[1]
		if n, _ := strconv.Atoi(major); n < 10 { // before 10 the major version has two parts: 9.6
			parts := strings.SplitN(raw, ".", 3)
			if len(parts) < 2 {
				return Version{}, fmt.Errorf("engine_version %q is not a %s version: name the major version as in \"9.6\"", raw, e)
			}
			major = parts[0] + "." + parts[1]
		}
	case e == EngineMySQL:
		m := mysqlVersionRE.FindStringSubmatch(raw)
		if m == nil {
			return Version{}, fmt.Errorf("engine_version %q is not a mysql version such as %q", raw, e.DefaultVersion())
		}
		major = m[1]
	case e == EngineAuroraMySQL:
		m := auroraMySQLVersionRE.FindStringSubmatch(raw)
		if m == nil {
			return Version{}, fmt.Errorf("engine_version %q is not an aurora-mysql version such as %q", raw, e.DefaultVersion())
		}
		major = m[1]
	default:
		return Version{}, fmt.Errorf("engine %q has no versions: use one of %s", e, lists.Quoted(Engines))
	}
	return Version{Raw: raw, Major: major, Parts: numbers(raw)}, nil
}

func numbers(raw string) []int {
	var out []int
	for _, d := range digitsRE.FindAllString(raw, -1) {
		n, _ := strconv.Atoi(d)
		out = append(out, n)
	}
	return out
}

// Compare orders versions of one engine numerically: -1, 0 or +1. Only the
// numbers both name are compared, so "16" equals "16.3": a version naming
// only its major stands for whichever minor RDS picks.
func (v Version) Compare(w Version) int {
	n := min(len(v.Parts), len(w.Parts))
	return slices.Compare(v.Parts[:n], w.Parts[:n])
}

// SameMajor reports whether v and w share a major version.
func (v Version) SameMajor(w Version) bool { return v.Major == w.Major }
