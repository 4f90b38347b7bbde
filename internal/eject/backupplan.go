package eject

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// backupTypes is the hashicorp/aws resource type of each child kind.
var backupTypes = map[backupplan.Kind]string{
	backupplan.KindVault:          "aws_backup_vault",
	backupplan.KindVaultLock:      "aws_backup_vault_lock_configuration",
	backupplan.KindVaultPolicy:    "aws_backup_vault_policy",
	backupplan.KindIAMRole:        "aws_iam_role",
	backupplan.KindRoleAttachment: "aws_iam_role_policy_attachment",
	backupplan.KindPlan:           "aws_backup_plan",
	backupplan.KindSelection:      "aws_backup_selection",
}

// BackupPlan renders a hipaa_backup_plan layout, labelled "<name>_<child
// key>": each vault with its Vault Lock and access policy (a copy vault
// with the aws provider of its region), the backup role with one
// attachment per AWS-managed policy, the plan with its rules and copy
// actions, and the selection.
//
// Destroy is plain Terraform's: the provider keeps every vault with its
// lock and policy (Placements Retain), while the ejected vaults render
// with force_destroy = false, so terraform destroy removes their policies
// and locks (a compliance lock only within its changeable_for_days; after
// that AWS refuses) and deletes a vault only while it holds no recovery
// point. To keep them as the provider does, take the vaults, locks and
// policies out of state first.
func (e *File) BackupPlan(name string, l backupplan.Layout) {
	addr := map[string]string{}           // child key -> address
	bodies := map[string]*hclwrite.Body{} // child key -> block body
	vaults := map[string]string{}         // vault ARN -> address
	for _, c := range l.Children() {
		addr[c.Key] = backupTypes[c.Kind] + "." + label(name, c.Key)
	}
	for _, v := range l.Vaults() {
		vaults[v.ARN] = addr[v.Key]
		e.inRegion(v.Region, func() { e.backupVault(name, v, addr, bodies) })
	}
	role := l.Role
	_, bodies[backupplan.KeyRole] = e.iamRole(label(name, backupplan.KeyRole), servicerole.Spec{RoleName: role.Name, Path: role.Path,
		Description: "AWS Backup for " + backupplan.ResourceType + " " + l.Name, TrustPolicy: role.TrustPolicy, Tags: role.Tags})
	for _, arn := range role.ManagedPolicyARNs {
		k := backupplan.AttachmentKey(arn)
		bodies[k] = e.resource(backupTypes[backupplan.KindRoleAttachment], label(name, k))
		e.attachment(bodies[k], addr[backupplan.KeyRole]+".name", e.literal(arn))
	}
	bodies[backupplan.KeyPlan] = e.backupPlan(name, l, vaults)
	bodies[backupplan.KeySelection] = e.backupSelection(name, l.Selection, addr)
	for _, c := range l.Children() {
		e.dependsOn(bodies[c.Key], c.DependsOn, addr)
	}
}

// backupVault writes a vault, its lock and its access policy.
func (e *File) backupVault(name string, v backupplan.Vault, addr map[string]string, bodies map[string]*hclwrite.Body) {
	b := e.resource(backupTypes[backupplan.KindVault], label(name, v.Key))
	b.SetAttributeValue("name", cty.StringVal(v.Name))
	e.str(b, "kms_key_arn", v.KMSKeyARN)
	b.SetAttributeValue("force_destroy", cty.False) // never delete recovery points
	e.expr(b, "tags", mapExpr(v.Tags))
	bodies[v.Key] = b
	vault := addr[v.Key] + ".name"
	if lk := v.Lock; lk != nil {
		c := e.resource(backupTypes[backupplan.KindVaultLock], label(name, v.LockKey()))
		e.expr(c, "backup_vault_name", vault)
		c.SetAttributeValue("min_retention_days", cty.NumberIntVal(int64(lk.MinRetentionDays)))
		c.SetAttributeValue("max_retention_days", cty.NumberIntVal(int64(lk.MaxRetentionDays)))
		if lk.ChangeableForDays > 0 { // a compliance lock; without it, governance
			c.SetAttributeValue("changeable_for_days", cty.NumberIntVal(int64(lk.ChangeableForDays)))
		}
		bodies[v.LockKey()] = c
	}
	p := e.resource(backupTypes[backupplan.KindVaultPolicy], label(name, v.PolicyKey()))
	e.expr(p, "backup_vault_name", vault)
	e.expr(p, "policy", e.policy(v.Policy))
	bodies[v.PolicyKey()] = p
}

