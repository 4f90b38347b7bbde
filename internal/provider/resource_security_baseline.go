package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
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

// placeholderKey stands in for kms_key_arn where only the layout's names
// matter (import, destroy of an import never applied).
const placeholderKey = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"

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

// spec converts the model; known is false while an argument is unknown.
func (m securityBaselineModel) spec(ctx context.Context, region, account, partition string, defaultTags map[string]string) (baseline.Spec, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !isKnown(m.KMSKeyARN, m.EBSKMSKeyARN, m.GuardDuty, m.SecurityHub, m.Inspector, m.Tags, m.Exceptions) {
		return baseline.Spec{}, false, nil
	}
	s := baseline.Default()
	s.KMSKeyARN, s.EBSKMSKeyARN = m.KMSKeyARN.ValueString(), m.EBSKMSKeyARN.ValueString()
	s.Region, s.AccountID, s.Partition, s.DefaultTags = region, account, partition, defaultTags
	s.DisableOnDestroy = m.DisableOnDestroy.ValueBool()
	if !m.AccessAnalyzer.IsNull() && !m.AccessAnalyzer.IsUnknown() {
		s.AccessAnalyzer = m.AccessAnalyzer.ValueBool()
	}
	if !m.S3AccountPublicAccessBlock.IsNull() && !m.S3AccountPublicAccessBlock.IsUnknown() {
		s.S3AccountPublicAccessBlock = m.S3AccountPublicAccessBlock.ValueBool()
	}
	strs := func(v types.Set, into *[]string) {
		if !v.IsNull() && !v.IsUnknown() {
			out, d := stringsFrom(ctx, v)
			diags.Append(d...)
			*into = out
		}
	}
	if set(m.GuardDuty) {
		var g guardDutyModel
		diags.Append(m.GuardDuty.As(ctx, &g, objectAsOptions)...)
		strs(g.Features, &s.GuardDutyFeatures)
		if !g.Frequency.IsNull() && !g.Frequency.IsUnknown() {
			s.FindingFrequency = g.Frequency.ValueString()
		}
	}
	if set(m.SecurityHub) {
		var h securityHubModel
		diags.Append(m.SecurityHub.As(ctx, &h, objectAsOptions)...)
		strs(h.Standards, &s.Standards)
	}
	if set(m.Config) {
		var c configModel
		diags.Append(m.Config.As(ctx, &c, objectAsOptions)...)
		if !c.ConformancePack.IsNull() && !c.ConformancePack.IsUnknown() {
			s.ConformancePack = c.ConformancePack.ValueBool()
		}
	}
	if set(m.Inspector) {
		var i inspectorModel
		diags.Append(m.Inspector.As(ctx, &i, objectAsOptions)...)
		strs(i.ResourceTypes, &s.InspectorResourceTypes)
	}
	if set(m.PasswordPolicy) {
		var p passwordPolicyModel
		diags.Append(m.PasswordPolicy.As(ctx, &p, objectAsOptions)...)
		if !p.Enabled.IsNull() && !p.Enabled.IsUnknown() {
			s.PasswordPolicy.Unmanaged = !p.Enabled.ValueBool()
		}
		for _, f := range []struct {
			v    types.Int64
			into *int
		}{{p.MinimumLength, &s.PasswordPolicy.MinimumLength}, {p.MaxAgeDays, &s.PasswordPolicy.MaxAgeDays}, {p.ReusePrevention, &s.PasswordPolicy.ReusePrevention}} {
			if !f.v.IsNull() && !f.v.IsUnknown() { // unset in the configuration: the default
				*f.into = int(f.v.ValueInt64())
			}
		}
	}
	var d diag.Diagnostics
	s.Tags, d = mapFrom(ctx, m.Tags)
	diags.Append(d...)
	s.Exceptions, d = exceptionsFrom(ctx, m.Exceptions)
	diags.Append(d...)
	return s, true, diags
}

func set(o types.Object) bool { return !o.IsNull() && !o.IsUnknown() }

