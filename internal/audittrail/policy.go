package audittrail

import (
	"fmt"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

type statement = s3bucket.Statement

// logBucketPolicy admits only this trail's writes (AUD-01).
func logBucketPolicy(l Layout) string {
	arn := s3bucket.ARN(l.Partition, l.LogBucket.Name)
	source := map[string]any{"StringEquals": map[string]string{"aws:SourceArn": l.TrailARN()}}
	write := map[string]any{"StringEquals": map[string]string{"aws:SourceArn": l.TrailARN(), "s3:x-amz-acl": "bucket-owner-full-control"}}
	return s3bucket.Policy(append(s3bucket.TLSOnly(arn),
		statement{Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: map[string]string{"Service": "cloudtrail.amazonaws.com"},
			Action: "s3:GetBucketAcl", Resource: arn, Condition: source},
		statement{Sid: "CloudTrailWrite", Effect: "Allow", Principal: map[string]string{"Service": "cloudtrail.amazonaws.com"},
			Action: "s3:PutObject", Resource: fmt.Sprintf("%s/AWSLogs/%s/*", arn, l.AccountID), Condition: write},
	)...)
}

// accessBucketPolicy admits only S3 server access logging from this account.
func accessBucketPolicy(l Layout) string {
	return s3bucket.AccessLogPolicy(l.Partition, l.AccessBucket.Name, l.LogBucket.LoggingPrefix, l.AccountID)
}

func trustPolicy(l Layout) string {
	return s3bucket.Policy(statement{Sid: "CloudTrail", Effect: "Allow",
		Principal: map[string]string{"Service": "cloudtrail.amazonaws.com"}, Action: "sts:AssumeRole",
		Condition: map[string]any{"StringEquals": map[string]string{"aws:SourceArn": l.TrailARN()}}})
}

// logGroup is the log group as internal/loggroup ensures it.
func (l Layout) logGroup() loggroup.Spec {
	return loggroup.Spec{Name: l.LogGroupName, KMSKeyARN: l.KMSKeyARN, RetentionDays: l.RetentionDays, Tags: l.Tags(KeyLogGroup)}
}

// role is CloudTrail's delivery role and its managed policy as
// internal/servicerole ensures them.
func (l Layout) role() servicerole.Spec {
	return servicerole.Spec{RoleName: l.RoleName, Description: "CloudTrail delivery for " + ResourceType + " " + l.Name,
		TrustPolicy: l.TrustPolicy, PolicyName: l.RolePolicyName, PolicyDocument: l.RolePolicy, Tags: l.Tags(KeyRole), PolicyTags: l.Tags(KeyRolePolicy),
		Partition: l.Partition, AccountID: l.AccountID}
}

// rolePolicy lets CloudTrail write only to this trail's log group (AUD-04).
func rolePolicy(l Layout) string {
	streams := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:log-stream:*", l.Partition, l.Region, l.AccountID, l.LogGroupName)
	return s3bucket.Policy(statement{Sid: "DeliverToLogGroup", Effect: "Allow",
		Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: streams})
}
