package modulegen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// kind is the constructor of a Terraform type constraint.
type kind string

// Type constraint constructors.
const (
	kindString kind = "string"
	kindNumber kind = "number"
	kindBool   kind = "bool"
	kindAny    kind = "any"
	kindList   kind = "list"
	kindSet    kind = "set"
	kindMap    kind = "map"
	kindObject kind = "object"
)

// tfType is a Terraform type constraint as a variable declares it,
// including optional(...) object attributes and their defaults.
type tfType struct {
	kind   kind
	elem   *tfType // list, set, map
	fields []field // object, sorted by name
}

// field is one attribute of an object type constraint.
type field struct {
	name     string
	typ      tfType
	optional bool
	def      cty.Value // default of an optional field; cty.NilVal when none
}

func sortFields(fs []field) {
	slices.SortFunc(fs, func(a, b field) int { return strings.Compare(a.name, b.name) })
}

func primitive(k kind) tfType { return tfType{kind: k} }

func collection(k kind, elem tfType) tfType { return tfType{kind: k, elem: &elem} }

// fromTF converts a plugin-protocol type. Object attributes are all
// required: only nested attributes (see attributeType) can mark a field
// optional.
func fromTF(t tftypes.Type) (tfType, error) {
	switch {
	case t.Is(tftypes.String):
		return primitive(kindString), nil
	case t.Is(tftypes.Number):
		return primitive(kindNumber), nil
	case t.Is(tftypes.Bool):
		return primitive(kindBool), nil
	case t.Is(tftypes.DynamicPseudoType):
		return primitive(kindAny), nil
	}
	switch t := t.(type) {
	case tftypes.List:
		return collectionFromTF(kindList, t.ElementType)
	case tftypes.Set:
		return collectionFromTF(kindSet, t.ElementType)
	case tftypes.Map:
		return collectionFromTF(kindMap, t.ElementType)
	case tftypes.Object:
		return objectFromTF(t)
	}
	return tfType{}, fmt.Errorf("type %s has no Terraform type constraint here", t)
}

func collectionFromTF(k kind, elem tftypes.Type) (tfType, error) {
	e, err := fromTF(elem)
	if err != nil {
		return tfType{}, err
	}
	return collection(k, e), nil
}

func objectFromTF(t tftypes.Object) (tfType, error) {
	out := tfType{kind: kindObject}
	for _, name := range hclgen.SortedKeys(t.AttributeTypes) {
		ft, err := fromTF(t.AttributeTypes[name])
		if err != nil {
			return tfType{}, fmt.Errorf("attribute %s: %w", name, err)
		}
		_, optional := t.OptionalAttributes[name]
		out.fields = append(out.fields, field{name: name, typ: ft, optional: optional, def: cty.NilVal})
	}
	return out, nil
}

// cty is the value type of t (object fields lose their optional marks).
func (t tfType) cty() cty.Type {
	switch t.kind {
	case kindString:
		return cty.String
	case kindNumber:
		return cty.Number
	case kindBool:
		return cty.Bool
	case kindList:
		return cty.List(t.elem.cty())
	case kindSet:
		return cty.Set(t.elem.cty())
	case kindMap:
		return cty.Map(t.elem.cty())
	case kindObject:
		attrs := make(map[string]cty.Type, len(t.fields))
		for _, f := range t.fields {
			attrs[f.name] = f.typ.cty()
		}
		return cty.Object(attrs)
	}
	return cty.DynamicPseudoType
}

// tokens renders t as a type constraint; objects span several lines.
func (t tfType) tokens() hclwrite.Tokens {
	switch t.kind {
	case kindList, kindSet, kindMap:
		return hclwrite.TokensForFunctionCall(string(t.kind), t.elem.tokens())
	case kindObject:
		attrs := make([]hclwrite.ObjectAttrTokens, 0, len(t.fields))
		for _, f := range t.fields {
			attrs = append(attrs, hclwrite.ObjectAttrTokens{Name: hclwrite.TokensForIdentifier(f.name), Value: f.tokens()})
		}
		return hclwrite.TokensForFunctionCall(string(kindObject), hclwrite.TokensForObject(attrs))
	}
	return hclwrite.TokensForIdentifier(string(t.kind))
}

func (f field) tokens() hclwrite.Tokens {
	switch {
	case !f.optional:
		return f.typ.tokens()
	case f.def == cty.NilVal:
		return hclwrite.TokensForFunctionCall("optional", f.typ.tokens())
	}
	return hclwrite.TokensForFunctionCall("optional", f.typ.tokens(), hclwrite.TokensForValue(f.def))
}

// String renders t on one line, for the README.
func (t tfType) String() string {
	switch t.kind {
	case kindList, kindSet, kindMap:
		return string(t.kind) + "(" + t.elem.String() + ")"
	case kindObject:
		parts := make([]string, 0, len(t.fields))
		for _, f := range t.fields {
			parts = append(parts, f.name+" = "+f.String())
		}
		return "object({ " + strings.Join(parts, ", ") + " })"
	}
	return string(t.kind)
}

func (f field) String() string {
	switch {
	case !f.optional:
		return f.typ.String()
	case f.def == cty.NilVal:
		return "optional(" + f.typ.String() + ")"
	}
	return "optional(" + f.typ.String() + ", " + compactValue(f.def) + ")"
}

// example is a placeholder value of type t for the README's usage snippet:
// strings name the input, objects list their required fields.
func (t tfType) example(name string) string {
	switch t.kind {
	case kindString:
		return fmt.Sprintf("%q", "<"+name+">")
	case kindNumber:
		return "0"
	case kindBool:
		return "false"
	case kindList, kindSet:
		return "[" + t.elem.example(name) + "]"
	case kindMap:
		return "{}"
	case kindObject:
		var parts []string
		for _, f := range t.fields {
			if !f.optional {
				parts = append(parts, f.name+" = "+f.typ.example(f.name))
			}
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return "null"
}
