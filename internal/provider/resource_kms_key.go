package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

var (
	_ resource.ResourceWithConfigure      = (*kmsKeyResource)(nil)
	_ resource.ResourceWithImportState    = (*kmsKeyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*kmsKeyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*kmsKeyResource)(nil)
)

// NewKMSKeyResource is the hipaa_kms_key factory.
func NewKMSKeyResource() resource.Resource { return &kmsKeyResource{} }

type kmsKeyResource struct{ client *awsclient.Client }

type kmsKeyModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Description        types.String `tfsdk:"description"`
	DeletionWindowDays types.Int64  `tfsdk:"deletion_window_days"`
	RotationPeriodDays types.Int64  `tfsdk:"rotation_period_days"`
	AllowedServices    types.Set    `tfsdk:"allowed_services"`
	AdministratorARNs  types.Set    `tfsdk:"administrator_arns"`
	UserARNs           types.Set    `tfsdk:"user_arns"`
	Tags               types.Map    `tfsdk:"tags"`
	Exceptions         types.List   `tfsdk:"exceptions"`
	ARN                types.String `tfsdk:"arn"`
	KeyID              types.String `tfsdk:"key_id"`
	AliasARN           types.String `tfsdk:"alias_arn"`
	Policy             types.String `tfsdk:"policy"`
	Drift              types.String `tfsdk:"drift"`
}

func (r *kmsKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_kms_key"
}

func (r *kmsKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *kmsKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = kmsKeySchema()
	resp.Schema.Version = schemaVersion
}

// keySpec is the defaulted Spec of a plan or state (all inputs known at
// apply); a value still unknown is a provider bug, refused before any AWS call.
func (r *kmsKeyResource) keySpec(ctx context.Context, m kmsKeyModel, diags *diagnostics) kmskey.Spec {
	s, u, d := m.spec(ctx, r.client.DefaultTags)
	diags.Append(d...)
	stillUnknown(diags, kmskey.ResourceType, s.Name, u)
	return s.WithDefaults()
}

func (r *kmsKeyResource) executor(ctx context.Context) (kmskey.Executor, error) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		return kmskey.Executor{}, err
	}
	return kmskey.Executor{KMS: r.client.KMS(), Env: kmskey.Env{Partition: r.client.Partition, Region: r.client.Region, AccountID: account}}, nil
}

func (r *kmsKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan kmsKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	s := r.keySpec(ctx, plan, &resp.Diagnostics)
	x, err := r.executor(ctx)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot create hipaa_kms_key", err)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	record := func(id string) { // state holds the key as soon as it exists
		partial := plan
		partial.ID, partial.KeyID = types.StringValue(id), types.StringValue(id)
		partial.nullUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, &partial)...)
	}
	o, err := x.Create(ctx, s, record)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot create hipaa_kms_key", err)
		return
	}
	r.finish(ctx, &plan, s, x, o)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *kmsKeyResource) finish(ctx context.Context, m *kmsKeyModel, s kmskey.Spec, x kmskey.Executor, o *kmskey.Observed) {
	policy, _ := kmskey.Policy(s, x.Env)
	m.setObserved(o, r.client.ARN("kms", s.AliasName()), policy, nil)
	tflog.Debug(ctx, "key in sync", map[string]any{"child_kind": "kms_key", "child_key": s.AliasName(), "child_id": o.KeyID})
}

func (r *kmsKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state kmsKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	s := r.keySpec(ctx, state, &resp.Diagnostics)
	x, err := r.executor(ctx)
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_kms_key", err)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	o, err := kmskey.Read(ctx, x.KMS, state.ID.ValueString())
	if awsclient.IsNotFound(err) {
		tflog.Warn(ctx, "key is gone or pending deletion; removing from state", map[string]any{"child_kind": "kms_key", "child_id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_kms_key", err)
		return
	}
	policy, _ := kmskey.Policy(s, x.Env)
	state.setObserved(o, r.client.ARN("kms", s.AliasName()), policy, kmskey.Drift(s, policy, o))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *kmsKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state kmsKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	s := r.keySpec(ctx, plan, &resp.Diagnostics)
	x, err := r.executor(ctx)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot update hipaa_kms_key", err)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	o, err := x.Reconcile(ctx, s, state.ID.ValueString())
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot update hipaa_kms_key", err)
		return
	}
	r.finish(ctx, &plan, s, x, o)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *kmsKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state kmsKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	s := r.keySpec(ctx, state, &resp.Diagnostics)
	x, err := r.executor(ctx)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_kms_key", err)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	when, err := x.Delete(ctx, s, state.ID.ValueString())
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_kms_key", err)
		return
	}
	tflog.Info(ctx, "key scheduled for deletion", map[string]any{"child_kind": "kms_key", "child_id": state.ID.ValueString(), "deletion_date": when})
}

// ImportState adopts a key this provider created, by key ID, ARN or alias
// (kmskey.Import reads it back).
func (r *kmsKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	x, err := r.executor(ctx)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_kms_key", err)
		return
	}
	s, o, err := kmskey.Import(ctx, x.KMS, req.ID, r.client.DefaultTags)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_kms_key "+req.ID, err)
		return
	}
	m, d := kmsKeyModelOf(ctx, s)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.setObserved(o, r.client.ARN("kms", s.AliasName()), o.Policy, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// nullUnknowns replaces unknown computed values so a partial state can be saved.
func (m *kmsKeyModel) nullUnknowns() {
	for _, v := range []*types.String{&m.ARN, &m.AliasARN, &m.Policy, &m.Drift, &m.KeyID} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
}
