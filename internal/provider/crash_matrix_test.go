package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// The crash matrix (issue 13). A clean create runs through the proxy; its
// step boundaries are read from the calls it made (boundaries), so the
// matrix follows the executors' order, whatever it is. For each boundary a
// case holds the proxy right after that call's response (Proxy.HoldAfter:
// nothing later is forwarded), SIGKILLs terraform and the provider (their
// process group), applies again and checks: the same objects per kind as
// the clean create (no duplicate), every owned object in state (no
// orphan), an empty plan, and after destroy only what is retained by
// design. Every boundary is hit by a real SIGKILL. The one thing the
// harness adds is for a create's last call, after which nothing is left to
// hold: its response is withheld (Proxy.HoldResponse) so terraform cannot
// finish first; the case logs it.

// boundary is the point right after the n-th successful response of call.
type boundary struct {
	call string // "ec2:CreateInternetGateway"
	n    int
	// final: in the clean run no request started after it, so there is
	// nothing to hold and terraform could finish before the kill lands.
	final bool
}

func (b boundary) String() string {
	op := b.call[strings.Index(b.call, ":")+1:]
	if b.n == 1 {
		return op
	}
	return fmt.Sprintf("%s#%d", op, b.n)
}

// mutating reports whether a call can change AWS (anything but a read).
func mutating(call string) bool {
	op := call[strings.Index(call, ":")+1:]
	for _, p := range []string{"Describe", "List", "Get", "Head", "BatchGet", "Lookup"} {
		if strings.HasPrefix(op, p) {
			return false
		}
	}
	return true
}

// objectVerbs make an object; a later call naming the object's noun with
// another verb (Attach, Associate, Replace…Association, Register…) uses it.
var objectVerbs = []string{"Create", "Allocate"}

// boundaries derives the step boundaries of a create from the spans of a
// clean run, in the order the calls were answered: right after the first
// successful response of each mutating call; and, for an object made more
// than once and then attached or associated by a later call, right after
// the last one too (all exist, none attached yet).
func boundaries(spans []acctest.Span) []boundary {
	var order []string
	count := map[string]int{}
	for _, s := range spans {
		if s.Status < 200 || s.Status > 299 || !mutating(s.Call) {
			continue
		}
		if count[s.Call] == 0 {
			order = append(order, s.Call)
		}
		count[s.Call]++
	}
	var out []boundary
	for i, call := range order {
		out = append(out, boundary{call: call, n: 1})
		if count[call] > 1 && usedLater(call, order[i+1:]) {
			out = append(out, boundary{call: call, n: count[call]})
		}
	}
	for i, b := range out {
		out[i].final = !startedAfter(spans, b)
	}
	return out
}

// startedAfter reports whether a request started after b's response ended.
func startedAfter(spans []acctest.Span, b boundary) bool {
	var end time.Time
	n := 0
	for _, s := range spans {
		if s.Call == b.call && s.Status >= 200 && s.Status <= 299 {
			if n++; n == b.n {
				end = s.End
			}
		}
	}
	for _, s := range spans {
		if s.Start.After(end) {
			return true
		}
	}
	return false
}

// usedLater reports whether call makes an object ("ec2:CreateRouteTable")
// that a later call of the same service names with another verb
// ("ec2:AssociateRouteTable", "ec2:ReplaceNetworkAclAssociation").
func usedLater(call string, later []string) bool {
	service, op, _ := strings.Cut(call, ":")
	for _, v := range objectVerbs {
		noun, ok := strings.CutPrefix(op, v)
		if !ok || noun == "" {
			continue
		}
		for _, l := range later {
			ls, lop, _ := strings.Cut(l, ":")
			if ls == service && !strings.HasPrefix(lop, v) && strings.Contains(lop, noun) && !strings.HasPrefix(lop, "Create") {
				return true
			}
		}
	}
	return false
}

