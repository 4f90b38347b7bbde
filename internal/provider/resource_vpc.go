package provider

import (
	"context"
	"maps"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

var (
	_ resource.ResourceWithConfigure      = (*vpcResource)(nil)
	_ resource.ResourceWithImportState    = (*vpcResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*vpcResource)(nil)
	_ resource.ResourceWithValidateConfig = (*vpcResource)(nil)
)

// NewVPCResource is the hipaa_vpc factory.
func NewVPCResource() resource.Resource { return &vpcResource{} }

type vpcResource struct{ client *awsclient.Client }

func (r *vpcResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_vpc"
}

func (r *vpcResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *vpcResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = vpcSchema()
	resp.Schema.Version = schemaVersion
}

func (r *vpcResource) executor(ctx context.Context) (vpc.Executor, error) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		return vpc.Executor{}, err
	}
	return vpc.Executor{
		Clients: vpc.Clients{EC2: r.client.EC2(), Logs: r.client.Logs(), IAM: r.client.IAM()},
		Env:     vpc.Env{Partition: r.client.Partition, Region: r.client.Region, AccountID: account},
	}, nil
}

// layout expands a model (all inputs known at apply).
func (r *vpcResource) layout(ctx context.Context, m vpcModel, diags *diagnostics) (vpc.Layout, bool) {
	s, u, d := m.spec(ctx, r.client.Region, r.client.DefaultTags)
	diags.Append(d...)
	if stillUnknown(diags, vpc.ResourceType, s.Name, u) || diags.HasError() {
		return vpc.Layout{}, false
	}
	l, err := vpc.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_vpc "+s.Name, err.Error())
		return vpc.Layout{}, false
	}
	return l, true
}

// recorder writes each child ID into state the moment it exists, so a
// failure or crash leaves state that a later apply or destroy can finish.
type recorder struct {
	mu    sync.Mutex
	ids   map[string]string
	ctx   context.Context
	model vpcModel
	set   func(vpcModel)
}

func (rc *recorder) record(key, id string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.ids[key] = id
	rc.model.ID = types.StringValue(rc.ids[vpc.KeyVPC])
	ids := make(map[string]attr.Value, len(rc.ids))
	for k, v := range rc.ids {
		ids[k] = types.StringValue(v)
	}
	rc.model.ChildIDs = types.MapValueMust(types.StringType, ids)
	rc.set(rc.model)
	tflog.Debug(rc.ctx, "recorded", map[string]any{"child_key": key, "child_id": id})
}

func (r *vpcResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan vpcModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	r.apply(ctx, plan, map[string]string{}, &resp.Diagnostics, func(m vpcModel) { resp.Diagnostics.Append(resp.State.Set(ctx, &m)...) })
}

func (r *vpcResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state vpcModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids, d := state.childIDs(ctx)
	resp.Diagnostics.Append(d...)
	r.apply(ctx, plan, ids, &resp.Diagnostics, func(m vpcModel) { resp.Diagnostics.Append(resp.State.Set(ctx, &m)...) })
}

// apply converges AWS on the plan's layout: create or repair every child,
// then prune children the layout no longer has.
func (r *vpcResource) apply(ctx context.Context, plan vpcModel, ids map[string]string, diags *diagnostics, set func(vpcModel)) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, diags)
	x, err := r.executor(ctx)
	if err != nil {
		awsError(diags, "Cannot apply hipaa_vpc", err)
	}
	if !ok || diags.HasError() {
		return
	}
	partial := plan
	partial.nullOutputs()
	rc := &recorder{ids: maps.Clone(ids), ctx: ctx, model: partial, set: set}
	ids, err = x.Apply(ctx, l, ids, rc.record)
	if err != nil {
		awsError(diags, "Cannot apply hipaa_vpc "+l.Name, err)
		return
	}
	diags.Append(plan.setOutputs(ctx, l, ids, r.client.ARN("ec2", "vpc/"+ids[vpc.KeyVPC]))...)
	plan.Drift = types.StringValue("")
	set(plan)
}

// fromState prepares Read and Delete: the recorded child IDs, the layout
// of the state's arguments, and an executor.
func (r *vpcResource) fromState(ctx context.Context, state vpcModel, action string, diags *diagnostics) (map[string]string, vpc.Layout, vpc.Executor, bool) {
	ids, d := state.childIDs(ctx)
	diags.Append(d...)
	l, ok := r.layout(ctx, state, diags)
	x, err := r.executor(ctx)
	if err != nil {
		awsError(diags, "Cannot "+action+" hipaa_vpc", err)
	}
	return ids, l, x, ok && !diags.HasError()
}

func (r *vpcResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state vpcModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids, l, x, ok := r.fromState(ctx, state, "read", &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := vpc.Observe(ctx, x.Clients, ids[vpc.KeyVPC], l)
	if awsclient.IsNotFound(err) {
		tflog.Warn(ctx, "VPC is gone; removing from state", map[string]any{"child_kind": "vpc", "child_id": ids[vpc.KeyVPC]})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_vpc "+l.Name, err)
		return
	}
	drift := vpc.Drift(l, o)
	observed := o.IDs(l)
	resp.Diagnostics.Append(state.setOutputs(ctx, l, observed, r.client.ARN("ec2", "vpc/"+observed[vpc.KeyVPC]))...)
	state.Drift = driftText(drift)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *vpcResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state vpcModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ids, l, x, ok := r.fromState(ctx, state, "delete", &resp.Diagnostics)
	if !ok {
		return
	}
	if err := x.Destroy(ctx, l, ids, l.FlowLog.RetainOnDestroy); err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_vpc "+l.Name, err)
		return
	}
	if l.FlowLog.RetainOnDestroy {
		resp.Diagnostics.AddWarning("Kept flow-log group "+l.FlowLog.LogGroupName,
			"The flow logs of hipaa_vpc "+l.Name+" are audit evidence and were kept. Delete the log group yourself once its retention obligations end.")
	}
}

// nullOutputs replaces unknown outputs so a partial state can be saved.
func (m *vpcModel) nullOutputs() {
	for _, l := range []*types.List{&m.PublicSubnetIDs, &m.AppSubnetIDs, &m.DataSubnetIDs, &m.NATGatewayIDs} {
		if l.IsUnknown() {
			*l = types.ListNull(types.StringType)
		}
	}
	for _, mp := range []*types.Map{&m.Subnets, &m.RouteTableIDs, &m.NetworkACLIDs, &m.EndpointIDs, &m.ChildIDs} {
		if mp.IsUnknown() {
			*mp = types.MapNull(types.StringType)
		}
	}
	for _, s := range []*types.String{&m.ID, &m.ARN, &m.FlowLogID, &m.FlowLogGroupName, &m.DefaultSecurityGroupID, &m.Drift} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
}
