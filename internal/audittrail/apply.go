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

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
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
// owner tag). record receives each child as it exists. Last, the tags of
// the children that existed are brought in line (ensureTags); the
// buckets' whole tag set is written with their settings.
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) error {
	for _, b := range []Bucket{l.AccessBucket, l.LogBucket} {
		if err := x.ensureBucket(awsclient.WithChild(ctx, b.Key, l.Owner), l, b); err != nil {
			return err
		}
		record(b.Key, b.Name)
	}
	var e existed
	var err error
	if e.logGroup, err = x.ensureLogGroup(ctx, l); err != nil {
		return err
	}
	record(KeyLogGroup, l.LogGroupName)
	roleARN, err := x.ensureRole(ctx, l, &e)
	if err != nil {
		return err
	}
	record(KeyRole, roleARN)
	if e.trailARN, err = x.ensureTrail(ctx, l, roleARN); err != nil {
		return err
	}
	record(KeyTrail, l.TrailARN())
	return x.ensureTags(ctx, l, e)
}

// existed is what the apply found already there, whose tags may be old.
type existed struct {
	logGroup bool
	role     bool
	roleTags map[string]string
	trailARN string // "": the trail was created by this apply
}

// ensureTags changes only the tags that differ from the layout's
// (awsclient.Tagger), on the children that existed before this apply. The
// trail's tags (one read) stand for the log group's, which no describe
// returns: when they differ, or the trail is new beside an older log group
// (kept by an earlier destroy), the log group's are read and repaired. The
// role's came with GetRole. The trail is re-tagged last, so an interrupted
// re-tag still shows as drift.
func (x Executor) ensureTags(ctx context.Context, l Layout, e existed) error {
	trail := awsclient.CloudTrailTagger(x.CloudTrail, e.trailARN)
	var have map[string]string
	stale := e.trailARN == ""
	if !stale {
		var err error
		if have, err = trail.List(awsclient.WithChild(ctx, KeyTrail, l.Owner)); err != nil {
			return x.fail("reading the tags of", "trail", KeyTrail, l, err)
		}
		stale = tags.Describe(l.Tags(KeyTrail), have) != ""
	}
	if e.logGroup && stale {
		if err := awsclient.LogGroupTagger(x.Logs, l.LogGroupARN()).Sync(awsclient.WithChild(ctx, KeyLogGroup, l.Owner), l.Tags(KeyLogGroup)); err != nil {
			return x.fail("tagging", "log group", KeyLogGroup, l, err)
		}
	}
	if e.role {
		if err := awsclient.IAMRoleTagger(x.IAM, l.RoleName).Retag(awsclient.WithChild(ctx, KeyRole, l.Owner), l.Tags(KeyRole), e.roleTags); err != nil {
			return x.fail("tagging", "IAM role", KeyRole, l, err)
		}
	}
	if e.trailARN != "" {
		if err := trail.Retag(awsclient.WithChild(ctx, KeyTrail, l.Owner), l.Tags(KeyTrail), have); err != nil {
			return x.fail("tagging", "trail", KeyTrail, l, err)
		}
	}
	return nil
}

func (x Executor) ensureBucket(ctx context.Context, l Layout, b Bucket) error {
	err := s3bucket.Ensure(ctx, x.S3, b, l.Owner, l.Region)
	var be *s3bucket.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, s3bucket.ErrNotOurs):
		return x.fail("adopting", "bucket", b.Key, l, &ForeignError{"bucket", b.Name, l.Owner})
	case errors.As(err, &be):
		return x.fail(be.Action, "bucket", b.Key, l, be.Err)
	}
	return x.fail("applying", "bucket", b.Key, l, err)
}

// ensureLogGroup creates or repairs the log group; existed reports that it
// was there before.
func (x Executor) ensureLogGroup(ctx context.Context, l Layout) (existed bool, err error) {
	_, err = x.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(l.LogGroupName), KmsKeyId: aws.String(l.KMSKeyARN), Tags: l.Tags(KeyLogGroup)})
	if err != nil && !awsclient.HasCode(err, "ResourceAlreadyExistsException") {
		return false, x.fail("creating", "log group", KeyLogGroup, l, err)
	}
	existed = err != nil
	if existed && !x.logGroupKeyed(ctx, l) { // it existed with another key (or none)
		if _, err := x.Logs.AssociateKmsKey(ctx, &cloudwatchlogs.AssociateKmsKeyInput{LogGroupName: aws.String(l.LogGroupName), KmsKeyId: aws.String(l.KMSKeyARN)}); err != nil {
			return existed, x.fail("encrypting", "log group", KeyLogGroup, l, err)
		}
	}
	if _, err := x.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(l.LogGroupName), RetentionInDays: aws.Int32(int32(l.RetentionDays))}); err != nil {
		return existed, x.fail("setting retention of", "log group", KeyLogGroup, l, err)
	}
	return existed, nil
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

// ensureRole creates or repairs the delivery role; e learns the tags of a
// role that existed.
func (x Executor) ensureRole(ctx context.Context, l Layout, e *existed) (string, error) {
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
		e.role, e.roleTags = true, awsclient.IAMTagMap(got.Role.Tags)
		if _, err := x.IAM.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(l.RoleName), PolicyDocument: aws.String(l.TrustPolicy)}); err != nil {
			return "", x.fail("updating the trust policy of", "IAM role", KeyRole, l, err)
		}
	}
	if _, err := x.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(l.RoleName), PolicyName: aws.String(l.RolePolicyName), PolicyDocument: aws.String(l.RolePolicy)}); err != nil {
		return "", x.fail("writing the policy of", "IAM role", KeyRolePolicy, l, err)
	}
	return arn, nil
}

// ensureTrail creates or repairs the trail; existingARN is the ARN of a
// trail that existed, "" when this apply created it.
func (x Executor) ensureTrail(ctx context.Context, l Layout, roleARN string) (existingARN string, err error) {
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
			return "", x.fail("creating", "trail", KeyTrail, l, err)
		}
	case err != nil:
		return "", x.fail("reading", "trail", KeyTrail, l, err)
	default:
		existingARN = aws.ToString(got.Trail.TrailARN)
		_, err = c.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String(l.TrailName), S3BucketName: aws.String(l.LogBucket.Name),
			IsMultiRegionTrail: aws.Bool(true), IncludeGlobalServiceEvents: aws.Bool(true), EnableLogFileValidation: aws.Bool(true),
			KmsKeyId: aws.String(l.KMSKeyARN), CloudWatchLogsLogGroupArn: aws.String(l.LogGroupARN()), CloudWatchLogsRoleArn: aws.String(roleARN)})
		if err != nil {
			return existingARN, x.fail("updating", "trail", KeyTrail, l, err)
		}
	}
	if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(l.TrailName), EventSelectors: eventSelectors(l)}); err != nil {
		return existingARN, x.fail("writing the event selectors of", "trail", KeyTrail, l, err)
	}
	if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(l.TrailName)}); err != nil {
		return existingARN, x.fail("starting", "trail", KeyTrail, l, err)
	}
	return existingARN, nil
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
