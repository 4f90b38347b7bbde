package acctest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AWS Backup. moto 5.2.1 serves vaults, Vault Lock, plans and tags (with
// the ListTags fix in emulatorfix.go; fake_backup_test.go checks them),
// but has no backup selections, no UpdateBackupPlan (it answers 500), no
// vault access policy or notifications and no
// ListRecoveryPointsByBackupVault: the fake serves those. As it keeps plan
// versions and selections moto does not know, it also answers
// GetBackupPlan, ListBackupPlans and DeleteBackupPlan, by asking moto and
// adding what it holds: the latest version of an updated plan, not found
// for a deleted plan (moto still returns it), and the refusal to delete a
// plan that has selections. Like AWS, it keeps all this per region;
// vaults and plans themselves stay in moto.
func registerBackup(f *fake) {
	registerBackupSelections(f)
	registerBackupPlanVersions(f)
	registerBackupVaultSettings(f)
}

var motoClient = &http.Client{Timeout: 30 * time.Second}

// moto asks the emulator the fake stands beside, signed as r (moto takes
// the region from the Authorization header), and decodes its JSON answer;
// f.mu is held.
func (f *fake) moto(r *http.Request, method, path string) (int, map[string]any) {
	req, err := http.NewRequest(method, f.emulator+path, nil)
	if err != nil {
		return 500, map[string]any{"__type": "ServiceUnavailableException", "message": err.Error()}
	}
	req.Header.Set("Authorization", r.Header.Get("Authorization"))
	req.Header.Set("X-Amz-Date", r.Header.Get("X-Amz-Date"))
	resp, err := motoClient.Do(req)
	if err != nil {
		return 502, map[string]any{"__type": "ServiceUnavailableException", "message": err.Error()}
	}
	defer func() { _ = resp.Body.Close() }()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// motoError is moto's error answer, passed on.
func motoError(out map[string]any) fakeError {
	if code := str(out, "__type"); code != "" {
		return fakeError{code, str(out, "message")}
	}
	return fakeError{"ServiceUnavailableException", "moto gave no error code"}
}

// AWS Backup answers ResourceNotFoundException with 400.
func backupNotFound(what string) (int, any) {
	return 400, fakeError{"ResourceNotFoundException", what + " not found"}
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func epochNow() float64 { return float64(time.Now().UnixMilli()) / 1000 }

func planID(r *http.Request) string {
	return strings.Split(strings.TrimPrefix(r.URL.Path, "/backup/plans/"), "/")[0]
}

// Backup selections: moto has none. A plan's selections are kept until
// deleted; a plan that has any cannot be deleted (DeleteBackupPlan below).
func registerBackupSelections(f *fake) {
	f.handlers["backup:CreateBackupSelection"] = func(f *fake, r *http.Request, b map[string]any) (int, any) {
		sel, _ := b["BackupSelection"].(map[string]any)
		id, created := newID(), epochNow()
		f.table("backup", "selections")[id] = map[string]any{"SelectionId": id, "BackupPlanId": planID(r), "BackupSelection": sel,
			"SelectionName": str(sel, "SelectionName"), "IamRoleArn": str(sel, "IamRoleArn"), "CreationDate": created,
			"CreatorRequestId": str(b, "CreatorRequestId")}
		return 200, map[string]any{"SelectionId": id, "BackupPlanId": planID(r), "CreationDate": created}
	}
	selection := func(f *fake, r *http.Request) (map[string]any, bool) {
		s, ok := f.table("backup", "selections")[lastSegment(r.URL.Path)].(map[string]any)
		return s, ok && s["BackupPlanId"] == planID(r)
	}
	f.handlers["backup:GetBackupSelection"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		s, ok := selection(f, r)
		if !ok {
			return backupNotFound("backup selection")
		}
		return 200, s
	}
	f.handlers["backup:ListBackupSelections"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		return 200, map[string]any{"BackupSelectionsList": f.selectionsOf(planID(r))}
	}
	f.handlers["backup:DeleteBackupSelection"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		if _, ok := selection(f, r); !ok {
			return backupNotFound("backup selection")
		}
		delete(f.table("backup", "selections"), lastSegment(r.URL.Path))
		return 200, map[string]any{}
	}
}

func (f *fake) selectionsOf(plan string) []any {
	out := []any{}
	for _, s := range f.table("backup", "selections") {
		if s.(map[string]any)["BackupPlanId"] == plan {
			out = append(out, s)
		}
	}
	return out
}

// planVersion is one version UpdateBackupPlan made of a plan.
type planVersion struct {
	id   string
	plan map[string]any // BackupPlan, as GetBackupPlan returns it
}

// planVersions are the versions of one plan the fake made, oldest first;
// moto keeps the plan and its first version.
type planVersions []planVersion

func (f *fake) planVersions(id string) planVersions {
	v, _ := f.table("backup", "plan-versions")[id].(planVersions)
	return v
}

func (v planVersions) find(id string) (planVersion, bool) {
	for _, p := range v {
		if p.id == id {
			return p, true
		}
	}
	return planVersion{}, false
}

// overlay makes a GetBackupPlan or ListBackupPlans entry show version p.
func (p planVersion) overlay(out map[string]any, withPlan bool) {
	out["VersionId"] = p.id
	if withPlan {
		out["BackupPlan"] = p.plan
	} else {
		out["BackupPlanName"] = p.plan["BackupPlanName"]
	}
	delete(out, "AdvancedBackupSettings")
	if s, ok := p.plan["AdvancedBackupSettings"]; ok {
		out["AdvancedBackupSettings"] = s
	}
}

// UpdateBackupPlan, which moto lacks, and the plan reads and delete that
// must show its versions. moto still holds the plan (its ARN, creation
// date, tags, first version); the fake holds the later versions.
func registerBackupPlanVersions(f *fake) {
	// current is the plan as moto has it, or the error AWS would answer.
	current := func(f *fake, r *http.Request) (map[string]any, int, any) {
		status, out := f.moto(r, http.MethodGet, "/backup/plans/"+planID(r))
		if status != 200 {
			return nil, status, motoError(out)
		}
		if out["DeletionDate"] != nil {
			status, e := backupNotFound("backup plan " + planID(r))
			return nil, status, e
		}
		return out, 200, nil
	}
	f.handlers["backup:UpdateBackupPlan"] = func(f *fake, r *http.Request, b map[string]any) (int, any) {
		cur, status, e := current(f, r)
		if cur == nil {
			return status, e
		}
		plan, _ := b["BackupPlan"].(map[string]any)
		rules, _ := plan["Rules"].([]any)
		if str(plan, "BackupPlanName") == "" || len(rules) == 0 {
			return 400, fakeError{"MissingParameterValueException", "BackupPlan needs BackupPlanName and Rules"}
		}
		for _, rule := range rules { // the defaults moto's CreateBackupPlan fills in
			m, ok := rule.(map[string]any)
			if !ok {
				return 400, fakeError{"InvalidParameterValueException", "a rule is not an object"}
			}
			for k, v := range map[string]any{"ScheduleExpression": "cron(0 5 ? * * *)", "StartWindowMinutes": 480.0,
				"CompletionWindowMinutes": 10080.0, "ScheduleExpressionTimezone": "Etc/UTC"} {
				if _, ok := m[k]; !ok {
					m[k] = v
				}
			}
			m["RuleId"] = newID()
		}
		v := planVersion{id: rand.Text(), plan: plan}
		f.table("backup", "plan-versions")[planID(r)] = append(f.planVersions(planID(r)), v)
		out := map[string]any{"BackupPlanId": planID(r), "BackupPlanArn": cur["BackupPlanArn"], "CreationDate": cur["CreationDate"], "VersionId": v.id}
		if s, ok := plan["AdvancedBackupSettings"]; ok {
			out["AdvancedBackupSettings"] = s
		}
		return 200, out
	}
	f.handlers["backup:GetBackupPlan"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		versions, want := f.planVersions(planID(r)), r.URL.Query().Get("versionId")
		if v, ok := versions.find(want); ok { // a version the fake made: moto knows the plan, not it
			status, out := f.moto(r, http.MethodGet, "/backup/plans/"+planID(r))
			if status != 200 {
				return status, motoError(out)
			}
			v.overlay(out, true)
			return 200, out
		}
		if want != "" { // moto's own version
			status, out := f.moto(r, http.MethodGet, "/backup/plans/"+planID(r)+"?versionId="+url.QueryEscape(want))
			if status != 200 {
				return status, motoError(out)
			}
			return 200, out
		}
		out, status, e := current(f, r)
		if out == nil {
			return status, e
		}
		if len(versions) > 0 {
			versions[len(versions)-1].overlay(out, true)
		}
		return 200, out
	}
	f.handlers["backup:ListBackupPlans"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		status, out := f.moto(r, http.MethodGet, r.URL.RequestURI())
		if status != 200 {
			return status, motoError(out)
		}
		list, _ := out["BackupPlansList"].([]any)
		for _, p := range list {
			m, _ := p.(map[string]any)
			if versions := f.planVersions(str(m, "BackupPlanId")); len(versions) > 0 {
				versions[len(versions)-1].overlay(m, false)
			}
		}
		return 200, out
	}
	f.handlers["backup:DeleteBackupPlan"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		if cur, status, e := current(f, r); cur == nil {
			return status, e
		}
		if len(f.selectionsOf(planID(r))) > 0 {
			return 400, fakeError{"InvalidRequestException", "Related backup plan selections must be deleted prior to backup plan deletion"}
		}
		status, out := f.moto(r, http.MethodDelete, "/backup/plans/"+planID(r))
		if status != 200 {
			return status, motoError(out)
		}
		if versions := f.planVersions(planID(r)); len(versions) > 0 {
			out["VersionId"] = versions[len(versions)-1].id
		}
		return 200, out
	}
}

// vaultSettings are what the fake keeps of one vault. created is moto's
// CreationDate of that vault: a vault deleted and made again has none.
type vaultSettings struct {
	name, arn, created string
	policy             string         // access policy; "" when none
	notifications      map[string]any // SNSTopicArn, BackupVaultEvents; nil when none
}

// vault is the settings of the vault the call names, if moto has it.
func (f *fake) vault(r *http.Request) (*vaultSettings, int, any) {
	name := strings.Split(strings.TrimPrefix(r.URL.Path, "/backup-vaults/"), "/")[0]
	status, out := f.moto(r, http.MethodGet, "/backup-vaults/"+name)
	if status != 200 {
		if e := motoError(out); e.code != "ResourceNotFoundException" {
			return nil, status, e
		}
		status, e := backupNotFound("backup vault " + name)
		return nil, status, e
	}
	t := f.table("backup", "vaults")
	v, _ := t[name].(*vaultSettings)
	if created := fmt.Sprint(out["CreationDate"]); v == nil || v.created != created {
		v = &vaultSettings{name: name, arn: str(out, "BackupVaultArn"), created: created}
		t[name] = v
	}
	return v, 200, nil
}

// denies reports whether the vault's access policy denies action to
// everyone, unconditionally. AWS applies it to the Backup calls on the
// vault: internal/backupplan/policy.go relies on that for
// PutBackupVaultAccessPolicy.
func (v *vaultSettings) denies(action string) bool {
	var doc map[string]any
	if json.Unmarshal([]byte(v.policy), &doc) != nil {
		return false
	}
	statements, ok := doc["Statement"].([]any)
	if !ok {
		statements = []any{doc["Statement"]}
	}
	for _, s := range statements {
		st, _ := s.(map[string]any)
		if st == nil || st["Effect"] != "Deny" || st["Condition"] != nil {
			continue
		}
		principal := st["Principal"]
		if m, ok := principal.(map[string]any); ok {
			principal = m["AWS"]
		}
		if holds(principal, "*") && holds(st["Action"], action) && (holds(st["Resource"], "*") || holds(st["Resource"], v.arn)) {
			return true
		}
	}
	return false
}

// holds reports whether a policy element (a string or a list of them) holds s.
func holds(element any, s string) bool {
	switch e := element.(type) {
	case string:
		return e == s
	case []any:
		for _, x := range e {
			if x == s {
				return true
			}
		}
	}
	return false
}

// Vault access policy, notifications and recovery points: moto has none
// of these operations. Each needs the vault in moto (else
// ResourceNotFoundException) and is refused when the vault's policy
// denies it.
func registerBackupVaultSettings(f *fake) {
	vaultOp := func(op string, serve func(v *vaultSettings, b map[string]any) (int, any)) {
		f.handlers["backup:"+op] = func(f *fake, r *http.Request, b map[string]any) (int, any) {
			v, status, e := f.vault(r)
			if v == nil {
				return status, e
			}
			if v.denies("backup:" + op) {
				return 403, fakeError{"AccessDeniedException", "the access policy of backup vault " + v.name + " denies backup:" + op}
			}
			return serve(v, b)
		}
	}
	vaultOp("PutBackupVaultAccessPolicy", func(v *vaultSettings, b map[string]any) (int, any) {
		var doc map[string]any
		if json.Unmarshal([]byte(str(b, "Policy")), &doc) != nil {
			return 400, fakeError{"InvalidParameterValueException", "the policy is not a JSON object"}
		}
		v.policy = str(b, "Policy")
		return 200, map[string]any{}
	})
	vaultOp("GetBackupVaultAccessPolicy", func(v *vaultSettings, _ map[string]any) (int, any) {
		if v.policy == "" {
			return backupNotFound("access policy of backup vault " + v.name)
		}
		return 200, map[string]any{"BackupVaultName": v.name, "BackupVaultArn": v.arn, "Policy": v.policy}
	})
	vaultOp("DeleteBackupVaultAccessPolicy", func(v *vaultSettings, _ map[string]any) (int, any) {
		v.policy = ""
		return 200, map[string]any{}
	})
	vaultOp("PutBackupVaultNotifications", func(v *vaultSettings, b map[string]any) (int, any) {
		v.notifications = map[string]any{"SNSTopicArn": b["SNSTopicArn"], "BackupVaultEvents": b["BackupVaultEvents"]}
		return 200, map[string]any{}
	})
	vaultOp("GetBackupVaultNotifications", func(v *vaultSettings, _ map[string]any) (int, any) {
		if v.notifications == nil {
			return backupNotFound("notifications of backup vault " + v.name)
		}
		out := map[string]any{"BackupVaultName": v.name, "BackupVaultArn": v.arn}
		for k, x := range v.notifications {
			out[k] = x
		}
		return 200, out
	})
	vaultOp("DeleteBackupVaultNotifications", func(v *vaultSettings, _ map[string]any) (int, any) {
		v.notifications = nil
		return 200, map[string]any{}
	})
	// moto makes no recovery points (no backup jobs): every vault is empty.
	vaultOp("ListRecoveryPointsByBackupVault", func(*vaultSettings, map[string]any) (int, any) {
		return 200, map[string]any{"RecoveryPoints": []any{}}
	})
}
