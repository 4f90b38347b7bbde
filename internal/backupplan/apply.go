package backupplan

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the AWS clients the executor uses: AWS Backup in the plan's
// region and in each copy region (awsclient.Client.InRegion), and IAM.
type Clients struct {
	Backup     *backup.Client
	CopyBackup map[string]*backup.Client // by copy region
	// BackupIn, when set, makes the client of a region CopyBackup lacks:
	// Import learns the copy regions from the plan it reads.
	BackupIn func(region string) *backup.Client
	IAM      *iam.Client
}

// ClientsOf are the clients of the provider's client c: AWS Backup and IAM
// in its region, and AWS Backup in any other region from the same
// configuration (awsclient.Client.InRegion).
func ClientsOf(c *awsclient.Client) Clients {
	return Clients{Backup: c.Backup(), IAM: c.IAM(), BackupIn: func(region string) *backup.Client { return c.InRegion(region).Backup() }}
}

// backupIn is the Backup client of region.
func (c Clients) backupIn(region, home string) *backup.Client {
	if region == home {
		return c.Backup
	}
	if b := c.CopyBackup[region]; b != nil {
		return b
	}
	if c.BackupIn != nil {
		return c.BackupIn(region)
	}
	return nil
}

// Executor creates, repairs and deletes the children of one hipaa_backup_plan.
type Executor struct{ Clients }

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Name, err)
}

// vaultClient is the Backup client of vault v; an error when none was given.
func (x Executor) vaultClient(l Layout, v Vault) (*backup.Client, error) {
	if c := x.backupIn(v.Region, l.Region); c != nil {
		return c, nil
	}
	return nil, x.fail("reaching", "backup vault", v.Key, l, fmt.Errorf("no AWS Backup client for region %s", v.Region))
}

// run is what one Apply learns as it goes, for its later steps.
type run struct {
	l    Layout
	rec  *executor.Recorder
	mu   sync.Mutex
	seen map[string]*VaultState // by vault key: as found, or as created
	plan *PlanState             // as found, or as created
	role servicerole.Result
}

func (r *run) vault(key string) *VaultState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[key]
}

// Apply converges AWS on the layout. A vault or plan is adopted only when
// it carries this owner's tag (the plan is found by name and owner, so a
// crashed apply never leaves a second one); every Backup setting is read
// first and written only when it differs, so the same calls create, repair
// drift and finish a crashed apply. A Vault Lock is never removed, nor
// rewritten when it already holds. record receives each child as it
// exists. The order comes from Layout.Children; tags come last.
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) error {
	r := &run{l: l, rec: executor.NewRecorder(record), seen: map[string]*VaultState{}}
	return executor.Schedule(awsclient.WithChild(ctx, "", l.Owner), executor.Graph(l.Children()), x.steps(r))
}

// steps are the phases of one Apply, by the kinds of child they own.
func (x Executor) steps(r *run) []executor.Step {
	l := r.l
	perVault := func(fn func(context.Context, *run, Vault) error) func(context.Context) error {
		return func(ctx context.Context) error {
			var keys []string
			byKey := map[string]Vault{}
			for _, v := range l.Vaults() {
				keys, byKey[v.Key] = append(keys, v.Key), v
			}
			return executor.Each(ctx, 0, l.Owner, keys, func(ctx context.Context, k string) error { return fn(ctx, r, byKey[k]) })
		}
	}
	return []executor.Step{
		{Name: "vaults", Kinds: executor.Kinds(KindVault), Run: perVault(x.ensureVault)},
		{Name: "locks", Kinds: executor.Kinds(KindVaultLock), Run: perVault(x.ensureLock)},
		{Name: "policies", Kinds: executor.Kinds(KindVaultPolicy), Run: perVault(x.ensurePolicy)},
		{Name: "role", Kinds: executor.Kinds(KindIAMRole, KindRoleAttachment), Run: func(ctx context.Context) (err error) {
			if r.role, err = servicerole.Ensure(awsclient.WithChild(ctx, KeyRole, ""), x.IAM, l.role()); err != nil {
				return x.fail("applying", "IAM role", KeyRole, l, err)
			}
			r.rec.Put(KeyRole, r.role.RoleARN)
			for _, arn := range l.Role.ManagedPolicyARNs {
				r.rec.Put(AttachmentKey(arn), arn)
			}
			return nil
		}},
		{Name: "plan", Kinds: executor.Kinds(KindPlan), Run: func(ctx context.Context) error { return x.ensurePlan(ctx, r) }},
		{Name: "selection", Kinds: executor.Kinds(KindSelection), Run: func(ctx context.Context) error { return x.ensureSelection(ctx, r) }},
		{Name: "tags", After: []string{"vaults", "locks", "policies", "role", "plan", "selection"}, Run: func(ctx context.Context) error { return x.retagAll(ctx, r) }},
	}
}

