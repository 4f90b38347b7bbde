package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// cli runs the real terraform binary against a provider binary built from
// this tree (dev_overrides), outside terraform-plugin-testing, so a test can
// kill terraform and its provider mid-apply: a real crash, state never written.
type cli struct {
	t   *testing.T
	dir string
	env []string
}

// newCLI builds the provider once per test binary into a temporary
// directory and writes a CLI config that uses it.
func newCLI(t *testing.T, config string) *cli {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: the crash test drives the terraform binary itself")
	}
	bin := providerBinary(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	write(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/hipaa-iac/hipaa\" = %q\n  }\n  direct {}\n}\n", filepath.Dir(bin)))
	write(t, filepath.Join(dir, "main.tf"), config)
	return &cli{t: t, dir: dir, env: append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")}
}

var (
	builtProvider string
	buildMu       sync.Mutex // parallel crash-matrix cases share one build
)

func providerBinary(t *testing.T) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if builtProvider != "" {
		return builtProvider
	}
	dir, err := os.MkdirTemp("", "hipaa-provider-")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "terraform-provider-hipaa")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = filepath.Join("..", "..") // the module root, where main.go is
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, b)
	}
	builtProvider = out
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// command prepares terraform args in its own process group (terraform and
// the provider plugin it starts), so kill reaches both.
func (c *cli) command(args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd, &out
}

// run runs terraform to completion and fails the test on error.
func (c *cli) run(args ...string) string {
	c.t.Helper()
	cmd, out := c.command(args...)
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out.String()
}

// try runs terraform to completion and returns its output and error.
func (c *cli) try(args ...string) (string, error) {
	cmd, out := c.command(args...)
	err := cmd.Run()
	return out.String(), err
}

// killWhen starts terraform and SIGKILLs it and its provider the moment
// ready() holds (polled every 20 ms); it fails the test if terraform ends first.
func (c *cli) killWhen(ready func() bool, args ...string) string {
	c.t.Helper()
	fire, stop := make(chan struct{}), make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				if ready() {
					close(fire)
					return
				}
			}
		}
	}()
	return c.killOn(fire, args...)
}

// killOn starts terraform and SIGKILLs it and its provider (the process
// group) when fire is closed; it fails the test if terraform ends first.
func (c *cli) killOn(fire <-chan struct{}, args ...string) string {
	c.t.Helper()
	cmd, out := c.command(args...)
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		c.t.Fatalf("terraform %s ended (%v) before it could be killed\n%s", strings.Join(args, " "), err, out)
	case <-time.After(5 * time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		c.t.Fatalf("the kill condition never held (terraform killed: %v)\n%s", <-exited, out)
	case <-fire:
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if err := <-exited; err == nil {
			c.t.Fatalf("terraform exited cleanly before the SIGKILL landed\n%s", out)
		}
	}
	return out.String()
}

// TestAccVPC_crashKilled kills terraform (and the provider) with SIGKILL in
// the middle of creating a hipaa_vpc — subnets exist, state was never
// written — then applies again: the provider adopts what it finds by owner
// tag (the KMS key by its alias, the VPC's children by hipaa:owner) and
// creates nothing twice. Destroy then leaves only the retained log group.
func TestAccVPC_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	config := requiredProviders + testAccVPCConfig_basic(p, "killed", threeAZs, "")
	c := newCLI(t, config)
	// Slow EC2 down so the kill lands mid-apply, after the first subnet.
	p.AddRule(acctest.FaultRule{Service: "ec2", Kind: acctest.FaultLatency, Latency: 150 * time.Millisecond})
	c.killWhen(func() bool { return p.Calls()["ec2:CreateSubnet"] >= 1 }, "apply", "-auto-approve", "-input=false", "-no-color")
	if b, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate")); err == nil && strings.Contains(string(b), `"hipaa_vpc"`) {
		t.Fatal("the VPC reached the state file before the kill; the test no longer exercises adoption")
	}
	if n := vpcsOwnedBy(t, "hipaa_vpc/killed"); n != 1 {
		t.Fatalf("after the kill: %d VPCs with the owner tag, want 1 (the half-built one)", n)
	}

	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if n := p.Calls()["ec2:CreateVpc"]; n != 0 {
		t.Errorf("the second apply created %d VPCs; it should adopt the one it found", n)
	}
	if n := p.Calls()["kms:CreateKey"]; n != 0 {
		t.Errorf("the second apply created %d KMS keys; it should adopt the key by its alias", n)
	}
	if n := vpcsOwnedBy(t, "hipaa_vpc/killed"); n != 1 {
		t.Fatalf("%d VPCs with the owner tag, want 1", n)
	}
	got := vpcChildren(t, c.attr("hipaa_vpc.test", "id"))
	want := map[string]int{"subnet": 9, "public_ip_subnet": 0, "nat": 3, "route_table": 7, "nacl": 3, "endpoint": 3, "flow_log": 1}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d after re-apply, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if out := c.run("plan", "-detailed-exitcode", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}

	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
	if n := acctest.SweepCount(t, "hipaa_vpc/killed"); n != 1 { // the retained flow-log group
		t.Errorf("%d objects left with owner hipaa_vpc/killed, want 1 (the retained log group)", n)
	}
}

