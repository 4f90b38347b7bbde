package backupplan

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// maxCount bounds the recovery points a warning counts ("1000 or more").
const maxCount = 1000

// Kept is what a destroy left in place, for the warning.
type Kept struct{ Vaults []KeptVault }

// KeptVault is one vault destroy kept, with its lock and access policy.
type KeptVault struct {
	Name, Region   string
	RecoveryPoints int // -1: unknown; maxCount: that many or more
}

// Destroy deletes the plan's selections, the plan, and the role with its
// attachments, each only when it carries this owner's tag; what is already
// gone is skipped, so Destroy finishes a crashed destroy. It keeps every
// vault with its Vault Lock, access policy and recovery points (Placement
// Retain), and counts their recovery points for the warning.
func (x Executor) Destroy(ctx context.Context, l Layout) (Kept, error) {
	ctx = awsclient.WithChild(ctx, "", l.Owner)
	c := x.Backup
	p, err := findPlan(ctx, c, l.PlanName, l.Owner)
	switch {
	case isForeign(err):
		p = nil // not ours: never delete it
	case err != nil:
		return Kept{}, x.fail("finding", "backup plan", KeyPlan, l, err)
	}
	if p != nil {
		ids, err := findSelections(ctx, c, p.ID, "")
		if err != nil {
			return Kept{}, x.fail("listing", "backup selection", KeySelection, l, err)
		}
		for _, id := range ids {
			if _, err := c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: aws.String(p.ID), SelectionId: aws.String(id)}); err != nil && !notFound(err) {
				return Kept{}, x.fail("deleting", "backup selection", KeySelection, l, err)
			}
		}
		if _, err := c.DeleteBackupPlan(ctx, &backup.DeleteBackupPlanInput{BackupPlanId: aws.String(p.ID)}); err != nil && !notFound(err) {
			return Kept{}, x.fail("deleting", "backup plan", KeyPlan, l, err)
		}
	}
	if err := servicerole.Delete(awsclient.WithChild(ctx, KeyRole, l.Owner), x.IAM, l.role()); err != nil {
		return Kept{}, x.fail("deleting", "IAM role", KeyRole, l, err)
	}
	var k Kept
	for _, v := range l.Vaults() {
		if n, ok := x.recoveryPoints(ctx, l, v); ok {
			k.Vaults = append(k.Vaults, KeptVault{Name: v.Name, Region: v.Region, RecoveryPoints: n})
		}
	}
	return k, nil
}

// recoveryPoints counts the vault's recovery points up to maxCount (one
// call); ok is false when the vault is gone, and n -1 when they cannot be
// counted.
func (x Executor) recoveryPoints(ctx context.Context, l Layout, v Vault) (n int, ok bool) {
	c := x.backupIn(v.Region, l.Region)
	if c == nil {
		return -1, true
	}
	out, err := c.ListRecoveryPointsByBackupVault(awsclient.WithChild(ctx, v.Key, l.Owner),
		&backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: aws.String(v.Name), MaxResults: aws.Int32(maxCount)})
	switch {
	case notFound(err):
		return 0, false
	case err != nil:
		return -1, true
	case out.NextToken != nil:
		return maxCount, true
	}
	return len(out.RecoveryPoints), true
}

// Warning describes what a destroy kept.
func (k Kept) Warning() string {
	if len(k.Vaults) == 0 {
		return ""
	}
	var parts []string
	for _, v := range k.Vaults {
		n := fmt.Sprintf("%d recovery points", v.RecoveryPoints)
		switch {
		case v.RecoveryPoints < 0:
			n = "recovery points not counted"
		case v.RecoveryPoints >= maxCount:
			n = fmt.Sprintf("%d or more recovery points", maxCount)
		}
		parts = append(parts, fmt.Sprintf("%s in %s (%s)", v.Name, v.Region, n))
	}
	return "Backup vaults kept with their Vault Lock, access policy and recovery points: " + strings.Join(parts, ", ") +
		". Recovery points expire by their own lifecycle; delete a vault yourself once it is empty and its retention obligations end."
}
