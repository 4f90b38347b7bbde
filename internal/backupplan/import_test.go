package backupplan

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

var importEnv = Env{Region: "us-east-1", AccountID: account, Partition: "aws"}

// observedOf is what Observe returns for l as Apply writes it, at time
// now: a compliance lock's cooling-off has just begun.
func observedOf(l Layout, now time.Time) *Observed {
	o := &Observed{Vaults: map[string]*VaultState{},
		Role: &servicerole.State{Inline: servicerole.Inline{Exists: true}, ARN: l.Role.ARN, Trust: l.Role.TrustPolicy, Tags: l.Role.Tags,
			Attached: l.Role.ManagedPolicyARNs},
		Plan:      &PlanState{ID: "plan-1", ARN: "arn:aws:backup:us-east-1:123456789012:backup-plan:plan-1", Rules: l.Rules, Tags: l.Tags(KeyPlan)},
		Selection: &SelectionState{ID: "selection-1", Selection: l.Selection}}
	for _, v := range l.Vaults() {
		st := &VaultState{ARN: v.ARN, KMSKeyARN: v.KMSKeyARN, Policy: v.Policy, Tags: v.Tags}
		if v.Lock != nil {
			k := *v.Lock
			if k.ChangeableForDays > 0 {
				at := now.Add(time.Duration(k.ChangeableForDays) * 24 * time.Hour)
				st.LockDate = &at
			}
			k.ChangeableForDays = 0
			st.Lock = &k
		}
		o.Vaults[v.Key] = st
	}
	return o
}

// importSpec is seedSpec with every argument import reads back: a cold
// storage tier, a continuous rule, selection tags, user and default tags,
// and the resource ARNs in the order AWS returns them.
func importSpec() Spec {
	s := seedSpec()
	s.Rules[0].ColdStorageAfterDays = 365
	s.Rules[0].CopyTo[0].RetentionDays = 400
	s.Rules = append(s.Rules, Rule{Name: "pitr", Continuous: true, RetentionDays: 35})
	s.ResourceARNs = slices.Sorted(slices.Values(s.ResourceARNs))
	s.SelectionTags = map[string]string{"backup": "phi"}
	s.Tags, s.DefaultTags = map[string]string{"team": "records"}, map[string]string{"env": "prod"}
	return s
}

// What a plan built from s reads back as s; a governance lock and no lock
// too. A compliance lock past its cooling-off reads back without
// changeable_for_days and expands to a lock Apply leaves alone.
func TestSpecOf_roundTrip(t *testing.T) {
	now := time.Now()
	governance, unlocked := importSpec(), importSpec()
	governance.VaultLock = &VaultLock{Mode: LockGovernance, MinRetentionDays: 7, MaxRetentionDays: 3000}
	unlocked.VaultLock = nil
	for _, s := range []Spec{importSpec(), governance, unlocked} {
		l, err := Expand(s)
		if err != nil {
			t.Fatal(err)
		}
		want := s.WithDefaults()
		if got := SpecOf(observedOf(l, now), importEnv, s.DefaultTags, s.Name, now); !reflect.DeepEqual(got, want) {
			t.Errorf("SpecOf:\n got %+v\nwant %+v", got, want)
		}
	}
	l, err := Expand(importSpec())
	if err != nil {
		t.Fatal(err)
	}
	got := SpecOf(observedOf(l, now), importEnv, nil, "phi", now.Add(4*24*time.Hour))
	if got.VaultLock == nil || got.VaultLock.ChangeableForDays != 0 || got.VaultLock.Mode != LockCompliance {
		t.Fatalf("lock past its cooling-off: %+v", got.VaultLock)
	}
	back, err := Expand(got)
	if err != nil || !sameLock(back.Vault.Lock, l.Vault.Lock) {
		t.Errorf("expanded lock %+v (%v), want one like %+v", back.Vault.Lock, err, l.Vault.Lock)
	}
}
