package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

const vpcAddr = "hipaa_vpc.test"

func ec2Client(t *testing.T) *ec2.Client { return ec2.NewFromConfig(acctest.AWSConfig(t)) }

// testAccVPCConfig_basic: a flow-log key from hipaa_kms_key and a VPC over azs.
func testAccVPCConfig_basic(p *acctest.Proxy, name string, azs []string, extra string) string {
	return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "logs" {
  name             = "%[1]s-flow-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "test" {
  name               = %[1]q
  cidr_block         = "10.20.0.0/16"
  availability_zones = ["%[2]s"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.logs.arn
  }
  interface_endpoints = ["secretsmanager"]
%[3]s
}
`, name, strings.Join(azs, `", "`), extra)
}

var threeAZs = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

// vpcChildren counts the VPC's children through the SDK, not state.
func vpcChildren(t *testing.T, vpcID string) map[string]int {
	c, ctx := ec2Client(t), context.Background()
	f := []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}
	out := map[string]int{}
	subnets, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subnets.Subnets {
		out["subnet"]++
		if aws.ToBool(s.MapPublicIpOnLaunch) {
			out["public_ip_subnet"]++
		}
	}
	nats, _ := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: append(f, ec2types.Filter{Name: aws.String("state"), Values: []string{"available", "pending"}})})
	out["nat"] = len(nats.NatGateways)
	rts, _ := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: f})
	out["route_table"] = len(rts.RouteTables) - 1 // minus the main table
	acls, _ := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: f})
	out["nacl"] = len(acls.NetworkAcls) - 1 // minus the default NACL
	eps, _ := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{Filters: f})
	out["endpoint"] = len(eps.VpcEndpoints)
	fl, _ := c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{vpcID}}}})
	out["flow_log"] = len(fl.FlowLogs)
	return out
}

func testAccCheckVPCChildren(t *testing.T, azs int, natPerAZ bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got := vpcChildren(t, s.RootModule().Resources[vpcAddr].Primary.ID)
		nats := 1
		if natPerAZ {
			nats = azs
		}
		want := map[string]int{"subnet": 3 * azs, "nat": nats, "route_table": 1 + 2*azs, "nacl": 3, "endpoint": 3, "flow_log": 1}
		for k, v := range want {
			if got[k] != v {
				return fmt.Errorf("%s: %d, want %d (all: %v)", k, got[k], v, got)
			}
		}
		if got["public_ip_subnet"] != 0 {
			return fmt.Errorf("%d subnets auto-assign public IPs (NET-02)", got["public_ip_subnet"])
		}
		return nil
	}
}

func TestAccVPC_basic(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := acctest.SweepCount(t, "hipaa_vpc/basic"); n != 1 { // the retained flow-log group
				return fmt.Errorf("%d objects left with owner hipaa_vpc/basic, want only the retained log group", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: testAccVPCConfig_basic(p, "basic", threeAZs, ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				testAccCheckVPCChildren(t, 3, true),
				resource.TestCheckResourceAttr(vpcAddr, "public_subnet_ids.#", "3"),
				resource.TestCheckResourceAttr(vpcAddr, "data_subnet_ids.#", "3"),
				resource.TestCheckResourceAttr(vpcAddr, "nat_gateway_ids.#", "3"),
				resource.TestCheckResourceAttr(vpcAddr, "flow_log_group_name", "/hipaa/vpc/basic/flow-logs"),
				testAccCheckServiceRole(t, "hipaa-vpc-basic-flow-logs", managedPolicy("hipaa-vpc-basic-flow-logs-flow-logs-delivery")),
				resource.TestCheckResourceAttrSet(vpcAddr, "subnets.app/us-east-1a"),
				resource.TestCheckResourceAttr(vpcAddr, "drift", ""),
			),
		}},
	})
}

// Every refused configuration is refused at plan with zero AWS calls, with
// the flow-log key literal and with it taken from a key in the same config.
func TestAccVPC_refusals(t *testing.T) {
	acctest.Parallel(t)
	cases := []struct{ name, body, want string }{
		{"oneAZ", `availability_zones = ["us-east-1a"]`, `(?s)NET-01`},
		{"tinyCIDR", `cidr_block = "10.0.0.0/28"`, `(?s)cidr_block`},
		{"singleNAT", `nat_gateways = "single"`, `(?s)NET-04`},
		{"shortRetention", `retention_days = 30`, `(?s)NET-09`},
		{"rejectOnly", `traffic_type = "REJECT"`, `(?s)NET-09.*REJECT`},
		{"aliasNotKey", `kms_key_arn = "arn:aws:kms:us-east-1:123456789012:alias/x"`, `(?s)NET-09.*45 CFR.*kms_key_arn.*alias`},
		{"awsManagedKey", `kms_key_arn = "alias/aws/logs"`, `(?s)NET-09.*45 CFR.*AWS managed key`},
		{"sshToData", `database_ports = [22]`, `(?s)NET-0[68]`},
		{"portZero", `database_ports = [0]`, `(?s)database_ports.*1 to 65535`},
		{"publicCIDR", `cidr_block = "8.8.0.0/16"`, `(?s)cidr_block`},
		{"unknownEndpointService", `interface_endpoints = ["bogus"]`, `(?s)interface_endpoints.*"bogus" is not an AWS interface endpoint.*secretsmanager`},
		{"awsTagPrefix", `tags = { "aws:team" = "x" }`, `(?s)tags.*aws:`},
		{"tagValueTooLong", `tags = { team = "` + strings.Repeat("v", 257) + `" }`, `(?s)tags.*257 characters`},
		{"longExceptionReason", `exceptions = [{ control = "NET-04", reason = "` + strings.Repeat("r", 1025) + `" }]`, `(?s)reason.*too long`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string { return testAccVPCConfig_refusal(up.KeyARN, tc.body) }, tc.want)
		})
	}
}

// testAccVPCConfig_refusal places body in the resource (or its flow_logs
// block for flow-log arguments), overriding the defaults; key is the HCL
// expression of the flow-log key.
func testAccVPCConfig_refusal(key, body string) string {
	attrs := map[string]string{"cidr_block": `"10.30.0.0/16"`, "availability_zones": `["us-east-1a", "us-east-1b"]`}
	flow := map[string]string{"kms_key_arn": key}
	k, v, _ := strings.Cut(body, " = ")
	switch k {
	case "retention_days", "traffic_type", "kms_key_arn":
		flow[k] = v
	default:
		attrs[k] = v
	}
	var b strings.Builder
	b.WriteString("\nresource \"hipaa_vpc\" \"test\" {\n  name = \"refused\"\n")
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		fmt.Fprintf(&b, "  %s = %s\n", k, attrs[k])
	}
	b.WriteString("  flow_logs = {\n")
	for _, k := range slices.Sorted(maps.Keys(flow)) {
		fmt.Fprintf(&b, "    %s = %s\n", k, flow[k])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

func childIDs(s *terraform.State) map[string]string {
	out := map[string]string{}
	for k, v := range s.RootModule().Resources[vpcAddr].Primary.Attributes {
		if key, ok := strings.CutPrefix(k, "child_ids."); ok && key != "%" {
			out[key] = v
		}
	}
	return out
}

// Adding an AZ creates only that AZ's children; every other child keeps its ID.
func TestAccVPC_addAZ(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	var before map[string]string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: testAccVPCConfig_basic(p, "grow", threeAZs[:2], ""),
				Check:  func(s *terraform.State) error { before = childIDs(s); return nil },
			},
			{
				Config: testAccVPCConfig_basic(p, "grow", threeAZs, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckVPCChildren(t, 3, true),
					func(s *terraform.State) error {
						after := childIDs(s)
						for k, id := range before {
							if after[k] != id {
								return fmt.Errorf("child %s changed %s -> %s when adding an AZ", k, id, after[k])
							}
						}
						return nil
					},
				),
			},
		},
	})
}

// Out-of-band changes show in the plan and apply repairs them.
func TestAccVPC_childDrift(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccVPCConfig_basic(p, "drift", threeAZs[:2], "")
	var ids map[string]string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) error { ids = childIDs(s); return nil }},
			{
				PreConfig: func() { breakVPC(t, ids) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckVPCChildren(t, 2, true),
					resource.TestCheckResourceAttr(vpcAddr, "drift", ""),
					func(*terraform.State) error { return checkRepaired(t, ids) },
				),
			},
		},
	})
}

// breakVPC makes the out-of-band changes users and attackers make.
func breakVPC(t *testing.T, ids map[string]string) {
	c, ctx := ec2Client(t), context.Background()
	must := func(_ any, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(ids["rtb/app/us-east-1a"]), DestinationCidrBlock: aws.String("0.0.0.0/0")}))
	must(c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(ids["nacl/data"]), RuleNumber: aws.Int32(50),
		Protocol: aws.String("6"), RuleAction: ec2types.RuleActionAllow, CidrBlock: aws.String("0.0.0.0/0"), Egress: aws.Bool(false),
		PortRange: &ec2types.PortRange{From: aws.Int32(22), To: aws.Int32(22)}}))
	must(c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(ids["sg/default"]),
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), CidrIp: aws.String("0.0.0.0/0")}))
	must(c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(ids["app/us-east-1b"]),
		MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	must(c.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{FlowLogIds: []string{ids["flow-log"]}}))
	must(c.ModifyVpcEndpoint(ctx, &ec2.ModifyVpcEndpointInput{VpcEndpointId: aws.String(ids["endpoint/secretsmanager"]),
		RemoveSubnetIds: []string{ids["app/us-east-1b"]}}))
}

func checkRepaired(t *testing.T, ids map[string]string) error {
	c, ctx := ec2Client(t), context.Background()
	rt, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{ids["rtb/app/us-east-1a"]}})
	if err != nil || !hasDefaultRoute(rt.RouteTables[0].Routes) {
		return fmt.Errorf("app default route not restored: %v", err)
	}
	acl, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{ids["nacl/data"]}})
	if err != nil {
		return err
	}
	for _, e := range acl.NetworkAcls[0].Entries {
		if aws.ToInt32(e.RuleNumber) == 50 {
			return fmt.Errorf("rogue NACL entry 50 still present")
		}
	}
	sg, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{ids["sg/default"]}})
	if err != nil || len(sg.SecurityGroups[0].IpPermissions) != 0 || len(sg.SecurityGroups[0].IpPermissionsEgress) != 0 {
		return fmt.Errorf("default security group not emptied: %v", err)
	}
	ep, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{ids["endpoint/secretsmanager"]}})
	if err != nil {
		return err
	}
	if got := ep.VpcEndpoints[0].SubnetIds; !slices.Contains(got, ids["app/us-east-1b"]) || len(got) != 2 {
		return fmt.Errorf("interface endpoint in subnets %v, want both app subnets back", got)
	}
	return nil
}

func hasDefaultRoute(routes []ec2types.Route) bool {
	for _, r := range routes {
		if aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" && r.NatGatewayId != nil {
			return true
		}
	}
	return false
}

func TestAccVPC_disappears(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:             testAccVPCConfig_basic(p, "gone", threeAZs[:2], ""),
			Check:              func(s *terraform.State) error { return deleteVPCOutOfBand(t, s) },
			ExpectNonEmptyPlan: true,
		}},
	})
}

// Under 20 % throttling the apply converges on the same objects as a clean run.
func TestAccVPC_throttled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	p.AddRule(acctest.FaultRule{Service: "ec2", Kind: acctest.FaultThrottle, Probability: 0.2})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: testAccVPCConfig_basic(p, "throttled", threeAZs, ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				testAccCheckVPCChildren(t, 3, true),
				func(*terraform.State) error {
					if p.Faults() == 0 {
						return fmt.Errorf("no fault injected")
					}
					return nil
				},
			),
		}},
	})
}

// A hard failure at one child leaves recorded state; the next apply converges
// and destroy leaves no owner-tagged EC2 object.
func TestAccVPC_partialFailure(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	p.AddRule(acctest.FaultRule{Service: "ec2", Operation: "CreateNatGateway", Kind: acctest.FaultHardFail, Count: 1, After: 1})
	cfg := testAccVPCConfig_basic(p, "partial", threeAZs, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := acctest.SweepCount(t, "hipaa_vpc/partial"); n > 1 {
				return fmt.Errorf("%d objects left with owner hipaa_vpc/partial", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: regexp.MustCompile(`(?s)NAT gateway`)},
			{Config: cfg, Check: testAccCheckVPCChildren(t, 3, true)},
		},
	})
}

// deleteVPCOutOfBand removes the VPC and everything in it behind
// Terraform's back, through the executor's own destroy path (as
// terraform-provider-aws's disappears tests call the resource's Delete).
func deleteVPCOutOfBand(t *testing.T, s *terraform.State) error {
	attrs := s.RootModule().Resources[vpcAddr].Primary.Attributes
	spec := vpc.Spec{Name: attrs["name"], CIDRBlock: attrs["cidr_block"], Region: "us-east-1",
		FlowLogs: vpc.FlowLogs{KMSKeyARN: attrs["flow_logs.kms_key_arn"]}, InterfaceEndpoints: []string{"secretsmanager"}}
	for i := 0; attrs[fmt.Sprintf("availability_zones.%d", i)] != ""; i++ {
		spec.AvailabilityZones = append(spec.AvailabilityZones, attrs[fmt.Sprintf("availability_zones.%d", i)])
	}
	l, err := vpc.Expand(spec)
	if err != nil {
		return err
	}
	cfg := acctest.AWSConfig(t)
	x := vpc.Executor{Clients: vpc.Clients{EC2: ec2.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg)},
		Env: vpc.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}}
	return x.Destroy(context.Background(), l, childIDs(s), true)
}

func TestAccVPC_import(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccVPCConfig_basic(p, "imp", threeAZs[:2], `  database_ports = [5432]`)},
			{ResourceName: vpcAddr, ImportState: true, ImportStateVerify: true,
				// exceptions are configuration only; imported state has none either way.
				ImportStateVerifyIgnore: []string{"exceptions"}},
		},
	})
}

func TestAccVPC_importForeignRefused(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	out, err := ec2Client(t).CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.50.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:        requiredProviders + testAccVPCConfig_basic(p, "foreign", threeAZs[:2], ""),
			ResourceName:  vpcAddr,
			ImportState:   true,
			ImportStateId: aws.ToString(out.Vpc.VpcId),
			ExpectError:   regexp.MustCompile(`(?s)not created.*hipaa_vpc`),
		}},
	})
}

// A VPC that carries a hipaa_vpc owner tag but none of that layout's
// children (forged, or half deleted) is refused naming what is missing,
// not with an error about the arguments it would have had.
func TestAccVPC_importForgedOwnerRefused(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	out, err := ec2Client(t).CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.51.0.0/16"),
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeVpc,
			Tags: []ec2types.Tag{{Key: aws.String("hipaa:owner"), Value: aws.String("hipaa_vpc/forged")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:        requiredProviders + testAccVPCConfig_basic(p, "forged", threeAZs[:2], ""),
			ResourceName:  vpcAddr,
			ImportState:   true,
			ImportStateId: aws.ToString(out.Vpc.VpcId),
			ExpectError:   regexp.MustCompile(`(?s)has none.*of that layout's subnets.*cannot.*be imported`),
		}},
	})
}