// crashMatrix is one resource's matrix.
type crashMatrix struct {
	addr   string                                     // "hipaa_vpc.test"
	prefix string                                     // names are prefix + two digits
	config func(p *acctest.Proxy, name string) string // the resource alone, on p
	owner  func(name string) string
	// inventory counts what the resource owns, per kind, through the SDK:
	// the owner-tagged objects (owned), the objects found by deterministic
	// name, and the untaggable parts (associations, rules, routes, targets).
	inventory func(t *testing.T, name string, state map[string]any, owned []acctest.Object) map[string]int
	// retained checks what destroy left: only what is kept by design.
	retained func(t *testing.T, name string)
	// killed, if set, checks what a kill at b left, before the re-apply.
	killed func(t *testing.T, b boundary, name string)
}

// crashCases is how many cases run at once. A case mostly waits (on
// terraform, the provider and the emulator), so more than GOMAXPROCS fit.
const crashCases = 4

// run applies the clean create (case 00), derives the boundaries, runs one
// case per boundary, crashCases at a time, and returns the boundaries.
func (m crashMatrix) run(t *testing.T) []boundary {
	start := time.Now()
	clean := m.prefix + "00"
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+m.config(p, clean))
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	bs := boundaries(p.Spans())
	if len(bs) < 5 {
		t.Fatalf("a clean create made %d kinds of mutating call: %v", len(bs), p.Calls())
	}
	state := c.values(m.addr)
	owned := mustSweep(t, m.owner(clean))
	want := m.inventory(t, clean, state, owned)
	m.checkOwned(t, clean, state, owned)
	c.run("plan", "-detailed-exitcode", "-no-color")
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
	m.retained(t, clean)
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.String()
		if b.final {
			names[i] += " (last call: response withheld)"
		}
	}
	t.Logf("clean create in %s: inventory %v; %d boundaries: %s", time.Since(start).Round(time.Second), want, len(bs), strings.Join(names, ", "))

	t.Run("kill", func(t *testing.T) {
		sem := make(chan struct{}, crashCases)
		var wg sync.WaitGroup
		for i, b := range bs {
			name := fmt.Sprintf("%s%02d", m.prefix, i+1)
			wg.Add(1)
			sem <- struct{}{}
			go func() { // t.Run may be called from several goroutines at once
				defer func() { <-sem; wg.Done() }()
				t.Run(b.String(), func(t *testing.T) { m.crash(t, b, name, want) })
			}()
		}
		wg.Wait()
	})
	t.Logf("matrix of %d boundaries in %s", len(bs), time.Since(start).Round(time.Second))
	return bs
}

// crash is one case: kill at b, re-apply, compare, plan, destroy.
func (m crashMatrix) crash(t *testing.T, b boundary, name string, want map[string]int) {
	start := time.Now()
	p := acctest.NewProxy(t)
	c := newCLI(t, requiredProviders+m.config(p, name))
	reached := p.HoldAfter(b.call, b.n)
	if b.final {
		// Nothing follows the last call to hold: HoldAfter would let
		// terraform finish. Withhold that call's response instead (it has
		// reached the emulator); the kill is as real.
		reached = p.HoldResponse(b.call, b.n)
		t.Logf("%s is the create's last call: its response is withheld (HoldResponse)", b)
	}
	c.killOn(reached, "apply", "-auto-approve", "-input=false", "-no-color")
	p.Release()
	typ := `"` + strings.Split(m.addr, ".")[0] + `"`
	if s, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate")); err == nil && strings.Contains(string(s), typ) {
		t.Fatalf("%s reached the state file before the kill at %s", m.addr, b)
	}
	done := 0
	for _, s := range p.Spans() {
		if s.Status >= 200 && s.Status < 300 && mutating(s.Call) {
			done++
		}
	}
	t.Logf("killed after %s: %d mutating calls had succeeded, %d later requests held; nothing in state", b, done, p.Held())
	if m.killed != nil {
		m.killed(t, b, name)
	}

	killed := time.Now()
	c.run("apply", "-auto-approve", "-input=false", "-no-color")
	reapplied := time.Now()
	state := c.values(m.addr)
	owned := mustSweep(t, m.owner(name))
	got := m.inventory(t, name, state, owned)
	for _, k := range slices.Sorted(maps.Keys(mergeKeys(want, got))) {
		if got[k] != want[k] {
			t.Errorf("after the re-apply: %s = %d, a clean create has %d", k, got[k], want[k])
		}
	}
	m.checkOwned(t, name, state, owned)
	c.run("plan", "-detailed-exitcode", "-no-color")
	planned := time.Now()
	c.run("destroy", "-auto-approve", "-input=false", "-no-color")
	m.retained(t, name)
	t.Logf("killed run %s, re-apply %s, plan %s, destroy %s", killed.Sub(start).Round(time.Second), reapplied.Sub(killed).Round(time.Second),
		planned.Sub(reapplied).Round(time.Second), time.Since(planned).Round(time.Second))
}

