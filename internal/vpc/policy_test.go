package vpc

import (
	"encoding/json"
	"testing"
)

func TestFlowLogTrustPolicy(t *testing.T) {
	got := FlowLogTrustPolicy("123456789012")
	want := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "VPCFlowLogsAssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": "vpc-flow-logs.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "123456789012"
        }
      }
    }
  ]
}`
	if got != want {
		t.Fatalf("trust policy:\n%s", got)
	}
}

func TestFlowLogRolePolicy(t *testing.T) {
	arn := LogGroupARN("aws", "us-east-1", "123456789012", LogGroupName("prod"))
	if arn != "arn:aws:logs:us-east-1:123456789012:log-group:/hipaa/vpc/prod/flow-logs" {
		t.Fatalf("arn = %s", arn)
	}
	got := FlowLogRolePolicy(arn + ":*")
	if got != FlowLogRolePolicy(arn) {
		t.Fatal("a trailing :* must not change the policy")
	}
	var doc struct {
		Statement []struct {
			Sid      string
			Action   any
			Resource any
		}
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != 2 {
		t.Fatalf("policy:\n%s", got)
	}
	write, find := doc.Statement[0], doc.Statement[1]
	if r, _ := json.Marshal(write.Resource); string(r) != `["`+arn+`","`+arn+`:log-stream:*"]` {
		t.Fatalf("write resources = %s", r)
	}
	if a, _ := json.Marshal(write.Action); string(a) != `["logs:CreateLogStream","logs:DescribeLogStreams","logs:PutLogEvents"]` {
		t.Fatalf("write actions = %s", a)
	}
	if find.Resource != "arn:aws:logs:us-east-1:123456789012:log-group:*" || find.Action != "logs:DescribeLogGroups" {
		t.Fatalf("find = %+v", find)
	}
}