// ownedIGWs lists the internet gateways tagged hipaa:owner = owner, straight from the emulator.
func ownedIGWs(t *testing.T, owner string) []ec2types.InternetGateway {
	t.Helper()
	out, err := ec2Client(t).DescribeInternetGateways(context.Background(), &ec2.DescribeInternetGatewaysInput{
		Filters: []ec2types.Filter{{Name: aws.String("tag:hipaa:owner"), Values: []string{owner}}}})
	if err != nil {
		t.Fatal(err)
	}
	return out.InternetGateways
}

// describeIGWs renders gateways as "igw-1 (attached to vpc-2), igw-3 (detached)".
func describeIGWs(igws []ec2types.InternetGateway) string {
	var out []string
	for _, g := range igws {
		where := "detached"
		for _, a := range g.Attachments {
			where = fmt.Sprintf("%s to %s", a.State, aws.ToString(a.VpcId))
		}
		out = append(out, fmt.Sprintf("%s (%s)", aws.ToString(g.InternetGatewayId), where))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// TestAccVPC_crashKilledBeforeIGWAttach reproduces a real crash: terraform
// and the provider are SIGKILLed during a 3-AZ hipaa_vpc create after
// CreateInternetGateway succeeded and while AttachInternetGateway is held
// in the proxy (it never reaches the emulator: the killed client's request
// is cancelled). That leaves a detached gateway with the owner tag and no
// state. The re-apply must attach that gateway, not create a second one;
// the plan is then empty, and destroy leaves no owned gateway.
func TestAccVPC_crashKilledBeforeIGWAttach(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	const owner = "hipaa_vpc/igwkill"
	c := newCLI(t, requiredProviders+testAccVPCConfig_basic(p, "igwkill", threeAZs, ""))
	// Hold the attach far longer than the test runs; the kill comes first.
	p.AddRule(acctest.FaultRule{Service: "ec2", Operation: "AttachInternetGateway", Kind: acctest.FaultLatency, Latency: time.Hour, Count: 1})
	c.killWhen(func() bool { return p.Calls()["ec2:AttachInternetGateway"] >= 1 }, "apply", "-auto-approve", "-input=false", "-no-color")
	if b, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate")); err == nil && strings.Contains(string(b), `"hipaa_vpc"`) {
		t.Fatal("the VPC reached the state file before the kill; the test no longer exercises adoption")
	}
	igws := ownedIGWs(t, owner)
	if len(igws) != 1 || len(igws[0].Attachments) != 0 {
		t.Fatalf("after the kill: owned internet gateways %s, want exactly one, detached", describeIGWs(igws))
	}
	orphan := aws.ToString(igws[0].InternetGatewayId)

	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	if n := p.Calls()["ec2:CreateInternetGateway"]; n != 0 {
		t.Errorf("the re-apply created %d internet gateways; it should attach the detached one", n)
	}
	vpcID := c.attr("hipaa_vpc.test", "id")
	igws = ownedIGWs(t, owner)
	if len(igws) != 1 || aws.ToString(igws[0].InternetGatewayId) != orphan ||
		len(igws[0].Attachments) != 1 || aws.ToString(igws[0].Attachments[0].VpcId) != vpcID {
		t.Fatalf("after the re-apply: owned internet gateways %s, want only %s, attached to %s", describeIGWs(igws), orphan, vpcID)
	}
	if out := c.run("plan", "-detailed-exitcode", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}

	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
	if igws := ownedIGWs(t, owner); len(igws) != 0 {
		t.Errorf("owned internet gateways left after destroy: %s", describeIGWs(igws))
	}
	if n := acctest.SweepCount(t, owner); n != 1 { // the retained flow-log group
		t.Errorf("%d objects left with owner %s, want 1 (the retained log group)", n, owner)
	}
}

// attr reads one attribute of a resource from `terraform show -json`.
func (c *cli) attr(addr, name string) string {
	c.t.Helper()
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(c.run("show", "-json")), &doc); err != nil {
		c.t.Fatal(err)
	}
	for _, r := range doc.Values.RootModule.Resources {
		if r.Address == addr {
			return fmt.Sprint(r.Values[name])
		}
	}
	c.t.Fatalf("%s not in state", addr)
	return ""
}

