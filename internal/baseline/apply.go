package baseline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	i2types "github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// What this baseline turned on (private state): destroy with
// disable_on_destroy = true turns off these and nothing else.
const (
	OnGuardDuty   = "guardduty"
	OnHub         = "securityhub"
	OnStandard    = "standard:" // + standard ARN
	OnConfig      = "config"
	OnPack        = "conformance-pack"
	OnAnalyzer    = "access-analyzer"
	OnInspector   = "inspector:" // + resource type
	OnEBS         = "ebs-encryption"
	OnEBSKey      = "ebs-key"
	OnS3Block     = "s3-account-public-access-block"
	OnPassword    = "password-policy"
	defaultEBSKey = "alias/aws/ebs"
)

// Executor creates, repairs and turns off the children of one baseline.
type Executor struct{ Clients }

// Prior is what the previous apply asked for, where a change turns
// something off.
type Prior struct {
	StandardARNs    []string
	InspectorTypes  []string
	ConformancePack bool
	AccessAnalyzer  bool
}

// PriorOf is the prior of the spec in state; it needs no validation (an
// imported state may hold what this provider would refuse).
func PriorOf(s Spec) Prior {
	s = s.WithDefaults()
	p := Prior{InspectorTypes: s.InspectorResourceTypes, ConformancePack: s.ConformancePack, AccessAnalyzer: s.AccessAnalyzer}
	for _, id := range s.Standards {
		p.StandardARNs = append(p.StandardARNs, StandardARN(s.Partition, s.Region, id))
	}
	return p
}

// Run is one apply: the layout, the prior request (nil on create), the
// detector in state and what earlier applies turned on.
type Run struct {
	Layout     Layout
	Prior      *Prior
	DetectorID string
	TurnedOn   []string
}

// Result is what an apply leaves: the detector and everything this
// resource has turned on so far.
type Result struct {
	DetectorID string
	TurnedOn   []string
}

// Apply converges the account and region on the layout. On create it
// first refuses a detector, recorder or hub another configuration owns.
// The detector, which alone carries the owner tag from its creation, is
// created last: a detector tagged with this baseline's owner therefore
// means a finished baseline (another state, or lost state: import it),
// while our recorder without a detector is an apply that crashed, resumed.
func (x Executor) Apply(ctx context.Context, r Run) (Result, error) {
	l, res := r.Layout, Result{DetectorID: r.DetectorID, TurnedOn: slices.Clone(r.TurnedOn)}
	var mu sync.Mutex // steps run in parallel
	on := func(what string) {
		mu.Lock()
		defer mu.Unlock()
		if !slices.Contains(res.TurnedOn, what) {
			res.TurnedOn = append(res.TurnedOn, what)
		}
	}
	var sn seen
	if r.Prior == nil && r.DetectorID == "" {
		var err error
		if sn.recorder, err = x.preflight(ctx, l); err != nil {
			return res, err
		}
	}
	sn.hub = slices.Contains(r.TurnedOn, OnHub) // enabled by an earlier apply of this baseline
	steps := x.steps(l, r.Prior, on, &sn, &res.DetectorID)
	if err := executor.Schedule(awsclient.WithChild(ctx, "", l.Owner), executor.Graph(l.Children()), steps); err != nil {
		slices.Sort(res.TurnedOn)
		return res, err
	}
	if l.PasswordPolicy.Unmanaged { // handed over: no longer this resource's to delete
		res.TurnedOn = slices.DeleteFunc(res.TurnedOn, func(s string) bool { return s == OnPassword })
	}
	slices.Sort(res.TurnedOn)
	return res, nil
}

