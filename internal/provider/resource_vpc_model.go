package provider

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

type vpcModel struct {
	ID                      types.String `tfsdk:"id"`
	Name                    types.String `tfsdk:"name"`
	CIDRBlock               types.String `tfsdk:"cidr_block"`
	AvailabilityZones       types.Set    `tfsdk:"availability_zones"`
	NATGateways             types.String `tfsdk:"nat_gateways"`
	DatabasePorts           types.List   `tfsdk:"database_ports"`
	AllowHTTP               types.Bool   `tfsdk:"allow_http"`
	FlowLogs                types.Object `tfsdk:"flow_logs"`
	InterfaceEndpoints      types.Set    `tfsdk:"interface_endpoints"`
	RetainFlowLogsOnDestroy types.Bool   `tfsdk:"retain_flow_logs_on_destroy"`
	Tags                    types.Map    `tfsdk:"tags"`
	Exceptions              types.List   `tfsdk:"exceptions"`
	ARN                     types.String `tfsdk:"arn"`
	PublicSubnetIDs         types.List   `tfsdk:"public_subnet_ids"`
	AppSubnetIDs            types.List   `tfsdk:"app_subnet_ids"`
	DataSubnetIDs           types.List   `tfsdk:"data_subnet_ids"`
	Subnets                 types.Map    `tfsdk:"subnets"`
	NATGatewayIDs           types.List   `tfsdk:"nat_gateway_ids"`
	RouteTableIDs           types.Map    `tfsdk:"route_table_ids"`
	NetworkACLIDs           types.Map    `tfsdk:"network_acl_ids"`
	EndpointIDs             types.Map    `tfsdk:"endpoint_ids"`
	FlowLogID               types.String `tfsdk:"flow_log_id"`
	FlowLogGroupName        types.String `tfsdk:"flow_log_group_name"`
	DefaultSecurityGroupID  types.String `tfsdk:"default_security_group_id"`
	ChildIDs                types.Map    `tfsdk:"child_ids"`
	Drift                   types.String `tfsdk:"drift"`
}

type flowLogsModel struct {
	KMSKeyARN     types.String `tfsdk:"kms_key_arn"`
	RetentionDays types.Int64  `tfsdk:"retention_days"`
	TrafficType   types.String `tfsdk:"traffic_type"`
}

var flowLogsAttrTypes = map[string]attr.Type{"kms_key_arn": types.StringType, "retention_days": types.Int64Type, "traffic_type": types.StringType}

// spec converts the model and records what is unknown. The region and
// default tags come from the provider ("" region: not known yet). An
// omitted availability_zones is unknown until the region's zones are read.
func (m vpcModel) spec(ctx context.Context, region string, defaultTags map[string]string) (vpc.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := vpc.Spec{Name: c.str("name", m.Name), CIDRBlock: c.str("cidr_block", m.CIDRBlock),
		NATGateways: vpc.NATMode(c.str("nat_gateways", m.NATGateways)), AllowHTTP: c.boolean("allow_http", m.AllowHTTP),
		Region: region, DefaultTags: defaultTags, AvailabilityZones: c.strs("availability_zones", m.AvailabilityZones),
		InterfaceEndpoints: c.strs("interface_endpoints", m.InterfaceEndpoints), Tags: c.strMap("tags", m.Tags),
		Exceptions: c.exceptions(m.Exceptions), DatabasePorts: c.ints("database_ports", m.DatabasePorts),
		RetainFlowLogsOnDestroy: m.RetainFlowLogsOnDestroy.IsNull() || c.boolean("retain_flow_logs_on_destroy", m.RetainFlowLogsOnDestroy)}
	if region == "" {
		c.Unknown.Value("region")
	}
	if m.AvailabilityZones.IsNull() {
		c.Unknown.Value("availability_zones") // the region's first zones, read at plan
	}
	var fl flowLogsModel
	if c.object("flow_logs", m.FlowLogs, &fl) {
		s.FlowLogs = vpc.FlowLogs{KMSKeyARN: c.str("flow_logs.kms_key_arn", fl.KMSKeyARN),
			RetentionDays: c.int("flow_logs.retention_days", fl.RetentionDays), TrafficType: c.str("flow_logs.traffic_type", fl.TrafficType)}
	}
	return s, c.Unknown, c.Diags
}

