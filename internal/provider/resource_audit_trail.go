package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var (
	_ resource.ResourceWithConfigure      = (*auditTrailResource)(nil)
	_ resource.ResourceWithImportState    = (*auditTrailResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*auditTrailResource)(nil)
	_ resource.ResourceWithValidateConfig = (*auditTrailResource)(nil)
)

// NewAuditTrailResource is the hipaa_audit_trail factory.
func NewAuditTrailResource() resource.Resource { return &auditTrailResource{} }

type auditTrailResource struct{ client *awsclient.Client }

type auditTrailModel struct {
	auditTrailModelCommon
	Transitions        types.List   `tfsdk:"transitions"`
	ExpireAfterDays    types.Int64  `tfsdk:"expire_after_days"`
	Replication        types.Object `tfsdk:"replication"`
	ReplicaBucketName  types.String `tfsdk:"replica_bucket_name"`
	ReplicationRoleARN types.String `tfsdk:"replication_role_arn"`
}

// auditTrailModelCommon are the attributes every schema version has.
type auditTrailModelCommon struct {
	ID                      types.String `tfsdk:"id"`
	Name                    types.String `tfsdk:"name"`
	KMSKeyARN               types.String `tfsdk:"kms_key_arn"`
	CloudWatchRetentionDays types.Int64  `tfsdk:"cloudwatch_retention_days"`
	ObjectLockDays          types.Int64  `tfsdk:"object_lock_days"`
	DataEventBucketARNs     types.Set    `tfsdk:"data_event_bucket_arns"`
	RetainOnDestroy         types.Bool   `tfsdk:"retain_on_destroy"`
	Tags                    types.Map    `tfsdk:"tags"`
	Exceptions              types.List   `tfsdk:"exceptions"`
	ARN                     types.String `tfsdk:"arn"`
	BucketName              types.String `tfsdk:"bucket_name"`
	AccessLogBucketName     types.String `tfsdk:"access_log_bucket_name"`
	LogGroupName            types.String `tfsdk:"log_group_name"`
	RoleARN                 types.String `tfsdk:"role_arn"`
	Drift                   types.String `tfsdk:"drift"`
}

func (r *auditTrailResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_audit_trail"
}

func (r *auditTrailResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *auditTrailResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = auditTrailSchema(auditTrailSchemaVersion)
}

// auditTrailSchemaVersion is hipaa_audit_trail's schema version: 2 has the
// lifecycle in S3's terms (transitions, expire_after_days) where 0 and 1
// had log_lifecycle (resource_audit_trail_upgrade.go).
const auditTrailSchemaVersion = 2

// auditTrailSchema is the schema of version v (1 or 2; version 0's
// attributes are version 1's).
func auditTrailSchema(v int64) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The trail name."},
		"name": schema.StringAttribute{Required: true, PlanModifiers: replace,
			MarkdownDescription: "Trail name (3–32 lowercase letters, digits, hyphens); the buckets are `<name>-audit-logs-<account>-<region>` and `<name>-access-logs-<account>-<region>`."},
		"kms_key_arn": schema.StringAttribute{Required: true,
			MarkdownDescription: "Customer-managed KMS key ARN for the trail, the log bucket and the log group (AUD-03, STO-01); its policy must allow `cloudtrail`, `logs` and `s3`."},
		"cloudwatch_retention_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(audittrail.DefaultCloudWatchRetention),
			MarkdownDescription: "Log group retention; below 2192 days (six years) needs an AUD-06 exception. Default 2192."},
		"object_lock_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(audittrail.DefaultObjectLockDays),
			MarkdownDescription: "Object Lock default retention, COMPLIANCE mode (STO-06). Default 2192 (six years)."},
		"data_event_bucket_arns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Buckets holding PHI whose object-level events are logged (AUD-05)."},
		"retain_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(audittrail.DefaultRetainOnDestroy),
			MarkdownDescription: "Keep both buckets and the log group on destroy (default `true`). With `false`, destroy empties and deletes them — except objects under Object Lock, which nobody can delete."},
		"tags":                   tagsAttribute(),
		"exceptions":             exceptionsAttribute(),
		"arn":                    schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Trail ARN."},
		"bucket_name":            schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Audit-log bucket."},
		"access_log_bucket_name": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Access-log bucket."},
		"log_group_name":         schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "CloudWatch Logs group."},
		"role_arn":               schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "CloudTrail's delivery role."},
		"drift":                  driftAttribute(),
	}
	if v < 2 {
		attrs["log_lifecycle"] = lifecycleAttributeV1()
	} else {
		attrs["transitions"] = transitionsAttribute(audittrail.DefaultTransitions(),
			"Both buckets' lifecycle transitions (STO-07), in S3's terms: logs move to `storage_class` `days` after creation. "+
				"Default: Standard for 30 days, `STANDARD_IA` for 150, then `DEEP_ARCHIVE`. `[]` keeps logs in S3 Standard.")
		attrs["expire_after_days"] = schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(audittrail.DefaultExpireAfterDays),
			MarkdownDescription: fmt.Sprintf("Days after which logs (and their noncurrent versions) expire. Default %d: ten years in Deep Archive after the "+
				"transitions. Below six years needs an STO-07 exception; shorter than `object_lock_days` is refused.", audittrail.DefaultExpireAfterDays)}
		attrs["replication"] = replicationAttribute("Cross-region replication of both buckets (STO-08, cdk-nag S3BucketReplicationEnabled): " +
			"`<name>-audit-logs-<account>-<region>` in `region`, Object-Locked like the log bucket and encrypted under that region's key, written " +
			"only by replication; `<name>-access-logs-<account>-<region>` for the access logs; and a replication role with a customer-managed policy. " +
			"Every log file replicates, delete markers included. Removing it stops replication and deletes the role; the replicas are kept.")
		attrs["replica_bucket_name"] = schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The log bucket's replica; empty without replication."}
		attrs["replication_role_arn"] = schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The replication role; empty without replication."}
	}
	return schema.Schema{
		MarkdownDescription: "Tamper-evident audit logging as one resource: a multi-region CloudTrail trail with log-file validation and the " +
			"customer key, delivering to an Object-Locked, TLS-only, versioned S3 bucket with a ten-year lifecycle (and a separate " +
			"access-log bucket), and to an encrypted CloudWatch Logs group. Audit evidence is kept on destroy. Controls AUD-01 to AUD-07, STO-01 to STO-07.",
		Attributes: attrs,
		Version:    v,
	}
}

