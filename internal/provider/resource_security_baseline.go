package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var (
	_ resource.ResourceWithConfigure      = (*securityBaselineResource)(nil)
	_ resource.ResourceWithImportState    = (*securityBaselineResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*securityBaselineResource)(nil)
	_ resource.ResourceWithValidateConfig = (*securityBaselineResource)(nil)
)

// turnedOnKey is the private-state key of what this resource turned on.
const turnedOnKey = "turned_on"

// NewSecurityBaselineResource is the hipaa_security_baseline factory.
func NewSecurityBaselineResource() resource.Resource { return &securityBaselineResource{} }

type securityBaselineResource struct{ client *awsclient.Client }

type securityBaselineModel struct {
	ID                         types.String `tfsdk:"id"`
	KMSKeyARN                  types.String `tfsdk:"kms_key_arn"`
	GuardDuty                  types.Object `tfsdk:"guardduty"`
	SecurityHub                types.Object `tfsdk:"security_hub"`
	Config                     types.Object `tfsdk:"config"`
	AccessAnalyzer             types.Bool   `tfsdk:"access_analyzer"`
	Inspector                  types.Object `tfsdk:"inspector"`
	EBSKMSKeyARN               types.String `tfsdk:"ebs_default_encryption_kms_key_arn"`
	S3AccountPublicAccessBlock types.Bool   `tfsdk:"s3_account_public_access_block"`
	PasswordPolicy             types.Object `tfsdk:"password_policy"`
	DisableOnDestroy           types.Bool   `tfsdk:"disable_on_destroy"`
	Replication                types.Object `tfsdk:"replication"`
	Tags                       types.Map    `tfsdk:"tags"`
	Exceptions                 types.List   `tfsdk:"exceptions"`
	DetectorID                 types.String `tfsdk:"detector_id"`
	HubARN                     types.String `tfsdk:"hub_arn"`
	StandardsARNs              types.Set    `tfsdk:"standards_arns"`
	ConfigRecorderName         types.String `tfsdk:"config_recorder_name"`
	ConfigChannelName          types.String `tfsdk:"config_delivery_channel_name"`
	ConfigBucketName           types.String `tfsdk:"config_bucket_name"`
	ConfigAccessBucketName     types.String `tfsdk:"config_access_log_bucket_name"`
	ConformancePackName        types.String `tfsdk:"conformance_pack_name"`
	AccessAnalyzerARN          types.String `tfsdk:"access_analyzer_arn"`
	ReplicaConfigBucketName    types.String `tfsdk:"replica_config_bucket_name"`
	ReplicationRoleARN         types.String `tfsdk:"replication_role_arn"`
	Drift                      types.String `tfsdk:"drift"`
}

type guardDutyModel struct {
	Features  types.Set    `tfsdk:"features"`
	Frequency types.String `tfsdk:"finding_publishing_frequency"`
}

type securityHubModel struct {
	Standards types.Set `tfsdk:"standards"`
}

type configModel struct {
	ConformancePack types.Bool `tfsdk:"conformance_pack"`
}

type inspectorModel struct {
	ResourceTypes types.Set `tfsdk:"resource_types"`
}

type passwordPolicyModel struct {
	Enabled         types.Bool  `tfsdk:"enabled"`
	MinimumLength   types.Int64 `tfsdk:"minimum_length"`
	MaxAgeDays      types.Int64 `tfsdk:"max_age_days"`
	ReusePrevention types.Int64 `tfsdk:"reuse_prevention"`
}

func (r *securityBaselineResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_security_baseline"
}

