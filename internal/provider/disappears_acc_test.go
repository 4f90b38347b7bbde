package provider_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// disappears is the one step of a _disappears test: apply cfg, delete the
// main object out of band (gone), then the refresh finds it missing,
// without an error, and the plan creates addr again.
func disappears(addr, cfg string, gone func(*terraform.State) error) resource.TestStep {
	return resource.TestStep{
		Config:             cfg,
		Check:              gone,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}},
	}
}

// The instance is deleted out of band (no final snapshot); its children
// stay, to be adopted by name and owner tag when it is created again.
func TestAccDatabase_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccDatabaseConfig(p, "gn1", "postgres", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{disappears(dbAddr, cfg, func(*terraform.State) error {
			_, err := rdsClient(t).DeleteDBInstance(context.Background(), &rds.DeleteDBInstanceInput{DBInstanceIdentifier: aws.String("gn1"),
				SkipFinalSnapshot: aws.Bool(true)})
			return err
		})},
	})
}

// The trail is deleted out of band; the buckets and log group (evidence)
// stay.
func TestAccAuditTrail_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{disappears(trailAddr, testAccAuditTrailConfig(p, "gone", ""), func(*terraform.State) error {
			_, err := ctClient(t).DeleteTrail(context.Background(), &cloudtrail.DeleteTrailInput{Name: aws.String("gone")})
			return err
		})},
	})
}

// The baseline is gone when the region has no detector, hub or recorder:
// all three are removed out of band.
func TestAccSecurityBaseline_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := sdkVia(t, p)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{disappears(baselineAddr, testAccBaselineConfig(p, ""), func(s *terraform.State) error {
			ctx, rec := context.Background(), aws.String("hipaa-baseline")
			_, err := c.gd.DeleteDetector(ctx, &guardduty.DeleteDetectorInput{DetectorId: aws.String(attrs(s, baselineAddr)["detector_id"])})
			if err == nil {
				_, err = c.sh.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
			}
			if err == nil {
				_, err = c.cfg.StopConfigurationRecorder(ctx, &configservice.StopConfigurationRecorderInput{ConfigurationRecorderName: rec})
			}
			if err == nil {
				_, err = c.cfg.DeleteDeliveryChannel(ctx, &configservice.DeleteDeliveryChannelInput{DeliveryChannelName: rec})
			}
			if err == nil {
				_, err = c.cfg.DeleteConfigurationRecorder(ctx, &configservice.DeleteConfigurationRecorderInput{ConfigurationRecorderName: rec})
			}
			return err
		})},
	})
}