// steps are the phases of one Apply, by the kinds of child they own; the
// order comes from Layout.Children. The detector waits for every other
// step, the tags for the detector.
func (x Executor) steps(l Layout, prior *Prior, on func(string), sn *seen, detectorID *string) []executor.Step {
	kind := func(k ...Kind) []string {
		out := make([]string, len(k))
		for i, x := range k {
			out[i] = string(x)
		}
		return out
	}
	steps := []executor.Step{
		{Name: "buckets", Kinds: kind(KindBucket), Run: func(ctx context.Context) error { return x.ensureBuckets(ctx, l) }},
		{Name: "config-role", Kinds: kind(KindConfigRole), Run: func(ctx context.Context) error {
			// The Config role and the replication role, at once.
			var replErr error
			done := make(chan struct{})
			go func() {
				defer close(done)
				if l.Replicas != nil {
					sn.replicationRole, replErr = l.Replicas.EnsureRole(ctx, x.IAM, l.owner(), KeyReplicationRole, KeyReplicationPolicy, func(string, string) {})
				}
			}()
			err := x.ensureConfigRole(awsclient.WithChild(ctx, KeyConfigRole, ""), l, sn)
			<-done
			return errors.Join(err, replErr)
		}},
		{Name: "replication", Kinds: kind(KindReplication), Run: func(ctx context.Context) error {
			if l.Replicas == nil {
				return nil
			}
			return l.Replicas.PutRules(ctx, x.S3, l.owner(), func(string, string) {})
		}},
		{Name: "recorder", Kinds: kind(KindRecorder), Run: func(ctx context.Context) error {
			return x.ensureRecorder(awsclient.WithChild(ctx, KeyRecorder, ""), l, on, sn.recorder)
		}},
		{Name: "channel", Kinds: kind(KindChannel), Run: func(ctx context.Context) error {
			return x.ensureChannel(awsclient.WithChild(ctx, KeyChannel, ""), l)
		}},
		{Name: "conformance-pack", Kinds: kind(KindPack), Run: func(ctx context.Context) error {
			return x.ensurePack(awsclient.WithChild(ctx, KeyPack, ""), l, prior, on)
		}},
		{Name: "security-hub", Kinds: kind(KindHub, KindStandards), Run: func(ctx context.Context) error {
			return x.ensureHub(awsclient.WithChild(ctx, KeyHub, ""), l, prior, on)
		}},
		{Name: "access-analyzer", Kinds: kind(KindAnalyzer), Run: func(ctx context.Context) error {
			return x.ensureAnalyzer(awsclient.WithChild(ctx, KeyAnalyzer, ""), l, prior, on, sn)
		}},
		{Name: "inspector", Kinds: kind(KindInspector), Run: func(ctx context.Context) error { return x.ensureInspector(ctx, l, prior, on) }},
		{Name: "ebs-encryption", Kinds: kind(KindEBS), Run: func(ctx context.Context) error { return x.ensureEBS(ctx, l, on) }},
		{Name: "s3-block", Kinds: kind(KindS3Block), Run: func(ctx context.Context) error {
			return x.ensureS3Block(awsclient.WithChild(ctx, KeyS3Block, ""), l, on)
		}},
		{Name: "password-policy", Kinds: kind(KindPassword), Run: func(ctx context.Context) error {
			return x.ensurePassword(awsclient.WithChild(ctx, KeyPassword, ""), l, on)
		}},
	}
	others := make([]string, len(steps))
	for i, s := range steps {
		others[i] = s.Name
	}
	return append(steps,
		executor.Step{Name: "detector", Kinds: kind(KindDetector), After: others, Run: func(ctx context.Context) (err error) {
			*detectorID, err = x.ensureDetector(ctx, l, *detectorID, on, sn)
			return err
		}},
		executor.Step{Name: "tags", After: []string{"detector"}, Run: func(ctx context.Context) error { return x.ensureTags(ctx, l, *sn) }})
}

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Region, err)
}

