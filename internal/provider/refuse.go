package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
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

// validateConfig is every resource's ValidateConfig: the configuration
// read into a model M, converted with no provider context (spec), and the
// hard refusals decided on what is known.
func validateConfig[M, S any](ctx context.Context, config tfsdk.Config, diags *diagnostics,
	spec func(M) (S, compliance.Unknown, diag.Diagnostics), verdict func(S, compliance.Unknown) refusal) {
	var m M
	if diags.Append(config.Get(ctx, &m)...); diags.HasError() {
		return
	}
	s, u, d := spec(m)
	if diags.Append(d...); diags.HasError() {
		return
	}
	verdict(s, u).refuse(diags, compliance.ModeEnforce, true)
}

// accountID is the caller's account ID, which names a resource's objects;
// doing is the summary of the error when it cannot be had.
func accountID(ctx context.Context, c *awsclient.Client, diags *diagnostics, doing string) (string, bool) {
	account, err := c.Identity(ctx)
	if err != nil {
		awsError(diags, doing, err)
		return "", false
	}
	if account == "" {
		diags.AddError(doing, "The names of this resource's objects need the account ID: do not set skip_requesting_account_id.")
		return "", false
	}
	return account, true
}