// Switching NAT mode creates the new NAT gateways, moves the routes, then
// deletes the old ones; with the waiver the plan is accepted.
func TestAccVPC_natMode(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	single := `  nat_gateways = "single"
  exceptions   = [{ control = "NET-04", reason = "staging: one NAT accepted, reviewed 2026-11" }]`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccVPCConfig_basic(p, "nat", threeAZs, ""), Check: testAccCheckVPCChildren(t, 3, true)},
			{Config: testAccVPCConfig_basic(p, "nat", threeAZs, single), Check: resource.ComposeAggregateTestCheckFunc(
				testAccCheckVPCChildren(t, 3, false),
				resource.TestCheckResourceAttr(vpcAddr, "nat_gateway_ids.#", "1"),
				func(s *terraform.State) error {
					ids := childIDs(s)
					c := ec2Client(t)
					for _, az := range threeAZs {
						rt, err := c.DescribeRouteTables(context.Background(), &ec2.DescribeRouteTablesInput{RouteTableIds: []string{ids["rtb/app/"+az]}})
						if err != nil || !hasDefaultRoute(rt.RouteTables[0].Routes) {
							return fmt.Errorf("app table in %s lost its default route: %v", az, err)
						}
					}
					return nil
				},
			)},
		},
	})
}

// One refresh of a 3-AZ VPC with four interface endpoints: 12 calls, plus
// one identity check per provider process (the flow-log key's own reads are
// hipaa_kms_key's and not counted here).
func TestAccVPC_refreshCalls(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := strings.Replace(testAccVPCConfig_basic(p, "bench", threeAZs, ""), `interface_endpoints = ["secretsmanager"]`,
		`interface_endpoints = ["secretsmanager", "kms", "logs", "sts"]`, 1)
	testAccRefreshCalls(t, "hipaa_vpc (3 AZ, 4 endpoints)", p, cfg, "ec2:DescribeVpcs", []string{"ec2", "logs", "iam"}, 13)
}