// preflight refuses to take over what another configuration runs. Its
// three reads run at once; every refusal and read error is returned.
// recorder reports whether our recorder exists (a crashed apply's).
func (x Executor) preflight(ctx context.Context, l Layout) (recorder *bool, err error) {
	checks := []func() error{
		func() error {
			list, err := x.GuardDuty.ListDetectors(ctx, &guardduty.ListDetectorsInput{})
			if err != nil {
				return x.fail("reading", "GuardDuty detector", KeyDetector, l, err)
			}
			if len(list.DetectorIds) > 0 { // a region has one detector
				id := list.DetectorIds[0]
				d, err := x.GuardDuty.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
				if err != nil {
					return x.fail("reading", "GuardDuty detector", KeyDetector, l, err)
				}
				if d.Tags[tags.OwnerKey] == l.Owner {
					return &TakenError{l.Region, "a hipaa_security_baseline already manages GuardDuty detector " + id + " here (another configuration, or state that was lost)"}
				}
				return &TakenError{l.Region, "GuardDuty detector " + id + " exists and was not created by this provider"}
			}
			return nil
		},
		func() error {
			rec, err := x.Config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
			if err != nil {
				return x.fail("reading", "AWS Config recorder", KeyRecorder, l, err)
			}
			ours := false
			for _, r := range rec.ConfigurationRecorders {
				if aws.ToString(r.Name) != l.RecorderName {
					return &TakenError{l.Region, "AWS Config recorder " + aws.ToString(r.Name) + " exists and was not created by this provider (a region has one recorder)"}
				}
				ours = true // left by an apply of ours that did not finish
			}
			if ours {
				return errOurRecorder
			}
			return nil
		},
		func() error {
			if _, err := x.SecurityHub.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err == nil {
				return errHubOn
			} else if !awsclient.HasCode(err, "InvalidAccessException", "ResourceNotFoundException") {
				return x.fail("reading", "Security Hub", KeyHub, l, err)
			}
			return nil
		},
	}
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, check := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = check()
		}()
	}
	wg.Wait()
	ours := errs[1] == errOurRecorder //nolint:errorlint // a sentinel of this function, never wrapped
	if ours {
		errs[1] = nil
	}
	if errs[1] == nil {
		recorder = &ours
	}
	if errs[2] == errHubOn { //nolint:errorlint // as above
		errs[2] = nil
		if !ours {
			errs[2] = &TakenError{l.Region, "Security Hub is already enabled and was not enabled by this provider"}
		}
	}
	return recorder, errors.Join(errs...)
}

// What preflight's reads found that is no refusal by itself.
var (
	errOurRecorder = errors.New("our recorder")
	errHubOn       = errors.New("hub enabled")
)

// TakenError is a detector, recorder or hub this resource must not take
// over without an import.
type TakenError struct{ Region, What string }

func (e *TakenError) Error() string {
	return fmt.Sprintf("%s in %s. One hipaa_security_baseline manages an account and region: adopt what exists with\n\n"+
		"  terraform import hipaa_security_baseline.<name> %s\n\n"+
		"(import reads the current settings; the next apply brings them up to this baseline), or remove this resource.", e.What, e.Region, e.Region)
}

// ensureBuckets creates every bucket at once (s3bucket.EnsureAll); the
// Config bucket's settings (its access logging names the access bucket)
// wait for the access bucket, a replica's for the replica access bucket.
func (x Executor) ensureBuckets(ctx context.Context, l Layout) error {
	return s3bucket.EnsureAll(ctx, l.Buckets(), l.owner(), x.s3For(l), func(s3bucket.Bucket) {})
}

// owner names the baseline in bucket and replication errors.
func (l Layout) owner() s3bucket.Owner {
	return s3bucket.Owner{Tag: l.Owner, Resource: ResourceType, Name: l.Region}
}

// s3For gives each bucket its S3 client and region: the replicas' in the
// replica region.
func (x Executor) s3For(l Layout) func(s3bucket.Bucket) (*s3.Client, string) {
	return func(b s3bucket.Bucket) (*s3.Client, string) {
		if l.Replicas != nil && b.Region == l.Replicas.Region {
			return x.ReplicaS3, b.Region
		}
		return x.S3, l.Region
	}
}

// ensureConfigRole creates or repairs the recorder's role, with AWS's
// managed policy and its own customer-managed one (servicerole); sn learns
// the tags of a role that existed.
func (x Executor) ensureConfigRole(ctx context.Context, l Layout, sn *seen) error {
	res, err := servicerole.Ensure(ctx, x.IAM, l.configRole())
	if err != nil {
		return x.fail("applying", "IAM role", KeyConfigRole, l, err)
	}
	sn.roleTags = res.Tags
	return nil
}

// ensureRecorder writes the recorder of every type (DET-03), once its role
// exists.
func (x Executor) ensureRecorder(ctx context.Context, l Layout, on func(string), known *bool) error {
	exists := known != nil && *known
	if known == nil { // not read by preflight
		rec, err := x.Config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
		if err != nil {
			return x.fail("reading", "AWS Config recorder", KeyRecorder, l, err)
		}
		exists = slices.ContainsFunc(rec.ConfigurationRecorders, func(r cfgtypes.ConfigurationRecorder) bool { return aws.ToString(r.Name) == l.RecorderName })
	}
	if !exists {
		on(OnConfig)
	}
	put := func(ctx context.Context) (string, error) {
		_, err := x.Config.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cfgtypes.ConfigurationRecorder{
			Name: aws.String(l.RecorderName), RoleARN: aws.String(l.ConfigRoleARN()),
			RecordingGroup: &cfgtypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true}}})
		if awsclient.HasCode(err, "InvalidRoleException", "InsufficientDeliveryPolicyException") {
			return "propagating", nil // a new role takes seconds to reach AWS Config
		}
		return "done", err
	}
	if _, err := wait.For(ctx, "the Config role to propagate", put, wait.Options{Target: []string{"done"}, Pending: []string{"propagating"}, Timeout: 2 * time.Minute}); err != nil {
		return x.fail("writing", "AWS Config recorder", KeyRecorder, l, err)
	}
	return nil
}

