package eject

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// AuditTrail renders a hipaa_audit_trail layout: the access-log bucket and
// the log bucket (each hardened as s3bucket applies it), the encrypted log
// group, CloudTrail's delivery role with its attached managed policy and
// the multi-region trail and, with replication, the replicas in their
// region, the replication role and both buckets' rules, labelled
// "<name>_<child key>".
func (e *File) AuditTrail(name string, l audittrail.Layout) {
	access := e.bucket(name, l.AccessBucket, !l.RetainOnDestroy, "")
	e.Refer(l.AccessBucket.Name, access+".id") // the log bucket's logging target
	logs := e.bucket(name, l.LogBucket, !l.RetainOnDestroy, "aws_s3_bucket_policy."+label(name, l.AccessBucket.Key))

	g := e.resource("aws_cloudwatch_log_group", label(name, audittrail.KeyLogGroup))
	g.SetAttributeValue("name", cty.StringVal(l.LogGroupName))
	g.SetAttributeValue("retention_in_days", cty.NumberIntVal(int64(l.RetentionDays)))
	e.str(g, "kms_key_id", l.KMSKeyARN)
	g.SetAttributeValue("skip_destroy", cty.BoolVal(l.RetainOnDestroy))
	e.expr(g, "tags", mapExpr(l.Tags(audittrail.KeyLogGroup)))

	role, attached := e.serviceRole(name, audittrail.KeyRole, audittrail.KeyRolePolicy, servicerole.Spec{RoleName: l.RoleName,
		Description: "CloudTrail delivery for " + audittrail.ResourceType + " " + l.Name, TrustPolicy: l.TrustPolicy,
		PolicyName: l.RolePolicyName, PolicyDocument: l.RolePolicy, Tags: l.Tags(audittrail.KeyRole), PolicyTags: l.Tags(audittrail.KeyRolePolicy)})

	t := e.resource("aws_cloudtrail", label(name, audittrail.KeyTrail))
	t.SetAttributeValue("name", cty.StringVal(l.TrailName))
	e.expr(t, "s3_bucket_name", logs+".bucket")
	t.SetAttributeValue("is_multi_region_trail", cty.True)
	t.SetAttributeValue("include_global_service_events", cty.True)
	t.SetAttributeValue("enable_log_file_validation", cty.True)
	t.SetAttributeValue("enable_logging", cty.True)
	e.str(t, "kms_key_id", l.KMSKeyARN)
	e.expr(t, "cloud_watch_logs_group_arn", `"${aws_cloudwatch_log_group.`+label(name, audittrail.KeyLogGroup)+`.arn}:*"`)
	e.expr(t, "cloud_watch_logs_role_arn", role+".arn")
	sel := t.AppendNewBlock("event_selector", nil).Body()
	sel.SetAttributeValue("include_management_events", cty.True)
	sel.SetAttributeValue("read_write_type", cty.StringVal("All"))
	if len(l.DataEventBucketARNs) > 0 {
		values := make([]string, 0, len(l.DataEventBucketARNs))
		for _, a := range l.DataEventBucketARNs {
			values = append(values, e.literal(a+"/"))
		}
		d := sel.AppendNewBlock("data_resource", nil).Body()
		d.SetAttributeValue("type", cty.StringVal("AWS::S3::Object"))
		e.expr(d, "values", list(values))
	}
	e.expr(t, "tags", mapExpr(l.Tags(audittrail.KeyTrail)))
	e.expr(t, "depends_on", list([]string{"aws_s3_bucket_policy." + label(name, l.LogBucket.Key), attached, access}))
	if r := l.Replicas; r != nil {
		e.replicas(name, r, map[string]string{l.LogBucket.Name: logs, l.AccessBucket.Name: access}, !l.RetainOnDestroy,
			audittrail.KeyReplicationRole, audittrail.KeyReplicationPolicy)
	}
}
