package backupplan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Child keys. A copy vault's keys carry its region (CopyVaultKey); a role
// attachment's the policy's name (AttachmentKey).
const (
	KeyVault     = "vault"
	KeyRole      = "role"
	KeyPlan      = "plan"
	KeySelection = "selection"
)

// CopyVaultKey is the key of the copy vault in region: "copy/<region>/vault".
func CopyVaultKey(region string) string { return "copy/" + region + "/vault" }

// AttachmentKey is the key of the role's attachment of a managed policy:
// "role/policy/<policy name>".
func AttachmentKey(policyARN string) string {
	return KeyRole + "/policy/" + policyARN[strings.LastIndex(policyARN, "/")+1:]
}

// MaxVaultNameLen is the longest backup vault name AWS accepts.
const MaxVaultNameLen = 50

// Layout is the expansion of a Spec: everything the executor creates.
type Layout struct {
	Name, Owner       string
	BaseTags          map[string]string
	Partition, Region string
	AccountID         string
	Vault             Vault   // in Region
	CopyVaults        []Vault // one per copy_to region, by region
	Role              Role
	PlanName          string
	Rules             []PlanRule
	Selection         Selection
	// Placements holds, for every child key, its region and whether
	// destroy keeps it.
	Placements map[string]Placement
}

// Placement is where a child lives and what destroy does with it.
type Placement struct {
	Region string // "" for IAM, which is global
	// Retain: destroy keeps the child. It keeps every vault, with its lock
	// and access policy, and so the recovery points; it deletes the
	// selection, the plan, the role and its attachments.
	Retain bool
}

// Vault is one backup vault with its lock and access policy.
type Vault struct {
	Key       string
	Name      string
	Region    string
	ARN       string
	KMSKeyARN string
	Lock      *Lock  // nil: no vault_lock
	Policy    string // the vault access policy (BAK-02)
	Tags      map[string]string
}

// LockKey is the key of the vault's lock.
func (v Vault) LockKey() string { return v.Key + "/lock" }

// PolicyKey is the key of the vault's access policy.
func (v Vault) PolicyKey() string { return v.Key + "/policy" }

// Lock is the PutBackupVaultLockConfiguration input of a vault.
type Lock struct {
	Mode             LockMode
	MinRetentionDays int
	MaxRetentionDays int
	// ChangeableForDays makes the lock a compliance lock; 0 leaves it out
	// of the call, which makes a governance lock.
	ChangeableForDays int
}

// Role is the backup role the selection runs under: AWS-managed policies
// only, no customer-managed or inline policy.
type Role struct {
	Name, Path, ARN   string
	TrustPolicy       string
	ManagedPolicyARNs []string
	Tags              map[string]string
}

// PlanRule is one rule of the plan, as CreateBackupPlan takes it.
type PlanRule struct {
	Name string
	// ScheduleExpression is "" only for a continuous rule without one:
	// AWS Backup then applies its default, cron(0 5 ? * * *).
	ScheduleExpression         string
	StartWindowMinutes         int
	CompletionWindowMinutes    int
	DeleteAfterDays            int
	MoveToColdStorageAfterDays int // 0: none
	EnableContinuousBackup     bool
	TargetVaultName            string
	Copies                     []CopyAction
}

// CopyAction copies a rule's recovery points to a copy vault.
type CopyAction struct {
	Region              string
	DestinationVaultARN string
	DeleteAfterDays     int
}

// Selection is the plan's backup selection. AWS Backup selects what
// Resources names or what carries any of Tags.
type Selection struct {
	Name      string
	RoleARN   string
	Resources []string       // sorted
	Tags      []TagCondition // by key: ListOfTags, STRINGEQUALS
}

// TagCondition selects the resources carrying tag Key with Value.
type TagCondition struct{ Key, Value string }

// Tags is the tag set of a child.
func (l Layout) Tags(key string) map[string]string { return tags.WithChild(l.BaseTags, key) }

// Vaults are the plan's vault, then the copy vaults.
func (l Layout) Vaults() []Vault { return append([]Vault{l.Vault}, l.CopyVaults...) }

// PlanARN is the ARN of the plan AWS Backup gave id.
func (l Layout) PlanARN(id string) string {
	return fmt.Sprintf("arn:%s:backup:%s:%s:backup-plan:%s", l.Partition, l.Region, l.AccountID, id)
}

// VaultARN is the ARN of vault name in region.
func VaultARN(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:backup:%s:%s:backup-vault:%s", partition, region, account, name)
}

// CopyVaultName is the vault in another region that receives the copies
// of plan name in region: "<name>-from-<region>". The plan's region keeps
// apart the copy vaults of same-named plans of several regions.
func CopyVaultName(name, region string) string {
	return s3bucket.FitName(name+"-from", "-"+region, MaxVaultNameLen)
}

// RoleName is the backup role of plan name in region (IAM names are
// global, so the region is part of it).
func RoleName(name, region string) string {
	return s3bucket.FitName("hipaa-backup-"+name, "-"+region, 64)
}

