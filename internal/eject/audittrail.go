package eject

import (
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// AuditTrail renders a hipaa_audit_trail layout: the access-log bucket and
// the log bucket (each hardened as s3bucket applies it), the encrypted log
// group, CloudTrail's delivery role with its attached managed policy and
// the multi-region trail, labelled
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

	role := label(name, audittrail.KeyRole)
	r := e.resource("aws_iam_role", role)
	r.SetAttributeValue("name", cty.StringVal(l.RoleName))
	r.SetAttributeValue("description", cty.StringVal("CloudTrail delivery for "+audittrail.ResourceType+" "+l.Name))
	e.expr(r, "assume_role_policy", e.policy(l.TrustPolicy))
	e.expr(r, "tags", mapExpr(l.Tags(audittrail.KeyRole)))
	policy := label(name, audittrail.KeyRolePolicy)
	p := e.resource("aws_iam_policy", policy)
	e.managedPolicy(p, l.RoleName, l.RolePolicyName, l.RolePolicy)
	e.expr(p, "tags", mapExpr(l.Tags(audittrail.KeyRolePolicy)))
	e.attachment(e.resource("aws_iam_role_policy_attachment", policy), "aws_iam_role."+role+".name", "aws_iam_policy."+policy+".arn")

	t := e.resource("aws_cloudtrail", label(name, audittrail.KeyTrail))
	t.SetAttributeValue("name", cty.StringVal(l.TrailName))
	e.expr(t, "s3_bucket_name", logs+".bucket")
	t.SetAttributeValue("is_multi_region_trail", cty.True)
	t.SetAttributeValue("include_global_service_events", cty.True)
	t.SetAttributeValue("enable_log_file_validation", cty.True)
	t.SetAttributeValue("enable_logging", cty.True)
	e.str(t, "kms_key_id", l.KMSKeyARN)
	e.expr(t, "cloud_watch_logs_group_arn", `"${aws_cloudwatch_log_group.`+label(name, audittrail.KeyLogGroup)+`.arn}:*"`)
	e.expr(t, "cloud_watch_logs_role_arn", "aws_iam_role."+role+".arn")
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
	e.expr(t, "depends_on", list([]string{"aws_s3_bucket_policy." + label(name, l.LogBucket.Key),
		"aws_iam_role_policy_attachment." + policy, access}))
}

// bucket renders one hardened bucket and its configuration resources, and
// returns the address of its aws_s3_bucket. emptyOnDestroy is
// retain_on_destroy = false: destroy empties the bucket (as the provider
// does) rather than fail on the logs in it. Access logging waits for
// targetPolicy, the policy that admits S3 logging to the target bucket.
func (e *File) bucket(name string, b s3bucket.Bucket, emptyOnDestroy bool, targetPolicy string) string {
	lbl := label(name, b.Key)
	addr := "aws_s3_bucket." + lbl
	ref := addr + ".id"
	body := e.resource("aws_s3_bucket", lbl)
	e.str(body, "bucket", b.Name)
	body.SetAttributeValue("object_lock_enabled", cty.BoolVal(b.ObjectLock != nil))
	body.SetAttributeValue("force_destroy", cty.BoolVal(emptyOnDestroy))
	e.expr(body, "tags", mapExpr(b.Tags))

	sub := func(typ string) *hclwrite.Body {
		s := e.resource(typ, lbl)
		e.expr(s, "bucket", ref)
		return s
	}
	o := sub("aws_s3_bucket_ownership_controls").AppendNewBlock("rule", nil).Body()
	o.SetAttributeValue("object_ownership", cty.StringVal("BucketOwnerEnforced"))
	pab := sub("aws_s3_bucket_public_access_block")
	for _, k := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
		pab.SetAttributeValue(k, cty.True)
	}
	rule := sub("aws_s3_bucket_server_side_encryption_configuration").AppendNewBlock("rule", nil).Body()
	def := rule.AppendNewBlock("apply_server_side_encryption_by_default", nil).Body()
	if b.KMSKeyARN == "" {
		def.SetAttributeValue("sse_algorithm", cty.StringVal("AES256"))
	} else {
		def.SetAttributeValue("sse_algorithm", cty.StringVal("aws:kms"))
		e.str(def, "kms_master_key_id", b.KMSKeyARN)
		rule.SetAttributeValue("bucket_key_enabled", cty.True)
	}
	sub("aws_s3_bucket_versioning").AppendNewBlock("versioning_configuration", nil).Body().
		SetAttributeValue("status", cty.StringVal("Enabled"))
	if b.ObjectLock != nil {
		// After versioning, so destroy removes the lock rule while versioning
		// is still on (S3 refuses a lock configuration otherwise).
		lock := sub("aws_s3_bucket_object_lock_configuration")
		d := lock.AppendNewBlock("rule", nil).Body().AppendNewBlock("default_retention", nil).Body()
		d.SetAttributeValue("mode", cty.StringVal(b.ObjectLock.Mode))
		d.SetAttributeValue("days", cty.NumberIntVal(int64(b.ObjectLock.Days)))
		e.expr(lock, "depends_on", list([]string{"aws_s3_bucket_versioning." + lbl}))
	}
	e.expr(sub("aws_s3_bucket_policy"), "policy", e.policy(b.Policy))
	e.lifecycle(sub("aws_s3_bucket_lifecycle_configuration"), b.Lifecycle)
	if b.LoggingTarget != "" {
		lg := sub("aws_s3_bucket_logging")
		e.str(lg, "target_bucket", b.LoggingTarget)
		e.str(lg, "target_prefix", b.LoggingPrefix)
		e.expr(lg, "depends_on", list([]string{targetPolicy}))
	}
	return addr
}

// lifecycle is the bucket's one rule (s3bucket.Lifecycle): its
// transitions, expiries and upload abort (STO-07).
func (e *File) lifecycle(b *hclwrite.Body, lc s3bucket.Lifecycle) {
	r := b.AppendNewBlock("rule", nil).Body()
	r.SetAttributeValue("id", cty.StringVal(lc.ID()))
	r.SetAttributeValue("status", cty.StringVal("Enabled"))
	r.AppendNewBlock("filter", nil).Body().SetAttributeValue("prefix", cty.StringVal(""))
	for _, t := range lc.Transitions {
		tb := r.AppendNewBlock("transition", nil).Body()
		tb.SetAttributeValue("days", cty.NumberIntVal(int64(t.Days)))
		tb.SetAttributeValue("storage_class", cty.StringVal(t.StorageClass))
	}
	if d := lc.ExpireAfterDays; d > 0 {
		r.AppendNewBlock("expiration", nil).Body().SetAttributeValue("days", cty.NumberIntVal(int64(d)))
	}
	if d := lc.NoncurrentVersionExpireAfterDays; d > 0 {
		r.AppendNewBlock("noncurrent_version_expiration", nil).Body().SetAttributeValue("noncurrent_days", cty.NumberIntVal(int64(d)))
	}
	if d := lc.AbortIncompleteMultipartUploadDays; d > 0 {
		r.AppendNewBlock("abort_incomplete_multipart_upload", nil).Body().SetAttributeValue("days_after_initiation", cty.NumberIntVal(int64(d)))
	}
}
