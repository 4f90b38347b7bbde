package stack

import (
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
)

// moduleInterface is what a module of the repository's modules/ declares.
type moduleInterface struct {
	dir       string
	variables map[string]bool
	required  []string // variables without a default
	outputs   map[string]bool
}

// repoModules reads modules/<dir>/variables.tf and outputs.tf of every
// kind, keyed "modules/<dir>"; it fails the test when a module is missing.
func repoModules(t *testing.T) map[string]moduleInterface {
	t.Helper()
	out := map[string]moduleInterface{}
	for _, k := range blueprint.Kinds {
		dir := filepath.Join("..", "..", "modules", k.ModuleDir())
		m := moduleInterface{dir: k.ModuleDir(), variables: map[string]bool{}, outputs: map[string]bool{}}
		for _, b := range blocksOf(t, filepath.Join(dir, "variables.tf"), "variable") {
			m.variables[b.Labels[0]] = true
			content, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "default"}}})
			if _, ok := content.Attributes["default"]; !ok {
				m.required = append(m.required, b.Labels[0])
			}
		}
		for _, b := range blocksOf(t, filepath.Join(dir, "outputs.tf"), "output") {
			m.outputs[b.Labels[0]] = true
		}
		out["modules/"+k.ModuleDir()] = m
	}
	return out
}

func blocksOf(t *testing.T, file, typ string) hcl.Blocks {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCLFile(file)
	if diags.HasErrors() {
		t.Fatalf("%v: the modules must exist (hipaagen modules writes them)", diags)
	}
	content, _, diags := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ, LabelNames: []string{"name"}}}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return content.Blocks
}

// checker checks a rendered tree (parsed back with hcl/v2) against the
// modules and collects what is wrong.
type checker struct {
	files   map[string][]byte
	modules map[string]moduleInterface
	errs    []string
}

func (c *checker) errorf(file, format string, args ...any) {
	c.errs = append(c.errs, file+": "+fmt.Sprintf(format, args...))
}

// content parses file against schema; nil (and an error) when it does not fit.
func (c *checker) content(file string, schema *hcl.BodySchema) *hcl.BodyContent {
	f, diags := hclparse.NewParser().ParseHCL(c.files[file], file)
	if diags.HasErrors() {
		c.errorf(file, "%v", diags)
		return nil
	}
	content, diags := f.Body.Content(schema)
	if diags.HasErrors() {
		c.errorf(file, "%v", diags)
		return nil
	}
	return content
}

// str evaluates a constant string expression ("" and an error otherwise).
func (c *checker) str(file string, expr hcl.Expression) string {
	v, diags := expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String {
		c.errorf(file, "%s is not a literal string", expr.Range())
		return ""
	}
	return v.AsString()
}

// module resolves a module source relative to dir.
func (c *checker) module(file, dir, source string) (moduleInterface, bool) {
	m, ok := c.modules[path.Join(dir, source)]
	if !ok {
		c.errorf(file, "source %q is not one of the modules", source)
	}
	return m, ok
}

// refResolver maps a reference in an input to the module it reads from,
// the output, and the name of the block it names.
type refResolver func(hcl.Traversal) (m moduleInterface, output, block string, ok bool)

// checkInputs: every input is a variable of m, every variable without a
// default is given, every reference resolves to an output its module
// has. It returns the blocks referenced.
func (c *checker) checkInputs(file string, m moduleInterface, inputs map[string]hcl.Expression, resolve refResolver) []string {
	for n := range inputs {
		if !m.variables[n] {
			c.errorf(file, "input %q is not a variable of %s", n, m.dir)
		}
	}
	for _, v := range m.required {
		if _, ok := inputs[v]; !ok {
			c.errorf(file, "required variable %q of %s is not set", v, m.dir)
		}
	}
	var used []string
	for _, e := range inputs {
		for _, tv := range e.Variables() {
			dep, output, block, ok := resolve(tv)
			switch {
			case !ok:
				c.errorf(file, "unresolved reference %s", tv.SimpleSplit().Abs.RootName())
			case !dep.outputs[output]:
				c.errorf(file, "%s has no output %q", dep.dir, output)
			default:
				used = append(used, block)
			}
		}
	}
	return used
}

// acyclic records an error when the edges (a node to what it needs) have a cycle.
func (c *checker) acyclic(what string, edges map[string][]string) {
	state := map[string]int{}
	var visit func(n string) bool
	visit = func(n string) bool {
		state[n] = 1
		for _, m := range edges[n] {
			if state[m] == 1 || (state[m] == 0 && !visit(m)) {
				return false
			}
		}
		state[n] = 2
		return true
	}
	for _, n := range slices.Sorted(maps.Keys(edges)) {
		if state[n] == 0 && !visit(n) {
			c.errorf(what, "dependency cycle through %s", n)
		}
	}
}

