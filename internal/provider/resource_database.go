package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
)

var (
	_ resource.ResourceWithConfigure      = (*databaseResource)(nil)
	_ resource.ResourceWithImportState    = (*databaseResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*databaseResource)(nil)
	_ resource.ResourceWithValidateConfig = (*databaseResource)(nil)
)

// Default timeouts of the contract.
const (
	defaultDBCreateTimeout = 60 * time.Minute
	defaultDBUpdateTimeout = 80 * time.Minute
	defaultDBDeleteTimeout = 60 * time.Minute
)

// NewDatabaseResource is the hipaa_database factory.
func NewDatabaseResource() resource.Resource { return &databaseResource{} }

type databaseResource struct {
	client *awsclient.Client
	now    func() time.Time // the final snapshot's timestamp
}

func (r *databaseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database"
}

func (r *databaseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.now = time.Now
}

func (r *databaseResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = databaseSchema(ctx)
	resp.Schema.Version = schemaVersion
}

func (r *databaseResource) executor() database.Executor {
	return database.Executor{Clients: database.Clients{RDS: r.client.RDS(), EC2: r.client.EC2(), Logs: r.client.Logs(),
		IAM: r.client.IAM(), Secrets: r.client.SecretsManager()}}
}

// layout expands a model: the account is known (one STS call). Applying,
// it first decides every rule again with every argument known, before any
// other AWS call (a rule that read an unknown value at plan runs now), then
// reads the subnets' zones (one call) to spread Aurora members.
func (r *databaseResource) layout(ctx context.Context, m databaseModel, applying bool, diags *diagnostics) (database.Layout, bool) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		awsError(diags, "Cannot use hipaa_database", err)
		return database.Layout{}, false
	}
	s, u, d := m.spec(ctx, r.env(account))
	diags.Append(d...)
	if stillUnknown(diags, database.ResourceType, s.Identifier, u) || diags.HasError() {
		return database.Layout{}, false
	}
	if applying {
		if r.refusal(s, compliance.Unknown{}).refuse(diags, compliance.Mode(r.client.Mode), false); diags.HasError() {
			return database.Layout{}, false
		}
		if s.Engine.IsAurora() {
			if s.SubnetAZs, err = database.SubnetZones(ctx, r.client.EC2(), s.SubnetIDs); err != nil {
				awsError(diags, "Cannot apply hipaa_database "+s.Identifier+": reading the subnets", err)
				return database.Layout{}, false
			}
		}
	}
	l, err := database.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_database "+s.Identifier, err.Error())
		return database.Layout{}, false
	}
	return l, true
}

// dbRecorder writes each child into state the moment it exists; the
// diagnostics of each write go to diags (under mu: the executor may record
// from several goroutines).
type dbRecorder struct {
	mu    sync.Mutex
	ids   map[string]string
	ctx   context.Context
	model databaseModel
	set   func(databaseModel) diag.Diagnostics
	diags *diagnostics
}

func (rc *dbRecorder) record(key, id string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.ids[key] = id
	rc.model.ID = types.StringValue(rc.model.Identifier.ValueString())
	var d diag.Diagnostics
	rc.model.ChildIDs, d = types.MapValueFrom(rc.ctx, types.StringType, rc.ids)
	rc.diags.Append(d...)
	rc.diags.Append(rc.set(rc.model)...)
}

func (r *databaseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultDBCreateTimeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m databaseModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *databaseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Update, defaultDBUpdateTimeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m databaseModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

// apply converges the database on plan; set writes a model into state
// and returns the diagnostics of the write, which apply keeps.
func (r *databaseResource) apply(ctx context.Context, plan databaseModel, diags *diagnostics, set func(databaseModel) diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, true, diags)
	if !ok {
		return
	}
	partial := plan
	partial.nullOutputs()
	rc := &dbRecorder{ids: map[string]string{}, ctx: ctx, model: partial, set: set, diags: diags}
	res, err := r.executor().Apply(ctx, l, rc.record) // returns once every record is done
	if err != nil {
		awsError(diags, "Cannot apply hipaa_database "+l.Identifier, err)
		return
	}
	diags.Append(plan.setOutputs(ctx, l, res)...)
	plan.Drift = types.StringValue("")
	diags.Append(set(plan)...)
	if len(res.PendingReboot) > 0 {
		diags.AddWarning("hipaa_database "+l.Identifier+" needs a reboot",
			"Parameter changes in "+strings.Join(res.PendingReboot, ", ")+" take effect at the next reboot of the instance "+
				"(static parameters). Reboot it in a maintenance window; until then the previous values apply.")
	}
}

