package eject

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Input variables pass through eject where a hipaa_* argument only carries
// an identifier into the children (a VPC ID, subnet IDs, a key ARN): the
// expansion does not depend on the value, so eject expands with a
// well-formed placeholder and renders var.<name> wherever it lands. Where
// the expansion depends on the value (CIDRs, zones, ports, names, retention)
// a variable is refused: the plain output would have to recompute the layout
// in HCL.

// passKind is what a passed-through variable stands for.
type passKind int

const (
	passVPCID passKind = iota + 1
	passSubnetIDs
	passSecurityGroupID
	passKMSKeyARN
)

// passThrough lists, per resource type, the arguments that may take a
// variable and what it stands for. An argument holding an object (flow_logs)
// passes a variable to its identifier field only.
var passThrough = map[string]map[string]passKind{
	"hipaa_database": {"vpc_id": passVPCID, "subnet_ids": passSubnetIDs,
		"allowed_security_group_ids": passSecurityGroupID, "kms_key_arn": passKMSKeyARN},
	"hipaa_vpc":               {"flow_logs": passKMSKeyARN},
	"hipaa_audit_trail":       {"kms_key_arn": passKMSKeyARN},
	"hipaa_bucket":            {"kms_key_arn": passKMSKeyARN},
	"hipaa_backup_plan":       {"kms_key_arn": passKMSKeyARN},
	"hipaa_security_baseline": {"kms_key_arn": passKMSKeyARN, "ebs_default_encryption_kms_key_arn": passKMSKeyARN},
}

// variable is one input variable the hipaa_* resources use.
type variable struct {
	name  string
	kind  passKind
	whole bool // used as a whole list (subnet_ids = var.x), not an element
}

// scanVariables finds every var.<name> the resources' arguments use and
// checks each is one eject can pass through.
func scanVariables(blocks hcl.Blocks) (map[string]*variable, error) {
	declared := map[string]hcl.Range{}
	for _, b := range blocks {
		if b.Type == "variable" {
			declared[b.Labels[0]] = b.DefRange
		}
	}
	vars := map[string]*variable{}
	var errs []error
	for _, b := range blocks {
		if b.Type != "resource" {
			continue
		}
		typ, name := b.Labels[0], b.Labels[1]
		attrs, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			continue // decoding the block reports it
		}
		for _, attr := range slices.Sorted(maps.Keys(attrs)) {
			a := attrs[attr]
			for _, tr := range a.Expr.Variables() {
				if tr.RootName() != "var" {
					continue
				}
				vn := varName(tr)
				if _, ok := declared[vn]; !ok {
					errs = append(errs, fmt.Errorf("%s.%s: %s uses var.%s, which no variable block declares", typ, name, attr, vn))
					continue
				}
				kind, ok := passThrough[typ][attr]
				if !ok {
					errs = append(errs, fmt.Errorf("%s.%s: %s uses var.%s: eject passes variables through only for the IDs and ARNs of %s; "+
						"the expansion depends on %s, so give it a literal value", typ, name, attr, vn, passList(typ), attr))
					continue
				}
				whole := isTraversal(a.Expr)
				switch {
				case kind == passSecurityGroupID && whole:
					errs = append(errs, fmt.Errorf("%s.%s: %s = var.%s: the number of rules depends on the list, so list the groups ([var.a, var.b])",
						typ, name, attr, vn))
					continue
				case kind != passSubnetIDs:
					whole = false // a string: an ARN, an ID, or one element of a list
				}
				v := &variable{name: vn, kind: kind, whole: whole}
				if prev, ok := vars[vn]; ok && (prev.kind != v.kind || prev.whole != v.whole) {
					errs = append(errs, fmt.Errorf("%s.%s: var.%s is used for different things (%s); eject passes a variable through as one kind of ID",
						typ, name, vn, attr))
					continue
				}
				vars[vn] = v
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return vars, nil
}

func varName(tr hcl.Traversal) string {
	if len(tr) > 1 {
		if a, ok := tr[1].(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

func isTraversal(expr hcl.Expression) bool {
	_, diags := hcl.AbsTraversalForExpr(expr)
	return !diags.HasErrors()
}

func passList(typ string) string {
	if len(passThrough[typ]) == 0 {
		return typ + " (none)"
	}
	return typ + " (" + strings.Join(slices.Sorted(maps.Keys(passThrough[typ])), ", ") + ")"
}

// placeholders gives each variable a well-formed stand-in value, registers
// it to render as var.<name>, and returns the var object for evaluation.
func (e *File) placeholders(vars map[string]*variable, region string) cty.Value {
	if len(vars) == 0 {
		return cty.NilVal
	}
	vals := map[string]cty.Value{}
	for _, n := range slices.Sorted(maps.Keys(vars)) {
		v := vars[n]
		ref := "var." + n
		one := func(i int, ref string) cty.Value {
			var s string
			switch v.kind {
			case passVPCID:
				s = fmt.Sprintf("vpc-feedbeef%05x", len(e.refs))
			case passSubnetIDs:
				s = fmt.Sprintf("subnet-feedbeef%05x", len(e.refs))
			case passSecurityGroupID:
				s = fmt.Sprintf("sg-feedbeef%05x", len(e.refs))
			case passKMSKeyARN:
				s = fmt.Sprintf("arn:aws:kms:%s:%s:key/feedbeef-0000-4000-9000-%012x", region, accountPlaceholder, len(e.refs))
			}
			e.Refer(s, ref)
			return cty.StringVal(s)
		}
		if !v.whole {
			vals[n] = one(0, ref)
			continue
		}
		// Two elements: the checks want subnets in two zones. A list the
		// expansion copies whole renders as var.<name> (see strings).
		elems := []cty.Value{one(0, ref+"[0]"), one(1, ref+"[1]")}
		e.listRefs = append(e.listRefs, listRef{elems: []string{elems[0].AsString(), elems[1].AsString()}, expr: ref})
		vals[n] = cty.ListVal(elems)
	}
	return cty.ObjectVal(vals)
}

// listRef is a list of placeholders that renders as one expression.
type listRef struct {
	elems []string
	expr  string
}

// strings renders a list of strings: the expression of a list variable
// when vs is exactly its placeholders, otherwise a tuple of literals.
func (e *File) strings(vs []string) string {
	for _, lr := range e.listRefs {
		if slices.Equal(lr.elems, vs) {
			return lr.expr
		}
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, e.literal(v))
	}
	return list(out)
}

// declarations are the variable blocks of vars for the output, in name
// order: copied from the source as written for native syntax (type,
// description, default, validation, sensitive), typed by use otherwise.
func declarations(filename string, src []byte, vars map[string]*variable) ([]*hclwrite.Block, error) {
	if len(vars) == 0 {
		return nil, nil
	}
	found := map[string]*hclwrite.Block{}
	if !strings.HasSuffix(filename, ".json") {
		f, diags := hclwrite.ParseConfig(src, filename, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, diags
		}
		for _, b := range f.Body().Blocks() {
			if b.Type() == "variable" && len(b.Labels()) == 1 && vars[b.Labels()[0]] != nil {
				found[b.Labels()[0]] = b
			}
		}
	}
	var out []*hclwrite.Block
	for _, n := range slices.Sorted(maps.Keys(vars)) {
		b, ok := found[n]
		if !ok {
			b = hclwrite.NewBlock("variable", []string{n})
			typ := "string"
			if vars[n].whole {
				typ = "list(string)"
			}
			b.Body().SetAttributeRaw("type", hclwrite.TokensForIdentifier(typ))
		}
		out = append(out, b)
	}
	return out, nil
}