// specEnv is what a Spec takes from the provider; "" means not known yet
// (the region and partition in ValidateConfig, the account until apply).
type specEnv struct {
	Region, AccountID, Partition string
	DefaultTags                  map[string]string
}

// spec converts the model and records what is unknown: an unknown value is
// left zero and only the rules that read it wait for apply.
func (m auditTrailModel) spec(ctx context.Context, env specEnv) (audittrail.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := audittrail.Spec{Name: c.str("name", m.Name), KMSKeyARN: c.str("kms_key_arn", m.KMSKeyARN),
		CloudWatchRetentionDays: c.int("cloudwatch_retention_days", m.CloudWatchRetentionDays), ObjectLockDays: c.int("object_lock_days", m.ObjectLockDays),
		ExpireAfterDays:     c.int("expire_after_days", m.ExpireAfterDays),
		DataEventBucketARNs: c.strs("data_event_bucket_arns", m.DataEventBucketARNs),
		RetainOnDestroy:     c.boolean("retain_on_destroy", m.RetainOnDestroy),
		Tags:                c.strMap("tags", m.Tags), Exceptions: c.exceptions(m.Exceptions),
		Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: env.DefaultTags}
	if m.RetainOnDestroy.IsNull() {
		s.RetainOnDestroy = audittrail.DefaultRetainOnDestroy
	}
	for path, v := range map[string]string{"region": env.Region, "account_id": env.AccountID, "partition": env.Partition} {
		if v == "" {
			c.Unknown.Value(path)
		}
	}
	s.Transitions = c.transitions(m.Transitions)
	s.Replication = c.replication(m.Replication)
	return s, c.Unknown, c.Diags
}

func (r *auditTrailResource) refusal(s audittrail.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: audittrail.ResourceType, Findings: audittrail.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts; every rule runs that reads only known arguments (the region and
// partition are not known yet).
func (r *auditTrailResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m auditTrailModel) (audittrail.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, specEnv{})
	}, r.refusal)
}

