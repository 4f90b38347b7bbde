package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// defaultAZCount is how many AZs a hipaa_vpc spans when availability_zones is omitted.
const defaultAZCount = 3

// placeholderAZs stand in for the region's first AZs so an omitted
// availability_zones can be checked before any AWS call.
func placeholderAZs(region string) []string {
	return []string{region + "a", region + "b", region + "c"}
}

// ValidateConfig refuses input no mode accepts, before the provider is configured.
func (r *vpcResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m vpcModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	s, known, diags := m.spec(ctx, "us-east-1", nil) // region-independent checks only
	resp.Diagnostics.Append(diags...)
	if !known || resp.Diagnostics.HasError() {
		return
	}
	if s.AvailabilityZones == nil {
		s.AvailabilityZones = placeholderAZs("us-east-1")
	}
	r.refuse(&resp.Diagnostics, s, compliance.ModeEnforce, true)
}

// refuse appends input errors and compliance findings; hardOnly limits the
// latter to violations no mode or exception accepts.
func (r *vpcResource) refuse(diags *diagnostics, s vpc.Spec, mode compliance.Mode, hard bool) {
	refuseAtPlan(diags, vpc.ResourceType, vpc.Validate(s), vpc.Check(s), s.Exceptions, mode, hard, "region")
}

// ModifyPlan checks every control under compliance_mode before any AWS
// call, then fills defaults (the region's AZs), and plans drift back to "".
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
	s, known, diags := plan.spec(ctx, r.client.Region, r.client.DefaultTags)
	resp.Diagnostics.Append(diags...)
	if !known || resp.Diagnostics.HasError() {
		return
	}
	omittedAZs := s.AvailabilityZones == nil
	if omittedAZs {
		s.AvailabilityZones = placeholderAZs(r.client.Region)
	}
	r.refuse(&resp.Diagnostics, s, compliance.Mode(r.client.Mode), false)
	if resp.Diagnostics.HasError() {
		return
	}
	if omittedAZs {
		azs, err := r.defaultAZs(ctx)
		if err != nil {
			awsError(&resp.Diagnostics, "Cannot plan hipaa_vpc: listing availability zones", err)
			return
		}
		s.AvailabilityZones = azs
		r.refuse(&resp.Diagnostics, s.WithDefaults(), compliance.Mode(r.client.Mode), true)
	}
	resp.Diagnostics.Append(plan.setDefaults(ctx, s.WithDefaults(), config)...)
	r.planOutputs(ctx, req, &plan)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
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

// defaultAZs lists the region's first three available zones by name.
func (r *vpcResource) defaultAZs(ctx context.Context) ([]string, error) {
	out, err := r.client.EC2().DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{
		Filters: []ec2types.Filter{{Name: aws.String("zone-type"), Values: []string{"availability-zone"}},
			{Name: aws.String("state"), Values: []string{"available"}}},
	})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, z := range out.AvailabilityZones {
		names = append(names, aws.ToString(z.ZoneName))
	}
	slices.Sort(names)
	if len(names) < vpc.MinAvailabilityZones {
		return nil, fmt.Errorf("region %s has %d available zones; set availability_zones", r.client.Region, len(names))
	}
	return names[:min(defaultAZCount, len(names))], nil
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
