package audittrail

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Observed is what exists of one audit trail.
type Observed struct {
	Trail     *cttypes.Trail
	Logging   bool
	Selectors []cttypes.EventSelector
	Buckets   map[string]*BucketState // by key; nil entry = missing
	LogGroup  bool
	// LogGroupRetentionDays is the log group's retention; 0 when it is
	// missing or keeps logs forever.
	LogGroupRetentionDays int
	Tags                  map[string]string  // the trail's tags
	Role                  servicerole.Inline // CloudTrail's role: exists, and its inline policies (drift)
	// Replication is the replication role and rules; zero without
	// replication.
	Replication s3bucket.ReplicasState
}

// BucketState is the part of a bucket's configuration the provider owns.
type BucketState = s3bucket.State

// Observe reads the trail (GetTrail, GetTrailStatus, GetEventSelectors),
// each bucket's settings, the log group and the role's inline policies. A missing trail is NotFound.
func Observe(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	o, err := readTrail(ctx, c, l)
	if err != nil {
		return nil, err
	}
	if o.Tags[tags.OwnerKey] != l.Owner {
		return nil, &tags.ForeignError{Kind: "trail", Name: l.TrailName, Owner: l.Owner}
	}
	if err := o.readRest(ctx, c, l); err != nil {
		return nil, err
	}
	return o, nil
}

// readTrail reads the trail and its tags (GetTrail, ListTags); a missing
// trail is NotFound.
func readTrail(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	got, err := c.CloudTrail.GetTrail(ctx, &cloudtrail.GetTrailInput{Name: aws.String(l.TrailName)})
	var nf *cttypes.TrailNotFoundException
	if errors.As(err, &nf) {
		return nil, &awsclient.NotFoundError{Kind: "trail", ID: l.TrailName}
	}
	if err != nil {
		return nil, fmt.Errorf("reading trail %s: %w", l.TrailName, err)
	}
	o := &Observed{Trail: got.Trail, Buckets: map[string]*BucketState{}}
	tl, err := c.CloudTrail.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{aws.ToString(got.Trail.TrailARN)}})
	if err != nil {
		return nil, fmt.Errorf("reading the tags of trail %s: %w", l.TrailName, err)
	}
	o.Tags = map[string]string{}
	for _, r := range tl.ResourceTagList {
		for _, t := range r.TagsList {
			o.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return o, nil
}

// readRest reads the trail's status and selectors, the buckets (the
// replicas through S3 in their region), the log group, the role and, with
// replication, the replication role and rules.
func (o *Observed) readRest(ctx context.Context, c Clients, l Layout) error {
	st, err := c.CloudTrail.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(l.TrailName)})
	if err != nil {
		return fmt.Errorf("reading the status of trail %s: %w", l.TrailName, err)
	}
	o.Logging = aws.ToBool(st.IsLogging)
	sel, err := c.CloudTrail.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(l.TrailName)})
	if err != nil {
		return fmt.Errorf("reading the event selectors of trail %s: %w", l.TrailName, err)
	}
	o.Selectors = sel.EventSelectors
	s3For := Executor{c}.s3For(l)
	for _, b := range l.Buckets() {
		s3c, _ := s3For(b)
		if o.Buckets[b.Key], err = s3bucket.Read(ctx, s3c, b, l.Owner); err != nil {
			return err
		}
	}
	if r := l.Replicas; r != nil {
		if o.Replication, err = r.Read(ctx, c.IAM, c.S3, l.owner(), KeyReplicationRole); err != nil {
			return err
		}
	}
	groups, err := loggroup.Read(ctx, c.Logs, l.LogGroupName)
	if err != nil {
		return err
	}
	if g, ok := groups[l.LogGroupName]; ok {
		o.LogGroupRetentionDays = g.RetentionDays
		o.LogGroup = loggroup.Drift(l.logGroup(), &g) == nil
	}
	o.Role, err = servicerole.Probe(ctx, c.IAM, l.RoleName)
	return err
}

// Drift lists every difference from the layout, in a fixed order.
func Drift(l Layout, o *Observed) []string {
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	t := o.Trail
	if !o.Logging {
		add("trail %s is not logging (AUD-01)", l.TrailName)
	}
	if !aws.ToBool(t.IsMultiRegionTrail) || !aws.ToBool(t.IncludeGlobalServiceEvents) {
		add("trail %s is not multi-region with global service events (AUD-01)", l.TrailName)
	}
	if !aws.ToBool(t.LogFileValidationEnabled) {
		add("trail %s log-file validation is off (AUD-02)", l.TrailName)
	}
	if aws.ToString(t.KmsKeyId) != l.KMSKeyARN {
		add("trail %s is encrypted with %q, want %s (AUD-03)", l.TrailName, aws.ToString(t.KmsKeyId), l.KMSKeyARN)
	}
	if aws.ToString(t.CloudWatchLogsLogGroupArn) != l.LogGroupARN() || aws.ToString(t.CloudWatchLogsRoleArn) != l.RoleARN() {
		add("trail %s does not deliver to CloudWatch Logs group %s through role %s (AUD-04)", l.TrailName, l.LogGroupName, l.RoleName)
	}
	if aws.ToString(t.S3BucketName) != l.LogBucket.Name {
		add("trail %s delivers to bucket %q, want %s", l.TrailName, aws.ToString(t.S3BucketName), l.LogBucket.Name)
	}
	if want := dataValues(eventSelectors(l)); want != dataValues(o.Selectors) {
		add("trail %s logs S3 data events for %s, want %s (AUD-05)", l.TrailName, dataValues(o.Selectors), want)
	}
	if !o.LogGroup {
		add("log group %s is missing, or its key or retention differs (AUD-06)", l.LogGroupName)
	}
	if !o.Role.Exists {
		add("role %s is missing (AUD-04)", l.RoleName)
	}
	d = append(d, o.Role.Drift(l.RoleName)...)
	if s := tags.Describe(l.Tags(KeyTrail), o.Tags); s != "" { // the trail's stand for its children's (ensureTags)
		add("trail %s tags differ: %s", l.TrailName, s)
	}
	for _, b := range l.Buckets() {
		d = append(d, s3bucket.Drift(b, o.Buckets[b.Key])...)
	}
	if r := l.Replicas; r != nil {
		d = append(d, r.Drift(o.Replication)...)
	}
	return d
}

func dataValues(sel []cttypes.EventSelector) string {
	var out []string
	for _, s := range sel {
		for _, r := range s.DataResources {
			out = append(out, r.Values...)
		}
	}
	return fmt.Sprint(out)
}

// LockDays is the log bucket's Object Lock retention, or the default when
// unread (import).
func (o *Observed) LockDays() int {
	if b := o.Buckets[KeyLogBucket]; b != nil && b.ObjectLock != nil && b.ObjectLock.Days > 0 {
		return b.ObjectLock.Days
	}
	return DefaultObjectLockDays
}

// DataEventBucketARNs are the buckets whose object events the trail logs.
func (o *Observed) DataEventBucketARNs() []string {
	var out []string
	for _, s := range o.Selectors {
		for _, r := range s.DataResources {
			for _, v := range r.Values {
				if len(v) > 0 && v[len(v)-1] == '/' {
					v = v[:len(v)-1]
				}
				out = append(out, v)
			}
		}
	}
	return out
}
