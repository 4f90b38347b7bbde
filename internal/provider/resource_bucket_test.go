package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

const (
	bucketAddr    = "hipaa_bucket.test"
	replicaRegion = "us-west-2"
)

// s3In is an S3 client of the test's account for region.
func s3In(t *testing.T, region string) *s3.Client {
	cfg := acctest.AWSConfig(t)
	cfg.Region = region
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

// replicationVia reads bucket's replication configuration through the
// proxy: moto drops a rule's delete-marker and KMS-object settings, which
// the harness lays back (acctest/emulatorfix_s3.go).
func replicationVia(ctx context.Context, t *testing.T, p *acctest.Proxy, bucket string) (*s3types.ReplicationConfiguration, error) {
	c := s3.NewFromConfig(acctest.AWSConfig(t), func(o *s3.Options) { o.UsePathStyle, o.BaseEndpoint = true, aws.String(p.URL()) })
	out, err := c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(bucket)})
	if err != nil {
		return nil, err
	}
	return out.ReplicationConfiguration, nil
}

// testAccBucketConfig is a key and a hipaa_bucket using it; westKey, when
// set, is an HCL expression for the replica's key in replicaRegion.
//
// terraform-plugin-testing serves every provider block from one provider
// server (reattach), so a second block for another region would
// reconfigure the first: these tests make the replica's key with the SDK
// (westKeyARN). Terraform itself starts a provider per block, and
// TestAccBucket_crashKilled, which runs the real binary, makes the key
// through a provider block for replicaRegion (aliasedWestKey).
func testAccBucketConfig(p *acctest.Proxy, name, westKey, extra string) string {
	cfg := p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "phi" {
  name             = "%[1]s-phi"
  allowed_services = ["s3"]
}
`, name)
	repl := `  exceptions = [{ control = "STO-08", reason = "test bucket, one region" }]`
	if westKey != "" {
		repl = replicationArg(westKey)
	}
	return cfg + fmt.Sprintf(`
resource "hipaa_bucket" "test" {
  name        = %[1]q
  kms_key_arn = hipaa_kms_key.phi.arn
%[2]s
%[3]s
}
`, name, repl, extra)
}

func replicationArg(westKey string) string {
	return "  replication = {\n    region      = \"" + replicaRegion + "\"\n    kms_key_arn = " + westKey + "\n  }"
}

// aliasedWestKey is a provider block for replicaRegion and a key made
// through it; its ARN is hipaa_kms_key.west.arn.
func aliasedWestKey(p *acctest.Proxy, name string) string {
	return p.ProviderConfigIn("west", replicaRegion) + fmt.Sprintf(`
resource "hipaa_kms_key" "west" {
  provider         = hipaa.west
  name             = "%s-phi"
  allowed_services = ["s3"]
}
`, name)
}

// westKeyARN is a customer key in replicaRegion of the test's account, as
// an HCL string.
func westKeyARN(t *testing.T) string { return fmt.Sprintf("%q", acctest.KMSKey(t, replicaRegion)) }

// testAccCheckBucket checks the data bucket (and, replicated, the replica
// and the rule) through the SDK.
func testAccCheckBucket(t *testing.T, p *acctest.Proxy, replicated bool, maxAge int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, a := context.Background(), s.RootModule().Resources[bucketAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		hardened := func(c *s3.Client, b, key string) {
			enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(b)})
			check(err == nil && aws.ToString(enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID) == key &&
				aws.ToBool(enc.ServerSideEncryptionConfiguration.Rules[0].BucketKeyEnabled), b+": SSE-KMS under "+key+" with the bucket key")
			v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(b)})
			check(err == nil && v.Status == s3types.BucketVersioningStatusEnabled, b+": versioning")
			pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(b)})
			check(err == nil && aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls) && aws.ToBool(pab.PublicAccessBlockConfiguration.IgnorePublicAcls) &&
				aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicPolicy) && aws.ToBool(pab.PublicAccessBlockConfiguration.RestrictPublicBuckets), b+": all four public-access blocks")
			own, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(b)})
			check(err == nil && own.OwnershipControls.Rules[0].ObjectOwnership == s3types.ObjectOwnershipBucketOwnerEnforced, b+": BucketOwnerEnforced")
			pol, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(b)})
			doc := aws.ToString(pol.Policy)
			check(err == nil && strings.Contains(doc, "aws:SecureTransport") && strings.Contains(doc, "s3:TlsVersion") &&
				strings.Contains(doc, "s3:x-amz-server-side-encryption-aws-kms-key-id"), b+": TLS and upload-key policy")
			lg, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(b)})
			check(err == nil && lg.LoggingEnabled != nil, b+": server access logging")
		}
		east := s3In(t, "us-east-1")
		hardened(east, a["bucket_name"], a["kms_key_arn"])
		pol, err := east.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(a["bucket_name"])})
		check(err == nil && strings.Contains(aws.ToString(pol.Policy), fmt.Sprintf(`"s3:signatureAge":"%d"`, maxAge*1000)), fmt.Sprintf("presigned URLs refused after %d s", maxAge))
		lg, err := east.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(a["bucket_name"])})
		check(err == nil && lg.LoggingEnabled != nil && aws.ToString(lg.LoggingEnabled.TargetBucket) == a["access_log_bucket_name"], "logs go to access_log_bucket_name")
		if replicated {
			west := s3In(t, replicaRegion)
			hardened(west, a["replica_bucket_name"], a["replication.kms_key_arn"])
			loc, err := west.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(a["replica_bucket_name"])})
			check(err == nil && string(loc.LocationConstraint) == replicaRegion, "the replica is in "+replicaRegion)
			rep, err := replicationVia(ctx, t, p, a["bucket_name"])
			if check(err == nil, "a replication rule"); err == nil {
				r := rep.Rules[0]
				check(aws.ToString(rep.Role) == a["replication_role_arn"], "replication through the role")
				check(aws.ToString(r.Destination.Bucket) == a["replica_arn"] && aws.ToString(r.Destination.EncryptionConfiguration.ReplicaKmsKeyID) == a["replication.kms_key_arn"],
					"replicas under the west key")
				check(r.DeleteMarkerReplication != nil && r.DeleteMarkerReplication.Status == s3types.DeleteMarkerReplicationStatusEnabled, "delete markers replicate")
				check(r.SourceSelectionCriteria != nil && r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status == s3types.SseKmsEncryptedObjectsStatusEnabled, "KMS-encrypted objects replicate")
			}
			logs, err := replicationVia(ctx, t, p, a["access_log_bucket_name"])
			check(err == nil && len(logs.Rules) == 1 &&
				strings.HasSuffix(aws.ToString(logs.Rules[0].Destination.Bucket), "-access-logs-"+testAccount+"-"+replicaRegion),
				"the access logs replicate to the replica region's access-log bucket")
		}
		if len(errs) > 0 {
			return fmt.Errorf("hipaa_bucket: want %s", strings.Join(errs, "; "))
		}
		return nil
	}
}

// TestAccBucket_basic: a replicated bucket under Object Lock is built as
// the issue asks (checked through the SDK, in both regions); drift (policy
// loosened, versioning suspended, replication removed) is shown and
// repaired; arguments update in place; Object Lock cannot be removed;
// import reads the bucket back; destroy keeps every bucket.
func TestAccBucket_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	lock := "  object_lock = { days = 30 }\n  noncurrent_version_expire_after_days = 2192"
	west := westKeyARN(t)
	cfg := testAccBucketConfig(p, "phi1", west, lock)
	updated := testAccBucketConfig(p, "phi1", west, lock+`
  presigned_url_max_age_seconds = 300
  transitions = [{ days = 30, storage_class = "STANDARD_IA" }, { days = 120, storage_class = "GLACIER" }]
  reader_arns = ["arn:aws:iam::123456789012:role/app-reader"]
  writer_arns = ["arn:aws:iam::123456789012:role/app-writer"]
  tags = { data = "phi" }`)
	var names []string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			for i, b := range names {
				region := "us-east-1"
				if i >= 2 {
					region = replicaRegion
				}
				if _, err := s3In(t, region).HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(b)}); err != nil {
					return fmt.Errorf("destroy removed %s; retain_on_destroy (default true) keeps it: %v", b, err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckBucket(t, p, true, 600),
					resource.TestCheckResourceAttr(bucketAddr, "bucket_name", "phi1-"+testAccount+"-us-east-1"),
					resource.TestCheckResourceAttr(bucketAddr, "arn", "arn:aws:s3:::phi1-"+testAccount+"-us-east-1"),
					resource.TestCheckResourceAttr(bucketAddr, "replica_bucket_name", "phi1-"+testAccount+"-"+replicaRegion),
					resource.TestCheckResourceAttr(bucketAddr, "drift", ""),
					func(s *terraform.State) error {
						a := s.RootModule().Resources[bucketAddr].Primary.Attributes
						names = []string{a["bucket_name"], a["access_log_bucket_name"], a["replica_bucket_name"], "phi1-access-logs-" + testAccount + "-" + replicaRegion}
						ol, err := s3In(t, "us-east-1").GetObjectLockConfiguration(context.Background(), &s3.GetObjectLockConfigurationInput{Bucket: aws.String(a["bucket_name"])})
						if err != nil || ol.ObjectLockConfiguration.Rule.DefaultRetention.Mode != s3types.ObjectLockRetentionModeCompliance ||
							aws.ToInt32(ol.ObjectLockConfiguration.Rule.DefaultRetention.Days) != 30 {
							return fmt.Errorf("object lock: %+v, %v", ol, err)
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					ctx, c, b := context.Background(), s3In(t, "us-east-1"), names[0]
					_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(b), Policy: aws.String(
						`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + b + `/*"}]}`)})
					if err == nil {
						_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b),
							VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
					}
					if err == nil {
						_, err = c.DeleteBucketReplication(ctx, &s3.DeleteBucketReplicationInput{Bucket: aws.String(b)})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				RefreshState: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(bucketAddr, "drift", regexp.MustCompile(`(?s)policy differs.*versioning is off \(STO-02\).*replication rule hipaa-bucket-replication removed`)),
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionUpdate)}},
				Check:            resource.ComposeAggregateTestCheckFunc(testAccCheckBucket(t, p, true, 600), resource.TestCheckResourceAttr(bucketAddr, "drift", "")),
			},
			{
				Config:           updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckBucket(t, p, true, 300),
					func(*terraform.State) error {
						ctx, c := context.Background(), s3In(t, "us-east-1")
						lc, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(names[0])})
						if err != nil || len(lc.Rules) != 1 || len(lc.Rules[0].Transitions) != 2 || lc.Rules[0].Transitions[1].StorageClass != s3types.TransitionStorageClassGlacier {
							return fmt.Errorf("lifecycle after update: %+v, %v", lc, err)
						}
						tg, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(names[0])})
						if err != nil || !hasTag(tg.TagSet, "data", "phi") || !hasTag(tg.TagSet, "hipaa:owner", "hipaa_bucket/phi1") {
							return fmt.Errorf("tags after update: %+v, %v", tg, err)
						}
						pol, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(names[0])})
						if err != nil || !strings.Contains(aws.ToString(pol.Policy), "role/app-reader") || !strings.Contains(aws.ToString(pol.Policy), "role/app-writer") {
							return fmt.Errorf("policy after update lacks the readers and writers: %v", err)
						}
						return nil
					},
				),
			},
			{
				Config:      testAccBucketConfig(p, "phi1", west, "  noncurrent_version_expire_after_days = 2192"),
				ExpectError: regexp.MustCompile(`(?s)Object Lock cannot be removed.*STO-06`),
			},
			{ResourceName: bucketAddr, ImportState: true, ImportStateId: "phi1", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts", "exceptions"}},
		},
	})
}

