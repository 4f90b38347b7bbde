package backupplan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// VaultState is a vault as AWS Backup holds it.
type VaultState struct {
	ARN, KMSKeyARN string
	// Lock is nil when the vault is not locked. Its Mode is read from
	// LockDate (set only for a compliance lock); ChangeableForDays is not
	// read back (LockDate says when the lock becomes immutable).
	Lock     *Lock
	LockDate *time.Time
	Policy   string // the access policy; "" when none
	Tags     map[string]string
}

// PlanState is the plan as AWS Backup holds it: its latest version.
type PlanState struct {
	ID, ARN string
	Rules   []PlanRule
	Tags    map[string]string
}

// SelectionState is one selection of the plan.
type SelectionState struct {
	ID string
	Selection
	// Extra: the selection has conditions or exclusions the layout never
	// writes (Conditions, NotResources, a ListOfTags test other than
	// STRINGEQUALS).
	Extra bool
}

// notFound is the one test for a Backup object that does not exist.
func notFound(err error) bool { return awsclient.HasCode(err, "ResourceNotFoundException") }

// isForeign reports whether err is (or wraps) a tags.ForeignError.
func isForeign(err error) bool {
	var f *tags.ForeignError
	return errors.As(err, &f)
}

// describeVault reads vault name: nil when it does not exist. Policy and
// Tags are left empty (getPolicy, listTags).
func describeVault(ctx context.Context, c *backup.Client, name string) (*VaultState, error) {
	out, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(name)})
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	st := &VaultState{ARN: aws.ToString(out.BackupVaultArn), KMSKeyARN: aws.ToString(out.EncryptionKeyArn), LockDate: out.LockDate}
	if aws.ToBool(out.Locked) || out.MinRetentionDays != nil || out.MaxRetentionDays != nil {
		st.Lock = &Lock{Mode: LockGovernance, MinRetentionDays: int(aws.ToInt64(out.MinRetentionDays)), MaxRetentionDays: int(aws.ToInt64(out.MaxRetentionDays))}
		if out.LockDate != nil {
			st.Lock.Mode = LockCompliance
		}
	}
	return st, nil
}

// getPolicy is the vault's access policy; "" when it has none (or the
// vault is missing).
func getPolicy(ctx context.Context, c *backup.Client, vault string) (string, error) {
	out, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(vault)})
	if notFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Policy), nil
}

// listTags reads the tags of a vault or plan (one call); a missing object
// has none.
func listTags(ctx context.Context, c *backup.Client, arn string) (map[string]string, error) {
	out := map[string]string{}
	p := backup.NewListTagsPaginator(c, &backup.ListTagsInput{ResourceArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if notFound(err) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for k, v := range page.Tags {
			out[k] = v
		}
	}
	return out, nil
}

// findPlan finds the plan named name that carries owner's tag: ID, ARN
// and tags, not its rules (getRules). It lists the plans (one call per
// 1,000) and reads the tags of each one of that name. nil when there is
// none; when only plans of another owner have the name, the oldest of
// them and a tags.ForeignError.
func findPlan(ctx context.Context, c *backup.Client, name, owner string) (*PlanState, error) {
	var named []bktypes.BackupPlansListMember
	p := backup.NewListBackupPlansPaginator(c, &backup.ListBackupPlansInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range page.BackupPlansList {
			if aws.ToString(m.BackupPlanName) == name && m.DeletionDate == nil {
				named = append(named, m)
			}
		}
	}
	// The oldest first, so the choice is stable should two carry the tag.
	slices.SortFunc(named, func(a, b bktypes.BackupPlansListMember) int {
		return aws.ToTime(a.CreationDate).Compare(aws.ToTime(b.CreationDate))
	})
	var oldest *PlanState
	for _, m := range named {
		t, err := listTags(ctx, c, aws.ToString(m.BackupPlanArn))
		if err != nil {
			return nil, err
		}
		p := &PlanState{ID: aws.ToString(m.BackupPlanId), ARN: aws.ToString(m.BackupPlanArn), Tags: t}
		if t[tags.OwnerKey] == owner {
			return p, nil
		}
		oldest = cmp.Or(oldest, p)
	}
	if oldest != nil {
		return oldest, &tags.ForeignError{Kind: "backup plan", Name: name, Owner: owner}
	}
	return nil, nil
}

// getRules reads the rules of the plan's latest version.
func getRules(ctx context.Context, c *backup.Client, id string) ([]PlanRule, error) {
	out, err := c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(id)})
	if err != nil {
		return nil, err
	}
	var rules []PlanRule
	if out.BackupPlan != nil {
		for _, r := range out.BackupPlan.Rules {
			rules = append(rules, readRule(r))
		}
	}
	return rules, nil
}

// findSelections lists the IDs of the plan's selections named name (one
// call per 1,000 selections); all of them when name is "".
func findSelections(ctx context.Context, c *backup.Client, planID, name string) ([]string, error) {
	var ids []string
	p := backup.NewListBackupSelectionsPaginator(c, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String(planID)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.BackupSelectionsList {
			if name == "" || aws.ToString(s.SelectionName) == name {
				ids = append(ids, aws.ToString(s.SelectionId))
			}
		}
	}
	return ids, nil
}