// ensureVault creates vault v (encrypted with its key, tagged) or adopts it
// when it carries this owner's tag; one encrypted with another key is
// refused, since AWS Backup cannot change a vault's key.
func (x Executor) ensureVault(ctx context.Context, r *run, v Vault) error {
	l := r.l
	c, err := x.vaultClient(l, v)
	if err != nil {
		return err
	}
	st, err := describeVault(ctx, c, v.Name)
	if err != nil {
		return x.fail("reading", "backup vault", v.Key, l, err)
	}
	if st == nil {
		_, createErr := c.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: aws.String(v.Name), EncryptionKeyArn: aws.String(v.KMSKeyARN),
			BackupVaultTags: v.Tags, CreatorRequestId: aws.String(rand.Text())})
		switch {
		case createErr == nil:
			r.rec.Created(ctx, "backup vault", v.Key, v.ARN)
			r.mu.Lock()
			r.seen[v.Key] = &VaultState{ARN: v.ARN, KMSKeyARN: v.KMSKeyARN, Tags: v.Tags}
			r.mu.Unlock()
			return nil
		case !awsclient.HasCode(createErr, "AlreadyExistsException"):
			return x.fail("creating", "backup vault", v.Key, l, createErr)
		}
		// Made meanwhile (a retried create whose answer was lost): adopt it if ours.
		if st, err = describeVault(ctx, c, v.Name); err != nil || st == nil {
			return x.fail("creating", "backup vault", v.Key, l, cmp.Or(err, createErr))
		}
	}
	if st.Tags, err = listTags(ctx, c, st.ARN); err != nil {
		return x.fail("reading the tags of", "backup vault", v.Key, l, err)
	}
	if st.Tags[tags.OwnerKey] != l.Owner {
		return x.fail("adopting", "backup vault", v.Key, l, &tags.ForeignError{Kind: "backup vault", Name: v.Name, Owner: l.Owner})
	}
	if st.KMSKeyARN != v.KMSKeyARN {
		return x.fail("adopting", "backup vault", v.Key, l, fmt.Errorf(
			"it is encrypted with %s, not %s, and AWS Backup cannot change the key of a vault: set the key back, or move the recovery points to a new vault yourself", st.KMSKeyARN, v.KMSKeyARN))
	}
	r.rec.Put(v.Key, st.ARN)
	r.mu.Lock()
	r.seen[v.Key] = st
	r.mu.Unlock()
	return nil
}

// ensureLock writes the vault's Vault Lock, if it has one, unless it
// already holds with the same mode and bounds: each write of a compliance
// lock would restart its cooling-off. A compliance lock past its
// cooling-off cannot change.
func (x Executor) ensureLock(ctx context.Context, r *run, v Vault) error {
	l, key := r.l, v.LockKey()
	if v.Lock == nil {
		return nil
	}
	got := r.vault(v.Key)
	if got != nil && sameLock(v.Lock, got.Lock) {
		r.rec.Put(key, v.Name)
		return nil
	}
	if got != nil && got.Lock != nil && got.LockDate != nil && got.LockDate.Before(time.Now()) {
		return x.fail("changing", "Vault Lock", key, l, fmt.Errorf(
			"the lock (%s) became immutable on %s and nobody can change it: set vault_lock back to it", got.Lock, got.LockDate.UTC().Format(time.DateOnly)))
	}
	c, err := x.vaultClient(l, v)
	if err != nil {
		return err
	}
	in := &backup.PutBackupVaultLockConfigurationInput{BackupVaultName: aws.String(v.Name),
		MinRetentionDays: aws.Int64(int64(v.Lock.MinRetentionDays)), MaxRetentionDays: aws.Int64(int64(v.Lock.MaxRetentionDays))}
	if v.Lock.ChangeableForDays > 0 {
		in.ChangeableForDays = aws.Int64(int64(v.Lock.ChangeableForDays))
	}
	if _, err := c.PutBackupVaultLockConfiguration(ctx, in); err != nil {
		return x.fail("locking", "backup vault", key, l, err)
	}
	r.rec.Created(ctx, "Vault Lock", key, v.Name)
	return nil
}

