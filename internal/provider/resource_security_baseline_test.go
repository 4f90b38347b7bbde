package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	i2types "github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
)

const baselineAddr = "hipaa_security_baseline.test"

// sdk reaches the emulator through the proxy, so the operations the
// harness fakes (Security Hub standards, conformance packs, Access
// Analyzer, the EBS default key) answer too.
type sdk struct {
	gd  *guardduty.Client
	sh  *securityhub.Client
	cfg *configservice.Client
	aa  *accessanalyzer.Client
	i2  *inspector2.Client
	ec2 *ec2.Client
	s3c *s3control.Client
	iam *iam.Client
}

func sdkVia(t *testing.T, p *acctest.Proxy) sdk {
	acctest.PreCheck(t)
	c := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(p.URL())}
	return sdk{gd: guardduty.NewFromConfig(c), sh: securityhub.NewFromConfig(c), cfg: configservice.NewFromConfig(c), aa: accessanalyzer.NewFromConfig(c),
		i2: inspector2.NewFromConfig(c), ec2: ec2.NewFromConfig(c), iam: iam.NewFromConfig(c),
		s3c: s3control.NewFromConfig(c, func(o *s3control.Options) { o.EndpointResolverV2 = awsclient.FixedEndpoint(p.URL()) })}
}

