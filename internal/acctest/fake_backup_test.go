package acctest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go"
)

// The AWS Backup operations moto 5.2.1 lacks are served by the fake
// (fake_backup.go); the rest stay with moto. These tests call both through
// a Proxy with the SDK the provider uses.

// fakedBackup are the Backup operations the proxy sends to the fake:
// those moto 5.2.1 lacks, and the plan reads and delete that must agree
// with what the fake keeps.
var fakedBackup = []string{
	"CreateBackupSelection", "GetBackupSelection", "ListBackupSelections", "DeleteBackupSelection",
	"UpdateBackupPlan", "GetBackupPlan", "ListBackupPlans", "DeleteBackupPlan",
	"PutBackupVaultAccessPolicy", "GetBackupVaultAccessPolicy", "DeleteBackupVaultAccessPolicy",
	"PutBackupVaultNotifications", "GetBackupVaultNotifications", "DeleteBackupVaultNotifications",
	"ListRecoveryPointsByBackupVault",
}

func backupVia(p *Proxy, region string) *backup.Client {
	cfg := viaProxy(p)
	cfg.Region = region
	return backup.NewFromConfig(cfg)
}

func errCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if errCode(err) != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}

func createVault(t *testing.T, c *backup.Client, name string) string {
	t.Helper()
	out, err := c.CreateBackupVault(context.Background(), &backup.CreateBackupVaultInput{BackupVaultName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.BackupVaultArn)
}

func planInput(name string, days int64) *bktypes.BackupPlanInput {
	return &bktypes.BackupPlanInput{BackupPlanName: aws.String(name), Rules: []bktypes.BackupRuleInput{{
		RuleName: aws.String("daily"), TargetBackupVaultName: aws.String("phi"), ScheduleExpression: aws.String("cron(0 5 * * ? *)"),
		Lifecycle: &bktypes.Lifecycle{DeleteAfterDays: aws.Int64(days)},
		CopyActions: []bktypes.CopyAction{{DestinationBackupVaultArn: aws.String("arn:aws:backup:us-west-2:123456789012:backup-vault:phi-copy"),
			Lifecycle: &bktypes.Lifecycle{DeleteAfterDays: aws.Int64(days)}}}}}}
}

// recorder answers every call "{}" and keeps the last request.
type recorder struct{ last *http.Request }

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.last = req
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
}

