package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
)

var (
	lbTargetsAttrTypes = map[string]attr.Type{"port": types.Int64Type, "protocol": types.StringType, "health_check_path": types.StringType,
		"cidr_blocks": types.SetType{ElemType: types.StringType}}
	lbWAFAttrTypes = map[string]attr.Type{"rate_limit_per_5_minutes": types.Int64Type, "managed_rule_groups": types.ListType{ElemType: types.StringType},
		"allowed_admin_cidr_blocks": types.SetType{ElemType: types.StringType}, "admin_path_prefix": types.StringType}
)

func loadBalancerSchema(ctx context.Context) schema.Schema {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	strSet := func(required bool, desc string) schema.Attribute {
		return schema.SetAttribute{Required: required, Optional: !required, ElementType: types.StringType, MarkdownDescription: desc}
	}
	return schema.Schema{
		MarkdownDescription: "An Application Load Balancer that takes client traffic only over TLS 1.3 (TLS 1.2 and 1.3 by exception), " +
			"redirects HTTP to HTTPS, drops invalid header fields with the strictest desync mitigation, keeps deletion protection and " +
			"access logs on, admits 443 (and 80, which only redirects) from `allowed_cidr_blocks` alone, reaches its targets over HTTPS " +
			"and only on their port in the app tier, and sits behind a WAFv2 web ACL (AWS managed rule groups, a rate-based rule, an " +
			"optional admin allow-list) that logs to an encrypted `aws-waf-logs-` log group. Controls ELB-01 to ELB-07.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The load balancer name."},
			"name": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: fmt.Sprintf("Load balancer name (1 to %d letters, digits and hyphens); also names the web ACL, the target group "+
					"(with the target protocol and port) and `aws-waf-logs-<name>`. Changing it replaces the load balancer.", loadbalancer.MaxNameLen)},
			"vpc_id": schema.StringAttribute{Required: true, PlanModifiers: replace, MarkdownDescription: "The VPC, e.g. `hipaa_vpc.<name>.id`. Changing it replaces the load balancer."},
			"subnet_ids": strSet(true, fmt.Sprintf("Subnets in at least %d availability zones: a `hipaa_vpc`'s `public_subnet_ids` when `internet_facing`, "+
				"its `app_subnet_ids` otherwise. Updates in place.", loadbalancer.MinSubnets)),
			"internet_facing": schema.BoolAttribute{Optional: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
				MarkdownDescription: "Internet-facing scheme; default internal. AWS cannot change a scheme: changing it replaces the load balancer (and its DNS name)."},
			"certificate_arn": schema.StringAttribute{Required: true, MarkdownDescription: "ACM certificate of the HTTPS listener, in the provider's region. An IAM server certificate needs an ELB-01 exception."},
			"tls_policy": schema.StringAttribute{Optional: true, MarkdownDescription: fmt.Sprintf("Predefined ELB security policy of the HTTPS listener; default `%s` "+
				"(TLS 1.3 only). A TLS 1.2 and 1.3 policy needs an ELB-01 exception; a policy without TLS 1.3, or accepting TLS 1.0 or 1.1, is refused, "+
				"and so is a name AWS does not define for ALB listeners. Updates in place.", loadbalancer.DefaultTLSPolicy)},
			"allowed_cidr_blocks": strSet(true, "CIDR blocks that may connect on 443 (and on 80, which only redirects to 443). An internal load balancer "+
				"open to `0.0.0.0/0` is refused (ELB-07)."),
			"targets": schema.SingleNestedAttribute{Required: true, MarkdownDescription: "The target group the HTTPS listener forwards to; register targets with `target_group_arn`.",
				Attributes: map[string]schema.Attribute{
					"port": schema.Int64Attribute{Required: true, MarkdownDescription: "Port the targets listen on. A change makes a new target group (AWS cannot change it); " +
						"the listener moves to it and the old one is deleted, so register the targets again through `target_group_arn`."},
					"protocol":          schema.StringAttribute{Optional: true, MarkdownDescription: "`HTTPS` (default) or `HTTP`, which needs an ELB-06 exception. A change makes a new target group, as `port`."},
					"health_check_path": schema.StringAttribute{Optional: true, MarkdownDescription: fmt.Sprintf("Health check path; default `%s`.", loadbalancer.DefaultHealthCheckPath)},
					"cidr_blocks": schema.SetAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Where the targets live: the security group's only egress, on `port`. Default: the app-tier subnets of the `hipaa_vpc` of `vpc_id` (tagged `hipaa:child = app/<zone>`)."},
				}},
			"waf": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: fmt.Sprintf("The web ACL beyond its fixed part: the managed rule groups %s "+
				"are always there, with a rate-based rule.", strings.Join(loadbalancer.BaselineRuleGroups, ", ")),
				Attributes: map[string]schema.Attribute{
					"rate_limit_per_5_minutes": schema.Int64Attribute{Optional: true, MarkdownDescription: fmt.Sprintf(
						"Requests one client IP may make in 5 minutes before it is blocked; default %d, %d to %d. Updates in place.",
						loadbalancer.DefaultRateLimit, loadbalancer.MinRateLimit, loadbalancer.MaxRateLimit)},
					"managed_rule_groups": schema.ListAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "More AWS managed rule groups, e.g. `AWSManagedRulesLinuxRuleSet`, after the fixed ones."},
					"allowed_admin_cidr_blocks": schema.SetAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "When set, requests under `admin_path_prefix` from any other address are blocked (IPv4 and IPv6 alike)."},
					"admin_path_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: fmt.Sprintf("Path the admin allow-list guards; default `%s`.", loadbalancer.DefaultAdminPathPrefix)},
				}},
			"access_log_bucket": schema.StringAttribute{Required: true, MarkdownDescription: "Bucket for the access logs (ELB-03): in this region, " +
				"encrypted with S3-managed keys (the only encryption ALB access logs support), with a policy that lets Elastic Load Balancing write. " +
				"Logs go under `<name>/`."},
			"log_kms_key_arn": schema.StringAttribute{Required: true, MarkdownDescription: "Customer-managed key of the WAF log group (ELB-05), e.g. `hipaa_kms_key.<name>.arn`."},
			"log_retention_days": schema.Int64Attribute{Optional: true, MarkdownDescription: fmt.Sprintf("Days the WAF log group keeps logs; default %d. "+
				"Less than %d needs an ELB-05 exception.", loadbalancer.DefaultLogRetentionDays, loadbalancer.MinLogRetentionDays)},
			"tags":              tagsAttribute(),
			"exceptions":        exceptionsAttribute(),
			"timeouts":          timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
			"arn":               schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Load balancer ARN."},
			"dns_name":          schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "Load balancer DNS name, for an alias record."},
			"target_group_arn":  schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The target group; it changes with `targets.port` or `targets.protocol`."},
			"security_group_id": schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The load balancer's security group: admit it on the targets' port."},
			"web_acl_arn":       schema.StringAttribute{Computed: true, PlanModifiers: stable, MarkdownDescription: "The web ACL."},
			"drift":             driftAttribute(),
		},
	}
}
