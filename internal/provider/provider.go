// Package provider is the terraform-plugin-framework glue: the provider
// configuration and one thin file per resource that converts its model to a
// plain Spec and delegates to the resource's own package.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

var _ provider.Provider = (*hipaaProvider)(nil)

// New returns the provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &hipaaProvider{version: version} }
}

type hipaaProvider struct {
	version string
}

type providerModel struct {
	Region                    types.String      `tfsdk:"region"`
	Profile                   types.String      `tfsdk:"profile"`
	SharedConfigFiles         types.List        `tfsdk:"shared_config_files"`
	SharedCredentialsFiles    types.List        `tfsdk:"shared_credentials_files"`
	AssumeRole                *assumeRoleModel  `tfsdk:"assume_role"`
	Endpoints                 types.Object      `tfsdk:"endpoints"`
	DefaultTags               *defaultTagsModel `tfsdk:"default_tags"`
	SkipCredentialsValidation types.Bool        `tfsdk:"skip_credentials_validation"`
	SkipRequestingAccountID   types.Bool        `tfsdk:"skip_requesting_account_id"`
	MaxRetries                types.Int64       `tfsdk:"max_retries"`
	ComplianceMode            types.String      `tfsdk:"compliance_mode"`
}

type assumeRoleModel struct {
	RoleARN     types.String `tfsdk:"role_arn"`
	SessionName types.String `tfsdk:"session_name"`
	ExternalID  types.String `tfsdk:"external_id"`
}

type defaultTagsModel struct {
	Tags types.Map `tfsdk:"tags"`
}

func (p *hipaaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hipaa"
	resp.Version = p.version
}

func (p *hipaaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := m.toConfig(ctx, p.version)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := awsclient.New(ctx, cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the hipaa provider",
			"The provider could not set up its AWS client. Check region, credentials, profile, assume_role "+
				"and endpoints (or set skip_credentials_validation for an emulator).\n\n"+err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *hipaaProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewKMSKeyResource,
		NewVPCResource,
		NewDatabaseResource,
		NewAuditTrailResource,
		NewSecurityBaselineResource,
		NewBucketResource,
		NewBackupPlanResource,
		NewLoadBalancerResource,
	}
}

func (p *hipaaProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}