func vpcsOwnedBy(t *testing.T, owner string) int {
	t.Helper()
	n := 0
	for _, o := range mustSweep(t, owner) {
		if o.Kind == "vpc" {
			n++
		}
	}
	return n
}

func mustSweep(t *testing.T, owner string) []acctest.Object {
	t.Helper()
	objs, err := acctest.Sweep(t, owner)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// TestAccDatabase_secretNeverLogged applies a database with the real
// terraform binary under TF_LOG=trace (terraform's and the provider's logs
// in one file), reads the master password from the emulator's secret, and
// fails if it appears in the log, the state file or the plan output.
func TestAccDatabase_secretNeverLogged(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccDatabaseConfig(p, "logged", "postgres", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]`))
	logFile := filepath.Join(c.dir, "trace.log")
	c.env = append(c.env, "TF_LOG=trace", "TF_LOG_PATH="+logFile)
	out := c.run("apply", "-auto-approve", "-input=false", "-no-color")
	out += c.run("plan", "-no-color")
	password := masterPassword(t, "logged")
	state, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	trace, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(trace) < 10000 || !strings.Contains(string(trace), "hipaa_database") {
		t.Fatalf("the trace log holds %d bytes without the resource: TF_LOG did not reach the run", len(trace))
	}
	for name, text := range map[string]string{"state file": string(state), "trace log": string(trace), "CLI output": out} {
		if strings.Contains(text, password) {
			t.Errorf("the master password appears in the %s", name)
		}
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// TestAccDatabase_crashKilled kills terraform and the provider while the DB
// instance is being created; the re-apply adopts the instance and every
// child by name and owner tag, creating nothing twice.
func TestAccDatabase_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccDatabaseConfig(p, "killed", "postgres", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]
  proxy = { enabled = true }`))
	p.AddRule(acctest.FaultRule{Service: "rds", Kind: acctest.FaultLatency, Latency: 300 * time.Millisecond})
	direct := rds.NewFromConfig(acctest.AWSConfig(t)) // straight to the emulator: the instance exists
	c.killWhen(func() bool {
		out, err := direct.DescribeDBInstances(context.Background(), &rds.DescribeDBInstancesInput{})
		return err == nil && len(out.DBInstances) == 1
	}, "apply", "-auto-approve", "-input=false", "-no-color")
	if b, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate")); err == nil && strings.Contains(string(b), `"hipaa_database"`) {
		t.Fatal("the database reached the state file before the kill; the test no longer exercises adoption")
	}
	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	calls := p.Calls()
	for _, op := range []string{"rds:CreateDBInstance", "rds:CreateDBSubnetGroup", "rds:CreateDBParameterGroup", "ec2:CreateVpc"} {
		if calls[op] != 0 {
			t.Errorf("the re-apply called %s %d times; it should adopt what the killed apply made", op, calls[op])
		}
	}
	out, err := rdsClient(t).DescribeDBInstances(context.Background(), &rds.DescribeDBInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.DBInstances) != 1 {
		t.Errorf("%d DB instances, want 1", len(out.DBInstances))
	}
	if out := c.run("plan", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
	if err := checkOnlyLogsLeft(t, "hipaa_database/killed")(nil); err != nil {
		t.Error(err)
	}
}

