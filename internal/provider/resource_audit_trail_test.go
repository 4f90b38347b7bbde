package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

const trailAddr = "hipaa_audit_trail.test"

func s3Client(t *testing.T) *s3.Client {
	cfg := acctest.AWSConfig(t)
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

func ctClient(t *testing.T) *cloudtrail.Client { return cloudtrail.NewFromConfig(acctest.AWSConfig(t)) }

func testAccAuditTrailConfig(p *acctest.Proxy, name, extra string) string {
	return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "audit" {
  name             = "%[1]s-audit"
  allowed_services = ["cloudtrail", "logs", "s3"]
}

resource "hipaa_audit_trail" "test" {
  name        = %[1]q
  kms_key_arn = hipaa_kms_key.audit.arn
%[2]s
}
`, name, extra)
}

// testAccCheckAuditTrail checks the trail, both buckets and the log group through the SDK.
func testAccCheckAuditTrail(t *testing.T, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, attrs := context.Background(), s.RootModule().Resources[trailAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		tr, err := ctClient(t).GetTrail(ctx, &cloudtrail.GetTrailInput{Name: aws.String(name)})
		if err != nil {
			return err
		}
		check(aws.ToBool(tr.Trail.IsMultiRegionTrail) && aws.ToBool(tr.Trail.IncludeGlobalServiceEvents), "multi-region with global events")
		check(aws.ToBool(tr.Trail.LogFileValidationEnabled), "log-file validation")
		check(strings.Contains(aws.ToString(tr.Trail.KmsKeyId), ":key/"), "customer key")
		check(aws.ToString(tr.Trail.CloudWatchLogsLogGroupArn) != "" && strings.HasSuffix(aws.ToString(tr.Trail.CloudWatchLogsRoleArn), ":role/hipaa-audit-"+name+"-cloudtrail"),
			"CloudWatch Logs delivery through the trail's own role")
		st, err := ctClient(t).GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(name)})
		check(err == nil && aws.ToBool(st.IsLogging), "logging")
		bucket := attrs["bucket_name"]
		c := s3Client(t)
		ol, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
		check(err == nil && ol.ObjectLockConfiguration.Rule.DefaultRetention.Mode == s3types.ObjectLockRetentionModeCompliance, "Object Lock COMPLIANCE")
		enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
		check(err == nil && enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm == s3types.ServerSideEncryptionAwsKms, "SSE-KMS")
		pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
		check(err == nil && aws.ToBool(pab.PublicAccessBlockConfiguration.RestrictPublicBuckets) && aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls), "public access blocked")
		pol, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
		check(err == nil && strings.Contains(aws.ToString(pol.Policy), "aws:SecureTransport") && strings.Contains(aws.ToString(pol.Policy), "s3:TlsVersion"), "TLS-only policy")
		lc, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
		check(err == nil && len(lc.Rules) == 1 && aws.ToInt32(lc.Rules[0].Expiration.Days) == 3833 && len(lc.Rules[0].Transitions) == 2 &&
			aws.ToInt32(lc.Rules[0].Transitions[0].Days) == 30 && lc.Rules[0].Transitions[0].StorageClass == s3types.TransitionStorageClassStandardIa &&
			aws.ToInt32(lc.Rules[0].Transitions[1].Days) == 180 && lc.Rules[0].Transitions[1].StorageClass == s3types.TransitionStorageClassDeepArchive,
			"30 days Standard, 150 Standard-IA, then ten years in Deep Archive")
		lg, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(bucket)})
		check(err == nil && lg.LoggingEnabled != nil && aws.ToString(lg.LoggingEnabled.TargetBucket) == attrs["access_log_bucket_name"], "access logging")
		groups, err := cloudwatchlogs.NewFromConfig(acctest.AWSConfig(t)).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(attrs["log_group_name"])})
		check(err == nil && len(groups.LogGroups) == 1 && aws.ToInt32(groups.LogGroups[0].RetentionInDays) == 2192 && aws.ToString(groups.LogGroups[0].KmsKeyId) != "", "log group encrypted, six years")
		if len(errs) > 0 {
			return fmt.Errorf("audit trail %s: want %s", name, strings.Join(errs, "; "))
		}
		return nil
	}
}

func bucketExists(t *testing.T, name string) bool {
	_, err := s3Client(t).HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(name)})
	return err == nil
}

// TestAccAuditTrail_basic: create (checked through the SDK), drift repaired
// (logging stopped, validation off, lifecycle removed, policy loosened),
// data events added in place, import, and a destroy that keeps the evidence.
func TestAccAuditTrail_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccAuditTrailConfig(p, "audit1", "")
	// Data events, and a longer retention and lifecycle, which the import step reads back.
	withData := testAccAuditTrailConfig(p, "audit1", `  data_event_bucket_arns = ["arn:aws:s3:::phi-records"]
  cloudwatch_retention_days = 3653
  transitions = [{ days = 60, storage_class = "STANDARD_IA" }, { days = 200, storage_class = "GLACIER_IR" }]
  expire_after_days = 4000`)
	var bucket, access, group string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if _, err := ctClient(t).GetTrail(context.Background(), &cloudtrail.GetTrailInput{Name: aws.String("audit1")}); err == nil {
				return fmt.Errorf("the trail is still there")
			}
			if !bucketExists(t, bucket) || !bucketExists(t, access) {
				return fmt.Errorf("destroy removed an audit bucket; it must keep both by default")
			}
			g, err := cloudwatchlogs.NewFromConfig(acctest.AWSConfig(t)).DescribeLogGroups(context.Background(), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(group)})
			if err != nil || len(g.LogGroups) != 1 {
				return fmt.Errorf("destroy removed the log group %s (%v)", group, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckAuditTrail(t, "audit1"),
					testAccCheckServiceRole(t, "hipaa-audit-audit1-cloudtrail", managedPolicy("hipaa-audit-audit1-cloudtrail-cloudwatch-logs")),
					resource.TestCheckResourceAttr(trailAddr, "drift", ""),
					func(s *terraform.State) error {
						a := s.RootModule().Resources[trailAddr].Primary.Attributes
						bucket, access, group = a["bucket_name"], a["access_log_bucket_name"], a["log_group_name"]
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					ctx := context.Background()
					_, err := ctClient(t).StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("audit1")})
					if err == nil {
						_, err = ctClient(t).UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String("audit1"), EnableLogFileValidation: aws.Bool(false),
							CloudWatchLogsRoleArn: aws.String("arn:aws:iam::123456789012:role/someone-elses-role")})
					}
					if err == nil {
						_, err = s3Client(t).DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: aws.String(bucket)})
					}
					if err == nil {
						_, err = s3Client(t).PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(
							`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + bucket + `/*"}]}`)})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(trailAddr, plancheck.ResourceActionUpdate)}},
				Check:            testAccCheckAuditTrail(t, "audit1"),
			},
			{ // the delivery role alone swapped out of band is drift too
				PreConfig: func() {
					if _, err := ctClient(t).UpdateTrail(context.Background(), &cloudtrail.UpdateTrailInput{Name: aws.String("audit1"),
						CloudWatchLogsRoleArn: aws.String("arn:aws:iam::123456789012:role/someone-elses-role")}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(trailAddr, plancheck.ResourceActionUpdate)}},
				Check:            testAccCheckAuditTrail(t, "audit1"),
			},
			{
				Config: withData,
				Check: func(*terraform.State) error {
					sel, err := ctClient(t).GetEventSelectors(context.Background(), &cloudtrail.GetEventSelectorsInput{TrailName: aws.String("audit1")})
					if err != nil {
						return err
					}
					if len(sel.EventSelectors) != 1 || len(sel.EventSelectors[0].DataResources) != 1 || sel.EventSelectors[0].DataResources[0].Values[0] != "arn:aws:s3:::phi-records/" {
						return fmt.Errorf("data events not logged for phi-records: %+v", sel.EventSelectors)
					}
					return nil
				},
			},
			{ResourceName: trailAddr, ImportState: true, ImportStateId: "audit1", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"role_arn", "drift"}},
		},
	})
}

