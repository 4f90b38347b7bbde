package baseline

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	i2types "github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the AWS clients the executor uses.
type Clients struct {
	GuardDuty      *guardduty.Client
	SecurityHub    *securityhub.Client
	Config         *configservice.Client
	AccessAnalyzer *accessanalyzer.Client
	Inspector      *inspector2.Client
	EC2            *ec2.Client
	S3             *s3.Client
	ReplicaS3      *s3.Client // S3 in the replicas' region; nil without replication
	S3Control      *s3control.Client
	IAM            *iam.Client
}

// Observed is what exists of one baseline. Every account setting is read
// with one call: 21 calls in all, 8 of them the Config bucket's settings;
// 20 when the password policy is unmanaged (it is not read). Replication
// adds 15: the replica's 8, the role's 5 and the two rules.
type Observed struct {
	DetectorID       string
	DetectorEnabled  bool
	DetectorOwned    bool // tagged with this baseline's owner
	DetectorTags     map[string]string
	FindingFrequency string
	Features         map[string]bool // feature name → enabled
	HubEnabled       bool
	Standards        map[string]string // standard ARN → subscription ARN (READY, PENDING or INCOMPLETE)
	Recorder         *cfgtypes.ConfigurationRecorder
	Recording        bool
	Channel          *cfgtypes.DeliveryChannel
	Pack             bool
	PackDigest       string // the DigestParameter it was deployed with
	Analyzer         bool
	AnalyzerTags     map[string]string
	Inspector        map[string]bool // EC2, ECR, LAMBDA, LAMBDA_CODE → enabled
	EBSEncryption    bool
	EBSKey           string
	S3Block          *bool                    // nil: no account-level block
	Password         *iamtypes.PasswordPolicy // nil: none, or unmanaged (not read)
	Bucket           *s3bucket.State
	// ReplicaBucket and Replication are the Config bucket's replica, the
	// replication role and the rules; zero without replication.
	ReplicaBucket *s3bucket.State
	Replication   s3bucket.ReplicasState
}

// Observe reads every child. detectorID is the detector in state; "" looks
// the region's detector up. Nothing at all in the region is NotFound.
func Observe(ctx context.Context, c Clients, l Layout, detectorID string) (*Observed, error) {
	o := &Observed{Features: map[string]bool{}, Standards: map[string]string{}, Inspector: map[string]bool{}}
	steps := []struct {
		what string
		read func() error
	}{
		{"the GuardDuty detector", func() error { return o.readDetector(ctx, c, l, detectorID) }},
		{"Security Hub", func() error { return o.readHub(ctx, c) }},
		{"the AWS Config recorder", func() error { return o.readConfig(ctx, c, l) }},
		{"the conformance pack", func() error { return o.readPack(ctx, c, l) }},
		{"the access analyzer", func() error { return o.readAnalyzer(ctx, c, l) }},
		{"Inspector", func() error { return o.readInspector(ctx, c, l) }},
		{"EBS encryption by default", func() error { return o.readEBS(ctx, c) }},
		{"the account S3 public access block", func() error { return o.readS3Block(ctx, c, l) }},
		{"the IAM password policy", func() error { return o.readManagedPassword(ctx, c, l) }},
		{"bucket " + l.ConfigBucket.Name, func() (err error) { o.Bucket, err = s3bucket.Read(ctx, c.S3, l.ConfigBucket, l.Owner); return err }},
	}
	if r := l.Replicas; r != nil {
		steps = append(steps, struct {
			what string
			read func() error
		}{"the replication of the Config buckets", func() (err error) {
			if o.ReplicaBucket, err = s3bucket.Read(ctx, c.ReplicaS3, r.Pairs[0].Replica, l.Owner); err != nil {
				return err
			}
			o.Replication, err = r.Read(ctx, c.IAM, c.S3, l.owner(), KeyReplicationRole)
			return err
		}})
	}
	for _, s := range steps {
		if err := s.read(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", s.what, err)
		}
	}
	if o.DetectorID == "" && !o.HubEnabled && o.Recorder == nil {
		return nil, &awsclient.NotFoundError{Kind: "security baseline", ID: l.Region}
	}
	return o, nil
}

