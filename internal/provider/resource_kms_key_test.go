package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

const kmsAddr = "hipaa_kms_key.test"

func kmsClient(t *testing.T) *kms.Client { return kms.NewFromConfig(acctest.AWSConfig(t)) }

func testAccKMSKeyConfig_basic(p *acctest.Proxy, name, extra string) string {
	return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "test" {
  name             = %q
  allowed_services = ["logs", "rds", "secretsmanager"]
  tags = {
    team = "platform"
  }
%s
}
`, name, extra)
}

// testAccCheckKMSKey verifies the key through the SDK, not just state.
func testAccCheckKMSKey(t *testing.T, name string, rotationDays int32) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[kmsAddr].Primary.ID
		c, ctx := kmsClient(t), context.Background()
		md, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/" + name)})
		if err != nil {
			return fmt.Errorf("alias/%s: %w", name, err)
		}
		if aws.ToString(md.KeyMetadata.KeyId) != id || md.KeyMetadata.KeySpec != kmstypes.KeySpecSymmetricDefault {
			return fmt.Errorf("alias points at %s (%s), state has %s", aws.ToString(md.KeyMetadata.KeyId), md.KeyMetadata.KeySpec, id)
		}
		rot, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
		if err != nil || !rot.KeyRotationEnabled {
			return fmt.Errorf("rotation not enabled: %v", err)
		}
		if p := aws.ToInt32(rot.RotationPeriodInDays); p != 0 && p != rotationDays {
			return fmt.Errorf("rotation period %d, want %d", p, rotationDays)
		}
		pol, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default")})
		if err != nil || !strings.Contains(aws.ToString(pol.Policy), `"Service-rds"`) || strings.Contains(aws.ToString(pol.Policy), `"kms:*"`) {
			return fmt.Errorf("policy not the generated least-privilege one: %v %s", err, aws.ToString(pol.Policy))
		}
		return nil
	}
}

func testAccCheckKMSKeyScheduled(t *testing.T, owner string, window int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if n := acctest.SweepCount(t, owner); n != 0 {
			return fmt.Errorf("%d live objects with owner %s after destroy", n, owner)
		}
		return nil
	}
}

func TestAccKMSKey_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             testAccCheckKMSKeyScheduled(t, "hipaa_kms_key/basic", 30),
		Steps: []resource.TestStep{{
			Config: testAccKMSKeyConfig_basic(p, "basic", ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				testAccCheckKMSKey(t, "basic", 365),
				resource.TestCheckResourceAttr(kmsAddr, "name", "basic"),
				resource.TestCheckResourceAttr(kmsAddr, "deletion_window_days", "30"),
				resource.TestCheckResourceAttr(kmsAddr, "rotation_period_days", "365"),
				resource.TestCheckResourceAttr(kmsAddr, "drift", ""),
				resource.TestMatchResourceAttr(kmsAddr, "arn", regexp.MustCompile(`^arn:aws:kms:us-east-1:123456789012:key/`)),
				resource.TestCheckResourceAttr(kmsAddr, "alias_arn", "arn:aws:kms:us-east-1:123456789012:alias/basic"),
			),
		}},
	})
}

func TestAccKMSKey_update(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	var firstID string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: testAccKMSKeyConfig_basic(p, "upd", ""),
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[kmsAddr].Primary.ID
					return nil
				},
			},
			{
				Config: testAccKMSKeyConfig_basic(p, "upd-renamed", `
  description          = "PHI key"
  rotation_period_days = 180
  deletion_window_days = 14
  user_arns            = ["arn:aws:iam::123456789012:role/app"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(kmsAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckKMSKey(t, "upd-renamed", 180),
					resource.TestCheckResourceAttr(kmsAddr, "description", "PHI key"),
					func(s *terraform.State) error {
						if id := s.RootModule().Resources[kmsAddr].Primary.ID; id != firstID {
							return fmt.Errorf("key replaced: %s -> %s", firstID, id)
						}
						_, err := kmsClient(t).DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String("alias/upd")})
						if err == nil {
							return fmt.Errorf("old alias alias/upd still exists after rename")
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccKMSKey_import(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccKMSKeyConfig_basic(p, "imp", `  user_arns = ["arn:aws:iam::123456789012:role/app"]`)},
			{ResourceName: kmsAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: kmsAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "alias/imp"},
			{ResourceName: kmsAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "imp"},
		},
	})
}

func TestAccKMSKey_importForeignRefused(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	out, err := kmsClient(t).CreateKey(context.Background(), &kms.CreateKeyInput{Description: aws.String("not ours")})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:        requiredProviders + testAccKMSKeyConfig_basic(p, "foreign", ""),
			ResourceName:  kmsAddr,
			ImportState:   true,
			ImportStateId: aws.ToString(out.KeyMetadata.KeyId),
			ExpectError:   regexp.MustCompile(`(?s)not created.*hipaa_kms_key`),
		}},
	})
}

