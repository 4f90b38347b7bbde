package baseline

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

var importEnv = Env{Region: "us-east-1", AccountID: "123456789012", Partition: "aws"}

// observedOf is what Observe reads in a region where the baseline s runs.
func observedOf(s Spec) *Observed {
	l, err := Expand(s, Names{})
	if err != nil {
		panic(err)
	}
	o := &Observed{DetectorID: "d1", DetectorEnabled: true, DetectorOwned: true, FindingFrequency: l.FindingFrequency,
		DetectorTags: tags.WithChild(l.BaseTags, KeyDetector), Features: map[string]bool{"EKS_AUDIT_LOGS": false},
		HubEnabled: true, Standards: map[string]string{}, Inspector: map[string]bool{"LAMBDA_CODE": false},
		Recorder: &cfgtypes.ConfigurationRecorder{Name: aws.String(l.RecorderName)}, Recording: true,
		Channel: &cfgtypes.DeliveryChannel{Name: aws.String(l.ChannelName), S3BucketName: aws.String(l.ConfigBucket.Name), S3KmsKeyArn: aws.String(l.KMSKeyARN)},
		Pack:    l.ConformancePack, Analyzer: l.AccessAnalyzer, EBSEncryption: true, EBSKey: l.EBSKMSKeyARN, S3Block: aws.Bool(l.S3AccountPublicAccessBlock),
		Password: &iamtypes.PasswordPolicy{MinimumPasswordLength: aws.Int32(int32(s.PasswordPolicy.MinimumLength)), MaxPasswordAge: aws.Int32(int32(s.PasswordPolicy.MaxAgeDays)),
			PasswordReusePrevention: aws.Int32(int32(s.PasswordPolicy.ReusePrevention))}}
	for _, f := range l.DetectorFeatures {
		o.Features[f] = true
	}
	for _, arn := range l.StandardARNs {
		o.Standards[arn] = arn + "/subscription"
	}
	for _, t := range l.InspectorTypes {
		o.Inspector[t] = true
	}
	return o
}

// What a baseline built from s reads back as s.
func TestSpecOf_roundTrip(t *testing.T) {
	s := validSpec()
	s.FindingFrequency, s.InspectorResourceTypes = "ONE_HOUR", []string{"EC2", "ECR", "LAMBDA", "LAMBDA_CODE"}
	s.PasswordPolicy.MinimumLength = 16
	s.Tags, s.DefaultTags = map[string]string{"team": "sec"}, map[string]string{"env": "prod"}
	s.Partition = "aws"
	want := s.WithDefaults()
	got := SpecOf(observedOf(s), importEnv, s.DefaultTags)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SpecOf:\n got %+v\nwant %+v", got, want)
	}
	if _, err := Expand(got, Names{}); err != nil {
		t.Errorf("the imported Spec does not expand: %v", err)
	}
}

func TestSpecOf_keys(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	const other = "arn:aws:kms:us-east-1:123456789012:key/99999999-2222-3333-4444-555555555555"
	for name, c := range map[string]struct {
		channel, ebs string
		key, ebsKey  string
	}{
		"channel and EBS keys":           {key, other, key, other},
		"AWS managed EBS key":            {key, "alias/aws/ebs", key, key}, // unset: the next apply uses kms_key_arn
		"AWS managed EBS key by ARN":     {key, "arn:aws:kms:us-east-1:123456789012:alias/aws/ebs", key, key},
		"no channel, customer EBS key":   {"", other, other, other},
		"no customer key in use at all":  {"", "alias/aws/ebs", "", ""},
		"no channel, no EBS default key": {"", "", "", ""},
	} {
		o := &Observed{EBSKey: c.ebs}
		if c.channel != "" {
			o.Channel = &cfgtypes.DeliveryChannel{S3KmsKeyArn: aws.String(c.channel)}
		}
		s := SpecOf(o, importEnv, nil)
		if s.KMSKeyARN != c.key || s.EBSKMSKeyARN != c.ebsKey {
			t.Errorf("%s: kms_key_arn %q, EBS key %q; want %q, %q", name, s.KMSKeyARN, s.EBSKMSKeyARN, c.key, c.ebsKey)
		}
		if l := Locate(s, Names{}); l.RecorderName != ChildName || l.ConfigBucket.Name == "" {
			t.Errorf("%s: Locate %+v", name, l)
		}
	}
}

// The password policy is kept inside IAM's ranges (so the Spec expands)
// and, when the account has none, is the contract's floor.
func TestSpecOf_passwordPolicy(t *testing.T) {
	weak := &iamtypes.PasswordPolicy{MinimumPasswordLength: aws.Int32(4), MaxPasswordAge: aws.Int32(0), PasswordReusePrevention: aws.Int32(0)}
	if got, want := SpecOf(&Observed{Password: weak}, importEnv, nil).PasswordPolicy,
		(PasswordPolicy{MinimumLength: iamMinPasswordLength, MaxAgeDays: 1, ReusePrevention: 1}); got != want {
		t.Errorf("weak policy: %+v, want %+v", got, want)
	}
	long := &iamtypes.PasswordPolicy{MinimumPasswordLength: aws.Int32(200), MaxPasswordAge: aws.Int32(5000), PasswordReusePrevention: aws.Int32(30)}
	if got, want := SpecOf(&Observed{Password: long}, importEnv, nil).PasswordPolicy,
		(PasswordPolicy{MinimumLength: iamMaxPasswordLength, MaxAgeDays: iamMaxPasswordAge, ReusePrevention: iamMaxReusePrevention}); got != want {
		t.Errorf("out-of-range policy: %+v, want %+v", got, want)
	}
	if got := SpecOf(&Observed{}, importEnv, nil).PasswordPolicy; got != Default().PasswordPolicy {
		t.Errorf("no policy: %+v, want the floor %+v", got, Default().PasswordPolicy)
	}
}

// A detector another tool created: its tags are the user's, except AWS's.
func TestSpecOf_foreignDetectorTags(t *testing.T) {
	o := &Observed{DetectorID: "d1", DetectorTags: map[string]string{"team": "sec", "aws:created-by": "console", "env": "prod"}}
	got := SpecOf(o, importEnv, map[string]string{"env": "prod"}).Tags
	if !reflect.DeepEqual(got, map[string]string{"team": "sec"}) {
		t.Errorf("tags %v", got)
	}
}
