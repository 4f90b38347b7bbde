package modulegen

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func render(t *testing.T, typeName string, sc schema.Schema) (Module, error) {
	t.Helper()
	return Render(context.Background(), Resource{TypeName: typeName, Provider: "hipaa", Module: strings.TrimPrefix(typeName, "hipaa_"), Schema: sc})
}

func file(t *testing.T, m Module, name string) string {
	t.Helper()
	for _, f := range m.Files {
		if f.Name == name {
			return string(f.Body)
		}
	}
	t.Fatalf("no %s", name)
	return ""
}

// TestRender_blocks: nested blocks become object variables and dynamic
// blocks, single ones guarded against null.
func TestRender_blocks(t *testing.T) {
	m, err := render(t, "hipaa_widget", schema.Schema{
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Name."},
			"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "ID."},
		},
		Blocks: map[string]schema.Block{
			"rule": schema.ListNestedBlock{MarkdownDescription: "Rules.", NestedObject: schema.NestedBlockObject{
				Attributes: map[string]schema.Attribute{
					"port": schema.Int64Attribute{Required: true},
					"note": schema.StringAttribute{Optional: true},
					"hits": schema.Int64Attribute{Computed: true},
				},
				Blocks: map[string]schema.Block{"match": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
					"cidr": schema.StringAttribute{Optional: true}}}},
			}},
			"logging": schema.SingleNestedBlock{MarkdownDescription: "Logging.", Attributes: map[string]schema.Attribute{
				"level": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("info")}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := file(t, m, "main.tf"), wantWidgetMain; got != want {
		t.Errorf("main.tf:\n%s\nwant:\n%s", got, want)
	}
	vars := file(t, m, "variables.tf")
	for _, want := range []string{
		"type = list(object({\n    match = optional(object({\n      cidr = optional(string)\n    }))\n    note = optional(string)\n    port = number\n  }))\n  default  = []\n  nullable = false",
		"type = object({\n    level = optional(string, \"info\")\n  })\n  default = null\n}",
	} {
		if !strings.Contains(vars, want) {
			t.Errorf("variables.tf lacks\n%s\ngot:\n%s", want, vars)
		}
	}
	if outs := file(t, m, "outputs.tf"); !strings.Contains(outs, `output "id"`) || strings.Contains(outs, "hits") {
		t.Errorf("outputs.tf:\n%s", outs)
	}
}

const wantWidgetMain = `
resource "hipaa_widget" "this" {
  name = var.name

  dynamic "logging" {
    for_each = var.logging == null ? [] : [var.logging]

    content {
      level = logging.value.level
    }
  }

  dynamic "rule" {
    for_each = var.rule

    content {
      note = rule.value.note
      port = rule.value.port

      dynamic "match" {
        for_each = rule.value.match == null ? [] : [rule.value.match]

        content {
          cidr = match.value.cidr
        }
      }
    }
  }
}
`

// TestRender_refuses a schema the module cannot represent, and a rule table
// that no longer matches the schema.
func TestRender_refuses(t *testing.T) {
	_, err := render(t, "hipaa_widget", schema.Schema{Attributes: map[string]schema.Attribute{
		"count": schema.Int64Attribute{Optional: true}}})
	if err == nil || !strings.Contains(err.Error(), `"count" is reserved`) {
		t.Errorf("attribute count: %v", err)
	}
	_, err = render(t, "hipaa_vpc", schema.Schema{Attributes: map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true}}})
	if err == nil || !strings.Contains(err.Error(), `names input "cidr_block"`) {
		t.Errorf("hipaa_vpc without cidr_block: %v", err)
	}
}

// TestRender_readme: inputs and outputs tables with types and defaults, and
// a usage block with every required input.
func TestRender_readme(t *testing.T) {
	m, err := render(t, "hipaa_widget", schema.Schema{MarkdownDescription: "A widget.", Attributes: map[string]schema.Attribute{
		"name":  schema.StringAttribute{Required: true, MarkdownDescription: "Name | label."},
		"sizes": schema.ListAttribute{Optional: true, ElementType: types.Int64Type, MarkdownDescription: "Sizes."},
		"arn":   schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "ARN."},
	}})
	if err != nil {
		t.Fatal(err)
	}
	readme := file(t, m, "README.md")
	for _, want := range []string{
		"# Module `widget`", "A widget.", "  source = \"github.com/hipaa-iac/terraform-provider-hipaa//modules/widget\"\n\n  name = \"<name>\"\n}",
		"| `name` | Name \\| label. | `string` | n/a | yes |", "| `sizes` | Sizes. | `list(number)` | `null` | no |", "| `arn` | ARN. |",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q:\n%s", want, readme)
		}
	}
	if outs := file(t, m, "outputs.tf"); !strings.Contains(outs, "sensitive   = true") {
		t.Errorf("the sensitive output is not marked:\n%s", outs)
	}
}
