package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

func (p *hipaaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Builds HIPAA-compliant AWS environments that are correct by construction. " +
			"Configuration mirrors `hashicorp/aws`: credentials, region and endpoints come from the same " +
			"arguments and the standard AWS environment variables (`AWS_REGION`, `AWS_PROFILE`, " +
			"`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, …).",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{Optional: true,
				MarkdownDescription: "AWS region. Defaults to `AWS_REGION` / `AWS_DEFAULT_REGION` or the profile's region."},
			"profile": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Named profile from the shared config files. Defaults to `AWS_PROFILE`."},
			"shared_config_files": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Paths of shared config files. Default `~/.aws/config`."},
			"shared_credentials_files": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Paths of shared credentials files. Default `~/.aws/credentials`."},
			"skip_credentials_validation": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Do not check credentials with `sts:GetCallerIdentity`. Default `false`."},
			"skip_requesting_account_id": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Do not look up the account ID. Default `false`. Key policies and ARNs need " +
					"the account ID; resources that need it fail with a clear error when it is skipped."},
			"max_retries": schema.Int64Attribute{Optional: true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
				MarkdownDescription: fmt.Sprintf("Maximum attempts of one AWS call on throttling, 5xx responses and "+
					"dropped connections, with exponential backoff; each retry is logged with its reason. An endpoint that "+
					"refuses connections or whose host does not resolve fails at once, naming the endpoint and the setting "+
					"that chose it. Default `%d`.", awsclient.DefaultMaxRetries)},
			"compliance_mode": schema.StringAttribute{Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(string(compliance.ModeEnforce), string(compliance.ModeReport))},
				MarkdownDescription: "`enforce` (default) refuses a non-compliant configuration at plan; `report` " +
					"turns the same findings into warnings. Checks that AWS itself would reject are errors in both modes."},
		},
		Blocks: map[string]schema.Block{
			"assume_role":  assumeRoleBlock(),
			"endpoints":    endpointsBlock(),
			"default_tags": defaultTagsBlock(),
		},
	}
}

func assumeRoleBlock() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Role to assume for every AWS call.",
		Attributes: map[string]schema.Attribute{
			"role_arn":     schema.StringAttribute{Optional: true, MarkdownDescription: "ARN of the role to assume."},
			"session_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Session name."},
			"external_id":  schema.StringAttribute{Optional: true, MarkdownDescription: "External ID the role's trust policy requires."},
		},
	}
}

func endpointsBlock() schema.Block {
	attrs := map[string]schema.Attribute{}
	for _, svc := range awsclient.ServiceNames() {
		attrs[svc] = schema.StringAttribute{
			Optional:            true,
			Validators:          []validator.String{urlValidator{}},
			MarkdownDescription: fmt.Sprintf("Endpoint URL for %s. Also `AWS_ENDPOINT_URL_%s`, then `AWS_ENDPOINT_URL`.", svc, awsclient.Services[svc]),
		}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: "Per-service endpoint URLs, e.g. for a local emulator. Keys: " +
			"`" + strings.Join(awsclient.ServiceNames(), "`, `") + "`.",
		Attributes: attrs,
	}
}

func defaultTagsBlock() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Tags added to every AWS object the provider creates. A resource's own `tags` win on conflict.",
		Attributes: map[string]schema.Attribute{
			"tags": schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Tags."},
		},
	}
}

type urlValidator struct{}

func (urlValidator) Description(context.Context) string               { return "must be an absolute http(s) URL" }
func (v urlValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (urlValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := awsclient.ValidateURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint URL", err.Error())
	}
}
