package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

// ValidateConfig refuses, before the provider is even configured, input no
// mode can accept: invalid values, malformed exceptions, hard violations.
func (r *kmsKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m kmsKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	s, known, diags := m.spec(ctx, nil)
	resp.Diagnostics.Append(diags...)
	if !known || resp.Diagnostics.HasError() {
		return
	}
	refuseAtPlan(&resp.Diagnostics, kmskey.ResourceType, kmskey.Validate(s), kmskey.Check(s), s.Exceptions, compliance.ModeEnforce, true)
}

// ModifyPlan evaluates every control under the provider's compliance_mode
// (refusing before any AWS call), fills defaults, and plans drift back to "".
func (r *kmsKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan, config kmsKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	s, known, diags := plan.spec(ctx, r.client.DefaultTags)
	resp.Diagnostics.Append(diags...)
	if !known || resp.Diagnostics.HasError() {
		return
	}
	refuseAtPlan(&resp.Diagnostics, kmskey.ResourceType, kmskey.Validate(s), kmskey.Check(s), s.Exceptions, compliance.Mode(r.client.Mode), false)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.setDefaults(s, config)
	plan.Drift = types.StringValue("")
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	x, err := r.executor(ctx)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot plan hipaa_kms_key", err)
		return
	}
	policy, err := kmskey.Policy(s, x.Env)
	if err == nil {
		plan.Policy = types.StringValue(policy)
		plan.AliasARN = types.StringValue(r.client.ARN("kms", s.AliasName()))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func hardOnly(v []compliance.Violation) []compliance.Violation {
	var out []compliance.Violation
	for _, x := range v {
		if x.Hard {
			out = append(out, x)
		}
	}
	return out
}
