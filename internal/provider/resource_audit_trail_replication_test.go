package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// testAccCheckAuditReplication checks through the SDK that both audit
// buckets replicate to copies in replicaRegion: the log replica
// Object-Locked under the west key, the rules replicating KMS-encrypted
// objects and delete markers through the replication role.
func testAccCheckAuditReplication(t *testing.T, p *acctest.Proxy, name, westKey string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, a := context.Background(), s.RootModule().Resources[trailAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		west := s3In(t, replicaRegion)
		logs, access := name+"-audit-logs-"+testAccount+"-"+replicaRegion, name+"-access-logs-"+testAccount+"-"+replicaRegion
		check(a["replica_bucket_name"] == logs, "replica_bucket_name "+logs)
		role := "arn:aws:iam::" + testAccount + ":role/hipaa-audit-" + name + "-us-east-1-replication"
		check(a["replication_role_arn"] == role, "replication_role_arn "+role)
		ol, err := west.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(logs)})
		check(err == nil && ol.ObjectLockConfiguration.Rule.DefaultRetention.Mode == s3types.ObjectLockRetentionModeCompliance &&
			aws.ToInt32(ol.ObjectLockConfiguration.Rule.DefaultRetention.Days) == 2192, logs+": Object Lock COMPLIANCE, 2192 days")
		enc, err := west.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(logs)})
		check(err == nil && aws.ToString(enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID) == westKey,
			logs+": SSE-KMS under the west key")
		pol, err := west.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(logs)})
		check(err == nil && strings.Contains(aws.ToString(pol.Policy), "DenyObjectWriteExceptReplication"), logs+": written only by replication")
		lg, err := west.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(logs)})
		check(err == nil && lg.LoggingEnabled != nil && aws.ToString(lg.LoggingEnabled.TargetBucket) == access, logs+": access logs to "+access)
		v, err := west.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(access)})
		check(err == nil && v.Status == s3types.BucketVersioningStatusEnabled, access+": versioned")
		for src, dst := range map[string]string{a["bucket_name"]: logs, a["access_log_bucket_name"]: access} {
			rep, err := replicationVia(ctx, t, p, src)
			if err != nil || len(rep.Rules) != 1 {
				check(false, src+": one replication rule")
				continue
			}
			r := rep.Rules[0]
			check(aws.ToString(rep.Role) == role && aws.ToString(r.Destination.Bucket) == "arn:aws:s3:::"+dst &&
				r.Status == s3types.ReplicationRuleStatusEnabled && r.DeleteMarkerReplication.Status == s3types.DeleteMarkerReplicationStatusEnabled,
				src+": replicates to "+dst+" with delete markers through "+role)
			if src == a["bucket_name"] {
				check(r.Destination.EncryptionConfiguration != nil && aws.ToString(r.Destination.EncryptionConfiguration.ReplicaKmsKeyID) == westKey &&
					r.SourceSelectionCriteria != nil && r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status == s3types.SseKmsEncryptedObjectsStatusEnabled,
					src+": KMS-encrypted log files replicate under the west key")
			}
		}
		if len(errs) > 0 {
			return fmt.Errorf("audit trail %s replication: want %s", name, strings.Join(errs, "; "))
		}
		return nil
	}
}

// TestAccAuditTrail_replication: after a hard failure writing a rule, the
// re-apply adopts what was made and both buckets replicate to a second
// region (checked with the SDK); an empty plan follows; a rule deleted out of band
// is drift and is repaired; import reads the replication back; removing it
// stops replication, deletes the role and keeps the replicas.
func TestAccAuditTrail_replication(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	westKey := acctest.KMSKey(t, replicaRegion)
	cfg := testAccAuditTrailConfig(p, "audit5", replicationArg(fmt.Sprintf("%q", westKey)))
	logs := "audit5-audit-logs-" + testAccount + "-us-east-1"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{ // a hard failure writing the first rule: the buckets and roles are recorded
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "s3", Operation: "PUTBucket:replication", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`replicating bucket`),
			},
			{ // the re-apply adopts the four buckets and finishes
				PreConfig: func() {
					p.ClearRules()
					p.ResetCounts()
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if n := p.Calls()["s3:CreateBucket"]; n != 0 {
							return fmt.Errorf("the re-apply created %d buckets; it should adopt the four the failed apply made", n)
						}
						return nil
					},
					testAccCheckAuditTrail(t, "audit5"),
					testAccCheckAuditReplication(t, p, "audit5", westKey),
					testAccCheckServiceRole(t, "hipaa-audit-audit5-us-east-1-replication", managedPolicy("hipaa-audit-audit5-us-east-1-replication-buckets")),
					resource.TestCheckResourceAttr(trailAddr, "drift", ""),
				),
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{ // the log bucket's rule deleted out of band
				PreConfig: func() {
					if _, err := s3In(t, "us-east-1").DeleteBucketReplication(context.Background(), &s3.DeleteBucketReplicationInput{Bucket: aws.String(logs)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(trailAddr, plancheck.ResourceActionUpdate)}},
				Check:            testAccCheckAuditReplication(t, p, "audit5", westKey),
			},
			{ResourceName: trailAddr, ImportState: true, ImportStateId: "audit5", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"role_arn", "drift"}},
			{
				Config: testAccAuditTrailConfig(p, "audit5", ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(trailAddr, "replica_bucket_name", ""),
					resource.TestCheckResourceAttr(trailAddr, "replication_role_arn", ""),
					func(*terraform.State) error {
						ctx := context.Background()
						for _, b := range []string{logs, "audit5-access-logs-" + testAccount + "-us-east-1"} {
							if _, err := s3In(t, "us-east-1").GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(b)}); err == nil {
								return fmt.Errorf("%s still replicates", b)
							}
						}
						if _, err := iamClient(t).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("hipaa-audit-audit5-us-east-1-replication")}); err == nil {
							return fmt.Errorf("the replication role is still there")
						}
						if _, err := s3In(t, replicaRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("audit5-audit-logs-" + testAccount + "-" + replicaRegion)}); err != nil {
							return fmt.Errorf("the replica was deleted: %v", err)
						}
						return nil
					},
				),
			},
		},
	})
}

// One refresh of a trail, and of a trail replicating both buckets: the
// replicas' reads (through S3 in their region), the replication role's and
// the two rules' come on top.
func TestAccAuditTrail_refreshCalls(t *testing.T) {
	acctest.Parallel(t)
	services := []string{"cloudtrail", "s3", "logs", "iam"}
	t.Run("one region", func(t *testing.T) {
		p := acctest.NewProxy(t)
		testAccRefreshCalls(t, "hipaa_audit_trail", p, testAccAuditTrailConfig(p, "audit6", ""), "cloudtrail:GetTrail", services, 23)
	})
	t.Run("replicated", func(t *testing.T) {
		p := acctest.NewProxy(t)
		cfg := testAccAuditTrailConfig(p, "audit7", replicationArg(fmt.Sprintf("%q", acctest.KMSKey(t, replicaRegion))))
		testAccRefreshCalls(t, "hipaa_audit_trail (replicated)", p, cfg, "cloudtrail:GetTrail", services, 46)
	})
}
