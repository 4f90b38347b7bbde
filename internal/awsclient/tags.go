package awsclient

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Each service spells a tag as its own struct; these convert a tag map to
// a service's list, sorted by key, and read one key back.

// EC2Tags converts m for EC2.
func EC2Tags(m map[string]string) []ec2types.Tag {
	return convert(m, func(k, v *string) ec2types.Tag { return ec2types.Tag{Key: k, Value: v} })
}

// IAMTags converts m for IAM.
func IAMTags(m map[string]string) []iamtypes.Tag {
	return convert(m, func(k, v *string) iamtypes.Tag { return iamtypes.Tag{Key: k, Value: v} })
}

// RDSTags converts m for RDS.
func RDSTags(m map[string]string) []rdstypes.Tag {
	return convert(m, func(k, v *string) rdstypes.Tag { return rdstypes.Tag{Key: k, Value: v} })
}

// S3Tags converts m for S3.
func S3Tags(m map[string]string) []s3types.Tag {
	return convert(m, func(k, v *string) s3types.Tag { return s3types.Tag{Key: k, Value: v} })
}

// CloudTrailTags converts m for CloudTrail.
func CloudTrailTags(m map[string]string) []cttypes.Tag {
	return convert(m, func(k, v *string) cttypes.Tag { return cttypes.Tag{Key: k, Value: v} })
}

func convert[T any](m map[string]string, mk func(k, v *string) T) []T {
	out := make([]T, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, mk(aws.String(k), aws.String(m[k])))
	}
	return out
}

// TagValue reads key from any service's tag list (nil-safe pointers).
func TagValue[T any](list []T, key string, kv func(T) (*string, *string)) string {
	for _, t := range list {
		if k, v := kv(t); aws.ToString(k) == key {
			return aws.ToString(v)
		}
	}
	return ""
}

// EC2TagValue reads one EC2 tag.
func EC2TagValue(list []ec2types.Tag, key string) string {
	return TagValue(list, key, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
}

// IAMTagValue reads one IAM tag.
func IAMTagValue(list []iamtypes.Tag, key string) string {
	return TagValue(list, key, func(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// RDSTagValue reads one RDS tag.
func RDSTagValue(list []rdstypes.Tag, key string) string {
	return TagValue(list, key, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// S3TagValue reads one S3 tag.
func S3TagValue(list []s3types.Tag, key string) string {
	return TagValue(list, key, func(t s3types.Tag) (*string, *string) { return t.Key, t.Value })
}

// Tagger reads and changes the tags of one AWS object (or, for EC2, of
// several at once), whatever its service calls them. It is the one re-tag
// mechanism: every resource that re-tags a child of a service uses that
// service's constructor below, then Retag or Sync.
type Tagger struct {
	list  func(context.Context) (map[string]string, error) // nil: the tags cannot be read back (EC2Tagger)
	tag   func(context.Context, map[string]string) error
	untag func(context.Context, []string) error
}

// Retag brings the object's tags from have to want, changing only what
// differs (tags.Diff): one call for the keys to add or change, one for the
// keys to remove, none when they match. Keys in keep, and AWS's own "aws:"
// keys, are never removed.
func (t Tagger) Retag(ctx context.Context, want, have map[string]string, keep ...string) error {
	set, remove := tags.Diff(want, have, keep...)
	if len(set) > 0 {
		if err := t.tag(ctx, set); err != nil {
			return err
		}
	}
	if len(remove) > 0 {
		return t.untag(ctx, remove)
	}
	return nil
}

// List reads the object's tags (one call; several for a long IAM or KMS
// list). EC2Tagger cannot: its objects' tags come with their describes.
func (t Tagger) List(ctx context.Context) (map[string]string, error) {
	if t.list == nil {
		return nil, errors.New("this object's tags cannot be read back: use Retag with the tags observed")
	}
	return t.list(ctx)
}

// Sync reads the object's tags (List), then Retag: for a child whose tags
// no earlier read returned.
func (t Tagger) Sync(ctx context.Context, want map[string]string, keep ...string) error {
	have, err := t.List(ctx)
	if err != nil {
		return err
	}
	return t.Retag(ctx, want, have, keep...)
}

// EC2Tagger tags the EC2 objects ids together (CreateTags, DeleteTags);
// its Sync is refused: pass the tags observed to Retag.
func EC2Tagger(c *ec2.Client, ids ...string) Tagger {
	return Tagger{
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: ids, Tags: EC2Tags(set)})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			del := make([]ec2types.Tag, 0, len(keys))
			for _, k := range keys {
				del = append(del, ec2types.Tag{Key: aws.String(k)})
			}
			_, err := c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: ids, Tags: del})
			return err
		},
	}
}

// ELBTags converts m for Elastic Load Balancing.
func ELBTags(m map[string]string) []elbtypes.Tag {
	return convert(m, func(k, v *string) elbtypes.Tag { return elbtypes.Tag{Key: k, Value: v} })
}

// WAFTags converts m for WAFv2.
func WAFTags(m map[string]string) []waftypes.Tag {
	return convert(m, func(k, v *string) waftypes.Tag { return waftypes.Tag{Key: k, Value: v} })
}

// ELBTagger tags the load balancer, target group or listener arn
// (AddTags, RemoveTags, DescribeTags).
func ELBTagger(c *elb.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: []string{arn}})
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			for _, d := range out.TagDescriptions {
				for _, t := range d.Tags {
					m[aws.ToString(t.Key)] = aws.ToString(t.Value)
				}
			}
			return m, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.AddTags(ctx, &elb.AddTagsInput{ResourceArns: []string{arn}, Tags: ELBTags(set)})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.RemoveTags(ctx, &elb.RemoveTagsInput{ResourceArns: []string{arn}, TagKeys: keys})
			return err
		},
	}
}

