package compliance

import (
	"fmt"
	"slices"
	"strings"
)

// EvidenceRow is one control's status for one resource.
type EvidenceRow struct {
	Control, Title, Citations string
	Basis                     Basis
	Resource                  string
	Status                    string // "satisfied", "waived", "violated"
	Reason                    string
}

// Evidence lists every control of resourceType with its status.
func Evidence(resourceType string, violations []Violation, waivers []Waiver) []EvidenceRow {
	waived := map[string]string{}
	for _, w := range waivers {
		waived[w.Control] = w.Reason
	}
	violated := map[string]bool{}
	for _, v := range violations {
		violated[v.Control] = true
	}
	var rows []EvidenceRow
	for _, c := range ForResource(resourceType) {
		row := EvidenceRow{Control: c.ID, Title: c.Title, Citations: c.CitationText(), Basis: c.Basis, Resource: resourceType, Status: "satisfied"}
		if r, ok := waived[c.ID]; ok {
			row.Status, row.Reason = "waived", r
		} else if violated[c.ID] {
			row.Status = "violated"
		}
		rows = append(rows, row)
	}
	return rows
}

// MarkdownMatrix renders the control matrix for docs/guides/controls.md.
func MarkdownMatrix() string {
	var b strings.Builder
	b.WriteString("| Control | Requirement | Resources | 45 CFR | Basis |\n|---|---|---|---|---|\n")
	for _, c := range catalog {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", c.ID, c.Requirement,
			"`"+strings.Join(c.Resources, "`, `")+"`", strings.Join(c.Citations, ", "), c.Basis)
	}
	b.WriteString("\nBasis: `aws` = AWS's published rule-to-citation mapping (as reproduced in cdk-nag's RULES.md); " +
		"`prowler` / `steampipe` = those projects' HIPAA mappings; `proposed` = no anchor maps it, this project's reading " +
		"of the rule text — not AWS's mapping.\n")
	return b.String()
}

// arguments names, per control, the arguments of its resource that a user
// sets and the checks read; a control absent here holds by construction.
var arguments = map[string][]string{
	"NET-01": {"availability_zones", "cidr_block"}, "NET-04": {"nat_gateways"}, "NET-06": {"database_ports"},
	"NET-08": {"database_ports"}, "NET-09": {"flow_logs.kms_key_arn", "flow_logs.retention_days", "flow_logs.traffic_type"},
	"NET-10": {"interface_endpoints"},
	"DB-01":  {"kms_key_arn"}, "DB-02": {"multi_az", "instance_count", "subnet_ids"}, "DB-03": {"backup_retention_days"},
	"DB-05": {"deletion_protection"}, "DB-07": {"log_retention_days"}, "DB-09": {"allowed_cidr_blocks", "allowed_security_group_ids", "subnet_ids"},
	"DB-11": {"monitoring_interval_seconds"}, "DB-12": {"kms_key_arn"}, "DB-13": {"proxy"}, "DB-14": {"performance_insights", "kms_key_arn"},
	"SEC-01": {"master_password_rotation_days"}, "SEC-02": {"kms_key_arn"},
	"KEY-01": {"allowed_services", "administrator_arns", "user_arns"}, "KEY-02": {"rotation_period_days"}, "KEY-03": {"deletion_window_days"},
	"DET-01": {"guardduty.features"}, "DET-02": {"security_hub.standards"}, "DET-03": {"config.conformance_pack", "kms_key_arn"},
	"DET-04": {"access_analyzer"}, "DET-05": {"inspector.resource_types"},
	"DET-06": {"ebs_default_encryption_kms_key_arn", "s3_account_public_access_block", "password_policy"},
	"STO-01": {"kms_key_arn"}, "STO-06": {"object_lock", "object_lock_days"},
	"STO-07": {"transitions", "expire_after_days", "noncurrent_version_expire_after_days"},
	"STO-08": {"replication"}, "STO-10": {"presigned_url_max_age_seconds"},
	"BAK-01": {"kms_key_arn", "rules.copy_to.kms_key_arn"}, "BAK-03": {"vault_lock"}, "BAK-04": {"rules"},
	"BAK-05": {"resource_arns", "selection_tags"},
	"ELB-01": {"tls_policy", "certificate_arn"}, "ELB-03": {"access_log_bucket"},
	"ELB-05": {"waf.allowed_admin_cidr_blocks", "log_kms_key_arn", "log_retention_days"}, "ELB-06": {"targets.protocol"},
	"ELB-07": {"allowed_cidr_blocks", "internet_facing", "targets.cidr_blocks"},
}

// Arguments lists the arguments a control reads; nil when it holds by construction.
func Arguments(id string) []string { return arguments[id] }

// ControlsGuide renders docs/guides/controls.md: every control with the
// resource and arguments that enforce it, its 45 CFR citations and basis.
// available lists the resource types the provider ships; the others are
// marked planned.
func ControlsGuide(available []string) string {
	var b strings.Builder
	b.WriteString(`---
page_title: "HIPAA controls - hipaa"
subcategory: ""
description: |-
  Every control the provider enforces: resource, arguments, 45 CFR citations and basis.
---

# HIPAA controls

Generated from the control catalog (` + "`internal/compliance`" + `); ` + "`make generate`" + ` rewrites it.
Each control is checked at plan, before any AWS call: in ` + "`compliance_mode = \"enforce\"`" + ` (the default) a
violation is an error citing the control and its CFR sections; ` + "`\"report\"`" + ` turns it into a warning; an
` + "`exceptions = [{ control, reason }]`" + ` entry waives one control on one resource, recorded in state and warned
at every plan. Checks AWS itself would reject are never waivable. "By construction" means the resource
always builds it that way and no argument can turn it off.

| Control | Requirement | Resource | Arguments | 45 CFR | Basis |
|---|---|---|---|---|---|
`)
	for _, c := range catalog {
		var res []string
		for _, r := range c.Resources {
			name := "`" + r + "`"
			if !slices.Contains(available, r) {
				name += " (planned)"
			}
			res = append(res, name)
		}
		args := "by construction"
		if a := arguments[c.ID]; len(a) > 0 {
			args = "`" + strings.Join(a, "`, `") + "`"
		}
		if len(res) == 0 || !slices.ContainsFunc(c.Resources, func(r string) bool { return slices.Contains(available, r) }) {
			args = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", c.ID, strings.ReplaceAll(c.Requirement, "|", "\\|"),
			strings.Join(res, ", "), args, strings.Join(c.Citations, ", "), c.Basis)
	}
	b.WriteString("\nBasis: `aws` = AWS's published rule-to-citation mapping (as reproduced in cdk-nag's RULES.md); " +
		"`prowler` / `steampipe` = those projects' HIPAA mappings; `proposed` = no anchor maps it, this project's reading " +
		"of the rule text — not AWS's mapping.\n")
	return b.String()
}