func mergeKeys(a, b map[string]int) map[string]int {
	out := maps.Clone(a)
	for k := range b {
		out[k] += 0
	}
	return out
}

// checkOwned fails for an object with the owner tag that state does not
// record (an orphan): its ID must be a child_ids value or the resource's id.
func (m crashMatrix) checkOwned(t *testing.T, name string, state map[string]any, owned []acctest.Object) {
	t.Helper()
	known := map[string]bool{fmt.Sprint(state["id"]): true}
	ids, _ := state["child_ids"].(map[string]any)
	for _, v := range ids {
		s := fmt.Sprint(v)
		known[s] = true
		known[s[strings.LastIndexAny(s, ":/")+1:]] = true // a name from an ARN
	}
	for _, o := range owned {
		if !known[o.ID] {
			t.Errorf("orphan: %s %s %s has owner %s but is not in state", o.Service, o.Kind, o.ID, m.owner(name))
		}
	}
}

// kinds counts objects per "service/kind".
func kinds(objs []acctest.Object) map[string]int {
	out := map[string]int{}
	for _, o := range objs {
		out[o.Service+"/"+o.Kind]++
	}
	return out
}

// values is a resource's attributes, read from terraform.tfstate (no
// terraform run); it fails the test when the resource is not there.
func (c *cli) values(addr string) map[string]any {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	if err != nil {
		c.t.Fatal(err)
	}
	var doc struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		c.t.Fatal(err)
	}
	for _, r := range doc.Resources {
		if r.Mode == "managed" && r.Type+"."+r.Name == addr && len(r.Instances) == 1 {
			return r.Instances[0].Attributes
		}
	}
	c.t.Fatalf("%s not in terraform.tfstate", addr)
	return nil
}

// outputMap reads the root module's outputs (`terraform output -json`).
func (c *cli) outputMap() map[string]any {
	c.t.Helper()
	var doc map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(c.run("output", "-json")), &doc); err != nil {
		c.t.Fatal(err)
	}
	out := map[string]any{}
	for k, v := range doc {
		out[k] = v.Value
	}
	return out
}

