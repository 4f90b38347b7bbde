package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
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
}

func (r *databaseResource) executor() database.Executor {
	return database.Executor{Clients: database.Clients{RDS: r.client.RDS(), EC2: r.client.EC2(), Logs: r.client.Logs(),
		IAM: r.client.IAM(), Secrets: r.client.SecretsManager()}}
}

// layout expands a model at apply time: the account is known, and the
// subnets' zones are read (one call) to spread Aurora members.
func (r *databaseResource) layout(ctx context.Context, m databaseModel, withZones bool, diags *diagnostics) (database.Layout, bool) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		awsError(diags, "Cannot use hipaa_database", err)
		return database.Layout{}, false
	}
	s, known, d := m.spec(ctx, r.client.Region, account, r.client.Partition, r.client.DefaultTags)
	diags.Append(d...)
	if !known {
		diags.AddError("Cannot expand hipaa_database "+m.Identifier.ValueString(), "An argument is still unknown at apply time; this is a bug in the provider, please report it.")
	}
	if diags.HasError() {
		return database.Layout{}, false
	}
	if withZones && s.Engine.IsAurora() {
		if s.SubnetAZs, err = r.subnetZones(ctx, s.SubnetIDs); err != nil {
			awsError(diags, "Cannot apply hipaa_database "+s.Identifier+": reading the subnets", err)
			return database.Layout{}, false
		}
	}
	l, err := database.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_database "+s.Identifier, err.Error())
		return database.Layout{}, false
	}
	return l, true
}

// subnetZones maps each subnet to its AZ (one DescribeSubnets).
func (r *databaseResource) subnetZones(ctx context.Context, ids []string) (map[string]string, error) {
	out, err := r.client.EC2().DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: ids})
	if err != nil {
		return nil, err
	}
	zones := map[string]string{}
	for _, s := range out.Subnets {
		zones[aws.ToString(s.SubnetId)] = aws.ToString(s.AvailabilityZone)
	}
	return zones, nil
}

// dbRecorder writes each child into state the moment it exists.
type dbRecorder struct {
	mu    sync.Mutex
	ids   map[string]string
	ctx   context.Context
	model databaseModel
	set   func(databaseModel)
}

func (rc *dbRecorder) record(key, id string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.ids[key] = id
	rc.model.ID = types.StringValue(rc.model.Identifier.ValueString())
	rc.model.ChildIDs, _ = types.MapValueFrom(rc.ctx, types.StringType, rc.ids)
	rc.set(rc.model)
}

func (r *databaseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	timeout, d := plan.Timeouts.Create(ctx, defaultDBCreateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m databaseModel) { resp.State.Set(ctx, &m) })
}

func (r *databaseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	timeout, d := plan.Timeouts.Update(ctx, defaultDBUpdateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.apply(ctx, plan, &resp.Diagnostics, func(m databaseModel) { resp.State.Set(ctx, &m) })
}

func (r *databaseResource) apply(ctx context.Context, plan databaseModel, diags *diagnostics, set func(databaseModel)) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, true, diags)
	if !ok {
		return
	}
	partial := plan
	partial.nullOutputs()
	rc := &dbRecorder{ids: map[string]string{}, ctx: ctx, model: partial, set: set}
	res, err := r.executor().Apply(ctx, l, rc.record)
	if err != nil {
		awsError(diags, "Cannot apply hipaa_database "+l.Identifier, err)
		return
	}
	diags.Append(plan.setOutputs(ctx, l, res)...)
	plan.Drift = types.StringValue("")
	set(plan)
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
	if g, ok := o.SecurityGroups[database.KeySecurityGroup]; ok {
		ids[database.KeySecurityGroup] = aws.ToString(g.GroupId)
	}
	res.IDs = ids
	resp.Diagnostics.Append(state.setOutputs(ctx, l, res)...)
	state.Drift = driftText(database.Drift(l, o))
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
	retain := state.RetainLogsOnDestroy.IsNull() || state.RetainLogsOnDestroy.ValueBool()
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

// ValidateConfig refuses input no mode accepts, before any AWS call.
func (r *databaseResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m databaseModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	s, known, d := m.spec(ctx, "", "", "", nil) // no region, account or partition: the checks that need them wait for the plan
	resp.Diagnostics.Append(d...)
	if !known || resp.Diagnostics.HasError() {
		return
	}
	r.refuse(&resp.Diagnostics, s, compliance.ModeEnforce, true)
}

