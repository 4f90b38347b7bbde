package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
)

type loadBalancerModel struct {
	ID                types.String   `tfsdk:"id"`
	Name              types.String   `tfsdk:"name"`
	VPCID             types.String   `tfsdk:"vpc_id"`
	SubnetIDs         types.Set      `tfsdk:"subnet_ids"`
	InternetFacing    types.Bool     `tfsdk:"internet_facing"`
	CertificateARN    types.String   `tfsdk:"certificate_arn"`
	TLSPolicy         types.String   `tfsdk:"tls_policy"`
	AllowedCIDRBlocks types.Set      `tfsdk:"allowed_cidr_blocks"`
	Targets           types.Object   `tfsdk:"targets"`
	WAF               types.Object   `tfsdk:"waf"`
	AccessLogBucket   types.String   `tfsdk:"access_log_bucket"`
	LogKMSKeyARN      types.String   `tfsdk:"log_kms_key_arn"`
	LogRetentionDays  types.Int64    `tfsdk:"log_retention_days"`
	Tags              types.Map      `tfsdk:"tags"`
	Exceptions        types.List     `tfsdk:"exceptions"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	ARN               types.String   `tfsdk:"arn"`
	DNSName           types.String   `tfsdk:"dns_name"`
	TargetGroupARN    types.String   `tfsdk:"target_group_arn"`
	SecurityGroupID   types.String   `tfsdk:"security_group_id"`
	WebACLARN         types.String   `tfsdk:"web_acl_arn"`
	Drift             types.String   `tfsdk:"drift"`
}

type lbTargetsModel struct {
	Port            types.Int64  `tfsdk:"port"`
	Protocol        types.String `tfsdk:"protocol"`
	HealthCheckPath types.String `tfsdk:"health_check_path"`
	CIDRBlocks      types.Set    `tfsdk:"cidr_blocks"`
}

type lbWAFModel struct {
	RateLimitPer5Minutes   types.Int64  `tfsdk:"rate_limit_per_5_minutes"`
	ManagedRuleGroups      types.List   `tfsdk:"managed_rule_groups"`
	AllowedAdminCIDRBlocks types.Set    `tfsdk:"allowed_admin_cidr_blocks"`
	AdminPathPrefix        types.String `tfsdk:"admin_path_prefix"`
}

// spec converts the model and records what is unknown (env as specEnv).
func (m loadBalancerModel) spec(ctx context.Context, env specEnv) (loadbalancer.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := loadbalancer.Spec{Name: c.str("name", m.Name), VPCID: c.str("vpc_id", m.VPCID), SubnetIDs: c.strs("subnet_ids", m.SubnetIDs),
		InternetFacing: c.boolean("internet_facing", m.InternetFacing), CertificateARN: c.str("certificate_arn", m.CertificateARN),
		TLSPolicy: c.str("tls_policy", m.TLSPolicy), AllowedCIDRBlocks: c.strs("allowed_cidr_blocks", m.AllowedCIDRBlocks),
		AccessLogBucket: c.str("access_log_bucket", m.AccessLogBucket), LogKMSKeyARN: c.str("log_kms_key_arn", m.LogKMSKeyARN),
		LogRetentionDays: c.int("log_retention_days", m.LogRetentionDays), Tags: c.strMap("tags", m.Tags), Exceptions: c.exceptions(m.Exceptions),
		Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: env.DefaultTags}
	for path, v := range map[string]string{"region": env.Region, "account_id": env.AccountID, "partition": env.Partition} {
		if v == "" {
			c.Unknown.Value(path)
		}
	}
	var t lbTargetsModel
	if c.object("targets", m.Targets, &t) {
		s.Targets = loadbalancer.Targets{Port: c.int("targets.port", t.Port), Protocol: loadbalancer.Protocol(c.str("targets.protocol", t.Protocol)),
			HealthCheckPath: c.str("targets.health_check_path", t.HealthCheckPath), CIDRBlocks: c.strs("targets.cidr_blocks", t.CIDRBlocks)}
	} else if m.Targets.IsUnknown() {
		for _, p := range []string{"targets.port", "targets.protocol", "targets.health_check_path", "targets.cidr_blocks"} {
			c.Unknown.Value(p)
		}
	}
	var w lbWAFModel
	if c.object("waf", m.WAF, &w) {
		s.WAF = loadbalancer.WAF{RateLimitPer5Minutes: c.int("waf.rate_limit_per_5_minutes", w.RateLimitPer5Minutes),
			ManagedRuleGroups:      c.strs("waf.managed_rule_groups", w.ManagedRuleGroups),
			AllowedAdminCIDRBlocks: c.strs("waf.allowed_admin_cidr_blocks", w.AllowedAdminCIDRBlocks),
			AdminPathPrefix:        c.str("waf.admin_path_prefix", w.AdminPathPrefix)}
	} else if m.WAF.IsUnknown() {
		for _, p := range []string{"waf.rate_limit_per_5_minutes", "waf.managed_rule_groups", "waf.allowed_admin_cidr_blocks", "waf.admin_path_prefix"} {
			c.Unknown.Value(p)
		}
	}
	return s, c.Unknown, c.Diags
}

// setOutputs fills the computed attributes from what exists.
func (m *loadBalancerModel) setOutputs(name string, ids loadbalancer.IDs) {
	m.ID = types.StringValue(name)
	m.ARN, m.DNSName, m.TargetGroupARN = stringOrNull(ids.ARN), stringOrNull(ids.DNSName), stringOrNull(ids.TargetGroupARN)
	m.SecurityGroupID, m.WebACLARN = stringOrNull(ids.SecurityGroupID), stringOrNull(ids.WebACLARN)
	m.Drift = types.StringValue("")
}

// loadBalancerModelOf is the inverse of spec for import: values equal to
// their default are left null, as a configuration that omits them.
func loadBalancerModelOf(s loadbalancer.Spec) (loadBalancerModel, diag.Diagnostics) {
	c := &modelConv{ctx: context.Background()}
	list := func(v []string) types.List {
		if len(v) == 0 {
			return types.ListNull(types.StringType)
		}
		l, d := types.ListValueFrom(c.ctx, types.StringType, v)
		c.diags.Append(d...)
		return l
	}
	str := func(v, def string) types.String {
		if v == def {
			return types.StringNull()
		}
		return stringOrNull(v)
	}
	facing := types.BoolNull()
	if s.InternetFacing {
		facing = types.BoolValue(true)
	}
	m := loadBalancerModel{ID: types.StringValue(s.Name), Name: types.StringValue(s.Name), VPCID: types.StringValue(s.VPCID), SubnetIDs: c.setOrNull(s.SubnetIDs),
		InternetFacing: facing, CertificateARN: types.StringValue(s.CertificateARN), TLSPolicy: str(s.TLSPolicy, loadbalancer.DefaultTLSPolicy),
		AllowedCIDRBlocks: c.setOrNull(s.AllowedCIDRBlocks), AccessLogBucket: types.StringValue(s.AccessLogBucket), LogKMSKeyARN: stringOrNull(s.LogKMSKeyARN),
		LogRetentionDays: defaultOrNull(s.LogRetentionDays, loadbalancer.DefaultLogRetentionDays), Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
		ARN:      types.StringNull(), DNSName: types.StringNull(), TargetGroupARN: types.StringNull(), SecurityGroupID: types.StringNull(),
		WebACLARN: types.StringNull(), Drift: types.StringValue("")}
	m.Targets = c.object(lbTargetsAttrTypes, map[string]attr.Value{"port": types.Int64Value(int64(s.Targets.Port)),
		"protocol":          str(string(s.Targets.Protocol), string(loadbalancer.DefaultTargetProtocol)),
		"health_check_path": str(s.Targets.HealthCheckPath, loadbalancer.DefaultHealthCheckPath), "cidr_blocks": c.setOrNull(s.Targets.CIDRBlocks)})
	w := s.WAF
	if w.RateLimitPer5Minutes == loadbalancer.DefaultRateLimit && len(w.ManagedRuleGroups) == 0 && len(w.AllowedAdminCIDRBlocks) == 0 && w.AdminPathPrefix == "" {
		m.WAF = types.ObjectNull(lbWAFAttrTypes)
	} else {
		m.WAF = c.object(lbWAFAttrTypes, map[string]attr.Value{"rate_limit_per_5_minutes": defaultOrNull(w.RateLimitPer5Minutes, loadbalancer.DefaultRateLimit),
			"managed_rule_groups": list(w.ManagedRuleGroups), "allowed_admin_cidr_blocks": c.setOrNull(w.AllowedAdminCIDRBlocks),
			"admin_path_prefix": str(w.AdminPathPrefix, loadbalancer.DefaultAdminPathPrefix)})
	}
	return m, c.diags
}
