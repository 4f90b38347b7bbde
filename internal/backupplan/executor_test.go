package backupplan

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Executor tests drive Apply, Observe, Drift, Import and Destroy directly
// against the emulator (two regions of one account) through a counting
// proxy; out-of-band changes and checks go through a second proxy, since
// moto lacks some of the operations they need. moto serves vaults, Vault
// Lock, CreateBackupPlan, Backup tags and IAM; the harness fake
// (internal/acctest/fake_backup.go) serves what each test names.

const copyRegion = "us-west-2"

// backupVia is an AWS Backup client for region through p.
func backupVia(t *testing.T, p *acctest.Proxy, region string) *backup.Client {
	cfg := acctest.AWSConfig(t)
	cfg.Region, cfg.BaseEndpoint = region, aws.String(p.URL())
	cfg.Retryer = func() aws.Retryer { return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 10 }) }
	return backup.NewFromConfig(cfg)
}

func testClients(t *testing.T, p *acctest.Proxy) Clients {
	cfg := acctest.AWSConfig(t)
	cfg.BaseEndpoint = aws.String(p.URL())
	return Clients{Backup: backupVia(t, p, "us-east-1"), CopyBackup: map[string]*backup.Client{copyRegion: backupVia(t, p, copyRegion)},
		IAM: iam.NewFromConfig(cfg)}
}

// testLayout is the seed plan named name, under keys of the emulator, with
// a user tag.
func testLayout(t *testing.T, name string) (Spec, Layout) {
	t.Helper()
	s := seedSpec()
	s.Name, s.KMSKeyARN, s.Tags = name, acctest.KMSKey(t, "us-east-1"), map[string]string{"team": "records"}
	s.Rules = slices.Clone(s.Rules)
	s.Rules[0].CopyTo = []Copy{{Region: copyRegion, KMSKeyARN: acctest.KMSKey(t, copyRegion)}}
	l, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, l
}