// TestAccVPC_crashMatrix kills a 2-AZ hipaa_vpc create at every step
// boundary (see the top of this file).
func TestAccVPC_crashMatrix(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	deps := newCLI(t, requiredProviders+p.ProviderConfig()+`
resource "hipaa_kms_key" "logs" {
  name             = "cmv-flow-logs"
  allowed_services = ["logs"]
}
output "arn" { value = hipaa_kms_key.logs.arn }
`)
	deps.run("apply", "-auto-approve", "-input=false", "-no-color")
	key := fmt.Sprint(deps.outputMap()["arn"])
	m := crashMatrix{
		addr: "hipaa_vpc.test", prefix: "cmv",
		config: func(p *acctest.Proxy, name string) string {
			return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_vpc" "test" {
  name                = %q
  cidr_block          = "10.20.0.0/16"
  availability_zones  = ["us-east-1a", "us-east-1b"]
  flow_logs           = { kms_key_arn = %q }
  interface_endpoints = ["secretsmanager"]
}
`, name, key)
		},
		owner: func(name string) string { return "hipaa_vpc/" + name },
		inventory: func(t *testing.T, _ string, state map[string]any, owned []acctest.Object) map[string]int {
			inv := kinds(owned)
			vpcID := fmt.Sprint(state["id"])
			for k, n := range vpcChildren(t, vpcID) {
				inv["in-vpc/"+k] = n
			}
			maps.Copy(inv, vpcParts(t, vpcID))
			return inv
		},
		killed: func(t *testing.T, b boundary, name string) {
			if b.call == "ec2:CreateInternetGateway" && b.n == 1 {
				if igws := ownedIGWs(t, "hipaa_vpc/"+name); len(igws) != 1 || len(igws[0].Attachments) != 0 {
					t.Fatalf("after the kill: owned internet gateways %s, want exactly one, detached", describeIGWs(igws))
				}
			}
		},
		retained: func(t *testing.T, name string) {
			left := mustSweep(t, "hipaa_vpc/"+name)
			if len(left) != 1 || left[0].Kind != "log-group" {
				t.Errorf("left after destroy: %v, want only the retained flow-log group", left)
			}
		},
	}
	bs := m.run(t)
	if !slices.ContainsFunc(bs, func(b boundary) bool { return b.call == "ec2:CreateInternetGateway" && b.n == 1 && !b.final }) {
		t.Error("no boundary between the internet gateway's create and its attach")
	}
	noLeftovers(t, "")
	deps.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// vpcParts counts the untaggable parts of a VPC: associations, routes,
// NACL entries, security group rules, the gateway attachment.
func vpcParts(t *testing.T, vpcID string) map[string]int {
	t.Helper()
	c, ctx := ec2Client(t), context.Background()
	f := []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}
	out := map[string]int{}
	rts, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range rts.RouteTables {
		out["part/route"] += len(rt.Routes)
		for _, a := range rt.Associations {
			if !aws.ToBool(a.Main) {
				out["part/route-table-association"]++
			}
		}
	}
	acls, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acls.NetworkAcls {
		if aws.ToBool(a.IsDefault) {
			out["part/default-nacl-subnet"] += len(a.Associations)
			continue
		}
		out["part/nacl-association"] += len(a.Associations)
		out["part/nacl-entry"] += len(a.Entries)
	}
	sgs, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range sgs.SecurityGroups {
		out["in-vpc/security-group"]++
		out["part/sg-rule"] += len(g.IpPermissions) + len(g.IpPermissionsEgress)
	}
	igws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{vpcID}}}})
	if err != nil {
		t.Fatal(err)
	}
	out["part/igw-attachment"] = len(igws.InternetGateways)
	return out
}

// noLeftovers runs after every case: the account holds no VPC but the
// default and keep, and no internet gateway, elastic IP or live NAT
// gateway outside keep — whatever their tags, so an untagged orphan shows.
func noLeftovers(t *testing.T, keep string) {
	t.Helper()
	c, ctx := ec2Client(t), context.Background()
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vpcs.Vpcs {
		if !aws.ToBool(v.IsDefault) && aws.ToString(v.VpcId) != keep {
			t.Errorf("left in the account: VPC %s", aws.ToString(v.VpcId))
		}
	}
	igws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range igws.InternetGateways {
		if len(g.Attachments) == 0 || aws.ToString(g.Attachments[0].VpcId) != keep {
			t.Errorf("left in the account: internet gateway %s", describeIGWs([]ec2types.InternetGateway{g}))
		}
	}
	addrs, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		t.Fatal(err)
	}
	nats, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: []ec2types.Filter{{Name: aws.String("state"), Values: []string{"available", "pending"}}}})
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, n := range nats.NatGateways {
		if aws.ToString(n.VpcId) == keep && keep != "" {
			kept++
			continue
		}
		t.Errorf("left in the account: NAT gateway %s", aws.ToString(n.NatGatewayId))
	}
	if len(addrs.Addresses) != kept {
		t.Errorf("left in the account: %d elastic IPs, want %d (one per NAT kept)", len(addrs.Addresses), kept)
	}
}

// TestAccDatabase_crashMatrix kills a Postgres hipaa_database create (with
// its proxy) at every step boundary. The key and the 2-AZ VPC it uses are
// made once, outside the matrix, so only the database's calls are cut.
func TestAccDatabase_crashMatrix(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	deps := newCLI(t, requiredProviders+p.ProviderConfig()+`
resource "hipaa_kms_key" "db" {
  name             = "cmd-db"
  allowed_services = ["rds", "logs", "secretsmanager"]
}
resource "hipaa_vpc" "net" {
  name               = "cmd-net"
  cidr_block         = "10.30.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs          = { kms_key_arn = hipaa_kms_key.db.arn }
}
output "key" { value = hipaa_kms_key.db.arn }
output "vpc" { value = hipaa_vpc.net.id }
output "subnets" { value = hipaa_vpc.net.data_subnet_ids }
`)
	deps.run("apply", "-auto-approve", "-input=false", "-no-color")
	out := deps.outputMap()
	subnets, _ := json.Marshal(out["subnets"])
	vpcID := fmt.Sprint(out["vpc"])
	m := crashMatrix{
		addr: "hipaa_database.test", prefix: "cmd",
		config: func(p *acctest.Proxy, name string) string {
			return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_database" "test" {
  identifier          = %q
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  vpc_id              = %q
  subnet_ids          = %s
  allowed_cidr_blocks = ["10.30.0.0/16"]
  kms_key_arn         = %q
  allocated_storage   = 20
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "test database" }]
  proxy               = { enabled = true }
}
`, name, vpcID, subnets, fmt.Sprint(out["key"]))
		},
		owner:     func(name string) string { return "hipaa_database/" + name },
		inventory: dbInventory,
		retained: func(t *testing.T, name string) {
			if err := checkOnlyLogsLeft(t, "hipaa_database/"+name)(nil); err != nil {
				t.Error(err)
			}
			named := dbNamed(t, name)
			if named["rds/final-snapshot"] != 1 {
				t.Errorf("%d final snapshots of %s, want 1", named["rds/final-snapshot"], name)
			}
			delete(named, "rds/final-snapshot")
			for k, n := range named {
				if n != 0 {
					t.Errorf("left after destroy: %s (%d)", k, n)
				}
			}
		},
	}
	m.run(t)
	noLeftovers(t, vpcID)
	deps.run("destroy", "-auto-approve", "-input=false", "-no-color")
}

