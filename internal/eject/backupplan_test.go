package eject_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// backupKey is the plan's key, in the provider's region (us-east-1).
const backupKey = `
resource "hipaa_kms_key" "backup" {
  name             = "ej-backup"
  allowed_services = ["backup"]
}
`

// backupKeys are backupKey, a provider alias for us-west-2 and the copy
// vault's key made through it (for a bucket's replica too).
const backupKeys = backupKey + `
provider "hipaa" {
  alias  = "west"
  region = "us-west-2"
}

resource "hipaa_kms_key" "backup_west" {
  provider         = hipaa.west
  name             = "ej-backup-west"
  allowed_services = ["backup", "s3"]
}
`

// backupPlanResource is a hipaa_backup_plan under a compliance lock: a
// daily rule kept 35 days and copied to us-west-2 under westKey, and a
// weekly rule moved to cold storage after 30 days (both HCL expressions
// where noted); it selects arns (an HCL list) and what carries
// backup = "daily". extra goes inside the block.
func backupPlanResource(westKey, arns, extra string) string {
	return fmt.Sprintf(`
resource "hipaa_backup_plan" "phi" {
  name        = "ejbackup"
  kms_key_arn = hipaa_kms_key.backup.arn
  vault_lock  = { min_retention_days = 7, max_retention_days = 3650 }
  rules = [
    {
      name           = "daily"
      schedule       = "cron(0 5 ? * * *)"
      retention_days = 35
      copy_to        = [{ region = "us-west-2", kms_key_arn = %s, retention_days = 60 }]
    },
    {
      name                      = "weekly"
      schedule                  = "cron(0 6 ? * SUN *)"
      retention_days            = 365
      cold_storage_after_days   = 30
      start_window_minutes      = 120
      completion_window_minutes = 720
    },
  ]
  resource_arns  = %s
  selection_tags = { backup = "daily" }
  tags           = { team = "records" }
%s}
`, westKey, arns, extra)
}

// Parts of backupPlanResource that tests take out or replace.
const (
	backupARNs = `["arn:aws:rds:us-east-1:123456789012:db:patients"]`
	backupTags = "  selection_tags = { backup = \"daily\" }\n"
	backupCopy = "      copy_to        = [{ region = \"us-west-2\", kms_key_arn = hipaa_kms_key.backup_west.arn, retention_days = 60 }]\n"
)

// backupSrc is the keys and the plan over a literal database ARN.
func backupSrc(extra string) string {
	return backupKeys + backupPlanResource("hipaa_kms_key.backup_west.arn", backupARNs, extra)
}

// TestConfig_backupPlan: each vault with its compliance lock and access
// policy (the copy vault through the aws provider of us-west-2), the
// backup role with one attachment per managed policy (the S3 pair too: a
// selection tag may be on a bucket), the plan naming its vaults by
// reference, and the selection; deterministic and fmt clean.
func TestConfig_backupPlan(t *testing.T) {
	out := ejectStable(t, backupSrc(""))
	requireCounts(t, resourceCounts(t, out), map[string]int{"aws_kms_key": 2, "aws_kms_alias": 2, "aws_backup_vault": 2,
		"aws_backup_vault_lock_configuration": 2, "aws_backup_vault_policy": 2, "aws_iam_role": 1, "aws_iam_role_policy_attachment": 4,
		"aws_backup_plan": 1, "aws_backup_selection": 1})
	requireText(t, out,
		"resource \"aws_backup_vault\" \"phi_copy_us_west_2_vault\" {\n  provider      = aws.us_west_2\n  name          = \"ejbackup-from-us-east-1\"\n  kms_key_arn   = aws_kms_key.backup_west.arn\n  force_destroy = false\n",
		"resource \"aws_backup_vault\" \"phi_vault\" {\n  name          = \"ejbackup\"\n  kms_key_arn   = aws_kms_key.backup.arn\n  force_destroy = false\n",
		"resource \"aws_backup_vault_lock_configuration\" \"phi_copy_us_west_2_vault_lock\" {\n  provider            = aws.us_west_2\n  backup_vault_name   = aws_backup_vault.phi_copy_us_west_2_vault.name\n  min_retention_days  = 7\n  max_retention_days  = 3650\n  changeable_for_days = 3\n}",
		"resource \"aws_backup_vault_policy\" \"phi_vault_policy\" {\n  backup_vault_name = aws_backup_vault.phi_vault.name\n",
		`Action    = ["backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"]`,
		`name        = "hipaa-backup-ejbackup-us-east-1"`, `path        = "/hipaa/"`, `Service = "backup.amazonaws.com"`,
		"resource \"aws_iam_role_policy_attachment\" \"phi_role_policy_AWSBackupServiceRolePolicyForS3Backup\" {\n  role       = aws_iam_role.phi_role.name\n"+
			"  policy_arn = \"arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup\"",
		"target_vault_name        = aws_backup_vault.phi_vault.name",
		"    copy_action {\n      destination_vault_arn = aws_backup_vault.phi_copy_us_west_2_vault.arn\n      lifecycle {\n        delete_after = 60\n      }\n    }",
		"    start_window             = 120\n    completion_window        = 720\n    enable_continuous_backup = false\n    lifecycle {\n      cold_storage_after = 30\n      delete_after       = 365\n    }",
		"    lifecycle {\n      delete_after = 35\n    }",
		`"hipaa:child" = "plan"`, `"team" = "records"`,
		"  plan_id      = aws_backup_plan.phi_plan.id\n  iam_role_arn = aws_iam_role.phi_role.arn\n  resources    = [\"arn:aws:rds:us-east-1:123456789012:db:patients\"]\n"+
			"  selection_tag {\n    type  = \"STRINGEQUALS\"\n    key   = \"backup\"\n    value = \"daily\"\n  }",
	)
	if strings.Contains(string(out), "force_destroy = true") || strings.Contains(string(out), "depends_on") {
		t.Error("a vault is emptied on destroy, or a layout edge is not a reference")
	}
	if strings.Count(string(out), "cold_storage_after") != 1 {
		t.Error("cold_storage_after is written for a rule without cold storage")
	}
	golden(t, "testdata/backup-plan.tf", out)
}

