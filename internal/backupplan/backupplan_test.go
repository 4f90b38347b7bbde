package backupplan

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

const (
	account   = "123456789012"
	keyEast   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	keyWest   = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
	keyIrl    = "arn:aws:kms:eu-west-1:123456789012:key/22222222-3333-4444-5555-666666666666"
	dbARN     = "arn:aws:rds:us-east-1:123456789012:db:phi-records"
	bucketARN = "arn:aws:s3:::phi-scans"
)

// seedSpec is the seed's plan: daily backups kept 730 days (24 months)
// and copied to a second region, intra-day snapshots every 6 hours kept
// 14 days, in a compliance-locked vault.
func seedSpec() Spec {
	return Spec{Name: "phi", KMSKeyARN: keyEast,
		VaultLock: &VaultLock{Mode: LockCompliance, MinRetentionDays: 14, MaxRetentionDays: 2555, ChangeableForDays: 3},
		Rules: []Rule{
			{Name: "daily", Schedule: "cron(0 5 ? * * *)", RetentionDays: 730, CopyTo: []Copy{{Region: "us-west-2", KMSKeyARN: keyWest}}},
			{Name: "intra-day", Schedule: "cron(0 0/6 * * ? *)", RetentionDays: 14},
		},
		ResourceARNs: []string{bucketARN, dbARN},
		Region:       "us-east-1", AccountID: account}
}

func TestSeedPlan_compliant(t *testing.T) {
	s := seedSpec()
	if errs := Validate(s); len(errs) > 0 {
		t.Fatalf("input errors: %v", errs)
	}
	if v := Check(s); len(v) > 0 {
		t.Fatalf("violations without any exception: %v", v)
	}
	// The intra-day rule in the form "*/6" is the same schedule.
	s.Rules[1].Schedule = "cron(0 */6 * * ? *)"
	if f := Evaluate(s, compliance.Unknown{}); len(f.Input)+len(f.Violations) > 0 {
		t.Fatalf("*/6: %+v", f)
	}
	if _, err := Expand(s); err != nil {
		t.Fatal(err)
	}
}

// BAK-04 judges the plan: the intra-day rule alone (14 days) falls short,
// the daily rule alone passes, and a weekly rule beside it does not
// matter.
func TestCheck_frequencyAndRetentionPerPlan(t *testing.T) {
	bak04 := func(s Spec) bool {
		for _, v := range Check(s) {
			if v.Control == "BAK-04" && v.Attribute == "rules" && strings.Contains(v.Detail, "at least daily") {
				return true
			}
		}
		return false
	}
	s := seedSpec()
	s.Rules = s.Rules[1:]
	s.Rules[0].CopyTo = []Copy{{Region: "us-west-2", KMSKeyARN: keyWest}}
	if !bak04(s) {
		t.Error("intra-day snapshots kept 14 days alone pass BAK-04")
	}
	s = seedSpec()
	s.Rules = append(s.Rules[:1], Rule{Name: "weekly", Schedule: "cron(0 6 ? * SUN *)", RetentionDays: 2555})
	if bak04(s) {
		t.Errorf("a weekly rule beside the daily one is refused: %v", Check(s))
	}
	s = seedSpec()
	s.Rules = []Rule{{Name: "pitr", Continuous: true, RetentionDays: 35, CopyTo: s.Rules[0].CopyTo}}
	s.VaultLock.MaxRetentionDays = 35
	if bak04(s) || len(Validate(s)) > 0 {
		t.Errorf("continuous backups kept 35 days: %v %v", Validate(s), Check(s))
	}
}