// With retain_on_destroy = false, destroy deletes the log group and empties
// the buckets — except an object under Object Lock, which stays, and so
// does its bucket.
func TestAccAuditTrail_destroyLocked(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccAuditTrailConfig(p, "audit2", "  retain_on_destroy = false")
	var bucket, access string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if bucketExists(t, access) {
				return fmt.Errorf("the access-log bucket %s is still there", access)
			}
			if !bucketExists(t, bucket) {
				return fmt.Errorf("the log bucket holding a locked object was deleted")
			}
			v, err := s3Client(t).ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
			if err != nil || len(v.Versions) != 1 {
				return fmt.Errorf("the locked object is gone (%v)", err)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				a := s.RootModule().Resources[trailAddr].Primary.Attributes
				bucket, access = a["bucket_name"], a["access_log_bucket_name"]
				ctx, c := context.Background(), s3Client(t)
				// The emulator ignores the TLS condition of the policy and refuses
				// object calls under it: lift it to write one log object.
				if _, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)}); err != nil {
					return err
				}
				_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("AWSLogs/123456789012/log.json.gz"),
					Body: strings.NewReader("{}"), ChecksumAlgorithm: s3types.ChecksumAlgorithmSha256})
				return err
			},
			ExpectNonEmptyPlan: true, // the policy lifted above is drift
		}},
	})
}