// The proxy names each Backup call the SDK makes (operation.go), and
// routes exactly fakedBackup to the fake.
func TestBackupRoutes(t *testing.T) {
	rec := &recorder{}
	c := backup.NewFromConfig(aws.Config{Region: "us-west-2", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String("http://127.0.0.1:1"), HTTPClient: rec})
	ctx, v, id := context.Background(), aws.String("phi"), aws.String("plan-1")
	arn := aws.String("arn:aws:backup:us-west-2:123456789012:backup-vault:phi")
	calls := map[string]func() error{
		"CreateBackupVault": func() error {
			_, err := c.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: v})
			return err
		},
		"DescribeBackupVault": func() error {
			_, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: v})
			return err
		},
		"ListBackupVaults": func() error { _, err := c.ListBackupVaults(ctx, &backup.ListBackupVaultsInput{}); return err },
		"DeleteBackupVault": func() error {
			_, err := c.DeleteBackupVault(ctx, &backup.DeleteBackupVaultInput{BackupVaultName: v})
			return err
		},
		"PutBackupVaultLockConfiguration": func() error {
			_, err := c.PutBackupVaultLockConfiguration(ctx, &backup.PutBackupVaultLockConfigurationInput{BackupVaultName: v})
			return err
		},
		"DeleteBackupVaultLockConfiguration": func() error {
			_, err := c.DeleteBackupVaultLockConfiguration(ctx, &backup.DeleteBackupVaultLockConfigurationInput{BackupVaultName: v})
			return err
		},
		"PutBackupVaultAccessPolicy": func() error {
			_, err := c.PutBackupVaultAccessPolicy(ctx, &backup.PutBackupVaultAccessPolicyInput{BackupVaultName: v, Policy: aws.String("{}")})
			return err
		},
		"GetBackupVaultAccessPolicy": func() error {
			_, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: v})
			return err
		},
		"DeleteBackupVaultAccessPolicy": func() error {
			_, err := c.DeleteBackupVaultAccessPolicy(ctx, &backup.DeleteBackupVaultAccessPolicyInput{BackupVaultName: v})
			return err
		},
		"PutBackupVaultNotifications": func() error {
			_, err := c.PutBackupVaultNotifications(ctx, &backup.PutBackupVaultNotificationsInput{BackupVaultName: v,
				SNSTopicArn: aws.String("arn:aws:sns:us-west-2:123456789012:t"), BackupVaultEvents: []bktypes.BackupVaultEvent{bktypes.BackupVaultEventBackupJobFailed}})
			return err
		},
		"GetBackupVaultNotifications": func() error {
			_, err := c.GetBackupVaultNotifications(ctx, &backup.GetBackupVaultNotificationsInput{BackupVaultName: v})
			return err
		},
		"DeleteBackupVaultNotifications": func() error {
			_, err := c.DeleteBackupVaultNotifications(ctx, &backup.DeleteBackupVaultNotificationsInput{BackupVaultName: v})
			return err
		},
		"ListRecoveryPointsByBackupVault": func() error {
			_, err := c.ListRecoveryPointsByBackupVault(ctx, &backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: v})
			return err
		},
		"CreateBackupPlan": func() error {
			_, err := c.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: planInput("p", 35)})
			return err
		},
		"GetBackupPlan": func() error { _, err := c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: id}); return err },
		"UpdateBackupPlan": func() error {
			_, err := c.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: id, BackupPlan: planInput("p", 35)})
			return err
		},
		"DeleteBackupPlan": func() error {
			_, err := c.DeleteBackupPlan(ctx, &backup.DeleteBackupPlanInput{BackupPlanId: id})
			return err
		},
		"ListBackupPlans": func() error { _, err := c.ListBackupPlans(ctx, &backup.ListBackupPlansInput{}); return err },
		"CreateBackupSelection": func() error {
			_, err := c.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: id,
				BackupSelection: &bktypes.BackupSelection{SelectionName: aws.String("s"), IamRoleArn: aws.String("arn:aws:iam::123456789012:role/r")}})
			return err
		},
		"GetBackupSelection": func() error {
			_, err := c.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: id, SelectionId: aws.String("s-1")})
			return err
		},
		"ListBackupSelections": func() error {
			_, err := c.ListBackupSelections(ctx, &backup.ListBackupSelectionsInput{BackupPlanId: id})
			return err
		},
		"DeleteBackupSelection": func() error {
			_, err := c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: id, SelectionId: aws.String("s-1")})
			return err
		},
		"ListTags": func() error { _, err := c.ListTags(ctx, &backup.ListTagsInput{ResourceArn: arn}); return err },
		"TagResource": func() error {
			_, err := c.TagResource(ctx, &backup.TagResourceInput{ResourceArn: arn, Tags: map[string]string{"a": "b"}})
			return err
		},
		"UntagResource": func() error {
			_, err := c.UntagResource(ctx, &backup.UntagResourceInput{ResourceArn: arn, TagKeyList: []string{"a"}})
			return err
		},
	}
	f := &fake{handlers: map[string]fakeHandler{}}
	registerBackup(f)
	for op, call := range calls {
		rec.last = nil
		if err := call(); err != nil || rec.last == nil {
			t.Errorf("%s: %v", op, err)
			continue
		}
		if service, got := identify(rec.last, nil); service != "backup" || got != op {
			t.Errorf("%s %s is named %s:%s", rec.last.Method, rec.last.URL.Path, service, got)
		}
		if f.handles("backup", op) != slices.Contains(fakedBackup, op) {
			t.Errorf("%s: routed to the fake %v, want %v", op, f.handles("backup", op), slices.Contains(fakedBackup, op))
		}
	}
	for k := range f.handlers {
		if op := strings.TrimPrefix(k, "backup:"); !slices.Contains(fakedBackup, op) {
			t.Errorf("the fake serves %s, not in fakedBackup", k)
		}
	}
}