func (o *Observed) readDetector(ctx context.Context, c Clients, l Layout, id string) error {
	if id == "" {
		list, err := c.GuardDuty.ListDetectors(ctx, &guardduty.ListDetectorsInput{})
		if err != nil || len(list.DetectorIds) == 0 {
			return err
		}
		id = list.DetectorIds[0]
	}
	d, err := c.GuardDuty.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
	if awsclient.HasCode(err, "BadRequestException") { // deleted out of band
		return nil
	}
	if err != nil {
		return err
	}
	o.DetectorID, o.DetectorEnabled = id, d.Status == gdtypes.DetectorStatusEnabled
	o.DetectorOwned, o.DetectorTags = d.Tags[tags.OwnerKey] == l.Owner, d.Tags
	o.FindingFrequency = string(d.FindingPublishingFrequency)
	for _, f := range d.Features {
		o.Features[string(f.Name)] = f.Status == gdtypes.FeatureStatusEnabled
	}
	return nil
}

func (o *Observed) readHub(ctx context.Context, c Clients) error {
	_, err := c.SecurityHub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if awsclient.HasCode(err, "InvalidAccessException", "ResourceNotFoundException") {
		return nil
	}
	if err != nil {
		return err
	}
	o.HubEnabled = true
	out, err := c.SecurityHub.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil {
		return err
	}
	for _, s := range out.StandardsSubscriptions {
		if s.StandardsStatus != "DELETING" && s.StandardsStatus != "FAILED" {
			o.Standards[aws.ToString(s.StandardsArn)] = aws.ToString(s.StandardsSubscriptionArn)
		}
	}
	return nil
}

func (o *Observed) readConfig(ctx context.Context, c Clients, l Layout) error {
	rec, err := c.Config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		return err
	}
	for i, r := range rec.ConfigurationRecorders {
		if aws.ToString(r.Name) == l.RecorderName {
			o.Recorder = &rec.ConfigurationRecorders[i]
		}
	}
	if o.Recorder == nil {
		return nil
	}
	st, err := c.Config.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{ConfigurationRecorderNames: []string{l.RecorderName}})
	if err != nil {
		return err
	}
	for _, s := range st.ConfigurationRecordersStatus {
		o.Recording = o.Recording || s.Recording
	}
	ch, err := c.Config.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
	if err != nil {
		return err
	}
	for i, d := range ch.DeliveryChannels {
		if aws.ToString(d.Name) == l.ChannelName {
			o.Channel = &ch.DeliveryChannels[i]
		}
	}
	return nil
}

func (o *Observed) readPack(ctx context.Context, c Clients, l Layout) (err error) {
	o.Pack, o.PackDigest, err = describePack(ctx, c, l.PackName)
	return err
}

func (o *Observed) readAnalyzer(ctx context.Context, c Clients, l Layout) error {
	out, err := c.AccessAnalyzer.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String(l.AnalyzerName)})
	var nf *aatypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil
	}
	if err != nil {
		return err
	}
	o.Analyzer = out.Analyzer.Status == aatypes.AnalyzerStatusActive || out.Analyzer.Status == aatypes.AnalyzerStatusCreating
	o.AnalyzerTags = out.Analyzer.Tags
	return nil
}

func (o *Observed) readInspector(ctx context.Context, c Clients, l Layout) error {
	out, err := c.Inspector.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{l.AccountID}})
	if err != nil {
		return err
	}
	on := func(s *i2types.State) bool { return s != nil && s.Status == i2types.StatusEnabled }
	for _, a := range out.Accounts {
		if r := a.ResourceState; r != nil {
			o.Inspector["EC2"], o.Inspector["ECR"], o.Inspector["LAMBDA"], o.Inspector["LAMBDA_CODE"] = on(r.Ec2), on(r.Ecr), on(r.Lambda), on(r.LambdaCode)
		}
	}
	return nil
}

func (o *Observed) readEBS(ctx context.Context, c Clients) error {
	enc, err := c.EC2.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if err != nil {
		return err
	}
	key, err := c.EC2.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
	if err != nil {
		return err
	}
	o.EBSEncryption, o.EBSKey = aws.ToBool(enc.EbsEncryptionByDefault), aws.ToString(key.KmsKeyId)
	return nil
}