func hasTag(ts []s3types.Tag, k, v string) bool {
	for _, tag := range ts {
		if aws.ToString(tag.Key) == k && aws.ToString(tag.Value) == v {
			return true
		}
	}
	return false
}

// TestAccBucket_destroy: with retain_on_destroy = false, a bucket holding
// an object is refused with its count and nothing is deleted; emptied, the
// bucket goes, and its access-log bucket, which holds the emulator's real
// server access logs (AUD-07 evidence), is kept.
func TestAccBucket_destroy(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccBucketConfig(p, "phi2", "", "  retain_on_destroy = false")
	data, logs := "phi2-"+testAccount+"-us-east-1", "phi2-access-logs-"+testAccount+"-us-east-1"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if bucketExists(t, data) {
				return fmt.Errorf("the emptied bucket %s is still there", data)
			}
			if !bucketExists(t, logs) {
				return fmt.Errorf("the access-log bucket %s, which holds logs, was deleted", logs)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					ctx, c := context.Background(), s3Client(t)
					// The emulator ignores the TLS condition of the policy and refuses
					// object calls under it: lift it to write one object.
					if _, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(data)}); err != nil {
						return err
					}
					_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(data), Key: aws.String("patients/1.json"),
						Body: strings.NewReader("{}"), ChecksumAlgorithm: s3types.ChecksumAlgorithmSha256})
					return err
				},
				ExpectNonEmptyPlan: true, // the policy lifted above is drift
			},
			{Config: cfg, Destroy: true, ExpectError: regexp.MustCompile(`(?s)holds 1 object versions: destroy never deletes an\s+object`)},
			{
				PreConfig: func() {
					if !bucketExists(t, data) {
						t.Fatal("the refused destroy deleted the bucket")
					}
					ctx, c := context.Background(), s3Client(t)
					v, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(data)})
					if err != nil || len(v.Versions) != 1 {
						t.Fatalf("the object is not there after the refused destroy: %+v, %v", v, err)
					}
					if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(data), Key: v.Versions[0].Key, VersionId: v.Versions[0].VersionId}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
			},
		},
	})
}