func (r *securityBaselineResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// spec converts the model and records what is unknown. Region, account and
// partition come from the provider ("": not known yet). A null argument
// takes its default; an unknown one the zero value, recorded so that only
// the rules that read it wait. Nested blocks are read field by field.
func (m securityBaselineModel) spec(ctx context.Context, region, account, partition string, defaultTags map[string]string) (baseline.Spec, compliance.Unknown, diag.Diagnostics) {
	c := baselineConv{newConv(ctx)}
	s := baseline.Default()
	s.KMSKeyARN = c.str("kms_key_arn", m.KMSKeyARN)
	s.EBSKMSKeyARN = c.str("ebs_default_encryption_kms_key_arn", m.EBSKMSKeyARN)
	s.AccessAnalyzer = c.boolOr("access_analyzer", m.AccessAnalyzer, s.AccessAnalyzer)
	s.S3AccountPublicAccessBlock = c.boolOr("s3_account_public_access_block", m.S3AccountPublicAccessBlock, s.S3AccountPublicAccessBlock)
	s.DisableOnDestroy = c.boolean("disable_on_destroy", m.DisableOnDestroy)
	s.Tags, s.Exceptions = c.strMap("tags", m.Tags), c.exceptions(m.Exceptions)
	s.Region, s.AccountID, s.Partition, s.DefaultTags = region, account, partition, defaultTags
	for path, v := range map[string]string{"region": region, "account_id": account, "partition": partition} {
		if v == "" {
			c.Unknown.Value(path)
		}
	}
	c.guardDuty(m.GuardDuty, &s)
	c.securityHub(m.SecurityHub, &s)
	c.config(m.Config, &s)
	c.inspector(m.Inspector, &s)
	c.passwordPolicy(m.PasswordPolicy, &s)
	s.Replication = c.replication(m.Replication)
	return s, c.Unknown, c.Diags
}

// baselineConv reads optional arguments: null keeps the default, unknown
// is the zero value (recorded by conv).
type baselineConv struct{ *conv }

func (c baselineConv) strOr(path string, v types.String, def string) string {
	if v.IsNull() {
		return def
	}
	return c.str(path, v)
}

func (c baselineConv) intOr(path string, v types.Int64, def int) int {
	if v.IsNull() {
		return def
	}
	return c.int(path, v)
}

func (c baselineConv) boolOr(path string, v types.Bool, def bool) bool {
	if v.IsNull() {
		return def
	}
	return c.boolean(path, v)
}

func (c baselineConv) strsOr(path string, v types.Set, def []string) []string {
	if v.IsNull() {
		return def
	}
	return c.strs(path, v)
}

// block reads a nested object into dst: true when its fields are to be
// read (set, or unknown: then dst holds unknown fields, each recorded).
func (c baselineConv) block(path string, v types.Object, dst any) bool {
	return c.object(path, v, dst) || v.IsUnknown()
}

func (c baselineConv) guardDuty(v types.Object, s *baseline.Spec) {
	g := guardDutyModel{Features: types.SetUnknown(types.StringType), Frequency: types.StringUnknown()}
	if c.block("guardduty", v, &g) {
		s.GuardDutyFeatures = c.strsOr("guardduty.features", g.Features, s.GuardDutyFeatures)
		s.FindingFrequency = c.strOr("guardduty.finding_publishing_frequency", g.Frequency, s.FindingFrequency)
	}
}

func (c baselineConv) securityHub(v types.Object, s *baseline.Spec) {
	h := securityHubModel{Standards: types.SetUnknown(types.StringType)}
	if c.block("security_hub", v, &h) {
		s.Standards = c.strsOr("security_hub.standards", h.Standards, s.Standards)
	}
}

func (c baselineConv) config(v types.Object, s *baseline.Spec) {
	m := configModel{ConformancePack: types.BoolUnknown()}
	if c.block("config", v, &m) {
		s.ConformancePack = c.boolOr("config.conformance_pack", m.ConformancePack, s.ConformancePack)
	}
}

func (c baselineConv) inspector(v types.Object, s *baseline.Spec) {
	i := inspectorModel{ResourceTypes: types.SetUnknown(types.StringType)}
	if c.block("inspector", v, &i) {
		s.InspectorResourceTypes = c.strsOr("inspector.resource_types", i.ResourceTypes, s.InspectorResourceTypes)
	}
}

func (c baselineConv) passwordPolicy(v types.Object, s *baseline.Spec) {
	p := passwordPolicyModel{Enabled: types.BoolUnknown(), MinimumLength: types.Int64Unknown(), MaxAgeDays: types.Int64Unknown(),
		ReusePrevention: types.Int64Unknown()}
	if !c.block("password_policy", v, &p) {
		return
	}
	pp := &s.PasswordPolicy
	pp.Unmanaged = !c.boolOr("password_policy.enabled", p.Enabled, true) && !p.Enabled.IsUnknown() // unknown: the zero value
	pp.MinimumLength = c.intOr("password_policy.minimum_length", p.MinimumLength, pp.MinimumLength)
	pp.MaxAgeDays = c.intOr("password_policy.max_age_days", p.MaxAgeDays, pp.MaxAgeDays)
	pp.ReusePrevention = c.intOr("password_policy.reuse_prevention", p.ReusePrevention, pp.ReusePrevention)
}

func (r *securityBaselineResource) refusal(s baseline.Spec, u compliance.Unknown) refusal {
	return refusal{ResourceType: baseline.ResourceType, Findings: baseline.Evaluate(s, u), Exceptions: s.Exceptions, Unknown: u}
}

// ValidateConfig refuses, before the provider is configured, input no mode
// accepts; every rule runs that reads only known arguments (region,
// account and partition are not known yet).
func (r *securityBaselineResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateConfig(ctx, req.Config, &resp.Diagnostics, func(m securityBaselineModel) (baseline.Spec, compliance.Unknown, diag.Diagnostics) {
		return m.spec(ctx, "", "", "", nil)
	}, r.refusal)
}

// outputReads are what planOutputs reads; the account ID, unknown at
// plan, is not among them.
var outputReads = compliance.R("security_hub.standards", "config.conformance_pack", "access_analyzer", "region", "partition")

// ModifyPlan decides every rule on the known arguments of the configuration
// under compliance_mode; it makes no AWS call. The region is the ID (a new
// region replaces the baseline); the outputs are settled when what they
// follow from is known, else decided again at apply.
func (r *securityBaselineResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.warnLeftRunning(ctx, req, resp)
		return
	}
	var plan, config securityBaselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, u, d := config.spec(ctx, r.client.Region, "", r.client.Partition, r.client.DefaultTags)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.refusal(s, u).refuse(&resp.Diagnostics, compliance.Mode(r.client.Mode), false)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.EBSKMSKeyARN.IsNull() { // unset: the baseline's default (kms_key_arn), unknown while the key is
		plan.EBSKMSKeyARN = types.StringValue(s.WithDefaults().EBSKMSKeyARN)
		if u.Has("kms_key_arn") {
			plan.EBSKMSKeyARN = types.StringUnknown()
		}
	}
	plan.ID = types.StringValue(r.client.Region)
	if !req.State.Raw.IsNull() {
		var state securityBaselineModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.ID.ValueString() != r.client.Region {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("id"))
		}
		left, d := planReplicaOutputs(ctx, state.Replication, config.Replication, &plan.ReplicaConfigBucketName, &plan.ReplicationRoleARN)
		resp.Diagnostics.Append(d...)
		if left != "" {
			resp.Diagnostics.AddWarning("hipaa_security_baseline "+state.ID.ValueString()+" keeps its replicas",
				fmt.Sprintf("The replica %s in %s and its access-log bucket stop receiving AWS Config history and are kept with what they hold "+
					"(audit evidence); this resource no longer manages them. Delete them yourself once their retention obligations end.",
					state.ReplicaConfigBucketName.ValueString(), left))
		}
	}
	if !slices.ContainsFunc(outputReads, u.Blocks) {
		plan.planOutputs(s)
	}
	plan.Drift = types.StringValue("")
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// warnLeftRunning tells, at plan, that a destroy leaves detection on.
func (r *securityBaselineResource) warnLeftRunning(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state securityBaselineModel
	if req.State.Raw.IsNull() || req.State.Get(ctx, &state).HasError() || state.DisableOnDestroy.ValueBool() {
		return
	}
	resp.Diagnostics.AddWarning("hipaa_security_baseline "+state.ID.ValueString()+" leaves detection running",
		"Destroy removes the resource from state but leaves GuardDuty, Security Hub, AWS Config, Access Analyzer, Inspector and the "+
			"account settings on (disable_on_destroy = false). Set disable_on_destroy = true and apply first to turn off what this resource turned on.")
}

