package provider_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// How the calls are found: the test type-checks (go/types) the non-test
// files of every package of this module that internal/provider depends on,
// with the other imports read from the compiler's export data (go list
// -export; golang.org/x/tools is not a direct dependency), and builds a
// graph of top-level declarations. A declaration has an edge to each
// function, method or package variable of the module it uses, and a leaf
// for each method of an SDK client (the receiver's type is Client of
// github.com/aws/aws-sdk-go-v2/service/<svc>) and each
// <svc>.New<Operation>Paginator it uses. Matching the receiver's type, not
// names such as c.EC2(), finds a call whatever variable or field holds the
// client. A resource's roots are every declaration of its package and of
// internal/provider/resource_<type>*.go; what they reach is what the
// resource can call, so a shared package (awsclient's taggers, s3bucket,
// servicerole, loggroup) counts only for the resources that use the part
// that calls. The graph errs on the side of more calls: a function literal
// belongs to the function that writes it, and a call through an interface
// of the module reaches every module method of that name.

const modulePath = "github.com/hipaa-iac/terraform-provider-hipaa"

// docResources maps each resource to its doc template, its provider files
// and the package that implements it.
var docResources = []struct{ name, template, files, pkg string }{
	{"hipaa_kms_key", "kms_key.md.tmpl", "resource_kms_key", "kmskey"},
	{"hipaa_vpc", "vpc.md.tmpl", "resource_vpc", "vpc"},
	{"hipaa_database", "database.md.tmpl", "resource_database", "database"},
	{"hipaa_audit_trail", "audit_trail.md.tmpl", "resource_audit_trail", "audittrail"},
	{"hipaa_bucket", "bucket.md.tmpl", "resource_bucket", "bucket"},
	{"hipaa_backup_plan", "backup_plan.md.tmpl", "resource_backup_plan", "backupplan"},
	{"hipaa_security_baseline", "security_baseline.md.tmpl", "resource_security_baseline", "baseline"},
	{"hipaa_load_balancer", "load_balancer.md.tmpl", "resource_load_balancer", "loadbalancer"},
}

// serviceLabels is the bold label of each SDK service's bullet in
// "## IAM permissions and services called".
var serviceLabels = map[string]string{
	"accessanalyzer": "IAM Access Analyzer", "backup": "AWS Backup", "cloudtrail": "CloudTrail",
	"cloudwatchlogs": "CloudWatch Logs", "configservice": "AWS Config", "ec2": "EC2",
	"guardduty": "GuardDuty", "iam": "IAM", "inspector2": "Inspector", "kms": "KMS", "rds": "RDS",
	"s3": "S3", "s3control": "S3 Control", "secretsmanager": "Secrets Manager",
	"securityhub": "Security Hub", "sts": "STS", "elasticloadbalancingv2": "Elastic Load Balancing", "wafv2": "WAF",
}

// TestDocs_permissionsListEveryCall: each resource's page lists every AWS
// operation its code can call, under that service, and no operation it
// never calls.
func TestDocs_permissionsListEveryCall(t *testing.T) {
	g, err := loadCallGraph()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range g.unknown {
		t.Errorf("%s: this test cannot tell which operation it calls; teach sdkOperation", u)
	}
	for _, r := range docResources {
		calls := g.reachable(g.roots(r.pkg, r.files))
		if len(calls) == 0 {
			t.Errorf("%s: no AWS call found: is the table in this test out of date?", r.name)
			continue
		}
		ops := slices.SortedFunc(maps.Keys(calls), operation.compare)
		t.Logf("%s calls %d operations: %v", r.name, len(ops), ops)
		path := filepath.Join("..", "..", "templates", "resources", r.template)
		listed, err := listedOperations(path)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		for _, op := range ops {
			if !listed[op] {
				t.Errorf("%s does not list %s %s (called at %s) under \"## IAM permissions and services called\"",
					path, serviceLabels[op.svc], op.name, calls[op])
			}
		}
		for _, op := range slices.SortedFunc(maps.Keys(listed), operation.compare) {
			if _, ok := calls[op]; !ok {
				t.Errorf("%s lists %s %s, which no code of %s calls", path, serviceLabels[op.svc], op.name, r.name)
			}
		}
	}
}