// ensurePolicy writes the vault's access policy when it is missing or
// differs. The policy denies PutBackupVaultAccessPolicy itself, so another
// version is deleted first (policy.go).
func (x Executor) ensurePolicy(ctx context.Context, r *run, v Vault) error {
	l, key := r.l, v.PolicyKey()
	c, err := x.vaultClient(l, v)
	if err != nil {
		return err
	}
	got, err := getPolicy(ctx, c, v.Name)
	switch {
	case err != nil:
		return x.fail("reading", "backup vault access policy", key, l, err)
	case got != "" && s3bucket.SamePolicy(got, v.Policy):
		r.rec.Put(key, v.Name)
		return nil
	case got != "":
		if _, err := c.DeleteBackupVaultAccessPolicy(ctx, &backup.DeleteBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v.Name)}); err != nil {
			return x.fail("replacing", "backup vault access policy", key, l, err)
		}
	}
	if _, err := c.PutBackupVaultAccessPolicy(ctx, &backup.PutBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v.Name), Policy: aws.String(v.Policy)}); err != nil {
		return x.fail("writing", "backup vault access policy", key, l, err)
	}
	r.rec.Created(ctx, "backup vault access policy", key, v.Name)
	return nil
}

// ensurePlan adopts the plan of this name and owner, updating its rules
// when they differ, or creates it.
func (x Executor) ensurePlan(ctx context.Context, r *run) error {
	l, c := r.l, x.Backup
	p, err := findPlan(ctx, c, l.PlanName, l.Owner)
	if err != nil {
		return x.fail("finding", "backup plan", KeyPlan, l, err)
	}
	if p == nil {
		out, createErr := c.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: planInput(l), BackupPlanTags: l.Tags(KeyPlan),
			CreatorRequestId: aws.String(rand.Text())})
		switch {
		case createErr == nil:
			r.plan = &PlanState{ID: aws.ToString(out.BackupPlanId), ARN: aws.ToString(out.BackupPlanArn), Rules: l.Rules, Tags: l.Tags(KeyPlan)}
			r.rec.Created(ctx, "backup plan", KeyPlan, r.plan.ID)
			return nil
		case !awsclient.HasCode(createErr, "AlreadyExistsException"):
			return x.fail("creating", "backup plan", KeyPlan, l, createErr)
		}
		// Made meanwhile (a retried create whose answer was lost): adopt it if ours.
		if p, err = findPlan(ctx, c, l.PlanName, l.Owner); err != nil || p == nil {
			return x.fail("creating", "backup plan", KeyPlan, l, cmp.Or(err, createErr))
		}
	}
	r.plan = p
	r.rec.Put(KeyPlan, p.ID)
	if p.Rules, err = getRules(ctx, c, p.ID); err != nil {
		return x.fail("reading", "backup plan", KeyPlan, l, err)
	}
	if sameRules(l.Rules, p.Rules) {
		return nil
	}
	if _, err := c.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: aws.String(p.ID), BackupPlan: planInput(l)}); err != nil {
		return x.fail("updating", "backup plan", KeyPlan, l, err)
	}
	return nil
}