// plansNamed lists the IDs of the plans named name.
func plansNamed(t *testing.T, c *backup.Client, name string) []string {
	t.Helper()
	out, err := c.ListBackupPlans(context.Background(), &backup.ListBackupPlansInput{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range out.BackupPlansList {
		if aws.ToString(p.BackupPlanName) == name {
			ids = append(ids, aws.ToString(p.BackupPlanId))
		}
	}
	return ids
}

// selectionsOf lists the IDs of the plan's selections.
func selectionsOf(t *testing.T, c *backup.Client, plan string) []string {
	t.Helper()
	ids, err := findSelections(context.Background(), c, plan, "")
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// onePlan checks that exactly one plan has l's name and it has exactly one
// selection; it returns their IDs.
func onePlan(t *testing.T, c *backup.Client, l Layout) (plan, selection string) {
	t.Helper()
	plans := plansNamed(t, c, l.PlanName)
	if len(plans) != 1 {
		t.Fatalf("%d plans named %s, want 1", len(plans), l.PlanName)
	}
	sels := selectionsOf(t, c, plans[0])
	if len(sels) != 1 {
		t.Fatalf("%d selections in plan %s, want 1", len(sels), l.PlanName)
	}
	return plans[0], sels[0]
}

func noDrift(t *testing.T, c Clients, l Layout) {
	t.Helper()
	o, err := Observe(context.Background(), c, l)
	if err != nil {
		t.Fatal(err)
	}
	if d := Drift(l, o); len(d) > 0 {
		t.Fatalf("drift: %v", d)
	}
}

// writes counts the calls of p that change something.
func writes(p *acctest.Proxy) map[string]int {
	out := map[string]int{}
	for op, n := range p.Calls() {
		_, name, _ := strings.Cut(op, ":")
		for _, verb := range []string{"Create", "Update", "Put", "Delete", "Tag", "Untag", "Attach", "Detach"} {
			if strings.HasPrefix(name, verb) {
				out[op] += n
			}
		}
	}
	return out
}

// checkBuilt checks with the SDK what Apply built: each vault's key, lock
// and access policy, the plan's rules with the copy action, the
// selection and the role's policies.
func checkBuilt(t *testing.T, oob *acctest.Proxy, l Layout, planID string) {
	t.Helper()
	ctx := context.Background()
	east := backupVia(t, oob, "us-east-1")
	for _, v := range l.Vaults() {
		c := backupVia(t, oob, v.Region)
		d, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(v.Name)})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(d.EncryptionKeyArn) != v.KMSKeyARN || !aws.ToBool(d.Locked) || aws.ToInt64(d.MinRetentionDays) != 14 ||
			aws.ToInt64(d.MaxRetentionDays) != 2555 || d.LockDate == nil || time.Until(*d.LockDate) < 71*time.Hour {
			t.Errorf("vault %s: key %s, locked %v, %d to %d days, lock date %v", v.Name, aws.ToString(d.EncryptionKeyArn), aws.ToBool(d.Locked),
				aws.ToInt64(d.MinRetentionDays), aws.ToInt64(d.MaxRetentionDays), d.LockDate)
		}
		pol, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v.Name)})
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Statement []struct {
				Effect, Principal, Resource string
				Action                      []string
			}
		}
		if err := json.Unmarshal([]byte(aws.ToString(pol.Policy)), &doc); err != nil || len(doc.Statement) != 1 {
			t.Fatalf("policy of %s: %v %s", v.Name, err, aws.ToString(pol.Policy))
		}
		if st := doc.Statement[0]; st.Effect != "Deny" || st.Principal != "*" || st.Resource != "*" || !slices.Contains(st.Action, "backup:DeleteRecoveryPoint") {
			t.Errorf("policy of %s does not deny DeleteRecoveryPoint to everyone: %+v", v.Name, st)
		}
	}
	got, err := east.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(planID)})
	if err != nil {
		t.Fatal(err)
	}
	rules := got.BackupPlan.Rules
	if len(rules) != 2 {
		t.Fatalf("rules %+v", rules)
	}
	daily := rules[slices.IndexFunc(rules, func(r bktypes.BackupRule) bool { return aws.ToString(r.RuleName) == "daily" })]
	if aws.ToString(daily.ScheduleExpression) != "cron(0 5 ? * * *)" || aws.ToString(daily.TargetBackupVaultName) != l.Vault.Name ||
		aws.ToInt64(daily.Lifecycle.DeleteAfterDays) != 730 || aws.ToInt64(daily.StartWindowMinutes) != 60 || len(daily.CopyActions) != 1 ||
		aws.ToString(daily.CopyActions[0].DestinationBackupVaultArn) != l.CopyVaults[0].ARN || aws.ToInt64(daily.CopyActions[0].Lifecycle.DeleteAfterDays) != 730 {
		t.Errorf("daily rule %+v", daily)
	}
	sels := selectionsOf(t, east, planID)
	if len(sels) != 1 {
		t.Fatalf("selections %v", sels)
	}
	sel, err := east.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: aws.String(planID), SelectionId: aws.String(sels[0])})
	if err != nil {
		t.Fatal(err)
	}
	if s := sel.BackupSelection; !slices.Equal(s.Resources, l.Selection.Resources) || aws.ToString(s.IamRoleArn) != l.Role.ARN {
		t.Errorf("selection %+v", s)
	}
	att, err := iam.NewFromConfig(acctest.AWSConfig(t)).ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(l.Role.Name)})
	if err != nil {
		t.Fatal(err)
	}
	var arns []string
	for _, a := range att.AttachedPolicies {
		arns = append(arns, aws.ToString(a.PolicyArn))
	}
	if slices.Sort(arns); !slices.Equal(arns, slices.Sorted(slices.Values(l.Role.ManagedPolicyARNs))) {
		t.Errorf("role policies %v, want %v", arns, l.Role.ManagedPolicyARNs)
	}
}