// operation is one API operation of an SDK service package (ec2, s3, …).
type operation struct{ svc, name string }

func (o operation) String() string { return o.svc + ":" + o.name }

func (o operation) compare(p operation) int { return strings.Compare(o.String(), p.String()) }

// callGraph: the module's declarations by key (objectKey), what each
// uses, and the AWS operations each calls, with a position.
type callGraph struct {
	uses  map[string][]string
	calls map[string]map[operation]string
	files map[string]string // declaration → its file, relative to the module
	// unknown are SDK uses that hide their operation (a waiter): the test
	// fails until it is taught them.
	unknown []string
}

// roots are the declarations of internal/<pkg> and of internal/provider's
// files named <files>*.go.
func (g *callGraph) roots(pkg, files string) []string {
	var out []string
	for key, file := range g.files {
		if strings.HasPrefix(file, "internal/"+pkg+"/") ||
			strings.HasPrefix(file, "internal/provider/"+files) {
			out = append(out, key)
		}
	}
	return out
}

// reachable is every operation called by a declaration reachable from
// roots, with the position of one call.
func (g *callGraph) reachable(roots []string) map[operation]string {
	seen, out := map[string]bool{}, map[operation]string{}
	for len(roots) > 0 {
		key := roots[len(roots)-1]
		roots = roots[:len(roots)-1]
		if seen[key] {
			continue
		}
		seen[key] = true
		for op, pos := range g.calls[key] {
			out[op] = pos
		}
		roots = append(roots, g.uses[key]...)
	}
	return out
}

// listPackage is the part of go list's JSON this test reads.
type listPackage struct {
	ImportPath, Dir, Export string
	GoFiles                 []string
}

// loadCallGraph builds the graph of every package of the module that
// internal/provider depends on.
func loadCallGraph() (*callGraph, error) {
	pkgs, err := goList()
	if err != nil {
		return nil, err
	}
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	g := &callGraph{uses: map[string][]string{}, calls: map[string]map[operation]string{}, files: map[string]string{}}
	methods := map[string][]string{} // method name → every module method of that name
	for _, p := range pkgs {
		if p.ImportPath == modulePath || strings.HasPrefix(p.ImportPath, modulePath+"/") {
			if err := g.addPackage(fset, imp, p, methods); err != nil {
				return nil, err
			}
		}
	}
	g.resolveInterfaceCalls(methods)
	return g, nil
}

// goList lists internal/provider and its dependencies, compiled, in
// dependency order.
func goList() ([]listPackage, error) {
	cmd := exec.Command("go", "list", "-deps", "-export", "-json=ImportPath,Dir,Export,GoFiles", ".")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, stderr.String())
	}
	var pkgs []listPackage
	for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
		var p listPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
}

// addPackage parses and type-checks one package of the module and adds its
// declarations to g.
func (g *callGraph) addPackage(fset *token.FileSet, imp types.Importer, p listPackage, methods map[string][]string) error {
	var files []*ast.File
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: imp}
	if _, err := conf.Check(p.ImportPath, fset, files, info); err != nil {
		return fmt.Errorf("type-checking %s: %w", p.ImportPath, err)
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, modulePath), "/")
	for i, f := range files {
		file := rel + "/" + p.GoFiles[i]
		for _, d := range f.Decls {
			for key, body := range declarations(d, info) {
				g.files[key] = file
				g.addUses(fset, info, key, body, rel)
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
					methods[fd.Name.Name] = append(methods[fd.Name.Name], key)
				}
			}
		}
	}
	return nil
}

// declarations are the keys a top-level declaration defines (a function or
// method, or each package variable) and the syntax each covers.
func declarations(d ast.Decl, info *types.Info) map[string]ast.Node {
	out := map[string]ast.Node{}
	switch d := d.(type) {
	case *ast.FuncDecl:
		out[objectKey(info.Defs[d.Name])] = d
	case *ast.GenDecl:
		for _, s := range d.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok {
				for _, n := range vs.Names {
					out[objectKey(info.Defs[n])] = vs
				}
			}
		}
	}
	delete(out, "") // the blank identifier
	return out
}

// objectKey names a function (its generic origin), a method or a package
// variable the same way from source and from export data.
func objectKey(obj types.Object) string {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin().FullName()
	case *types.Var:
		if o.Pkg() != nil && o.Parent() == o.Pkg().Scope() {
			return "var " + o.Pkg().Path() + "." + o.Name()
		}
	}
	return ""
}

