package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts; every rule runs that reads only known arguments.
func (r *vpcResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m vpcModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	s, u, diags := m.spec(ctx, "", nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.refusal(s, u).refuse(&resp.Diagnostics, compliance.ModeEnforce, true)
}

func (r *vpcResource) refusal(s vpc.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: vpc.ResourceType, Findings: vpc.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ModifyPlan decides every rule on the known arguments of the configuration
// under compliance_mode, before any AWS call. Only when they pass does it
// read the region's zones (availability_zones omitted) and check them; with
// every argument known it fills the defaults and plans drift back to "".
func (r *vpcResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.warnRetained(ctx, req, resp)
		return
	}
	var plan, config vpcModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	s, u, diags := config.spec(ctx, r.client.Region, r.client.DefaultTags)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	mode := compliance.Mode(r.client.Mode)
	r.refusal(s, u).refuse(&resp.Diagnostics, mode, false)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.AvailabilityZones.IsNull() {
		azs, ok := r.planZones(ctx, plan, &resp.Diagnostics)
		if !ok {
			return
		}
		s.AvailabilityZones = azs
		u = u.Without("availability_zones")
		r.refusal(s, u).refuse(&resp.Diagnostics, mode, true)
	}
	if resp.Diagnostics.HasError() || u.Any() {
		return // values still unknown: the plan is decided again at apply
	}
	resp.Diagnostics.Append(plan.setDefaults(ctx, s.WithDefaults(), config)...)
	r.planOutputs(ctx, req, &plan)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planZones is the zones of an omitted availability_zones: those already
// in the plan (from state), or the region's first ones (one AWS call).
func (r *vpcResource) planZones(ctx context.Context, plan vpcModel, diags *diagnostics) ([]string, bool) {
	if !plan.AvailabilityZones.IsUnknown() && !plan.AvailabilityZones.IsNull() {
		var azs []string
		diags.Append(plan.AvailabilityZones.ElementsAs(ctx, &azs, false)...)
		return azs, !diags.HasError()
	}
	azs, err := vpc.DefaultAZs(ctx, r.client.EC2(), r.client.Region)
	if err == nil {
		return azs, true
	}
	readError(diags, "Cannot plan hipaa_vpc: listing availability zones", err)
	return nil, false
}

// planOutputs keeps outputs when nothing changes and marks them unknown when
// children will be created, repaired or removed.
func (r *vpcResource) planOutputs(ctx context.Context, req resource.ModifyPlanRequest, plan *vpcModel) {
	plan.Drift = types.StringValue("")
	if req.State.Raw.IsNull() {
		plan.unknownOutputs()
		return
	}
	var state vpcModel
	if req.State.Get(ctx, &state).HasError() {
		return
	}
	same := state.Drift.ValueString() == "" && state.AvailabilityZones.Equal(plan.AvailabilityZones) &&
		state.NATGateways.Equal(plan.NATGateways) && state.DatabasePorts.Equal(plan.DatabasePorts) &&
		state.AllowHTTP.Equal(plan.AllowHTTP) && state.FlowLogs.Equal(plan.FlowLogs) &&
		state.InterfaceEndpoints.Equal(plan.InterfaceEndpoints) && state.Tags.Equal(plan.Tags)
	if same {
		copyOutputs(plan, state)
		return
	}
	plan.unknownOutputs()
}

func copyOutputs(dst *vpcModel, src vpcModel) {
	dst.PublicSubnetIDs, dst.AppSubnetIDs, dst.DataSubnetIDs = src.PublicSubnetIDs, src.AppSubnetIDs, src.DataSubnetIDs
	dst.NATGatewayIDs, dst.Subnets, dst.RouteTableIDs = src.NATGatewayIDs, src.Subnets, src.RouteTableIDs
	dst.NetworkACLIDs, dst.EndpointIDs, dst.ChildIDs = src.NetworkACLIDs, src.EndpointIDs, src.ChildIDs
	dst.FlowLogID, dst.FlowLogGroupName = src.FlowLogID, src.FlowLogGroupName
}

// warnRetained tells, at plan, which audit evidence a destroy keeps.
func (r *vpcResource) warnRetained(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state vpcModel
	if req.State.Raw.IsNull() || req.State.Get(ctx, &state).HasError() {
		return
	}
	if state.RetainFlowLogsOnDestroy.IsNull() || state.RetainFlowLogsOnDestroy.ValueBool() {
		resp.Diagnostics.AddWarning("hipaa_vpc "+state.Name.ValueString()+" keeps its flow logs",
			fmt.Sprintf("Destroy keeps the log group %s: flow logs are audit evidence (NET-09, 45 CFR 164.312(b)). "+
				"Set retain_flow_logs_on_destroy = false and apply first to delete it with the VPC.", state.FlowLogGroupName.ValueString()))
	}
}
