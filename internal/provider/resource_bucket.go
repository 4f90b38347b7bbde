package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var (
	_ resource.ResourceWithConfigure      = (*bucketResource)(nil)
	_ resource.ResourceWithImportState    = (*bucketResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*bucketResource)(nil)
	_ resource.ResourceWithValidateConfig = (*bucketResource)(nil)
)

// defaultBucketTimeout bounds each of create, update and delete.
const defaultBucketTimeout = 20 * time.Minute

// NewBucketResource is the hipaa_bucket factory.
func NewBucketResource() resource.Resource { return &bucketResource{} }

type bucketResource struct{ client *awsclient.Client }

func (r *bucketResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bucket"
}

func (r *bucketResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *bucketResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = bucketSchema(ctx)
	resp.Schema.Version = schemaVersion
}

func (r *bucketResource) refusal(s bucket.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: bucket.ResourceType, Findings: bucket.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts, on the known arguments.
func (r *bucketResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m bucketModel) (bucket.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, specEnv{})
	}, r.refusal)
}

// ModifyPlan decides every rule on the known arguments under
// compliance_mode, before any AWS call (it makes none). No rule of
// hipaa_bucket reads the account (bucket's TestRules: NeverReads), so
// the account, known only at apply, does not hold the plan back. It
// refuses to remove Object Lock, and says what a change keeps.
func (r *bucketResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	var state bucketModel
	hasState := !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError()
	if req.Plan.Raw.IsNull() {
		if hasState {
			r.warnRetained(state, resp)
		}
		return
	}
	var plan, config bucketModel
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
	if hasState && !state.ObjectLock.IsNull() && config.ObjectLock.IsNull() && state.Name.Equal(config.Name) {
		resp.Diagnostics.AddAttributeError(path.Root("object_lock"), "Object Lock cannot be removed from hipaa_bucket "+state.Name.ValueString(),
			"S3 keeps Object Lock on for a bucket once enabled, and versions already locked stay locked (STO-06, 45 CFR 164.312(c)(1)). "+
				"Keep object_lock; lower object_lock.days to shorten the retention of new versions.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if hasState && state.Name.Equal(config.Name) {
		r.planOutputs(ctx, state, config, &plan, resp)
	}
	if u.Without("account_id").Any() {
		return // values still unknown: the plan is decided again at apply
	}
	plan.Drift = types.StringValue("")
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planOutputs marks unknown the outputs an update changes (they are kept
// from state otherwise), and says which replica buckets a change of
// replication leaves behind.
func (r *bucketResource) planOutputs(ctx context.Context, state, config bucketModel, plan *bucketModel, resp *resource.ModifyPlanResponse) {
	if !state.AccessLogBucket.Equal(config.AccessLogBucket) {
		plan.AccessLogBucketName = types.StringUnknown()
		if !config.AccessLogBucket.IsNull() && !config.AccessLogBucket.IsUnknown() {
			plan.AccessLogBucketName = config.AccessLogBucket
		}
	}
	left, d := planReplicaOutputs(ctx, state.Replication, config.Replication, &plan.ReplicaBucketName, &plan.ReplicaARN, &plan.ReplicationRoleARN)
	resp.Diagnostics.Append(d...)
	if left != "" {
		resp.Diagnostics.AddWarning("hipaa_bucket "+state.Name.ValueString()+" keeps its replica",
			fmt.Sprintf("The replica %s in %s stops receiving objects and is kept with what it holds (PHI), with its access-log bucket; "+
				"this resource no longer manages it. Delete it yourself once its retention obligations end.",
				state.ReplicaBucketName.ValueString(), left))
	}
}

// warnRetained tells, at plan, what a destroy keeps or refuses.
func (r *bucketResource) warnRetained(state bucketModel, resp *resource.ModifyPlanResponse) {
	retain := state.RetainOnDestroy.IsNull() || state.RetainOnDestroy.ValueBool()
	if retain {
		resp.Diagnostics.AddWarning("hipaa_bucket "+state.Name.ValueString()+" keeps its buckets",
			"Destroy deletes nothing: the bucket "+state.BucketName.ValueString()+" (PHI) and its access-log and replica buckets are kept "+
				"(retain_on_destroy = true). Set retain_on_destroy = false and apply first to delete them once they are empty.")
		return
	}
	resp.Diagnostics.AddWarning("hipaa_bucket "+state.Name.ValueString()+" is deleted only when empty",
		"Destroy never deletes an object: it refuses while "+state.BucketName.ValueString()+" or its replica holds one, and keeps access-log buckets that hold logs (AUD-07).")
}

// layout expands a model (all inputs known at apply); applying, every rule
// is decided again first, with every argument known.
func (r *bucketResource) layout(ctx context.Context, m bucketModel, applying bool, diags *diagnostics) (bucket.Layout, bool) {
	account, ok := accountID(ctx, r.client, diags, "Cannot use hipaa_bucket "+m.Name.ValueString())
	if !ok {
		return bucket.Layout{}, false
	}
	s, u, d := m.spec(ctx, specEnv{Region: r.client.Region, AccountID: account, Partition: r.client.Partition, DefaultTags: r.client.DefaultTags})
	diags.Append(d...)
	if stillUnknown(diags, bucket.ResourceType, s.Name, u) || diags.HasError() {
		return bucket.Layout{}, false
	}
	if applying {
		if r.refusal(s, compliance.Unknown{}).refuse(diags, compliance.Mode(r.client.Mode), false); diags.HasError() {
			return bucket.Layout{}, false
		}
	}
	l, err := bucket.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_bucket "+s.Name, err.Error())
		return bucket.Layout{}, false
	}
	return l, true
}

// executor is the executor of l: S3 in the provider's region and in the
// replica's, from the same configuration.
func (r *bucketResource) executor(l bucket.Layout) bucket.Executor {
	c := bucket.Clients{S3: r.client.S3(), IAM: r.client.IAM()}
	if l.ReplicaRegion != "" {
		c.ReplicaS3 = r.client.InRegion(l.ReplicaRegion).S3()
	}
	return bucket.Executor{Clients: c}
}

func (r *bucketResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bucketModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultBucketTimeout)
	defer cancel()
	r.apply(ctx, nil, plan, &resp.Diagnostics, func(m bucketModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *bucketResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bucketModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel := within(ctx, &resp.Diagnostics, plan.Timeouts.Update, defaultBucketTimeout)
	defer cancel()
	r.apply(ctx, &state, plan, &resp.Diagnostics, func(m bucketModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

// apply converges the bucket on plan; prior is the state an update starts
// from (nil on create): replication rules it had and plan drops are
// removed after the apply (bucket.Executor.StopReplication). set writes a model into state and returns the
// diagnostics of the write, which apply keeps.
func (r *bucketResource) apply(ctx context.Context, prior *bucketModel, plan bucketModel, diags *diagnostics, set func(bucketModel) diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, true, diags)
	if !ok {
		return
	}
	partial := plan
	partial.setOutputs(l)
	partial.ReplicationRoleARN = types.StringNull()
	tflog.Info(ctx, "applying hipaa_bucket", map[string]any{"bucket": l.BucketName, "children": len(l.Children()), "replica_region": l.ReplicaRegion})
	err := r.executor(l).Apply(ctx, l, func(key, id string) {
		if key == bucket.KeyRole {
			partial.ReplicationRoleARN = types.StringValue(id)
		}
		diags.Append(set(partial)...) // each child in state as it exists
		tflog.Debug(ctx, "recorded", map[string]any{"child_key": key, "child_id": id})
	})
	if err != nil {
		awsError(diags, "Cannot apply hipaa_bucket "+l.Name, err)
		return
	}
	if prior != nil && !prior.Replication.IsNull() {
		if before, ok := r.layout(ctx, *prior, false, diags); ok {
			if err := r.executor(before).StopReplication(ctx, before, l); err != nil {
				awsError(diags, "Cannot stop the replication of hipaa_bucket "+l.Name, err)
				return
			}
		}
	}
	plan.setOutputs(l)
	diags.Append(set(plan)...)
}

func (r *bucketResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bucketModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := bucket.Observe(ctx, r.executor(l).Clients, l)
	if awsclient.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_bucket "+l.Name, err)
		return
	}
	tflog.Debug(ctx, "read hipaa_bucket", map[string]any{"bucket": l.BucketName, "calls": bucket.Calls(l)})
	state.setOutputs(l)
	state.Drift = driftText(bucket.Drift(l, o))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *bucketResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bucketModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := within(ctx, &resp.Diagnostics, state.Timeouts.Delete, defaultBucketTimeout)
	defer cancel()
	l, ok := r.layout(ctx, state, false, &resp.Diagnostics)
	if !ok {
		return
	}
	kept, err := r.executor(l).Destroy(ctx, l)
	var full *bucket.NotEmptyError
	switch {
	case errors.As(err, &full):
		resp.Diagnostics.AddError("Cannot delete hipaa_bucket "+l.Name, err.Error()+". Nothing was deleted.")
		return
	case err != nil:
		awsError(&resp.Diagnostics, "Cannot delete hipaa_bucket "+l.Name, err)
		return
	}
	if w := kept.Warning(); w != "" {
		resp.Diagnostics.AddWarning("hipaa_bucket "+l.Name+" kept its buckets", w)
	}
}

// ImportState adopts a bucket this provider created, by its name argument
// (bucket.Import reads the spec back from the bucket, its policy and its
// replication rule).
func (r *bucketResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	account, ok := accountID(ctx, r.client, &resp.Diagnostics, "Cannot import hipaa_bucket "+req.ID)
	if !ok {
		return
	}
	env := bucket.Env{Region: r.client.Region, AccountID: account, Partition: r.client.Partition}
	s, err := bucket.Import(ctx, bucket.Clients{S3: r.client.S3(), IAM: r.client.IAM()}, env, r.client.DefaultTags, req.ID)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_bucket "+req.ID, err)
		return
	}
	m, d := bucketModelOf(ctx, s)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