// setDefaults writes the defaults of unset arguments into the plan (a value
// configured but still unknown stays unknown).
func (m *vpcModel) setDefaults(ctx context.Context, s vpc.Spec, config vpcModel) diag.Diagnostics {
	var diags, d diag.Diagnostics
	if config.AvailabilityZones.IsNull() {
		m.AvailabilityZones, d = types.SetValueFrom(ctx, types.StringType, s.AvailabilityZones)
		diags.Append(d...)
	}
	if config.DatabasePorts.IsNull() {
		ports := make([]int64, 0, len(s.DatabasePorts))
		for _, p := range s.DatabasePorts {
			ports = append(ports, int64(p))
		}
		m.DatabasePorts, d = types.ListValueFrom(ctx, types.Int64Type, ports)
		diags.Append(d...)
	}
	m.FlowLogs, d = types.ObjectValueFrom(ctx, flowLogsAttrTypes, flowLogsModel{
		KMSKeyARN: types.StringValue(s.FlowLogs.KMSKeyARN), RetentionDays: types.Int64Value(int64(s.FlowLogs.RetentionDays)),
		TrafficType: types.StringValue(s.FlowLogs.TrafficType)})
	diags.Append(d...)
	return diags
}

// setOutputs derives every computed ID attribute from the child ID record.
func (m *vpcModel) setOutputs(ctx context.Context, l vpc.Layout, ids map[string]string, arn string) diag.Diagnostics {
	var diags diag.Diagnostics
	pick := func(pred func(key string) (string, bool)) map[string]string {
		out := map[string]string{}
		for k, id := range ids {
			if name, ok := pred(k); ok {
				out[name] = id
			}
		}
		return out
	}
	tierIDs := func(t vpc.Tier) []string {
		var out []string
		for _, az := range l.AZs {
			if id, ok := ids[vpc.SubnetKey(t, az)]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	m.ID = types.StringValue(ids[vpc.KeyVPC])
	m.ARN = types.StringValue(arn)
	m.DefaultSecurityGroupID = types.StringValue(ids[vpc.KeyDefaultSecurityGroup])
	m.FlowLogID = types.StringValue(ids[vpc.KeyFlowLog])
	m.FlowLogGroupName = types.StringValue(l.FlowLog.LogGroupName)
	lists := map[*types.List][]string{&m.PublicSubnetIDs: tierIDs(vpc.TierPublic), &m.AppSubnetIDs: tierIDs(vpc.TierApp),
		&m.DataSubnetIDs: tierIDs(vpc.TierData), &m.NATGatewayIDs: natIDs(l, ids)}
	for ptr, v := range lists {
		var d diag.Diagnostics
		*ptr, d = types.ListValueFrom(ctx, types.StringType, nonNil(v))
		diags.Append(d...)
	}
	maps_ := map[*types.Map]map[string]string{
		&m.Subnets:       pick(func(k string) (string, bool) { _, ok := l.Subnets[k]; return k, ok }),
		&m.RouteTableIDs: pick(func(k string) (string, bool) { _, ok := l.RouteTables[k]; return k, ok }),
		&m.NetworkACLIDs: pick(func(k string) (string, bool) { n, ok := l.NACLs[k]; return string(n.Tier), ok }),
		&m.EndpointIDs:   pick(func(k string) (string, bool) { e, ok := l.Endpoints[k]; return e.Service, ok }),
		&m.ChildIDs:      maps.Clone(ids),
	}
	for ptr, v := range maps_ {
		var d diag.Diagnostics
		*ptr, d = types.MapValueFrom(ctx, types.StringType, v)
		diags.Append(d...)
	}
	return diags
}

func natIDs(l vpc.Layout, ids map[string]string) []string {
	keys := slices.Sorted(maps.Keys(l.NATs))
	var out []string
	for _, k := range keys {
		if id, ok := ids[k]; ok {
			out = append(out, id)
		}
	}
	return out
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// childIDs reads the child ID record from state.
func (m vpcModel) childIDs(ctx context.Context) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if m.ChildIDs.IsNull() || m.ChildIDs.IsUnknown() {
		return out, nil
	}
	return out, m.ChildIDs.ElementsAs(ctx, &out, false)
}

// unknownOutputs marks every computed output unknown for a plan that changes children.
func (m *vpcModel) unknownOutputs() {
	for _, l := range []*types.List{&m.PublicSubnetIDs, &m.AppSubnetIDs, &m.DataSubnetIDs, &m.NATGatewayIDs} {
		*l = types.ListUnknown(types.StringType)
	}
	for _, mp := range []*types.Map{&m.Subnets, &m.RouteTableIDs, &m.NetworkACLIDs, &m.EndpointIDs, &m.ChildIDs} {
		*mp = types.MapUnknown(types.StringType)
	}
	m.FlowLogID = types.StringUnknown()
}

func driftText(d []string) types.String { return types.StringValue(strings.Join(d, "; ")) }
