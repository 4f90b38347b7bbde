package provider_test

import (
	"fmt"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// The refusal matrix: every refused configuration is planned twice, once
// with literal upstream values (a key ARN, a VPC ID, subnet IDs) and once
// with those values taken from hipaa_kms_key and hipaa_vpc resources in the
// same configuration, so they are unknown at plan. Both must be refused at
// plan, citing the control or attribute, with zero AWS calls; PlanOnly
// creates nothing.

// upstream is how a refusal configuration names the values that usually
// come from other resources: HCL expressions, literal or references.
type upstream struct {
	Unknown   bool
	Prelude   string // the resources the references point at
	KeyARN    string
	VPCID     string
	SubnetIDs string
	Text      string // any string argument (a description, a tag value)
}

const (
	testKeyARN  = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	testVPCID   = "vpc-0123456789abcdef0"
	testSubnets = `["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]`
)

var literalUpstream = upstream{KeyARN: fmt.Sprintf("%q", testKeyARN), VPCID: fmt.Sprintf("%q", testVPCID), SubnetIDs: testSubnets, Text: `"literal"`}

// unknownUpstream plans a key and a network beside the refused resource;
// their planning makes no AWS call (the network's zones are given).
var unknownUpstream = upstream{Unknown: true, Prelude: `
resource "hipaa_kms_key" "up" {
  name             = "upstream"
  allowed_services = ["logs", "rds", "secretsmanager", "cloudtrail", "s3", "backup"]
}

resource "hipaa_vpc" "up" {
  name               = "upstream"
  cidr_block         = "10.90.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.up.arn
  }
}
`, KeyARN: "hipaa_kms_key.up.arn", VPCID: "hipaa_vpc.up.id", SubnetIDs: "hipaa_vpc.up.data_subnet_ids", Text: "hipaa_vpc.up.id"}

// refusalCounts tallies the matrix for the closing report (go test -v).
var refusalCounts struct{ literal, unknown atomic.Int64 }

// testAccRefusedTwice runs one refusal case with literal and with unknown
// upstream values, each as a parallel subtest with its own proxy. The
// emulator is not reset: a refused plan reads and writes nothing.
func testAccRefusedTwice(t *testing.T, cfg func(p *acctest.Proxy, up upstream) string, want string) {
	t.Helper()
	for _, up := range []upstream{literalUpstream, unknownUpstream} {
		name := "literal"
		if up.Unknown {
			name = "unknown"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := acctest.NewProxy(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{Config: p.ProviderConfig() + up.Prelude + cfg(p, up), PlanOnly: true,
					ExpectError: regexp.MustCompile(want)}},
			})
			if n := p.Total(); n != 0 {
				t.Fatalf("refused config made %d AWS calls: %v", n, p.Calls())
			}
			if up.Unknown {
				refusalCounts.unknown.Add(1)
			} else {
				refusalCounts.literal.Add(1)
			}
		})
	}
}
