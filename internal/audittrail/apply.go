package audittrail

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the AWS clients the executor uses.
type Clients struct {
	S3         *s3.Client
	CloudTrail *cloudtrail.Client
	Logs       *cloudwatchlogs.Client
	IAM        *iam.Client
}

// Executor creates, repairs and deletes the children of one hipaa_audit_trail.
type Executor struct{ Clients }

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return &awsclient.ChildError{Action: action, Kind: kind, Key: key, Resource: ResourceType, Name: l.Name, Err: err}
}

// Apply converges AWS on the layout: each setting is written with an
// idempotent Put, so the same calls create, repair drift and finish a
// crashed apply; only creations check for existence first (by name and
// owner tag). record receives each child as it exists.
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) error {
	for _, b := range []Bucket{l.AccessBucket, l.LogBucket} {
		if err := x.ensureBucket(ctx, l, b); err != nil {
			return err
		}
		record(b.Key, b.Name)
	}
	if err := x.ensureLogGroup(ctx, l); err != nil {
		return err
	}
	record(KeyLogGroup, l.LogGroupName)
	roleARN, err := x.ensureRole(ctx, l)
	if err != nil {
		return err
	}
	record(KeyRole, roleARN)
	if err := x.ensureTrail(ctx, l, roleARN); err != nil {
		return err
	}
	record(KeyTrail, l.TrailARN())
	return nil
}

func (x Executor) ensureBucket(ctx context.Context, l Layout, b Bucket) error {
	c := x.S3
	fail := func(action string, err error) error { return x.fail(action, "bucket", b.Key, l, err) }
	head, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b.Name)})
	switch {
	case awsclient.HasCode(err, "NoSuchBucket"):
		in := &s3.CreateBucketInput{Bucket: aws.String(b.Name), ObjectLockEnabledForBucket: aws.Bool(b.ObjectLockDays > 0),
			ObjectOwnership: s3types.ObjectOwnershipBucketOwnerEnforced}
		if l.Region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(l.Region)}
		}
		if _, err := c.CreateBucket(ctx, in); err != nil && !awsclient.HasCode(err, "BucketAlreadyOwnedByYou") {
			return fail("creating", err)
		}
	case awsclient.HasCode(err, "NoSuchTagSet"):
		// S3 cannot tag at creation: an apply killed between CreateBucket and
		// PutBucketTagging leaves our bucket untagged. Adopt an untagged bucket
		// of this exact name only while it is empty; anything holding objects
		// may be someone else's.
		empty, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b.Name), MaxKeys: aws.Int32(1)})
		if err != nil {
			return fail("reading", err)
		}
		if aws.ToInt32(empty.KeyCount) > 0 {
			return fail("adopting", &ForeignError{"bucket", b.Name, l.Owner})
		}
	case err != nil:
		return fail("reading", err)
	default:
		if awsclient.S3TagValue(head.TagSet, tags.OwnerKey) != l.Owner {
			return fail("adopting", &ForeignError{"bucket", b.Name, l.Owner})
		}
	}
	steps := []struct {
		what string
		call func() error
	}{
		{"tagging", func() error {
			_, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(b.Name), Tagging: &s3types.Tagging{TagSet: awsclient.S3Tags(l.Tags(b.Key))}})
			return err
		}},
		{"blocking public access to", func() error {
			_, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(b.Name), PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
			return err
		}},
		{"disabling ACLs of", func() error {
			_, err := c.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: aws.String(b.Name), OwnershipControls: &s3types.OwnershipControls{
				Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnershipBucketOwnerEnforced}}}})
			return err
		}},
		{"encrypting", func() error {
			rule := s3types.ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}
			if b.KMSKeyARN != "" {
				rule = s3types.ServerSideEncryptionRule{BucketKeyEnabled: aws.Bool(true), ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
					SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(b.KMSKeyARN)}}
			}
			_, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(b.Name), ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{rule}}})
			return err
		}},
		{"versioning", func() error {
			_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b.Name), VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
			return err
		}},
		{"locking", func() error {
			if b.ObjectLockDays == 0 {
				return nil
			}
			_, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(b.Name), ObjectLockConfiguration: &s3types.ObjectLockConfiguration{
				ObjectLockEnabled: s3types.ObjectLockEnabledEnabled, Rule: &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{
					Mode: s3types.ObjectLockRetentionModeCompliance, Days: aws.Int32(int32(b.ObjectLockDays))}}}})
			return err
		}},
		{"writing the policy of", func() error {
			_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(b.Name), Policy: aws.String(b.Policy)})
			return err
		}},
		{"writing the lifecycle of", func() error {
			_, err := c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(b.Name), LifecycleConfiguration: lifecycle(b.Lifecycle)})
			return err
		}},
		{"turning on access logging of", func() error {
			if b.LoggingTarget == "" {
				return nil
			}
			_, err := c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: aws.String(b.Name), BucketLoggingStatus: &s3types.BucketLoggingStatus{
				LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String(b.LoggingTarget), TargetPrefix: aws.String(b.LoggingPrefix)}}})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			return fail(s.what, err)
		}
	}
	return nil
}