// A tag change re-tags every child in place; no child is replaced.
func TestAccVPC_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	var before map[string]string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccVPCConfig_basic(p, "tags", threeAZs[:2], `  tags = { team = "a", old = "x" }`),
				Check: func(s *terraform.State) error { before = childIDs(s); return nil }},
			{Config: testAccVPCConfig_basic(p, "tags", threeAZs[:2], `  tags = { team = "b" }`),
				Check: func(s *terraform.State) error {
					ids := childIDs(s)
					if !maps.Equal(before, ids) {
						return fmt.Errorf("children changed on a tag update")
					}
					out, err := ec2Client(t).DescribeSubnets(context.Background(), &ec2.DescribeSubnetsInput{SubnetIds: []string{ids["data/us-east-1b"]}})
					if err != nil {
						return err
					}
					tags := map[string]string{}
					for _, tg := range out.Subnets[0].Tags {
						tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
					}
					if tags["team"] != "b" || tags["old"] != "" || tags["hipaa:owner"] != "hipaa_vpc/tags" || tags["hipaa:child"] != "data/us-east-1b" {
						return fmt.Errorf("subnet tags after update: %v", tags)
					}
					return nil
				}},
		},
	})
}

// An apply that dies after creating part of the network and before writing
// state (simulated: the executor runs outside Terraform and stops at a
// failed NAT gateway) is finished by the next apply, which adopts the
// children by owner tag: nothing is duplicated, and destroy removes all.
func TestAccVPC_crashAdoption(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccVPCConfig_basic(p, "crash", threeAZs, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := acctest.SweepCount(t, "hipaa_vpc/crash"); n != 1 { // the retained log group
				return fmt.Errorf("%d objects left with owner hipaa_vpc/crash", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// The flow-log key exists first; the crashed run used it.
				Config: strings.Split(cfg, `resource "hipaa_vpc"`)[0],
				Check: func(s *terraform.State) error {
					return crashedApply(t, s.RootModule().Resources["hipaa_kms_key.logs"].Primary.Attributes["arn"])
				},
			},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckVPCChildren(t, 3, true),
					func(*terraform.State) error {
						out, err := ec2Client(t).DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{
							{Name: aws.String("tag:hipaa:owner"), Values: []string{"hipaa_vpc/crash"}}}})
						if err != nil || len(out.Vpcs) != 1 {
							return fmt.Errorf("want exactly one VPC for the owner, got %d (%v)", len(out.Vpcs), err)
						}
						return nil
					},
				),
			},
		},
	})
}

