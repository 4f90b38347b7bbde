package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

type diagnostics = diag.Diagnostics

// refusal is one resource's verdict on its Spec: what its rules found,
// its exceptions, and what was not known when the Spec was built.
type refusal struct {
	ResourceType string
	Findings     compliance.Findings
	Exceptions   []compliance.Exception
	Unknown      compliance.Unknown
}

// refuse appends the input errors and the compliance findings under mode.
// hard limits the findings to violations no mode or exception accepts
// (ValidateConfig, before the provider's compliance_mode is known).
func (f refusal) refuse(diags *diagnostics, mode compliance.Mode, hard bool) {
	for _, e := range f.Findings.Input {
		inputError(diags, e.Attribute, e.Detail)
	}
	appendCompliance(diags, compliance.ValidateExceptions(f.ResourceType, f.Exceptions, f.Unknown))
	if hard {
		appendCompliance(diags, compliance.EvaluateAtPlan(f.ResourceType, mode, compliance.HardOnly(f.Findings.Violations), nil, f.Unknown).Diagnostics)
		return
	}
	appendCompliance(diags, compliance.EvaluateAtPlan(f.ResourceType, mode, f.Findings.Violations, f.Exceptions, f.Unknown).Diagnostics)
}

// stillUnknown refuses to apply a Spec built while a value was unknown:
// at apply every argument is known, so this is a provider bug, caught
// before any AWS call.
func stillUnknown(diags *diagnostics, resourceType, name string, u compliance.Unknown) bool {
	if !u.Any() {
		return false
	}
	diags.AddError("Cannot apply "+resourceType+" "+name,
		"These arguments are still unknown at apply: "+strings.Join(u.Paths(), ", ")+". This is a bug in terraform-provider-hipaa; please report it.")
	return true
}
