package backupplan

import (
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

type statement = s3bucket.Statement

// DeniedVaultActions are what every vault's access policy denies to
// everyone (BAK-02): the three actions the AWS Config rule
// backup-recovery-point-manual-deletion-disabled looks for, in a Deny
// whose principal and resource are "*", as that rule requires.
var DeniedVaultActions = []string{
	"backup:DeleteRecoveryPoint",
	"backup:PutBackupVaultAccessPolicy",
	"backup:UpdateRecoveryPointLifecycle",
}

// vaultPolicy is the access policy of every vault. It does not stop
// recovery points from expiring: AWS Backup expires them by their
// lifecycle itself, and a vault access policy governs only calls to the
// AWS Backup API, none of which the plan's role makes. It leaves
// DeleteBackupVaultAccessPolicy allowed: replacing the policy is a delete,
// then a put, by a principal IAM allows to delete it; denying that too
// would fix the policy for good, root included.
func vaultPolicy() string {
	return s3bucket.Policy(statement{Sid: "DenyManualRecoveryPointChanges", Effect: "Deny", Principal: "*",
		Action: DeniedVaultActions, Resource: "*"})
}

// trustPolicy lets AWS Backup assume the backup role.
func trustPolicy() string {
	return s3bucket.Policy(statement{Sid: "AWSBackup", Effect: "Allow",
		Principal: map[string]string{"Service": "backup.amazonaws.com"}, Action: "sts:AssumeRole"})
}

// The AWS-managed policies of the backup role. AWS publishes the S3 pair
// outside the service-role/ path.
const (
	PolicyBackup    = "service-role/AWSBackupServiceRolePolicyForBackup"
	PolicyRestores  = "service-role/AWSBackupServiceRolePolicyForRestores"
	PolicyS3Backup  = "AWSBackupServiceRolePolicyForS3Backup"
	PolicyS3Restore = "AWSBackupServiceRolePolicyForS3Restore"
)

// managedPolicyARNs are the role's policies: backup and restore, and the
// S3 pair when the selection may hold a bucket.
func managedPolicyARNs(partition string, s3 bool) []string {
	names := []string{PolicyBackup, PolicyRestores}
	if s3 {
		names = append(names, PolicyS3Backup, PolicyS3Restore)
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "arn:" + partition + ":iam::aws:policy/" + n
	}
	return out
}

// role is the backup role and its attachments as internal/servicerole
// ensures them: no customer-managed policy (PolicyName "").
func (l Layout) role() servicerole.Spec {
	return servicerole.Spec{RoleName: l.Role.Name, Path: l.Role.Path, Description: "AWS Backup for " + ResourceType + " " + l.Name,
		TrustPolicy: l.Role.TrustPolicy, ManagedPolicyARNs: l.Role.ManagedPolicyARNs, Tags: l.Role.Tags,
		Partition: l.Partition, AccountID: l.AccountID}
}