// Refused at plan with zero AWS calls, with the key literal and with it
// taken from a key in the same configuration (unknown at plan).
func TestAccAuditTrail_refusals(t *testing.T) {
	acctest.Parallel(t)
	for name, c := range map[string]struct{ extra, want string }{
		"expiry before lock":     {"  object_lock_days = 3000\n  expire_after_days = 2500", `STO-06`},
		"short retention":        {"  cloudwatch_retention_days = 365", `AUD-06`},
		"short expiry":           {"  expire_after_days = 1000\n  object_lock_days = 365", `STO-07`},
		"ia too early":           {"  transitions = [{ days = 10, storage_class = \"STANDARD_IA\" }]", `transitions\[0\]\.days`},
		"not a bucket arn":       {"  data_event_bucket_arns = [\"phi-records\"]", `data_event_bucket_arns`},
		"alias instead of a key": {"", `(?s)AUD-0.*45 CFR.*kms_key_arn`},
		"bad name":               {"", `(?s)name`},
		"tag too long":           {"  tags = { team = \"" + strings.Repeat("t", 257) + "\" }", `(?s)tags.*257 characters`},
		"replica in the region":  {"  replication = { region = \"us-east-1\", kms_key_arn = KEY }", `(?s)replication.region.*own region`},
		"replica key alias":      {"  replication = { region = \"us-west-2\", kms_key_arn = \"alias/audit\" }", `(?s)STO-01.*replication.kms_key_arn.*alias`},
	} {
		t.Run(name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string {
				key, trail := up.KeyARN, "refused"
				switch name {
				case "alias instead of a key":
					key = `"arn:aws:kms:us-east-1:123456789012:alias/aws/cloudtrail"`
				case "bad name":
					trail = "Bad_Name!"
				}
				return fmt.Sprintf("resource \"hipaa_audit_trail\" \"test\" {\n  name = %q\n  kms_key_arn = %s\n%s\n}\n", trail, key, strings.ReplaceAll(c.extra, "KEY", up.KeyARN))
			}, c.want)
		})
	}
}

// With 20 % of S3, CloudTrail and Logs calls throttled the apply retries
// and builds the same trail; a hard failure creating the trail leaves the
// buckets recorded, and the next apply finishes without a second bucket.
func TestAccAuditTrail_faults(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccAuditTrailConfig(p, "audit3", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "cloudtrail", Operation: "CreateTrail", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`creating trail`),
			},
			{
				PreConfig: func() {
					p.ClearRules()
					p.ResetCounts()
					for _, svc := range []string{"s3", "cloudtrail", "logs"} {
						p.AddRule(acctest.FaultRule{Service: svc, Kind: acctest.FaultThrottle, Probability: 0.2})
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckAuditTrail(t, "audit3"),
					func(*terraform.State) error {
						if p.Faults() == 0 {
							return fmt.Errorf("no fault injected")
						}
						if n := p.Calls()["s3:CreateBucket"]; n != 0 {
							return fmt.Errorf("the re-apply created %d buckets; it should adopt the two the failed apply made", n)
						}
						return nil
					},
				),
			},
		},
	})
}