// TestAccAuditTrail_crashKilled kills terraform and the provider once the
// first bucket exists; the re-apply adopts it (tagged or not yet tagged,
// but empty) and creates only the missing one.
func TestAccAuditTrail_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccAuditTrailConfig(p, "killed", ""))
	p.AddRule(acctest.FaultRule{Service: "s3", Kind: acctest.FaultLatency, Latency: 200 * time.Millisecond})
	direct := s3Client(t) // straight to the emulator
	// Kill the moment the first bucket exists: before it is tagged (S3 cannot
	// tag at creation), which the re-apply must still adopt.
	c.killWhen(func() bool {
		_, err := direct.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String("killed-access-logs-123456789012-us-east-1")})
		return err == nil
	}, "apply", "-auto-approve", "-input=false", "-no-color")
	if b, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate")); err == nil && strings.Contains(string(b), `"hipaa_audit_trail"`) {
		t.Fatal("the trail reached the state file before the kill; the test no longer exercises adoption")
	}
	// The two buckets are created in parallel: the kill may find one or both,
	// and a CreateBucket the killed apply sent may still be on its way.
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
	if n, want := p.Calls()["s3:CreateBucket"], 2-len(left.Buckets); n != want {
		t.Errorf("the re-apply created %d buckets, want %d: it should adopt the %d the killed apply made and create the rest", n, want, len(left.Buckets))
	}
	out, err := direct.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err != nil || len(out.Buckets) != 2 {
		t.Errorf("want exactly the two audit buckets, got %v (%v)", out, err)
	}
	if out := c.run("plan", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// TestAccSecurityBaseline_crashKilled kills terraform and the provider the
// moment the Config recorder exists — buckets and role made, hub and
// detector not yet. The re-apply resumes without a second bucket or role
// and the next plan is empty. A second configuration (another state) then
// asking for a baseline in the same region is refused with the import
// command.
func TestAccSecurityBaseline_crashKilled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+testAccBaselineConfig(p, ""))
	p.AddRule(acctest.FaultRule{Service: "configservice", Kind: acctest.FaultLatency, Latency: 300 * time.Millisecond})
	direct := configservice.NewFromConfig(acctest.AWSConfig(t)) // straight to the emulator
	c.killWhen(func() bool {
		out, err := direct.DescribeConfigurationRecorders(context.Background(), &configservice.DescribeConfigurationRecordersInput{})
		return err == nil && len(out.ConfigurationRecorders) == 1
	}, "apply", "-auto-approve", "-input=false", "-no-color")
	if b, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate")); err == nil && strings.Contains(string(b), `"hipaa_security_baseline"`) {
		t.Fatal("the baseline reached the state file before the kill; the test no longer exercises resumption")
	}
	p.ClearRules()
	p.ResetCounts()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	for op, want := range map[string]int{"s3:CreateBucket": 0, "iam:CreateRole": 0, "guardduty:CreateDetector": 1} {
		if got := p.Calls()[op]; got != want {
			t.Errorf("the re-apply called %s %d times, want %d", op, got, want)
		}
	}
	if out := c.run("plan", "-no-color"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the re-apply is not empty:\n%s", out)
	}
	key := c.attr("hipaa_kms_key.baseline", "arn")
	second := newCLI(t, requiredProviders+p.ProviderConfig()+fmt.Sprintf("resource \"hipaa_security_baseline\" \"again\" {\n  kms_key_arn = %q\n}\n", key))
	out, err := second.try("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil || !strings.Contains(out, "already manages GuardDuty detector") || !strings.Contains(out, "terraform import hipaa_security_baseline.<name> us-east-1") {
		t.Errorf("a second baseline in the same region was not refused with the import command (%v):\n%s", err, out)
	}
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
}
