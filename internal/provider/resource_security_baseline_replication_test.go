package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// The Config buckets' replicas in replicaRegion and the replication role.
var (
	baselineReplica         = "hipaa-config-us-east-1-replica-" + testAccount + "-" + replicaRegion
	baselineReplicationRole = "hipaa-config-us-east-1-replication"
)

// testAccCheckBaselineReplication checks through the SDK that both Config
// buckets replicate to replicaRegion, the Config history under westKey.
func testAccCheckBaselineReplication(t *testing.T, p *acctest.Proxy, westKey string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx, a := context.Background(), s.RootModule().Resources[baselineAddr].Primary.Attributes
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		check(a["replica_config_bucket_name"] == baselineReplica, "replica_config_bucket_name "+baselineReplica)
		role := "arn:aws:iam::" + testAccount + ":role/" + baselineReplicationRole
		check(a["replication_role_arn"] == role, "replication_role_arn "+role)
		west := s3In(t, replicaRegion)
		enc, err := west.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(baselineReplica)})
		check(err == nil && aws.ToString(enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID) == westKey,
			baselineReplica+": SSE-KMS under the west key")
		v, err := west.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(baselineReplica)})
		check(err == nil && v.Status == s3types.BucketVersioningStatusEnabled, baselineReplica+": versioned")
		for _, src := range []string{a["config_bucket_name"], a["config_access_log_bucket_name"]} {
			rep, err := replicationVia(ctx, t, p, src)
			if err != nil || len(rep.Rules) != 1 {
				check(false, src+": one replication rule")
				continue
			}
			r := rep.Rules[0]
			check(aws.ToString(rep.Role) == role && strings.HasSuffix(aws.ToString(r.Destination.Bucket), "-"+testAccount+"-"+replicaRegion) &&
				r.DeleteMarkerReplication.Status == s3types.DeleteMarkerReplicationStatusEnabled, src+": replicates to "+replicaRegion+" through "+role)
		}
		if len(errs) > 0 {
			return fmt.Errorf("security baseline replication: want %s", strings.Join(errs, "; "))
		}
		return nil
	}
}

// TestAccSecurityBaseline_replication: the Config bucket and its access-log
// bucket replicate to a second region (checked with the SDK), an empty plan
// follows; replication removed out of band is drift and is repaired;
// removing the argument stops replication and deletes the role, keeping the
// replicas.
func TestAccSecurityBaseline_replication(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	westKey := acctest.KMSKey(t, replicaRegion)
	cfg := testAccBaselineConfig(p, replicationArg(fmt.Sprintf("%q", westKey)))
	config := "hipaa-config-" + testAccount + "-us-east-1"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckBaselineReplication(t, p, westKey),
					testAccCheckServiceRole(t, baselineReplicationRole, managedPolicy(baselineReplicationRole+"-buckets")),
					resource.TestCheckResourceAttr(baselineAddr, "drift", ""),
				),
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				PreConfig: func() {
					if _, err := s3In(t, "us-east-1").DeleteBucketReplication(context.Background(), &s3.DeleteBucketReplicationInput{Bucket: aws.String(config)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(baselineAddr, plancheck.ResourceActionUpdate)}},
				Check:            testAccCheckBaselineReplication(t, p, westKey),
			},
			{
				Config: testAccBaselineConfig(p, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(baselineAddr, "replica_config_bucket_name", ""),
					func(*terraform.State) error {
						ctx := context.Background()
						if _, err := s3In(t, "us-east-1").GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(config)}); err == nil {
							return fmt.Errorf("%s still replicates", config)
						}
						if _, err := iamClient(t).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(baselineReplicationRole)}); err == nil {
							return fmt.Errorf("the replication role is still there")
						}
						if _, err := s3In(t, replicaRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(baselineReplica)}); err != nil {
							return fmt.Errorf("the replica was deleted: %v", err)
						}
						return nil
					},
				),
			},
		},
	})
}

// One refresh of a baseline replicating its Config buckets: the 21 reads of
// TestAccSecurityBaseline_refreshCalls, the replica's 8, the replication
// role's 5 and the two rules, plus one identity check.
func TestAccSecurityBaseline_refreshCallsReplicated(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	key, err := kmsClient(t).CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := p.ProviderConfig() + fmt.Sprintf("resource \"hipaa_security_baseline\" \"test\" {\n  kms_key_arn = %q\n%s\n}\n",
		aws.ToString(key.KeyMetadata.Arn), replicationArg(fmt.Sprintf("%q", acctest.KMSKey(t, replicaRegion))))
	testAccRefreshCalls(t, "hipaa_security_baseline (replicated)", p, cfg, "guardduty:GetDetector", []string{"guardduty", "securityhub", "configservice",
		"accessanalyzer", "inspector2", "ec2", "s3", "s3control", "iam"}, 37)
}
