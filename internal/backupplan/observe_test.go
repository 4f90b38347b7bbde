package backupplan

import (
	"strings"
	"testing"
	"time"
)

// Drift is empty for the children as Apply writes them, and each change
// gives a line naming the child and the control.
func TestDrift(t *testing.T) {
	l, err := Expand(importSpec())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if d := Drift(l, observedOf(l, now)); len(d) > 0 {
		t.Fatalf("drift of the layout itself: %v", d)
	}
	copyKey := CopyVaultKey("us-west-2")
	for want, change := range map[string]func(o *Observed){
		"backup vault phi (vault) in us-east-1 is missing (BAK-01)":                           func(o *Observed) { o.Vaults[KeyVault] = nil },
		"backup vault phi-from-us-east-1 (copy/us-west-2/vault): Vault Lock removed (BAK-03)": func(o *Observed) { o.Vaults[copyKey].Lock = nil },
		"Vault Lock is governance, 14 to 2555 days, want compliance, 14 to 2555 days (BAK-03)": func(o *Observed) {
			o.Vaults[KeyVault].Lock.Mode, o.Vaults[KeyVault].LockDate = LockGovernance, nil
		},
		"backup vault phi (vault): access policy removed: recovery points can be deleted by hand (BAK-02)": func(o *Observed) { o.Vaults[KeyVault].Policy = "" },
		"access policy differs from the one denying manual deletion of recovery points (BAK-02)": func(o *Observed) {
			o.Vaults[copyKey].Policy = strings.Replace(o.Vaults[copyKey].Policy, "backup:DeleteRecoveryPoint", "backup:Nothing", 1)
		},
		"encrypted with " + keyWest + ", want " + keyEast + " (BAK-01)": func(o *Observed) { o.Vaults[KeyVault].KMSKeyARN = keyWest },
		"backup plan phi: rule daily changed": func(o *Observed) {
			o.Plan.Rules = append([]PlanRule{}, o.Plan.Rules...)
			o.Plan.Rules[0].Copies = nil
		},
		"backup plan phi: rule intra-day removed (BAK-04)":                             func(o *Observed) { o.Plan.Rules = o.Plan.Rules[:1] },
		"backup plan phi: tags differ (missing team)":                                  func(o *Observed) { delete(o.Plan.Tags, "team") },
		"backup selection phi of plan phi removed: the plan backs up nothing (BAK-05)": func(o *Observed) { o.Selection = nil },
		"backup selection phi of plan phi selects other resources":                     func(o *Observed) { o.Selection.Resources = o.Selection.Resources[1:] },
		"role hipaa-backup-phi-us-east-1 is missing":                                   func(o *Observed) { o.Role = nil },
	} {
		o := observedOf(l, now)
		change(o)
		if d := strings.Join(Drift(l, o), "\n"); !strings.Contains(d, want) {
			t.Errorf("drift lacks %q:\n%s", want, d)
		}
	}
}
