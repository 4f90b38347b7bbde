package hclgen

import (
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

func TestFile_blocksAndExpressions(t *testing.T) {
	f := hclwrite.NewFile()
	v := AppendBlock(f.Body(), "variable", "name")
	v.SetAttributeValue("type", cty.StringVal("x"))
	if err := SetExpr(v, "type", "list(string)"); err != nil {
		t.Fatal(err)
	}
	val := AppendBlock(v, "validation")
	if err := SetExpr(val, "condition", `can(regex("^a", var.name))`); err != nil {
		t.Fatal(err)
	}
	r := AppendBlock(f.Body(), "resource", "hipaa_vpc", "this")
	r.SetAttributeTraversal("name", Ref("var", "name"))
	r.SetAttributeTraversal("long_attribute_name", Ref("hipaa_vpc", "other", "id"))
	want := `variable "name" {
  type = list(string)

  validation {
    condition = can(regex("^a", var.name))
  }
}

resource "hipaa_vpc" "this" {
  name                = var.name
  long_attribute_name = hipaa_vpc.other.id
}
`
	if got := string(Format(f)); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestExpr_refusesBadSyntax(t *testing.T) {
	for _, src := range []string{"a ==", "foo(", `"unterminated`, "a = b"} {
		if _, err := Expr(src); err == nil {
			t.Errorf("Expr(%q) accepted bad syntax", src)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		`^\d{12}$`: `"^\\d{12}$"`,
		`a"b`:      `"a\"b"`,
		"${x}%{y}": `"$${x}%%{y}"`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSortedKeys(t *testing.T) {
	got := SortedKeys(map[string]int{"b": 1, "a": 2, "c": 3})
	if len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "c" {
		t.Fatal(got)
	}
}
