package vpc

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

// FlowLogTrustPolicy is the trust policy of the flow log role: only the VPC
// Flow Logs service, acting for this account, may assume it.
func FlowLogTrustPolicy(accountID string) string {
	return render(policyDocument{Version: "2012-10-17", Statement: []policyStatement{{
		Sid:       "VPCFlowLogsAssumeRole",
		Effect:    "Allow",
		Principal: map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
		Action:    "sts:AssumeRole",
		Condition: map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountID}},
	}}})
}

// FlowLogRolePolicy is the managed policy of the flow log role: write streams
// of this one log group, and find the group. logGroupARN may end in ":*" as
// DescribeLogGroups returns it.
func FlowLogRolePolicy(logGroupARN string) string {
	arn := strings.TrimSuffix(logGroupARN, ":*")
	return render(policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{
			Sid:      "WriteFlowLogStreams",
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
			Resource: []string{arn, arn + ":log-stream:*"},
		},
		{
			Sid:      "FindFlowLogGroup",
			Effect:   "Allow",
			Action:   "logs:DescribeLogGroups",
			Resource: logGroupsOf(arn),
		},
	}})
}

// logGroupsOf turns ".../log-group:<name>" into ".../log-group:*" (the
// resource DescribeLogGroups is authorized on: this account and region).
func logGroupsOf(arn string) string {
	if i := strings.Index(arn, ":log-group:"); i >= 0 {
		return arn[:i] + ":log-group:*"
	}
	return arn
}

// LogGroupARN is the ARN of a log group, without the ":*" suffix.
func LogGroupARN(partition, region, accountID, name string) string {
	return loggroup.ARN(partition, region, accountID, name)
}

// flowLogGroup is the flow-log group as internal/loggroup ensures it.
func (l Layout) flowLogGroup() loggroup.Spec {
	f := l.FlowLog
	return loggroup.Spec{Name: f.LogGroupName, KMSKeyARN: f.KMSKeyARN, RetentionDays: f.RetentionDays, Tags: l.Tags(f.LogGroupKey)}
}

// flowLogRole is the delivery role and its managed policy as
// internal/servicerole ensures them.
func (l Layout) flowLogRole(env Env) servicerole.Spec {
	f := l.FlowLog
	return servicerole.Spec{RoleName: f.RoleName, TrustPolicy: FlowLogTrustPolicy(env.AccountID),
		PolicyName: f.RolePolicyName, PolicyDocument: FlowLogRolePolicy(LogGroupARN(env.Partition, env.Region, env.AccountID, f.LogGroupName)),
		Tags: l.Tags(f.RoleKey), PolicyTags: l.Tags(f.RolePolicyKey), Partition: env.Partition, AccountID: env.AccountID}
}

func render(d policyDocument) string {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		panic(err) // static shapes of strings: cannot fail
	}
	return string(b)
}
