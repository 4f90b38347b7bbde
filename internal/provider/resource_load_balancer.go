package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
)

var (
	_ resource.ResourceWithConfigure      = (*loadBalancerResource)(nil)
	_ resource.ResourceWithImportState    = (*loadBalancerResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*loadBalancerResource)(nil)
	_ resource.ResourceWithValidateConfig = (*loadBalancerResource)(nil)
)

// defaultLoadBalancerTimeout bounds each of create, update and delete.
const defaultLoadBalancerTimeout = 20 * time.Minute

// NewLoadBalancerResource is the hipaa_load_balancer factory.
func NewLoadBalancerResource() resource.Resource { return &loadBalancerResource{} }

type loadBalancerResource struct{ client *awsclient.Client }

func (r *loadBalancerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_load_balancer"
}

func (r *loadBalancerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *loadBalancerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = loadBalancerSchema(ctx)
	resp.Schema.Version = schemaVersion
}

func (r *loadBalancerResource) refusal(s loadbalancer.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: loadbalancer.ResourceType, Findings: loadbalancer.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts, on the known arguments.
func (r *loadBalancerResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m loadBalancerModel) (loadbalancer.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, specEnv{})
	}, r.refusal)
}

// ModifyPlan decides every rule on the known arguments under
// compliance_mode, before any AWS call (it makes none). A new target port
// or protocol makes a new target group, so its ARN is unknown until apply.
func (r *loadBalancerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	var state loadBalancerModel
	hasState := !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError()
	if req.Plan.Raw.IsNull() {
		if hasState {
			resp.Diagnostics.AddWarning("hipaa_load_balancer "+state.Name.ValueString()+" will be deleted",
				"Destroy turns the load balancer's deletion protection off and deletes it with its listeners, target group, security group, "+
					"web ACL and IP sets. The WAF log group "+loadbalancer.LogGroupName(state.Name.ValueString())+" is kept with its logs until its retention expires, "+
					"and the access logs stay in "+state.AccessLogBucket.ValueString()+" (45 CFR 164.312(b)).")
		}
		return
	}
	var plan, config loadBalancerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, u, d := config.spec(ctx, specEnv{Region: r.client.Region, Partition: r.client.Partition, DefaultTags: r.client.DefaultTags})
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.refusal(s, u).refuse(&resp.Diagnostics, compliance.Mode(r.client.Mode), false); resp.Diagnostics.HasError() {
		return
	}
	if hasState {
		old, _, _ := state.spec(ctx, specEnv{})
		if u.Has("targets.port") || u.Has("targets.protocol") || old.WithDefaults().Targets.Port != s.WithDefaults().Targets.Port ||
			old.WithDefaults().Targets.Protocol != s.WithDefaults().Targets.Protocol {
			plan.TargetGroupARN = types.StringUnknown()
		}
	}
	if !u.Without("account_id").Any() {
		plan.Drift = types.StringValue("")
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// layout expands a model (all inputs known at apply); applying, every rule
// is decided again first, with every argument known.
func (r *loadBalancerResource) layout(ctx context.Context, m loadBalancerModel, applying bool, diags *diagnostics) (loadbalancer.Layout, bool) {
	account, ok := accountID(ctx, r.client, diags, "Cannot use hipaa_load_balancer "+m.Name.ValueString())
	if !ok {
		return loadbalancer.Layout{}, false
	}
	s, u, d := m.spec(ctx, specEnv{Region: r.client.Region, AccountID: account, Partition: r.client.Partition, DefaultTags: r.client.DefaultTags})
	diags.Append(d...)
	if stillUnknown(diags, loadbalancer.ResourceType, s.Name, u) || diags.HasError() {
		return loadbalancer.Layout{}, false
	}
	if applying {
		if r.refusal(s, compliance.Unknown{}).refuse(diags, compliance.Mode(r.client.Mode), false); diags.HasError() {
			return loadbalancer.Layout{}, false
		}
	}
	l, err := loadbalancer.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_load_balancer "+s.Name, err.Error())
		return loadbalancer.Layout{}, false
	}
	return l, true
}

func (r *loadBalancerResource) clients() loadbalancer.Clients {
	return loadbalancer.ClientsOf(r.client)
}

func (r *loadBalancerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan loadBalancerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultLoadBalancerTimeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m loadBalancerModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *loadBalancerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan loadBalancerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Update, defaultLoadBalancerTimeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m loadBalancerModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

// apply converges the plan; set writes a model into state (each child as
// it exists) and returns the diagnostics of the write, which apply keeps.
func (r *loadBalancerResource) apply(ctx context.Context, plan loadBalancerModel, diags *diagnostics, set func(loadBalancerModel) diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, true, diags)
	if !ok {
		return
	}
	partial := plan
	partial.setOutputs(l.Name, loadbalancer.IDs{})
	tflog.Info(ctx, "applying hipaa_load_balancer", map[string]any{"load_balancer": l.Name, "children": len(l.Children())})
	ids, err := loadbalancer.Executor{Clients: r.clients()}.Apply(ctx, l, func(key, id string) {
		switch key {
		case loadbalancer.KeyLoadBalancer:
			partial.ARN = types.StringValue(id)
		case loadbalancer.KeyTargetGroup:
			partial.TargetGroupARN = types.StringValue(id)
		case loadbalancer.KeySecurityGroup:
			partial.SecurityGroupID = types.StringValue(id)
		case loadbalancer.KeyWebACL:
			partial.WebACLARN = types.StringValue(id)
		}
		diags.Append(set(partial)...)
		tflog.Debug(ctx, "recorded", map[string]any{"child_key": key, "child_id": id})
	})
	if err != nil {
		partial.setOutputs(l.Name, ids)
		diags.Append(set(partial)...)
		awsError(diags, "Cannot apply hipaa_load_balancer "+l.Name, err)
		return
	}
	plan.setOutputs(l.Name, ids)
	diags.Append(set(plan)...)
}

func (r *loadBalancerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state loadBalancerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := loadbalancer.Observe(ctx, r.clients(), l)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_load_balancer "+l.Name, err)
		return
	}
	if o.LoadBalancer == nil {
		tflog.Warn(ctx, "load balancer gone: removing hipaa_load_balancer from state", map[string]any{"load_balancer": l.Name})
		resp.State.RemoveResource(ctx)
		return
	}
	state.setOutputs(l.Name, loadbalancer.IDsOf(o))
	state.Drift = driftText(loadbalancer.Drift(l, o))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *loadBalancerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state loadBalancerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := within(ctx, &resp.Diagnostics, state.Timeouts.Delete, defaultLoadBalancerTimeout)
	defer cancel()
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	if err := (loadbalancer.Executor{Clients: r.clients()}).Destroy(ctx, l); err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_load_balancer "+l.Name, err)
	}
}

// ImportState adopts a load balancer this provider created, by its name
// (loadbalancer.Import reads its configuration back).
func (r *loadBalancerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	account, ok := accountID(ctx, r.client, &resp.Diagnostics, "Cannot import hipaa_load_balancer "+req.ID)
	if !ok {
		return
	}
	env := loadbalancer.Env{Region: r.client.Region, AccountID: account, Partition: r.client.Partition}
	s, err := loadbalancer.Import(ctx, r.clients(), env, r.client.DefaultTags, req.ID)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_load_balancer "+req.ID, err)
		return
	}
	m, d := loadBalancerModelOf(s)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