func (o *Observed) readS3Block(ctx context.Context, c Clients, l Layout) error {
	out, err := c.S3Control.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(l.AccountID)})
	if awsclient.HasCode(err, "NoSuchPublicAccessBlockConfiguration") {
		return nil
	}
	if err != nil {
		return err
	}
	x := out.PublicAccessBlockConfiguration
	all := x != nil && aws.ToBool(x.BlockPublicAcls) && aws.ToBool(x.BlockPublicPolicy) && aws.ToBool(x.IgnorePublicAcls) && aws.ToBool(x.RestrictPublicBuckets)
	o.S3Block = &all
	return nil
}

// readManagedPassword reads the password policy only when this baseline
// manages it.
func (o *Observed) readManagedPassword(ctx context.Context, c Clients, l Layout) error {
	if l.PasswordPolicy.Unmanaged {
		return nil
	}
	return o.readPassword(ctx, c)
}

func (o *Observed) readPassword(ctx context.Context, c Clients) error {
	out, err := c.IAM.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	var nf *iamtypes.NoSuchEntityException
	if errors.As(err, &nf) {
		return nil
	}
	if err != nil {
		return err
	}
	o.Password = out.PasswordPolicy
	return nil
}

// Drift lists every difference from the layout, in a fixed order, each
// naming the control it breaks.
func Drift(l Layout, o *Observed) []string {
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	switch {
	case o.DetectorID == "":
		add("GuardDuty has no detector in %s (DET-01)", l.Region)
	case !o.DetectorEnabled:
		add("GuardDuty detector %s is suspended (DET-01)", o.DetectorID)
	}
	for _, f := range l.DetectorFeatures {
		if o.DetectorID != "" && !o.Features[f] {
			add("GuardDuty feature %s is off (DET-01)", f)
		}
	}
	if o.DetectorID != "" && o.FindingFrequency != l.FindingFrequency {
		add("GuardDuty publishes findings every %s, want %s", o.FindingFrequency, l.FindingFrequency)
	}
	if !o.HubEnabled {
		add("Security Hub is disabled (DET-02)")
	}
	for _, arn := range l.StandardARNs {
		if _, ok := o.Standards[arn]; !ok && o.HubEnabled {
			add("Security Hub standard %s is not enabled (DET-02)", StandardID(arn))
		}
	}
	d = append(d, configDrift(l, o)...)
	if l.AccessAnalyzer && !o.Analyzer {
		add("access analyzer %s is missing (DET-04)", l.AnalyzerName)
	}
	for _, t := range l.InspectorTypes {
		if !o.Inspector[t] {
			add("Inspector does not scan %s (DET-05)", t)
		}
	}
	if !o.EBSEncryption {
		add("EBS encryption by default is off (DET-06)")
	}
	if o.EBSKey != l.EBSKMSKeyARN {
		add("EBS default key is %q, want %s (DET-06)", o.EBSKey, l.EBSKMSKeyARN)
	}
	if l.S3AccountPublicAccessBlock && (o.S3Block == nil || !*o.S3Block) {
		add("the account-level S3 public access block is not fully on (DET-06)")
	}
	d = append(d, passwordDrift(l.PasswordPolicy, o.Password)...)
	d = append(d, tagDrift(l, o)...)
	d = append(d, s3bucket.Drift(l.ConfigBucket, o.Bucket)...)
	if r := l.Replicas; r != nil {
		d = append(d, s3bucket.Drift(r.Pairs[0].Replica, o.ReplicaBucket)...)
		d = append(d, r.Drift(o.Replication)...)
	}
	return d
}

// tagDrift compares the tags Observe read anyway, of the detector and the
// analyzer this baseline created, with the layout's; an adopted one (without
// the owner tag) keeps its own (see ensureTags).
func tagDrift(l Layout, o *Observed) []string {
	var d []string
	if o.DetectorOwned {
		if s := tags.Describe(l.Tags(KeyDetector), o.DetectorTags); s != "" {
			d = append(d, fmt.Sprintf("GuardDuty detector %s tags differ: %s", o.DetectorID, s))
		}
	}
	if l.AccessAnalyzer && o.Analyzer && o.AnalyzerTags[tags.OwnerKey] == l.Owner {
		if s := tags.Describe(l.Tags(KeyAnalyzer), o.AnalyzerTags); s != "" {
			d = append(d, fmt.Sprintf("access analyzer %s tags differ: %s", l.AnalyzerName, s))
		}
	}
	return d
}

