package eject_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// The vaults (region/name) and role of backupPlanResource, in the
// emulator's account.
var (
	ejBackupVaults = []string{"us-east-1/ejbackup", "us-west-2/ejbackup-from-us-east-1"}
	ejBackupRole   = "hipaa-backup-ejbackup-us-east-1"
)

// backupLister reads through p: the fake serves selections and vault
// access policies.
func backupLister(t *testing.T, p *acctest.Proxy) *lister {
	l := listerOf(acctest.AWSConfig(t))
	l.cfg.BaseEndpoint = aws.String(p.URL())
	return l
}

// listBackupPlan snapshots the plan of backupPlanResource: both vaults,
// the plan and its selection, the backup role and the plan's key; westKey
// is the ARN of the copy vault's key, named "key west".
func listBackupPlan(t *testing.T, p *acctest.Proxy, westKey string) snapshot {
	t.Helper()
	l := backupLister(t, p)
	l.key[l.keyARN("alias/ej-backup")] = "key alias/ej-backup"
	l.key[westKey] = "key west"
	for _, v := range ejBackupVaults {
		region, name, _ := strings.Cut(v, "/")
		l.backupVault(region, name)
	}
	l.backupPlan("us-east-1", "ejbackup")
	l.role(ejBackupRole)
	return l.done(t)
}

// requireBackupPlan fails unless the snapshot shows both vaults under a
// compliance lock (7 to 3650 days, fixed in 3 days) with the access policy
// denying manual deletion, the daily rule's copy to us-west-2 kept 60
// days, the weekly rule's cold storage, and the selection of the database
// and the tagged resources under the backup role.
func requireBackupPlan(t *testing.T, s snapshot) {
	t.Helper()
	for key, wants := range map[string][]string{
		"backup_vault " + ejBackupVaults[0]: {"kms=key alias/ej-backup ", "locked=true min=7 max=3650 fixed_in_days=3 ", `"backup:DeleteRecoveryPoint"`},
		"backup_vault " + ejBackupVaults[1]: {"kms=key west ", "locked=true min=7 max=3650 fixed_in_days=3 ", `"backup:DeleteRecoveryPoint"`},
		"backup_plan us-east-1/ejbackup": {`"DestinationBackupVaultArn":"arn:aws:backup:us-west-2:123456789012:backup-vault:ejbackup-from-us-east-1","Lifecycle":{"DeleteAfterDays":60`,
			`"MoveToColdStorageAfterDays":30`, `"TargetBackupVaultName":"ejbackup"`},
		"backup_selection ejbackup/ejbackup": {"role=arn:aws:iam::123456789012:role/hipaa/" + ejBackupRole + " ",
			"resources=[arn:aws:rds:us-east-1:123456789012:db:patients]", `"ConditionKey":"backup","ConditionType":"STRINGEQUALS","ConditionValue":"daily"`},
		"iam_role " + ejBackupRole: {"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForS3Restore"},
	} {
		for _, w := range wants {
			if !strings.Contains(s[key], w) {
				t.Errorf("%s lacks %s: %s", key, w, s[key])
			}
		}
	}
}

// TestAccEject_backupPlan applies a hipaa_backup_plan (a compliance lock,
// a daily rule copied to us-west-2, a weekly rule with cold storage, a
// database ARN and a selection tag) with its key, snapshots the vaults,
// plan, selection and role with the SDK, then applies the eject on a reset
// account with hashicorp/aws and requires the same objects and an empty
// plan. The hipaa_* side takes the copy vault's key made with the SDK (the
// provider tests serve one provider configuration); the ejected side makes
// it through an aws provider alias. Destroy keeps the vaults, locked, as
// the provider does, once they are taken out of state (see BackupPlan).
func TestAccEject_backupPlan(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	west := acctest.KMSKey(t, "us-west-2")
	want := applyHipaa(t, p.ProviderConfig()+backupKey+backupPlanResource(fmt.Sprintf("%q", west), backupARNs, ""), nil,
		func() snapshot { return listBackupPlan(t, p, west) },
		"backup_vault "+ejBackupVaults[0], "backup_vault "+ejBackupVaults[1], "backup_plan us-east-1/ejbackup",
		"backup_selection ejbackup/ejbackup", "iam_role "+ejBackupRole, "kms_key alias/ej-backup")
	requireBackupPlan(t, want)

	acctest.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(p.ProviderConfig()+backupSrc("")), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, p.URL())
	tf.applyEjected(want, func() snapshot { return listBackupPlan(t, p, westKeyARN(t, "alias/ej-backup-west")) })
	var vaults []string
	for _, v := range []string{"phi_vault", "phi_copy_us_west_2_vault"} {
		vaults = append(vaults, "aws_backup_vault."+v, "aws_backup_vault_lock_configuration."+v+"_lock", "aws_backup_vault_policy."+v+"_policy")
	}
	tf.run(append([]string{"state", "rm"}, vaults...)...)
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
	kept := backupLister(t, p)
	for _, v := range ejBackupVaults {
		region, name, _ := strings.Cut(v, "/")
		kept.backupVault(region, name) // fails unless the vault and its policy are there
	}
	kept.backupPlan("us-east-1", "ejbackup")
	for k, v := range kept.done(t) {
		if !strings.HasPrefix(k, "backup_vault ") || !strings.Contains(v, "locked=true min=7 max=3650") {
			t.Errorf("after destroy: %s %s; want only both vaults, still locked", k, v)
		}
	}
}