// WAFTagger tags the WAFv2 web ACL or IP set arn (TagResource,
// UntagResource, ListTagsForResource).
func WAFTagger(c *wafv2.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTagsForResource(ctx, &wafv2.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			if out.TagInfoForResource != nil {
				for _, t := range out.TagInfoForResource.TagList {
					m[aws.ToString(t.Key)] = aws.ToString(t.Value)
				}
			}
			return m, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &wafv2.TagResourceInput{ResourceARN: aws.String(arn), Tags: WAFTags(set)})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &wafv2.UntagResourceInput{ResourceARN: aws.String(arn), TagKeys: keys})
			return err
		},
	}
}

// RDSTagger tags the RDS object arn: an instance, cluster, subnet or
// parameter group, proxy (AddTagsToResource, RemoveTagsFromResource,
// ListTagsForResource).
func RDSTagger(c *rds.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return RDSTagMap(out.TagList), nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: aws.String(arn), Tags: RDSTags(set)})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.RemoveTagsFromResource(ctx, &rds.RemoveTagsFromResourceInput{ResourceName: aws.String(arn), TagKeys: keys})
			return err
		},
	}
}

// LogGroupTagger tags a CloudWatch Logs group by its ARN, without the
// trailing ":*" (TagResource, UntagResource, ListTagsForResource).
func LogGroupTagger(c *cloudwatchlogs.Client, arn string) Tagger {
	arn = strings.TrimSuffix(arn, ":*")
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return out.Tags, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: set})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &cloudwatchlogs.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: keys})
			return err
		},
	}
}

// BackupTagger tags the AWS Backup vault or plan arn (TagResource,
// UntagResource, ListTags).
func BackupTagger(c *backup.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out := map[string]string{}
			p := backup.NewListTagsPaginator(c, &backup.ListTagsInput{ResourceArn: aws.String(arn)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				maps.Copy(out, page.Tags)
			}
			return out, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &backup.TagResourceInput{ResourceArn: aws.String(arn), Tags: set})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &backup.UntagResourceInput{ResourceArn: aws.String(arn), TagKeyList: keys})
			return err
		},
	}
}

// IAMRoleTagger tags the IAM role name (TagRole, UntagRole, ListRoleTags).
func IAMRoleTagger(c *iam.Client, name string) Tagger {
	return iamTagger(func(ctx context.Context, marker *string) ([]iamtypes.Tag, *string, error) {
		out, err := c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String(name), Marker: marker})
		if err != nil {
			return nil, nil, err
		}
		return out.Tags, nextMarker(out.IsTruncated, out.Marker), nil
	}, func(ctx context.Context, t []iamtypes.Tag) error {
		_, err := c.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String(name), Tags: t})
		return err
	}, func(ctx context.Context, keys []string) error {
		_, err := c.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String(name), TagKeys: keys})
		return err
	})
}

// IAMPolicyTagger tags the managed policy arn (TagPolicy, UntagPolicy,
// ListPolicyTags).
func IAMPolicyTagger(c *iam.Client, arn string) Tagger {
	return iamTagger(func(ctx context.Context, marker *string) ([]iamtypes.Tag, *string, error) {
		out, err := c.ListPolicyTags(ctx, &iam.ListPolicyTagsInput{PolicyArn: aws.String(arn), Marker: marker})
		if err != nil {
			return nil, nil, err
		}
		return out.Tags, nextMarker(out.IsTruncated, out.Marker), nil
	}, func(ctx context.Context, t []iamtypes.Tag) error {
		_, err := c.TagPolicy(ctx, &iam.TagPolicyInput{PolicyArn: aws.String(arn), Tags: t})
		return err
	}, func(ctx context.Context, keys []string) error {
		_, err := c.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: aws.String(arn), TagKeys: keys})
		return err
	})
}