// crashedApply creates part of hipaa_vpc "crash" and stops, recording nothing.
func crashedApply(t *testing.T, keyARN string) error {
	l, err := vpc.Expand(vpc.Spec{Name: "crash", CIDRBlock: "10.20.0.0/16", AvailabilityZones: threeAZs, Region: "us-east-1",
		FlowLogs: vpc.FlowLogs{KMSKeyARN: keyARN}, InterfaceEndpoints: []string{"secretsmanager"}})
	if err != nil {
		return err
	}
	crash := acctest.NewProxy(t)
	crash.AddRule(acctest.FaultRule{Service: "ec2", Operation: "CreateNatGateway", Kind: acctest.FaultHardFail, After: 1})
	cfg := acctest.AWSConfig(t)
	cfg.BaseEndpoint = aws.String(crash.URL())
	x := vpc.Executor{Clients: vpc.Clients{EC2: ec2.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg)},
		Env: vpc.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}}
	ids, err := x.Apply(context.Background(), l, map[string]string{}, func(string, string) {})
	nats := 0
	for k := range ids {
		if strings.HasPrefix(k, "nat/") {
			nats++
		}
	}
	if err == nil || ids[vpc.KeyVPC] == "" || nats != 1 {
		return fmt.Errorf("the simulated crash should stop with one NAT gateway created: %d NATs, err %v", nats, err)
	}
	return nil
}

