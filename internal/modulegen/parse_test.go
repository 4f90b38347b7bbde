package modulegen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty/convert"
)

// variableBlock is a variable as Terraform reads it.
type variableBlock struct {
	Name        string            `hcl:"name,label"`
	Description string            `hcl:"description"`
	Type        hcl.Expression    `hcl:"type"`
	Default     *hcl.Attribute    `hcl:"default"`
	Nullable    *bool             `hcl:"nullable"`
	Sensitive   *bool             `hcl:"sensitive"`
	Validations []validationBlock `hcl:"validation,block"`
}

type validationBlock struct {
	Condition    hcl.Expression `hcl:"condition"`
	ErrorMessage string         `hcl:"error_message"`
}

type variablesFile struct {
	Variables []variableBlock `hcl:"variable,block"`
}

type outputsFile struct {
	Outputs []struct {
		Name        string         `hcl:"name,label"`
		Description string         `hcl:"description"`
		Value       hcl.Expression `hcl:"value"`
		Sensitive   *bool          `hcl:"sensitive"`
	} `hcl:"output,block"`
}

type mainFile struct {
	Resources []struct {
		Type string   `hcl:"type,label"`
		Name string   `hcl:"name,label"`
		Body hcl.Body `hcl:",remain"`
	} `hcl:"resource,block"`
}

// parse parses one generated file with hcl/v2 and decodes it into v.
func parse(t *testing.T, m Module, name string, v any) {
	t.Helper()
	for _, f := range m.Files {
		if f.Name == name {
			file, diags := hclparse.NewParser().ParseHCL(f.Bytes(), m.Name+"/"+name)
			if diags.HasErrors() {
				t.Fatalf("%s/%s does not parse: %s", m.Name, name, diags.Error())
			}
			if diags := gohcl.DecodeBody(file.Body, nil, v); diags.HasErrors() {
				t.Fatalf("%s/%s: %s", m.Name, name, diags.Error())
			}
			return
		}
	}
	t.Fatalf("module %s has no %s", m.Name, name)
}

// TestGenerate_parsesBack reads every generated .tf file back with hcl/v2:
// types are valid type constraints, defaults conform to them, conditions
// read only their own variable, main.tf passes every variable to the
// resource, and every output reads the resource.
func TestGenerate_parsesBack(t *testing.T) {
	for _, m := range generate(t) {
		var vars variablesFile
		parse(t, m, "variables.tf", &vars)
		names := map[string]bool{}
		for _, v := range vars.Variables {
			names[v.Name] = true
			checkVariable(t, m.Name, v)
		}
		checkMain(t, m, names)
		checkOutputs(t, m)
		parse(t, m, "versions.tf", &struct {
			Body hcl.Body `hcl:",remain"`
		}{})
	}
}

func checkVariable(t *testing.T, module string, v variableBlock) {
	t.Helper()
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(v.Type)
	if diags.HasErrors() {
		t.Fatalf("%s var.%s: type: %s", module, v.Name, diags.Error())
	}
	if v.Description == "" {
		t.Errorf("%s var.%s has no description", module, v.Name)
	}
	if v.Default != nil {
		def, diags := v.Default.Expr.Value(nil)
		if defaults != nil {
			def = defaults.Apply(def)
		}
		if _, err := convert.Convert(def, ty); diags.HasErrors() || err != nil {
			t.Errorf("%s var.%s: default does not conform to %s: %v %v", module, v.Name, ty.FriendlyName(), diags, err)
		}
	}
	for _, val := range v.Validations {
		for _, tr := range val.Condition.Variables() {
			if tr.RootName() != "var" || len(tr) < 2 || tr[1].(hcl.TraverseAttr).Name != v.Name {
				t.Errorf("%s var.%s: a condition reads %s", module, v.Name, traversalString(tr))
			}
		}
		if msg := val.ErrorMessage; msg == "" || msg[0] < 'A' || msg[0] > 'Z' || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s var.%s: error_message %q must be a sentence (Terraform 1.5 refuses others)", module, v.Name, msg)
		}
	}
}

func checkMain(t *testing.T, m Module, vars map[string]bool) {
	t.Helper()
	var main mainFile
	parse(t, m, "main.tf", &main)
	if len(main.Resources) != 1 || main.Resources[0].Type != "hipaa_"+m.Name || main.Resources[0].Name != "this" {
		t.Fatalf("%s/main.tf must hold one resource hipaa_%s.this", m.Name, m.Name)
	}
	attrs, diags := main.Resources[0].Body.JustAttributes()
	if diags.HasErrors() {
		t.Fatalf("%s/main.tf: %s", m.Name, diags.Error())
	}
	for name, a := range attrs {
		tr, diags := hcl.AbsTraversalForExpr(a.Expr)
		if diags.HasErrors() || traversalString(tr) != "var."+name {
			t.Errorf("%s/main.tf: %s is not var.%s", m.Name, name, name)
		}
	}
	for name := range vars {
		if attrs[name] == nil {
			t.Errorf("%s/main.tf does not pass var.%s", m.Name, name)
		}
	}
}

func checkOutputs(t *testing.T, m Module) {
	t.Helper()
	var outs outputsFile
	parse(t, m, "outputs.tf", &outs)
	if len(outs.Outputs) == 0 {
		t.Fatalf("%s has no outputs", m.Name)
	}
	for _, o := range outs.Outputs {
		tr, diags := hcl.AbsTraversalForExpr(o.Value)
		if want := "hipaa_" + m.Name + ".this." + o.Name; diags.HasErrors() || traversalString(tr) != want {
			t.Errorf("%s output %s: value is not %s", m.Name, o.Name, want)
		}
	}
}

func traversalString(tr hcl.Traversal) string {
	parts := []string{tr.RootName()}
	for _, s := range tr[1:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(parts, ".")
}

// TestGenerate_terraformFmt: terraform fmt would change nothing.
func TestGenerate_terraformFmt(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: install terraform 1.11.x (make test checks for it too)")
	}
	dir := t.TempDir()
	if _, err := Write(dir, generate(t), false); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tf, "fmt", "-check", "-recursive", "-diff", dir)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+rc)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform fmt would change the modules (%v):\n%s", err, out)
	}
}
