// Package stack renders a validated blueprint as a Terraform live tree:
// Terragrunt units (a root.hcl with the S3 remote state and the generated
// provider, and one terragrunt.hcl per environment, region and component),
// or plain root modules (one main.tf per environment and region, with an S3
// backend and module blocks wired by outputs). Every unit uses the module
// modules/<resource type without hipaa_>/, whose variables and outputs are
// named as the resource's attributes.
//
// Output is deterministic and formatted as terraform fmt would; every file
// carries the generated-file header (Stamp), so WriteTree can refuse to
// overwrite a file edited by hand, and can find and delete the files of
// units removed from the blueprint since an earlier run.
package stack

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// Format is the --format of hipaagen stack.
type Format string

// Formats.
const (
	FormatTerragrunt Format = "terragrunt"
	FormatTerraform  Format = "terraform"
)

// Formats lists every format, default first.
var Formats = []Format{FormatTerragrunt, FormatTerraform}

// ParseFormat reads --format.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("format %q is not one of %q, %q", s, FormatTerragrunt, FormatTerraform)
}

// DefaultModulesDir is where the modules are, relative to the output directory.
const DefaultModulesDir = "modules"

// Options of Render.
type Options struct {
	Format Format
	// ModulesDir is the modules directory relative to the output
	// directory; "" is DefaultModulesDir.
	ModulesDir string
}

// Render renders b as files keyed by slash-separated paths relative to the
// output directory, each stamped with the generated-file header.
func Render(b *blueprint.Blueprint, opts Options) (map[string][]byte, error) {
	modules := opts.ModulesDir
	if modules == "" {
		modules = DefaultModulesDir
	}
	if path.IsAbs(modules) || strings.Contains(modules, `\`) {
		return nil, fmt.Errorf("modules directory %q must be a slash-separated path relative to the output directory", modules)
	}
	r := renderer{bp: b, modules: path.Clean(modules)}
	var files map[string][]byte
	switch opts.Format {
	case FormatTerragrunt:
		files = r.terragrunt()
	case FormatTerraform:
		files = r.terraform()
	default:
		return nil, fmt.Errorf("format %q is not one of %q, %q", opts.Format, FormatTerragrunt, FormatTerraform)
	}
	for name, body := range files {
		files[name] = Stamp(append([]byte("\n"), body...))
	}
	return files, nil
}

// renderer holds what every file needs.
type renderer struct {
	bp      *blueprint.Blueprint
	modules string // relative to the output directory, clean
}

// The files of a unit (terragrunt) and of a root module (terraform); the
// Terragrunt tree also has RootFile.
const (
	UnitFile       = "terragrunt.hcl"
	RootModuleFile = "main.tf"
)

// unitDepth is how many directories deep UnitFile is: <env>/<region>/<unit>.
const unitDepth = 3

// renderedPath reports whether name (slash-separated, relative to the
// output directory) has the shape of a path Render writes in either format:
// RootFile, <env>/<region>/RootModuleFile, <env>/<region>/<kind>-<name>/UnitFile.
// Other stamped files in the tree are not the stack's: the modules of
// hipaagen modules (--modules defaults to a directory inside the output
// directory), an eject's main.tf.
func renderedPath(name string) bool {
	parts := strings.Split(name, "/")
	if len(parts) == 1 {
		return name == RootFile
	}
	if len(parts) < 3 || !blueprint.IsName(parts[0]) || !blueprint.IsRegion(parts[1]) {
		return false
	}
	if len(parts) == 3 {
		return parts[2] == RootModuleFile
	}
	kind, component, _ := strings.Cut(parts[2], "-")
	_, known := blueprint.KindNamed(kind)
	return len(parts) == unitDepth+1 && known && blueprint.IsName(component) && parts[3] == UnitFile
}

// regionDir is "<environment>/<region>", the region u's resource is made
// in (Terragrunt's provider reads it from the path).
func regionDir(u *blueprint.Unit) string { return u.Environment.Name + "/" + u.ProviderRegion() }

// ProviderAlias is the alias of a provider block for region: "us_west_2".
func ProviderAlias(region string) string { return strings.ReplaceAll(region, "-", "_") }

// aliasRegions are the regions other than region that units' resources
// are made in, in unit order: each needs a provider alias in the root.
func aliasRegions(units []*blueprint.Unit, region string) []string {
	var out []string
	for _, u := range units {
		if r := u.ProviderRegion(); r != region && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// unitDirName is a unit's directory in its region: "<kind>-<name>".
func unitDirName(u *blueprint.Unit) string { return u.Component.Kind.Name + "-" + u.Component.Name }

// blockName names a unit in HCL (dependency and module blocks): "<kind>_<name>".
func blockName(u *blueprint.Unit) string {
	return u.Component.Kind.Name + "_" + strings.ReplaceAll(u.Component.Name, "-", "_")
}

// moduleSource is the path of u's module from a directory depth levels
// below the output directory.
func (r renderer) moduleSource(u *blueprint.Unit, depth int) string {
	return strings.Repeat("../", depth) + path.Join(r.modules, u.Component.Kind.ModuleDir())
}
