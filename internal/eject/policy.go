package eject

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclwrite"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// policy renders a JSON policy document as jsonencode({ ... }), with the
// account and partition placeholders and Refer'red values as
// interpolations, so the document reads as HCL and stays valid in any account.
func (e *File) policy(doc string) string {
	t, err := ctyjson.ImpliedType([]byte(doc))
	if err != nil {
		panic(fmt.Errorf("policy document: %w", err)) // rendered by this module: a bug
	}
	v, err := ctyjson.Unmarshal([]byte(doc), t)
	if err != nil {
		panic(fmt.Errorf("policy document: %w", err))
	}
	return "jsonencode(" + e.interpolate(string(hclwrite.TokensForValue(v).Bytes())) + ")"
}
