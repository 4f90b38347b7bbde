package modulegen

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// blockShape is what main.tf needs to render a nested block from a
// variable: dynamic blocks over its configurable attributes and blocks.
type blockShape struct {
	single bool     // at most one block: the variable is an object or null
	attrs  []string // configurable attributes, sorted
	blocks []nestedBlock
}

type nestedBlock struct {
	name  string
	shape blockShape
}

// blockInput turns a top-level block into a variable: an object (default
// null) for a single block, a list or set of objects (default empty) for
// repeated ones.
func blockInput(ctx context.Context, name string, b schema.Block) (input, error) {
	t, shape, err := blockType(ctx, b)
	if err != nil {
		return input{}, err
	}
	in := input{name: name, description: describe(name, b), typ: t, block: &shape}
	if shape.single {
		in.def, in.nullable = cty.NullVal(t.cty()), true
	} else {
		in.def = emptyCollection(t)
	}
	return in, nil
}

// blockType is the type constraint and shape of a block.
func blockType(ctx context.Context, b schema.Block) (tfType, blockShape, error) {
	switch b := b.(type) {
	case schema.SingleNestedBlock:
		obj, shape, err := blockObject(ctx, b.Attributes, b.Blocks)
		shape.single = true
		return obj, shape, err
	case schema.ListNestedBlock:
		obj, shape, err := blockObject(ctx, b.NestedObject.Attributes, b.NestedObject.Blocks)
		return collection(kindList, obj), shape, err
	case schema.SetNestedBlock:
		obj, shape, err := blockObject(ctx, b.NestedObject.Attributes, b.NestedObject.Blocks)
		return collection(kindSet, obj), shape, err
	}
	return tfType{}, blockShape{}, fmt.Errorf("block kind %T is not supported", b)
}

// blockObject is the object type of one block: its configurable attributes,
// then its nested blocks as optional fields (null or empty when absent).
func blockObject(ctx context.Context, attrs map[string]schema.Attribute, blocks map[string]schema.Block) (tfType, blockShape, error) {
	obj, err := objectType(ctx, attrs)
	if err != nil {
		return tfType{}, blockShape{}, err
	}
	var shape blockShape
	for _, f := range obj.fields {
		shape.attrs = append(shape.attrs, f.name)
	}
	for _, name := range hclgen.SortedKeys(blocks) {
		t, inner, err := blockType(ctx, blocks[name])
		if err != nil {
			return tfType{}, blockShape{}, fmt.Errorf("%s: %w", name, err)
		}
		f := field{name: name, typ: t, optional: true, def: cty.NilVal}
		if !inner.single {
			f.def = emptyCollection(t)
		}
		obj.fields = append(obj.fields, f)
		shape.blocks = append(shape.blocks, nestedBlock{name: name, shape: inner})
	}
	sortFields(obj.fields)
	return obj, shape, nil
}

func emptyCollection(t tfType) cty.Value {
	if t.kind == kindSet {
		return cty.SetValEmpty(t.elem.cty())
	}
	return cty.ListValEmpty(t.elem.cty())
}
