package provider

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

type diagnostics = diag.Diagnostics

// inputErr is the shape of every core package's InputError.
type inputErr interface {
	~struct {
		Attribute string
		Detail    string
	}
}

// refuseAtPlan appends a resource's input errors and its compliance
// findings under mode; hard limits the findings to violations no mode or
// exception accepts (ValidateConfig, before the provider is configured).
// Attributes in skip (context filled by the provider) are not reported.
func refuseAtPlan[E inputErr](diags *diagnostics, resourceType string, input []E, v []compliance.Violation,
	exceptions []compliance.Exception, mode compliance.Mode, hard bool, skip ...string) {
	for _, e := range input {
		x := struct {
			Attribute string
			Detail    string
		}(e)
		if !slices.Contains(skip, x.Attribute) {
			inputError(diags, x.Attribute, x.Detail)
		}
	}
	appendCompliance(diags, compliance.ValidateExceptions(resourceType, exceptions))
	if hard {
		appendCompliance(diags, compliance.Evaluate(resourceType, mode, hardOnly(v), nil).Diagnostics)
		return
	}
	appendCompliance(diags, compliance.Evaluate(resourceType, mode, v, exceptions).Diagnostics)
}
