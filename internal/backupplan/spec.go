// Package backupplan is hipaa_backup_plan: an AWS Backup plan whose
// recovery points go to a vault encrypted with the customer key, locked by
// Vault Lock and closed to manual deletion by its access policy; each
// copy_to region gets a vault of the same kind, and the selection runs
// under a backup role of its own.
//
// The pure core (spec.go, schedule.go, validate.go, checks.go, children.go,
// expand.go, policy.go) does no I/O and knows nothing of the plugin
// framework. The executor (apply.go, destroy.go), the reader (find.go,
// observe.go) and import (import.go) are its I/O half.
package backupplan

import (
	"slices"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_backup_plan"

// Defaults and bounds of the contract. The AWS limits are those of the AWS
// Backup API reference (PutBackupVaultLockConfiguration, BackupRule,
// Lifecycle) and of its developer guide (continuous backups).
const (
	// DefaultStartWindowMinutes is the shortest start window AWS Backup
	// accepts: a job that cannot start within the hour expires instead of
	// running into the next one.
	DefaultStartWindowMinutes = 60
	// DefaultCompletionWindowMinutes is AWS Backup's own default (7 days).
	DefaultCompletionWindowMinutes = 10080
	// MinWindowMinutes: StartWindowMinutes must be at least 60. The
	// completion window counts from the scheduled time (StartBackupJob
	// reference), so the contract has it outlast the start window by as
	// much.
	MinWindowMinutes = 60
	// MaxWindowMinutes is the start window's ceiling (100 years), applied
	// to both windows.
	MaxWindowMinutes = 52560000
	// MinColdStorageDays: recovery points stay at least 90 days in cold
	// storage, so retention_days >= cold_storage_after_days + 90.
	MinColdStorageDays = 90
	// MaxRetentionDays: snapshot backups are kept at most 100 years.
	MaxRetentionDays = 36500
	// MaxContinuousRetentionDays: point-in-time recovery reaches back 1 to
	// 35 days.
	MaxContinuousRetentionDays = 35
	// MinChangeableForDays is Vault Lock's 72-hour cooling-off: AWS Backup
	// refuses a ChangeableForDays below 3.
	MinChangeableForDays = 3
	// DefaultChangeableForDays: a compliance lock without
	// changeable_for_days becomes immutable after the shortest cooling-off.
	DefaultChangeableForDays = MinChangeableForDays
	// MaxLockDays bounds ChangeableForDays and MaxRetentionDays (36500);
	// MinRetentionDays is at least 1.
	MaxLockDays = 36500
	// RequiredRetentionDays and RequiredInterval are BAK-04's bar, the
	// defaults of the AWS Config rule
	// backup-plan-min-frequency-and-min-retention-check.
	RequiredRetentionDays = 35
	RequiredInterval      = 24 * time.Hour
	// MinInterval: AWS Backup takes snapshot backups at most hourly.
	MinInterval = time.Hour
)

// LockMode is the Vault Lock mode.
type LockMode string

// Lock modes. AWS Backup has no mode field: a lock with ChangeableForDays
// is a compliance lock, one without it a governance lock (expand.go).
const (
	// LockCompliance: after changeable_for_days nobody, root included, can
	// shorten retention, delete a recovery point early, remove the lock
	// or delete the vault while it holds recovery points.
	LockCompliance LockMode = "compliance"
	// LockGovernance: users with enough IAM permissions can remove the lock.
	LockGovernance LockMode = "governance"
)

// LockModes are the accepted vault_lock.mode values.
var LockModes = []LockMode{LockCompliance, LockGovernance}

// VaultLock is vault_lock, applied alike to the vault and to every copy
// vault.
type VaultLock struct {
	Mode             LockMode // "" is LockCompliance
	MinRetentionDays int
	MaxRetentionDays int
	// ChangeableForDays is the cooling-off of a compliance lock, at least
	// 3 days (0: DefaultChangeableForDays). Until it ends the lock can be
	// changed or removed; after it nobody, root included, can shorten
	// retention, remove the lock or delete the vault while it holds
	// recovery points. A governance lock has none.
	ChangeableForDays int
}

// Copy is one copy_to destination of a rule.
type Copy struct {
	Region        string
	KMSKeyARN     string
	RetentionDays int // 0: the rule's retention_days
}

// Rule is one element of rules.
type Rule struct {
	Name                    string
	Schedule                string // cron(...); "" only for a continuous rule
	RetentionDays           int
	ColdStorageAfterDays    int // 0: never
	StartWindowMinutes      int // 0: DefaultStartWindowMinutes
	CompletionWindowMinutes int // 0: DefaultCompletionWindowMinutes
	Continuous              bool
	CopyTo                  []Copy
}

// Spec is the plain description of one hipaa_backup_plan.
//
// Attribute paths inside rules name a column: the provider keeps every
// element of rules and of copy_to in place and records an unknown
// rules[i].schedule (or rules[i].copy_to[j].region) as the path
// rules.schedule (rules.copy_to.region), which hides every rule reading
// any rule's schedule. Findings still name the element (rules[1].schedule).
type Spec struct {
	Name              string
	KMSKeyARN         string
	VaultLock         *VaultLock // nil: no vault_lock
	Rules             []Rule
	ResourceARNs      []string
	SelectionTags     map[string]string
	Region, AccountID string
	Partition         string
	Tags, DefaultTags map[string]string
	Exceptions        []compliance.Exception
}

// WithDefaults fills unset values. It copies what it changes: s shares no
// memory with the result that the result writes.
func (s Spec) WithDefaults() Spec {
	if s.Partition == "" {
		s.Partition = "aws"
	}
	if s.VaultLock != nil {
		v := *s.VaultLock
		if v.Mode == "" {
			v.Mode = LockCompliance
		}
		s.VaultLock = &v
	}
	s.Rules = slices.Clone(s.Rules)
	for i := range s.Rules {
		r := &s.Rules[i]
		if r.StartWindowMinutes == 0 {
			r.StartWindowMinutes = DefaultStartWindowMinutes
		}
		if r.CompletionWindowMinutes == 0 {
			r.CompletionWindowMinutes = DefaultCompletionWindowMinutes
		}
		r.CopyTo = slices.Clone(r.CopyTo)
		for j := range r.CopyTo {
			if r.CopyTo[j].RetentionDays == 0 {
				r.CopyTo[j].RetentionDays = r.RetentionDays
			}
		}
	}
	return s
}

// Owner is the hipaa:owner tag value.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }
