package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

type bucketModel struct {
	ID                               types.String   `tfsdk:"id"`
	Name                             types.String   `tfsdk:"name"`
	KMSKeyARN                        types.String   `tfsdk:"kms_key_arn"`
	ObjectLock                       types.Object   `tfsdk:"object_lock"`
	Transitions                      types.List     `tfsdk:"transitions"`
	ExpireAfterDays                  types.Int64    `tfsdk:"expire_after_days"`
	NoncurrentVersionExpireAfterDays types.Int64    `tfsdk:"noncurrent_version_expire_after_days"`
	Replication                      types.Object   `tfsdk:"replication"`
	PresignedURLMaxAgeSeconds        types.Int64    `tfsdk:"presigned_url_max_age_seconds"`
	ReaderARNs                       types.Set      `tfsdk:"reader_arns"`
	WriterARNs                       types.Set      `tfsdk:"writer_arns"`
	AccessLogBucket                  types.String   `tfsdk:"access_log_bucket"`
	RetainOnDestroy                  types.Bool     `tfsdk:"retain_on_destroy"`
	Tags                             types.Map      `tfsdk:"tags"`
	Exceptions                       types.List     `tfsdk:"exceptions"`
	Timeouts                         timeouts.Value `tfsdk:"timeouts"`
	BucketName                       types.String   `tfsdk:"bucket_name"`
	ARN                              types.String   `tfsdk:"arn"`
	AccessLogBucketName              types.String   `tfsdk:"access_log_bucket_name"`
	ReplicaBucketName                types.String   `tfsdk:"replica_bucket_name"`
	ReplicaARN                       types.String   `tfsdk:"replica_arn"`
	ReplicationRoleARN               types.String   `tfsdk:"replication_role_arn"`
	Drift                            types.String   `tfsdk:"drift"`
}

type objectLockModel struct {
	Mode types.String `tfsdk:"mode"`
	Days types.Int64  `tfsdk:"days"`
}

type transitionModel struct {
	Days         types.Int64  `tfsdk:"days"`
	StorageClass types.String `tfsdk:"storage_class"`
}

// spec converts the model and records what is unknown (env as specEnv:
// "" is not known yet): an unknown value is left zero and only the rules
// that read it wait for apply.
func (m bucketModel) spec(ctx context.Context, env specEnv) (bucket.Spec, compliance.Unknown, diag.Diagnostics) {
	c := newConv(ctx)
	s := bucket.Spec{Name: c.str("name", m.Name), KMSKeyARN: c.str("kms_key_arn", m.KMSKeyARN),
		ExpireAfterDays:                  c.int("expire_after_days", m.ExpireAfterDays),
		NoncurrentVersionExpireAfterDays: c.int("noncurrent_version_expire_after_days", m.NoncurrentVersionExpireAfterDays),
		PresignedURLMaxAgeSeconds:        c.int("presigned_url_max_age_seconds", m.PresignedURLMaxAgeSeconds),
		ReaderARNs:                       c.strs("reader_arns", m.ReaderARNs), WriterARNs: c.strs("writer_arns", m.WriterARNs),
		AccessLogBucket: c.str("access_log_bucket", m.AccessLogBucket), RetainOnDestroy: c.boolean("retain_on_destroy", m.RetainOnDestroy),
		Tags: c.strMap("tags", m.Tags), Exceptions: c.exceptions(m.Exceptions),
		Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: env.DefaultTags}
	if m.RetainOnDestroy.IsNull() {
		s.RetainOnDestroy = bucket.DefaultRetainOnDestroy
	}
	for path, v := range map[string]string{"region": env.Region, "account_id": env.AccountID, "partition": env.Partition} {
		if v == "" {
			c.Unknown.Value(path)
		}
	}
	var lock objectLockModel
	if c.object("object_lock", m.ObjectLock, &lock) {
		s.ObjectLock = &bucket.ObjectLock{Mode: c.str("object_lock.mode", lock.Mode), Days: c.int("object_lock.days", lock.Days)}
	}
	s.Replication = c.replication(m.Replication)
	s.Transitions = c.transitions(m.Transitions)
	return s, c.Unknown, c.Diags
}