// Refused at plan with zero AWS calls, with the keys literal and with them
// taken from a key in the same configuration (unknown at plan).
func TestAccBucket_refusals(t *testing.T) {
	acctest.Parallel(t)
	const oneRegion = `  exceptions = [{ control = "STO-08", reason = "one region" }]`
	for name, c := range map[string]struct{ extra, want string }{
		"governance lock":        {oneRegion + "\n  object_lock = { mode = \"GOVERNANCE\", days = 30 }", `(?s)STO-06.*BypassGovernanceRetention`},
		"noncurrent short":       {oneRegion + "\n  noncurrent_version_expire_after_days = 365", `(?s)STO-07.*164.316`},
		"expiry inside the lock": {oneRegion + "\n  object_lock = { days = 3000 }\n  expire_after_days = 365\n  noncurrent_version_expire_after_days = 3000", `(?s)STO-06.*cannot expire a locked object`},
		"no replication":         {"", `(?s)STO-08.*replication`},
		"replica in the region":  {"  replication = { region = \"us-east-1\", kms_key_arn = KEY }", `(?s)replication.region.*own region`},
		"replica key alias":      {"  replication = { region = \"us-west-2\", kms_key_arn = \"alias/phi\" }", `(?s)STO-01.*key alias`},
		"presigned an hour":      {oneRegion + "\n  presigned_url_max_age_seconds = 3600", `(?s)STO-10.*10 minutes`},
		"IA too early":           {oneRegion + "\n  transitions = [{ days = 10, storage_class = \"STANDARD_IA\" }]", `(?s)transitions\[0\].days.*day 30`},
		"class order":            {oneRegion + "\n  transitions = [{ days = 90, storage_class = \"GLACIER\" }, { days = 120, storage_class = \"STANDARD_IA\" }]", `STANDARD_IA cannot follow GLACIER`},
		"wildcard reader":        {oneRegion + "\n  reader_arns = [\"arn:aws:iam::123456789012:role/*\"]", `(?s)reader_arns.*wildcards`},
		"alias instead of a key": {oneRegion, `(?s)STO-01.*45 CFR.*kms_key_arn`},
		"bad name":               {oneRegion, `(?s)name.*lowercase`},
		"waiver without reason":  {`  exceptions = [{ control = "STO-08", reason = "" }]`, `reason`},
	} {
		t.Run(name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string {
				key, bucket := up.KeyARN, "refused"
				switch name {
				case "alias instead of a key":
					key = `"arn:aws:kms:us-east-1:123456789012:alias/aws/s3"`
				case "bad name":
					bucket = "Bad_Name!"
				}
				return fmt.Sprintf("resource \"hipaa_bucket\" \"test\" {\n  name = %q\n  kms_key_arn = %s\n%s\n}\n", bucket, key, strings.ReplaceAll(c.extra, "KEY", up.KeyARN))
			}, c.want)
		})
	}
}

