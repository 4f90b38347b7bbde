package audittrail

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the AWS clients the executor uses: S3 in the trail's region
// and in the replicas' (awsclient.Client.InRegion), and the rest in the
// trail's.
type Clients struct {
	S3         *s3.Client
	ReplicaS3  *s3.Client // nil without replication
	CloudTrail *cloudtrail.Client
	Logs       *cloudwatchlogs.Client
	IAM        *iam.Client
}

// Executor creates, repairs and deletes the children of one hipaa_audit_trail.
type Executor struct{ Clients }

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Name, err)
}

// Apply converges AWS on the layout: each setting is written with an
// idempotent Put, so the same calls create, repair drift and finish a
// crashed apply; only creations check for existence first (by name and
// owner tag). record receives each child as it exists. The order comes
// from Layout.Children (steps). Last, the tags of the children that
// existed are brought in line (ensureTags); the buckets' whole tag set is
// written with their settings.
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) error {
	rec := executor.NewRecorder(record)
	var e existed
	ctx = awsclient.WithChild(ctx, "", l.Owner)
	// The trail is looked up at the start, beside the first steps.
	e.trail = make(chan trailLookup, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		got, err := x.CloudTrail.GetTrail(awsclient.WithChild(ctx, KeyTrail, ""), &cloudtrail.GetTrailInput{Name: aws.String(l.TrailName)})
		e.trail <- trailLookup{got, err}
	}()
	err := executor.Schedule(ctx, executor.Graph(l.Children()), x.steps(l, rec, &e))
	wg.Wait() // no call outlives the apply
	return err
}

// trailLookup is the answer of GetTrail.
type trailLookup struct {
	got *cloudtrail.GetTrailOutput
	err error
}

// steps are the phases of one Apply, by the kinds of child they own.
func (x Executor) steps(l Layout, rec *executor.Recorder, e *existed) []executor.Step {
	var roleARN string
	steps := []executor.Step{
		{Name: "buckets", Kinds: []string{string(KindBucket)}, Run: func(ctx context.Context) error {
			// All at once; a bucket's settings wait for the bucket it logs to.
			return s3bucket.EnsureAll(ctx, l.Buckets(), l.owner(), x.s3For(l), func(b Bucket) { rec.Put(b.Key, b.Name) })
		}},
		{Name: "log-group", Kinds: []string{string(KindLogGroup)}, Run: func(ctx context.Context) (err error) {
			if e.logGroup, err = x.ensureLogGroup(ctx, l); err == nil {
				rec.Put(KeyLogGroup, l.LogGroupName)
			}
			return err
		}},
		{Name: "role", Kinds: []string{string(KindIAMRole), string(KindIAMPolicy)}, Run: func(ctx context.Context) (err error) {
			// CloudTrail's role and the replication role, at once.
			var replErr error
			done := make(chan struct{})
			go func() {
				defer close(done)
				if l.Replicas != nil {
					e.replicationRole, replErr = l.Replicas.EnsureRole(ctx, x.IAM, l.owner(), KeyReplicationRole, KeyReplicationPolicy, rec.Put)
				}
			}()
			if roleARN, err = x.ensureRole(awsclient.WithChild(ctx, KeyRole, ""), l, e); err == nil {
				rec.Put(KeyRole, roleARN)
			}
			<-done
			return errors.Join(err, replErr)
		}},
		{Name: "replication", Kinds: []string{string(KindReplication)}, Run: func(ctx context.Context) error {
			if l.Replicas == nil {
				return nil
			}
			return l.Replicas.PutRules(ctx, x.S3, l.owner(), rec.Put)
		}},
		{Name: "trail", Kinds: []string{string(KindTrail)}, Run: func(ctx context.Context) (err error) {
			if e.trailARN, err = x.ensureTrail(ctx, l, roleARN, <-e.trail); err == nil {
				rec.Put(KeyTrail, l.TrailARN())
			}
			return err
		}},
	}
	after := make([]string, len(steps))
	for i, s := range steps {
		after[i] = s.Name
	}
	return append(steps, executor.Step{Name: "tags", After: after, Run: func(ctx context.Context) error { return x.ensureTags(ctx, l, *e) }})
}