// planOutputs settles the outputs that follow from the arguments: the
// standards' ARNs, and the pack and analyzer (null when off, unknown when
// turned on by this plan).
func (m *securityBaselineModel) planOutputs(s baseline.Spec) {
	arns := baseline.PriorOf(s).StandardARNs
	slices.Sort(arns)
	m.StandardsARNs = stringSet(arns)
	switch {
	case !s.ConformancePack:
		m.ConformancePackName = types.StringNull()
	case m.ConformancePackName.IsNull():
		m.ConformancePackName = types.StringValue(baseline.ChildName)
	}
	switch {
	case !s.AccessAnalyzer:
		m.AccessAnalyzerARN = types.StringNull()
	case m.AccessAnalyzerARN.IsNull():
		m.AccessAnalyzerARN = types.StringUnknown()
	}
}

// layout expands the model; names of an imported recorder and channel come
// from the model.
func (r *securityBaselineResource) layout(ctx context.Context, m securityBaselineModel, diags *diagnostics) (baseline.Layout, bool) {
	return r.layoutWith(ctx, m, diags, baseline.Expand)
}

// layoutWith lays the model out with expand: baseline.Expand, which
// decides the rules first, or a locating one (see Delete).
func (r *securityBaselineResource) layoutWith(ctx context.Context, m securityBaselineModel, diags *diagnostics,
	expand func(baseline.Spec, baseline.Names) (baseline.Layout, error)) (baseline.Layout, bool) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		awsError(diags, "Cannot use hipaa_security_baseline", err)
		return baseline.Layout{}, false
	}
	s, u, d := m.spec(ctx, r.client.Region, account, r.client.Partition, r.client.DefaultTags)
	diags.Append(d...)
	if stillUnknown(diags, baseline.ResourceType, r.client.Region, u) || diags.HasError() {
		return baseline.Layout{}, false
	}
	l, err := expand(s, baseline.Names{Recorder: m.ConfigRecorderName.ValueString(), Channel: m.ConfigChannelName.ValueString()})
	if err != nil {
		diags.AddError("Cannot expand hipaa_security_baseline "+r.client.Region, err.Error())
		return baseline.Layout{}, false
	}
	return l, true
}