// Interface endpoints and database ports update in place; other children keep their IDs.
func TestAccVPC_endpointsAndPorts(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	var before map[string]string
	cfg2 := strings.Replace(testAccVPCConfig_basic(p, "upd", threeAZs[:2], `  database_ports = [5432]`),
		`interface_endpoints = ["secretsmanager"]`, `interface_endpoints = ["kms", "logs"]`, 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccVPCConfig_basic(p, "upd", threeAZs[:2], ""), Check: func(s *terraform.State) error { before = childIDs(s); return nil }},
			{Config: cfg2, Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(vpcAddr, "endpoint_ids.%", "4"),
				resource.TestCheckResourceAttrSet(vpcAddr, "endpoint_ids.kms"),
				resource.TestCheckNoResourceAttr(vpcAddr, "endpoint_ids.secretsmanager"),
				func(s *terraform.State) error {
					after := childIDs(s)
					for _, k := range []string{"vpc", "app/us-east-1a", "nat/us-east-1b", "nacl/data", "endpoint/s3"} {
						if before[k] != after[k] {
							return fmt.Errorf("%s replaced", k)
						}
					}
					acl, err := ec2Client(t).DescribeNetworkAcls(context.Background(), &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{after["nacl/data"]}})
					if err != nil {
						return err
					}
					for _, e := range acl.NetworkAcls[0].Entries {
						if !aws.ToBool(e.Egress) && e.PortRange != nil && aws.ToInt32(e.PortRange.From) == 3306 {
							return fmt.Errorf("data NACL still admits 3306")
						}
					}
					eps, _ := ec2Client(t).DescribeVpcEndpoints(context.Background(), &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{before["endpoint/secretsmanager"]}})
					if eps != nil && len(eps.VpcEndpoints) == 1 && !strings.EqualFold(string(eps.VpcEndpoints[0].State), "deleted") {
						return fmt.Errorf("removed endpoint still %s", eps.VpcEndpoints[0].State)
					}
					return nil
				},
			)},
		},
	})
}

