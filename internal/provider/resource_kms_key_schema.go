package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

func kmsKeySchema() schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.Schema{
		MarkdownDescription: "A symmetric customer-managed KMS key for PHI stores and logs, with automatic rotation always on, " +
			"an alias, and a generated least-privilege key policy naming the services and principals that may use it. " +
			"Controls KEY-01, KEY-02 and KEY-03.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Key ID."},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Alias name, with or without the `alias/` prefix. A change moves the alias to the same key (in place)."},
			"description": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Key description. Default `HIPAA customer-managed key <name> (terraform-provider-hipaa)`. Updates in place."},
			"deletion_window_days": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("Days between destroy and the key's deletion, %d–%d (default %d), during which "+
					"deletion can be cancelled (KEY-03). Updates in place (state only).", kmskey.MinDeletionWindowDays, kmskey.MaxDeletionWindowDays, kmskey.DefaultDeletionWindowDays)},
			"rotation_period_days": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("Days between automatic rotations, %d–%d; above %d needs a KEY-02 exception. "+
					"Default %d. Rotation is always on. Updates in place.", kmskey.MinRotationPeriodDays, kmskey.MaxRotationPeriodDays, kmskey.DefaultRotationPeriodDays, kmskey.DefaultRotationPeriodDays)},
			"allowed_services": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Services that may use the key on this account's behalf: `" + strings.Join(kmskey.ServiceNames(), "`, `") +
					"`. Each adds one policy statement scoped by `kms:ViaService` and `kms:CallerAccount`, or by the service principal with " +
					"an account condition. Updates the policy in place."},
			"administrator_arns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "IAM role/user ARNs that may administer (not use) the key. The account root always may. Updates in place."},
			"user_arns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "IAM role/user ARNs that may encrypt and decrypt with the key. Updates in place."},
			"tags":       tagsAttribute(),
			"exceptions": exceptionsAttribute(),
			"arn":        schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Key ARN."},
			"key_id":     schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Key ID."},
			"alias_arn":  schema.StringAttribute{Computed: true, MarkdownDescription: "Alias ARN."},
			"policy":     schema.StringAttribute{Computed: true, MarkdownDescription: "The generated key policy (JSON)."},
			"drift":      driftAttribute(),
		},
	}
}
