package awsclient

import (
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
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