func testAccBaselineConfig(p *acctest.Proxy, extra string) string {
	return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "baseline" {
  name             = "security-baseline"
  allowed_services = ["s3", "logs"]
}

resource "hipaa_security_baseline" "test" {
  kms_key_arn = hipaa_kms_key.baseline.arn
%s
}
`, extra)
}

// check asserts every part of the baseline through the SDK.
func (c sdk) check(t *testing.T, wantFrequency string, wantInspector ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, a := context.Background(), s.RootModule().Resources[baselineAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		d, err := c.gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(a["detector_id"])})
		check(err == nil && d.Status == gdtypes.DetectorStatusEnabled && string(d.FindingPublishingFrequency) == wantFrequency, "GuardDuty enabled, "+wantFrequency)
		if err == nil {
			on := map[gdtypes.DetectorFeatureResult]bool{}
			for _, f := range d.Features {
				on[f.Name] = f.Status == gdtypes.FeatureStatusEnabled
			}
			check(on["S3_DATA_EVENTS"] && on["RDS_LOGIN_EVENTS"] && on["EBS_MALWARE_PROTECTION"], "GuardDuty S3, RDS and EBS malware protection")
		}
		_, err = c.sh.DescribeHub(ctx, &securityhub.DescribeHubInput{})
		check(err == nil, "Security Hub enabled")
		st, err := c.sh.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
		check(err == nil && len(st.StandardsSubscriptions) == 3, "three standards")
		rec, err := c.cfg.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
		check(err == nil && len(rec.ConfigurationRecorders) == 1 && rec.ConfigurationRecorders[0].RecordingGroup.AllSupported &&
			rec.ConfigurationRecorders[0].RecordingGroup.IncludeGlobalResourceTypes, "Config records every type")
		rs, err := c.cfg.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
		check(err == nil && len(rs.ConfigurationRecordersStatus) == 1 && rs.ConfigurationRecordersStatus[0].Recording, "Config recording")
		ch, err := c.cfg.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
		check(err == nil && len(ch.DeliveryChannels) == 1 && aws.ToString(ch.DeliveryChannels[0].S3BucketName) == a["config_bucket_name"] &&
			strings.Contains(aws.ToString(ch.DeliveryChannels[0].S3KmsKeyArn), ":key/"), "Config delivers to its bucket with the customer key")
		pk, err := c.cfg.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
		check(err == nil && len(pk.ConformancePackDetails) == 1, "conformance pack")
		_, err = c.aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("hipaa-baseline")})
		check(err == nil, "access analyzer")
		ins, err := c.i2.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{"123456789012"}})
		check(err == nil && len(ins.Accounts) == 1, "Inspector status")
		if err == nil && len(ins.Accounts) == 1 {
			r := ins.Accounts[0].ResourceState
			got := map[string]bool{"EC2": r.Ec2.Status == i2types.StatusEnabled, "ECR": r.Ecr.Status == i2types.StatusEnabled,
				"LAMBDA": r.Lambda.Status == i2types.StatusEnabled, "LAMBDA_CODE": r.LambdaCode != nil && r.LambdaCode.Status == i2types.StatusEnabled}
			for _, w := range wantInspector {
				check(got[w], "Inspector scans "+w)
			}
		}
		enc, err := c.ec2.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		check(err == nil && aws.ToBool(enc.EbsEncryptionByDefault), "EBS encryption by default")
		key, err := c.ec2.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
		check(err == nil && aws.ToString(key.KmsKeyId) == a["kms_key_arn"], "EBS default key is the customer key")
		pab, err := c.s3c.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String("123456789012")})
		check(err == nil && aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicPolicy) && aws.ToBool(pab.PublicAccessBlockConfiguration.RestrictPublicBuckets), "account S3 public access block")
		pw, err := c.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
		check(err == nil && aws.ToInt32(pw.PasswordPolicy.MinimumPasswordLength) >= 14 && aws.ToInt32(pw.PasswordPolicy.PasswordReusePrevention) == 24 &&
			aws.ToInt32(pw.PasswordPolicy.MaxPasswordAge) <= 90 && pw.PasswordPolicy.RequireSymbols && pw.PasswordPolicy.RequireNumbers, "password policy")
		check(bucketExists(t, a["config_bucket_name"]) && bucketExists(t, a["config_access_log_bucket_name"]), "Config buckets")
		if len(errs) > 0 {
			return fmt.Errorf("security baseline: want %s", strings.Join(errs, "; "))
		}
		return nil
	}
}

// TestAccSecurityBaseline_basic: create (checked through the SDK), each
// drift case repaired, update in place, import by region, and a destroy
// that leaves detection running.
func TestAccSecurityBaseline_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := sdkVia(t, p)
	cfg := testAccBaselineConfig(p, "")
	updated := testAccBaselineConfig(p, `  guardduty = { finding_publishing_frequency = "ONE_HOUR" }
  inspector = { resource_types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] }
  password_policy = { minimum_length = 16 }`)
	var detector string
	ctx := context.Background()
	drift := func(name string, change func() error) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() {
				if err := change(); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(baselineAddr, plancheck.ResourceActionUpdate)}},
			Check:            c.check(t, "FIFTEEN_MINUTES", "EC2", "ECR", "LAMBDA"),
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if _, err := c.gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(detector)}); err != nil {
				return fmt.Errorf("destroy deleted the detector; by default it must keep detection running: %v", err)
			}
			if _, err := c.sh.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
				return fmt.Errorf("destroy disabled Security Hub: %v", err)
			}
			rs, err := c.cfg.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
			if err != nil || len(rs.ConfigurationRecordersStatus) != 1 || !rs.ConfigurationRecordersStatus[0].Recording {
				return fmt.Errorf("destroy stopped AWS Config (%v)", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					c.check(t, "FIFTEEN_MINUTES", "EC2", "ECR", "LAMBDA"),
					testAccCheckServiceRole(t, "hipaa-config-us-east-1", managedPolicy("hipaa-config-us-east-1-config-delivery"), "/AWS_ConfigRole"),
					resource.TestCheckResourceAttr(baselineAddr, "id", "us-east-1"),
					resource.TestCheckResourceAttr(baselineAddr, "drift", ""),
					resource.TestCheckResourceAttr(baselineAddr, "standards_arns.#", "3"),
					func(s *terraform.State) error {
						d, err := c.gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(s.RootModule().Resources[baselineAddr].Primary.Attributes["detector_id"])})
						if err != nil || d.Tags["hipaa:owner"] != "hipaa_security_baseline/us-east-1" {
							return fmt.Errorf("the detector is not tagged with the owner (%v)", err)
						}
						return nil
					},
					func(s *terraform.State) error {
						detector = s.RootModule().Resources[baselineAddr].Primary.Attributes["detector_id"]
						return nil
					},
				),
			},
			drift("GuardDuty suspended", func() error {
				_, err := c.gd.UpdateDetector(ctx, &guardduty.UpdateDetectorInput{DetectorId: aws.String(detector), Enable: aws.Bool(false)})
				return err
			}),
			drift("a standard disabled", func() error {
				st, err := c.sh.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
				if err != nil {
					return err
				}
				_, err = c.sh.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{aws.ToString(st.StandardsSubscriptions[0].StandardsSubscriptionArn)}})
				return err
			}),
			drift("recorder stopped", func() error {
				_, err := c.cfg.StopConfigurationRecorder(ctx, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: aws.String("hipaa-baseline")})
				return err
			}),
			drift("password policy weakened", func() error {
				_, err := c.iam.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(8), PasswordReusePrevention: aws.Int32(1)})
				return err
			}),
			drift("conformance pack from an earlier catalog", func() error {
				// as a release before ELB-01 would have deployed it: a rule
				// fewer, no digest
				old := strings.Replace(baseline.ConformancePackTemplate(), "AlbHttpToHttpsRedirectionCheck:", "Removed:", 1)
				_, err := c.cfg.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String(baseline.ChildName), TemplateBody: aws.String(old)})
				return err
			}),
			drift("EBS default encryption off", func() error {
				_, err := c.ec2.DisableEbsEncryptionByDefault(ctx, &ec2.DisableEbsEncryptionByDefaultInput{})
				return err
			}),
			{
				Config: updated,
				Check: resource.ComposeAggregateTestCheckFunc(
					c.check(t, "ONE_HOUR", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"),
					func(*terraform.State) error {
						out, err := c.cfg.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{ConformancePackNames: []string{baseline.ChildName}})
						want := baseline.TemplateDigest(baseline.ConformancePackTemplate())
						if err != nil || len(out.ConformancePackDetails) != 1 || len(out.ConformancePackDetails[0].ConformancePackInputParameters) != 1 ||
							aws.ToString(out.ConformancePackDetails[0].ConformancePackInputParameters[0].ParameterValue) != want {
							return fmt.Errorf("the conformance pack was not deployed again with the catalog's template (digest %s): %+v (%v)", want, out, err)
						}
						return nil
					},
					func(*terraform.State) error {
						pw, err := c.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
						if err != nil || aws.ToInt32(pw.PasswordPolicy.MinimumPasswordLength) != 16 {
							return fmt.Errorf("password minimum length not raised to 16 (%v)", err)
						}
						return nil
					},
				),
			},
			{ResourceName: baselineAddr, ImportState: true, ImportStateId: "us-east-1", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"drift", "disable_on_destroy"}},
		},
	})
}

// TestAccSecurityBaseline_refusals: each weaker setting is refused at plan
// with zero AWS calls, citing its control.
func TestAccSecurityBaseline_refusals(t *testing.T) {
	acctest.Parallel(t)
	for name, c := range map[string]struct{ extra, want string }{
		"no RDS protection":       {`  guardduty = { features = ["S3_DATA_EVENTS"] }`, `DET-01`},
		"unknown feature":         {`  guardduty = { features = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "DNS_LOGS"] }`, `guardduty.features`},
		"unknown frequency":       {`  guardduty = { finding_publishing_frequency = "DAILY" }`, `finding_publishing_frequency`},
		"no NIST":                 {`  security_hub = { standards = ["aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"] }`, `DET-02`},
		"standard ARN not ID":     {`  security_hub = { standards = ["arn:aws:securityhub:::ruleset/cis"] }`, `security_hub.standards`},
		"no conformance pack":     {`  config = { conformance_pack = false }`, `DET-03`},
		"no access analyzer":      {`  access_analyzer = false`, `DET-04`},
		"no Lambda scanning":      {`  inspector = { resource_types = ["EC2", "ECR"] }`, `DET-05`},
		"short passwords":         {`  password_policy = { minimum_length = 8 }`, `DET-06`},
		"old passwords":           {`  password_policy = { max_age_days = 365 }`, `DET-06`},
		"account block off":       {`  s3_account_public_access_block = false`, `DET-06`},
		"AWS-managed EBS key":     {`  ebs_default_encryption_kms_key_arn = "alias/aws/ebs"`, `ebs_default_encryption_kms_key_arn`},
		"reuse beyond IAM limits": {`  password_policy = { reuse_prevention = 30 }`, `reuse_prevention`},
		"password policy left alone": {`  password_policy = { enabled = false }`,
			`(?s)DET-06.*password_policy\.enabled`},
		"aws: tag":              {`  tags = { "aws:owner" = "me" }`, `(?s)tags.*aws:`},
		"replica in the region": {"  replication = { region = \"us-east-1\", kms_key_arn = KEY }", `(?s)replication.region.*own region`},
		"replica key alias":     {"  replication = { region = \"us-west-2\", kms_key_arn = \"alias/config\" }", `(?s)STO-01.*replication.kms_key_arn.*alias`},
	} {
		t.Run(name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string {
				return fmt.Sprintf("resource \"hipaa_security_baseline\" \"test\" {\n  kms_key_arn = %s\n%s\n}\n", up.KeyARN, strings.ReplaceAll(c.extra, "KEY", up.KeyARN))
			}, c.want)
		})
	}
}

// TestAccSecurityBaseline_adoptAndDisable: a detector another tool created
// is refused at apply with the import command; after the import the apply
// brings the region up to the baseline; destroy with disable_on_destroy
// turns off what the baseline turned on and leaves what was on before.
func TestAccSecurityBaseline_adoptAndDisable(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := sdkVia(t, p)
	ctx := context.Background()
	cfg := requiredProviders + testAccBaselineConfig(p, "  disable_on_destroy = true")
	var foreign string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			var errs []string
			if _, err := c.gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(foreign)}); err != nil {
				errs = append(errs, "deleted the adopted detector")
			}
			if pw, err := c.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); err != nil || aws.ToInt32(pw.PasswordPolicy.MinimumPasswordLength) != 14 {
				errs = append(errs, "removed the password policy that existed before")
			}
			if enc, err := c.ec2.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{}); err != nil || !aws.ToBool(enc.EbsEncryptionByDefault) {
				errs = append(errs, "turned off EBS encryption by default, which was on before")
			}
			if _, err := c.sh.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err == nil {
				errs = append(errs, "left Security Hub on, which it turned on")
			}
			if rec, err := c.cfg.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{}); err != nil || len(rec.ConfigurationRecorders) != 0 {
				errs = append(errs, "left its Config recorder")
			}
			if _, err := c.aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("hipaa-baseline")}); err == nil {
				errs = append(errs, "left its access analyzer")
			}
			if _, err := c.s3c.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String("123456789012")}); err == nil {
				errs = append(errs, "left the account S3 public access block it created")
			}
			if !bucketExists(t, "hipaa-config-123456789012-us-east-1") {
				errs = append(errs, "deleted the Config bucket (audit evidence)")
			}
			if len(errs) > 0 {
				return fmt.Errorf("destroy with disable_on_destroy: %s", strings.Join(errs, "; "))
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					d, err := c.gd.CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
					if err == nil {
						foreign = aws.ToString(d.DetectorId)
						_, err = c.iam.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(14),
							MaxPasswordAge: aws.Int32(90), PasswordReusePrevention: aws.Int32(24), RequireLowercaseCharacters: true,
							RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: true})
					}
					if err == nil {
						_, err = c.ec2.EnableEbsEncryptionByDefault(ctx, &ec2.EnableEbsEncryptionByDefaultInput{})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)GuardDuty detector [0-9a-f]+ exists and was not\s+created by this provider.*terraform import\s+hipaa_security_baseline.<name>\s+us-east-1`),
			},
			{Config: cfg, ResourceName: baselineAddr, ImportState: true, ImportStateId: "us-east-1", ImportStatePersist: true},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					c.check(t, "FIFTEEN_MINUTES", "EC2", "ECR", "LAMBDA"),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources[baselineAddr].Primary.Attributes["detector_id"]; got != foreign {
							return fmt.Errorf("detector_id %s, want the adopted %s", got, foreign)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccSecurityBaseline_passwordPolicyHandedOver: a baseline creates the
// account's password policy; password_policy.enabled = false (with the
// DET-06 exception) hands it over: a policy weakened outside Terraform is
// then neither drift nor rewritten, and destroy with disable_on_destroy
// leaves it as it is.
func TestAccSecurityBaseline_passwordPolicyHandedOver(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := sdkVia(t, p)
	ctx := context.Background()
	minLength := func(want int32) resource.TestCheckFunc {
		return func(*terraform.State) error {
			pw, err := c.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
			if err != nil {
				return fmt.Errorf("reading the password policy: %w", err)
			}
			if got := aws.ToInt32(pw.PasswordPolicy.MinimumPasswordLength); got != want {
				return fmt.Errorf("password policy minimum length %d, want %d", got, want)
			}
			return nil
		}
	}
	managed := requiredProviders + testAccBaselineConfig(p, "  disable_on_destroy = true")
	handedOver := requiredProviders + testAccBaselineConfig(p, `  disable_on_destroy = true
  password_policy    = { enabled = false }
  exceptions         = [{ control = "DET-06", reason = "the password policy is managed by the baseline in us-west-2" }]`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := minLength(8)(s); err != nil {
				return fmt.Errorf("destroy with disable_on_destroy touched the handed-over password policy: %w", err)
			}
			if _, err := c.sh.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err == nil {
				return fmt.Errorf("destroy with disable_on_destroy left Security Hub on")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: managed, Check: minLength(14)},
			{
				Config: handedOver,
				Check: resource.ComposeAggregateTestCheckFunc(minLength(14),
					resource.TestCheckResourceAttr(baselineAddr, "password_policy.enabled", "false")),
			},
			{
				PreConfig: func() {
					if _, err := c.iam.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(8)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           handedOver,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            minLength(8),
			},
		},
	})
}

