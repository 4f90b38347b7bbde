package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

func TestMain(m *testing.M) { os.Exit(acctest.Main(m)) }

const verifyVPC = "hipaa_vpc.test"

func testAccEvidenceConfig_verify(p *acctest.Proxy) string {
	return p.ProviderConfig() + `
resource "hipaa_kms_key" "logs" {
  name             = "verify-flow-logs"
  allowed_services = ["logs"]
}

resource "hipaa_vpc" "test" {
  name               = "verify"
  cidr_block         = "10.20.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.logs.arn
  }
}
`
}

// TestAccEvidence_verify applies a VPC and its key with terraform, then runs
// hipaagen evidence --verify on the state: every control of both is
// verified. With the flow log deleted out of band, NET-09 is drifted with a
// difference naming it, the VPC's other controls stay verified. Both runs
// make only read calls (by the report and by a proxy of their own), and
// leave AWS as it was.
func TestAccEvidence_verify(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	resource.Test(t, resource.TestCase{
		PreCheck: func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"hipaa": providerserver.NewProtocol6WithError(provider.New("test")()),
		},
		Steps: []resource.TestStep{{
			Config:             testAccEvidenceConfig_verify(p),
			ConfigStateChecks:  []statecheck.StateCheck{verifyCheck{t}},
			ExpectNonEmptyPlan: true, // the check deletes the flow log
		}},
	})
}

type verifyCheck struct{ t *testing.T }

func (c verifyCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	t := c.t
	state, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	file := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(file, state, 0o600); err != nil {
		resp.Error = err
		return
	}
	b := testAccVerify(t, file)
	var errs []error
	for _, ctl := range b.Controls {
		if ctl.Verification != nil && ctl.Verification.Status != evidence.Verified {
			errs = append(errs, fmt.Errorf("%s: %+v, want verified", ctl.ID, ctl.Verification))
		}
	}
	if got, want := verifiedControls(b), implemented("hipaa_vpc", "hipaa_kms_key"); !slices.Equal(got, want) {
		errs = append(errs, fmt.Errorf("verified %v, want every control of the VPC and the key %v", got, want))
	}

	flowLog := stateValue(req, verifyVPC, "flow_log_id")
	if _, err := ec2.NewFromConfig(acctest.AWSConfig(t)).DeleteFlowLogs(context.Background(), &ec2.DeleteFlowLogsInput{FlowLogIds: []string{flowLog}}); err != nil {
		resp.Error = err
		return
	}
	b = testAccVerify(t, file)
	net09 := controlOf(b, "NET-09")
	if net09.Verification == nil || net09.Verification.Status != evidence.Drifted ||
		!slices.ContainsFunc(net09.Verification.Differences, func(d string) bool { return strings.Contains(d, "flow log flow-log") }) {
		errs = append(errs, fmt.Errorf("NET-09 after the flow log was deleted: %+v, want drifted naming the flow log", net09.Verification))
	}
	for _, ctl := range compliance.ForResource("hipaa_vpc") {
		if v := controlOf(b, ctl.ID).Verification; ctl.ID != "NET-09" && (v == nil || v.Status != evidence.Verified) {
			errs = append(errs, fmt.Errorf("%s after the flow log was deleted: %+v, want verified", ctl.ID, v))
		}
	}
	if err := testAccVerifyFails(t, file); err != nil {
		errs = append(errs, err)
	}
	resp.Error = errors.Join(errs...)
}