// existed is what the apply found already there, whose tags may be old.
type existed struct {
	logGroup        bool
	role            bool
	roleTags        map[string]string
	replicationRole servicerole.Result
	trailARN        string // "": the trail was created by this apply
	trail           chan trailLookup
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
	if r := l.Replicas; r != nil && e.replicationRole.RoleARN != "" && !e.replicationRole.Created {
		if err := awsclient.IAMRoleTagger(x.IAM, r.Role.RoleName).Retag(awsclient.WithChild(ctx, KeyReplicationRole, l.Owner), r.Role.Tags, e.replicationRole.Tags); err != nil {
			return x.fail("tagging", "IAM role", KeyReplicationRole, l, err)
		}
	}
	if e.trailARN != "" {
		if err := trail.Retag(awsclient.WithChild(ctx, KeyTrail, l.Owner), l.Tags(KeyTrail), have); err != nil {
			return x.fail("tagging", "trail", KeyTrail, l, err)
		}
	}
	return nil
}

// owner names the trail in bucket and replication errors.
func (l Layout) owner() s3bucket.Owner {
	return s3bucket.Owner{Tag: l.Owner, Resource: ResourceType, Name: l.Name}
}

// s3For gives each bucket its S3 client and region: the replicas' in the
// replica region.
func (x Executor) s3For(l Layout) func(Bucket) (*s3.Client, string) {
	return func(b Bucket) (*s3.Client, string) {
		if l.Replicas != nil && b.Region == l.Replicas.Region {
			return x.ReplicaS3, b.Region
		}
		return x.S3, l.Region
	}
}

// ensureLogGroup creates or repairs the log group; existed reports that it
// was there before.
func (x Executor) ensureLogGroup(ctx context.Context, l Layout) (existed bool, err error) {
	groups, err := loggroup.Read(ctx, x.Logs, l.LogGroupName)
	if err != nil {
		return false, x.fail("reading", "log group", KeyLogGroup, l, err)
	}
	var got *loggroup.State
	if g, ok := groups[l.LogGroupName]; ok {
		got = &g
	}
	created, err := loggroup.Ensure(ctx, x.Logs, l.logGroup(), got, strings.TrimSuffix(l.LogGroupARN(), ":*"))
	if err != nil {
		return !created, x.fail("applying", "log group", KeyLogGroup, l, err)
	}
	return !created, nil
}

// ensureRole creates or adopts the delivery role with its attached
// customer-managed policy (servicerole); e learns the tags of a role that
// existed.
func (x Executor) ensureRole(ctx context.Context, l Layout, e *existed) (string, error) {
	res, err := servicerole.Ensure(ctx, x.IAM, l.role())
	if err != nil {
		return "", x.fail("applying", "IAM role", KeyRole, l, err)
	}
	e.role, e.roleTags = !res.Created, res.Tags
	return res.RoleARN, nil
}

// ensureTrail creates or repairs the trail (found: its GetTrail, made at
// the apply's start); existingARN is the ARN of a trail that existed, ""
// when this apply created it.
func (x Executor) ensureTrail(ctx context.Context, l Layout, roleARN string, found trailLookup) (existingARN string, err error) {
	c := x.CloudTrail
	got, err := found.got, found.err
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
	// The event selectors and logging are independent settings: at once.
	var selErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(l.TrailName), EventSelectors: eventSelectors(l)}); err != nil {
			selErr = x.fail("writing the event selectors of", "trail", KeyTrail, l, err)
		}
	}()
	var startErr error
	if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(l.TrailName)}); err != nil {
		startErr = x.fail("starting", "trail", KeyTrail, l, err)
	}
	<-done
	return existingARN, errors.Join(selErr, startErr)
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
