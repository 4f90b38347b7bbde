package database

import (
	"encoding/json"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

type policyStatement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal,omitempty"`
	Action    any            `json:"Action"`
	Resource  any            `json:"Resource,omitempty"`
	Condition map[string]any `json:"Condition,omitempty"`
}

type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

// MonitoringTrustPolicy is the trust policy of the enhanced monitoring role:
// only RDS monitoring, acting for this account, may assume it. With an
// unknown account ID ("") the condition is left out; the executor expands
// with the account known.
func MonitoringTrustPolicy(accountID string) string {
	return trustPolicy("RDSMonitoringAssumeRole", "monitoring.rds.amazonaws.com", accountID)
}

// ProxyTrustPolicy is the trust policy of the proxy role: only RDS, acting
// for this account, may assume it.
func ProxyTrustPolicy(accountID string) string {
	return trustPolicy("RDSProxyAssumeRole", "rds.amazonaws.com", accountID)
}

func trustPolicy(sid, service, accountID string) string {
	st := policyStatement{Sid: sid, Effect: "Allow", Principal: map[string]any{"Service": service}, Action: "sts:AssumeRole"}
	if accountID != "" {
		st.Condition = map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountID}}
	}
	return render(policyDocument{Version: "2012-10-17", Statement: []policyStatement{st}})
}

// logGroup is the log group g as internal/loggroup ensures it.
func (l Layout) logGroup(g LogGroup) loggroup.Spec {
	return loggroup.Spec{Name: g.Name, KMSKeyARN: g.KMSKeyARN, RetentionDays: g.RetentionDays, Tags: l.Tags(g.Key)}
}

// monitoringRole is the enhanced monitoring role with AWS's managed
// policy, as internal/servicerole ensures it.
func (l Layout) monitoringRole() servicerole.Spec {
	m := l.MonitoringRole
	return servicerole.Spec{RoleName: m.Name, Description: ResourceType + " " + l.Identifier, TrustPolicy: m.AssumeRolePolicy,
		ManagedPolicyARNs: []string{m.ManagedPolicyARN}, Tags: l.Tags(m.Key), Partition: l.Env.Partition, AccountID: l.Env.AccountID}
}

// proxyRole is the proxy's role and its managed policy, which names the
// master user secret: secret "" leaves the policy document out. It is
// named from the identifier, so a proxy no longer in the layout is found.
func (l Layout) proxyRole(secret string) servicerole.Spec {
	name := ProxyRoleName(l.Identifier)
	s := servicerole.Spec{RoleName: name, Description: ResourceType + " " + l.Identifier, TrustPolicy: ProxyTrustPolicy(l.Env.AccountID),
		PolicyName: servicerole.PolicyName(name, ProxyRolePolicyName), Tags: l.Tags(KeyProxyRole), PolicyTags: l.Tags(KeyProxyRolePolicy),
		Partition: l.Env.Partition, AccountID: l.Env.AccountID}
	if secret != "" {
		s.PolicyDocument = ProxyRolePolicy(l.Env.Partition, secret, l.Instance.kmsOr(l.Cluster), l.Env.Region)
	}
	return s
}

// ProxyRolePolicy is the managed policy of the proxy role, least privilege:
// read exactly the master user secret, and decrypt with exactly the key that
// encrypts it, only through Secrets Manager in region.
func ProxyRolePolicy(partition, secretARN, kmsKeyARN, region string) string {
	return render(policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{
			Sid:      "ReadMasterUserSecret",
			Effect:   "Allow",
			Action:   "secretsmanager:GetSecretValue",
			Resource: secretARN,
		},
		{
			Sid:       "DecryptMasterUserSecret",
			Effect:    "Allow",
			Action:    "kms:Decrypt",
			Resource:  kmsKeyARN,
			Condition: map[string]any{"StringEquals": map[string]any{"kms:ViaService": "secretsmanager." + region + "." + dnsSuffix(partition)}},
		},
	}})
}

// dnsSuffix is the service domain of a partition: "amazonaws.com", or
// "amazonaws.com.cn" in China.
func dnsSuffix(partition string) string {
	if strings.HasPrefix(partition, "aws-cn") {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// render encodes d as compact JSON; struct fields keep the key order fixed.
func render(d policyDocument) string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // static shapes of strings: cannot fail
	}
	return string(b)
}