// TestAccSecurityBaseline_faults: a hard failure creating the detector
// (the last step) leaves no state; the next apply, under 10 % throttling,
// resumes what the failed one built — no second bucket, role or hub — and
// creates the detector.
func TestAccSecurityBaseline_faults(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := sdkVia(t, p)
	cfg := testAccBaselineConfig(p, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "guardduty", Operation: "CreateDetector", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`creating GuardDuty detector`),
			},
			{
				PreConfig: func() {
					p.ClearRules()
					p.ResetCounts()
					for _, svc := range []string{"guardduty", "securityhub", "configservice", "accessanalyzer", "inspector2", "ec2", "s3", "s3control", "iam"} {
						p.AddRule(acctest.FaultRule{Service: svc, Kind: acctest.FaultThrottle, Probability: 0.1})
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					c.check(t, "FIFTEEN_MINUTES", "EC2", "ECR", "LAMBDA"),
					func(*terraform.State) error {
						calls := p.Calls()
						if p.Faults() == 0 {
							return fmt.Errorf("no fault injected")
						}
						for _, op := range []string{"s3:CreateBucket", "iam:CreateRole", "securityhub:EnableSecurityHub", "accessanalyzer:CreateAnalyzer"} {
							if calls[op] != 0 {
								return fmt.Errorf("the re-apply called %s %d times; it should resume what the failed apply built", op, calls[op])
							}
						}
						if calls["guardduty:CreateDetector"] == 0 {
							return fmt.Errorf("the re-apply did not create the detector")
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccSecurityBaseline_refreshCalls: a refresh reads each setting once
// (13 calls) and the Config bucket's settings (8): S3 has no batch read;
// perRefresh adds the identity check.
func TestAccSecurityBaseline_refreshCalls(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	key, err := kmsClient(t).CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := p.ProviderConfig() + fmt.Sprintf("resource \"hipaa_security_baseline\" \"test\" {\n  kms_key_arn = %q\n}\n", aws.ToString(key.KeyMetadata.Arn))
	testAccRefreshCalls(t, "hipaa_security_baseline", p, cfg, "guardduty:GetDetector", []string{"guardduty", "securityhub", "configservice",
		"accessanalyzer", "inspector2", "ec2", "s3", "s3control", "iam"}, 22) // 21 + one identity check
}

// TestAccSecurityBaseline_regionChange: a new provider region replaces the
// baseline, and the old one is destroyed where it was made: with
// disable_on_destroy its detector goes in us-east-1, while the new
// baseline's detector runs in us-west-2.
func TestAccSecurityBaseline_regionChange(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	ctx := context.Background()
	east := requiredProviders + testAccBaselineConfig(p, "  disable_on_destroy = true")
	west := strings.Replace(east, `region      = "us-east-1"`, `region      = "us-west-2"`, 1)
	if west == east {
		t.Fatal("the provider block names no us-east-1 region to move")
	}
	detectors := func(region string) []string {
		c := aws.Config{Region: region, Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(p.URL())}
		out, err := guardduty.NewFromConfig(c).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
		if err != nil {
			t.Fatal(err)
		}
		return out.DetectorIds
	}
	var old string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: east,
				Check: func(s *terraform.State) error {
					old = s.RootModule().Resources[baselineAddr].Primary.Attributes["detector_id"]
					if got := detectors("us-east-1"); len(got) != 1 || got[0] != old {
						return fmt.Errorf("detectors in us-east-1: %v, want %s", got, old)
					}
					return nil
				},
			},
			{
				Config:           west,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(baselineAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: func(s *terraform.State) error {
					a := s.RootModule().Resources[baselineAddr].Primary.Attributes
					if a["id"] != "us-west-2" {
						return fmt.Errorf("id %s, want us-west-2", a["id"])
					}
					if got := detectors("us-east-1"); len(got) != 0 {
						return fmt.Errorf("the old baseline's detector is still on in us-east-1 (%v): destroy ran in another region", got)
					}
					if got := detectors("us-west-2"); len(got) != 1 || got[0] != a["detector_id"] {
						return fmt.Errorf("detectors in us-west-2: %v, want %s", got, a["detector_id"])
					}
					return nil
				},
			},
		},
	})
}