func TestExpand_seed(t *testing.T) {
	l, err := Expand(seedSpec())
	if err != nil {
		t.Fatal(err)
	}
	if l.Vault.Name != "phi" || l.Vault.ARN != "arn:aws:backup:us-east-1:123456789012:backup-vault:phi" || l.Vault.KMSKeyARN != keyEast || l.Vault.Region != "us-east-1" {
		t.Errorf("vault %+v", l.Vault)
	}
	if len(l.CopyVaults) != 1 {
		t.Fatalf("copy vaults %+v", l.CopyVaults)
	}
	c := l.CopyVaults[0]
	if c.Key != "copy/us-west-2/vault" || c.Name != "phi-from-us-east-1" || c.Region != "us-west-2" || c.KMSKeyARN != keyWest ||
		c.ARN != "arn:aws:backup:us-west-2:123456789012:backup-vault:phi-from-us-east-1" {
		t.Errorf("copy vault %+v", c)
	}
	want := Lock{Mode: LockCompliance, MinRetentionDays: 14, MaxRetentionDays: 2555, ChangeableForDays: 3}
	if l.Vault.Lock == nil || *l.Vault.Lock != want || c.Lock == nil || *c.Lock != want || l.Vault.Lock == c.Lock {
		t.Errorf("locks %+v %+v, want each its own %+v", l.Vault.Lock, c.Lock, want)
	}
	if l.Vault.Policy != vaultPolicy() || c.Policy != vaultPolicy() {
		t.Error("a vault lacks the access policy")
	}
	if l.Role.Name != "hipaa-backup-phi-us-east-1" || l.Role.Path != "/hipaa/" ||
		l.Role.ARN != "arn:aws:iam::123456789012:role/hipaa/hipaa-backup-phi-us-east-1" {
		t.Errorf("role %+v", l.Role)
	}
	wantPolicies := []string{
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
	}
	if !slices.Equal(l.Role.ManagedPolicyARNs, wantPolicies) {
		t.Errorf("managed policies %v", l.Role.ManagedPolicyARNs)
	}
	wantRules := []PlanRule{
		{Name: "daily", ScheduleExpression: "cron(0 5 ? * * *)", StartWindowMinutes: 60, CompletionWindowMinutes: 10080, DeleteAfterDays: 730,
			TargetVaultName: "phi", Copies: []CopyAction{{Region: "us-west-2", DestinationVaultARN: c.ARN, DeleteAfterDays: 730}}},
		{Name: "intra-day", ScheduleExpression: "cron(0 0/6 * * ? *)", StartWindowMinutes: 60, CompletionWindowMinutes: 10080, DeleteAfterDays: 14,
			TargetVaultName: "phi"},
	}
	if !reflect.DeepEqual(l.Rules, wantRules) {
		t.Errorf("rules\n got  %+v\n want %+v", l.Rules, wantRules)
	}
	wantSel := Selection{Name: "phi", RoleARN: l.Role.ARN, Resources: []string{dbARN, bucketARN}}
	if !reflect.DeepEqual(l.Selection, wantSel) {
		t.Errorf("selection %+v", l.Selection)
	}
	if l.PlanName != "phi" || l.Owner != "hipaa_backup_plan/phi" {
		t.Errorf("plan %q owner %q", l.PlanName, l.Owner)
	}
	for key, tg := range map[string]map[string]string{"vault": l.Vault.Tags, "copy/us-west-2/vault": c.Tags, "role": l.Role.Tags, "plan": l.Tags(KeyPlan)} {
		if tg["hipaa:child"] != key || tg["hipaa:owner"] != "hipaa_backup_plan/phi" || tg["hipaa:managed-by"] == "" {
			t.Errorf("tags of %s: %v", key, tg)
		}
	}
}

// Copies to one region share its vault; each region has one.
func TestExpand_copyVaultPerRegion(t *testing.T) {
	s := seedSpec()
	s.Rules[0].CopyTo = append(s.Rules[0].CopyTo, Copy{Region: "eu-west-1", KMSKeyARN: keyIrl, RetentionDays: 365})
	s.Rules[1].CopyTo = []Copy{{Region: "us-west-2", KMSKeyARN: keyWest}}
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	var regions []string
	for _, v := range l.CopyVaults {
		regions = append(regions, v.Region)
		if v.Key != CopyVaultKey(v.Region) || v.Name != "phi-from-us-east-1" || v.Lock == nil {
			t.Errorf("copy vault %+v", v)
		}
	}
	if !slices.Equal(regions, []string{"eu-west-1", "us-west-2"}) {
		t.Errorf("copy regions %v", regions)
	}
	if got := l.Rules[1].Copies; len(got) != 1 || got[0].DestinationVaultARN != l.CopyVaults[1].ARN || got[0].DeleteAfterDays != 14 {
		t.Errorf("intra-day copies %+v", got)
	}
	if got := l.Rules[0].Copies[1]; got.DestinationVaultARN != l.CopyVaults[0].ARN || got.DeleteAfterDays != 365 {
		t.Errorf("daily copy to eu-west-1 %+v", got)
	}
	checkChildren(t, l)
}

