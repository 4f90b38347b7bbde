package backupplan

import (
	"context"
	"fmt"
	"sync"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Observed is what exists of one hipaa_backup_plan.
type Observed struct {
	Vaults    map[string]*VaultState // by key; nil entry: missing
	Role      *servicerole.State     // nil when missing
	Plan      *PlanState
	Selection *SelectionState // the plan's selection of the layout's name; nil when missing
}

// Observe reads every vault (DescribeBackupVault, its access policy and
// tags, at once), the role (servicerole.Read) and the plan (found by name
// and owner tag; then its rules beside its selection), all at once. A
// missing plan is NotFound: the resource is gone; a plan of that name
// with another owner is a tags.ForeignError.
func Observe(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	x := Executor{c}
	o := &Observed{Vaults: map[string]*VaultState{}}
	var mu sync.Mutex
	vaults := map[string]Vault{}
	keys := []string{KeyRole, KeyPlan}
	for _, v := range l.Vaults() {
		vaults[v.Key] = v
		keys = append(keys, v.Key)
	}
	err := executor.Each(ctx, 0, l.Owner, keys, func(ctx context.Context, key string) error {
		switch key {
		case KeyRole:
			st, err := servicerole.Read(ctx, c.IAM, l.role())
			if err != nil && !awsclient.IsNotFound(err) {
				return x.fail("reading", "IAM role", key, l, err)
			}
			o.Role = st // only this goroutine writes it
		case KeyPlan:
			return x.observePlan(ctx, l, o)
		default:
			st, err := x.observeVault(ctx, l, vaults[key])
			if err != nil {
				return err
			}
			mu.Lock()
			o.Vaults[key] = st
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if o.Plan == nil {
		return nil, &awsclient.NotFoundError{Kind: "backup plan", ID: l.PlanName}
	}
	return o, nil
}

// observeVault reads vault v, its access policy and its tags at once; nil
// when the vault is missing.
func (x Executor) observeVault(ctx context.Context, l Layout, v Vault) (*VaultState, error) {
	c, err := x.vaultClient(l, v)
	if err != nil {
		return nil, err
	}
	var st *VaultState
	var policy string
	var t map[string]string
	err = executor.All(
		func() (err error) { st, err = describeVault(ctx, c, v.Name); return err },
		func() (err error) { policy, err = getPolicy(ctx, c, v.Name); return err },
		func() (err error) { t, err = listTags(ctx, c, v.ARN); return err })
	if err != nil {
		return nil, x.fail("reading", "backup vault", v.Key, l, err)
	}
	if st != nil {
		st.Policy, st.Tags = policy, t
	}
	return st, nil
}

// observePlan finds the plan, then reads its rules beside its selection.
func (x Executor) observePlan(ctx context.Context, l Layout, o *Observed) error {
	c := x.Backup
	p, err := findPlan(ctx, c, l.PlanName, l.Owner)
	if err != nil {
		return x.fail("finding", "backup plan", KeyPlan, l, err)
	}
	if p == nil {
		return nil
	}
	err = executor.All(
		func() (err error) {
			if p.Rules, err = getRules(ctx, c, p.ID); err != nil {
				return x.fail("reading", "backup plan", KeyPlan, l, err)
			}
			return nil
		},
		func() error {
			ids, err := findSelections(ctx, c, p.ID, l.Selection.Name)
			if err == nil && len(ids) > 0 {
				o.Selection, err = getSelection(ctx, c, p.ID, ids[0])
			}
			if err != nil && !notFound(err) {
				return x.fail("reading", "backup selection", KeySelection, l, err)
			}
			return nil
		})
	o.Plan = p
	return err
}

// Calls is how many AWS calls Observe makes for l when every child exists
// (and no other plan has its name): what a refresh costs.
func Calls(l Layout) int {
	const perVault = 3 // DescribeBackupVault, GetBackupVaultAccessPolicy, ListTags
	const plan = 5     // ListBackupPlans, ListTags, GetBackupPlan, ListBackupSelections, GetBackupSelection
	return perVault*len(l.Vaults()) + servicerole.ReadCalls(l.role()) + plan
}

// Drift lists how the observed children differ from the layout, each line
// naming the child and the control.
func Drift(l Layout, o *Observed) []string {
	var d []string
	for _, v := range l.Vaults() {
		d = append(d, vaultDrift(v, o.Vaults[v.Key])...)
	}
	d = append(d, servicerole.Drift(l.role(), o.Role)...)
	d = append(d, planDrift(l, o.Plan)...)
	switch s := o.Selection; {
	case s == nil:
		d = append(d, fmt.Sprintf("backup selection %s of plan %s removed: the plan backs up nothing (BAK-05)", l.Selection.Name, l.PlanName))
	case !sameSelection(l.Selection, s):
		d = append(d, fmt.Sprintf("backup selection %s of plan %s selects other resources, or under another role (BAK-05)", l.Selection.Name, l.PlanName))
	}
	return d
}

func vaultDrift(v Vault, got *VaultState) []string {
	if got == nil {
		return []string{fmt.Sprintf("backup vault %s (%s) in %s is missing (BAK-01)", v.Name, v.Key, v.Region)}
	}
	var d []string
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("backup vault %s (%s): ", v.Name, v.Key)+fmt.Sprintf(format, args...))
	}
	if got.KMSKeyARN != v.KMSKeyARN {
		add("encrypted with %s, want %s (BAK-01)", got.KMSKeyARN, v.KMSKeyARN)
	}
	switch {
	case v.Lock != nil && got.Lock == nil:
		add("Vault Lock removed (BAK-03)")
	case v.Lock != nil && !sameLock(v.Lock, got.Lock):
		add("Vault Lock is %s, want %s (BAK-03)", got.Lock, v.Lock)
	}
	switch {
	case got.Policy == "":
		add("access policy removed: recovery points can be deleted by hand (BAK-02)")
	case !s3bucket.SamePolicy(got.Policy, v.Policy):
		add("access policy differs from the one denying manual deletion of recovery points (BAK-02)")
	}
	if t := tags.Describe(v.Tags, got.Tags); t != "" {
		add("tags differ (%s)", t)
	}
	return d
}

func planDrift(l Layout, p *PlanState) []string {
	var d []string
	add := func(format string, args ...any) {
		d = append(d, fmt.Sprintf("backup plan %s: ", l.PlanName)+fmt.Sprintf(format, args...))
	}
	for _, w := range l.Rules {
		switch g := ruleNamed(p.Rules, w.Name); {
		case g == nil:
			add("rule %s removed (BAK-04)", w.Name)
		case !sameRule(w, *g):
			add("rule %s changed: its schedule, windows, retention, vault or copies differ (BAK-01, BAK-04)", w.Name)
		}
	}
	for _, g := range p.Rules {
		if ruleNamed(l.Rules, g.Name) == nil {
			add("rule %s is not in the configuration (BAK-04)", g.Name)
		}
	}
	if t := tags.Describe(l.Tags(KeyPlan), p.Tags); t != "" {
		add("tags differ (%s)", t)
	}
	return d
}

func ruleNamed(rules []PlanRule, name string) *PlanRule {
	for i := range rules {
		if rules[i].Name == name {
			return &rules[i]
		}
	}
	return nil
}