// TestConfig_backupPlanLock: AWS Backup makes a lock with
// changeable_for_days a compliance lock, so a governance lock (waived
// BAK-03) has none; without vault_lock (waived) no lock is written.
func TestConfig_backupPlanLock(t *testing.T) {
	waive := `  exceptions = [{ control = "BAK-03", reason = "dev plan, removed after the trial" }]` + "\n"
	for _, c := range []struct {
		name, lock, extra string
		locks             int
		want              string
	}{
		{"compliance default", "", "", 2, "changeable_for_days = 3\n"},
		{"compliance", `{ mode = "compliance", min_retention_days = 7, max_retention_days = 3650, changeable_for_days = 7 }`, "", 2,
			"changeable_for_days = 7\n"},
		{"governance", `{ mode = "governance", min_retention_days = 7, max_retention_days = 3650 }`, waive, 2, "max_retention_days = 3650\n}"},
		{"none", "null", waive, 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := backupSrc(c.extra)
			if c.lock != "" {
				src = strings.Replace(src, "{ min_retention_days = 7, max_retention_days = 3650 }", c.lock, 1)
			}
			out := ejectFile(t, "main.tf", src)
			if n := resourceCounts(t, out)["aws_backup_vault_lock_configuration"]; n != c.locks {
				t.Errorf("%d locks, want %d", n, c.locks)
			}
			if got := strings.Count(string(out), c.want); c.want != "" && got != c.locks {
				t.Errorf("%d locks end with %q, want %d", got, c.want, c.locks)
			}
			if compliance := strings.Contains(string(out), "changeable_for_days"); compliance != strings.HasPrefix(c.name, "compliance") {
				t.Errorf("changeable_for_days written: %t; a lock is a compliance lock exactly when it has one", compliance)
			}
		})
	}
}

// TestConfig_backupPlanReferences: resource_arns may name a
// hipaa_database's or a hipaa_bucket's arn; each becomes the ARN of the
// ejected instance, cluster or bucket. A bucket brings the S3 policies.
func TestConfig_backupPlanReferences(t *testing.T) {
	for _, c := range []struct {
		name, src, arns, want string
		attachments           int
	}{
		{"instance", dbConfig, "[hipaa_database.db.arn]", "resources    = [aws_db_instance.db_instance.arn]", 2},
		{"cluster", auroraConfig, "[hipaa_database.aur.arn]", "resources    = [aws_rds_cluster.aur_cluster.arn]", 2},
		{"bucket", bucketResource("hipaa_kms_key.backup_west.arn"), "[hipaa_bucket.files.arn]", "resources    = [aws_s3_bucket.files_bucket_data.arn]", 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan := strings.Replace(backupPlanResource("hipaa_kms_key.backup_west.arn", c.arns, ""), backupTags, "", 1)
			out := ejectFile(t, "main.tf", backupKeys+c.src+plan)
			requireText(t, out, c.want)
			if n := strings.Count(string(out), "aws_iam_role.phi_role.name"); n != c.attachments {
				t.Errorf("%d managed policies attached to the backup role, want %d", n, c.attachments)
			}
		})
	}
}

