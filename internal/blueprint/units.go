package blueprint

import (
	"maps"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Unit is one component deployed in one region of one environment: a
// Terragrunt unit, or a module block of the environment's root module in
// that region (its resource is made in ProviderRegion).
type Unit struct {
	Environment *Environment
	Region      string
	Component   *Component
	// Name is the value of the kind's name attribute ("" without one).
	Name string
	// Values are the literal inputs by attribute: the settings, the
	// region's settings over them, and the name. Null settings are left out.
	Values map[string]cty.Value
	Wires  []Wire // sorted by Target
}

// Wire is an input taken from another unit's output.
type Wire struct {
	Target string // an attribute, or a path into one: "flow_logs.kms_key_arn"
	From   *Unit
	Output string
}

// Units returns every unit: by environment, then region, then dependency order.
func (b *Blueprint) Units() []*Unit {
	var out []*Unit
	for _, env := range b.Environments {
		out = append(out, env.units...)
	}
	return out
}

// Units returns the units of env in region, in dependency order.
func (env *Environment) Units(region string) []*Unit {
	var out []*Unit
	for _, u := range env.units {
		if u.Region == region {
			out = append(out, u)
		}
	}
	return out
}

// Dependencies are the distinct units u takes inputs from, sorted by component ID.
func (u *Unit) Dependencies() []*Unit {
	var deps []*Unit
	for _, w := range u.Wires {
		if !slices.Contains(deps, w.From) {
			deps = append(deps, w.From)
		}
	}
	slices.SortFunc(deps, func(a, b *Unit) int { return strings.Compare(a.Component.ID(), b.Component.ID()) })
	return deps
}

// OutputsUsed are the outputs of dep that u takes, sorted.
func (u *Unit) OutputsUsed(dep *Unit) []string {
	var outs []string
	for _, w := range u.Wires {
		if w.From == dep && !slices.Contains(outs, w.Output) {
			outs = append(outs, w.Output)
		}
	}
	slices.Sort(outs)
	return outs
}

// Mock is a stand-in for u's output before u is applied: the configured
// value of an argument (followed through its wire), or the kind's mock.
func (u *Unit) Mock(output string) cty.Value {
	if v, ok := u.Values[output]; ok {
		return v
	}
	for _, w := range u.Wires {
		if w.Target == output {
			return w.From.Mock(w.Output)
		}
	}
	return u.Component.Kind.Mock(output, MockContext{Region: u.ProviderRegion(), AccountID: u.Environment.AccountID, ResourceName: u.Name})
}

// ProviderRegion is where u's resource is made: its component's
// provider_region, else u's region.
func (u *Unit) ProviderRegion() string {
	if r := u.Component.ProviderRegion; r != "" {
		return r
	}
	return u.Region
}

// buildUnits creates env's units; components are in dependency order, so
// every wire's source exists when it is needed.
func (env *Environment) buildUnits() {
	env.units = nil
	for _, r := range env.Regions {
		byID := map[string]*Unit{}
		for _, c := range env.Components {
			if !slices.Contains(c.Regions, r) {
				continue
			}
			u := &Unit{Environment: env, Region: r, Component: c, Values: c.values(r)}
			if k := c.Kind; k.NameAttribute != "" {
				u.Name = ResourceName(env.Name, c.Name, u.ProviderRegion())
				u.Values[k.NameAttribute] = cty.StringVal(u.Name)
			}
			for _, in := range c.Inputs {
				u.Wires = append(u.Wires, Wire{Target: in.Target, From: byID[in.From.ComponentID()], Output: in.From.Output})
			}
			byID[c.ID()] = u
			env.units = append(env.units, u)
		}
	}
}

// values merges the settings with the region's, dropping nulls.
func (c *Component) values(region string) map[string]cty.Value {
	out := maps.Clone(c.Settings)
	if out == nil {
		out = map[string]cty.Value{}
	}
	maps.Copy(out, c.RegionSettings[region])
	maps.DeleteFunc(out, func(_ string, v cty.Value) bool { return v.IsNull() })
	return out
}

// ResourceName names a component's resource in a region:
// "<environment>-<component>-<region code>", such as "prod-main-use1".
func ResourceName(env, component, region string) string {
	return env + "-" + component + "-" + RegionCode(region)
}

// directionCodes abbreviate the middle words of region names.
var directionCodes = map[string]string{
	"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
	"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
}

// RegionCode abbreviates a region name: "us-east-1" is "use1",
// "ap-southeast-2" "apse2", "us-gov-west-1" "usgw1".
func RegionCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region
	}
	var b strings.Builder
	b.WriteString(parts[0])
	for _, p := range parts[1 : len(parts)-1] {
		if code, ok := directionCodes[p]; ok {
			b.WriteString(code)
		} else {
			b.WriteString(p[:1])
		}
	}
	b.WriteString(parts[len(parts)-1])
	return b.String()
}
