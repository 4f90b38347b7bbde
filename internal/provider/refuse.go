package provider

import (
	"slices"
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

// refuseAtPlan is the all-or-nothing refusal the resources not yet moved to
// refusal still use. TODO(issue 12): removed once every resource decides on
// what is known.
func refuseAtPlan[E ~struct {
	Attribute string
	Detail    string
}](diags *diagnostics, resourceType string, input []E, v []compliance.Violation,
	exceptions []compliance.Exception, mode compliance.Mode, hard bool, skip ...string) {
	var in []compliance.InputError
	for _, e := range input {
		if x := compliance.InputError(e); !slices.Contains(skip, x.Attribute) {
			in = append(in, x)
		}
	}
	refusal{ResourceType: resourceType, Findings: compliance.Findings{Input: in, Violations: v}, Exceptions: exceptions}.refuse(diags, mode, hard)
}