func (r *securityBaselineResource) refuse(diags *diagnostics, s baseline.Spec, mode compliance.Mode, hard bool) {
	refuseAtPlan(diags, baseline.ResourceType, baseline.Validate(s), baseline.Check(s), s.Exceptions, mode, hard)
}

func (r *securityBaselineResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m securityBaselineModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	s, known, d := m.spec(ctx, "us-east-1", "123456789012", "aws", nil)
	resp.Diagnostics.Append(d...)
	if known && !resp.Diagnostics.HasError() {
		r.refuse(&resp.Diagnostics, s, compliance.ModeEnforce, true)
	}
}

func (r *securityBaselineResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	if req.Plan.Raw.IsNull() {
		var state securityBaselineModel
		if !req.State.Raw.IsNull() && !req.State.Get(ctx, &state).HasError() && !state.DisableOnDestroy.ValueBool() {
			resp.Diagnostics.AddWarning("hipaa_security_baseline "+state.ID.ValueString()+" leaves detection running",
				"Destroy removes the resource from state but leaves GuardDuty, Security Hub, AWS Config, Access Analyzer, Inspector and the "+
					"account settings on (disable_on_destroy = false). Set disable_on_destroy = true and apply first to turn off what this resource turned on.")
		}
		return
	}
	var plan securityBaselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if plan.EBSKMSKeyARN.IsUnknown() || plan.EBSKMSKeyARN.IsNull() {
		plan.EBSKMSKeyARN = plan.KMSKeyARN // unknown while the key is
	}
	plan.ID = types.StringValue(r.client.Region)
	if !req.State.Raw.IsNull() {
		var state securityBaselineModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.ID.ValueString() != r.client.Region {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("id"))
		}
	}
	s, known, d := plan.spec(ctx, r.client.Region, "123456789012", r.client.Partition, r.client.DefaultTags)
	resp.Diagnostics.Append(d...)
	if known && !resp.Diagnostics.HasError() {
		r.refuse(&resp.Diagnostics, s, compliance.Mode(r.client.Mode), false)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if known {
		plan.planOutputs(s)
	}
	plan.Drift = types.StringValue("")
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
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
	account, err := r.client.Identity(ctx)
	if err != nil {
		awsError(diags, "Cannot use hipaa_security_baseline", err)
		return baseline.Layout{}, false
	}
	s, known, d := m.spec(ctx, r.client.Region, account, r.client.Partition, r.client.DefaultTags)
	diags.Append(d...)
	if !known || diags.HasError() {
		diags.AddError("Cannot expand hipaa_security_baseline "+r.client.Region, "An argument is unknown at apply time; this is a bug in the provider, please report it.")
		return baseline.Layout{}, false
	}
	l, err := baseline.Expand(s, baseline.Names{Recorder: m.ConfigRecorderName.ValueString(), Channel: m.ConfigChannelName.ValueString()})
	if err != nil {
		diags.AddError("Cannot expand hipaa_security_baseline "+r.client.Region, err.Error())
		return baseline.Layout{}, false
	}
	return l, true
}

func (r *securityBaselineResource) executor() baseline.Executor {
	c := r.client
	return baseline.Executor{Clients: baseline.Clients{GuardDuty: c.GuardDuty(), SecurityHub: c.SecurityHub(), Config: c.ConfigService(),
		AccessAnalyzer: c.AccessAnalyzer(), Inspector: c.Inspector2(), EC2: c.EC2(), S3: c.S3(), S3Control: c.S3Control(), IAM: c.IAM()}}
}

// privateState is the part of private state this resource reads and writes.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func turnedOn(ctx context.Context, p interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}) []string {
	var out []string
	if b, _ := p.GetKey(ctx, turnedOnKey); len(b) > 0 {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

func saveTurnedOn(ctx context.Context, p privateState, on []string, diags *diagnostics) {
	b, _ := json.Marshal(on)
	diags.Append(p.SetKey(ctx, turnedOnKey, b)...)
}

func (r *securityBaselineResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan securityBaselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, plan, nil, nil, resp.Private, &resp.Diagnostics, func(m securityBaselineModel) { resp.State.Set(ctx, &m) })
}