// With 20 % of S3 and IAM calls throttled the apply retries and builds the
// same replicated bucket; a hard failure writing the replication rule
// leaves the buckets recorded, and the next apply creates no bucket twice.
func TestAccBucket_faults(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccBucketConfig(p, "phi3", westKeyARN(t), "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "s3", Operation: "PUTBucket:replication", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`replicating bucket`),
			},
			{
				PreConfig: func() {
					p.ClearRules()
					p.ResetCounts()
					for _, svc := range []string{"s3", "iam"} {
						p.AddRule(acctest.FaultRule{Service: svc, Kind: acctest.FaultThrottle, Probability: 0.2})
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						p.ClearRules() // the checks read through the same proxy
						return nil
					},
					testAccCheckBucket(t, p, true, 600),
					func(*terraform.State) error {
						if p.Faults() == 0 {
							return fmt.Errorf("no fault injected")
						}
						if n := p.Calls()["s3:CreateBucket"]; n != 0 {
							return fmt.Errorf("the re-apply created %d buckets; it should adopt the four the failed apply made", n)
						}
						return nil
					},
				),
			},
		},
	})
}

// Logging to another bucket stops the old access-log bucket's replication
// and keeps that bucket; removing replication stops it (the rules and the
// role go) and keeps the replica with what it holds, saying so at plan.
func TestAccBucket_replicationRemoved(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	replica := "phi4-" + testAccount + "-" + replicaRegion
	west := westKeyARN(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccBucketConfig(p, "phi4", west, "")},
			{ // logs now go to an existing bucket: the old access-log bucket's rule goes, the bucket stays
				PreConfig: func() {
					ctx, c := context.Background(), s3In(t, "us-east-1")
					_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("org-logs-phi4")})
					if err == nil { // S3 server access logging may write there
						_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("org-logs-phi4"), Policy: aws.String(
							`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},` +
								`"Action":"s3:PutObject","Resource":"arn:aws:s3:::org-logs-phi4/*"}]}`)})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccBucketConfig(p, "phi4", west, `  access_log_bucket = "org-logs-phi4"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(bucketAddr, "access_log_bucket_name", "org-logs-phi4"),
					func(*terraform.State) error {
						ctx, c, old := context.Background(), s3In(t, "us-east-1"), "phi4-access-logs-"+testAccount+"-us-east-1"
						if _, err := c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(old)}); err == nil {
							return fmt.Errorf("the old access-log bucket %s still replicates", old)
						}
						if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(old)}); err != nil {
							return fmt.Errorf("the old access-log bucket was deleted: %v", err)
						}
						return nil
					},
				),
			},
			{
				Config: testAccBucketConfig(p, "phi4", "", `  access_log_bucket = "org-logs-phi4"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(bucketAddr, "replica_bucket_name", ""),
					resource.TestCheckResourceAttr(bucketAddr, "replication_role_arn", ""),
					func(*terraform.State) error {
						ctx := context.Background()
						if _, err := s3In(t, "us-east-1").GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String("phi4-" + testAccount + "-us-east-1")}); err == nil {
							return fmt.Errorf("the replication rule is still there")
						}
						if _, err := s3In(t, replicaRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(replica)}); err != nil {
							return fmt.Errorf("the replica was deleted: %v", err)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccBucket_crashKilled kills terraform and the provider once the
// data bucket exists; the re-apply adopts what the killed apply made and
// creates only the missing buckets, and the plan is then empty.
func TestAccBucket_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccBucketConfig(p, "killed", "hipaa_kms_key.west.arn", "")+aliasedWestKey(p, "killed"))
	p.AddRule(acctest.FaultRule{Service: "s3", Kind: acctest.FaultLatency, Latency: 200 * time.Millisecond})
	direct := s3Client(t)
	c.killWhen(func() bool {
		_, err := direct.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String("killed-" + testAccount + "-us-east-1")})
		return err == nil
	}, "apply", "-auto-approve", "-input=false", "-no-color")
	if !p.Settle(30 * time.Second) {
		t.Fatal("calls of the killed apply still unanswered after 30 s")
	}
	left, err := direct.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err != nil || len(left.Buckets) == 0 {
		t.Fatalf("after the kill: %v buckets (%v), want the one the kill waited for", left, err)
	}
	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if n, want := p.Calls()["s3:CreateBucket"], 4-len(left.Buckets); n != want {
		t.Errorf("the re-apply created %d buckets, want %d: it should adopt the %d the killed apply made", n, want, len(left.Buckets))
	}
	out, err := direct.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err != nil || len(out.Buckets) != 4 {
		t.Errorf("want exactly four buckets, got %d (%v)", len(out.Buckets), err)
	}
	if out := c.run("plan", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// The bucket is deleted out of band; the refresh finds it gone and the
// plan creates it again.
func TestAccBucket_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{disappears(bucketAddr, testAccBucketConfig(p, "gone", "", ""), func(s *terraform.State) error {
			b := s.RootModule().Resources[bucketAddr].Primary.Attributes["bucket_name"]
			_, err := s3Client(t).DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(b)})
			return err
		})},
	})
}
