package cache

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

// RotationTrustPolicy is the trust policy of the rotation role: only
// Lambda, acting for this account, may assume it. With an unknown account
// ID ("") the condition is left out; the executor expands with the account
// known.
func RotationTrustPolicy(accountID string) string {
	st := policyStatement{Sid: "LambdaAssumeRole", Effect: "Allow", Principal: map[string]any{"Service": "lambda.amazonaws.com"}, Action: "sts:AssumeRole"}
	if accountID != "" {
		st.Condition = map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountID}}
	}
	return render(policyDocument{Version: "2012-10-17", Statement: []policyStatement{st}})
}

// RotationRolePolicy is the managed policy of the rotation role, least
// privilege: the Secrets Manager ElastiCache user rotation function reads
// and stages exactly the password secret, generates a password, sets it on
// exactly the application user, decrypts and encrypts with exactly the
// customer key through Secrets Manager, and writes only its own log group.
// secretName is the secret's name: its ARN ends in six random characters.
func RotationRolePolicy(l Layout, secretName, userID, logGroup string) string {
	arn := func(service, resource string) string {
		return "arn:" + l.Partition + ":" + service + ":" + l.Region + ":" + l.AccountID + ":" + resource
	}
	return render(policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{Sid: "RotateTheSecret", Effect: "Allow",
			Action:   []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"},
			Resource: arn("secretsmanager", "secret:"+secretName+"-??????")},
		{Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*"},
		{Sid: "SetTheUsersPassword", Effect: "Allow", Action: []string{"elasticache:DescribeUsers", "elasticache:ModifyUser"},
			Resource: arn("elasticache", "user:"+userID)},
		{Sid: "UseTheKeyThroughSecretsManager", Effect: "Allow", Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: l.KMSKeyARN,
			Condition: map[string]any{"StringEquals": map[string]any{"kms:ViaService": "secretsmanager." + l.Region + "." + dnsSuffix(l.Partition)}}},
		{Sid: "WriteItsLogs", Effect: "Allow", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: arn("logs", "log-group:"+logGroup+":*")},
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
