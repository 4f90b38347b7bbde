package kmskey

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// Env is what the policy needs from the account; supplied by the executor.
type Env struct {
	Partition string
	Region    string
	AccountID string
}

type statement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal"`
	Action    []string       `json:"Action"`
	Resource  string         `json:"Resource"`
	Condition map[string]any `json:"Condition,omitempty"`
}

type document struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

var (
	adminActions = []string{"kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*",
		"kms:Enable*", "kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand",
		"kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:Update*"}
	useActions   = []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}
	grantActions = []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}
)

// Sid prefixes; Import reads allowed services and principals back from them.
const (
	sidAccountAdmin = "AccountRootAdministersKey"
	sidAdmins       = "AdministratorsAdministerKey"
	sidUsers        = "UsersUseKey"
	sidServicePfx   = "Service-"
)

// Policy renders the least-privilege key policy: the account root and the
// administrators may administer but not use the key; users may use it; each
// allowed service may use it only on this account's behalf.
func Policy(s Spec, e Env) (string, error) {
	if e.AccountID == "" {
		return "", fmt.Errorf("the key policy needs the account ID: do not set skip_requesting_account_id")
	}
	root := fmt.Sprintf("arn:%s:iam::%s:root", e.Partition, e.AccountID)
	doc := document{Version: "2012-10-17", Statement: []statement{
		{Sid: sidAccountAdmin, Effect: "Allow", Principal: map[string]any{"AWS": root}, Action: adminActions, Resource: "*"},
	}}
	if len(s.AdministratorARNs) > 0 {
		doc.Statement = append(doc.Statement, statement{Sid: sidAdmins, Effect: "Allow",
			Principal: map[string]any{"AWS": s.AdministratorARNs}, Action: adminActions, Resource: "*"})
	}
	if len(s.UserARNs) > 0 {
		doc.Statement = append(doc.Statement, statement{Sid: sidUsers, Effect: "Allow",
			Principal: map[string]any{"AWS": s.UserARNs}, Action: useActions, Resource: "*"})
	}
	for _, svc := range s.AllowedServices {
		doc.Statement = append(doc.Statement, serviceStatement(svc, e))
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return string(b), err
}

func serviceStatement(svc string, e Env) statement {
	st := statement{Sid: sidServicePfx + svc, Effect: "Allow", Resource: "*"}
	switch svc {
	case "logs":
		st.Principal = map[string]any{"Service": "logs." + e.Region + ".amazonaws.com"}
		st.Action = []string{"kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"}
		st.Condition = map[string]any{"ArnLike": map[string]any{
			"kms:EncryptionContext:aws:logs:arn": fmt.Sprintf("arn:%s:logs:%s:%s:*", e.Partition, e.Region, e.AccountID)}}
	case "cloudtrail", "config":
		st.Principal = map[string]any{"Service": svc + ".amazonaws.com"}
		st.Action = []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"}
		st.Condition = map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": e.AccountID}}
	default:
		st.Principal = map[string]any{"AWS": "*"}
		st.Action = append(slices.Clone(useActions), grantActions...)
		slices.Sort(st.Action)
		st.Condition = map[string]any{"StringEquals": map[string]any{
			"kms:CallerAccount": e.AccountID, "kms:ViaService": viaServiceHost(svc, e.Region)}}
	}
	return st
}

// PolicyEqual compares two policy documents semantically: key order,
// whitespace, one-element lists versus scalars and list order do not matter.
func PolicyEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(canonical(x), canonical(y))
}

func canonical(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = canonical(e)
		}
		return out
	case []any:
		if len(t) == 1 {
			return canonical(t[0])
		}
		parts := make([]string, len(t))
		for i, e := range t {
			b, _ := json.Marshal(canonical(e))
			parts[i] = string(b)
		}
		slices.Sort(parts)
		return strings.Join(parts, "\x00")
	}
	return v
}

// FromPolicy reads allowed services and principals back from a policy this
// provider wrote (by statement Sid); used by import.
func FromPolicy(policy string) (services, admins, users []string, err error) {
	var doc struct{ Statement []map[string]any }
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		return nil, nil, nil, fmt.Errorf("parsing key policy: %w", err)
	}
	for _, st := range doc.Statement {
		sid, _ := st["Sid"].(string)
		switch {
		case strings.HasPrefix(sid, sidServicePfx):
			services = append(services, strings.TrimPrefix(sid, sidServicePfx))
		case sid == sidAdmins:
			admins = principalsOf(st)
		case sid == sidUsers:
			users = principalsOf(st)
		}
	}
	return lists.SortedUnique(services), admins, users, nil
}

func principalsOf(st map[string]any) []string {
	p, _ := st["Principal"].(map[string]any)
	switch v := p["AWS"].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return lists.SortedUnique(out)
	}
	return nil
}