// dbInventory counts a database's objects: by owner tag, by name (the
// untaggable or RDS-named ones), and the rules, policies and targets.
func dbInventory(t *testing.T, name string, _ map[string]any, owned []acctest.Object) map[string]int {
	t.Helper()
	ctx := context.Background()
	inv := kinds(owned)
	maps.Copy(inv, dbNamed(t, name))
	var sgIDs, roles []string
	for _, o := range owned {
		switch o.Service + "/" + o.Kind {
		case "ec2/security-group":
			sgIDs = append(sgIDs, o.ID)
		case "iam/role":
			roles = append(roles, o.ID)
		}
	}
	if len(sgIDs) > 0 {
		sgs, err := ec2Client(t).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: sgIDs})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range sgs.SecurityGroups {
			inv["part/sg-rule"] += len(g.IpPermissions) + len(g.IpPermissionsEgress)
		}
	}
	ic := iam.NewFromConfig(acctest.AWSConfig(t))
	for _, r := range roles {
		in, err := ic.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(r)})
		if err != nil {
			t.Fatal(err)
		}
		at, err := ic.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(r)})
		if err != nil {
			t.Fatal(err)
		}
		inv["part/role-policy"] += len(in.PolicyNames) + len(at.AttachedPolicies)
	}
	db := describeDB(t, name)
	if db.MasterUserSecret != nil {
		s, err := secretsmanager.NewFromConfig(acctest.AWSConfig(t)).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: db.MasterUserSecret.SecretArn})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToBool(s.RotationEnabled) {
			inv["part/secret-rotation"]++
		}
	}
	return inv
}

