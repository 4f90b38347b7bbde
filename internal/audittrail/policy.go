package audittrail

import (
	"encoding/json"
	"fmt"
)

type statement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal any            `json:"Principal,omitempty"`
	Action    any            `json:"Action"`
	Resource  any            `json:"Resource,omitempty"`
	Condition map[string]any `json:"Condition,omitempty"`
}

type document struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

func render(d document) string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // static structures: cannot fail
	}
	return string(b)
}

// tlsOnly denies any request without TLS, or with TLS below 1.2 (STO-05).
// The principal is spelled {"AWS": "*"}, which AWS treats as "*": the
// emulator's server-access-logging check cannot read a bare "*".
func tlsOnly(bucketARN string) []statement {
	res := []string{bucketARN, bucketARN + "/*"}
	everyone := map[string]string{"AWS": "*"}
	return []statement{
		{Sid: "DenyInsecureTransport", Effect: "Deny", Principal: everyone, Action: "s3:*", Resource: res,
			Condition: map[string]any{"Bool": map[string]string{"aws:SecureTransport": "false"}}},
		{Sid: "DenyTLSBelow12", Effect: "Deny", Principal: everyone, Action: "s3:*", Resource: res,
			Condition: map[string]any{"NumericLessThan": map[string]string{"s3:TlsVersion": "1.2"}}},
	}
}

func bucketARN(l Layout, name string) string { return fmt.Sprintf("arn:%s:s3:::%s", l.Partition, name) }

// logBucketPolicy admits only this trail's writes (AUD-01).
func logBucketPolicy(l Layout) string {
	arn := bucketARN(l, l.LogBucket.Name)
	source := map[string]any{"StringEquals": map[string]string{"aws:SourceArn": l.TrailARN()}}
	write := map[string]any{"StringEquals": map[string]string{"aws:SourceArn": l.TrailARN(), "s3:x-amz-acl": "bucket-owner-full-control"}}
	return render(document{Version: "2012-10-17", Statement: append(tlsOnly(arn),
		statement{Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: map[string]string{"Service": "cloudtrail.amazonaws.com"},
			Action: "s3:GetBucketAcl", Resource: arn, Condition: source},
		statement{Sid: "CloudTrailWrite", Effect: "Allow", Principal: map[string]string{"Service": "cloudtrail.amazonaws.com"},
			Action: "s3:PutObject", Resource: fmt.Sprintf("%s/AWSLogs/%s/*", arn, l.AccountID), Condition: write},
	)})
}

// accessBucketPolicy admits only S3 server access logging from this account.
func accessBucketPolicy(l Layout) string {
	arn := bucketARN(l, l.AccessBucket.Name)
	return render(document{Version: "2012-10-17", Statement: append(tlsOnly(arn),
		statement{Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: map[string]string{"Service": "logging.s3.amazonaws.com"},
			Action: "s3:PutObject", Resource: arn + "/" + l.LogBucket.LoggingPrefix + "*",
			Condition: map[string]any{"StringEquals": map[string]string{"aws:SourceAccount": l.AccountID}}},
	)})
}

func trustPolicy(l Layout) string {
	return render(document{Version: "2012-10-17", Statement: []statement{{Sid: "CloudTrail", Effect: "Allow",
		Principal: map[string]string{"Service": "cloudtrail.amazonaws.com"}, Action: "sts:AssumeRole", Resource: nil,
		Condition: map[string]any{"StringEquals": map[string]string{"aws:SourceArn": l.TrailARN()}}}}})
}

// rolePolicy lets CloudTrail write only to this trail's log group (AUD-04).
func rolePolicy(l Layout) string {
	streams := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:log-stream:*", l.Partition, l.Region, l.AccountID, l.LogGroupName)
	return render(document{Version: "2012-10-17", Statement: []statement{{Sid: "DeliverToLogGroup", Effect: "Allow", Principal: nil,
		Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: streams}}})
}

// samePolicy compares two policy documents by meaning (key order and
// whitespace aside).
func samePolicy(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}