func (r *securityBaselineResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state securityBaselineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ConfigRecorderName, plan.ConfigChannelName, plan.DetectorID = state.ConfigRecorderName, state.ConfigChannelName, state.DetectorID
	r.apply(ctx, plan, &state, turnedOn(ctx, req.Private), resp.Private, &resp.Diagnostics, func(m securityBaselineModel) { resp.State.Set(ctx, &m) })
}

func (r *securityBaselineResource) apply(ctx context.Context, plan securityBaselineModel, state *securityBaselineModel, on []string,
	private privateState, diags *diagnostics, set func(securityBaselineModel)) {
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
	res, err := r.executor().Apply(ctx, run)
	saveTurnedOn(ctx, private, res.TurnedOn, diags)
	tflog.Debug(ctx, "security baseline applied", map[string]any{"detector_id": res.DetectorID, "turned_on": res.TurnedOn})
	if err != nil {
		if state != nil { // keep what this apply turned on, and the detector it may have created
			state.DetectorID = types.StringValue(res.DetectorID)
			set(*state)
		}
		var taken *baseline.TakenError
		if errors.As(err, &taken) { // nothing was created: say only what to do
			diags.AddError("Cannot apply hipaa_security_baseline "+l.Region, err.Error())
			return
		}
		awsError(diags, "Cannot apply hipaa_security_baseline "+l.Region, err)
		return
	}
	plan.setOutputs(l, res.DetectorID)
	set(plan)
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
	m.Drift = types.StringValue("")
}

func (r *securityBaselineResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state securityBaselineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.KMSKeyARN.ValueString() == "" { // imported from a region without a customer key in use: the next apply sets it
		return
	}
	l, ok := r.layout(ctx, state, &resp.Diagnostics)
	if !ok {
		return
	}
	o, err := baseline.Observe(ctx, r.executor().Clients, l, state.DetectorID.ValueString())
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
	if state.KMSKeyARN.ValueString() == "" { // imported and never applied: destroy names no key
		state.KMSKeyARN = types.StringValue(placeholderKey)
	}
	l, ok := r.layout(ctx, state, &resp.Diagnostics)
	if !ok {
		return
	}
	left, err := r.executor().Destroy(ctx, l, state.DetectorID.ValueString(), turnedOn(ctx, req.Private))
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot delete hipaa_security_baseline "+l.Region, err)
		return
	}
	resp.Diagnostics.AddWarning("hipaa_security_baseline "+l.Region+" left detection and evidence in place", left.Warning())
}

// ImportState adopts what runs in the provider's region — including a
// detector, hub or recorder another tool created — reading the current
// settings as the arguments. Nothing it adopts counts as turned on by this
// resource, so destroy never turns it off.
func (r *securityBaselineResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != r.client.Region {
		resp.Diagnostics.AddError("Cannot import hipaa_security_baseline "+req.ID,
			fmt.Sprintf("The import ID is the region, and it must be the provider's region (%s); configure a provider for %s to import it.", r.client.Region, req.ID))
		return
	}
	account, err := r.client.Identity(ctx)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot import hipaa_security_baseline "+req.ID, err)
		return
	}
	probe := baseline.Default()
	probe.KMSKeyARN, probe.Region, probe.AccountID, probe.Partition = placeholderKey, req.ID, account, r.client.Partition
	x := r.executor()
	names, err := baseline.ConfigNames(ctx, x.Clients)
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot import hipaa_security_baseline "+req.ID, err)
		return
	}
	l, err := baseline.Expand(probe, names)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import hipaa_security_baseline "+req.ID, err.Error())
		return
	}
	o, err := baseline.Observe(ctx, x.Clients, l, "")
	if err != nil {
		awsError(&resp.Diagnostics, "Cannot import hipaa_security_baseline "+req.ID, err)
		return
	}
	m := importedBaseline(ctx, l, o, r.client.DefaultTags)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	saveTurnedOn(ctx, resp.Private, nil, &resp.Diagnostics)
}