// lifecycle: Standard → Standard-IA → Deep Archive → expiry, for current
// and noncurrent versions (STO-07).
func lifecycle(lc Lifecycle) *s3types.BucketLifecycleConfiguration {
	return &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{
		ID: aws.String("hipaa-audit-retention"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("")},
		Transitions: []s3types.Transition{
			{Days: aws.Int32(int32(lc.StandardDays)), StorageClass: s3types.TransitionStorageClassStandardIa},
			{Days: aws.Int32(int32(lc.InfrequentAccessDays)), StorageClass: s3types.TransitionStorageClassDeepArchive}},
		Expiration:                  &s3types.LifecycleExpiration{Days: aws.Int32(int32(lc.ExpireAfterDays))},
		NoncurrentVersionExpiration: &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(int32(lc.ExpireAfterDays))},
	}}}
}

func (x Executor) ensureLogGroup(ctx context.Context, l Layout) error {
	_, err := x.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(l.LogGroupName), KmsKeyId: aws.String(l.KMSKeyARN), Tags: l.Tags(KeyLogGroup)})
	if err != nil && !awsclient.HasCode(err, "ResourceAlreadyExistsException") {
		return x.fail("creating", "log group", KeyLogGroup, l, err)
	}
	if err != nil && !x.logGroupKeyed(ctx, l) { // it existed with another key (or none)
		if _, err := x.Logs.AssociateKmsKey(ctx, &cloudwatchlogs.AssociateKmsKeyInput{LogGroupName: aws.String(l.LogGroupName), KmsKeyId: aws.String(l.KMSKeyARN)}); err != nil {
			return x.fail("encrypting", "log group", KeyLogGroup, l, err)
		}
	}
	if _, err := x.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(l.LogGroupName), RetentionInDays: aws.Int32(int32(l.RetentionDays))}); err != nil {
		return x.fail("setting retention of", "log group", KeyLogGroup, l, err)
	}
	return nil
}

// logGroupKeyed reports whether the existing log group uses the layout's key.
func (x Executor) logGroupKeyed(ctx context.Context, l Layout) bool {
	out, err := x.Logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(l.LogGroupName)})
	if err != nil {
		return false
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) == l.LogGroupName {
			return aws.ToString(g.KmsKeyId) == l.KMSKeyARN
		}
	}
	return false
}