func (r *databaseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state databaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := database.Observe(ctx, r.executor().Clients, l)
	if awsclient.IsNotFound(err) {
		tflog.Warn(ctx, "database is gone; removing from state", map[string]any{"identifier": l.Identifier})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_database "+l.Identifier, err)
		return
	}
	res := database.ResultOf(o)
	ids := map[string]string{}
	if !state.ChildIDs.IsNull() {
		resp.Diagnostics.Append(state.ChildIDs.ElementsAs(ctx, &ids, false)...)
	}
	drift := append(database.Drift(l, o), database.RecordDrift(l, ids)...)
	if id := o.SecurityGroupID(database.KeySecurityGroup); id != "" {
		ids[database.KeySecurityGroup] = id
	}
	res.IDs = ids
	resp.Diagnostics.Append(state.setOutputs(ctx, l, res)...)
	state.Drift = driftText(drift)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *databaseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state databaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	timeout, d := state.Timeouts.Delete(ctx, defaultDBDeleteTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	retain := state.RetainLogsOnDestroy.ValueBool()
	if state.RetainLogsOnDestroy.IsNull() {
		retain = database.DefaultRetainLogsOnDestroy
	}
	snapshot, err := r.executor().Destroy(ctx, l, retain, r.now().UTC())
	var protected *database.ProtectedError
	if errors.As(err, &protected) {
		resp.Diagnostics.AddAttributeError(path.Root("deletion_protection"), "Refusing to destroy hipaa_database "+l.Identifier, protected.Error())
		return
	}
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_database "+l.Identifier, err)
		return
	}
	if snapshot != "" {
		resp.Diagnostics.AddWarning("Final snapshot "+snapshot+" kept",
			fmt.Sprintf("hipaa_database %s was deleted after RDS took the final snapshot %q (DB-05); it stays until you delete it. "+
				"The RDS-managed master user secret was deleted with the database.", l.Identifier, snapshot))
	}
	if retain {
		var names []string
		for _, g := range l.LogGroups {
			names = append(names, g.Name)
		}
		resp.Diagnostics.AddWarning("Kept the log groups of hipaa_database "+l.Identifier,
			"The database's logs are audit evidence and were kept: "+strings.Join(names, ", ")+
				". Set retain_logs_on_destroy = false and apply first to delete them with the database.")
	}
}

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts; every rule runs that reads only known arguments.
func (r *databaseResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m databaseModel) (database.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, dbEnv{}) /* no region, account, partition or default tags yet */
	}, r.refusal)
}

// refusal decides the rules on what u leaves known. The account, unknown
// until apply, is read by no control (only its own input rule), so it does
// not stop the plan from judging whether an exception is needed.
func (r *databaseResource) refusal(s database.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: database.ResourceType, Findings: database.Evaluate(s, u), Exceptions: s.Exceptions,
		Unknown: u.Without("account_id")}
}