// executor is the executor of l: S3 in the provider's region and in the
// replicas', from the same configuration.
func (r *securityBaselineResource) executor(l baseline.Layout) baseline.Executor {
	c := r.client
	x := baseline.Executor{Clients: baseline.Clients{GuardDuty: c.GuardDuty(), SecurityHub: c.SecurityHub(), Config: c.ConfigService(),
		AccessAnalyzer: c.AccessAnalyzer(), Inspector: c.Inspector2(), EC2: c.EC2(), S3: c.S3(), S3Control: c.S3Control(), IAM: c.IAM()}}
	if region := l.ReplicaRegion(); region != "" {
		x.ReplicaS3 = c.InRegion(region).S3()
	}
	return x
}

// privateState is the part of private state this resource reads and writes.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// turnedOn is what private state says this resource turned on.
func turnedOn(ctx context.Context, p interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}, diags *diagnostics) []string {
	var out []string
	b, d := p.GetKey(ctx, turnedOnKey)
	diags.Append(d...)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			diags.AddWarning("Cannot read what hipaa_security_baseline turned on",
				"The private state "+turnedOnKey+" is not a list of names ("+err.Error()+"); destroy treats nothing as turned on by this resource and turns nothing off.")
		}
	}
	return out
}

func saveTurnedOn(ctx context.Context, p privateState, on []string, diags *diagnostics) {
	b, err := json.Marshal(on)
	if err != nil {
		diags.AddError("Cannot record what hipaa_security_baseline turned on", err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, turnedOnKey, b)...)
}

