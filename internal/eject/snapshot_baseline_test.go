package eject_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// securityBaseline snapshots every object of a hipaa_security_baseline in
// us-east-1 of account: l.cfg must reach the harness proxy, which answers
// the operations the emulator lacks (Security Hub standards, conformance
// packs, Access Analyzer, the EBS default key).
func (l *lister) securityBaseline(account string) {
	for _, purpose := range []string{"config-access-logs", "config"} {
		l.bucket(fmt.Sprintf("hipaa-%s-%s-us-east-1", purpose, account))
	}
	l.role("hipaa-config-us-east-1")
	l.detector()
	l.securityHub()
	l.configRecorder()
	l.conformancePacks()
	l.analyzers()
	l.inspector(account)
	l.accountSettings(account)
}

// detector snapshots the region's detector: status, frequency, features
// and tags (moto keeps the tags CreateDetector was given).
func (l *lister) detector() {
	c := guardduty.NewFromConfig(l.cfg)
	ids, err := c.ListDetectors(l.ctx, &guardduty.ListDetectorsInput{})
	l.fail("GuardDuty detectors", err)
	if err != nil || len(ids.DetectorIds) != 1 {
		l.fail("GuardDuty detectors", fmt.Errorf("want one detector, got %v", ids))
		return
	}
	d, err := c.GetDetector(l.ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(ids.DetectorIds[0])})
	l.fail("GuardDuty detector", err)
	if err != nil {
		return
	}
	var features []string
	for _, f := range d.Features {
		features = append(features, fmt.Sprintf("%s=%s", f.Name, f.Status))
	}
	slices.Sort(features)
	l.put("guardduty_detector", "region", "status=%s frequency=%s features=%v tags=%s", d.Status, d.FindingPublishingFrequency,
		features, mapString(d.Tags))
}

// securityHub snapshots the hub and its enabled standards. The hub's tags
// are not listed: moto has no ListTagsForResource for Security Hub, and
// aws_securityhub_account cannot set tags.
func (l *lister) securityHub() {
	c := securityhub.NewFromConfig(l.cfg)
	h, err := c.DescribeHub(l.ctx, &securityhub.DescribeHubInput{})
	l.fail("Security Hub", err)
	if err != nil {
		return
	}
	l.put("securityhub_hub", "region", "arn=%s auto_enable_controls=%t control_finding_generator=%s", aws.ToString(h.HubArn),
		aws.ToBool(h.AutoEnableControls), h.ControlFindingGenerator)
	st, err := c.GetEnabledStandards(l.ctx, &securityhub.GetEnabledStandardsInput{})
	l.fail("Security Hub standards", err)
	if err != nil {
		return
	}
	for _, s := range st.StandardsSubscriptions {
		l.put("securityhub_standard", aws.ToString(s.StandardsArn), "status=%s", s.StandardsStatus)
	}
}

// configRecorder snapshots the recorders, their status and the delivery
// channels.
func (l *lister) configRecorder() {
	c := configservice.NewFromConfig(l.cfg)
	rec, err := c.DescribeConfigurationRecorders(l.ctx, &configservice.DescribeConfigurationRecordersInput{})
	l.fail("Config recorders", err)
	if err != nil {
		return
	}
	for _, r := range rec.ConfigurationRecorders {
		group, _ := json.Marshal(r.RecordingGroup)
		mode, _ := json.Marshal(r.RecordingMode)
		l.put("config_recorder", aws.ToString(r.Name), "role=%s group=%s mode=%s", aws.ToString(r.RoleARN), group, mode)
	}
	st, err := c.DescribeConfigurationRecorderStatus(l.ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	l.fail("Config recorder status", err)
	if err == nil {
		for _, s := range st.ConfigurationRecordersStatus {
			l.put("config_recorder_status", aws.ToString(s.Name), "recording=%t", s.Recording)
		}
	}
	ch, err := c.DescribeDeliveryChannels(l.ctx, &configservice.DescribeDeliveryChannelsInput{})
	l.fail("Config delivery channels", err)
	if err != nil {
		return
	}
	for _, d := range ch.DeliveryChannels {
		frequency := ""
		if p := d.ConfigSnapshotDeliveryProperties; p != nil {
			frequency = string(p.DeliveryFrequency)
		}
		l.put("config_delivery_channel", aws.ToString(d.Name), "bucket=%s prefix=%s kms=%s sns=%s frequency=%s", aws.ToString(d.S3BucketName),
			aws.ToString(d.S3KeyPrefix), l.ref(aws.ToString(d.S3KmsKeyArn)), aws.ToString(d.SnsTopicARN), frequency)
	}
}

// conformancePacks snapshots the packs and the SHA-256 of their template.
// AWS returns no template; the harness fake keeps the one it was given and
// returns it as TemplateBody, which the SDK drops: it is read from the raw
// response.
func (l *lister) conformancePacks() {
	raw := &rawBody{}
	c := configservice.NewFromConfig(l.cfg, func(o *configservice.Options) { o.HTTPClient = raw })
	out, err := c.DescribeConformancePacks(l.ctx, &configservice.DescribeConformancePacksInput{})
	l.fail("conformance packs", err)
	if err != nil {
		return
	}
	var withBody struct {
		ConformancePackDetails []struct{ ConformancePackName, TemplateBody string }
	}
	l.fail("conformance pack templates", json.Unmarshal(raw.last, &withBody))
	templates := map[string]string{}
	for _, p := range withBody.ConformancePackDetails {
		sum := sha256.Sum256([]byte(p.TemplateBody))
		templates[p.ConformancePackName] = hex.EncodeToString(sum[:])
	}
	for _, p := range out.ConformancePackDetails {
		name := aws.ToString(p.ConformancePackName)
		params, _ := json.Marshal(p.ConformancePackInputParameters)
		l.put("config_conformance_pack", name, "arn=%s delivery_bucket=%s parameters=%s template_sha256=%s", aws.ToString(p.ConformancePackArn),
			aws.ToString(p.DeliveryS3Bucket), params, templates[name])
	}
}

// rawBody is an HTTP client that keeps the last response body.
type rawBody struct{ last []byte }

func (r *rawBody) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	r.last, err = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(r.last))
	return resp, err
}

