package baseline

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	i2types "github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Left is what a destroy left running, for the warning.
type Left struct {
	Running []string // detection and settings still on
	Buckets []string // Config history: audit evidence, always kept
	Role    string   // the replication role, kept with the buckets so replication goes on
}

// Warning describes what the destroy left.
func (k Left) Warning() string {
	var b strings.Builder
	if len(k.Running) > 0 {
		b.WriteString("Still running: " + strings.Join(k.Running, "; ") + ". ")
	}
	b.WriteString("Kept as audit evidence: bucket " + strings.Join(k.Buckets, ", bucket ") + " (AWS Config history). ")
	if k.Role != "" {
		b.WriteString("The replication role " + k.Role + " is kept too, so replication goes on. ")
	}
	b.WriteString("Destroy turns off only what this resource turned on, and only with disable_on_destroy = true; " +
		"detection that was running before it, or that it adopted by import, stays on.")
	return b.String()
}

// Destroy leaves detection running unless the layout says
// disable_on_destroy; then it turns off what turnedOn lists (what this
// resource turned on) and nothing else — never an unmanaged password
// policy. The Config buckets are kept.
func (x Executor) Destroy(ctx context.Context, l Layout, detectorID string, turnedOn []string) (Left, error) {
	left := Left{}
	for _, b := range l.Buckets() {
		left.Buckets = append(left.Buckets, b.Name)
	}
	if l.Replicas != nil {
		left.Role = l.Replicas.Role.RoleName
	}
	if !l.DisableOnDestroy {
		left.Running = everything(l, detectorID)
		return left, nil
	}
	steps := []struct {
		when string
		off  func() error
	}{
		{OnGuardDuty, func() error { return x.deleteDetector(ctx, l, detectorID) }},
		{OnPack, func() error { return x.deletePack(ctx, l) }},
		{OnConfig, func() error { return x.deleteConfig(ctx, l) }},
		{OnHub, func() error { return x.disableHub(ctx, l) }},
		{OnAnalyzer, func() error { return x.deleteAnalyzer(ctx, l) }},
		{OnEBSKey, func() error { return x.resetEBSKey(ctx, l) }},
		{OnEBS, func() error { return x.disableEBS(ctx, l) }},
		{OnS3Block, func() error { return x.deleteS3Block(ctx, l) }},
		{OnPassword, func() error { return x.deletePassword(ctx, l) }},
	}
	for _, s := range steps {
		if slices.Contains(turnedOn, s.when) && (s.when != OnPassword || !l.PasswordPolicy.Unmanaged) {
			if err := s.off(); err != nil {
				return left, err
			}
		}
	}
	if !slices.Contains(turnedOn, OnHub) {
		if err := x.disableStandards(ctx, l, turnedOn); err != nil {
			return left, err
		}
	}
	if err := x.disableInspector(ctx, l, turnedOn); err != nil {
		return left, err
	}
	left.Running = stillOn(everything(l, detectorID), turnedOn)
	return left, nil
}

// everything names each piece of the baseline, with the turned-on key it
// goes by.
func everything(l Layout, detectorID string) []string {
	out := []string{"GuardDuty detector " + detectorID, "Security Hub", "AWS Config recorder " + l.RecorderName}
	if l.ConformancePack {
		out = append(out, "conformance pack "+l.PackName)
	}
	if l.AccessAnalyzer {
		out = append(out, "access analyzer "+l.AnalyzerName)
	}
	if len(l.InspectorTypes) > 0 {
		out = append(out, "Inspector ("+strings.Join(l.InspectorTypes, ", ")+")")
	}
	out = append(out, "EBS encryption by default")
	if !l.PasswordPolicy.Unmanaged {
		out = append(out, "IAM password policy")
	}
	if l.S3AccountPublicAccessBlock {
		out = append(out, "account S3 public access block")
	}
	return out
}

// stillOn drops from all what turnedOn says this resource turned off.
func stillOn(all, turnedOn []string) []string {
	gone := map[string]string{OnGuardDuty: "GuardDuty detector", OnHub: "Security Hub", OnConfig: "AWS Config recorder", OnPack: "conformance pack",
		OnAnalyzer: "access analyzer", OnEBS: "EBS encryption by default", OnPassword: "IAM password policy", OnS3Block: "account S3 public access block"}
	var out []string
	for _, a := range all {
		off := false
		for on, prefix := range gone {
			off = off || slices.Contains(turnedOn, on) && strings.HasPrefix(a, prefix)
		}
		if !off {
			out = append(out, a)
		}
	}
	return out
}

func (x Executor) deleteDetector(ctx context.Context, l Layout, id string) error {
	if id == "" {
		return nil
	}
	_, err := x.GuardDuty.DeleteDetector(ctx, &guardduty.DeleteDetectorInput{DetectorId: aws.String(id)})
	if err != nil && !awsclient.HasCode(err, "BadRequestException") {
		return x.fail("deleting", "GuardDuty detector", KeyDetector, l, err)
	}
	return nil
}

func (x Executor) deletePack(ctx context.Context, l Layout) error {
	_, err := x.Config.DeleteConformancePack(ctx, &configservice.DeleteConformancePackInput{ConformancePackName: aws.String(l.PackName)})
	if err != nil && !awsclient.HasCode(err, "NoSuchConformancePackException") {
		return x.fail("deleting", "conformance pack", KeyPack, l, err)
	}
	return nil
}

