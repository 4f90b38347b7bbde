package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// AWS Backup in these tests: moto serves vaults, Vault Lock, plans and
// tags; the harness fake (internal/acctest/fake_backup.go) serves, behind
// the proxy's backup endpoint, what moto 5.2.1 lacks: CreateBackupSelection
// and the other selection calls, UpdateBackupPlan, and the vault access
// policy. SDK checks therefore go through a proxy (backupVia).

const backupAddr = "hipaa_backup_plan.test"

// backupVia is an AWS Backup client for region through p.
func backupVia(t *testing.T, p *acctest.Proxy, region string) *backup.Client {
	cfg := acctest.AWSConfig(t)
	cfg.Region, cfg.BaseEndpoint = region, aws.String(p.URL())
	return backup.NewFromConfig(cfg)
}

// testAccBackupPlanConfig is the seed's plan: daily backups kept 730 days,
// intra-day snapshots kept 14 days, a copy of the daily ones to
// replicaRegion under westKey (an HCL expression), and a compliance lock.
func testAccBackupPlanConfig(p *acctest.Proxy, name, westKey, extra string) string {
	return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "backup" {
  name             = "%[1]s-backup"
  allowed_services = ["backup"]
}

resource "hipaa_backup_plan" "test" {
  name        = %[1]q
  kms_key_arn = hipaa_kms_key.backup.arn
  vault_lock = {
    min_retention_days = 7
    max_retention_days = 3650
  }
  rules = [
    {
      name           = "daily"
      schedule       = "cron(0 5 ? * * *)"
      retention_days = 730
      copy_to        = [{ region = %[2]q, kms_key_arn = %[3]s }]
    },
    {
      name           = "intraday"
      schedule       = "cron(0 */4 ? * * *)"
      retention_days = %[4]s
    },
  ]
  resource_arns  = ["arn:aws:rds:us-east-1:123456789012:db:phi"]
  selection_tags = { backup = "hipaa" }
}
`, name, replicaRegion, westKey, extra)
}

// testAccCheckBackupPlan checks through the SDK the vaults (key, lock,
// access policy), the plan's rules with the copy action, and the selection.
func testAccCheckBackupPlan(t *testing.T, p *acctest.Proxy, name string, intradayDays int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, a := context.Background(), s.RootModule().Resources[backupAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		east, west := backupVia(t, p, "us-east-1"), backupVia(t, p, replicaRegion)
		for c, v := range map[*backup.Client]string{east: a["vault_name"], west: name + "-from-us-east-1"} {
			d, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(v)})
			if check(err == nil, "vault "+v); err != nil {
				continue
			}
			check(strings.Contains(aws.ToString(d.EncryptionKeyArn), ":key/"), v+": customer key")
			check(aws.ToInt64(d.MinRetentionDays) == 7 && aws.ToInt64(d.MaxRetentionDays) == 3650, v+": Vault Lock 7–3650 days")
			pol, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v)})
			check(err == nil && strings.Contains(aws.ToString(pol.Policy), "backup:DeleteRecoveryPoint"), v+": access policy denying manual deletion")
		}
		plan, err := east.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(a["plan_id"])})
		if check(err == nil, "plan "+a["plan_id"]); err == nil {
			rules := map[string]int64{}
			for _, r := range plan.BackupPlan.Rules {
				rules[aws.ToString(r.RuleName)] = aws.ToInt64(r.Lifecycle.DeleteAfterDays)
				if aws.ToString(r.RuleName) == "daily" {
					check(len(r.CopyActions) == 1 && strings.Contains(aws.ToString(r.CopyActions[0].DestinationBackupVaultArn), ":"+replicaRegion+":"), "daily copies to "+replicaRegion)
				}
			}
			check(rules["daily"] == 730 && rules["intraday"] == int64(intradayDays), fmt.Sprintf("rules daily 730 and intraday %d days: %v", intradayDays, rules))
		}
		sels, err := east.ListBackupSelections(ctx, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(a["plan_id"])})
		if check(err == nil && len(sels.BackupSelectionsList) == 1, "one selection"); err == nil && len(sels.BackupSelectionsList) == 1 {
			sel, err := east.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: aws.String(a["plan_id"]),
				SelectionId: sels.BackupSelectionsList[0].SelectionId})
			check(err == nil && len(sel.BackupSelection.Resources) == 1 && aws.ToString(sel.BackupSelection.IamRoleArn) == a["role_arn"], "selection of the database under the role")
		}
		if len(errs) > 0 {
			return fmt.Errorf("hipaa_backup_plan: want %s", strings.Join(errs, "; "))
		}
		return nil
	}
}

// TestAccBackupPlan_basic: the seed's plan is built (checked with the
// SDK in both regions); a deleted selection is drift, shown and
// repaired; a rule's retention updates in place; import reads the plan
// back; destroy removes the plan and keeps both vaults.
func TestAccBackupPlan_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	west := westKeyARN(t)
	cfg := testAccBackupPlanConfig(p, "bk1", west, "14")
	var planID string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			ctx := context.Background()
			if _, err := backupVia(t, p, "us-east-1").GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(planID)}); err == nil {
				if out, _ := backupVia(t, p, "us-east-1").ListBackupPlans(ctx, &backup.ListBackupPlansInput{}); len(out.BackupPlansList) != 0 {
					return fmt.Errorf("the plan is still listed after destroy")
				}
			}
			for region, v := range map[string]string{"us-east-1": "bk1", replicaRegion: "bk1-from-us-east-1"} {
				if _, err := backupVia(t, p, region).DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(v)}); err != nil {
					return fmt.Errorf("destroy removed the vault %s in %s; it keeps every vault: %v", v, region, err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckBackupPlan(t, p, "bk1", 14),
					resource.TestCheckResourceAttr(backupAddr, "drift", ""),
					resource.TestCheckResourceAttr(backupAddr, "vault_name", "bk1"),
					resource.TestMatchResourceAttr(backupAddr, "copy_vault_arns."+replicaRegion, regexp.MustCompile(`:backup-vault:bk1-from-us-east-1$`)),
					func(s *terraform.State) error {
						planID = s.RootModule().Resources[backupAddr].Primary.Attributes["plan_id"]
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					ctx, c := context.Background(), backupVia(t, p, "us-east-1")
					sels, err := c.ListBackupSelections(ctx, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(planID)})
					if err == nil && len(sels.BackupSelectionsList) == 1 {
						_, err = c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: aws.String(planID), SelectionId: sels.BackupSelectionsList[0].SelectionId})
					}
					if err == nil {
						_, err = c.DeleteBackupVaultAccessPolicy(ctx, &backup.DeleteBackupVaultAccessPolicyInput{BackupVaultName: aws.String("bk1")})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				Check:              resource.TestMatchResourceAttr(backupAddr, "drift", regexp.MustCompile(`(?s)BAK-02.*selection|(?s)selection.*BAK-02`)),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionUpdate)}},
				Check:            resource.ComposeAggregateTestCheckFunc(testAccCheckBackupPlan(t, p, "bk1", 14), resource.TestCheckResourceAttr(backupAddr, "drift", "")),
			},
			{
				Config:           testAccBackupPlanConfig(p, "bk1", west, "21"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(backupAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(testAccCheckBackupPlan(t, p, "bk1", 21),
					resource.TestCheckResourceAttrPtr(backupAddr, "plan_id", &planID)),
			},
			{ // AWS Backup cannot re-key a vault: refused at plan
				Config: strings.Replace(testAccBackupPlanConfig(p, "bk1", west, "21"), "kms_key_arn = hipaa_kms_key.backup.arn",
					fmt.Sprintf("kms_key_arn = %q", acctest.KMSKey(t, "us-east-1")), 1),
				ExpectError: regexp.MustCompile(`(?s)key of hipaa_backup_plan bk1 cannot change.*BAK-01`),
			},
			{ResourceName: backupAddr, ImportState: true, ImportStateId: "bk1", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		},
	})
}

// Refused at plan with zero AWS calls, with the keys literal and with the
// vault's key taken from a key in the same configuration (unknown at plan).
func TestAccBackupPlan_refusals(t *testing.T) {
	acctest.Parallel(t)
	const daily = `{ name = "daily", schedule = "cron(0 5 ? * * *)", retention_days = 35 }`
	for name, c := range map[string]struct{ body, want string }{
		"weekly only":           {`rules = [{ name = "weekly", schedule = "cron(0 5 ? * SUN *)", retention_days = 35 }]`, `(?s)BAK-04.*daily`},
		"short retention":       {`rules = [{ name = "daily", schedule = "cron(0 5 ? * * *)", retention_days = 30 }]`, `(?s)BAK-04.*35`},
		"governance lock":       {`rules = [` + daily + `]` + "\n  vault_lock = { mode = \"governance\", min_retention_days = 7, max_retention_days = 3650 }", `(?s)BAK-03`},
		"lock window too short": {`rules = [` + daily + `]` + "\n  vault_lock = { changeable_for_days = 2 }", `(?s)changeable_for_days.*3`},
		"bad cron":              {`rules = [{ name = "daily", schedule = "every day", retention_days = 35 }]`, `rules\[0\]\.schedule`},
		"copy to its region":    {`rules = [{ name = "daily", schedule = "cron(0 5 ? * * *)", retention_days = 35, copy_to = [{ region = "us-east-1", kms_key_arn = KEY }] }]`, `copy_to\[0\]\.region`},
		"selects nothing":       {`rules = [` + daily + `]`, `(?s)selects nothing|neither resource_arns nor selection_tags`},
		"alias key":             {`rules = [` + daily + `]`, `(?s)BAK-01.*kms_key_arn`},
	} {
		t.Run(name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string {
				key, sel := up.KeyARN, "\n  resource_arns = [\"arn:aws:rds:us-east-1:123456789012:db:phi\"]"
				switch name {
				case "alias key":
					key = `"arn:aws:kms:us-east-1:123456789012:alias/aws/backup"`
				case "selects nothing":
					sel = ""
				}
				return fmt.Sprintf("resource \"hipaa_backup_plan\" \"test\" {\n  name = \"refused\"\n  kms_key_arn = %s\n  %s%s\n}\n",
					key, strings.ReplaceAll(c.body, "KEY", up.KeyARN), sel)
			}, c.want)
		})
	}
}

// A hard failure creating one of the two vaults fails the apply; with
// 20 % of AWS Backup and IAM calls throttled the next apply retries, adopts
// what the failed one made and builds exactly one plan. (A failure after the plan exists taints the resource,
// and the replacement's CreateBackupPlan of the same name is refused by
// moto 5.2.1, which keeps deleted plans' names; AWS does not.)
func TestAccBackupPlan_faults(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccBackupPlanConfig(p, "bk2", westKeyARN(t), "14")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "backup", Operation: "CreateBackupVault", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`creating backup vault`),
			},
			{
				PreConfig: func() {
					p.ClearRules()
					p.ResetCounts()
					for _, svc := range []string{"backup", "iam"} {
						p.AddRule(acctest.FaultRule{Service: svc, Kind: acctest.FaultThrottle, Probability: 0.2})
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						// The throttling ends here: the checks' own SDK calls go
						// through the same proxy and retry only three times.
						p.ClearRules()
						if p.Faults() == 0 {
							return fmt.Errorf("no fault injected")
						}
						return nil
					},
					testAccCheckBackupPlan(t, p, "bk2", 14),
					func(*terraform.State) error {
						// Vault names are unique in a region, so the vaults cannot be
						// duplicated; the plan's name is not: exactly one plan.
						out, err := backupVia(t, p, "us-east-1").ListBackupPlans(context.Background(), &backup.ListBackupPlansInput{})
						if err != nil || len(out.BackupPlansList) != 1 {
							return fmt.Errorf("want exactly one plan after the re-apply, got %v (%v)", out, err)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccBackupPlan_crashKilled kills terraform and the provider once the
// plan exists, before its selection; the re-apply adopts the plan (no
// second CreateBackupPlan) and the plan is then empty.
func TestAccBackupPlan_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccBackupPlanConfig(p, "bk3", westKeyARN(t), "14"))
	p.AddRule(acctest.FaultRule{Service: "backup", Operation: "CreateBackupSelection", Kind: acctest.FaultLatency, Latency: time.Hour, Count: 1})
	c.killWhen(func() bool { return p.Calls()["backup:CreateBackupSelection"] >= 1 }, "apply", "-auto-approve", "-input=false", "-no-color")
	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if n := p.Calls()["backup:CreateBackupPlan"]; n != 0 {
		t.Errorf("the re-apply created %d plans; it should adopt the one the killed apply made", n)
	}
	out, err := backupVia(t, p, "us-east-1").ListBackupPlans(context.Background(), &backup.ListBackupPlansInput{})
	if err != nil || len(out.BackupPlansList) != 1 {
		t.Errorf("want exactly one plan, got %v (%v)", out, err)
	}
	if out := c.run("plan", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}