func (l *lister) analyzers() {
	out, err := accessanalyzer.NewFromConfig(l.cfg).ListAnalyzers(l.ctx, &accessanalyzer.ListAnalyzersInput{})
	l.fail("access analyzers", err)
	if err != nil {
		return
	}
	for _, a := range out.Analyzers {
		l.put("access_analyzer", aws.ToString(a.Name), "arn=%s type=%s status=%s tags=%s", aws.ToString(a.Arn), a.Type, a.Status, mapString(a.Tags))
	}
}

func (l *lister) inspector(account string) {
	out, err := inspector2.NewFromConfig(l.cfg).BatchGetAccountStatus(l.ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{account}})
	l.fail("Inspector status", err)
	if err != nil {
		return
	}
	for _, a := range out.Accounts {
		r := a.ResourceState
		if r == nil {
			l.put("inspector", aws.ToString(a.AccountId), "no resource state")
			continue
		}
		status := func(name string, s any) string {
			b, _ := json.Marshal(s)
			return name + "=" + string(b)
		}
		l.put("inspector", aws.ToString(a.AccountId), "%s %s %s %s", status("ec2", r.Ec2), status("ecr", r.Ecr), status("lambda", r.Lambda),
			status("lambda_code", r.LambdaCode))
	}
}

// accountSettings snapshots EBS encryption by default and its key, the
// account S3 public access block and the IAM password policy.
func (l *lister) accountSettings(account string) {
	c := ec2.NewFromConfig(l.cfg)
	enc, err := c.GetEbsEncryptionByDefault(l.ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	l.fail("EBS encryption by default", err)
	key, err2 := c.GetEbsDefaultKmsKeyId(l.ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
	l.fail("EBS default key", err2)
	if err == nil && err2 == nil {
		l.put("ebs_encryption_by_default", "region", "enabled=%t key=%s", aws.ToBool(enc.EbsEncryptionByDefault), l.ref(aws.ToString(key.KmsKeyId)))
	}
	// AWS puts the account ID in front of the s3control host: send the
	// call to the endpoint as given.
	s3c := s3control.NewFromConfig(l.cfg, func(o *s3control.Options) {
		o.EndpointResolverV2 = awsclient.FixedEndpoint(aws.ToString(l.cfg.BaseEndpoint))
	})
	pab, err := s3c.GetPublicAccessBlock(l.ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(account)})
	l.fail("account S3 public access block", err)
	if err == nil {
		b, _ := json.Marshal(pab.PublicAccessBlockConfiguration)
		l.put("s3_account_public_access_block", account, "%s", b)
	}
	pw, err := iam.NewFromConfig(l.cfg).GetAccountPasswordPolicy(l.ctx, &iam.GetAccountPasswordPolicyInput{})
	l.fail("password policy", err)
	if err == nil {
		b, _ := json.Marshal(pw.PasswordPolicy)
		l.put("iam_password_policy", account, "%s", b)
	}
}