// transitions reads transitions = [{ days, storage_class }]: null is nil
// (the default applies), [] is empty; an element's unknown field is
// recorded at its index.
func (c *conv) transitions(v types.List) []bucket.Transition {
	const path = "transitions"
	if v.IsUnknown() {
		c.Unknown.Value(path)
		return nil
	}
	if v.IsNull() {
		return nil
	}
	out := []bucket.Transition{}
	for i, e := range v.Elements() {
		at := fmt.Sprintf("%s[%d]", path, i)
		o, ok := e.(types.Object)
		if !ok || o.IsUnknown() {
			c.Unknown.Value(at + ".days")
			out = append(out, bucket.Transition{})
			continue
		}
		var t transitionModel
		c.Diags.Append(o.As(c.ctx, &t, objectAsOptions)...)
		out = append(out, bucket.Transition{Days: c.int(at+".days", t.Days), StorageClass: c.str(at+".storage_class", t.StorageClass)})
	}
	return out
}

// setOutputs fills the computed attributes from the layout.
func (m *bucketModel) setOutputs(l bucket.Layout) {
	m.ID, m.BucketName, m.ARN = types.StringValue(l.BucketName), types.StringValue(l.BucketName), types.StringValue(l.ARN)
	m.AccessLogBucketName = types.StringValue(l.Data.LoggingTarget)
	m.ReplicaBucketName, m.ReplicaARN = types.StringValue(""), types.StringValue("")
	if l.Replica != nil {
		m.ReplicaBucketName, m.ReplicaARN = types.StringValue(l.Replica.Name), types.StringValue(l.Replication.DestinationBucketARN)
	}
	m.ReplicationRoleARN = types.StringValue(l.RoleARN())
	m.Drift = types.StringValue("")
}

// bucketModelOf is the inverse of spec: the arguments of s (defaults
// applied), the outputs null until the Read that follows an import.
func bucketModelOf(ctx context.Context, s bucket.Spec) (bucketModel, diag.Diagnostics) {
	s = s.WithDefaults()
	c := &modelConv{ctx: ctx}
	m := bucketModel{ID: types.StringValue(s.Name), Name: types.StringValue(s.Name), KMSKeyARN: types.StringValue(s.KMSKeyARN),
		ObjectLock: types.ObjectNull(objectLockAttrTypes), Transitions: transitionsValue(s.Transitions),
		ExpireAfterDays: types.Int64Value(int64(s.ExpireAfterDays)), NoncurrentVersionExpireAfterDays: types.Int64Value(int64(s.NoncurrentVersionExpireAfterDays)),
		Replication: types.ObjectNull(replicationAttrTypes), PresignedURLMaxAgeSeconds: types.Int64Value(int64(s.PresignedURLMaxAgeSeconds)),
		ReaderARNs: c.setOrNull(s.ReaderARNs), WriterARNs: c.setOrNull(s.WriterARNs), AccessLogBucket: stringOrNull(s.AccessLogBucket),
		RetainOnDestroy: types.BoolValue(s.RetainOnDestroy), Tags: c.mapOrNull(s.Tags), Exceptions: c.exceptions(s.Exceptions),
		Timeouts:   timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
		BucketName: types.StringNull(), ARN: types.StringNull(), AccessLogBucketName: types.StringNull(), ReplicaBucketName: types.StringNull(),
		ReplicaARN: types.StringNull(), ReplicationRoleARN: types.StringNull(), Drift: types.StringValue("")}
	if l := s.ObjectLock; l != nil {
		m.ObjectLock = c.object(objectLockAttrTypes, map[string]attr.Value{"mode": types.StringValue(l.Mode), "days": types.Int64Value(int64(l.Days))})
	}
	m.Replication = c.replication(s.Replication)
	return m, c.diags
}
