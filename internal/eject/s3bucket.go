package eject

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// bucket renders one hardened bucket and its configuration resources
// (shared by every resource that makes buckets), and returns the address
// of its aws_s3_bucket. emptyOnDestroy is force_destroy: set where the
// provider empties the bucket on destroy (the logs of an audit trail with
// retain_on_destroy = false), never for PHI. Access logging waits for
// targetPolicy, the policy that admits S3 logging to the target bucket
// ("" for a bucket the layout does not make).
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
		if targetPolicy != "" {
			e.expr(lg, "depends_on", list([]string{targetPolicy}))
		}
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

// replication writes r as the replication configuration of the bucket at
// source (an aws_s3_bucket address), as s3bucket.PutReplication does:
// every object, delete markers and, under a replica key, SSE-KMS objects.
// It waits for versioning on both buckets and for the role's policy.
func (e *File) replication(lbl, source, destination, role, attached string, r s3bucket.Replication) {
	b := e.resource("aws_s3_bucket_replication_configuration", lbl)
	e.expr(b, "bucket", source+".id")
	e.expr(b, "role", role+".arn")
	rule := b.AppendNewBlock("rule", nil).Body()
	rule.SetAttributeValue("id", cty.StringVal(r.RuleID))
	rule.SetAttributeValue("priority", cty.NumberIntVal(1))
	rule.SetAttributeValue("status", cty.StringVal("Enabled"))
	rule.AppendNewBlock("filter", nil).Body().SetAttributeValue("prefix", cty.StringVal(""))
	rule.AppendNewBlock("delete_marker_replication", nil).Body().SetAttributeValue("status", cty.StringVal("Enabled"))
	dst := rule.AppendNewBlock("destination", nil).Body()
	e.expr(dst, "bucket", destination+".arn")
	if r.ReplicaKMSKeyARN != "" {
		e.str(dst.AppendNewBlock("encryption_configuration", nil).Body(), "replica_kms_key_id", r.ReplicaKMSKeyARN)
		rule.AppendNewBlock("source_selection_criteria", nil).Body().AppendNewBlock("sse_kms_encrypted_objects", nil).Body().
			SetAttributeValue("status", cty.StringVal("Enabled"))
	}
	versioning := func(bucket string) string {
		return "aws_s3_bucket_versioning." + strings.TrimPrefix(bucket, "aws_s3_bucket.")
	}
	e.expr(b, "depends_on", list([]string{versioning(source), versioning(destination), attached}))
}

// replicas renders a resource's cross-region replication (s3bucket.Replicas):
// the replicas with the aws provider of their region, the role with its
// customer-managed policy, and each source's rule. sources maps a source
// bucket's name to its aws_s3_bucket address; a replica that logs to
// another replica is rendered after it, its logging waiting for that one's
// policy.
func (e *File) replicas(name string, r *s3bucket.Replicas, sources map[string]string, emptyOnDestroy bool, roleKey, policyKey string) {
	addr, policy := map[string]string{}, map[string]string{} // by replica name
	e.inRegion(r.Region, func() {
		for _, first := range []bool{true, false} {
			for _, p := range r.Pairs {
				if (p.Replica.LoggingTarget == "") != first {
					continue
				}
				addr[p.Replica.Name] = e.bucket(name, p.Replica, emptyOnDestroy, policy[p.Replica.LoggingTarget])
				policy[p.Replica.Name] = "aws_s3_bucket_policy." + label(name, p.Replica.Key)
				e.Refer(p.Replica.Name, addr[p.Replica.Name]+".id")
			}
		}
	})
	role, attached := e.serviceRole(name, roleKey, policyKey, r.Role)
	for _, p := range r.Pairs {
		e.replication(label(name, p.RuleKey), sources[p.Source.Name], addr[p.Replica.Name], role, attached, p.Rule)
	}
}