// ensureChannel writes the delivery channel to the hardened bucket with the
// customer key, then starts recording (DET-03).
func (x Executor) ensureChannel(ctx context.Context, l Layout) error {
	if _, err := x.Config.PutDeliveryChannel(ctx, &configservice.PutDeliveryChannelInput{DeliveryChannel: &cfgtypes.DeliveryChannel{
		Name: aws.String(l.ChannelName), S3BucketName: aws.String(l.ConfigBucket.Name), S3KmsKeyArn: aws.String(l.KMSKeyARN),
		ConfigSnapshotDeliveryProperties: &cfgtypes.ConfigSnapshotDeliveryProperties{DeliveryFrequency: cfgtypes.MaximumExecutionFrequencyTwentyFourHours}}}); err != nil {
		return x.fail("writing", "AWS Config delivery channel", KeyChannel, l, err)
	}
	if _, err := x.Config.StartConfigurationRecorder(ctx, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String(l.RecorderName)}); err != nil {
		return x.fail("starting", "AWS Config recorder", KeyRecorder, l, err)
	}
	return nil
}

// ensurePack deploys the conformance pack when it is missing, or deployed
// from another template (its DigestParameter differs: the catalog's rules
// changed since), and deletes it when turned off.
func (x Executor) ensurePack(ctx context.Context, l Layout, prior *Prior, on func(string)) error {
	exists, digest, err := describePack(ctx, x.Clients, l.PackName)
	if err != nil {
		return x.fail("reading", "conformance pack", KeyPack, l, err)
	}
	switch {
	case l.ConformancePack && (!exists || digest != l.PackDigest):
		if _, err := x.Config.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String(l.PackName),
			TemplateBody: aws.String(l.PackTemplate), ConformancePackInputParameters: []cfgtypes.ConformancePackInputParameter{
				{ParameterName: aws.String(DigestParameter), ParameterValue: aws.String(l.PackDigest)}}}); err != nil {
			return x.fail("deploying", "conformance pack", KeyPack, l, err)
		}
		on(OnPack)
	case !l.ConformancePack && exists && prior != nil && prior.ConformancePack:
		if _, err := x.Config.DeleteConformancePack(ctx, &configservice.DeleteConformancePackInput{ConformancePackName: aws.String(l.PackName)}); err != nil {
			return x.fail("deleting", "conformance pack", KeyPack, l, err)
		}
	}
	return nil
}

// describePack reads whether pack name exists and the digest of the
// template it was deployed from ("" when it carries none).
func describePack(ctx context.Context, c Clients, name string) (exists bool, digest string, err error) {
	out, err := c.Config.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{ConformancePackNames: []string{name}})
	var nf *cfgtypes.NoSuchConformancePackException
	switch {
	case errors.As(err, &nf):
		return false, "", nil
	case err != nil:
		return false, "", err
	}
	for _, p := range out.ConformancePackDetails {
		for _, in := range p.ConformancePackInputParameters {
			if aws.ToString(in.ParameterName) == DigestParameter {
				digest = aws.ToString(in.ParameterValue)
			}
		}
	}
	return true, digest, nil
}

