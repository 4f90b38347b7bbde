package backupplan

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Env is the account and region a plan lives in.
type Env struct{ Region, AccountID, Partition string }

// Import reads the hipaa_backup_plan name, which this provider created, and
// returns the Spec it is configured with: the plan's rules, its selection,
// and the key and Vault Lock of its vault and of the copy vaults its rules
// name (through Clients.CopyBackup or BackupIn). A missing plan is an
// awsclient.NotFoundError; one without this provider's owner tag is
// refused (tags.NotOwnedError). Nothing is changed.
func Import(ctx context.Context, c Clients, env Env, defaultTags map[string]string, name string) (Spec, error) {
	owner := tags.Owner(ResourceType, name)
	p, err := findPlan(ctx, c.Backup, name, owner)
	switch {
	case isForeign(err):
		return Spec{}, &tags.NotOwnedError{Kind: "backup plan", ID: name, Resource: ResourceType, Want: owner, Found: p.Tags[tags.OwnerKey],
			Fix: "Keep managing it outside this provider, or create a " + ResourceType + " of another name."}
	case err != nil:
		return Spec{}, err
	case p == nil:
		return Spec{}, &awsclient.NotFoundError{Kind: "backup plan", ID: name}
	}
	o := &Observed{Plan: p, Vaults: map[string]*VaultState{}}
	err = executor.All(
		func() (err error) { p.Rules, err = getRules(ctx, c.Backup, p.ID); return err },
		func() (err error) { o.Vaults[KeyVault], err = describeVault(ctx, c.Backup, name); return err },
		func() error {
			ids, err := findSelections(ctx, c.Backup, p.ID, name)
			if err == nil && len(ids) > 0 {
				o.Selection, err = getSelection(ctx, c.Backup, p.ID, ids[0])
			}
			return err
		})
	if err != nil {
		return Spec{}, err
	}
	if err := readCopyVaults(ctx, c, env, o); err != nil {
		return Spec{}, err
	}
	return SpecOf(o, env, defaultTags, name, time.Now()), nil
}

// readCopyVaults describes, at once, the vault each copy region of the
// plan's rules names.
func readCopyVaults(ctx context.Context, c Clients, env Env, o *Observed) error {
	arns := map[string]string{} // region -> destination vault ARN
	for _, r := range o.Plan.Rules {
		for _, cp := range r.Copies {
			arns[cp.Region] = cp.DestinationVaultARN
		}
	}
	var mu sync.Mutex
	var fns []func() error
	for region, arn := range arns {
		fns = append(fns, func() error {
			b := c.backupIn(region, env.Region)
			if b == nil {
				return fmt.Errorf("reading the copy vault %s: no AWS Backup client for region %s", arn, region)
			}
			st, err := describeVault(ctx, b, arn[strings.LastIndex(arn, ":")+1:])
			mu.Lock()
			o.Vaults[CopyVaultKey(region)] = st
			mu.Unlock()
			return err
		})
	}
	return executor.All(fns...)
}

// SpecOf is the Spec a plan read back as o is configured with, at time
// now. A compliance lock's changeable_for_days reads back as the days left
// of its cooling-off, rounded up (0 once it has ended); tags are the
// plan's.
func SpecOf(o *Observed, env Env, defaultTags map[string]string, name string, now time.Time) Spec {
	s := Spec{Name: name, Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags,
		Tags: tags.UserTags(o.Plan.Tags, defaultTags)}
	if v := o.Vaults[KeyVault]; v != nil {
		s.KMSKeyARN, s.VaultLock = v.KMSKeyARN, lockOf(v, now)
	}
	for _, r := range o.Plan.Rules {
		rule := Rule{Name: r.Name, Schedule: r.ScheduleExpression, RetentionDays: r.DeleteAfterDays, ColdStorageAfterDays: r.MoveToColdStorageAfterDays,
			StartWindowMinutes: r.StartWindowMinutes, CompletionWindowMinutes: r.CompletionWindowMinutes, Continuous: r.EnableContinuousBackup}
		for _, cp := range r.Copies {
			c := Copy{Region: cp.Region, RetentionDays: cp.DeleteAfterDays}
			if v := o.Vaults[CopyVaultKey(cp.Region)]; v != nil {
				c.KMSKeyARN = v.KMSKeyARN
			}
			rule.CopyTo = append(rule.CopyTo, c)
		}
		s.Rules = append(s.Rules, rule)
	}
	if sel := o.Selection; sel != nil {
		if len(sel.Resources) > 0 {
			s.ResourceARNs = sel.Resources
		}
		for _, t := range sel.Tags {
			if s.SelectionTags == nil {
				s.SelectionTags = map[string]string{}
			}
			s.SelectionTags[t.Key] = t.Value
		}
	}
	return s.WithDefaults()
}

// lockOf is the vault_lock of vault v at time now.
func lockOf(v *VaultState, now time.Time) *VaultLock {
	if v.Lock == nil {
		return nil
	}
	out := &VaultLock{Mode: v.Lock.Mode, MinRetentionDays: v.Lock.MinRetentionDays, MaxRetentionDays: v.Lock.MaxRetentionDays}
	if v.LockDate != nil && v.LockDate.After(now) {
		out.ChangeableForDays = int((v.LockDate.Sub(now) + 24*time.Hour - 1) / (24 * time.Hour))
	}
	return out
}