// testAccVerifyFails: an AWS error while reading fails the run with the
// resource, the operation and the AWS error, and nothing is written.
func testAccVerifyFails(t *testing.T, file string) error {
	vp := acctest.NewProxy(t)
	vp.AddRule(acctest.FaultRule{Service: "ec2", Operation: "DescribeSubnets", Kind: acctest.FaultHardFail})
	out := filepath.Join(t.TempDir(), "evidence")
	code, _, stderr := hipaagen("evidence", "--state", file, "--out", out, "--verify", "--region", "us-east-1", "--endpoint", vp.URL())
	t.Log(stderr)
	for _, want := range []string{"reading hipaa_vpc.test in us-east-1", "DescribeSubnets", "injected permanent failure", "nothing was written"} {
		if code != exitError || !strings.Contains(stderr, want) {
			return fmt.Errorf("with DescribeSubnets failing: exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		return fmt.Errorf("%s was written", out)
	}
	return nil
}

// testAccVerify runs hipaagen evidence --verify on the state in file
// through a proxy of its own and returns the bundle it wrote, after
// checking that it called only reads, that its report lists the very calls
// the proxy saw, and that AWS is as before.
func testAccVerify(t *testing.T, file string) *evidence.Bundle {
	t.Helper()
	vp := acctest.NewProxy(t)
	before := awsSnapshot(t)
	out := filepath.Join(t.TempDir(), "evidence")
	code, stdout, stderr := hipaagen("evidence", "--state", file, "--out", out, "--environment", "acc", "--verify", "--region", "us-east-1", "--endpoint", vp.URL())
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	t.Log(stdout)
	if !strings.Contains(stdout, "verified against AWS") || !strings.Contains(stdout, "writes 0") {
		t.Errorf("stdout lacks the verification:\n%s", stdout)
	}
	if after := awsSnapshot(t); !reflect.DeepEqual(before, after) {
		t.Errorf("AWS changed during the verification:\nbefore %v\nafter  %v", before, after)
	}
	data, err := os.ReadFile(filepath.Join(out, "evidence.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b evidence.Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if b.Verification == nil || b.Verification.Writes != 0 {
		t.Fatalf("verification %+v", b.Verification)
	}
	reported := map[string]int{}
	for _, c := range b.Verification.Calls {
		if c.Write || !awsclient.IsRead(c.Operation) || c.Region != "us-east-1" {
			t.Errorf("call %+v", c)
		}
		reported[c.Service+":"+c.Operation] += c.Count
	}
	seen := vp.Calls()
	for call := range seen {
		if _, op, _ := strings.Cut(call, ":"); !awsclient.IsRead(op) {
			t.Errorf("the proxy saw a write: %s", call)
		}
	}
	if !reflect.DeepEqual(reported, seen) {
		t.Errorf("the report lists calls %v, the proxy saw %v", reported, seen)
	}
	return &b
}

// awsSnapshot describes what the VPC and the key consist of, straight from
// the emulator.
func awsSnapshot(t *testing.T) map[string]string {
	t.Helper()
	ctx, cfg := context.Background(), acctest.AWSConfig(t)
	e, l, i, k := ec2.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg), iam.NewFromConfig(cfg), kms.NewFromConfig(cfg)
	vpcs := ec2.DescribeVpcsInput{}
	describe := map[string]func() (any, error){
		"vpcs": func() (any, error) { o, err := e.DescribeVpcs(ctx, &vpcs); return field(o, "Vpcs"), err },
		"subnets": func() (any, error) {
			o, err := e.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
			return field(o, "Subnets"), err
		},
		"route tables": func() (any, error) {
			o, err := e.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{})
			return field(o, "RouteTables"), err
		},
		"network ACLs": func() (any, error) {
			o, err := e.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{})
			return field(o, "NetworkAcls"), err
		},
		"security groups": func() (any, error) {
			o, err := e.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
			return field(o, "SecurityGroups"), err
		},
		"NAT gateways": func() (any, error) {
			o, err := e.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{})
			return field(o, "NatGateways"), err
		},
		"endpoints": func() (any, error) {
			o, err := e.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
			return field(o, "VpcEndpoints"), err
		},
		"flow logs": func() (any, error) {
			o, err := e.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{})
			return field(o, "FlowLogs"), err
		},
		"log groups": func() (any, error) {
			o, err := l.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
			return field(o, "LogGroups"), err
		},
		"roles": func() (any, error) { o, err := i.ListRoles(ctx, &iam.ListRolesInput{}); return field(o, "Roles"), err },
		"keys":  func() (any, error) { return keyStates(ctx, k) },
	}
	out := map[string]string{}
	for name, f := range describe {
		v, err := f()
		if err != nil {
			t.Fatalf("describing %s: %v", name, err)
		}
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(j)
	}
	return out
}

// field is the named field of an SDK output; nil for a nil output.
func field(out any, name string) any {
	v := reflect.ValueOf(out)
	if v.IsNil() {
		return nil
	}
	return v.Elem().FieldByName(name).Interface()
}

// keyStates are each key's policy and rotation status.
func keyStates(ctx context.Context, k *kms.Client) (any, error) {
	keys, err := k.ListKeys(ctx, &kms.ListKeysInput{})
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, key := range keys.Keys {
		id := aws.ToString(key.KeyId)
		policy, err := k.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: key.KeyId, PolicyName: aws.String("default")})
		if err != nil {
			return nil, err
		}
		rotation, err := k.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: key.KeyId})
		if err != nil {
			return nil, err
		}
		out[id] = []any{aws.ToString(policy.Policy), rotation.KeyRotationEnabled, rotation.RotationPeriodInDays}
	}
	return out, nil
}

func stateValue(req statecheck.CheckStateRequest, address, attr string) string {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == address {
			s, _ := r.AttributeValues[attr].(string)
			return s
		}
	}
	return ""
}

func controlOf(b *evidence.Bundle, id string) evidence.Control {
	for _, c := range b.Controls {
		if c.ID == id {
			return c
		}
	}
	return evidence.Control{}
}

func verifiedControls(b *evidence.Bundle) []string {
	var out []string
	for _, c := range b.Controls {
		if c.Verification != nil {
			out = append(out, c.ID)
		}
	}
	return out
}

// implemented lists the controls of the resource types, in catalog order.
func implemented(types ...string) []string {
	var out []string
	for _, c := range compliance.Catalog() {
		if slices.ContainsFunc(c.Resources, func(r string) bool { return slices.Contains(types, r) }) {
			out = append(out, c.ID)
		}
	}
	return out
}
