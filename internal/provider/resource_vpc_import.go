package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// ImportState adopts a VPC this provider created, by VPC ID: vpc.Import
// reads its arguments back from its children; the Read that follows fills
// the outputs.
func (r *vpcResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	x, err := r.executor(ctx)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot import hipaa_vpc", err)
		return
	}
	s, err := vpc.Import(ctx, x.Clients, req.ID, r.client.Region, r.client.DefaultTags)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot import hipaa_vpc "+req.ID, err)
		return
	}
	m, d := importedVPC(ctx, req.ID, s)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// importedVPC is the state of an imported VPC: its arguments from s, its
// outputs null until the Read that follows import.
func importedVPC(ctx context.Context, id string, s vpc.Spec) (vpcModel, diag.Diagnostics) {
	var diags, d diag.Diagnostics
	m := vpcModel{ID: types.StringValue(id), Name: types.StringValue(s.Name), CIDRBlock: types.StringValue(s.CIDRBlock),
		NATGateways: types.StringValue(string(s.NATGateways)), AllowHTTP: types.BoolValue(s.AllowHTTP),
		RetainFlowLogsOnDestroy: types.BoolValue(s.RetainFlowLogsOnDestroy), Exceptions: types.ListNull(types.ObjectType{AttrTypes: exceptionAttrTypes})}
	m.unknownOutputs() // typed, then nulled: the Read after import fills them
	m.nullOutputs()
	ports := make([]int64, 0, len(s.DatabasePorts))
	for _, p := range s.DatabasePorts {
		ports = append(ports, int64(p))
	}
	m.AvailabilityZones, d = types.SetValueFrom(ctx, types.StringType, s.AvailabilityZones)
	diags.Append(d...)
	m.DatabasePorts, d = types.ListValueFrom(ctx, types.Int64Type, ports)
	diags.Append(d...)
	m.InterfaceEndpoints, d = setOrNull(ctx, s.InterfaceEndpoints)
	diags.Append(d...)
	m.Tags, d = mapOrNull(ctx, s.Tags)
	diags.Append(d...)
	m.FlowLogs, d = types.ObjectValueFrom(ctx, flowLogsAttrTypes, flowLogsModel{KMSKeyARN: types.StringValue(s.FlowLogs.KMSKeyARN),
		RetentionDays: types.Int64Value(int64(s.FlowLogs.RetentionDays)), TrafficType: types.StringValue(s.FlowLogs.TrafficType)})
	diags.Append(d...)
	m.ChildIDs, d = types.MapValueFrom(ctx, types.StringType, map[string]string{vpc.KeyVPC: id})
	diags.Append(d...)
	m.Drift = types.StringValue("")
	return m, diags
}