// objectItems returns an object expression's values by key.
func (c *checker) objectItems(file string, expr hcl.Expression) map[string]hcl.Expression {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		c.errorf(file, "%v", diags)
	}
	out := map[string]hcl.Expression{}
	for _, p := range pairs {
		out[c.str(file, p.Key)] = p.Value
	}
	return out
}

var (
	unitSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "inputs", Required: true}},
		Blocks: []hcl.BlockHeaderSchema{{Type: "include", LabelNames: []string{"name"}}, {Type: "terraform"},
			{Type: "dependency", LabelNames: []string{"name"}}},
	}
	dependencySchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "config_path", Required: true},
		{Name: "mock_outputs", Required: true}, {Name: "mock_outputs_allowed_terraform_commands", Required: true}}}
	sourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source", Required: true}}}
	pathSchema   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "path", Required: true}}}
	rootSchema   = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "locals"}, {Type: "remote_state"},
		{Type: "generate", LabelNames: []string{"name"}}}}
)

// checkTerragrunt: root.hcl with S3 state (customer key, lock file) and the
// generated provider; per unit, the root included, a module source that
// exists, dependency paths that are units, inputs that are the module's
// variables, mock outputs for every referenced output, no unused
// dependency; and no cycle.
func (c *checker) checkTerragrunt(b *blueprint.Blueprint) {
	c.checkTerragruntRoot(b)
	edges := map[string][]string{}
	for file := range c.files {
		if file != RootFile {
			edges[path.Dir(file)] = c.checkUnit(file)
		}
	}
	if want := len(b.Units()) + 1; len(c.files) != want {
		c.errorf("tree", "%d files, want a root and one per unit: %d", len(c.files), want)
	}
	c.acyclic("terragrunt tree", edges)
}

func (c *checker) checkTerragruntRoot(b *blueprint.Blueprint) {
	root := c.content(RootFile, rootSchema)
	if root == nil {
		return
	}
	rs, _ := root.Blocks.OfType("remote_state")[0].Body.JustAttributes()
	cfg := c.objectItems(RootFile, rs["config"].Expr)
	for name, want := range map[string]cty.Value{"encrypt": cty.True, "use_lockfile": cty.True,
		"kms_key_id": cty.StringVal(b.State.KMSKeyARN), "bucket": cty.StringVal(b.State.Bucket)} {
		if e, ok := cfg[name]; !ok || !literal(e).RawEquals(want) {
			c.errorf(RootFile, "remote_state config %s is not %#v", name, want)
		}
	}
	if gen := root.Blocks.OfType("generate"); len(gen) != 1 || gen[0].Labels[0] != "provider" {
		c.errorf(RootFile, "want one generate \"provider\" block")
	}
}

func literal(e hcl.Expression) cty.Value {
	v, _ := e.Value(nil)
	return v
}

// checkUnit checks one terragrunt.hcl and returns the units it needs.
func (c *checker) checkUnit(file string) []string {
	dir := path.Dir(file)
	u := c.content(file, unitSchema)
	if u == nil {
		return nil
	}
	c.checkInclude(file, u.Blocks.OfType("include"))
	m, ok := c.unitModule(file)
	if !ok {
		return nil
	}
	deps, mocks, targets := c.dependencies(file, u.Blocks.OfType("dependency"))
	used := c.checkInputs(file, m, c.objectItems(file, u.Attributes["inputs"].Expr), func(tv hcl.Traversal) (moduleInterface, string, string, bool) {
		if len(tv) != 4 || tv.RootName() != "dependency" || tv[2].(hcl.TraverseAttr).Name != "outputs" {
			return moduleInterface{}, "", "", false
		}
		dep, output := tv[1].(hcl.TraverseAttr).Name, tv[3].(hcl.TraverseAttr).Name
		if _, ok := mocks[dep][output]; !ok {
			c.errorf(file, "dependency %q has no mock output %q", dep, output)
		}
		dm, ok := deps[dep]
		return dm, output, dep, ok
	})
	var needs []string
	for name := range deps {
		if !slices.Contains(used, name) {
			c.errorf(file, "dependency %q is not used", name)
		}
		needs = append(needs, path.Join(dir, targets[name]))
	}
	return needs
}

func (c *checker) checkInclude(file string, inc hcl.Blocks) {
	if len(inc) != 1 || inc[0].Labels[0] != "root" {
		c.errorf(file, "want one include \"root\"")
		return
	}
	attrs, _ := inc[0].Body.Content(pathSchema)
	call, ok := attrs.Attributes["path"].Expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "find_in_parent_folders" || len(call.Args) != 1 || literal(call.Args[0]) != cty.StringVal(RootFile) {
		c.errorf(file, "include path is not find_in_parent_folders(%q)", RootFile)
	}
	if _, ok := c.files[RootFile]; !ok {
		c.errorf(file, "%s is missing", RootFile)
	}
}