func (x Executor) ensureHub(ctx context.Context, l Layout, prior *Prior, on func(string)) error {
	c := x.SecurityHub
	_, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case awsclient.HasCode(err, "InvalidAccessException", "ResourceNotFoundException"):
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false),
			ControlFindingGenerator: shtypes.ControlFindingGeneratorSecurityControl, Tags: l.Tags(KeyHub)}); err != nil && !awsclient.HasCode(err, "ResourceConflictException") {
			return x.fail("enabling", "Security Hub", KeyHub, l, err)
		}
		on(OnHub)
	case err != nil:
		return x.fail("reading", "Security Hub", KeyHub, l, err)
	}
	got, err := c.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil {
		return x.fail("reading the standards of", "Security Hub", KeyStandards, l, err)
	}
	enabled := map[string]string{}
	for _, s := range got.StandardsSubscriptions {
		enabled[aws.ToString(s.StandardsArn)] = aws.ToString(s.StandardsSubscriptionArn)
	}
	var add []shtypes.StandardsSubscriptionRequest
	for _, arn := range l.StandardARNs {
		if _, ok := enabled[arn]; !ok {
			add = append(add, shtypes.StandardsSubscriptionRequest{StandardsArn: aws.String(arn)})
			on(OnStandard + arn)
		}
	}
	if len(add) > 0 {
		if _, err := c.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: add}); err != nil {
			return x.fail("enabling standards of", "Security Hub", KeyStandards, l, err)
		}
	}
	var drop []string
	if prior != nil {
		for _, arn := range prior.StandardARNs {
			if sub, ok := enabled[arn]; ok && !slices.Contains(l.StandardARNs, arn) {
				drop = append(drop, sub)
			}
		}
	}
	if len(drop) > 0 {
		if _, err := c.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: drop}); err != nil {
			return x.fail("disabling standards of", "Security Hub", KeyStandards, l, err)
		}
	}
	return nil
}

// ensureAnalyzer creates the analyzer, or deletes one no longer wanted; sn
// learns the tags of an analyzer that existed.
func (x Executor) ensureAnalyzer(ctx context.Context, l Layout, prior *Prior, on func(string), sn *seen) error {
	got, err := x.AccessAnalyzer.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String(l.AnalyzerName)})
	var nf *aatypes.ResourceNotFoundException
	exists := err == nil
	if exists && l.AccessAnalyzer && got.Analyzer != nil {
		sn.analyzerARN, sn.analyzerTags = aws.ToString(got.Analyzer.Arn), got.Analyzer.Tags
	}
	if err != nil && !errors.As(err, &nf) {
		return x.fail("reading", "access analyzer", KeyAnalyzer, l, err)
	}
	switch {
	case l.AccessAnalyzer && !exists:
		if _, err := x.AccessAnalyzer.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String(l.AnalyzerName),
			Type: aatypes.TypeAccount, Tags: l.Tags(KeyAnalyzer)}); err != nil && !awsclient.HasCode(err, "ConflictException") {
			return x.fail("creating", "access analyzer", KeyAnalyzer, l, err)
		}
		on(OnAnalyzer)
	case !l.AccessAnalyzer && exists && prior != nil && prior.AccessAnalyzer:
		if _, err := x.AccessAnalyzer.DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String(l.AnalyzerName)}); err != nil {
			return x.fail("deleting", "access analyzer", KeyAnalyzer, l, err)
		}
	}
	return nil
}

func (x Executor) ensureInspector(ctx context.Context, l Layout, prior *Prior, on func(string)) error {
	o := &Observed{Inspector: map[string]bool{}}
	if err := o.readInspector(ctx, x.Clients, l); err != nil {
		return x.fail("reading", "Inspector", KeyInspector, l, err)
	}
	var enable, disable []i2types.ResourceScanType
	for _, t := range l.InspectorTypes {
		if !o.Inspector[t] {
			enable = append(enable, i2types.ResourceScanType(t))
			on(OnInspector + t)
		}
	}
	if prior != nil {
		for _, t := range prior.InspectorTypes {
			if o.Inspector[t] && !slices.Contains(l.InspectorTypes, t) {
				disable = append(disable, i2types.ResourceScanType(t))
			}
		}
	}
	if len(enable) > 0 {
		if _, err := x.Inspector.Enable(ctx, &inspector2.EnableInput{AccountIds: []string{l.AccountID}, ResourceTypes: enable}); err != nil {
			return x.fail("enabling", "Inspector", KeyInspector, l, err)
		}
	}
	if len(disable) > 0 {
		if _, err := x.Inspector.Disable(ctx, &inspector2.DisableInput{AccountIds: []string{l.AccountID}, ResourceTypes: disable}); err != nil {
			return x.fail("disabling", "Inspector", KeyInspector, l, err)
		}
	}
	return nil
}

