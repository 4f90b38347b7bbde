package blueprint

import (
	"errors"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// step is one step of a path into a setting: an attribute (or map key)
// name, or a list index.
type step struct {
	name  string
	index int
	isIdx bool
}

var attrStepRE = regexp.MustCompile(`^([a-z0-9_]+)\[(\d+)\]$`)

// parseAttrPath reads the provider's attribute paths: "flow_logs.kms_key_arn",
// "exceptions[0].control".
func parseAttrPath(s string) []step {
	if s == "" {
		return nil
	}
	var steps []step
	for _, part := range strings.Split(s, ".") {
		if m := attrStepRE.FindStringSubmatch(part); m != nil {
			i, _ := strconv.Atoi(m[2])
			steps = append(steps, step{name: m[1]}, step{index: i, isIdx: true})
			continue
		}
		steps = append(steps, step{name: part})
	}
	return steps
}

// pathSteps extracts the path of a cty.PathError (nil for other errors).
func pathSteps(err error) []step {
	var pe cty.PathError
	if !errors.As(err, &pe) {
		return nil
	}
	var steps []step
	for _, s := range pe.Path {
		switch s := s.(type) {
		case cty.GetAttrStep:
			steps = append(steps, step{name: s.Name})
		case cty.IndexStep:
			steps = append(steps, indexStep(s.Key))
		}
	}
	return steps
}

func indexStep(key cty.Value) step {
	if key.Type() == cty.String {
		return step{name: key.AsString()}
	}
	if key.Type() == cty.Number {
		i, _ := key.AsBigFloat().Int(new(big.Int))
		return step{index: int(i.Int64()), isIdx: true}
	}
	return step{index: -1, isIdx: true} // a set element: no position
}

// formatSteps renders steps after an attribute name: ".retention_days", "[0].reason".
func formatSteps(steps []step) string {
	var b strings.Builder
	for _, s := range steps {
		if s.isIdx {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		b.WriteString("." + s.name)
	}
	return b.String()
}

// rangeAt is the range of the deepest part of expr that steps reach.
func rangeAt(expr hcl.Expression, steps []step) hcl.Range {
	for _, s := range steps {
		next := childExpr(expr, s)
		if next == nil {
			break
		}
		expr = next
	}
	return expr.Range()
}

// childExpr is the expression of one attribute or element of a literal
// object or list expression, or nil.
func childExpr(expr hcl.Expression, s step) hcl.Expression {
	if s.isIdx {
		items, diags := hcl.ExprList(expr)
		if diags.HasErrors() || s.index < 0 || s.index >= len(items) {
			return nil
		}
		return items[s.index]
	}
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		return nil
	}
	for _, p := range pairs {
		if k, d := p.Key.Value(nil); !d.HasErrors() && k.Type() == cty.String && k.AsString() == s.name {
			return p.Value
		}
	}
	return nil
}

// Within reports whether the attribute path target is path or lies inside
// it: "rules[0].copy_to[0].kms_key_arn" is within "rules", "rules[0]" and
// "rules[0].copy_to".
func Within(target, path string) bool {
	return target == path || strings.HasPrefix(target, path+".") || strings.HasPrefix(target, path+"[")
}

// overlaps reports whether one attribute path is the other or inside it.
func overlaps(a, b string) bool { return Within(a, b) || Within(b, a) }

// pathString renders steps as an attribute path: "rules[0].copy_to[0].region".
func pathString(steps []step) string { return strings.TrimPrefix(formatSteps(steps), ".") }

// hasIndex reports whether a path steps into a list element.
func hasIndex(steps []step) bool {
	return slices.ContainsFunc(steps, func(s step) bool { return s.isIdx })
}