// checkChildren: keys unique, every DependsOn key earlier (so no cycle),
// every kind used by a known Kind, and Placements covering exactly the
// children: the vaults, locks and access policies kept on destroy, the
// rest deleted.
func checkChildren(t *testing.T, l Layout) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range l.Children() {
		if seen[c.Key] {
			t.Errorf("duplicate key %s", c.Key)
		}
		for _, d := range c.DependsOn {
			if !seen[d] {
				t.Errorf("%s depends on %s, which does not come earlier", c.Key, d)
			}
		}
		seen[c.Key] = true
		if !slices.Contains(Kinds, c.Kind) {
			t.Errorf("%s has unknown kind %s", c.Key, c.Kind)
		}
		p, ok := l.Placements[c.Key]
		if !ok {
			t.Errorf("%s has no placement", c.Key)
		}
		vaultish := c.Kind == KindVault || c.Kind == KindVaultLock || c.Kind == KindVaultPolicy
		if p.Retain != vaultish {
			t.Errorf("%s (%s) retained %v", c.Key, c.Kind, p.Retain)
		}
		switch {
		case strings.HasPrefix(c.Key, "copy/"):
			if region := strings.Split(c.Key, "/")[1]; p.Region != region {
				t.Errorf("%s lives in %q", c.Key, p.Region)
			}
		case c.Kind == KindIAMRole || c.Kind == KindRoleAttachment:
			if p.Region != "" {
				t.Errorf("%s (IAM) lives in %q", c.Key, p.Region)
			}
		case p.Region != l.Region:
			t.Errorf("%s lives in %q", c.Key, p.Region)
		}
	}
	if len(l.Placements) != len(seen) {
		t.Errorf("%d placements for %d children", len(l.Placements), len(seen))
	}
}

func TestChildren(t *testing.T) {
	l, err := Expand(seedSpec())
	if err != nil {
		t.Fatal(err)
	}
	checkChildren(t, l)
	var keys []string
	deps := map[string][]string{}
	kinds := map[Kind]bool{}
	for _, c := range l.Children() {
		keys = append(keys, c.Key)
		deps[c.Key] = c.DependsOn
		kinds[c.Kind] = true
	}
	want := []string{"vault", "vault/lock", "vault/policy", "copy/us-west-2/vault", "copy/us-west-2/vault/lock", "copy/us-west-2/vault/policy",
		"role", "role/policy/AWSBackupServiceRolePolicyForBackup", "role/policy/AWSBackupServiceRolePolicyForRestores",
		"role/policy/AWSBackupServiceRolePolicyForS3Backup", "role/policy/AWSBackupServiceRolePolicyForS3Restore", "plan", "selection"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys\n got  %q\n want %q", keys, want)
	}
	if !slices.Equal(deps["plan"], []string{"vault", "copy/us-west-2/vault"}) || !slices.Equal(deps["selection"], []string{"plan", "role"}) {
		t.Errorf("plan needs %v, selection needs %v", deps["plan"], deps["selection"])
	}
	if len(kinds) != len(Kinds) {
		t.Errorf("kinds used %v, declared %v", kinds, Kinds)
	}
}