func configDrift(l Layout, o *Observed) []string {
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	switch r := o.Recorder; {
	case r == nil:
		add("AWS Config recorder %s is missing (DET-03)", l.RecorderName)
	case r.RecordingGroup == nil || !r.RecordingGroup.AllSupported || !r.RecordingGroup.IncludeGlobalResourceTypes:
		add("AWS Config recorder %s does not record all resource types and global types (DET-03)", l.RecorderName)
	}
	if o.Recorder != nil && !o.Recording {
		add("AWS Config recorder %s is stopped (DET-03)", l.RecorderName)
	}
	if ch := o.Channel; ch == nil || aws.ToString(ch.S3BucketName) != l.ConfigBucket.Name || aws.ToString(ch.S3KmsKeyArn) != l.KMSKeyARN {
		add("AWS Config delivery channel %s does not deliver to %s with the customer key (DET-03)", l.ChannelName, l.ConfigBucket.Name)
	}
	switch {
	case l.ConformancePack && !o.Pack:
		add("conformance pack %s is missing (DET-03)", l.PackName)
	case l.ConformancePack && o.PackDigest != l.PackDigest:
		add("conformance pack %s was deployed from another template (digest %q, want %q): its Config rules are not the catalog's (DET-03)",
			l.PackName, o.PackDigest, l.PackDigest)
	}
	return d
}

func passwordDrift(want PasswordPolicy, got *iamtypes.PasswordPolicy) []string {
	if want.Unmanaged {
		return nil
	}
	if got == nil {
		return []string{"the account has no IAM password policy (DET-06)"}
	}
	var weak []string
	if int(aws.ToInt32(got.MinimumPasswordLength)) < want.MinimumLength {
		weak = append(weak, fmt.Sprintf("minimum length %d < %d", aws.ToInt32(got.MinimumPasswordLength), want.MinimumLength))
	}
	if age := int(aws.ToInt32(got.MaxPasswordAge)); age == 0 || age > want.MaxAgeDays {
		weak = append(weak, fmt.Sprintf("max age %d > %d", age, want.MaxAgeDays))
	}
	if int(aws.ToInt32(got.PasswordReusePrevention)) < want.ReusePrevention {
		weak = append(weak, fmt.Sprintf("reuse prevention %d < %d", aws.ToInt32(got.PasswordReusePrevention), want.ReusePrevention))
	}
	if !got.RequireLowercaseCharacters || !got.RequireUppercaseCharacters || !got.RequireNumbers || !got.RequireSymbols {
		weak = append(weak, "not every character class required")
	}
	if len(weak) == 0 {
		return nil
	}
	slices.Sort(weak)
	return []string{fmt.Sprintf("the IAM password policy is weaker than configured: %v (DET-06)", weak)}
}

// ChannelKMSKeyARN is the key the delivery channel encrypts with.
func (o *Observed) ChannelKMSKeyARN() string {
	if o.Channel == nil {
		return ""
	}
	return aws.ToString(o.Channel.S3KmsKeyArn)
}

// StandardARNs are the subscribed standards, sorted.
func (o *Observed) StandardARNs() []string {
	out := make([]string, 0, len(o.Standards))
	for arn := range o.Standards {
		out = append(out, arn)
	}
	slices.Sort(out)
	return out
}

// ConfigNames are the region's recorder and delivery channel, whoever
// created them (import adopts them by name).
func ConfigNames(ctx context.Context, c Clients) (Names, error) {
	var n Names
	rec, err := c.Config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		return n, fmt.Errorf("reading the AWS Config recorders: %w", err)
	}
	if len(rec.ConfigurationRecorders) > 0 {
		n.Recorder = aws.ToString(rec.ConfigurationRecorders[0].Name)
	}
	ch, err := c.Config.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
	if err != nil {
		return n, fmt.Errorf("reading the AWS Config delivery channels: %w", err)
	}
	if len(ch.DeliveryChannels) > 0 {
		n.Channel = aws.ToString(ch.DeliveryChannels[0].Name)
	}
	return n, nil
}