// ModifyPlan decides every rule on the known arguments of the configuration
// under compliance_mode, before any AWS call (it makes none). With every
// argument known it plans drift back to "". The account ID is known only at
// apply; no rule of hipaa_audit_trail reads it (audittrail's
// TestRules: NeverReads), so it alone does not hold the plan back.
func (r *auditTrailResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.warnRetained(ctx, req, resp)
		return
	}
	var state auditTrailModel
	hasState := !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError()
	var plan, config auditTrailModel
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
	if resp.Diagnostics.HasError() {
		return
	}
	if hasState && state.Name.Equal(config.Name) {
		left, d := planReplicaOutputs(ctx, state.Replication, config.Replication, &plan.ReplicaBucketName, &plan.ReplicationRoleARN)
		resp.Diagnostics.Append(d...)
		if left != "" {
			resp.Diagnostics.AddWarning("hipaa_audit_trail "+state.Name.ValueString()+" keeps its replicas",
				fmt.Sprintf("The replica %s in %s and its access-log bucket stop receiving logs and are kept with what they hold (audit evidence, "+
					"under Object Lock); this resource no longer manages them. Delete them yourself once their retention obligations end.",
					state.ReplicaBucketName.ValueString(), left))
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	if u.Without("account_id").Any() {
		return // values still unknown: the plan is decided again at apply
	}
	plan.Drift = types.StringValue("")
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// warnRetained tells, at plan, which audit evidence a destroy keeps.
func (r *auditTrailResource) warnRetained(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state auditTrailModel
	if req.State.Raw.IsNull() || req.State.Get(ctx, &state).HasError() {
		return
	}
	retain := state.RetainOnDestroy.ValueBool()
	if state.RetainOnDestroy.IsNull() {
		retain = audittrail.DefaultRetainOnDestroy
	}
	if retain {
		resp.Diagnostics.AddWarning("hipaa_audit_trail "+state.Name.ValueString()+" keeps its audit evidence",
			fmt.Sprintf("Destroy deletes the trail but keeps the buckets %s and %s and the log group %s (audit evidence, 45 CFR 164.316(b)(2)(i)). "+
				"Set retain_on_destroy = false and apply first to delete them (objects under Object Lock stay regardless).",
				state.BucketName.ValueString(), state.AccessLogBucketName.ValueString(), state.LogGroupName.ValueString()))
	}
}

// layout expands a model (all inputs known at apply).
func (r *auditTrailResource) layout(ctx context.Context, m auditTrailModel, diags *diagnostics) (audittrail.Layout, bool) {
	account, ok := accountID(ctx, r.client, diags, "Cannot use hipaa_audit_trail "+m.Name.ValueString())
	if !ok {
		return audittrail.Layout{}, false
	}
	s, u, d := m.spec(ctx, specEnv{Region: r.client.Region, AccountID: account, Partition: r.client.Partition, DefaultTags: r.client.DefaultTags})
	diags.Append(d...)
	if stillUnknown(diags, audittrail.ResourceType, s.Name, u) || diags.HasError() {
		return audittrail.Layout{}, false
	}
	l, err := audittrail.Expand(s)
	if err != nil {
		diags.AddError("Cannot expand hipaa_audit_trail "+s.Name, err.Error())
		return audittrail.Layout{}, false
	}
	return l, true
}

// executor is the executor of l: S3 in the provider's region and in the
// replicas', from the same configuration.
func (r *auditTrailResource) executor(l audittrail.Layout) audittrail.Executor {
	c := audittrail.Clients{S3: r.client.S3(), CloudTrail: r.client.CloudTrail(), Logs: r.client.Logs(), IAM: r.client.IAM()}
	if region := l.ReplicaRegion(); region != "" {
		c.ReplicaS3 = r.client.InRegion(region).S3()
	}
	return audittrail.Executor{Clients: c}
}

func (r *auditTrailResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan auditTrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	r.apply(ctx, nil, plan, &resp.Diagnostics, func(m auditTrailModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *auditTrailResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state auditTrailModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	r.apply(ctx, &state, plan, &resp.Diagnostics, func(m auditTrailModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

// apply converges the trail on plan; prior is the state an update starts
// from (nil on create): replication it had and plan drops is stopped after
// the apply (audittrail.Executor.StopReplication). set writes a model into
// state and returns the diagnostics of the write, which apply keeps.
func (r *auditTrailResource) apply(ctx context.Context, prior *auditTrailModel, plan auditTrailModel, diags *diagnostics, set func(auditTrailModel) diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	l, ok := r.layout(ctx, plan, diags)
	if !ok {
		return
	}
	partial := plan
	partial.setOutputs(l, "")
	partial.ARN, partial.RoleARN, partial.ReplicationRoleARN = types.StringNull(), types.StringNull(), types.StringNull()
	tflog.Info(ctx, "applying hipaa_audit_trail", map[string]any{"trail": l.TrailName, "children": len(l.Children()), "replica_region": l.ReplicaRegion()})
	err := r.executor(l).Apply(ctx, l, func(key, id string) {
		switch key {
		case audittrail.KeyRole:
			partial.RoleARN = types.StringValue(id)
		case audittrail.KeyReplicationRole:
			partial.ReplicationRoleARN = types.StringValue(id)
		}
		partial.ID = types.StringValue(l.TrailName)
		diags.Append(set(partial)...) // each child in state as it exists
		tflog.Debug(ctx, "recorded", map[string]any{"child_key": key, "child_id": id})
	})
	if err != nil {
		awsError(diags, "Cannot apply hipaa_audit_trail "+l.Name, err)
		return
	}
	if prior != nil && !prior.Replication.IsNull() {
		if before, ok := r.layout(ctx, *prior, diags); ok {
			if err := r.executor(before).StopReplication(ctx, before, l); err != nil {
				awsError(diags, "Cannot stop the replication of hipaa_audit_trail "+l.Name, err)
				return
			}
		}
	}
	plan.setOutputs(l, partial.RoleARN.ValueString())
	diags.Append(set(plan)...)
}

func (m *auditTrailModel) setOutputs(l audittrail.Layout, roleARN string) {
	m.ID, m.ARN = types.StringValue(l.TrailName), types.StringValue(l.TrailARN())
	m.BucketName, m.AccessLogBucketName = types.StringValue(l.LogBucket.Name), types.StringValue(l.AccessBucket.Name)
	m.LogGroupName, m.RoleARN = types.StringValue(l.LogGroupName), types.StringValue(roleARN)
	m.ReplicaBucketName, m.ReplicationRoleARN = types.StringValue(""), types.StringValue("")
	if r := l.Replicas; r != nil {
		m.ReplicaBucketName, m.ReplicationRoleARN = types.StringValue(r.Pairs[0].Replica.Name), types.StringValue(r.Role.RoleARN())
	}
	m.Drift = types.StringValue("")
}

func (r *auditTrailResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state auditTrailModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, ok := r.layout(ctx, state, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := audittrail.Observe(ctx, r.executor(l).Clients, l)
	if awsclient.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_audit_trail "+l.Name, err)
		return
	}
	role := state.RoleARN.ValueString()
	state.setOutputs(l, role)
	state.Drift = driftText(audittrail.Drift(l, o))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *auditTrailResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state auditTrailModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	l, ok := r.layout(ctx, state, &resp.Diagnostics)
	if !ok {
		return
	}
	kept, err := r.executor(l).Destroy(ctx, l)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_audit_trail "+l.Name, err)
		return
	}
	if w := kept.Warning(); w != "" {
		resp.Diagnostics.AddWarning("hipaa_audit_trail "+l.Name+" kept its audit evidence", w)
	}
}

// ImportState adopts a trail this provider created, by trail name
// (audittrail.Import reads it back from the trail, its buckets and log group).
func (r *auditTrailResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	account, ok := accountID(ctx, r.client, &resp.Diagnostics, "Cannot import hipaa_audit_trail "+req.ID)
	if !ok {
		return
	}
	env := audittrail.Env{Region: r.client.Region, AccountID: account, Partition: r.client.Partition}
	s, err := audittrail.Import(ctx, r.executor(audittrail.Layout{}).Clients, env, r.client.DefaultTags, req.ID)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_audit_trail "+req.ID, err)
		return
	}
	m, d := auditTrailModelOf(ctx, s)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// auditTrailModelOf is the inverse of spec: the arguments of s (defaults
// applied), the outputs null until the Read that follows an import.
func auditTrailModelOf(ctx context.Context, s audittrail.Spec) (auditTrailModel, diag.Diagnostics) {
	s = s.WithDefaults()
	c := &modelConv{ctx: ctx}
	m := auditTrailModel{auditTrailModelCommon: auditTrailModelCommon{ID: types.StringValue(s.Name), Name: types.StringValue(s.Name),
		KMSKeyARN: types.StringValue(s.KMSKeyARN), CloudWatchRetentionDays: types.Int64Value(int64(s.CloudWatchRetentionDays)),
		ObjectLockDays: types.Int64Value(int64(s.ObjectLockDays)), DataEventBucketARNs: c.setOrNull(s.DataEventBucketARNs),
		RetainOnDestroy: types.BoolValue(s.RetainOnDestroy), Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions),
		ARN: types.StringNull(), BucketName: types.StringNull(), AccessLogBucketName: types.StringNull(), LogGroupName: types.StringNull(),
		RoleARN: types.StringNull(), Drift: types.StringValue("")},
		Transitions: transitionsValue(s.Transitions), ExpireAfterDays: types.Int64Value(int64(s.ExpireAfterDays)),
		Replication: c.replication(s.Replication), ReplicaBucketName: types.StringNull(), ReplicationRoleARN: types.StringNull()}
	return m, c.diags
}