// ModifyPlan decides every rule and the update rules on the known
// arguments of the configuration under compliance_mode, before any AWS
// call. Only when they pass, and subnet_ids and vpc_id are known, does it
// read the subnets (one call); with every argument known it fills the
// defaults and plans drift back to "".
func (r *databaseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.warnDestroy(ctx, req, resp)
		return
	}
	var plan, config, state databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	s, u, d := config.withPlanned(plan).spec(ctx, r.env("")) // the account is read at apply
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.refusal(s, u).refuse(&resp.Diagnostics, compliance.Mode(r.client.Mode), false)
	hasState := !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError()
	if hasState {
		resp.RequiresReplace = r.checkUpdate(ctx, state, s, u, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	subnetsChanged := !hasState || !state.SubnetIDs.Equal(plan.SubnetIDs) || !state.VPCID.Equal(plan.VPCID)
	if subnetsChanged && !u.Has("subnet_ids") && !u.Has("vpc_id") {
		r.checkSubnets(ctx, s, u, &resp.Diagnostics) // checked once, not at every plan
	}
	if resp.Diagnostics.HasError() || u.Without("account_id").Any() {
		return // values still unknown: the plan is decided again at apply (the account only ever at apply, in layout)
	}
	plan.setDefaults(s.WithDefaults())
	planOutputs(&plan, state, hasState)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// checkUpdate compares the state with the known arguments of the plan: it
// refuses in-place changes RDS cannot make, and returns the attributes
// whose change replaces the database (database.ReplaceReasons).
func (r *databaseResource) checkUpdate(ctx context.Context, state databaseModel, s database.Spec, u compliance.Unknown, diags *diagnostics) path.Paths {
	prior, _, d := state.spec(ctx, r.env(""))
	diags.Append(d...)
	var replace path.Paths
	for _, a := range database.ReplaceReasons(prior, s, u) {
		replace = append(replace, path.Root(a))
	}
	if len(replace) > 0 {
		return replace // a new database: nothing is updated in place
	}
	for _, e := range database.EvaluateUpdate(prior, s, u) {
		inputError(diags, e.Attribute, e.Detail)
	}
	return nil
}

// planOutputs plans drift back to "" and marks unknown the outputs of
// children that will be created, repaired or replaced.
func planOutputs(plan *databaseModel, state databaseModel, hasState bool) {
	plan.Drift = types.StringValue("")
	if !hasState {
		plan.unknownOutputs()
	} else if state.Drift.ValueString() != "" || !sameDatabaseInputs(state, *plan) {
		plan.ChildIDs, plan.SecurityGroupID = types.MapUnknown(types.StringType), types.StringUnknown()
		plan.ProxyEndpoint = types.StringUnknown()
	}
}

func sameDatabaseInputs(a, b databaseModel) bool {
	return a.Proxy.Equal(b.Proxy) && a.AllowedSecurityGroupIDs.Equal(b.AllowedSecurityGroupIDs) && a.AllowedCIDRBlocks.Equal(b.AllowedCIDRBlocks) &&
		a.SubnetIDs.Equal(b.SubnetIDs) && a.LogRetentionDays.Equal(b.LogRetentionDays) && a.MonitoringIntervalSeconds.Equal(b.MonitoringIntervalSeconds)
}

// checkSubnets reads subnet_ids (one call) and refuses subnets missing,
// outside vpc_id or in one zone (DB-02); it runs after the pure rules pass.
func (r *databaseResource) checkSubnets(ctx context.Context, s database.Spec, u compliance.Unknown, diags *diagnostics) {
	f, err := database.CheckSubnets(ctx, r.client.EC2(), s)
	if err != nil {
		readError(diags, "Cannot plan hipaa_database "+s.Identifier+": reading subnet_ids", err)
		return
	}
	refusal{ResourceType: database.ResourceType, Findings: f, Unknown: u}.refuse(diags, compliance.Mode(r.client.Mode), true)
}

// warnDestroy tells at plan what a destroy will do: refuse under deletion
// protection, or snapshot and keep logs.
func (r *databaseResource) warnDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state databaseModel
	if req.State.Raw.IsNull() || req.State.Get(ctx, &state).HasError() {
		return
	}
	id := state.Identifier.ValueString()
	if state.DeletionProtection.IsNull() || state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddWarning("hipaa_database "+id+" has deletion protection on",
			"Destroy will be refused (DB-05). To delete it: set deletion_protection = false with "+
				"exceptions = [{ control = \"DB-05\", reason = \"decommissioning\" }], run terraform apply, then destroy.")
		return
	}
	resp.Diagnostics.AddWarning("hipaa_database "+id+" will be deleted after a final snapshot",
		"RDS takes the final snapshot "+id+"-final-<UTC timestamp> before deleting the database; the snapshot is kept.")
}
