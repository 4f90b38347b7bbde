package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// exceptionModel is one entry of exceptions = [{ control, reason }].
type exceptionModel struct {
	Control types.String `tfsdk:"control"`
	Reason  types.String `tfsdk:"reason"`
}

var exceptionAttrTypes = map[string]attr.Type{"control": types.StringType, "reason": types.StringType}

func exceptionsAttribute() schema.Attribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Explicit, recorded waivers of controls: `[{ control = \"NET-04\", reason = \"…\" }]`. " +
			"A waived control is reported as a warning at every plan and kept in state for the evidence report. " +
			"Checks that AWS itself would reject cannot be waived.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"control": schema.StringAttribute{Required: true, MarkdownDescription: "Control ID, e.g. `KEY-02`."},
			"reason": schema.StringAttribute{Required: true, MarkdownDescription: "Why the risk is accepted (required, recorded).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		}},
	}
}

func tagsAttribute() schema.Attribute {
	return schema.MapAttribute{Optional: true, ElementType: types.StringType,
		MarkdownDescription: "Tags for every object created, merged over the provider's `default_tags`. " +
			"`hipaa:managed-by` and `hipaa:owner` are always set by the provider. Updates in place."}
}

func driftAttribute() schema.Attribute {
	return schema.StringAttribute{Computed: true,
		MarkdownDescription: "Differences between the AWS objects and the configuration found by the last refresh " +
			"(empty when none). A non-empty value is planned back to empty and apply repairs the objects."}
}

// objectAsOptions reads a nested object whose computed fields may be unknown.
var objectAsOptions = basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true}

// within bounds ctx by the configured timeout (get is a timeouts.Value's
// Create, Update or Delete), def when unset; the caller defers cancel.
func within(ctx context.Context, diags *diag.Diagnostics, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration) (context.Context, context.CancelFunc) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}