// TestConfig_backupPlanInOtherRegion: a plan made with a provider alias
// (us-west-2) copying to the file's region: the plan, its vault and
// selection use the alias, the copy vault the default provider.
func TestConfig_backupPlanInOtherRegion(t *testing.T) {
	plan := strings.Replace(backupPlanResource("hipaa_kms_key.backup.arn", `["arn:aws:rds:us-west-2:123456789012:db:patients"]`,
		"  provider = hipaa.west\n"), `region = "us-west-2"`, `region = "us-east-1"`, 1)
	plan = strings.Replace(plan, "kms_key_arn = hipaa_kms_key.backup.arn\n  vault_lock", "kms_key_arn = hipaa_kms_key.backup_west.arn\n  vault_lock", 1)
	out := ejectFile(t, "main.tf", backupKeys+plan)
	requireText(t, out,
		"resource \"aws_backup_vault\" \"phi_vault\" {\n  provider      = aws.us_west_2\n  name          = \"ejbackup\"\n  kms_key_arn   = aws_kms_key.backup_west.arn\n",
		"resource \"aws_backup_vault\" \"phi_copy_us_east_1_vault\" {\n  name          = \"ejbackup-from-us-west-2\"\n  kms_key_arn   = aws_kms_key.backup.arn\n",
		"resource \"aws_backup_vault_policy\" \"phi_copy_us_east_1_vault_policy\" {\n  backup_vault_name",
		"resource \"aws_backup_vault_lock_configuration\" \"phi_vault_lock\" {\n  provider            = aws.us_west_2\n",
		"resource \"aws_backup_plan\" \"phi_plan\" {\n  provider = aws.us_west_2\n",
		"resource \"aws_backup_selection\" \"phi_selection\" {\n  provider     = aws.us_west_2\n",
		`name        = "hipaa-backup-ejbackup-us-west-2"`,
	)
}

// TestConfig_backupPlanVariable: the vault's key may be a variable; it
// passes through to the vault.
func TestConfig_backupPlanVariable(t *testing.T) {
	src := "variable \"backup_key\" {\n  type = string\n}\n" + strings.Replace(backupSrc(""), "kms_key_arn = hipaa_kms_key.backup.arn", "kms_key_arn = var.backup_key", 1)
	requireText(t, ejectFile(t, "main.tf", src), "resource \"aws_backup_vault\" \"phi_vault\" {\n  name          = \"ejbackup\"\n  kms_key_arn   = var.backup_key\n")
}

// TestConfig_backupPlanRefusals: eject refuses what the provider refuses
// at plan, naming the control or the argument.
func TestConfig_backupPlanRefusals(t *testing.T) {
	eastKey := `"arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000"`
	for name, c := range map[string]struct{ src, want string }{
		"no copy":          {strings.Replace(backupSrc(""), backupCopy, "", 1), "BAK-04"},
		"governance":       {strings.Replace(backupSrc(""), "{ min_retention_days", `{ mode = "governance", min_retention_days`, 1), "BAK-03"},
		"copy key region":  {backupKeys + backupPlanResource(eastKey, backupARNs, ""), "rules[0].copy_to[0].kms_key_arn"},
		"selects nothing":  {strings.Replace(strings.Replace(backupSrc(""), backupTags, "", 1), backupARNs, "[]", 1), "BAK-05"},
		"not an ARN":       {strings.Replace(backupSrc(""), backupARNs, `["patients"]`, 1), "resource_arns[0]"},
		"unknown argument": {backupSrc("  colour = \"blue\"\n"), "colour"},
		"no such bucket":   {backupKeys + backupPlanResource("hipaa_kms_key.backup_west.arn", "[hipaa_bucket.files.arn]", ""), "resource_arns"},
		"lock and retention": {strings.Replace(backupSrc(""), "max_retention_days = 3650", "max_retention_days = 100", 1),
			"rules[1].retention_days: 365 days lies outside vault_lock's 7 to 100 days"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := eject.Config("main.tf", []byte(c.src), eject.Options{Region: "us-east-1"})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "hipaa_backup_plan.phi") {
				t.Errorf("error %v, want one naming hipaa_backup_plan.phi and %q", err, c.want)
			}
		})
	}
	waived := strings.Replace(backupSrc(`  exceptions = [{ control = "BAK-03", reason = "dev plan, removed after the trial" }]`+"\n"),
		"{ min_retention_days", `{ mode = "governance", min_retention_days`, 1)
	if n := resourceCounts(t, ejectFile(t, "main.tf", waived)); n["aws_backup_plan"] != 1 {
		t.Errorf("a waived governance lock ejected %d plans, want 1", n["aws_backup_plan"])
	}
}
