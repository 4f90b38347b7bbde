package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// toConfig converts the provider model to the framework-free awsclient.Config.
func (m providerModel) toConfig(ctx context.Context, version string) (awsclient.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := awsclient.Config{
		Region:                    m.Region.ValueString(),
		Profile:                   m.Profile.ValueString(),
		SkipCredentialsValidation: m.SkipCredentialsValidation.ValueBool(),
		SkipRequestingAccountID:   m.SkipRequestingAccountID.ValueBool(),
		MaxRetries:                int(m.MaxRetries.ValueInt64()),
		UserAgentVersion:          version,
		Endpoints:                 map[string]string{},
	}
	diags.Append(m.SharedConfigFiles.ElementsAs(ctx, &cfg.SharedConfigFiles, false)...)
	diags.Append(m.SharedCredentialsFiles.ElementsAs(ctx, &cfg.SharedCredentialsFiles, false)...)
	if m.AssumeRole != nil && !m.AssumeRole.RoleARN.IsNull() {
		cfg.AssumeRole = &awsclient.AssumeRole{
			RoleARN:     m.AssumeRole.RoleARN.ValueString(),
			SessionName: m.AssumeRole.SessionName.ValueString(),
			ExternalID:  m.AssumeRole.ExternalID.ValueString(),
		}
	}
	for name, v := range m.Endpoints.Attributes() {
		if s, ok := v.(types.String); ok && !s.IsNull() && s.ValueString() != "" {
			cfg.Endpoints[name] = s.ValueString()
		}
	}
	checkEndpoints(&diags, cfg.Endpoints)
	if m.DefaultTags != nil {
		diags.Append(m.DefaultTags.Tags.ElementsAs(ctx, &cfg.DefaultTags, false)...)
	}
	mode, err := compliance.ParseMode(m.ComplianceMode.ValueString())
	if err != nil {
		diags.AddAttributeError(pathRoot("compliance_mode"), "Invalid compliance_mode", err.Error())
	}
	cfg.ComplianceMode = string(mode)
	return cfg, diags
}

// checkEndpoints refuses a malformed endpoint in use, naming the setting that
// chose it: the endpoints block (also refused by its validator) or the
// AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL environment variables, which
// no schema validator sees.
func checkEndpoints(diags *diag.Diagnostics, endpoints map[string]string) {
	for _, e := range awsclient.CheckEndpoints(endpoints) {
		if p, ok := attrPath(e.Setting); ok && e.Setting == "endpoints."+e.Service {
			diags.AddAttributeError(p, "Invalid endpoint URL", e.Error())
			continue
		}
		diags.AddError("Invalid endpoint URL", e.Error())
	}
}