// TestExecutor_lifecycle: a plan copying to a second region is built with
// every child; a second Apply writes nothing; a refresh costs Calls(l)
// calls and sees no drift. A deleted selection, vault access policy and
// copy-vault lock (within its cooling-off) and a removed tag show as drift
// and one Apply repairs them; so does a deleted copy vault. A changed rule updates the plan in place; a
// changed selection is replaced. Import reads back the spec of the layout.
// Destroy keeps the vaults with their locks and policies, and removes the
// plan, the selection and the role. Served by the fake:
// Put/Get/DeleteBackupVaultAccessPolicy, UpdateBackupPlan,
// Get/List/DeleteBackupPlan, Create/Get/List/DeleteBackupSelection and
// ListRecoveryPointsByBackupVault.
func TestExecutor_lifecycle(t *testing.T) {
	acctest.Parallel(t)
	ctx := context.Background()
	p, oob := acctest.NewProxy(t), acctest.NewProxy(t)
	s, l := testLayout(t, "records")
	x := Executor{testClients(t, p)}
	ids := map[string]string{}
	if err := x.Apply(ctx, l, func(k, id string) { ids[k] = id }); err != nil {
		t.Fatal(err)
	}
	for _, c := range l.Children() {
		if ids[c.Key] == "" {
			t.Errorf("child %s (%s) not recorded: %v", c.Key, c.Kind, ids)
		}
	}
	east, west := backupVia(t, oob, "us-east-1"), backupVia(t, oob, copyRegion)
	plan, sel := onePlan(t, east, l)
	if ids[KeyPlan] != plan || ids[KeySelection] != sel {
		t.Errorf("recorded plan %s selection %s, want %s %s", ids[KeyPlan], ids[KeySelection], plan, sel)
	}
	checkBuilt(t, oob, l, plan)

	p.ResetCounts()
	if err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	// servicerole attaches every managed policy on each apply (IAM's
	// AttachRolePolicy is idempotent); nothing else is written.
	if w := writes(p); len(w) != 1 || w["iam:AttachRolePolicy"] != len(l.Role.ManagedPolicyARNs) {
		t.Errorf("the second apply wrote %v", w)
	}
	onePlan(t, east, l)

	p.ResetCounts()
	noDrift(t, x.Clients, l)
	if n := p.Total(); n != Calls(l) {
		t.Errorf("a refresh made %d calls, Calls says %d: %v", n, Calls(l), p.Calls())
	}
	t.Logf("refresh: %d calls for %d children", Calls(l), len(l.Children()))

	if _, err := east.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: aws.String(plan), SelectionId: aws.String(sel)}); err != nil {
		t.Fatal(err)
	}
	if _, err := east.DeleteBackupVaultAccessPolicy(ctx, &backup.DeleteBackupVaultAccessPolicyInput{BackupVaultName: aws.String(l.Vault.Name)}); err != nil {
		t.Fatal(err)
	}
	if _, err := west.DeleteBackupVaultLockConfiguration(ctx, &backup.DeleteBackupVaultLockConfigurationInput{BackupVaultName: aws.String(l.CopyVaults[0].Name)}); err != nil {
		t.Fatal(err)
	}
	planARN := "arn:aws:backup:us-east-1:" + account + ":backup-plan:" + plan
	if _, err := east.UntagResource(ctx, &backup.UntagResourceInput{ResourceArn: aws.String(planARN), TagKeyList: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	o, err := Observe(ctx, x.Clients, l)
	if err != nil {
		t.Fatal(err)
	}
	d := strings.Join(Drift(l, o), "\n")
	for _, want := range []string{"backup selection records of plan records removed: the plan backs up nothing (BAK-05)",
		"backup vault records (vault): access policy removed: recovery points can be deleted by hand (BAK-02)",
		"backup vault records-from-us-east-1 (copy/us-west-2/vault): Vault Lock removed (BAK-03)",
		"backup plan records: tags differ (missing team)"} {
		if !strings.Contains(d, want) {
			t.Errorf("drift lacks %q:\n%s", want, d)
		}
	}
	if err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	noDrift(t, x.Clients, l)
	onePlan(t, east, l)
	checkBuilt(t, oob, l, plan)
	// moto deletes a vault whose lock is within its cooling-off.
	if _, err := west.DeleteBackupVault(ctx, &backup.DeleteBackupVaultInput{BackupVaultName: aws.String(l.CopyVaults[0].Name)}); err != nil {
		t.Fatal(err)
	}
	if o, err = Observe(ctx, x.Clients, l); err != nil {
		t.Fatal(err)
	}
	if d := strings.Join(Drift(l, o), "\n"); !strings.Contains(d, "backup vault records-from-us-east-1 (copy/us-west-2/vault) in us-west-2 is missing (BAK-01)") {
		t.Errorf("drift lacks the missing copy vault:\n%s", d)
	}
	if err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	noDrift(t, x.Clients, l)
	checkBuilt(t, oob, l, plan)

	s.Rules[1].RetentionDays = 21
	s.ResourceARNs = append(slices.Clone(s.ResourceARNs), "arn:aws:dynamodb:us-east-1:123456789012:table/phi")
	changed, err := Expand(s)
	if err != nil {
		t.Fatal(err)
	}
	p.ResetCounts()
	if err := x.Apply(ctx, changed, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	if c := p.Calls(); c["backup:UpdateBackupPlan"] != 1 || c["backup:CreateBackupPlan"] != 0 || c["backup:DeleteBackupSelection"] != 1 || c["backup:CreateBackupSelection"] != 1 {
		t.Errorf("changing a rule and the selection: %v", writes(p))
	}
	noDrift(t, x.Clients, changed)
	if again, _ := onePlan(t, east, changed); again != plan {
		t.Errorf("plan %s replaced by %s", plan, again)
	}

	imported, err := Import(ctx, x.Clients, importEnv, nil, changed.Name)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := Expand(imported); err != nil || !reflect.DeepEqual(back, changed) {
		t.Errorf("the imported spec expands to another layout (%v):\n got %+v\nwant %+v", err, back, changed)
	}
	if _, err := Import(ctx, x.Clients, importEnv, nil, "absent"); !awsclient.IsNotFound(err) {
		t.Errorf("import of a missing plan: %v", err)
	}
	theirs := planInput(changed)
	theirs.BackupPlanName = aws.String("theirs")
	if _, err := east.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: theirs}); err != nil {
		t.Fatal(err)
	}
	if _, err := Import(ctx, x.Clients, importEnv, nil, "theirs"); !tags.IsNotOwned(err) {
		t.Errorf("import of a plan this provider did not create: %v", err)
	}

	kept, err := x.Destroy(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept.Vaults) != 2 || kept.Vaults[0].RecoveryPoints != 0 || !strings.Contains(kept.Warning(), "records-from-us-east-1 in us-west-2 (0 recovery points)") {
		t.Errorf("kept %+v: %s", kept, kept.Warning())
	}
	t.Logf("%s", kept.Warning())
	for _, v := range l.Vaults() {
		c := backupVia(t, oob, v.Region)
		if d, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(v.Name)}); err != nil || !aws.ToBool(d.Locked) {
			t.Errorf("vault %s after destroy: %v", v.Name, err)
		}
		if _, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v.Name)}); err != nil {
			t.Errorf("the access policy of vault %s after destroy: %v", v.Name, err)
		}
	}
	if n := len(plansNamed(t, east, l.PlanName)); n != 0 {
		t.Errorf("%d plans left", n)
	}
	if left, err := acctest.Sweep(t, l.Owner); err != nil || len(left) > 0 {
		t.Errorf("left after destroy: %v %v", left, err)
	}
	if _, err := Observe(ctx, x.Clients, changed); !awsclient.IsNotFound(err) {
		t.Errorf("observe after destroy: %v", err)
	}
	if _, err := x.Destroy(ctx, changed); err != nil {
		t.Errorf("a second destroy: %v", err)
	}
}