// Removing an AZ deletes only that AZ's children; the others keep their IDs.
func TestAccVPC_removeAZ(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	var before map[string]string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: testAccVPCConfig_basic(p, "shrink", threeAZs, ""), Check: func(s *terraform.State) error { before = childIDs(s); return nil }},
			{Config: testAccVPCConfig_basic(p, "shrink", threeAZs[:2], ""), Check: resource.ComposeAggregateTestCheckFunc(
				testAccCheckVPCChildren(t, 2, true),
				func(s *terraform.State) error {
					after := childIDs(s)
					for k, id := range after {
						if before[k] != id && !strings.HasPrefix(k, "nacl/data/") {
							return fmt.Errorf("child %s changed %s -> %s when removing an AZ", k, before[k], id)
						}
						if strings.HasSuffix(k, "us-east-1c") {
							return fmt.Errorf("child %s of the removed AZ is still recorded", k)
						}
					}
					return nil
				},
			)},
		},
	})
}

// dataNACLRules reads the data NACL's rules through the SDK: "in 180" ->
// "6 allow 10.20.128.0/20 1433-1433", AWS's default deny rules aside.
func dataNACLRules(t *testing.T, s *terraform.State) map[string]string {
	t.Helper()
	id := childIDs(s)["nacl/data"]
	out, err := ec2Client(t).DescribeNetworkAcls(context.Background(), &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{id}})
	if err != nil || len(out.NetworkAcls) != 1 {
		t.Fatalf("describing the data NACL %s: %v", id, err)
	}
	rules := map[string]string{}
	for _, e := range out.NetworkAcls[0].Entries {
		if aws.ToInt32(e.RuleNumber) == 32767 {
			continue
		}
		dir := "in"
		if aws.ToBool(e.Egress) {
			dir = "out"
		}
		ports := "all"
		if e.PortRange != nil {
			ports = fmt.Sprintf("%d-%d", aws.ToInt32(e.PortRange.From), aws.ToInt32(e.PortRange.To))
		}
		rules[fmt.Sprintf("%s %d", dir, aws.ToInt32(e.RuleNumber))] = fmt.Sprintf("%s %s %s %s",
			aws.ToString(e.Protocol), e.RuleAction, aws.ToString(e.CidrBlock), ports)
	}
	return rules
}