// importedBaseline is the configuration that matches what runs.
func importedBaseline(ctx context.Context, l baseline.Layout, o *baseline.Observed, defaultTags map[string]string) securityBaselineModel {
	keys := func(m map[string]bool) []string {
		var out []string
		for k, on := range m {
			if on {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	var standards []string
	for arn := range o.Standards {
		standards = append(standards, baseline.StandardID(arn))
	}
	slices.Sort(standards)
	freq := o.FindingFrequency
	if freq == "" {
		freq = baseline.DefaultFrequency
	}
	key, ebsKey := o.ChannelKMSKeyARN(), o.EBSKey
	if key == "" && strings.Contains(ebsKey, ":key/") {
		key = ebsKey
	}
	if !strings.Contains(ebsKey, ":key/") { // the AWS-managed key: the next apply replaces it
		ebsKey = key
	}
	m := securityBaselineModel{ID: types.StringValue(l.Region), KMSKeyARN: types.StringValue(key),
		GuardDuty:                  types.ObjectValueMust(guardDutyAttrTypes, map[string]attr.Value{"features": stringSet(keys(o.Features)), "finding_publishing_frequency": types.StringValue(freq)}),
		SecurityHub:                types.ObjectValueMust(securityHubAttrTypes, map[string]attr.Value{"standards": stringSet(standards)}),
		Config:                     types.ObjectValueMust(configAttrTypes, map[string]attr.Value{"conformance_pack": types.BoolValue(o.Pack)}),
		AccessAnalyzer:             types.BoolValue(o.Analyzer),
		Inspector:                  types.ObjectValueMust(inspectorAttrTypes, map[string]attr.Value{"resource_types": stringSet(keys(o.Inspector))}),
		S3AccountPublicAccessBlock: types.BoolValue(o.S3Block != nil && *o.S3Block), PasswordPolicy: passwordObject(o),
		DisableOnDestroy: types.BoolValue(false), Exceptions: types.ListNull(types.ObjectType{AttrTypes: exceptionAttrTypes}), Tags: types.MapNull(types.StringType)}
	if user := userTags(o.DetectorTags, defaultTags); len(user) > 0 {
		m.Tags, _ = types.MapValueFrom(ctx, types.StringType, user)
	}
	m.setOutputs(l, o.DetectorID)
	m.StandardsARNs = stringSet(o.StandardARNs())
	m.EBSKMSKeyARN = types.StringValue(ebsKey)
	m.ConformancePackName, m.AccessAnalyzerARN = types.StringNull(), types.StringNull()
	if o.Pack {
		m.ConformancePackName = types.StringValue(l.PackName)
	}
	if o.Analyzer {
		m.AccessAnalyzerARN = types.StringValue(l.AnalyzerARN())
	}
	return m
}

// passwordObject is the account's password policy as the argument, or the
// default when there is none; import always manages it (enabled = true).
func passwordObject(o *baseline.Observed) types.Object {
	p := o.Password
	if p == nil {
		return defaultPasswordPolicy()
	}
	// Kept inside IAM's ranges (0 means "never expires" / "no reuse check"),
	// so the imported state expands; the next plan raises them.
	clamp := func(v int32, lo, hi int64) types.Int64 { return types.Int64Value(max(lo, min(hi, int64(v)))) }
	return types.ObjectValueMust(passwordAttrTypes, map[string]attr.Value{"enabled": types.BoolValue(true), "minimum_length": clamp(aws.ToInt32(p.MinimumPasswordLength), 6, 128),
		"max_age_days": clamp(aws.ToInt32(p.MaxPasswordAge), 1, 1095), "reuse_prevention": clamp(aws.ToInt32(p.PasswordReusePrevention), 1, 24)})
}