// unitModule resolves the module of a terragrunt.hcl.
func (c *checker) unitModule(file string) (moduleInterface, bool) {
	u := c.content(file, unitSchema)
	if u == nil {
		return moduleInterface{}, false
	}
	tf := u.Blocks.OfType("terraform")
	if len(tf) != 1 {
		c.errorf(file, "want one terraform block")
		return moduleInterface{}, false
	}
	src, diags := tf[0].Body.Content(sourceSchema)
	if diags.HasErrors() {
		c.errorf(file, "%v", diags)
		return moduleInterface{}, false
	}
	return c.module(file, path.Dir(file), c.str(file, src.Attributes["source"].Expr))
}

// dependencies checks the dependency blocks, whose config_path must be a
// unit, and returns each one's module, mock output names and config path.
func (c *checker) dependencies(file string, blocks hcl.Blocks) (map[string]moduleInterface, map[string]map[string]hcl.Expression, map[string]string) {
	deps, mocks, targets := map[string]moduleInterface{}, map[string]map[string]hcl.Expression{}, map[string]string{}
	for _, blk := range blocks {
		attrs, diags := blk.Body.Content(dependencySchema)
		if diags.HasErrors() {
			c.errorf(file, "%v", diags)
			continue
		}
		name, target := blk.Labels[0], c.str(file, attrs.Attributes["config_path"].Expr)
		unit := path.Join(path.Dir(file), target, "terragrunt.hcl")
		if _, ok := c.files[unit]; !ok {
			c.errorf(file, "dependency %q: %s is not a unit", name, target)
			continue
		}
		if m, ok := c.unitModule(unit); ok {
			deps[name], targets[name] = m, target
			mocks[name] = c.objectItems(file, attrs.Attributes["mock_outputs"].Expr)
		}
	}
	return deps, mocks, targets
}

var rootModuleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "terraform"},
	{Type: "provider", LabelNames: []string{"name"}}, {Type: "module", LabelNames: []string{"name"}}}}

// checkTerraform: per environment and region, an S3 backend (customer key,
// lock file), the provider in that region, module blocks whose sources
// exist, inputs that are the modules' variables, references to outputs of
// modules declared before, and no cycle.
func (c *checker) checkTerraform(b *blueprint.Blueprint) {
	n := 0
	for _, env := range b.Environments {
		for _, region := range env.Regions {
			n++
			file := env.Name + "/" + region + "/main.tf"
			if _, ok := c.files[file]; !ok {
				c.errorf(file, "missing")
				continue
			}
			c.checkRootModule(file, b, region, len(env.Units(region)))
		}
	}
	if len(c.files) != n {
		c.errorf("tree", "%d files, want one per environment and region: %d", len(c.files), n)
	}
}

func (c *checker) checkRootModule(file string, b *blueprint.Blueprint, region string, units int) {
	root := c.content(file, rootModuleSchema)
	if root == nil {
		return
	}
	c.checkBackend(file, b, root.Blocks.OfType("terraform"))
	p, _, _ := root.Blocks.OfType("provider")[0].Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "region", Required: true}}})
	if got := c.str(file, p.Attributes["region"].Expr); got != region {
		c.errorf(file, "provider region %s, want %s", got, region)
	}
	aliases := map[string]bool{}
	for _, pb := range root.Blocks.OfType("provider")[1:] {
		a, _, _ := pb.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias", Required: true}}})
		aliases["hipaa."+c.str(file, a.Attributes["alias"].Expr)] = true
	}
	blocks := root.Blocks.OfType("module")
	if len(blocks) != units {
		c.errorf(file, "%d module blocks, want %d", len(blocks), units)
	}
	declared := map[string]moduleInterface{}
	edges := map[string][]string{}
	for _, blk := range blocks {
		attrs, _ := blk.Body.JustAttributes()
		m, ok := c.module(file, path.Dir(file), c.str(file, attrs["source"].Expr))
		if !ok {
			continue
		}
		inputs := map[string]hcl.Expression{}
		for n, a := range attrs {
			switch n {
			case "source":
			case "providers": // { hipaa = hipaa.<alias> } of a provider block
				for _, p := range c.objectItems(file, a.Expr) {
					if tv, _ := hcl.AbsTraversalForExpr(p); !aliases[string(hclwrite.TokensForTraversal(tv).Bytes())] {
						c.errorf(file, "module %s: providers names no provider alias of the root", blk.Labels[0])
					}
				}
			default:
				inputs[n] = a.Expr
			}
		}
		edges[blk.Labels[0]] = c.checkInputs(file, m, inputs, func(tv hcl.Traversal) (moduleInterface, string, string, bool) {
			if len(tv) != 3 || tv.RootName() != "module" {
				return moduleInterface{}, "", "", false
			}
			name := tv[1].(hcl.TraverseAttr).Name
			dm, ok := declared[name]
			return dm, tv[2].(hcl.TraverseAttr).Name, name, ok
		})
		declared[blk.Labels[0]] = m
	}
	c.acyclic(file, edges)
}

