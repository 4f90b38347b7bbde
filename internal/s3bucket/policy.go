package s3bucket

import (
	"encoding/json"
	"fmt"
)

// Statement is one IAM policy statement.
type Statement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal any            `json:"Principal,omitempty"`
	Action    any            `json:"Action"`
	Resource  any            `json:"Resource,omitempty"`
	Condition map[string]any `json:"Condition,omitempty"`
}

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Policy renders a 2012-10-17 policy of the statements.
func Policy(statements ...Statement) string {
	b, err := json.Marshal(Document{Version: "2012-10-17", Statement: statements})
	if err != nil {
		panic(err) // static structures: cannot fail
	}
	return string(b)
}

// ARN is the bucket's ARN in the partition.
func ARN(partition, name string) string { return fmt.Sprintf("arn:%s:s3:::%s", partition, name) }

// TLSOnly denies any request without TLS, or with TLS below 1.2 (STO-05).
// The principal is spelled {"AWS": "*"}, which AWS treats as "*": the
// emulator's server-access-logging check cannot read a bare "*".
func TLSOnly(bucketARN string) []Statement {
	res := []string{bucketARN, bucketARN + "/*"}
	everyone := map[string]string{"AWS": "*"}
	return []Statement{
		{Sid: "DenyInsecureTransport", Effect: "Deny", Principal: everyone, Action: "s3:*", Resource: res,
			Condition: map[string]any{"Bool": map[string]string{"aws:SecureTransport": "false"}}},
		{Sid: "DenyTLSBelow12", Effect: "Deny", Principal: everyone, Action: "s3:*", Resource: res,
			Condition: map[string]any{"NumericLessThan": map[string]string{"s3:TlsVersion": "1.2"}}},
	}
}

// AccessLogPolicy is the policy of an access-log bucket: TLS only, and S3
// server access logging from this account may write under prefix only.
func AccessLogPolicy(partition, name, prefix, account string) string {
	arn := ARN(partition, name)
	return Policy(append(TLSOnly(arn),
		Statement{Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: map[string]string{"Service": "logging.s3.amazonaws.com"},
			Action: "s3:PutObject", Resource: arn + "/" + prefix + "*",
			Condition: map[string]any{"StringEquals": map[string]string{"aws:SourceAccount": account}}},
	)...)
}

// SamePolicy compares two policy documents by meaning (key order and
// whitespace aside).
func SamePolicy(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}