// backupPlan writes the plan: one rule block per rule, naming its target
// and copy vaults by reference (vaults maps a vault's ARN to its address).
func (e *File) backupPlan(name string, l backupplan.Layout, vaults map[string]string) *hclwrite.Body {
	ref := func(arn, attr string) string {
		if a, ok := vaults[arn]; ok {
			return a + "." + attr
		}
		return e.literal(arn) // not a vault of the layout: never, as Expand builds it
	}
	b := e.resource(backupTypes[backupplan.KindPlan], label(name, backupplan.KeyPlan))
	b.SetAttributeValue("name", cty.StringVal(l.PlanName))
	for _, r := range l.Rules {
		rb := b.AppendNewBlock("rule", nil).Body()
		rb.SetAttributeValue("rule_name", cty.StringVal(r.Name))
		e.expr(rb, "target_vault_name", ref(backupplan.VaultARN(l.Partition, l.Region, l.AccountID, r.TargetVaultName), "name"))
		if r.ScheduleExpression != "" {
			rb.SetAttributeValue("schedule", cty.StringVal(r.ScheduleExpression))
		}
		rb.SetAttributeValue("start_window", cty.NumberIntVal(int64(r.StartWindowMinutes)))
		rb.SetAttributeValue("completion_window", cty.NumberIntVal(int64(r.CompletionWindowMinutes)))
		rb.SetAttributeValue("enable_continuous_backup", cty.BoolVal(r.EnableContinuousBackup))
		lc := rb.AppendNewBlock("lifecycle", nil).Body()
		if d := r.MoveToColdStorageAfterDays; d > 0 {
			lc.SetAttributeValue("cold_storage_after", cty.NumberIntVal(int64(d)))
		}
		lc.SetAttributeValue("delete_after", cty.NumberIntVal(int64(r.DeleteAfterDays)))
		for _, c := range r.Copies {
			cb := rb.AppendNewBlock("copy_action", nil).Body()
			e.expr(cb, "destination_vault_arn", ref(c.DestinationVaultARN, "arn"))
			cb.AppendNewBlock("lifecycle", nil).Body().SetAttributeValue("delete_after", cty.NumberIntVal(int64(c.DeleteAfterDays)))
		}
	}
	e.expr(b, "tags", mapExpr(l.Tags(backupplan.KeyPlan)))
	return b
}

// backupSelection writes the selection: the resources by ARN, and the
// tagged ones (STRINGEQUALS), under the backup role.
func (e *File) backupSelection(name string, s backupplan.Selection, addr map[string]string) *hclwrite.Body {
	b := e.resource(backupTypes[backupplan.KindSelection], label(name, backupplan.KeySelection))
	b.SetAttributeValue("name", cty.StringVal(s.Name))
	e.expr(b, "plan_id", addr[backupplan.KeyPlan]+".id")
	e.expr(b, "iam_role_arn", addr[backupplan.KeyRole]+".arn")
	if len(s.Resources) > 0 {
		e.expr(b, "resources", e.strings(s.Resources))
	}
	for _, t := range s.Tags {
		tb := b.AppendNewBlock("selection_tag", nil).Body()
		tb.SetAttributeValue("type", cty.StringVal("STRINGEQUALS"))
		tb.SetAttributeValue("key", cty.StringVal(t.Key))
		tb.SetAttributeValue("value", cty.StringVal(t.Value))
	}
	return b
}

// dependsOn adds depends_on to b for the keys among deps (addresses in
// addr) that b does not already refer to.
func (e *File) dependsOn(b *hclwrite.Body, deps []string, addr map[string]string) {
	text := string(b.BuildTokens(nil).Bytes())
	var out []string
	for _, k := range deps {
		if a := addr[k]; !strings.Contains(text, a+".") && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	if len(out) > 0 {
		e.expr(b, "depends_on", list(out))
	}
}