// getSelection reads one selection of the plan.
func getSelection(ctx context.Context, c *backup.Client, planID, id string) (*SelectionState, error) {
	out, err := c.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: aws.String(planID), SelectionId: aws.String(id)})
	if err != nil {
		return nil, err
	}
	st := &SelectionState{ID: id}
	if s := out.BackupSelection; s != nil {
		st.Name, st.RoleARN = aws.ToString(s.SelectionName), aws.ToString(s.IamRoleArn)
		st.Resources = slices.Sorted(slices.Values(s.Resources))
		for _, t := range s.ListOfTags {
			if t.ConditionType != bktypes.ConditionTypeStringequals {
				st.Extra = true
				continue
			}
			st.Tags = append(st.Tags, TagCondition{Key: aws.ToString(t.ConditionKey), Value: aws.ToString(t.ConditionValue)})
		}
		slices.SortFunc(st.Tags, func(a, b TagCondition) int { return cmp.Compare(a.Key, b.Key) })
		st.Extra = st.Extra || len(s.NotResources) > 0 || hasConditions(s.Conditions)
	}
	return st, nil
}

func hasConditions(c *bktypes.Conditions) bool {
	return c != nil && len(c.StringEquals)+len(c.StringLike)+len(c.StringNotEquals)+len(c.StringNotLike) > 0
}

// readRule is a rule of GetBackupPlan in the layout's terms.
func readRule(r bktypes.BackupRule) PlanRule {
	out := PlanRule{Name: aws.ToString(r.RuleName), ScheduleExpression: aws.ToString(r.ScheduleExpression),
		StartWindowMinutes: int(aws.ToInt64(r.StartWindowMinutes)), CompletionWindowMinutes: int(aws.ToInt64(r.CompletionWindowMinutes)),
		EnableContinuousBackup: aws.ToBool(r.EnableContinuousBackup), TargetVaultName: aws.ToString(r.TargetBackupVaultName)}
	if lc := r.Lifecycle; lc != nil {
		out.DeleteAfterDays, out.MoveToColdStorageAfterDays = int(aws.ToInt64(lc.DeleteAfterDays)), int(aws.ToInt64(lc.MoveToColdStorageAfterDays))
	}
	for _, c := range r.CopyActions {
		arn := aws.ToString(c.DestinationBackupVaultArn)
		ca := CopyAction{Region: arnRegion(arn), DestinationVaultARN: arn}
		if c.Lifecycle != nil {
			ca.DeleteAfterDays = int(aws.ToInt64(c.Lifecycle.DeleteAfterDays))
		}
		out.Copies = append(out.Copies, ca)
	}
	return out
}

// arnRegion is the region field of an ARN.
func arnRegion(arn string) string {
	if f := strings.SplitN(arn, ":", 5); len(f) == 5 {
		return f[3]
	}
	return ""
}

// sameRule: got is rule want as AWS Backup returns it. A rule without a
// schedule takes AWS Backup's default, whatever it is.
func sameRule(want, got PlanRule) bool {
	if want.ScheduleExpression == "" {
		got.ScheduleExpression = ""
	}
	return want.Name == got.Name && want.ScheduleExpression == got.ScheduleExpression && want.StartWindowMinutes == got.StartWindowMinutes &&
		want.CompletionWindowMinutes == got.CompletionWindowMinutes && want.DeleteAfterDays == got.DeleteAfterDays &&
		want.MoveToColdStorageAfterDays == got.MoveToColdStorageAfterDays && want.EnableContinuousBackup == got.EnableContinuousBackup &&
		want.TargetVaultName == got.TargetVaultName && slices.Equal(want.Copies, got.Copies)
}

// sameRules: got holds exactly the rules of want, in any order.
func sameRules(want, got []PlanRule) bool {
	if len(want) != len(got) {
		return false
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(g PlanRule) bool { return g.Name == w.Name })
		if i < 0 || !sameRule(w, got[i]) {
			return false
		}
	}
	return true
}

// sameSelection: got selects exactly what want does, under its role.
func sameSelection(want Selection, got *SelectionState) bool {
	return got != nil && !got.Extra && got.Name == want.Name && got.RoleARN == want.RoleARN &&
		slices.Equal(got.Resources, want.Resources) && slices.Equal(got.Tags, want.Tags)
}

// sameLock: got enforces the mode and bounds of want. ChangeableForDays
// is not compared: once set, the cooling-off only runs down.
func sameLock(want, got *Lock) bool {
	return want != nil && got != nil && want.Mode == got.Mode && want.MinRetentionDays == got.MinRetentionDays && want.MaxRetentionDays == got.MaxRetentionDays
}

func (k *Lock) String() string {
	if k == nil {
		return "none"
	}
	return fmt.Sprintf("%s, %d to %d days", k.Mode, k.MinRetentionDays, k.MaxRetentionDays)
}