// TestExecutor_crashResume: an apply failing at the selection (a fault
// injected into CreateBackupSelection) has recorded the vaults, role and
// plan; the next apply adopts the plan by name and owner tag and creates
// the selection. An apply killed while the proxy holds the answer to
// CreateBackupPlan leaves a plan nobody recorded; the next apply adopts it
// too. Each time: one plan, one selection. Served by the fake:
// Create/Get/ListBackupSelections, ListBackupPlans, GetBackupPlan and
// Put/GetBackupVaultAccessPolicy.
func TestExecutor_crashResume(t *testing.T) {
	acctest.Parallel(t)
	ctx := context.Background()
	p, oob := acctest.NewProxy(t), acctest.NewProxy(t)
	x, east := Executor{testClients(t, p)}, backupVia(t, oob, "us-east-1")

	_, l := testLayout(t, "failed")
	p.AddRule(acctest.FaultRule{Service: "backup", Operation: "CreateBackupSelection", Kind: acctest.FaultHardFail, Count: 1})
	ids := map[string]string{}
	err := x.Apply(ctx, l, func(k, id string) { ids[k] = id })
	var ce *awsclient.ChildError
	if !errors.As(err, &ce) || ce.Key != KeySelection {
		t.Fatalf("want a selection ChildError, got %v", err)
	}
	if ids[KeyPlan] == "" || ids[KeyVault] == "" || ids[KeyRole] == "" || ids[KeySelection] != "" {
		t.Errorf("recorded after the failure: %v", ids)
	}
	if plans := plansNamed(t, east, l.PlanName); len(plans) != 1 || len(selectionsOf(t, east, plans[0])) != 0 {
		t.Fatalf("after the failure: plans %v", plans)
	}
	p.ClearRules()
	p.ResetCounts()
	if err := x.Apply(ctx, l, func(k, id string) { ids[k] = id }); err != nil {
		t.Fatal(err)
	}
	if c := p.Calls(); c["backup:CreateBackupPlan"]+c["backup:CreateBackupVault"]+c["backup:UpdateBackupPlan"] != 0 || c["backup:CreateBackupSelection"] != 1 {
		t.Errorf("the resumed apply wrote %v", writes(p))
	}
	if _, sel := onePlan(t, east, l); ids[KeySelection] != sel {
		t.Errorf("recorded selection %s, want %s", ids[KeySelection], sel)
	}
	noDrift(t, x.Clients, l)

	_, l = testLayout(t, "killed")
	reached := p.HoldResponse("backup:CreateBackupPlan", 1)
	killed, kill := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- x.Apply(killed, l, func(string, string) {}) }()
	select {
	case <-reached:
	case err := <-done:
		t.Fatalf("the apply ended before CreateBackupPlan was answered: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("CreateBackupPlan never reached the emulator")
	}
	kill()
	p.Release()
	if err := <-done; err == nil {
		t.Fatal("the killed apply succeeded")
	}
	if plans := plansNamed(t, east, l.PlanName); len(plans) != 1 {
		t.Fatalf("after the kill: plans %v", plans)
	}
	p.ResetCounts()
	if err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		t.Fatal(err)
	}
	if n := p.Calls()["backup:CreateBackupPlan"]; n != 0 {
		t.Errorf("the resumed apply created %d plans", n)
	}
	onePlan(t, east, l)
	noDrift(t, x.Clients, l)
}