// Served by moto 5.2.1, not faked: vaults (with key, tags and creator
// request ID) and Vault Lock. moto keeps the lock window itself: a lock
// without ChangeableForDays (governance) or within its window can be
// deleted. A lock past its LockDate cannot be reached here: ChangeableForDays
// is at least 3 days and moto's clock cannot be moved.
// ListTags goes to moto through the harness's path fix (emulatorfix.go).
func TestBackup_vaultAndLockServedByMoto(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, c := context.Background(), backupVia(p, "us-east-1")
	key, err := kms.NewFromConfig(viaProxy(p)).CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: aws.String("phi"),
		EncryptionKeyArn: key.KeyMetadata.Arn, BackupVaultTags: map[string]string{"owner": "hipaa"}, CreatorRequestId: aws.String("req-1")})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String("phi")})
	if err != nil || aws.ToString(d.EncryptionKeyArn) != aws.ToString(key.KeyMetadata.Arn) || aws.ToString(d.CreatorRequestId) != "req-1" || aws.ToBool(d.Locked) {
		t.Fatalf("DescribeBackupVault: %v %+v", err, d)
	}
	tags, err := c.ListTags(ctx, &backup.ListTagsInput{ResourceArn: created.BackupVaultArn})
	if err != nil || tags.Tags["owner"] != "hipaa" {
		t.Fatalf("ListTags: %v %v", err, tags)
	}
	if _, err := c.TagResource(ctx, &backup.TagResourceInput{ResourceArn: created.BackupVaultArn, Tags: map[string]string{"b": "2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx, &backup.UntagResourceInput{ResourceArn: created.BackupVaultArn, TagKeyList: []string{"owner"}}); err != nil {
		t.Fatal(err)
	}
	if tags, err := c.ListTags(ctx, &backup.ListTagsInput{ResourceArn: created.BackupVaultArn}); err != nil || len(tags.Tags) != 1 || tags.Tags["b"] != "2" {
		t.Errorf("ListTags after TagResource and UntagResource: %v %v", err, tags)
	}

	lock := func(changeable *int64) error {
		_, err := c.PutBackupVaultLockConfiguration(ctx, &backup.PutBackupVaultLockConfigurationInput{BackupVaultName: aws.String("phi"),
			MinRetentionDays: aws.Int64(7), MaxRetentionDays: aws.Int64(365), ChangeableForDays: changeable})
		return err
	}
	unlock := func() error {
		_, err := c.DeleteBackupVaultLockConfiguration(ctx, &backup.DeleteBackupVaultLockConfigurationInput{BackupVaultName: aws.String("phi")})
		return err
	}
	if err := lock(nil); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String("phi")})
	if !aws.ToBool(d.Locked) || aws.ToInt64(d.MinRetentionDays) != 7 || aws.ToInt64(d.MaxRetentionDays) != 365 || d.LockDate != nil {
		t.Errorf("governance lock: %+v", d)
	}
	if err := unlock(); err != nil {
		t.Errorf("a governance lock can be deleted: %v", err)
	}
	if err := lock(aws.Int64(3)); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String("phi")})
	if left := time.Until(aws.ToTime(d.LockDate)); !aws.ToBool(d.Locked) || left < 71*time.Hour || left > 73*time.Hour {
		t.Errorf("compliance lock: LockDate %v", d.LockDate)
	}
	if list, err := c.ListBackupVaults(ctx, &backup.ListBackupVaultsInput{}); err != nil || len(list.BackupVaultList) != 1 || list.BackupVaultList[0].LockDate == nil {
		t.Errorf("ListBackupVaults: %v %+v", err, list)
	}
	if err := unlock(); err != nil {
		t.Errorf("a compliance lock can be deleted within its window: %v", err)
	}
	wantCode(t, "ChangeableForDays 2", lock(aws.Int64(2)), "InvalidParameterValueException")
	_, err = c.PutBackupVaultLockConfiguration(ctx, &backup.PutBackupVaultLockConfigurationInput{BackupVaultName: aws.String("nope")})
	wantCode(t, "lock of a missing vault", err, "ResourceNotFoundException")
	if p.Calls()["backup:PutBackupVaultLockConfiguration"] != 4 || p.Calls()["backup:ListTags"] != 2 {
		t.Errorf("calls: %v", p.Calls())
	}
}