func TestAccKMSKey_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: testAccKMSKeyConfig_basic(p, "gone", ""),
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources[kmsAddr].Primary.ID
				_, err := kmsClient(t).ScheduleKeyDeletion(context.Background(), &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
				return err
			},
			ExpectNonEmptyPlan: true,
		}},
	})
}

func TestAccKMSKey_drift(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccKMSKeyConfig_basic(p, "drift", "")
	var keyID string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) error {
				keyID = s.RootModule().Resources[kmsAddr].Primary.ID
				return nil
			}},
			{
				PreConfig: func() { breakKey(t, keyID) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(kmsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(kmsAddr, tfjsonPath("drift"), knownString("")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckKMSKey(t, "drift", 365),
					resource.TestCheckResourceAttr(kmsAddr, "drift", ""),
				),
			},
		},
	})
}

// breakKey switches rotation off and replaces the policy out of band.
func breakKey(t *testing.T, id string) {
	c, ctx := kmsClient(t), context.Background()
	if _, err := c.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	open := `{"Version":"2012-10-17","Statement":[{"Sid":"open","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}`
	if _, err := c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default"), Policy: aws.String(open)}); err != nil {
		t.Fatal(err)
	}
}

func TestAccKMSKey_exceptions(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      testAccKMSKeyConfig_basic(p, "exc", `  exceptions = [{ control = "NET-04", reason = "x" }]`),
				ExpectError: regexp.MustCompile(`NET-04`),
			},
			{
				Config:      testAccKMSKeyConfig_basic(p, "exc", `  exceptions = [{ control = "KEY-02", reason = " " }]`),
				ExpectError: regexp.MustCompile(`(?i)reason`),
			},
			{
				Config:      testAccKMSKeyConfig_basic(p, "exc", `  rotation_period_days = 730`),
				ExpectError: regexp.MustCompile(`(?s)KEY-02.*164\.312\(a\)\(2\)\(iv\)`),
			},
			{
				Config: testAccKMSKeyConfig_basic(p, "exc", `  rotation_period_days = 730
  exceptions = [{ control = "KEY-02", reason = "vendor HSM rotates every two years; reviewed 2026-11" }]`),
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckKMSKey(t, "exc", 730),
					resource.TestCheckResourceAttr(kmsAddr, "exceptions.0.control", "KEY-02"),
				),
			},
		},
	})
}

func TestAccKMSKey_reportMode(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := strings.Replace(testAccKMSKeyConfig_basic(p, "report", `  rotation_period_days = 730`),
		`provider "hipaa" {`, `provider "hipaa" {
  compliance_mode = "report"`, 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: cfg, Check: testAccCheckKMSKey(t, "report", 730)}},
	})
}

// Refused configurations are refused at plan with zero AWS calls, also
// when the description and a tag come from another resource (unknown).
func TestAccKMSKey_refusals(t *testing.T) {
	acctest.Parallel(t)
	cases := []struct{ name, keyName, extra, want string }{
		{"window3", "ref-w", `  deletion_window_days = 3`, `(?s)KEY-03.*deletion_window_days`},
		{"rotation30", "ref-r", `  rotation_period_days = 30`, `(?s)KEY-02.*rotation_period_days.*30`},
		{"rotation3000", "ref-r2", `  rotation_period_days = 3000`, `(?s)KEY-02.*rotation_period_days.*3000`},
		{"unknownService", "ref-s", `  user_arns = ["arn:aws:iam::123456789012:role/x"]`, `(?s)KEY-01.*telepathy`},
		{"wildcardAdmin", "ref-a", `  administrator_arns = ["*"]`, `(?s)KEY-01.*wildcards`},
		{"badName", "aws/reserved", ``, `(?s)aws/reserved.*alias`},
		{"badException", "ref-e", `  exceptions = [{ control = "XYZ-99", reason = "because" }]`, `XYZ-99`},
		{"reservedTag", "ref-t", `  user_arns = []`, `(?s)tags.*hipaa:owner`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testAccRefusedTwice(t, func(p *acctest.Proxy, up upstream) string {
				cfg := testAccKMSKeyConfig_basic(p, tc.keyName, tc.extra+"\n  description = "+up.Text)
				cfg = strings.Replace(cfg, p.ProviderConfig(), "", 1)
				if tc.name == "reservedTag" {
					cfg = strings.Replace(cfg, `team = "platform"`, `"hipaa:owner" = "me"`, 1)
				}
				if tc.name == "unknownService" {
					cfg = strings.Replace(cfg, `"secretsmanager"]`, `"secretsmanager", "telepathy"]`, 1)
				}
				return cfg
			}, tc.want)
		})
	}
}