func (x Executor) ensureEBS(ctx context.Context, l Layout, on func(string)) error {
	o := &Observed{}
	if err := o.readEBS(ctx, x.Clients); err != nil {
		return x.fail("reading", "EBS encryption by default", KeyEBS, l, err)
	}
	if !o.EBSEncryption {
		if _, err := x.EC2.EnableEbsEncryptionByDefault(ctx, &ec2.EnableEbsEncryptionByDefaultInput{}); err != nil {
			return x.fail("enabling", "EBS encryption by default", KeyEBS, l, err)
		}
		on(OnEBS)
	}
	if o.EBSKey != l.EBSKMSKeyARN {
		if _, err := x.EC2.ModifyEbsDefaultKmsKeyId(ctx, &ec2.ModifyEbsDefaultKmsKeyIdInput{KmsKeyId: aws.String(l.EBSKMSKeyARN)}); err != nil {
			return x.fail("setting the default key of", "EBS encryption by default", KeyEBS, l, err)
		}
		if o.EBSKey == "" || o.EBSKey == defaultEBSKey {
			on(OnEBSKey)
		}
	}
	return nil
}

func (x Executor) ensureS3Block(ctx context.Context, l Layout, on func(string)) error {
	if !l.S3AccountPublicAccessBlock {
		return nil
	}
	o := &Observed{}
	if err := o.readS3Block(ctx, x.Clients, l); err != nil {
		return x.fail("reading", "account S3 public access block", KeyS3Block, l, err)
	}
	if o.S3Block != nil && *o.S3Block {
		return nil
	}
	if o.S3Block == nil {
		on(OnS3Block)
	}
	if _, err := x.S3Control.PutPublicAccessBlock(ctx, &s3control.PutPublicAccessBlockInput{AccountId: aws.String(l.AccountID),
		PublicAccessBlockConfiguration: &s3ctypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}); err != nil {
		return x.fail("writing", "account S3 public access block", KeyS3Block, l, err)
	}
	return nil
}

// ensurePassword writes the password policy unless it is unmanaged.
func (x Executor) ensurePassword(ctx context.Context, l Layout, on func(string)) error {
	if l.PasswordPolicy.Unmanaged {
		return nil
	}
	o := &Observed{}
	if err := o.readPassword(ctx, x.Clients); err != nil {
		return x.fail("reading", "IAM password policy", KeyPassword, l, err)
	}
	p := l.PasswordPolicy
	if o.Password != nil && int(aws.ToInt32(o.Password.MinimumPasswordLength)) == p.MinimumLength && int(aws.ToInt32(o.Password.MaxPasswordAge)) == p.MaxAgeDays &&
		int(aws.ToInt32(o.Password.PasswordReusePrevention)) == p.ReusePrevention && len(passwordDrift(p, o.Password)) == 0 {
		return nil
	}
	if o.Password == nil {
		on(OnPassword)
	}
	if _, err := x.IAM.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(int32(p.MinimumLength)),
		MaxPasswordAge: aws.Int32(int32(p.MaxAgeDays)), PasswordReusePrevention: aws.Int32(int32(p.ReusePrevention)),
		RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: true,
		AllowUsersToChangePassword: true}); err != nil {
		return x.fail("writing", "IAM password policy", KeyPassword, l, err)
	}
	return nil
}

func features(l Layout) []gdtypes.DetectorFeatureConfiguration {
	var out []gdtypes.DetectorFeatureConfiguration
	for _, f := range l.DetectorFeatures {
		out = append(out, gdtypes.DetectorFeatureConfiguration{Name: gdtypes.DetectorFeature(f), Status: gdtypes.FeatureStatusEnabled})
	}
	return out
}

// ensureDetector updates the detector in state, or creates it (last, see
// Apply) tagged with the owner; sn learns the tags of a detector that
// existed.
func (x Executor) ensureDetector(ctx context.Context, l Layout, id string, on func(string), sn *seen) (string, error) {
	c := x.GuardDuty
	if id != "" {
		d, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil && !awsclient.HasCode(err, "BadRequestException") {
			return id, x.fail("reading", "GuardDuty detector", KeyDetector, l, err)
		}
		var before map[string]string
		if err == nil {
			before = d.Tags
		}
		_, err = c.UpdateDetector(ctx, &guardduty.UpdateDetectorInput{DetectorId: aws.String(id), Enable: aws.Bool(true),
			FindingPublishingFrequency: gdtypes.FindingPublishingFrequency(l.FindingFrequency), Features: features(l)})
		if err == nil {
			sn.detectorID, sn.detectorTags = id, before
			return id, nil
		}
		if !awsclient.HasCode(err, "BadRequestException") {
			return id, x.fail("updating", "GuardDuty detector", KeyDetector, l, err)
		}
		// deleted out of band: create it again
	}
	out, err := c.CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true),
		FindingPublishingFrequency: gdtypes.FindingPublishingFrequency(l.FindingFrequency), Features: features(l), Tags: l.Tags(KeyDetector)})
	if err != nil {
		return "", x.fail("creating", "GuardDuty detector", KeyDetector, l, err)
	}
	on(OnGuardDuty)
	return aws.ToString(out.DetectorId), nil
}

