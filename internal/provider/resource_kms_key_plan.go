package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts; every rule runs that reads only known arguments.
func (r *kmsKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m kmsKeyModel) (kmskey.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, nil)
	}, r.refusal)
}

func (r *kmsKeyResource) refusal(s kmskey.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: kmskey.ResourceType, Findings: kmskey.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ModifyPlan decides every rule on the known arguments of the configuration
// under compliance_mode, before any AWS call. With every argument known it
// fills the defaults and plans drift back to ""; on an update it also
// renders the key policy, which needs the account ID (the credential
// check, one STS call, made only after the rules pass).
func (r *kmsKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan, config kmsKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, u, diags := config.spec(ctx, r.client.DefaultTags)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.refusal(s, u).refuse(&resp.Diagnostics, compliance.Mode(r.client.Mode), false)
	if resp.Diagnostics.HasError() || u.Any() {
		return // values still unknown: the plan is decided again at apply
	}
	s = s.WithDefaults()
	plan.setDefaults(s, config)
	plan.Drift = types.StringValue("")
	if !req.State.Raw.IsNull() {
		r.planPolicy(ctx, s, &plan, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planPolicy shows the policy and alias ARN an update will write.
func (r *kmsKeyResource) planPolicy(ctx context.Context, s kmskey.Spec, plan *kmsKeyModel, diags *diagnostics) {
	x, err := r.executor(ctx)
	if err != nil {
		readError(diags, "Cannot plan hipaa_kms_key", err)
		return
	}
	if policy, err := kmskey.Policy(s, x.Env); err == nil {
		plan.Policy = types.StringValue(policy)
		plan.AliasARN = types.StringValue(r.client.ARN("kms", s.AliasName()))
	}
}