func (r *securityBaselineResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan securityBaselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, plan, nil, nil, resp.Private, &resp.Diagnostics, func(m securityBaselineModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *securityBaselineResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state securityBaselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ConfigRecorderName, plan.ConfigChannelName, plan.DetectorID = state.ConfigRecorderName, state.ConfigChannelName, state.DetectorID
	on := turnedOn(ctx, req.Private, &resp.Diagnostics)
	r.apply(ctx, plan, &state, on, resp.Private, &resp.Diagnostics, func(m securityBaselineModel) diag.Diagnostics { return resp.State.Set(ctx, &m) })
}

func (r *securityBaselineResource) apply(ctx context.Context, plan securityBaselineModel, state *securityBaselineModel, on []string,
	private privateState, diags *diagnostics, set func(securityBaselineModel) diag.Diagnostics) {
	l, ok := r.layout(ctx, plan, diags)
	if !ok {
		return
	}
	run := baseline.Run{Layout: l, DetectorID: plan.DetectorID.ValueString(), TurnedOn: on}
	if state != nil {
		s, _, d := state.spec(ctx, l.Region, l.AccountID, l.Partition, nil)
		diags.Append(d...)
		prior := baseline.PriorOf(s)
		run.Prior = &prior
	}
	res, err := r.executor(l).Apply(ctx, run)
	saveTurnedOn(ctx, private, res.TurnedOn, diags)
	tflog.Debug(ctx, "security baseline applied", map[string]any{"detector_id": res.DetectorID, "turned_on": res.TurnedOn})
	if err != nil {
		if state != nil { // keep what this apply turned on, and the detector it may have created
			state.DetectorID = types.StringValue(res.DetectorID)
			diags.Append(set(*state)...)
		}
		var taken *baseline.TakenError
		if errors.As(err, &taken) { // nothing was created: say only what to do
			diags.AddError("Cannot apply hipaa_security_baseline "+l.Region, err.Error())
			return
		}
		awsError(diags, "Cannot apply hipaa_security_baseline "+l.Region, err)
		return
	}
	if state != nil && !state.Replication.IsNull() {
		if before, ok := r.layout(ctx, *state, diags); ok {
			if err := r.executor(before).StopReplication(ctx, before, l); err != nil {
				awsError(diags, "Cannot stop the replication of hipaa_security_baseline "+l.Region, err)
				return
			}
		}
	}
	plan.setOutputs(l, res.DetectorID)
	diags.Append(set(plan)...)
}

func (m *securityBaselineModel) setOutputs(l baseline.Layout, detectorID string) {
	m.ID, m.DetectorID, m.HubARN = types.StringValue(l.Region), types.StringValue(detectorID), types.StringValue(l.HubARN())
	m.StandardsARNs = stringSet(l.StandardARNs)
	m.ConfigRecorderName, m.ConfigChannelName = types.StringValue(l.RecorderName), types.StringValue(l.ChannelName)
	m.ConfigBucketName, m.ConfigAccessBucketName = types.StringValue(l.ConfigBucket.Name), types.StringValue(l.AccessBucket.Name)
	m.ConformancePackName, m.AccessAnalyzerARN = types.StringNull(), types.StringNull()
	if l.ConformancePack {
		m.ConformancePackName = types.StringValue(l.PackName)
	}
	if l.AccessAnalyzer {
		m.AccessAnalyzerARN = types.StringValue(l.AnalyzerARN())
	}
	m.EBSKMSKeyARN = types.StringValue(l.EBSKMSKeyARN)
	m.ReplicaConfigBucketName, m.ReplicationRoleARN = types.StringValue(""), types.StringValue("")
	if r := l.Replicas; r != nil {
		m.ReplicaConfigBucketName, m.ReplicationRoleARN = types.StringValue(r.Pairs[0].Replica.Name), types.StringValue(r.Role.RoleARN())
	}
	m.Drift = types.StringValue("")
}

// at is r working in region: the region a baseline in state was made in
// (its id), which Read and Delete use even when the provider's region has
// changed since (a new region replaces the baseline: the old one is read
// and destroyed where it is, never in the new region).
func (r *securityBaselineResource) at(region string) *securityBaselineResource {
	if region == "" || region == r.client.Region {
		return r
	}
	return &securityBaselineResource{client: r.client.InRegion(region)}
}

func (r *securityBaselineResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state securityBaselineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r = r.at(state.ID.ValueString())
	if state.KMSKeyARN.ValueString() == "" { // imported from a region without a customer key in use: the next apply sets it
		return
	}
	l, ok := r.layout(ctx, state, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := baseline.Observe(ctx, r.executor(l).Clients, l, state.DetectorID.ValueString())
	if awsclient.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		readError(&resp.Diagnostics, "Cannot read hipaa_security_baseline "+l.Region, err)
		return
	}
	detector := state.DetectorID.ValueString()
	state.setOutputs(l, detector)
	state.Drift = driftText(baseline.Drift(l, o))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *securityBaselineResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state securityBaselineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r = r.at(state.ID.ValueString())
	expand := baseline.Expand
	if state.KMSKeyARN.ValueString() == "" { // imported and never applied: the state names no key, destroy needs only the names
		expand = func(s baseline.Spec, n baseline.Names) (baseline.Layout, error) { return baseline.Locate(s, n), nil }
	}
	l, ok := r.layoutWith(ctx, state, &resp.Diagnostics, expand)
	if !ok {
		return
	}
	left, err := r.executor(l).Destroy(ctx, l, state.DetectorID.ValueString(), turnedOn(ctx, req.Private, &resp.Diagnostics))
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_security_baseline "+l.Region, err)
		return
	}
	resp.Diagnostics.AddWarning("hipaa_security_baseline "+l.Region+" left detection and evidence in place", left.Warning())
}

