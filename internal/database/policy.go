package database

import (
	"encoding/json"
	"strings"
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

// ProxyRolePolicy is the inline policy of the proxy role, least privilege:
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
