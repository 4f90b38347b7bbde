package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

func vpcSchema() schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	modes := make([]string, 0, len(vpc.NATModes))
	for _, m := range vpc.NATModes {
		modes = append(modes, string(m))
	}
	return schema.Schema{
		MarkdownDescription: "A multi-AZ, three-tier HIPAA network as one resource: VPC, public/app/data subnets per AZ, " +
			"internet gateway, NAT gateways, route tables, a dedicated NACL per tier, an emptied default security group, " +
			"a flow log to a KMS-encrypted log group, and gateway and interface endpoints. Controls NET-01 to NET-10.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "VPC ID."},
			"name": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "Name; prefixes every child's Name tag and forms the owner tag `hipaa_vpc/<name>`. Changing it replaces the VPC."},
			"cidr_block": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "RFC 1918 block, /16 to /24. Subnets are planned from it deterministically: " + vpc.CIDRPlan + " Changing it replaces the VPC."},
			"availability_zones": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				MarkdownDescription: "AZ names or IDs (≥ 2, NET-01). Default: the region's first three. Children are keyed by AZ, " +
					"so adding an AZ creates only its children and removing one deletes only its own."},
			"nat_gateways": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(string(vpc.DefaultNATGateways)),
				Validators:          []validator.String{stringvalidator.OneOf(modes...)},
				MarkdownDescription: "`" + strings.Join(modes, "` | `") + "`. `single` needs a NET-04 exception. A change creates the new NAT gateways, moves the routes, then deletes the old ones."},
			"database_ports": schema.ListAttribute{Optional: true, Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: fmt.Sprintf("TCP ports the data-tier NACL opens, only from the app subnets. Default %v. Updates NACL entries in place.", vpc.DefaultDatabasePorts)},
			"allow_http": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Also admit TCP 80 on the public tier. Default `false`."},
			"flow_logs": schema.SingleNestedAttribute{Required: true,
				MarkdownDescription: "VPC flow log (NET-09) into a new log group `/hipaa/vpc/<name>/flow-logs`.",
				Attributes: map[string]schema.Attribute{
					"kms_key_arn": schema.StringAttribute{Required: true, MarkdownDescription: "Customer-managed KMS key ARN for the log group (its policy must allow `logs`)."},
					"retention_days": schema.Int64Attribute{Optional: true, Computed: true,
						MarkdownDescription: fmt.Sprintf("Log retention, a CloudWatch Logs value; below 365 needs a NET-09 exception. Default %d. Updates in place.", vpc.DefaultRetentionDays)},
					"traffic_type": schema.StringAttribute{Optional: true, Computed: true,
						MarkdownDescription: "`ALL` (default); anything else violates NET-09."},
				}},
			"interface_endpoints": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Services for interface endpoints in the app subnets (e.g. `secretsmanager`, `kms`, `logs`, `sts`). Added and removed in place."},
			"retain_flow_logs_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Keep the flow-log group (audit evidence) when the VPC is destroyed. Default `true`."},
			"tags":                tagsAttribute(),
			"exceptions":          exceptionsAttribute(),
			"arn":                 schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "VPC ARN."},
			"public_subnet_ids":   computedList("Public subnet IDs, ordered by AZ name."),
			"app_subnet_ids":      computedList("App subnet IDs, ordered by AZ name."),
			"data_subnet_ids":     computedList("Data subnet IDs, ordered by AZ name."),
			"subnets":             computedMap("Subnet IDs keyed `tier/az`."),
			"nat_gateway_ids":     computedList("NAT gateway IDs, ordered by AZ name."),
			"route_table_ids":     computedMap("Route table IDs keyed `rtb/public`, `rtb/app/<az>`, `rtb/data/<az>`."),
			"network_acl_ids":     computedMap("NACL IDs keyed by tier."),
			"endpoint_ids":        computedMap("VPC endpoint IDs keyed by service."),
			"flow_log_id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Flow log ID."},
			"flow_log_group_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Flow log group name."},
			"default_security_group_id": schema.StringAttribute{Computed: true, PlanModifiers: stable,
				MarkdownDescription: "The VPC's default security group, kept empty (NET-05)."},
			"child_ids": computedMap("Every child's AWS ID keyed by its layout key; recorded as each child is created."),
			"drift":     driftAttribute(),
		},
	}
}

func computedList(desc string) schema.Attribute {
	return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

func computedMap(desc string) schema.Attribute {
	return schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}