// ensureSelection keeps the plan's selection of this name when it selects
// what the layout does, and deletes any other of that name: a selection
// cannot be changed, so a changed one is deleted, then made again.
func (x Executor) ensureSelection(ctx context.Context, r *run) error {
	l, c, plan := r.l, x.Backup, r.rec.ID(KeyPlan)
	ids, err := findSelections(ctx, c, plan, l.Selection.Name)
	if err != nil {
		return x.fail("listing", "backup selection", KeySelection, l, err)
	}
	keep := ""
	for _, id := range ids {
		if keep == "" {
			got, err := getSelection(ctx, c, plan, id)
			if err != nil && !notFound(err) {
				return x.fail("reading", "backup selection", KeySelection, l, err)
			}
			if sameSelection(l.Selection, got) {
				keep = id
				continue
			}
		}
		if _, err := c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: aws.String(plan), SelectionId: aws.String(id)}); err != nil && !notFound(err) {
			return x.fail("replacing", "backup selection", KeySelection, l, err)
		}
	}
	if keep != "" {
		r.rec.Put(KeySelection, keep)
		return nil
	}
	out, err := c.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: aws.String(plan), BackupSelection: selectionInput(l.Selection),
		CreatorRequestId: aws.String(rand.Text())})
	if err != nil {
		return x.fail("creating", "backup selection", KeySelection, l, err)
	}
	r.rec.Created(ctx, "backup selection", KeySelection, aws.ToString(out.SelectionId))
	return nil
}

// retagAll brings the tags of every vault and of the plan and role found
// (not created) by this apply to the layout's.
func (x Executor) retagAll(ctx context.Context, r *run) error {
	l := r.l
	var errs []error
	for _, v := range l.Vaults() {
		c, _ := x.vaultClient(l, v)
		if err := awsclient.BackupTagger(c, v.ARN).Retag(awsclient.WithChild(ctx, v.Key, l.Owner), v.Tags, r.vault(v.Key).Tags); err != nil {
			errs = append(errs, x.fail("tagging", "backup vault", v.Key, l, err))
		}
	}
	if err := awsclient.BackupTagger(x.Backup, r.plan.ARN).Retag(awsclient.WithChild(ctx, KeyPlan, l.Owner), l.Tags(KeyPlan), r.plan.Tags); err != nil {
		errs = append(errs, x.fail("tagging", "backup plan", KeyPlan, l, err))
	}
	if !r.role.Created {
		if err := awsclient.IAMRoleTagger(x.IAM, l.Role.Name).Retag(awsclient.WithChild(ctx, KeyRole, l.Owner), l.Role.Tags, r.role.Tags); err != nil {
			errs = append(errs, x.fail("tagging", "IAM role", KeyRole, l, err))
		}
	}
	return errors.Join(errs...)
}

// planInput is the plan as CreateBackupPlan and UpdateBackupPlan take it.
func planInput(l Layout) *bktypes.BackupPlanInput {
	in := &bktypes.BackupPlanInput{BackupPlanName: aws.String(l.PlanName)}
	for _, r := range l.Rules {
		ri := bktypes.BackupRuleInput{RuleName: aws.String(r.Name), TargetBackupVaultName: aws.String(r.TargetVaultName),
			StartWindowMinutes: aws.Int64(int64(r.StartWindowMinutes)), CompletionWindowMinutes: aws.Int64(int64(r.CompletionWindowMinutes)),
			EnableContinuousBackup: aws.Bool(r.EnableContinuousBackup), Lifecycle: lifecycle(r.DeleteAfterDays, r.MoveToColdStorageAfterDays)}
		if r.ScheduleExpression != "" {
			ri.ScheduleExpression = aws.String(r.ScheduleExpression)
		}
		for _, c := range r.Copies {
			ri.CopyActions = append(ri.CopyActions, bktypes.CopyAction{DestinationBackupVaultArn: aws.String(c.DestinationVaultARN),
				Lifecycle: lifecycle(c.DeleteAfterDays, 0)})
		}
		in.Rules = append(in.Rules, ri)
	}
	return in
}

func lifecycle(deleteAfter, coldAfter int) *bktypes.Lifecycle {
	lc := &bktypes.Lifecycle{DeleteAfterDays: aws.Int64(int64(deleteAfter))}
	if coldAfter > 0 {
		lc.MoveToColdStorageAfterDays = aws.Int64(int64(coldAfter))
	}
	return lc
}

// selectionInput is the selection as CreateBackupSelection takes it.
func selectionInput(s Selection) *bktypes.BackupSelection {
	in := &bktypes.BackupSelection{SelectionName: aws.String(s.Name), IamRoleArn: aws.String(s.RoleARN), Resources: s.Resources}
	for _, t := range s.Tags {
		in.ListOfTags = append(in.ListOfTags, bktypes.Condition{ConditionType: bktypes.ConditionTypeStringequals,
			ConditionKey: aws.String(t.Key), ConditionValue: aws.String(t.Value)})
	}
	return in
}