func (x Executor) ensureRole(ctx context.Context, l Layout) (string, error) {
	var arn string
	got, err := x.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(l.RoleName)})
	var nf *iamtypes.NoSuchEntityException
	switch {
	case errors.As(err, &nf):
		out, err := x.IAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(l.RoleName), AssumeRolePolicyDocument: aws.String(l.TrustPolicy),
			Description: aws.String("CloudTrail delivery for hipaa_audit_trail " + l.Name), Tags: awsclient.IAMTags(l.Tags(KeyRole))})
		if err != nil {
			return "", x.fail("creating", "IAM role", KeyRole, l, err)
		}
		arn = aws.ToString(out.Role.Arn)
	case err != nil:
		return "", x.fail("reading", "IAM role", KeyRole, l, err)
	default:
		if awsclient.IAMTagValue(got.Role.Tags, tags.OwnerKey) != l.Owner {
			return "", x.fail("adopting", "IAM role", KeyRole, l, &ForeignError{"IAM role", l.RoleName, l.Owner})
		}
		arn = aws.ToString(got.Role.Arn)
		if _, err := x.IAM.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(l.RoleName), PolicyDocument: aws.String(l.TrustPolicy)}); err != nil {
			return "", x.fail("updating the trust policy of", "IAM role", KeyRole, l, err)
		}
	}
	if _, err := x.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(l.RoleName), PolicyName: aws.String(l.RolePolicyName), PolicyDocument: aws.String(l.RolePolicy)}); err != nil {
		return "", x.fail("writing the policy of", "IAM role", KeyRolePolicy, l, err)
	}
	return arn, nil
}

func (x Executor) ensureTrail(ctx context.Context, l Layout, roleARN string) error {
	c := x.CloudTrail
	got, err := c.GetTrail(ctx, &cloudtrail.GetTrailInput{Name: aws.String(l.TrailName)})
	var nf *cttypes.TrailNotFoundException
	switch {
	case errors.As(err, &nf):
		_, err = c.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(l.TrailName), S3BucketName: aws.String(l.LogBucket.Name),
			IsMultiRegionTrail: aws.Bool(true), IncludeGlobalServiceEvents: aws.Bool(true), EnableLogFileValidation: aws.Bool(true),
			KmsKeyId: aws.String(l.KMSKeyARN), CloudWatchLogsLogGroupArn: aws.String(l.LogGroupARN()), CloudWatchLogsRoleArn: aws.String(roleARN),
			TagsList: awsclient.CloudTrailTags(l.Tags(KeyTrail))})
		if err != nil {
			return x.fail("creating", "trail", KeyTrail, l, err)
		}
	case err != nil:
		return x.fail("reading", "trail", KeyTrail, l, err)
	default:
		_ = got
		_, err = c.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String(l.TrailName), S3BucketName: aws.String(l.LogBucket.Name),
			IsMultiRegionTrail: aws.Bool(true), IncludeGlobalServiceEvents: aws.Bool(true), EnableLogFileValidation: aws.Bool(true),
			KmsKeyId: aws.String(l.KMSKeyARN), CloudWatchLogsLogGroupArn: aws.String(l.LogGroupARN()), CloudWatchLogsRoleArn: aws.String(roleARN)})
		if err != nil {
			return x.fail("updating", "trail", KeyTrail, l, err)
		}
	}
	if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(l.TrailName), EventSelectors: eventSelectors(l)}); err != nil {
		return x.fail("writing the event selectors of", "trail", KeyTrail, l, err)
	}
	if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(l.TrailName)}); err != nil {
		return x.fail("starting", "trail", KeyTrail, l, err)
	}
	return nil
}

// eventSelectors: all management events, plus S3 object events for the
// data-event buckets (AUD-05).
func eventSelectors(l Layout) []cttypes.EventSelector {
	sel := cttypes.EventSelector{IncludeManagementEvents: aws.Bool(true), ReadWriteType: cttypes.ReadWriteTypeAll}
	if len(l.DataEventBucketARNs) > 0 {
		var values []string
		for _, a := range l.DataEventBucketARNs {
			values = append(values, a+"/")
		}
		sel.DataResources = []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: values}}
	}
	return []cttypes.EventSelector{sel}
}

// ForeignError is an existing object this provider did not create.
type ForeignError struct{ Kind, Name, Owner string }

func (e *ForeignError) Error() string {
	return e.Kind + " " + e.Name + " exists but is not tagged " + tags.OwnerKey + "=" + e.Owner +
		", so this resource did not create it; choose another name, or remove the existing one"
}