// Expand turns a valid spec into its layout: it refuses input errors and
// violations no exception waives.
func Expand(s Spec) (Layout, error) {
	s = s.WithDefaults()
	if err := compliance.Refusal(ResourceType, s.Name, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	return expand(s), nil
}

func expand(s Spec) Layout {
	l := Layout{Name: s.Name, Owner: s.Owner(), BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), Partition: s.Partition,
		Region: s.Region, AccountID: s.AccountID, PlanName: s.Name}
	l.Vault = l.vault(KeyVault, s.Name, s.Region, s.KMSKeyARN, s.VaultLock)
	copyKeys := map[string]string{} // region -> key, from the first copy naming it
	for _, r := range s.Rules {
		for _, c := range r.CopyTo {
			if _, ok := copyKeys[c.Region]; !ok {
				copyKeys[c.Region] = c.KMSKeyARN
			}
		}
	}
	for _, region := range slices.Sorted(maps.Keys(copyKeys)) {
		l.CopyVaults = append(l.CopyVaults, l.vault(CopyVaultKey(region), CopyVaultName(s.Name, s.Region), region, copyKeys[region], s.VaultLock))
	}
	l.Role = Role{Name: RoleName(s.Name, s.Region), Path: servicerole.PolicyPath, TrustPolicy: trustPolicy(),
		ManagedPolicyARNs: managedPolicyARNs(s.Partition, selectsS3(s)), Tags: l.Tags(KeyRole)}
	l.Role.ARN = fmt.Sprintf("arn:%s:iam::%s:role%s%s", s.Partition, s.AccountID, l.Role.Path, l.Role.Name)
	for _, r := range s.Rules {
		pr := PlanRule{Name: r.Name, ScheduleExpression: r.Schedule, StartWindowMinutes: r.StartWindowMinutes,
			CompletionWindowMinutes: r.CompletionWindowMinutes, DeleteAfterDays: r.RetentionDays,
			MoveToColdStorageAfterDays: r.ColdStorageAfterDays, EnableContinuousBackup: r.Continuous, TargetVaultName: l.Vault.Name}
		for _, c := range r.CopyTo {
			pr.Copies = append(pr.Copies, CopyAction{Region: c.Region, DeleteAfterDays: c.RetentionDays,
				DestinationVaultARN: VaultARN(s.Partition, c.Region, s.AccountID, CopyVaultName(s.Name, s.Region))})
		}
		l.Rules = append(l.Rules, pr)
	}
	l.Selection = Selection{Name: s.Name, RoleARN: l.Role.ARN, Resources: lists.SortedUnique(s.ResourceARNs)}
	for _, k := range slices.Sorted(maps.Keys(s.SelectionTags)) {
		l.Selection.Tags = append(l.Selection.Tags, TagCondition{Key: k, Value: s.SelectionTags[k]})
	}
	l.Placements = l.placements()
	return l
}

// vault is one vault with its own copy of the lock.
func (l Layout) vault(key, name, region, keyARN string, v *VaultLock) Vault {
	return Vault{Key: key, Name: name, Region: region, ARN: VaultARN(l.Partition, region, l.AccountID, name), KMSKeyARN: keyARN,
		Lock: lock(v), Policy: vaultPolicy(), Tags: l.Tags(key)}
}

// lock derives the API input from vault_lock: AWS Backup has no mode, a
// lock with ChangeableForDays is a compliance lock and one without it a
// governance lock.
func lock(v *VaultLock) *Lock {
	if v == nil {
		return nil
	}
	out := &Lock{Mode: v.Mode, MinRetentionDays: v.MinRetentionDays, MaxRetentionDays: v.MaxRetentionDays}
	if v.Mode == LockCompliance {
		out.ChangeableForDays = cmp.Or(v.ChangeableForDays, DefaultChangeableForDays)
	}
	return out
}

// selectsS3 reports whether the selection may hold an S3 bucket: an S3
// ARN, or any selection tag (a tag may be on a bucket).
func selectsS3(s Spec) bool {
	if len(s.SelectionTags) > 0 {
		return true
	}
	for _, a := range s.ResourceARNs {
		if m := arnRE.FindStringSubmatch(a); m != nil && m[1] == "s3" {
			return true
		}
	}
	return false
}

func (l Layout) placements() map[string]Placement {
	m := map[string]Placement{}
	for _, v := range l.Vaults() {
		at := Placement{Region: v.Region, Retain: true}
		m[v.Key], m[v.PolicyKey()] = at, at
		if v.Lock != nil {
			m[v.LockKey()] = at
		}
	}
	m[KeyRole] = Placement{}
	for _, arn := range l.Role.ManagedPolicyARNs {
		m[AttachmentKey(arn)] = Placement{}
	}
	m[KeyPlan] = Placement{Region: l.Region}
	m[KeySelection] = Placement{Region: l.Region}
	return m
}
