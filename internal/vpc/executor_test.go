package vpc

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Executor tests drive Apply, Observe, Drift and Destroy directly against
// the emulator through a counting, fault-injecting proxy; the provider's
// TestAccVPC_* tests cover the same paths through Terraform.

var executorAZs = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

// testExecutor builds an executor whose clients go through p.
func testExecutor(t *testing.T, p *acctest.Proxy) Executor {
	t.Helper()
	cfg := acctest.AWSConfig(t)
	cfg.BaseEndpoint = aws.String(p.URL())
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 10 })
	}
	return Executor{
		Clients:     Clients{EC2: ec2.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg)},
		Env:         Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
		Parallelism: 4,
	}
}

// rawEC2 talks to the emulator directly, for assertions and out-of-band changes.
func rawEC2(t *testing.T) *ec2.Client { return ec2.NewFromConfig(acctest.AWSConfig(t)) }

// testLogsKey creates a real KMS key in the emulator, so CreateLogGroup with
// kmsKeyId is exercised (moto checks the key exists).
func testLogsKey(t *testing.T) string {
	t.Helper()
	out, err := kms.NewFromConfig(acctest.AWSConfig(t)).CreateKey(context.Background(), &kms.CreateKeyInput{
		Description: aws.String("flow logs key for " + t.Name())})
	if err != nil {
		t.Fatalf("creating KMS key: %v", err)
	}
	return aws.ToString(out.KeyMetadata.Arn)
}

func testExecutorLayout(t *testing.T, name string) Layout {
	t.Helper()
	l, err := Expand(Spec{Name: name, CIDRBlock: "10.40.0.0/16", AvailabilityZones: executorAZs, Region: "us-east-1",
		FlowLogs: FlowLogs{KMSKeyARN: testLogsKey(t)}, InterfaceEndpoints: []string{"secretsmanager"}})
	if err != nil {
		t.Fatalf("expanding: %v", err)
	}
	return l
}

// recorder collects record() calls; Apply calls record from several goroutines.
type recorder struct {
	mu  sync.Mutex
	ids map[string]string
}

func newRecorder(ids map[string]string) *recorder {
	return &recorder{ids: maps.Clone(ids)}
}

func (r *recorder) record(key, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids == nil {
		r.ids = map[string]string{}
	}
	r.ids[key] = id
}

func (r *recorder) snapshot() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.ids)
}

// applyOK runs Apply and checks that every child of the layout has an ID,
// and that what Apply returns is what it recorded.
func applyOK(t *testing.T, x Executor, l Layout, known map[string]string) map[string]string {
	t.Helper()
	rec := newRecorder(known)
	ids, err := x.Apply(context.Background(), l, known, rec.record)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	for _, c := range l.Children() {
		if ids[c.Key] == "" {
			t.Errorf("no ID for %s %s after apply", c.Kind, c.Key)
		}
		if got := rec.snapshot()[c.Key]; got != ids[c.Key] {
			t.Errorf("%s: recorded %q, returned %q", c.Key, got, ids[c.Key])
		}
	}
	return ids
}

func observeOK(t *testing.T, x Executor, l Layout, vpcID string) *Observed {
	t.Helper()
	o, err := Observe(context.Background(), x.Clients, vpcID, l)
	if err != nil {
		t.Fatalf("observe: %v", err)
	}
	return o
}

func assertNoDrift(t *testing.T, x Executor, l Layout, vpcID string) {
	t.Helper()
	if d := Drift(l, observeOK(t, x, l, vpcID)); len(d) > 0 {
		t.Errorf("drift after apply:\n  %s", strings.Join(d, "\n  "))
	}
}

// liveCounts counts the owner's EC2 objects on the raw emulator, ignoring
// NAT gateways and endpoints that are deleting or deleted.
func liveCounts(t *testing.T, owner string) map[string]int {
	t.Helper()
	ctx, c := context.Background(), rawEC2(t)
	f := []ec2types.Filter{ownerFilter(owner)}
	n := map[string]int{}
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: f})
	must(t, err)
	n["vpc"] = len(vpcs.Vpcs)
	subnets, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: f})
	must(t, err)
	n["subnet"] = len(subnets.Subnets)
	nats, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: append(f,
		ec2types.Filter{Name: aws.String("state"), Values: []string{"pending", "available"}})})
	must(t, err)
	n["nat"] = len(nats.NatGateways)
	eips, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: f})
	must(t, err)
	n["eip"] = len(eips.Addresses)
	rtbs, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: f})
	must(t, err)
	n["route_table"] = len(rtbs.RouteTables)
	acls, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: f})
	must(t, err)
	n["nacl"] = len(acls.NetworkAcls)
	igws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: f})
	must(t, err)
	n["igw"] = len(igws.InternetGateways)
	eps, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{Filters: f})
	must(t, err)
	for _, e := range eps.VpcEndpoints {
		if s := strings.ToLower(string(e.State)); s != "deleted" && s != "deleting" {
			n["endpoint"]++
		}
	}
	return n
}

