package backupplan

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindVault          Kind = "backup_vault"
	KindVaultLock      Kind = "backup_vault_lock"   // the vault's Vault Lock configuration
	KindVaultPolicy    Kind = "backup_vault_policy" // the vault's access policy (BAK-02)
	KindIAMRole        Kind = "iam_role"
	KindRoleAttachment Kind = "iam_role_policy_attachment" // one AWS-managed policy attached to the role
	KindPlan           Kind = "backup_plan"
	KindSelection      Kind = "backup_selection"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindVault, KindVaultLock, KindVaultPolicy, KindIAMRole, KindRoleAttachment, KindPlan, KindSelection}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns every child in creation order: each child's DependsOn
// keys come earlier. Each vault (the plan's, then one per copy region) is
// followed by its lock and access policy; the role by its attachments. The
// plan names every vault (its rules' target and copy destinations) and
// nothing else; the selection names the plan and the role. Placements says
// where each lives and what destroy keeps.
func (l Layout) Children() []Child {
	var out []Child
	var vaults []string
	for _, v := range l.Vaults() {
		out = append(out, Child{KindVault, v.Key, nil})
		if v.Lock != nil {
			out = append(out, Child{KindVaultLock, v.LockKey(), []string{v.Key}})
		}
		out = append(out, Child{KindVaultPolicy, v.PolicyKey(), []string{v.Key}})
		vaults = append(vaults, v.Key)
	}
	out = append(out, Child{KindIAMRole, KeyRole, nil})
	for _, arn := range l.Role.ManagedPolicyARNs {
		out = append(out, Child{KindRoleAttachment, AttachmentKey(arn), []string{KeyRole}})
	}
	return append(out,
		Child{KindPlan, KeyPlan, vaults},
		Child{KindSelection, KeySelection, []string{KeyPlan, KeyRole}},
	)
}