// Served by the fake (moto 5.2.1 lacks them): Put, Get and
// DeleteBackupVaultAccessPolicy. Each needs the vault in moto; the policy
// goes with its vault; a policy that denies everyone an operation on the
// vault refuses it.
func TestFakeBackup_vaultAccessPolicy(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, c := context.Background(), backupVia(p, "us-east-1")
	put := func(policy string) error {
		_, err := c.PutBackupVaultAccessPolicy(ctx, &backup.PutBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi"), Policy: aws.String(policy)})
		return err
	}
	get := func() (*backup.GetBackupVaultAccessPolicyOutput, error) {
		return c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi")})
	}
	del := func() error {
		_, err := c.DeleteBackupVaultAccessPolicy(ctx, &backup.DeleteBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi")})
		return err
	}
	const denyDelete = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}`
	const denyChanges = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyManualRecoveryPointChanges","Effect":"Deny","Principal":"*",` +
		`"Action":["backup:DeleteRecoveryPoint","backup:PutBackupVaultAccessPolicy","backup:UpdateRecoveryPointLifecycle"],"Resource":"*"}]}`

	wantCode(t, "Put on a missing vault", put(denyDelete), "ResourceNotFoundException")
	_, err := get()
	wantCode(t, "Get on a missing vault", err, "ResourceNotFoundException")
	wantCode(t, "Delete on a missing vault", del(), "ResourceNotFoundException")

	arn := createVault(t, c, "phi")
	_, err = get()
	wantCode(t, "Get without a policy", err, "ResourceNotFoundException")
	if err := put(denyDelete); err != nil {
		t.Fatal(err)
	}
	if out, err := get(); err != nil || aws.ToString(out.Policy) != denyDelete || aws.ToString(out.BackupVaultArn) != arn || aws.ToString(out.BackupVaultName) != "phi" {
		t.Fatalf("Get: %v %+v", err, out)
	}
	wantCode(t, "Put of a policy that is not JSON", put("not json"), "InvalidParameterValueException")
	if err := put(denyChanges); err != nil {
		t.Fatalf("replacing a policy that allows it: %v", err)
	}
	wantCode(t, "Put over a policy that denies it", put(denyDelete), "AccessDeniedException")
	if err := del(); err != nil {
		t.Fatalf("Delete, which the policy allows: %v", err)
	}
	_, err = get()
	wantCode(t, "Get after Delete", err, "ResourceNotFoundException")
	if err := put(denyChanges); err != nil {
		t.Fatalf("Put after Delete: %v", err)
	}
	if _, err := c.DeleteBackupVault(ctx, &backup.DeleteBackupVaultInput{BackupVaultName: aws.String("phi")}); err != nil {
		t.Fatal(err)
	}
	createVault(t, c, "phi")
	_, err = get()
	wantCode(t, "Get on a vault made again", err, "ResourceNotFoundException")
	if p.Calls()["backup:PutBackupVaultAccessPolicy"] != 6 || p.Calls()["backup:GetBackupVaultAccessPolicy"] != 5 {
		t.Errorf("calls: %v", p.Calls())
	}
}

// Served by the fake (moto 5.2.1 lacks them): Put, Get and
// DeleteBackupVaultNotifications, and ListRecoveryPointsByBackupVault
// (empty: moto runs no backup jobs).
func TestFakeBackup_vaultNotificationsAndRecoveryPoints(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, c := context.Background(), backupVia(p, "us-east-1")
	name := aws.String("phi")
	topic := "arn:aws:sns:us-east-1:123456789012:backup-events"
	events := []bktypes.BackupVaultEvent{bktypes.BackupVaultEventBackupJobFailed, bktypes.BackupVaultEventCopyJobFailed}
	_, err := c.PutBackupVaultNotifications(ctx, &backup.PutBackupVaultNotificationsInput{BackupVaultName: name, SNSTopicArn: aws.String(topic), BackupVaultEvents: events})
	wantCode(t, "Put on a missing vault", err, "ResourceNotFoundException")
	_, err = c.ListRecoveryPointsByBackupVault(ctx, &backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: name})
	wantCode(t, "recovery points of a missing vault", err, "ResourceNotFoundException")

	arn := createVault(t, c, "phi")
	_, err = c.GetBackupVaultNotifications(ctx, &backup.GetBackupVaultNotificationsInput{BackupVaultName: name})
	wantCode(t, "Get without notifications", err, "ResourceNotFoundException")
	if _, err := c.PutBackupVaultNotifications(ctx, &backup.PutBackupVaultNotificationsInput{BackupVaultName: name, SNSTopicArn: aws.String(topic), BackupVaultEvents: events}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetBackupVaultNotifications(ctx, &backup.GetBackupVaultNotificationsInput{BackupVaultName: name})
	if err != nil || aws.ToString(got.SNSTopicArn) != topic || !slices.Equal(got.BackupVaultEvents, events) || aws.ToString(got.BackupVaultArn) != arn {
		t.Fatalf("Get: %v %+v", err, got)
	}
	if _, err := c.DeleteBackupVaultNotifications(ctx, &backup.DeleteBackupVaultNotificationsInput{BackupVaultName: name}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBackupVaultNotifications(ctx, &backup.GetBackupVaultNotificationsInput{BackupVaultName: name})
	wantCode(t, "Get after Delete", err, "ResourceNotFoundException")
	rp, err := c.ListRecoveryPointsByBackupVault(ctx, &backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: name})
	if err != nil || len(rp.RecoveryPoints) != 0 {
		t.Errorf("ListRecoveryPointsByBackupVault: %v %+v", err, rp)
	}
	if p.Calls()["backup:GetBackupVaultNotifications"] != 3 || p.Calls()["backup:ListRecoveryPointsByBackupVault"] != 2 {
		t.Errorf("calls: %v", p.Calls())
	}
}

// Served by the fake: UpdateBackupPlan (moto 5.2.1 answers 500) and, so
// that they show its versions, GetBackupPlan, ListBackupPlans and
// DeleteBackupPlan (moto keeps the plan, its tags and first version); and
// the selections (moto has none), which keep their plan from being deleted.
// CreateBackupPlan is moto's.
func TestFakeBackup_updateBackupPlan(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, c := context.Background(), backupVia(p, "us-east-1")
	createVault(t, c, "phi")
	created, err := c.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: planInput("phi-plan", 35), BackupPlanTags: map[string]string{"owner": "hipaa"}})
	if err != nil {
		t.Fatal(err)
	}
	id := created.BackupPlanId
	_, err = c.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: aws.String("nope"), BackupPlan: planInput("phi-plan", 40)})
	wantCode(t, "UpdateBackupPlan of a missing plan", err, "ResourceNotFoundException")

	next := planInput("phi-plan-2", 40)
	next.Rules = append(next.Rules, bktypes.BackupRuleInput{RuleName: aws.String("weekly"), TargetBackupVaultName: aws.String("phi"),
		ScheduleExpression: aws.String("cron(0 6 ? * SUN *)"), Lifecycle: &bktypes.Lifecycle{DeleteAfterDays: aws.Int64(90)}})
	updated, err := c.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: id, BackupPlan: next})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(updated.VersionId) == aws.ToString(created.VersionId) || aws.ToString(updated.BackupPlanArn) != aws.ToString(created.BackupPlanArn) {
		t.Errorf("UpdateBackupPlan: %+v", updated)
	}
	got, err := c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: id})
	if err != nil || aws.ToString(got.VersionId) != aws.ToString(updated.VersionId) || aws.ToString(got.BackupPlan.BackupPlanName) != "phi-plan-2" ||
		len(got.BackupPlan.Rules) != 2 || aws.ToInt64(got.BackupPlan.Rules[0].Lifecycle.DeleteAfterDays) != 40 {
		t.Fatalf("GetBackupPlan after update: %v %+v", err, got)
	}
	if r := got.BackupPlan.Rules[1]; aws.ToString(r.RuleId) == "" || aws.ToInt64(r.StartWindowMinutes) != 480 || aws.ToString(r.ScheduleExpressionTimezone) != "Etc/UTC" {
		t.Errorf("rule defaults: %+v", r)
	}
	first, err := c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: id, VersionId: created.VersionId})
	if err != nil || aws.ToString(first.BackupPlan.BackupPlanName) != "phi-plan" || len(first.BackupPlan.Rules) != 1 {
		t.Errorf("GetBackupPlan of the first version: %v %+v", err, first)
	}
	if v, err := c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: id, VersionId: updated.VersionId}); err != nil || len(v.BackupPlan.Rules) != 2 {
		t.Errorf("GetBackupPlan of the updated version: %v", err)
	}
	list, err := c.ListBackupPlans(ctx, &backup.ListBackupPlansInput{})
	if err != nil || len(list.BackupPlansList) != 1 || aws.ToString(list.BackupPlansList[0].VersionId) != aws.ToString(updated.VersionId) ||
		aws.ToString(list.BackupPlansList[0].BackupPlanName) != "phi-plan-2" {
		t.Errorf("ListBackupPlans: %v %+v", err, list)
	}
	if tags, err := c.ListTags(ctx, &backup.ListTagsInput{ResourceArn: created.BackupPlanArn}); err != nil || tags.Tags["owner"] != "hipaa" {
		t.Errorf("ListTags of the plan: %v %+v", err, tags)
	}

	sel, err := c.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: id, BackupSelection: &bktypes.BackupSelection{
		SelectionName: aws.String("phi"), IamRoleArn: aws.String("arn:aws:iam::123456789012:role/backup"), Resources: []string{"*"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteBackupPlan(ctx, &backup.DeleteBackupPlanInput{BackupPlanId: id})
	wantCode(t, "DeleteBackupPlan with a selection", err, "InvalidRequestException")
	if _, err := c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: id, SelectionId: sel.SelectionId}); err != nil {
		t.Fatal(err)
	}
	deleted, err := c.DeleteBackupPlan(ctx, &backup.DeleteBackupPlanInput{BackupPlanId: id})
	if err != nil || aws.ToString(deleted.VersionId) != aws.ToString(updated.VersionId) {
		t.Fatalf("DeleteBackupPlan: %v %+v", err, deleted)
	}
	_, err = c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: id})
	wantCode(t, "GetBackupPlan of a deleted plan", err, "ResourceNotFoundException")
	_, err = c.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: id, BackupPlan: next})
	wantCode(t, "UpdateBackupPlan of a deleted plan", err, "ResourceNotFoundException")
	_, err = c.DeleteBackupPlan(ctx, &backup.DeleteBackupPlanInput{BackupPlanId: id})
	wantCode(t, "DeleteBackupPlan of a deleted plan", err, "ResourceNotFoundException")
	if list, err := c.ListBackupPlans(ctx, &backup.ListBackupPlansInput{}); err != nil || len(list.BackupPlansList) != 0 {
		t.Errorf("ListBackupPlans after delete: %v %+v", err, list)
	}
}