// wantCounts is a 3-AZ, one-NAT-per-AZ layout with s3, dynamodb and one
// interface endpoint.
func wantCounts(l Layout) map[string]int {
	return map[string]int{"vpc": 1, "subnet": len(l.Subnets), "nat": len(l.NATs), "eip": len(l.EIPs),
		"route_table": len(l.RouteTables), "nacl": len(l.NACLs), "igw": 1, "endpoint": len(l.Endpoints)}
}

func assertCounts(t *testing.T, l Layout) {
	t.Helper()
	if got, want := liveCounts(t, l.Owner), wantCounts(l); !maps.Equal(got, want) {
		t.Errorf("live objects of %s: got %v, want %v", l.Owner, got, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Apply builds every child; Observe reads it back in at most 12 calls with
// no drift; Destroy leaves nothing but the retained log group.
func TestExecutor_applyObserveDestroy(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	x, l := testExecutor(t, p), testExecutorLayout(t, "exec")
	ids := applyOK(t, x, l, nil)
	assertCounts(t, l)

	p.ResetCounts()
	o := observeOK(t, x, l, ids[KeyVPC])
	t.Logf("Observe: %d calls %v", p.Total(), p.Calls())
	if n := p.Total(); n > 12 {
		t.Errorf("Observe made %d calls, want ≤ 12: %v", n, p.Calls())
	}
	if d := Drift(l, o); len(d) > 0 {
		t.Errorf("drift right after apply:\n  %s", strings.Join(d, "\n  "))
	}
	if got := o.IDs(l); !maps.Equal(got, ids) {
		t.Errorf("observed IDs differ from applied IDs:\n got  %v\n want %v", got, ids)
	}

	if err := x.Destroy(context.Background(), l, ids, true); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	for kind, n := range liveCounts(t, l.Owner) {
		if n != 0 {
			t.Errorf("%d %s objects left after destroy", n, kind)
		}
	}
	if n := acctest.SweepCount(t, l.Owner); n != 1 { // the retained log group
		t.Errorf("%d objects left with owner %s, want only the retained log group", n, l.Owner)
	}
	if err := x.Destroy(context.Background(), l, ids, true); err != nil {
		t.Errorf("a second destroy should find everything gone: %v", err)
	}
}

// Out-of-band changes show in Drift, one line each, and Apply repairs them.
func TestExecutor_drift(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	x, l := testExecutor(t, p), testExecutorLayout(t, "drift")
	ids := applyOK(t, x, l, nil)
	o := observeOK(t, x, l, ids[KeyVPC])
	breakOutOfBand(t, ids, o)

	d := Drift(l, observeOK(t, x, l, ids[KeyVPC]))
	text := strings.Join(d, "\n")
	t.Logf("drift:\n  %s", strings.Join(d, "\n  "))
	for _, want := range []string{
		"rtb/app/us-east-1a/default",            // the deleted route
		"nacl/data has an unexpected rule 99",   // the added NACL entry
		"default security group has rules",      // NET-05
		"subnet public/us-east-1a auto-assigns", // NET-02
	} {
		if !strings.Contains(text, want) {
			t.Errorf("drift does not mention %q:\n  %s", want, strings.Join(d, "\n  "))
		}
	}
	if !slices.IsSorted(d) {
		t.Errorf("drift is not in a stable order: %v", d)
	}

	ids = applyOK(t, x, l, ids)
	assertNoDrift(t, x, l, ids[KeyVPC])
	assertCounts(t, l)
}

// breakOutOfBand deletes a default route, adds a NACL rule and a default-SG
// rule, and turns on public IPs in a subnet, behind the executor's back.
func breakOutOfBand(t *testing.T, ids map[string]string, o *Observed) {
	t.Helper()
	ctx, c := context.Background(), rawEC2(t)
	_, err := c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(ids["rtb/app/us-east-1a"]),
		DestinationCidrBlock: aws.String(AnyRoute)})
	must(t, err)
	_, err = c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(ids["nacl/data"]),
		RuleNumber: aws.Int32(99), Egress: aws.Bool(false), Protocol: aws.String("6"), RuleAction: ec2types.RuleActionAllow,
		CidrBlock: aws.String("0.0.0.0/0"), PortRange: &ec2types.PortRange{From: aws.Int32(22), To: aws.Int32(22)}})
	must(t, err)
	_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: o.DefaultSG.GroupId,
		IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
			IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}})
	must(t, err)
	_, err = c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(ids["public/us-east-1a"]),
		MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}})
	must(t, err)
}

