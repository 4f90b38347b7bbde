package eject_test

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// bucket snapshots a bucket's tags and every hardening setting.
func (l *lister) bucket(name string) {
	c := s3.NewFromConfig(l.cfg, func(o *s3.Options) { o.UsePathStyle = true })
	b := aws.String(name)
	jsonOf := func(v any, err error) string {
		l.fail("bucket "+name, err)
		out, _ := json.Marshal(v)
		return string(out)
	}
	tg, err := c.GetBucketTagging(l.ctx, &s3.GetBucketTaggingInput{Bucket: b})
	tags := map[string]string{}
	if err == nil {
		for _, t := range tg.TagSet {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	l.fail("bucket tags", err)
	pab, err := c.GetPublicAccessBlock(l.ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	l.put("bucket", name, "tags=%s public_access_block=%s", mapString(tags), jsonOf(pab.PublicAccessBlockConfiguration, err))
	own, err := c.GetBucketOwnershipControls(l.ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
	l.put("bucket_ownership", name, "%s", jsonOf(own.OwnershipControls, err))
	enc, err := c.GetBucketEncryption(l.ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	l.put("bucket_encryption", name, "%s", l.policyRefs(jsonOf(enc.ServerSideEncryptionConfiguration, err)))
	ver, err := c.GetBucketVersioning(l.ctx, &s3.GetBucketVersioningInput{Bucket: b})
	l.put("bucket_versioning", name, "%s", jsonOf(ver.Status, err))
	pol, err := c.GetBucketPolicy(l.ctx, &s3.GetBucketPolicyInput{Bucket: b})
	l.fail("bucket policy", err)
	if err == nil {
		l.put("bucket_policy", name, "%s", l.policyRefs(canonicalJSON(aws.ToString(pol.Policy))))
	}
	lc, err := c.GetBucketLifecycleConfiguration(l.ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	if err == nil {
		for _, r := range lc.Rules { // a set in S3; hashicorp/aws sends it in hash order
			slices.SortFunc(r.Transitions, func(a, b s3types.Transition) int { return int(aws.ToInt32(a.Days) - aws.ToInt32(b.Days)) })
		}
	}
	l.put("bucket_lifecycle", name, "%s", jsonOf(lc.Rules, err))
	lg, err := c.GetBucketLogging(l.ctx, &s3.GetBucketLoggingInput{Bucket: b})
	l.put("bucket_logging", name, "%s", jsonOf(lg.LoggingEnabled, err))
	lock, err := c.GetObjectLockConfiguration(l.ctx, &s3.GetObjectLockConfigurationInput{Bucket: b})
	if err == nil {
		l.put("bucket_object_lock", name, "%s", jsonOf(lock.ObjectLockConfiguration, nil))
	}
}

// trail snapshots a trail, its event selectors, status and tags.
func (l *lister) trail(name string) {
	c := cloudtrail.NewFromConfig(l.cfg)
	out, err := c.GetTrail(l.ctx, &cloudtrail.GetTrailInput{Name: aws.String(name)})
	l.fail("trail", err)
	if err != nil {
		return
	}
	t := out.Trail
	sel, err := c.GetEventSelectors(l.ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(name)})
	l.fail("trail event selectors", err)
	st, err2 := c.GetTrailStatus(l.ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(name)})
	l.fail("trail status", err2)
	tg, err3 := c.ListTags(l.ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{aws.ToString(t.TrailARN)}})
	l.fail("trail tags", err3)
	if err != nil || err2 != nil || err3 != nil {
		return
	}
	tags := map[string]string{}
	for _, r := range tg.ResourceTagList {
		for _, x := range r.TagsList {
			tags[aws.ToString(x.Key)] = aws.ToString(x.Value)
		}
	}
	for i := range sel.EventSelectors { // no data resources: the emulator keeps [] or null as sent
		if len(sel.EventSelectors[i].DataResources) == 0 {
			sel.EventSelectors[i].DataResources = nil
		}
	}
	selectors, _ := json.Marshal(sel.EventSelectors)
	l.put("trail", name, "bucket=%s multi_region=%t global=%t validation=%t kms=%s group=%s role=%s logging=%t selectors=%s tags=%s",
		aws.ToString(t.S3BucketName), aws.ToBool(t.IsMultiRegionTrail), aws.ToBool(t.IncludeGlobalServiceEvents),
		aws.ToBool(t.LogFileValidationEnabled), l.ref(aws.ToString(t.KmsKeyId)), aws.ToString(t.CloudWatchLogsLogGroupArn),
		aws.ToString(t.CloudWatchLogsRoleArn), aws.ToBool(st.IsLogging), selectors, mapString(tags))
}

// listAuditTrail snapshots the objects of the audit trail test.
func (l *lister) auditTrail(name, alias, account string) {
	l.key[l.keyARN(alias)] = "key " + alias
	for _, purpose := range []string{"access-logs", "audit-logs"} {
		l.bucket(fmt.Sprintf("%s-%s-%s-us-east-1", name, purpose, account))
	}
	l.logGroup("/hipaa/audit/" + name)
	l.role("hipaa-audit-" + name + "-cloudtrail")
	l.trail(name)
}