// dataRuleKeys is the child_ids entries of the data NACL's rules.
func dataRuleKeys(s *terraform.State) map[string]string {
	out := map[string]string{}
	for k, id := range childIDs(s) {
		if strings.HasPrefix(k, "nacl/data/") && k != "nacl/data" {
			out[k] = id
		}
	}
	return out
}

// Adding a database port that sorts first (1433 before 5432) writes only
// 1433's rules: every existing rule keeps its number, key and body (the
// data tier is never without its 5432 rules). Removing 1433 deletes only
// its rules. Each apply leaves an empty plan.
func TestAccVPC_databasePorts(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := func(ports string) string {
		return testAccVPCConfig_basic(p, "ports", threeAZs[:2], "  database_ports = ["+ports+"]")
	}
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	inPlace := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(vpcAddr, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	var first, firstKeys map[string]string
	// unchanged fails unless every rule of first is in now with the same body.
	unchanged := func(now map[string]string) error {
		for rule, body := range first {
			if now[rule] != body {
				return fmt.Errorf("rule %s was %q, now %q", rule, body, now[rule])
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:           cfg("5432"),
				ConfigPlanChecks: empty,
				Check: func(s *terraform.State) error {
					first, firstKeys = dataNACLRules(t, s), dataRuleKeys(s)
					var in []string
					for rule, body := range first {
						if strings.HasPrefix(rule, "in ") {
							in = append(in, rule+" "+body)
						}
					}
					slices.Sort(in)
					if want := []string{"in 100 6 allow 10.20.128.0/20 5432-5432", "in 110 6 allow 10.20.144.0/20 5432-5432"}; !slices.Equal(in, want) {
						return fmt.Errorf("inbound data rules %q, want %q", in, want)
					}
					return nil
				},
			},
			{
				Config:           cfg("1433, 5432"),
				ConfigPlanChecks: inPlace,
				Check: func(s *terraform.State) error {
					now := dataNACLRules(t, s)
					if err := unchanged(now); err != nil {
						return fmt.Errorf("adding 1433 changed an existing rule: %w", err)
					}
					keys := dataRuleKeys(s)
					for k, id := range firstKeys {
						if keys[k] != id {
							return fmt.Errorf("child %s was %s, now %q", k, id, keys[k])
						}
					}
					var added []string
					for rule, body := range now {
						if _, ok := first[rule]; !ok {
							added = append(added, rule+" "+body)
						}
					}
					slices.Sort(added)
					if want := []string{"in 180 6 allow 10.20.128.0/20 1433-1433", "in 190 6 allow 10.20.144.0/20 1433-1433"}; !slices.Equal(added, want) {
						return fmt.Errorf("adding 1433 added %q, want %q", added, want)
					}
					if len(keys) != len(firstKeys)+2 {
						return fmt.Errorf("data rule children %v, want %d", keys, len(firstKeys)+2)
					}
					return nil
				},
			},
			{
				Config:           cfg("5432"),
				ConfigPlanChecks: inPlace,
				Check: func(s *terraform.State) error {
					now := dataNACLRules(t, s)
					if err := unchanged(now); err != nil {
						return fmt.Errorf("removing 1433 changed a 5432 rule: %w", err)
					}
					if len(now) != len(first) {
						return fmt.Errorf("data rules %v after removing 1433, want exactly %v", now, first)
					}
					if keys := dataRuleKeys(s); !maps.Equal(keys, firstKeys) {
						return fmt.Errorf("data rule children %v, want %v", keys, firstKeys)
					}
					return nil
				},
			},
		},
	})
}