// refuse appends input errors and compliance findings; hard limits the
// latter to violations no mode or exception accepts.
func (r *databaseResource) refuse(diags *diagnostics, s database.Spec, mode compliance.Mode, hard bool) {
	refuseAtPlan(diags, database.ResourceType, database.Validate(s), database.Check(s), s.Exceptions, mode, hard, "region", "account_id", "partition")
}

// ModifyPlan checks every control under compliance_mode and the update
// rules before any AWS call, then checks the subnets (one call), fills
// defaults, and plans drift back to "".
func (r *databaseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.warnDestroy(ctx, req, resp)
		return
	}
	var plan databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	s, known, d := plan.spec(ctx, r.client.Region, "123456789012", r.client.Partition, r.client.DefaultTags)
	resp.Diagnostics.Append(d...)
	if !known || resp.Diagnostics.HasError() {
		return
	}
	r.refuse(&resp.Diagnostics, s, compliance.Mode(r.client.Mode), false)
	var state databaseModel
	hasState := !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError()
	if hasState {
		prior, _, _ := state.spec(ctx, r.client.Region, "123456789012", r.client.Partition, r.client.DefaultTags)
		for _, e := range database.CheckUpdate(prior, s) {
			inputError(&resp.Diagnostics, e.Attribute, e.Detail)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !hasState || !state.SubnetIDs.Equal(plan.SubnetIDs) || !state.VPCID.Equal(plan.VPCID) {
		r.checkSubnets(ctx, s, &resp.Diagnostics) // checked once, not at every plan
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.setDefaults(s.WithDefaults())
	plan.Drift = types.StringValue("")
	if !hasState {
		plan.unknownOutputs()
	} else if state.Drift.ValueString() != "" || !sameDatabaseInputs(state, plan) {
		// children may be repaired or replaced: their IDs are known after apply
		plan.ChildIDs, plan.SecurityGroupID = types.MapUnknown(types.StringType), types.StringUnknown()
		plan.ProxyEndpoint = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func sameDatabaseInputs(a, b databaseModel) bool {
	return a.Proxy.Equal(b.Proxy) && a.AllowedSecurityGroupIDs.Equal(b.AllowedSecurityGroupIDs) && a.AllowedCIDRBlocks.Equal(b.AllowedCIDRBlocks) &&
		a.SubnetIDs.Equal(b.SubnetIDs) && a.LogRetentionDays.Equal(b.LogRetentionDays) && a.MonitoringIntervalSeconds.Equal(b.MonitoringIntervalSeconds)
}

// checkSubnets: the subnets exist, lie in vpc_id, and span two AZs (DB-02, DB-09).
func (r *databaseResource) checkSubnets(ctx context.Context, s database.Spec, diags *diagnostics) {
	out, err := r.client.EC2().DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: s.SubnetIDs})
	if err != nil {
		readError(diags, "Cannot plan hipaa_database "+s.Identifier+": reading subnet_ids", err)
		return
	}
	zones := map[string]bool{}
	for _, sn := range out.Subnets {
		zones[aws.ToString(sn.AvailabilityZone)] = true
		if v := aws.ToString(sn.VpcId); v != s.VPCID {
			inputError(diags, "subnet_ids", fmt.Sprintf("subnet %s is in %s, not in vpc_id %s: use the data-tier subnets of that VPC (DB-09)", aws.ToString(sn.SubnetId), v, s.VPCID))
		}
	}
	if len(zones) < 2 {
		appendCompliance(diags, compliance.Evaluate(database.ResourceType, compliance.ModeEnforce, []compliance.Violation{{Control: "DB-02", Attribute: "subnet_ids", Hard: true,
			Detail: fmt.Sprintf("subnet_ids span %d availability zone (%s): RDS Multi-AZ needs subnets in at least two; add a data subnet in another AZ",
				len(zones), strings.Join(slices.Sorted(maps.Keys(zones)), ", "))}}, nil).Diagnostics)
	}
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

// ImportState adopts a database this provider created, by identifier.
func (r *databaseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, err := r.imported(ctx, req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import hipaa_database "+req.ID, err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