// A hard failure at the first NAT gateway stops Apply with a ChildError and
// the IDs made so far recorded; the next Apply with those IDs converges
// without duplicating anything.
func TestExecutor_partialFailureConverges(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	p.AddRule(acctest.FaultRule{Service: "ec2", Operation: "CreateNatGateway", Kind: acctest.FaultHardFail, Count: 1})
	x, l := testExecutor(t, p), testExecutorLayout(t, "partial")

	rec := newRecorder(nil)
	_, err := x.Apply(context.Background(), l, nil, rec.record)
	var ce *awsclient.ChildError
	if !errors.As(err, &ce) || ce.Kind != "NAT gateway" || !strings.HasPrefix(ce.Key, "nat/") {
		t.Fatalf("want a NAT gateway ChildError, got %v", err)
	}
	if !strings.Contains(err.Error(), `of hipaa_vpc "partial"`) {
		t.Errorf("error does not name the resource: %v", err)
	}
	recorded := rec.snapshot()
	if recorded[KeyVPC] == "" || len(recorded) < len(l.Subnets) {
		t.Fatalf("too little recorded before the failure: %v", recorded)
	}

	p.ClearRules()
	ids := applyOK(t, x, l, recorded)
	for k, id := range recorded {
		if ids[k] != id && !strings.Contains(k, "/default") && !strings.HasPrefix(k, "rtbassoc/") {
			t.Errorf("%s changed from %s to %s: a recorded child was replaced", k, id, ids[k])
		}
	}
	assertCounts(t, l)
	subnets, err := rawEC2(t).DescribeSubnets(context.Background(), &ec2.DescribeSubnetsInput{Filters: vpcFilter(ids[KeyVPC])})
	must(t, err)
	if n := len(subnets.Subnets); n != 9 {
		t.Errorf("%d subnets in the VPC, want 9", n)
	}
	assertNoDrift(t, x, l, ids[KeyVPC])
}

// An Apply whose IDs never reached state (a crash) is finished by the next
// Apply, which adopts every child by its owner and child tags.
func TestExecutor_crashAdoption(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	x, l := testExecutor(t, p), testExecutorLayout(t, "adopt")
	first := applyOK(t, x, l, nil)

	p.ResetCounts()
	second := applyOK(t, x, l, map[string]string{})
	if !maps.Equal(first, second) {
		t.Errorf("adoption changed IDs:\n first  %v\n second %v", first, second)
	}
	for op, n := range p.Calls() {
		if strings.Contains(op, "Create") || strings.Contains(op, "Allocate") {
			t.Errorf("adopting apply called %s %d times", op, n)
		}
	}
	assertCounts(t, l)
	assertNoDrift(t, x, l, second[KeyVPC])
}

// Under 20 % throttling of EC2, Apply converges on the same objects as a
// clean run (the SDK's retryer absorbs the faults).
func TestExecutor_throttled(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	p.AddRule(acctest.FaultRule{Service: "ec2", Kind: acctest.FaultThrottle, Probability: 0.2})
	x, l := testExecutor(t, p), testExecutorLayout(t, "throttled")
	ids := applyOK(t, x, l, nil)
	if p.Faults() == 0 {
		t.Error("no fault injected")
	}
	p.ClearRules()
	assertCounts(t, l)
	assertNoDrift(t, x, l, ids[KeyVPC])
	if err := x.Destroy(context.Background(), l, ids, false); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if n := acctest.SweepCount(t, l.Owner); n != 0 {
		t.Errorf("%d objects left with owner %s", n, l.Owner)
	}
}