// TestExecutor_foreignVault: a vault of the layout's name without this
// owner's tag is refused (tags.ForeignError) and left as it is; the plan,
// which needs it, is not created. Served by the fake: ListBackupPlans (the
// check).
func TestExecutor_foreignVault(t *testing.T) {
	acctest.Parallel(t)
	ctx := context.Background()
	p, oob := acctest.NewProxy(t), acctest.NewProxy(t)
	_, l := testLayout(t, "shared")
	east := backupVia(t, oob, "us-east-1")
	if _, err := east.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: aws.String(l.Vault.Name),
		BackupVaultTags: map[string]string{tags.OwnerKey: "someone-else"}}); err != nil {
		t.Fatal(err)
	}
	err := Executor{testClients(t, p)}.Apply(ctx, l, func(string, string) {})
	var fe *tags.ForeignError
	var ce *awsclient.ChildError
	if !errors.As(err, &fe) || !errors.As(err, &ce) || ce.Key != KeyVault {
		t.Fatalf("want a ForeignError on the vault, got %v", err)
	}
	if n := len(plansNamed(t, east, l.PlanName)); n != 0 {
		t.Errorf("%d plans created beside a foreign vault", n)
	}
	d, err := east.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(l.Vault.Name)})
	if err != nil || aws.ToBool(d.Locked) || d.EncryptionKeyArn != nil && aws.ToString(d.EncryptionKeyArn) == l.Vault.KMSKeyARN {
		t.Errorf("the foreign vault was changed: %+v %v", d, err)
	}
	if c := p.Calls(); c["backup:TagResource"]+c["backup:PutBackupVaultLockConfiguration"] != 0 {
		t.Errorf("calls %v", c)
	}
}