// deleteConfig stops the recorder, deletes the channel, the recorder and
// its role.
func (x Executor) deleteConfig(ctx context.Context, l Layout) error {
	gone := func(err error) bool {
		return err == nil || awsclient.HasCode(err, "NoSuchConfigurationRecorderException", "NoSuchDeliveryChannelException", "NoSuchEntity")
	}
	if _, err := x.Config.StopConfigurationRecorder(ctx, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: aws.String(l.RecorderName)}); !gone(err) {
		return x.fail("stopping", "AWS Config recorder", KeyRecorder, l, err)
	}
	if _, err := x.Config.DeleteDeliveryChannel(ctx, &configservice.DeleteDeliveryChannelInput{DeliveryChannelName: aws.String(l.ChannelName)}); !gone(err) {
		return x.fail("deleting", "AWS Config delivery channel", KeyChannel, l, err)
	}
	if _, err := x.Config.DeleteConfigurationRecorder(ctx, &configservice.DeleteConfigurationRecorderInput{ConfigurationRecorderName: aws.String(l.RecorderName)}); !gone(err) {
		return x.fail("deleting", "AWS Config recorder", KeyRecorder, l, err)
	}
	if err := servicerole.Delete(ctx, x.IAM, l.configRole()); err != nil {
		return x.fail("deleting", "IAM role", KeyConfigRole, l, err)
	}
	return nil
}

func (x Executor) disableHub(ctx context.Context, l Layout) error {
	_, err := x.SecurityHub.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
	if err != nil && !awsclient.HasCode(err, "InvalidAccessException", "ResourceNotFoundException") {
		return x.fail("disabling", "Security Hub", KeyHub, l, err)
	}
	return nil
}

// disableStandards turns off the standards this resource enabled on a hub
// it did not enable.
func (x Executor) disableStandards(ctx context.Context, l Layout, turnedOn []string) error {
	got, err := x.SecurityHub.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if awsclient.HasCode(err, "InvalidAccessException") {
		return nil
	}
	if err != nil {
		return x.fail("reading the standards of", "Security Hub", KeyStandards, l, err)
	}
	var subs []string
	for _, s := range got.StandardsSubscriptions {
		if slices.Contains(turnedOn, OnStandard+aws.ToString(s.StandardsArn)) {
			subs = append(subs, aws.ToString(s.StandardsSubscriptionArn))
		}
	}
	if len(subs) == 0 {
		return nil
	}
	if _, err := x.SecurityHub.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: subs}); err != nil {
		return x.fail("disabling standards of", "Security Hub", KeyStandards, l, err)
	}
	return nil
}

func (x Executor) deleteAnalyzer(ctx context.Context, l Layout) error {
	_, err := x.AccessAnalyzer.DeleteAnalyzer(ctx, &accessanalyzer.DeleteAnalyzerInput{AnalyzerName: aws.String(l.AnalyzerName)})
	if err != nil && !awsclient.HasCode(err, "ResourceNotFoundException") {
		return x.fail("deleting", "access analyzer", KeyAnalyzer, l, err)
	}
	return nil
}

func (x Executor) disableInspector(ctx context.Context, l Layout, turnedOn []string) error {
	var types []i2types.ResourceScanType
	for _, on := range turnedOn {
		if t, ok := strings.CutPrefix(on, OnInspector); ok {
			types = append(types, i2types.ResourceScanType(t))
		}
	}
	if len(types) == 0 {
		return nil
	}
	if _, err := x.Inspector.Disable(ctx, &inspector2.DisableInput{AccountIds: []string{l.AccountID}, ResourceTypes: types}); err != nil {
		return x.fail("disabling", "Inspector", KeyInspector, l, err)
	}
	return nil
}

func (x Executor) resetEBSKey(ctx context.Context, l Layout) error {
	if _, err := x.EC2.ResetEbsDefaultKmsKeyId(ctx, &ec2.ResetEbsDefaultKmsKeyIdInput{}); err != nil {
		return x.fail("resetting the default key of", "EBS encryption by default", KeyEBS, l, err)
	}
	return nil
}

func (x Executor) disableEBS(ctx context.Context, l Layout) error {
	if _, err := x.EC2.DisableEbsEncryptionByDefault(ctx, &ec2.DisableEbsEncryptionByDefaultInput{}); err != nil {
		return x.fail("disabling", "EBS encryption by default", KeyEBS, l, err)
	}
	return nil
}

func (x Executor) deleteS3Block(ctx context.Context, l Layout) error {
	_, err := x.S3Control.DeletePublicAccessBlock(ctx, &s3control.DeletePublicAccessBlockInput{AccountId: aws.String(l.AccountID)})
	if err != nil && !awsclient.HasCode(err, "NoSuchPublicAccessBlockConfiguration") {
		return x.fail("deleting", "account S3 public access block", KeyS3Block, l, err)
	}
	return nil
}

func (x Executor) deletePassword(ctx context.Context, l Layout) error {
	_, err := x.IAM.DeleteAccountPasswordPolicy(ctx, &iam.DeleteAccountPasswordPolicyInput{})
	var nf *iamtypes.NoSuchEntityException
	if err != nil && !errors.As(err, &nf) {
		return x.fail("deleting", "IAM password policy", KeyPassword, l, err)
	}
	return nil
}

// StopReplication removes, after an update from prior to next, the
// replication rules and role when next no longer replicates. The replicas
// are kept with what they hold.
func (x Executor) StopReplication(ctx context.Context, prior, next Layout) error {
	return s3bucket.StopReplicas(ctx, x.IAM, x.S3, prior.owner(), KeyReplicationRole, prior.Replicas, next.Replicas)
}