// Served by the fake (moto 5.2.1 lacks them): Create, Get, List and
// DeleteBackupSelection.
func TestFakeBackup_selections(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, c := context.Background(), backupVia(p, "us-east-1")
	plan := aws.String("plan-1")
	create := func(name string) string {
		out, err := c.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: plan, BackupSelection: &bktypes.BackupSelection{
			SelectionName: aws.String(name), IamRoleArn: aws.String("arn:aws:iam::123456789012:role/backup"), Resources: []string{"*"}}})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.SelectionId)
	}
	a, b := create("a"), create("b")
	got, err := c.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: plan, SelectionId: aws.String(a)})
	if err != nil || aws.ToString(got.BackupSelection.SelectionName) != "a" || aws.ToString(got.BackupPlanId) != "plan-1" {
		t.Fatalf("GetBackupSelection: %v %+v", err, got)
	}
	_, err = c.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: aws.String("plan-2"), SelectionId: aws.String(a)})
	wantCode(t, "GetBackupSelection under another plan", err, "ResourceNotFoundException")
	if _, err := c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: plan, SelectionId: aws.String(a)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: plan, SelectionId: aws.String(a)})
	wantCode(t, "DeleteBackupSelection again", err, "ResourceNotFoundException")
	d := create("d")
	list, err := c.ListBackupSelections(ctx, &backup.ListBackupSelectionsInput{BackupPlanId: plan})
	var ids []string
	for _, s := range list.BackupSelectionsList {
		ids = append(ids, aws.ToString(s.SelectionId))
	}
	slices.Sort(ids)
	want := []string{b, d}
	slices.Sort(want)
	if err != nil || !slices.Equal(ids, want) || b == d {
		t.Errorf("ListBackupSelections: %v %v, want %v", err, ids, want)
	}
	if other, err := c.ListBackupSelections(ctx, &backup.ListBackupSelectionsInput{BackupPlanId: aws.String("plan-2")}); err != nil || len(other.BackupSelectionsList) != 0 {
		t.Errorf("ListBackupSelections of another plan: %v %+v", err, other)
	}
}