// seen is what the apply found already there, whose tags may be old.
type seen struct {
	roleTags     map[string]string // the Config role's; nil when created by this apply
	analyzerARN  string            // "" when the analyzer was created by this apply, or is not wanted
	analyzerTags map[string]string
	hub          bool   // enabled by an earlier apply of this baseline
	detectorID   string // "" when the detector was created by this apply
	detectorTags map[string]string
	recorder     *bool // whether our recorder existed, as preflight read it; nil: not read
	// replicationRole is what ensuring the replication role found.
	replicationRole servicerole.Result
}

// ensureTags changes only the tags that differ from the layout's
// (awsclient.Tagger), on what an earlier apply of this baseline created:
// the Config role and the analyzer (their tags came with GetRole and
// GetAnalyzer), the hub when any of those or the detector differ (its tags
// are read then: no describe returns them), and the detector last, so an
// interrupted re-tag still shows as drift. What the baseline adopted (a
// detector or analyzer without its owner tag, a hub it did not enable)
// keeps its tags. The buckets' whole tag set is written with their
// settings.
func (x Executor) ensureTags(ctx context.Context, l Layout, sn seen) error {
	ours := func(t map[string]string) bool { return t[tags.OwnerKey] == l.Owner }
	stale := false
	differs := func(key string, have map[string]string) bool {
		d := tags.Describe(l.Tags(key), have) != ""
		stale = stale || d
		return d
	}
	if sn.roleTags != nil && differs(KeyConfigRole, sn.roleTags) {
		if err := awsclient.IAMRoleTagger(x.IAM, l.ConfigRoleName).Retag(awsclient.WithChild(ctx, KeyConfigRole, l.Owner), l.Tags(KeyConfigRole), sn.roleTags); err != nil {
			return x.fail("tagging", "IAM role", KeyConfigRole, l, err)
		}
	}
	if sn.analyzerARN != "" && ours(sn.analyzerTags) && differs(KeyAnalyzer, sn.analyzerTags) {
		if err := awsclient.AccessAnalyzerTagger(x.AccessAnalyzer, sn.analyzerARN).Retag(awsclient.WithChild(ctx, KeyAnalyzer, l.Owner), l.Tags(KeyAnalyzer), sn.analyzerTags); err != nil {
			return x.fail("tagging", "access analyzer", KeyAnalyzer, l, err)
		}
	}
	if r := l.Replicas; r != nil && sn.replicationRole.RoleARN != "" && !sn.replicationRole.Created {
		if err := awsclient.IAMRoleTagger(x.IAM, r.Role.RoleName).Retag(awsclient.WithChild(ctx, KeyReplicationRole, l.Owner), r.Role.Tags, sn.replicationRole.Tags); err != nil {
			return x.fail("tagging", "IAM role", KeyReplicationRole, l, err)
		}
	}
	detector := sn.detectorID != "" && ours(sn.detectorTags) && differs(KeyDetector, sn.detectorTags)
	if sn.hub && stale {
		if err := awsclient.SecurityHubTagger(x.SecurityHub, l.HubARN()).Sync(awsclient.WithChild(ctx, KeyHub, l.Owner), l.Tags(KeyHub)); err != nil {
			return x.fail("tagging", "Security Hub", KeyHub, l, err)
		}
	}
	if detector {
		arn := fmt.Sprintf("arn:%s:guardduty:%s:%s:detector/%s", l.Partition, l.Region, l.AccountID, sn.detectorID)
		if err := awsclient.GuardDutyTagger(x.GuardDuty, arn).Retag(awsclient.WithChild(ctx, KeyDetector, l.Owner), l.Tags(KeyDetector), sn.detectorTags); err != nil {
			return x.fail("tagging", "GuardDuty detector", KeyDetector, l, err)
		}
	}
	return nil
}