// ImportState adopts what runs in the provider's region — including a
// detector, hub or recorder another tool created (baseline.Import reads
// it). Nothing it adopts counts as turned on by this resource, so destroy
// never turns it off.
func (r *securityBaselineResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != r.client.Region {
		resp.Diagnostics.AddError("Cannot import hipaa_security_baseline "+req.ID,
			fmt.Sprintf("The import ID is the region, and it must be the provider's region (%s); configure a provider for %s to import it.", r.client.Region, req.ID))
		return
	}
	account, err := r.client.Identity(ctx)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_security_baseline "+req.ID, err)
		return
	}
	imp, err := baseline.Import(ctx, r.executor(baseline.Layout{}).Clients, baseline.Env{Region: req.ID, AccountID: account, Partition: r.client.Partition}, r.client.DefaultTags)
	if err != nil {
		importError(&resp.Diagnostics, "Cannot import hipaa_security_baseline "+req.ID, err)
		return
	}
	m, d := baselineModelOf(ctx, imp.Spec)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.setOutputs(imp.Layout, imp.DetectorID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	saveTurnedOn(ctx, resp.Private, nil, &resp.Diagnostics)
}

// baselineModelOf is the inverse of spec: the arguments of s (defaults
// applied), the outputs left to setOutputs.
func baselineModelOf(ctx context.Context, s baseline.Spec) (securityBaselineModel, diag.Diagnostics) {
	s = s.WithDefaults()
	c := &modelConv{ctx: ctx}
	pp := s.PasswordPolicy
	m := securityBaselineModel{ID: types.StringValue(s.Region), KMSKeyARN: types.StringValue(s.KMSKeyARN),
		GuardDuty: c.object(guardDutyAttrTypes, map[string]attr.Value{"features": c.set(s.GuardDutyFeatures),
			"finding_publishing_frequency": types.StringValue(s.FindingFrequency)}),
		SecurityHub:    c.object(securityHubAttrTypes, map[string]attr.Value{"standards": c.set(s.Standards)}),
		Config:         c.object(configAttrTypes, map[string]attr.Value{"conformance_pack": types.BoolValue(s.ConformancePack)}),
		AccessAnalyzer: types.BoolValue(s.AccessAnalyzer),
		Inspector:      c.object(inspectorAttrTypes, map[string]attr.Value{"resource_types": c.set(s.InspectorResourceTypes)}),
		EBSKMSKeyARN:   types.StringValue(s.EBSKMSKeyARN), S3AccountPublicAccessBlock: types.BoolValue(s.S3AccountPublicAccessBlock),
		PasswordPolicy: c.object(passwordAttrTypes, map[string]attr.Value{"enabled": types.BoolValue(!pp.Unmanaged),
			"minimum_length": types.Int64Value(int64(pp.MinimumLength)), "max_age_days": types.Int64Value(int64(pp.MaxAgeDays)),
			"reuse_prevention": types.Int64Value(int64(pp.ReusePrevention))}),
		DisableOnDestroy: types.BoolValue(s.DisableOnDestroy), Replication: c.replication(s.Replication), Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions),
		Drift: types.StringValue("")}
	return m, c.diags
}
