package blueprint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// resolve checks that every reference names a component of env deployed
// in every region the referrer is, that the references have no cycle, and
// puts env.Components in dependency order.
func (env *Environment) resolve() hcl.Diagnostics {
	byID := map[string]*Component{}
	for _, c := range env.Components {
		byID[c.ID()] = c
	}
	var diags hcl.Diagnostics
	for _, c := range env.Components {
		for _, in := range c.Inputs {
			diags = append(diags, env.checkReference(c, in, byID)...)
		}
	}
	if diags.HasErrors() {
		return diags
	}
	order, cycle := dependencyOrder(env.Components, byID)
	if cycle != nil {
		return hcl.Diagnostics{cycle}
	}
	env.Components = order
	return nil
}

func (env *Environment) checkReference(c *Component, in Input, byID map[string]*Component) hcl.Diagnostics {
	dep, ok := byID[in.From.ComponentID()]
	if !ok {
		return hcl.Diagnostics{errorAt(in.Range, "Reference to undeclared component "+in.From.ComponentID(), fmt.Sprintf(
			"Environment %s has no component %q %q: declare it, or reference one of %s.",
			env.Name, in.From.Kind, in.From.Name, lists.Quoted(componentIDs(env.Components))))}
	}
	for _, r := range c.Regions {
		if !slices.Contains(dep.Regions, r) {
			return hcl.Diagnostics{errorAt(in.Range, fmt.Sprintf("%s is not deployed in %s", dep.ID(), r), fmt.Sprintf(
				"%s takes %s from it in every region it is deployed in (%s), but %s is deployed only in %s.",
				c.ID(), in.Target, strings.Join(c.Regions, ", "), dep.ID(), strings.Join(dep.Regions, ", ")))}
		}
	}
	return nil
}

func componentIDs(cs []*Component) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID()
	}
	return ids
}

// dependencyOrder sorts components so each comes after the components it
// takes inputs from, keeping declaration order otherwise (a depth-first
// post-order). On a cycle it returns a diagnostic at the reference that
// closes it.
func dependencyOrder(cs []*Component, byID map[string]*Component) ([]*Component, *hcl.Diagnostic) {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*Component]int{}
	var order, stack []*Component
	var visit func(c *Component) *hcl.Diagnostic
	visit = func(c *Component) *hcl.Diagnostic {
		state[c] = visiting
		stack = append(stack, c)
		for _, in := range c.Inputs {
			dep := byID[in.From.ComponentID()]
			switch state[dep] {
			case visiting:
				return cycleDiagnostic(stack[slices.Index(stack, dep):], in)
			case unvisited:
				if d := visit(dep); d != nil {
					return d
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[c] = done
		order = append(order, c)
		return nil
	}
	for _, c := range cs {
		if state[c] == unvisited {
			if d := visit(c); d != nil {
				return nil, d
			}
		}
	}
	return order, nil
}

func cycleDiagnostic(path []*Component, closing Input) *hcl.Diagnostic {
	ids := append(componentIDs(path), path[0].ID())
	return errorAt(closing.Range, "Dependency cycle: "+strings.Join(ids, " → "),
		"Each component takes inputs only from components applied before it; break the cycle by removing one of these references.")
}

func errorAt(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	r := rng
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &r}
}