// moto keeps vaults and plans per region; the fake keeps what it serves
// (policies, notifications, plan versions, selections) per region too,
// by the region a call is signed for.
func TestFakeBackup_regionsApart(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, east, west := context.Background(), backupVia(p, "us-east-1"), backupVia(p, "us-west-2")
	eastARN, westARN := createVault(t, east, "phi"), createVault(t, west, "phi")
	createVault(t, west, "phi-copy")
	if !strings.Contains(eastARN, ":us-east-1:") || !strings.Contains(westARN, ":us-west-2:") {
		t.Fatalf("vault ARNs %s %s", eastARN, westARN)
	}
	for c, n := range map[*backup.Client]int{east: 1, west: 2} {
		if l, err := c.ListBackupVaults(ctx, &backup.ListBackupVaultsInput{}); err != nil || len(l.BackupVaultList) != n {
			t.Errorf("ListBackupVaults: %v %d vaults, want %d", err, len(l.BackupVaultList), n)
		}
	}
	const policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}`
	if _, err := east.PutBackupVaultAccessPolicy(ctx, &backup.PutBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi"), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	if _, err := east.PutBackupVaultNotifications(ctx, &backup.PutBackupVaultNotificationsInput{BackupVaultName: aws.String("phi"),
		SNSTopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t"), BackupVaultEvents: []bktypes.BackupVaultEvent{bktypes.BackupVaultEventBackupJobFailed}}); err != nil {
		t.Fatal(err)
	}
	_, err := west.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi")})
	wantCode(t, "policy of the us-west-2 vault", err, "ResourceNotFoundException")
	_, err = west.GetBackupVaultNotifications(ctx, &backup.GetBackupVaultNotificationsInput{BackupVaultName: aws.String("phi")})
	wantCode(t, "notifications of the us-west-2 vault", err, "ResourceNotFoundException")
	_, err = east.PutBackupVaultAccessPolicy(ctx, &backup.PutBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi-copy"), Policy: aws.String(policy)})
	wantCode(t, "policy on a vault of us-west-2 only, from us-east-1", err, "ResourceNotFoundException")
	if out, err := east.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi")}); err != nil || aws.ToString(out.BackupVaultArn) != eastARN {
		t.Errorf("policy of the us-east-1 vault: %v %+v", err, out)
	}

	plan, err := east.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: planInput("phi-plan", 35)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := east.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: plan.BackupPlanId, BackupPlan: planInput("phi-plan", 40)}); err != nil {
		t.Fatal(err)
	}
	_, err = west.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: plan.BackupPlanId})
	wantCode(t, "GetBackupPlan of a us-east-1 plan from us-west-2", err, "ResourceNotFoundException")
	_, err = west.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: plan.BackupPlanId, BackupPlan: planInput("phi-plan", 50)})
	wantCode(t, "UpdateBackupPlan of a us-east-1 plan from us-west-2", err, "ResourceNotFoundException")
	if l, err := west.ListBackupPlans(ctx, &backup.ListBackupPlansInput{}); err != nil || len(l.BackupPlansList) != 0 {
		t.Errorf("ListBackupPlans in us-west-2: %v %+v", err, l)
	}
	if _, err := east.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: plan.BackupPlanId, BackupSelection: &bktypes.BackupSelection{
		SelectionName: aws.String("phi"), IamRoleArn: aws.String("arn:aws:iam::123456789012:role/backup")}}); err != nil {
		t.Fatal(err)
	}
	if l, err := west.ListBackupSelections(ctx, &backup.ListBackupSelectionsInput{BackupPlanId: plan.BackupPlanId}); err != nil || len(l.BackupSelectionsList) != 0 {
		t.Errorf("ListBackupSelections in us-west-2: %v %+v", err, l)
	}
}

// Reset clears what the fake keeps of AWS Backup (fake.reset), with moto.
func TestFakeBackup_resetClears(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	ctx, c := context.Background(), backupVia(p, "us-east-1")
	createVault(t, c, "phi")
	if _, err := c.PutBackupVaultAccessPolicy(ctx, &backup.PutBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi"), Policy: aws.String(`{"Statement":[]}`)}); err != nil {
		t.Fatal(err)
	}
	plan, err := c.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: planInput("phi-plan", 35)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateBackupPlan(ctx, &backup.UpdateBackupPlanInput{BackupPlanId: plan.BackupPlanId, BackupPlan: planInput("phi-plan", 40)}); err != nil {
		t.Fatal(err)
	}
	sel, err := c.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: plan.BackupPlanId, BackupSelection: &bktypes.BackupSelection{
		SelectionName: aws.String("phi"), IamRoleArn: aws.String("arn:aws:iam::123456789012:role/backup")}})
	if err != nil {
		t.Fatal(err)
	}
	Reset(t)
	f := current(t).fake
	f.mu.Lock()
	left := len(f.state)
	f.mu.Unlock()
	if left != 0 {
		t.Errorf("the fake keeps %d tables after Reset", left)
	}
	_, err = c.GetBackupSelection(ctx, &backup.GetBackupSelectionInput{BackupPlanId: plan.BackupPlanId, SelectionId: sel.SelectionId})
	wantCode(t, "GetBackupSelection after Reset", err, "ResourceNotFoundException")
	_, err = c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: plan.BackupPlanId})
	wantCode(t, "GetBackupPlan after Reset", err, "ResourceNotFoundException")
	createVault(t, c, "phi")
	_, err = c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String("phi")})
	wantCode(t, "GetBackupVaultAccessPolicy after Reset", err, "ResourceNotFoundException")
}
