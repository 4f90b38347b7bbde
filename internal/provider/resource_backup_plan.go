package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var (
	_ resource.ResourceWithConfigure      = (*backupPlanResource)(nil)
	_ resource.ResourceWithImportState    = (*backupPlanResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*backupPlanResource)(nil)
	_ resource.ResourceWithValidateConfig = (*backupPlanResource)(nil)
)

// defaultBackupPlanTimeout bounds each of create, update and delete.
const defaultBackupPlanTimeout = 20 * time.Minute

// NewBackupPlanResource is the hipaa_backup_plan factory.
func NewBackupPlanResource() resource.Resource { return &backupPlanResource{} }

type backupPlanResource struct{ client *awsclient.Client }

func (r *backupPlanResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_plan"
}

func (r *backupPlanResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *backupPlanResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = backupPlanSchema(ctx)
	resp.Schema.Version = schemaVersion
}

func (r *backupPlanResource) refusal(s backupplan.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: backupplan.ResourceType, Findings: backupplan.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts, on the known arguments.
func (r *backupPlanResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m backupPlanModel) (backupplan.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, specEnv{})
	}, r.refusal)
}

// ModifyPlan decides every rule on the known arguments under
// compliance_mode, before any AWS call (it makes none); no rule reads the
// account (backupplan's TestRules: NeverReads). It refuses a change of the
// vault's key, which AWS Backup cannot make, and warns before a compliance
// lock is first set: it becomes irreversible.
func (r *backupPlanResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	var state backupPlanModel
	hasState := !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError()
	if req.Plan.Raw.IsNull() {
		if hasState {
			resp.Diagnostics.AddWarning("hipaa_backup_plan "+state.Name.ValueString()+" keeps its vaults",
				"Destroy deletes the plan, its selection and the backup role, and keeps the vault "+state.VaultName.ValueString()+
					" and every copy vault with their recovery points, Vault Lock and access policy (45 CFR 164.308(a)(7)(ii)(A)).")
		}
		return
	}
	var plan, config backupPlanModel
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
	r.refusal(s, u).refuse(&resp.Diagnostics, compliance.Mode(r.client.Mode), false)
	sameName := hasState && state.Name.Equal(config.Name)
	if sameName && !config.KMSKeyARN.IsUnknown() && !state.KMSKeyARN.Equal(config.KMSKeyARN) {
		resp.Diagnostics.AddAttributeError(path.Root("kms_key_arn"), "The vault's key of hipaa_backup_plan "+state.Name.ValueString()+" cannot change",
			"AWS Backup encrypts a vault with the key it was created with, for good (BAK-01). Keep "+state.KMSKeyARN.ValueString()+
				", or create a hipaa_backup_plan of another name under the new key; the old vaults keep their recovery points.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if lock := s.WithDefaults().VaultLock; lock != nil && lock.Mode == backupplan.LockCompliance && (!sameName || state.VaultLock.IsNull()) {
		days := lock.ChangeableForDays
		if days == 0 {
			days = backupplan.DefaultChangeableForDays
		}
		resp.Diagnostics.AddAttributeWarning(path.Root("vault_lock"), "hipaa_backup_plan "+config.Name.ValueString()+" locks its vaults for good",
			fmt.Sprintf("Vault Lock in compliance mode: %d days after apply, nobody, root included, can shorten retention, delete a recovery point early, "+
				"remove the lock or delete a vault that holds recovery points (BAK-03). Until then, only AWS Backup's DeleteBackupVaultLockConfiguration lifts it: "+
				"removing vault_lock from the configuration does not, as this resource never removes a Vault Lock.", days))
	}
	if u.Without("account_id").Any() {
		return // values still unknown: the plan is decided again at apply
	}
	plan.Drift = types.StringValue("")
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// layout expands a model (all inputs known at apply); applying, every rule
// is decided again first, with every argument known.
func (r *backupPlanResource) layout(ctx context.Context, m backupPlanModel, applying bool, diags *diagnostics) (backupplan.Layout, bool) {
	account, ok := accountID(ctx, r.client, diags, "Cannot use hipaa_backup_plan "+m.Name.ValueString())
	if !ok {
		return backupplan.Layout{}, false
	}
	s, u, d := m.spec(ctx, specEnv{Region: r.client.Region, AccountID: account, Partition: r.client.Partition, DefaultTags: r.client.DefaultTags})
	diags.Append(d...)
	if stillUnknown(diags, backupplan.ResourceType, s.Name, u) || diags.HasError() {
		return backupplan.Layout{}, false
	}
	if applying {
		if r.refusal(s, compliance.Unknown{}).refuse(diags, compliance.Mode(r.client.Mode), false); diags.HasError() {
			return backupplan.Layout{}, false
		}
	}
	l, err := backupplan.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_backup_plan "+s.Name, err.Error())
		return backupplan.Layout{}, false
	}
	return l, true
}

func (r *backupPlanResource) clients() backupplan.Clients { return backupplan.ClientsOf(r.client) }

func (r *backupPlanResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan backupPlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultBackupPlanTimeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m backupPlanModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *backupPlanResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan backupPlanModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Update, defaultBackupPlanTimeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m backupPlanModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

// apply converges the plan; set writes a model into state (each child as
// it exists) and returns the diagnostics of the write, which apply keeps.
func (r *backupPlanResource) apply(ctx context.Context, plan backupPlanModel, diags *diagnostics, set func(backupPlanModel) diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, true, diags)
	if !ok {
		return
	}
	planID := plan.PlanID.ValueString()
	if plan.PlanID.IsUnknown() {
		planID = ""
	}
	partial := plan
	diags.Append(partial.setOutputs(ctx, l, planID, "")...)
	tflog.Info(ctx, "applying hipaa_backup_plan", map[string]any{"plan": l.PlanName, "children": len(l.Children()), "copy_vaults": len(l.CopyVaults)})
	err := backupplan.Executor{Clients: r.clients()}.Apply(ctx, l, func(key, id string) {
		if key == backupplan.KeyPlan {
			planID = id
			partial.PlanID, partial.ARN = types.StringValue(id), types.StringValue(l.PlanARN(id))
		}
		diags.Append(set(partial)...)
		tflog.Debug(ctx, "recorded", map[string]any{"child_key": key, "child_id": id})
	})
	if err != nil {
		awsError(diags, "Cannot apply hipaa_backup_plan "+l.Name, err)
		return
	}
	diags.Append(plan.setOutputs(ctx, l, planID, l.PlanARN(planID))...)
	diags.Append(set(plan)...)
}

func (r *backupPlanResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state backupPlanModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := backupplan.Observe(ctx, r.clients(), l)
	if awsclient.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_backup_plan "+l.Name, err)
		return
	}
	resp.Diagnostics.Append(state.setOutputs(ctx, l, o.Plan.ID, o.Plan.ARN)...)
	state.Drift = driftText(backupplan.Drift(l, o))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *backupPlanResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state backupPlanModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := within(ctx, &resp.Diagnostics, state.Timeouts.Delete, defaultBackupPlanTimeout)
	defer cancel()
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	kept, err := backupplan.Executor{Clients: r.clients()}.Destroy(ctx, l)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_backup_plan "+l.Name, err)
		return
	}
	if w := kept.Warning(); w != "" {
		resp.Diagnostics.AddWarning("hipaa_backup_plan "+l.Name+" kept its vaults", w)
	}
}

// ImportState adopts a plan this provider created, by its name
// (backupplan.Import reads the plan, its selection and vaults back).
func (r *backupPlanResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	account, ok := accountID(ctx, r.client, &resp.Diagnostics, "Cannot import hipaa_backup_plan "+req.ID)
	if !ok {
		return
	}
	env := backupplan.Env{Region: r.client.Region, AccountID: account, Partition: r.client.Partition}
	s, err := backupplan.Import(ctx, r.clients(), env, r.client.DefaultTags, req.ID)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_backup_plan "+req.ID, err)
		return
	}
	m, d := backupPlanModelOf(ctx, s)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