func (c *checker) checkBackend(file string, b *blueprint.Blueprint, tf hcl.Blocks) {
	content, _, _ := tf[0].Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "backend", LabelNames: []string{"type"}}}})
	if be := content.Blocks; len(be) != 1 || be[0].Labels[0] != "s3" {
		c.errorf(file, "want one backend \"s3\"")
		return
	}
	attrs, _ := content.Blocks[0].Body.JustAttributes()
	for name, want := range map[string]cty.Value{"encrypt": cty.True, "use_lockfile": cty.True, "kms_key_id": cty.StringVal(b.State.KMSKeyARN),
		"key": cty.StringVal(path.Dir(file) + "/terraform.tfstate")} {
		if a, ok := attrs[name]; !ok || !literal(a.Expr).RawEquals(want) {
			c.errorf(file, "backend %s is not %#v", name, want)
		}
	}
}

// TestTerragrunt_structure and TestTerraform_structure check every
// rendered tree against the repository's modules.
func TestTerragrunt_structure(t *testing.T) {
	mods := repoModules(t)
	for name, b := range blueprints(t) {
		c := &checker{files: mustRender(t, b, FormatTerragrunt), modules: mods}
		if c.checkTerragrunt(b); len(c.errs) > 0 {
			t.Errorf("%s:\n%s", name, strings.Join(c.errs, "\n"))
		}
	}
}

func TestTerraform_structure(t *testing.T) {
	mods := repoModules(t)
	for name, b := range blueprints(t) {
		c := &checker{files: mustRender(t, b, FormatTerraform), modules: mods}
		if c.checkTerraform(b); len(c.errs) > 0 {
			t.Errorf("%s:\n%s", name, strings.Join(c.errs, "\n"))
		}
	}
}

// TestStructure_catchesBrokenTrees: the checks above fail on trees broken
// the ways they look for.
func TestStructure_catchesBrokenTrees(t *testing.T) {
	mods := repoModules(t)
	b := blueprints(t)["telehealth"]
	const db, keys, root = "prod/us-east-1/database-visits/terragrunt.hcl", "prod/us-east-1/keys-phi/terragrunt.hcl", "prod/us-east-1/main.tf"
	cases := []struct {
		name, file, old, new, want string
		format                     Format
	}{
		{"missing mock output", db, `    id              = "vpc-00000000000000000"` + "\n", "", `has no mock output "id"`, FormatTerragrunt},
		{"unknown variable", db, "  engine ", "  engines ", `input "engines" is not a variable of database`, FormatTerragrunt},
		{"missing required variable", db, `  engine                        = "postgres"` + "\n", "", `required variable "engine"`, FormatTerragrunt},
		{"dependency path", db, `"../network-main"`, `"../network"`, "is not a unit", FormatTerragrunt},
		{"unknown output", db, "outputs.data_subnet_ids", "outputs.subnet_ids", `has no output "subnet_ids"`, FormatTerragrunt},
		{"unused dependency", db, "  kms_key_arn                   = dependency.keys_phi.outputs.arn\n", "", `dependency "keys_phi" is not used`, FormatTerragrunt},
		{"cycle", keys, "inputs = {\n", "dependency \"db\" {\n  config_path = \"../database-visits\"\n  mock_outputs = { arn = \"x\" }\n" +
			"  mock_outputs_allowed_terraform_commands = []\n}\n\ninputs = {\n  description = dependency.db.outputs.arn\n", "dependency cycle", FormatTerragrunt},
		{"module source", root, `"../../modules/vpc"`, `"../../modules/network"`, `source "../../modules/network"`, FormatTerraform},
		{"undeclared module", root, "module.keys_phi.arn", "module.keys.arn", "unresolved reference", FormatTerraform},
		{"backend lock file", root, "use_lockfile = true", "use_lockfile = false", "backend use_lockfile", FormatTerraform},
	}
	for _, tc := range cases {
		files := mustRender(t, b, tc.format)
		if !strings.Contains(string(files[tc.file]), tc.old) {
			t.Fatalf("%s: %q is not in %s", tc.name, tc.old, tc.file)
		}
		files[tc.file] = []byte(strings.Replace(string(files[tc.file]), tc.old, tc.new, 1))
		c := &checker{files: files, modules: mods}
		if tc.format == FormatTerragrunt {
			c.checkTerragrunt(b)
		} else {
			c.checkTerraform(b)
		}
		if !slices.ContainsFunc(c.errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
			t.Errorf("%s: want an error containing %q, got %q", tc.name, tc.want, c.errs)
		}
	}
}