// dbNamed counts the database's objects found by their deterministic
// names: instance, subnet and parameter groups, proxy and its targets, and
// manual (final) snapshots.
func dbNamed(t *testing.T, id string) map[string]int {
	t.Helper()
	c, ctx := rdsClient(t), context.Background()
	out := map[string]int{}
	insts, err := c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range insts.DBInstances {
		if aws.ToString(i.DBInstanceIdentifier) == id {
			out["rds/instance"]++
		}
	}
	sgs, err := c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range sgs.DBSubnetGroups {
		if strings.HasPrefix(aws.ToString(g.DBSubnetGroupName), id+"-") {
			out["rds/subnet-group"]++
		}
	}
	pgs, err := c.DescribeDBParameterGroups(ctx, &rds.DescribeDBParameterGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range pgs.DBParameterGroups {
		if strings.HasPrefix(aws.ToString(g.DBParameterGroupName), id+"-") {
			out["rds/parameter-group"]++
		}
	}
	proxies, err := c.DescribeDBProxies(ctx, &rds.DescribeDBProxiesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, px := range proxies.DBProxies {
		if !strings.HasPrefix(aws.ToString(px.DBProxyName), id+"-") {
			continue
		}
		out["rds/proxy"]++
		targets, err := c.DescribeDBProxyTargets(ctx, &rds.DescribeDBProxyTargetsInput{DBProxyName: px.DBProxyName})
		if err != nil {
			t.Fatal(err)
		}
		out["part/proxy-target"] += len(targets.Targets)
	}
	snaps, err := c.DescribeDBSnapshots(ctx, &rds.DescribeDBSnapshotsInput{DBInstanceIdentifier: aws.String(id), SnapshotType: aws.String("manual")})
	if err != nil {
		t.Fatal(err)
	}
	out["rds/final-snapshot"] = len(snaps.DBSnapshots)
	return out
}

// TestCrashMatrixBoundaries: the boundaries follow the recorded order; a
// read, a failed call and a repeat add none; an object made more than once
// and associated later adds its last; the create's last call is final.
func TestCrashMatrixBoundaries(t *testing.T) {
	t0 := time.Unix(0, 0)
	var spans []acctest.Span
	for i, c := range []string{"ec2:CreateVpc", "ec2:DescribeVpcs", "ec2:CreateRouteTable", "ec2:CreateRouteTable", "ec2:CreateInternetGateway",
		"ec2:CreateSubnet", "ec2:CreateSubnet", "ec2:AssociateRouteTable", "ec2:AttachInternetGateway", "logs:CreateLogGroup"} {
		status := 200
		if i == 4 {
			status = 400 // a failed attempt, retried below
		}
		spans = append(spans, acctest.Span{Call: c, Start: t0.Add(time.Duration(2*i) * time.Second), End: t0.Add(time.Duration(2*i+1) * time.Second), Status: status})
	}
	spans = append(spans, acctest.Span{Call: "ec2:CreateInternetGateway", Start: t0.Add(30 * time.Second), End: t0.Add(31 * time.Second), Status: 200})
	var got []string
	for _, b := range boundaries(spans) {
		s := b.String()
		if b.final {
			s += " (final)"
		}
		got = append(got, s)
	}
	want := []string{"CreateVpc", "CreateRouteTable", "CreateRouteTable#2", "CreateSubnet", "AssociateRouteTable", "AttachInternetGateway",
		"CreateLogGroup", "CreateInternetGateway (final)"}
	if !slices.Equal(got, want) {
		t.Errorf("boundaries %q, want %q", got, want)
	}
}
