package eject_test

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
)

// backupIn is an AWS Backup client for region; through the proxy when the
// lister's endpoint is one, so that the harness fake answers what moto
// lacks (selections, plan versions, vault access policies).
func (l *lister) backupIn(region string) *backup.Client {
	return backup.NewFromConfig(l.cfg, func(o *backup.Options) { o.Region = region })
}

// backupTags are the tags of the AWS Backup resource arn.
func (l *lister) backupTags(c *backup.Client, arn *string) string {
	tg, err := c.ListTags(l.ctx, &backup.ListTagsInput{ResourceArn: arn})
	l.fail("backup tags", err)
	if err != nil {
		return ""
	}
	return mapString(tg.Tags)
}

// backupVault snapshots a vault: its key, Vault Lock (the days until the
// lock is fixed, for a compliance lock), access policy and tags.
func (l *lister) backupVault(region, name string) {
	c := l.backupIn(region)
	d, err := c.DescribeBackupVault(l.ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(name)})
	l.fail("backup vault "+name, err)
	if err != nil {
		return
	}
	pol, err := c.GetBackupVaultAccessPolicy(l.ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(name)})
	l.fail("access policy of backup vault "+name, err)
	if err != nil {
		return
	}
	fixedIn := -1.0 // no date: no lock, or a governance lock
	if d.LockDate != nil {
		fixedIn = math.Round(time.Until(*d.LockDate).Hours() / 24)
	}
	l.put("backup_vault", region+"/"+name, "kms=%s locked=%t min=%d max=%d fixed_in_days=%g policy=%s tags=%s",
		l.ref(aws.ToString(d.EncryptionKeyArn)), aws.ToBool(d.Locked), aws.ToInt64(d.MinRetentionDays), aws.ToInt64(d.MaxRetentionDays),
		fixedIn, canonicalJSON(aws.ToString(pol.Policy)), l.backupTags(c, d.BackupVaultArn))
}

// backupPlan snapshots the plan named name in region, its rules by name
// (rule IDs aside; a set in hashicorp/aws) and tags, and its selections.
func (l *lister) backupPlan(region, name string) {
	c := l.backupIn(region)
	plans, err := c.ListBackupPlans(l.ctx, &backup.ListBackupPlansInput{})
	l.fail("backup plans", err)
	if err != nil {
		return
	}
	for _, p := range plans.BackupPlansList {
		if aws.ToString(p.BackupPlanName) != name {
			continue
		}
		out, err := c.GetBackupPlan(l.ctx, &backup.GetBackupPlanInput{BackupPlanId: p.BackupPlanId})
		l.fail("backup plan "+name, err)
		if err != nil {
			return
		}
		rules := out.BackupPlan.Rules
		for i := range rules {
			rules[i].RuleId = nil
		}
		slices.SortFunc(rules, func(a, b bktypes.BackupRule) int {
			return cmp.Compare(aws.ToString(a.RuleName), aws.ToString(b.RuleName))
		})
		doc, _ := json.Marshal(rules)
		l.put("backup_plan", region+"/"+name, "rules=%s tags=%s", l.policyRefs(string(doc)), l.backupTags(c, p.BackupPlanArn))
		l.backupSelections(c, name, p.BackupPlanId)
	}
}

// backupSelections snapshots each selection of a plan: its role,
// resources and tag conditions. Empty Conditions and NotResources select
// nothing more; hashicorp/aws sends them, the provider leaves them out.
func (l *lister) backupSelections(c *backup.Client, plan string, id *string) {
	sels, err := c.ListBackupSelections(l.ctx, &backup.ListBackupSelectionsInput{BackupPlanId: id})
	l.fail("backup selections of "+plan, err)
	if err != nil {
		return
	}
	for _, s := range sels.BackupSelectionsList {
		out, err := c.GetBackupSelection(l.ctx, &backup.GetBackupSelectionInput{BackupPlanId: id, SelectionId: s.SelectionId})
		l.fail("backup selection "+aws.ToString(s.SelectionName), err)
		if err != nil {
			continue
		}
		b := out.BackupSelection
		slices.Sort(b.Resources)
		conditions, _ := json.Marshal(b.Conditions)
		if c := b.Conditions; c == nil || len(c.StringEquals)+len(c.StringLike)+len(c.StringNotEquals)+len(c.StringNotLike) == 0 {
			conditions = []byte("none")
		}
		tags, _ := json.Marshal(b.ListOfTags)
		l.put("backup_selection", plan+"/"+aws.ToString(b.SelectionName), "role=%s resources=%v not_resources=%v tags=%s conditions=%s",
			aws.ToString(b.IamRoleArn), b.Resources, b.NotResources, tags, conditions)
	}
}