var sdkService = regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/service/([a-z0-9]+)$`)

// addUses records what the declaration key uses inside node (of the
// package rel): module declarations, SDK client methods and paginators.
func (g *callGraph) addUses(fset *token.FileSet, info *types.Info, key string, node ast.Node, rel string) {
	ast.Inspect(node, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] == nil || info.Uses[id].Pkg() == nil {
			return true
		}
		obj := info.Uses[id]
		pos := fset.Position(id.Pos())
		at := fmt.Sprintf("%s/%s:%d", rel, filepath.Base(pos.Filename), pos.Line)
		fn, isFunc := obj.(*types.Func)
		ours := strings.HasPrefix(obj.Pkg().Path(), modulePath)
		switch op, known := sdkOperation(obj); {
		case known && op.name == "":
			g.unknown = append(g.unknown, at+": "+obj.Pkg().Name()+"."+obj.Name())
		case known:
			if g.calls[key] == nil {
				g.calls[key] = map[operation]string{}
			}
			g.calls[key][op] = at
		case ours && isFunc && isInterfaceMethod(fn):
			g.uses[key] = append(g.uses[key], "interface method "+fn.Name())
		case ours && objectKey(obj) != "":
			g.uses[key] = append(g.uses[key], objectKey(obj))
		}
		return true
	})
}

// sdkOperation is the operation obj stands for: a method of an SDK
// service's Client, or its New<Operation>Paginator. A waiter hides its
// operation: it is known, with no name.
func sdkOperation(obj types.Object) (operation, bool) {
	m := sdkService.FindStringSubmatch(obj.Pkg().Path())
	fn, ok := obj.(*types.Func)
	if m == nil || !ok {
		return operation{}, false
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok && n.Obj().Name() == "Client" {
			return operation{m[1], fn.Name()}, true
		}
		return operation{}, false
	}
	if name, ok := strings.CutPrefix(fn.Name(), "New"); ok && strings.HasSuffix(name, "Paginator") {
		return operation{m[1], strings.TrimSuffix(name, "Paginator")}, true
	}
	if strings.HasPrefix(fn.Name(), "New") && strings.HasSuffix(fn.Name(), "Waiter") {
		return operation{svc: m[1]}, true
	}
	return operation{}, false
}

func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// resolveInterfaceCalls links a call through an interface of the module to
// every module method of that name (an over-approximation, on the safe
// side: more calls, never fewer).
func (g *callGraph) resolveInterfaceCalls(methods map[string][]string) {
	for name, keys := range methods {
		g.uses["interface method "+name] = keys
	}
}

// bulletLabel is a service bullet of the permissions section: "- **EC2** …".
var (
	bulletLabel = regexp.MustCompile(`^- \*\*([^*]+)\*\*`)
	opToken     = regexp.MustCompile("`([A-Z][A-Za-z0-9]+)`")
)

// listedOperations reads the operations a template lists: in the section
// "## IAM permissions and services called", each bullet "- **<label>**"
// (serviceLabels) and its continuation lines name its service's operations
// as `Operation`; a qualified `svc:Action` (an IAM action whose name is not
// the operation's, iam:PassRole) is prose to this test.
func listedOperations(path string) (map[operation]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, section, ok := strings.Cut(string(b), "\n## IAM permissions and services called\n")
	if !ok {
		return nil, errors.New(`no section "## IAM permissions and services called"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	labels := map[string]string{}
	for svc, label := range serviceLabels {
		labels[label] = svc
	}
	out, svc := map[operation]bool{}, ""
	for _, line := range strings.Split(section, "\n") {
		if m := bulletLabel.FindStringSubmatch(line); m != nil {
			if svc = labels[m[1]]; svc == "" {
				return nil, fmt.Errorf("unknown service bullet %q: use one of the labels in serviceLabels", m[1])
			}
		} else if strings.HasPrefix(line, "- ") || strings.TrimSpace(line) == "" {
			svc = ""
		}
		for _, m := range opToken.FindAllStringSubmatch(line, -1) {
			if svc != "" {
				out[operation{svc, m[1]}] = true
			}
		}
	}
	return out, nil
}