// Without a lock there is no lock child; a governance lock has no
// ChangeableForDays; without an S3 bucket or selection tag the role has
// no S3 policies; a continuous rule may leave its schedule to AWS Backup.
func TestExpand_variants(t *testing.T) {
	s := seedSpec()
	s.VaultLock = nil
	s.ResourceARNs = []string{dbARN}
	s.Rules = append(s.Rules, Rule{Name: "pitr", Continuous: true, RetentionDays: 35})
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	checkChildren(t, l)
	for _, c := range l.Children() {
		if c.Kind == KindVaultLock {
			t.Errorf("lock child %s without vault_lock", c.Key)
		}
	}
	if len(l.Role.ManagedPolicyARNs) != 2 || strings.Contains(strings.Join(l.Role.ManagedPolicyARNs, ","), "S3") {
		t.Errorf("managed policies %v", l.Role.ManagedPolicyARNs)
	}
	if r := l.Rules[2]; r.ScheduleExpression != "" || !r.EnableContinuousBackup || r.DeleteAfterDays != 35 {
		t.Errorf("continuous rule %+v", r)
	}
	s = seedSpec()
	s.VaultLock = &VaultLock{Mode: LockGovernance, MinRetentionDays: 7, MaxRetentionDays: 1000}
	s.ResourceARNs, s.SelectionTags = nil, map[string]string{"backup": "phi"}
	s.Partition = "aws-us-gov"
	s.Region, s.KMSKeyARN = "us-gov-west-1", "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	s.Rules[0].CopyTo = []Copy{{Region: "us-gov-east-1", KMSKeyARN: "arn:aws-us-gov:kms:us-gov-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"}}
	if l, err = Expand(s); err != nil {
		t.Fatal(err)
	}
	if want := (Lock{Mode: LockGovernance, MinRetentionDays: 7, MaxRetentionDays: 1000}); *l.Vault.Lock != want || *l.CopyVaults[0].Lock != want {
		t.Errorf("governance lock %+v", *l.Vault.Lock)
	}
	if !reflect.DeepEqual(l.Selection.Tags, []TagCondition{{"backup", "phi"}}) || len(l.Selection.Resources) != 0 {
		t.Errorf("selection %+v", l.Selection)
	}
	if len(l.Role.ManagedPolicyARNs) != 4 || !strings.HasPrefix(l.Role.ManagedPolicyARNs[0], "arn:aws-us-gov:iam::aws:policy/") {
		t.Errorf("a tag may select a bucket: managed policies %v", l.Role.ManagedPolicyARNs)
	}
	if !strings.HasPrefix(l.Vault.ARN, "arn:aws-us-gov:backup:us-gov-west-1:") || !strings.HasPrefix(l.Role.ARN, "arn:aws-us-gov:iam::") {
		t.Errorf("ARNs %s %s", l.Vault.ARN, l.Role.ARN)
	}
	// A compliance lock without changeable_for_days gets the shortest
	// cooling-off.
	s = seedSpec()
	s.VaultLock.ChangeableForDays = 0
	if l, err = Expand(s); err != nil || l.Vault.Lock.ChangeableForDays != DefaultChangeableForDays {
		t.Errorf("default cooling-off: %v %+v", err, l.Vault.Lock)
	}
}

// The longest name fits every derived name without shortening it.
func TestExpand_longestName(t *testing.T) {
	s := seedSpec()
	s.Name = strings.Repeat("n", MaxNameLen)
	s.Rules[0].CopyTo[0] = Copy{Region: "ap-southeast-4", KMSKeyARN: "arn:aws:kms:ap-southeast-4:123456789012:key/11111111-2222-3333-4444-555555555555"}
	s.Region, s.KMSKeyARN = "us-isob-east-1", "arn:aws:kms:us-isob-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	if name := l.CopyVaults[0].Name; name != s.Name+"-from-us-isob-east-1" || len(name) > MaxVaultNameLen {
		t.Errorf("copy vault name %q (%d)", name, len(name))
	}
	if l.Role.Name != "hipaa-backup-"+s.Name+"-us-isob-east-1" || len(l.Role.Name) > 64 {
		t.Errorf("role name %q", l.Role.Name)
	}
	s.Name += "n"
	if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), "name:") {
		t.Errorf("a name of %d characters: %v", len(s.Name), err)
	}
}