// iamTagger is the Tagger of one IAM object: page lists one page of its
// tags from marker and returns the next marker (nil after the last page).
func iamTagger(page func(context.Context, *string) ([]iamtypes.Tag, *string, error),
	tag func(context.Context, []iamtypes.Tag) error, untag func(context.Context, []string) error) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out := map[string]string{}
			var marker *string
			for {
				t, next, err := page(ctx, marker)
				if err != nil {
					return nil, err
				}
				maps.Copy(out, IAMTagMap(t))
				if marker = next; marker == nil {
					return out, nil
				}
			}
		},
		tag:   func(ctx context.Context, set map[string]string) error { return tag(ctx, IAMTags(set)) },
		untag: untag,
	}
}

// nextMarker is the marker of an IAM list's next page; nil after the last.
func nextMarker(truncated bool, marker *string) *string {
	if !truncated {
		return nil
	}
	return marker
}

// CloudTrailTagger tags the trail arn (AddTags, RemoveTags, ListTags).
func CloudTrailTagger(c *cloudtrail.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}})
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			for _, r := range out.ResourceTagList {
				maps.Copy(m, CloudTrailTagMap(r.TagsList))
			}
			return m, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: CloudTrailTags(set)})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			del := make([]cttypes.Tag, 0, len(keys))
			for _, k := range keys {
				del = append(del, cttypes.Tag{Key: aws.String(k)})
			}
			_, err := c.RemoveTags(ctx, &cloudtrail.RemoveTagsInput{ResourceId: aws.String(arn), TagsList: del})
			return err
		},
	}
}

// KMSTagger tags the KMS key keyID (TagResource, UntagResource,
// ListResourceTags).
func KMSTagger(c *kms.Client, keyID string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out := map[string]string{}
			p := kms.NewListResourceTagsPaginator(c, &kms.ListResourceTagsInput{KeyId: aws.String(keyID)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				for _, t := range page.Tags {
					out[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
				}
			}
			return out, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(keyID), Tags: KMSTags(set)})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: aws.String(keyID), TagKeys: keys})
			return err
		},
	}
}

// GuardDutyTagger tags the GuardDuty object arn, such as a detector
// (TagResource, UntagResource, ListTagsForResource).
func GuardDutyTagger(c *guardduty.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTagsForResource(ctx, &guardduty.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return out.Tags, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &guardduty.TagResourceInput{ResourceArn: aws.String(arn), Tags: set})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &guardduty.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: keys})
			return err
		},
	}
}

// SecurityHubTagger tags the Security Hub object arn, such as the hub
// (TagResource, UntagResource, ListTagsForResource).
func SecurityHubTagger(c *securityhub.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return out.Tags, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: aws.String(arn), Tags: set})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &securityhub.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: keys})
			return err
		},
	}
}

// AccessAnalyzerTagger tags the IAM Access Analyzer object arn, such as an
// analyzer (TagResource, UntagResource, ListTagsForResource).
func AccessAnalyzerTagger(c *accessanalyzer.Client, arn string) Tagger {
	return Tagger{
		list: func(ctx context.Context) (map[string]string, error) {
			out, err := c.ListTagsForResource(ctx, &accessanalyzer.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return out.Tags, nil
		},
		tag: func(ctx context.Context, set map[string]string) error {
			_, err := c.TagResource(ctx, &accessanalyzer.TagResourceInput{ResourceArn: aws.String(arn), Tags: set})
			return err
		},
		untag: func(ctx context.Context, keys []string) error {
			_, err := c.UntagResource(ctx, &accessanalyzer.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: keys})
			return err
		},
	}
}

// KMSTags converts m for KMS.
func KMSTags(m map[string]string) []kmstypes.Tag {
	return convert(m, func(k, v *string) kmstypes.Tag { return kmstypes.Tag{TagKey: k, TagValue: v} })
}

// EC2TagMap reads an EC2 tag list as a map.
func EC2TagMap(list []ec2types.Tag) map[string]string {
	return tagMap(list, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
}

// IAMTagMap reads an IAM tag list as a map.
func IAMTagMap(list []iamtypes.Tag) map[string]string {
	return tagMap(list, func(t iamtypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// RDSTagMap reads an RDS tag list as a map.
func RDSTagMap(list []rdstypes.Tag) map[string]string {
	return tagMap(list, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// S3TagMap reads an S3 tag list as a map.
func S3TagMap(list []s3types.Tag) map[string]string {
	return tagMap(list, func(t s3types.Tag) (*string, *string) { return t.Key, t.Value })
}

// CloudTrailTagMap reads a CloudTrail tag list as a map.
func CloudTrailTagMap(list []cttypes.Tag) map[string]string {
	return tagMap(list, func(t cttypes.Tag) (*string, *string) { return t.Key, t.Value })
}

func tagMap[T any](list []T, kv func(T) (*string, *string)) map[string]string {
	out := make(map[string]string, len(list))
	for _, t := range list {
		k, v := kv(t)
		out[aws.ToString(k)] = aws.ToString(v)
	}
	return out
}
