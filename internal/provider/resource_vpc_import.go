package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// ImportState adopts a VPC this provider created, by VPC ID: the owner tag
// names it, and the arguments are read back from its children.
func (r *vpcResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	x, err := r.executor(ctx)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot import hipaa_vpc", err)
		return
	}
	v, err := vpc.FindVPC(ctx, x.EC2, req.ID)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot import hipaa_vpc "+req.ID, err)
		return
	}
	owner := ec2TagValue(v.Tags, tags.OwnerKey)
	name, ok := strings.CutPrefix(owner, vpc.ResourceType+"/")
	if !ok {
		resp.Diagnostics.AddError("Cannot import hipaa_vpc "+req.ID, fmt.Sprintf(
			"VPC %s was not created by hipaa_vpc (its %s tag is %q). Only VPCs this provider created can be imported: their "+
				"children are found by owner tag and their layout is known to satisfy NET-01 to NET-10. Create a new hipaa_vpc "+
				"and migrate workloads, or use plain aws_* resources for this VPC.", req.ID, tags.OwnerKey, owner))
		return
	}
	l := vpc.Layout{Owner: owner, Name: name, FlowLog: vpc.FlowLog{LogGroupName: vpc.LogGroupName(name), RoleName: vpc.FlowLogRoleName(name)}}
	o, err := vpc.Observe(ctx, x.Clients, req.ID, l)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot import hipaa_vpc "+req.ID, err)
		return
	}
	m := importedVPC(ctx, o, name, r.client.DefaultTags)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func importedVPC(ctx context.Context, o *vpc.Observed, name string, defaultTags map[string]string) vpcModel {
	azSet := map[string]bool{}
	for k := range o.Subnets {
		azSet[k[strings.Index(k, "/")+1:]] = true
	}
	azs := slices.Sorted(maps.Keys(azSet))
	nat := vpc.NATOnePerAZ
	switch {
	case len(o.NATs) == 0:
		nat = vpc.NATNone
	case len(o.NATs) == 1 && len(azs) > 1:
		nat = vpc.NATSingle
	}
	ports, http := importedPorts(o)
	var endpoints []string
	for k, e := range o.Endpoints {
		if e.VpcEndpointType == "Interface" {
			endpoints = append(endpoints, strings.TrimPrefix(k, "endpoint/"))
		}
	}
	user := map[string]string{}
	for _, t := range o.VPC.Tags {
		k, v := aws.ToString(t.Key), aws.ToString(t.Value)
		if !tags.IsReserved(k) && k != "Name" && defaultTags[k] != v {
			user[k] = v
		}
	}
	m := vpcModel{ID: types.StringValue(aws.ToString(o.VPC.VpcId)), Name: types.StringValue(name),
		CIDRBlock: types.StringValue(aws.ToString(o.VPC.CidrBlock)), NATGateways: types.StringValue(string(nat)),
		AllowHTTP: types.BoolValue(http), RetainFlowLogsOnDestroy: types.BoolValue(true),
		Exceptions: types.ListNull(types.ObjectType{AttrTypes: exceptionAttrTypes})}
	m.unknownOutputs() // typed; then nulled below, and filled by the Read that follows import
	m.AvailabilityZones, _ = types.SetValueFrom(ctx, types.StringType, azs)
	m.DatabasePorts, _ = types.ListValueFrom(ctx, types.Int64Type, ports)
	m.InterfaceEndpoints, _ = setOrNull(ctx, endpoints)
	m.Tags, _ = mapOrNull(ctx, user)
	m.FlowLogs, _ = types.ObjectValueFrom(ctx, flowLogsAttrTypes, importedFlowLogs(o))
	m.nullOutputs()
	m.ChildIDs, _ = types.MapValueFrom(ctx, types.StringType, map[string]string{vpc.KeyVPC: aws.ToString(o.VPC.VpcId)})
	m.Drift = types.StringValue("")
	return m
}

// importedPorts reads database_ports from the data NACL and allow_http from the public one.
func importedPorts(o *vpc.Observed) ([]int64, bool) {
	seen := map[int64]bool{}
	for _, e := range o.NACLs[vpc.NACLKey(vpc.TierData)].Entries {
		if !aws.ToBool(e.Egress) && e.PortRange != nil && aws.ToInt32(e.RuleNumber) != 32767 {
			seen[int64(aws.ToInt32(e.PortRange.From))] = true
		}
	}
	http := false
	for _, e := range o.NACLs[vpc.NACLKey(vpc.TierPublic)].Entries {
		if !aws.ToBool(e.Egress) && e.PortRange != nil && aws.ToInt32(e.PortRange.From) == 80 {
			http = true
		}
	}
	return slices.Sorted(maps.Keys(seen)), http
}

func importedFlowLogs(o *vpc.Observed) flowLogsModel {
	fl := flowLogsModel{KMSKeyARN: types.StringValue(""), RetentionDays: types.Int64Value(vpc.DefaultRetentionDays), TrafficType: types.StringValue(vpc.DefaultTrafficType)}
	if g := o.LogGroup; g != nil {
		fl.KMSKeyARN = types.StringValue(aws.ToString(g.KmsKeyId))
		fl.RetentionDays = types.Int64Value(int64(aws.ToInt32(g.RetentionInDays)))
	}
	if o.FlowLog != nil {
		fl.TrafficType = types.StringValue(string(o.FlowLog.TrafficType))
	}
	return fl
}