func TestExpand_refuses(t *testing.T) {
	for name, mod := range map[string]func(*Spec){
		"input error":        func(s *Spec) { s.Rules[0].Schedule = "cron(0 5 * * *)" },
		"hard violation":     func(s *Spec) { s.KMSKeyARN = "" },
		"empty selection":    func(s *Spec) { s.ResourceARNs = nil },
		"copy key elsewhere": func(s *Spec) { s.Rules[0].CopyTo[0].KMSKeyARN = keyEast },
	} {
		s := seedSpec()
		mod(&s)
		if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), `expanding hipaa_backup_plan "phi"`) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A waivable violation is the provider's to refuse or report.
	s := seedSpec()
	s.VaultLock = nil
	if _, err := Expand(s); err != nil {
		t.Errorf("no lock (BAK-03, waivable): %v", err)
	}
}

func TestVaultPolicy(t *testing.T) {
	var doc struct {
		Version   string
		Statement []map[string]any
	}
	if err := json.Unmarshal([]byte(vaultPolicy()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) != 1 {
		t.Fatalf("policy %s", vaultPolicy())
	}
	st := doc.Statement[0]
	// backup-recovery-point-manual-deletion-disabled: a Deny of the three
	// actions, principal and resource "*".
	if st["Effect"] != "Deny" || st["Principal"] != "*" || st["Resource"] != "*" {
		t.Errorf("statement %v", st)
	}
	var actions []string
	for _, a := range st["Action"].([]any) {
		actions = append(actions, a.(string))
	}
	if !slices.Equal(actions, []string{"backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle"}) {
		t.Errorf("actions %v", actions)
	}
	if strings.Contains(vaultPolicy(), "DeleteBackupVaultAccessPolicy") || strings.Contains(vaultPolicy(), `"Allow"`) {
		t.Errorf("policy %s", vaultPolicy())
	}
}

func TestRole(t *testing.T) {
	l, err := Expand(seedSpec())
	if err != nil {
		t.Fatal(err)
	}
	r := l.role()
	if r.RoleARN() != l.Role.ARN || r.PolicyName != "" || r.PolicyDocument != "" || !slices.Equal(r.ManagedPolicyARNs, l.Role.ManagedPolicyARNs) {
		t.Errorf("servicerole spec %+v", r)
	}
	var trust struct{ Statement []map[string]any }
	if err := json.Unmarshal([]byte(r.TrustPolicy), &trust); err != nil || len(trust.Statement) != 1 {
		t.Fatalf("trust %s: %v", r.TrustPolicy, err)
	}
	if p := trust.Statement[0]["Principal"].(map[string]any); p["Service"] != "backup.amazonaws.com" || trust.Statement[0]["Action"] != "sts:AssumeRole" {
		t.Errorf("trust %s", r.TrustPolicy)
	}
	for _, arn := range l.Role.ManagedPolicyARNs {
		if k := AttachmentKey(arn); !strings.HasPrefix(k, "role/policy/AWSBackupServiceRolePolicyFor") {
			t.Errorf("attachment key %s", k)
		}
	}
}

// WithDefaults writes nothing its argument shares.
func TestWithDefaults_copies(t *testing.T) {
	s := seedSpec()
	s.VaultLock.Mode = ""
	d := s.WithDefaults()
	if s.VaultLock.Mode != "" || s.Rules[0].StartWindowMinutes != 0 || s.Rules[0].CopyTo[0].RetentionDays != 0 {
		t.Errorf("WithDefaults changed its argument: %+v", s)
	}
	if d.VaultLock.Mode != LockCompliance || d.Rules[0].StartWindowMinutes != 60 || d.Rules[0].CompletionWindowMinutes != 10080 ||
		d.Rules[0].CopyTo[0].RetentionDays != 730 || d.Partition != "aws" {
		t.Errorf("defaults %+v", d)
	}
}
