package vpc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

// Env is what the executor needs from the account.
type Env struct {
	Partition, Region, AccountID string
}

// Executor creates, repairs and deletes the children of one hipaa_vpc.
type Executor struct {
	Clients
	Env         Env
	Parallelism int // concurrent calls of one kind; default 16, well inside EC2's request-token burst; throttling is retried
}

// run is one Apply: the layout, the snapshot observed at its start, and the
// IDs known so far (observed, then created).
type run struct {
	x   Executor
	l   Layout
	o   *Observed
	rec *executor.Recorder
	// adopted: the VPC was not in the prior state (created now, or found by
	// owner tag after a crash), so settings made right after its creation
	// are (re)applied.
	adopted bool
}

// Apply converges AWS on the layout, kind by kind in creation order:
// observe, then for each child adopt what exists (by ID or owner tag),
// repair what differs, create what is missing — recording each ID the
// moment it exists — and finally remove children the layout no longer has.
// It returns every child's ID. After a failure, the IDs recorded so far let
// a later Apply or Destroy finish the job; nothing is created twice.
func (x Executor) Apply(ctx context.Context, l Layout, known map[string]string, record func(key, id string)) (map[string]string, error) {
	o, err := Observe(ctx, x.Clients, known[KeyVPC], l)
	if awsclient.IsNotFound(err) && known[KeyVPC] != "" {
		o, err = Observe(ctx, x.Clients, "", l) // recorded VPC gone: adopt by owner tag or create anew
	}
	if awsclient.IsNotFound(err) {
		// No VPC yet: adopt what an interrupted apply made outside one
		// (its internet gateway, its elastic IPs), found by owner tag.
		o, err = observeDetached(ctx, x.Clients, l)
	}
	if err != nil {
		return nil, x.fail("reading", "VPC", KeyVPC, l, err)
	}
	// The data NACL's rules keep the numbers they have in AWS (adoptDataBands).
	l = adoptDataBands(l, o)
	adopted := o.VPC == nil || aws.ToString(o.VPC.VpcId) != known[KeyVPC]
	r := &run{x: x, l: l, o: o, rec: executor.NewRecorder(record), adopted: adopted}
	for k, id := range o.IDs(l) {
		r.put(k, id)
	}
	err = executor.Schedule(awsclient.WithChild(ctx, "", l.Owner), executor.Graph(l.Children()), r.steps())
	return r.snapshot(), err
}

// steps are the phases of one Apply. Each owns the kinds of child it
// creates or repairs; what it waits for comes from Layout.Children
// (executor.Needs), plus After for phases that own no kind. A step starts
// as soon as those are done, so the apply takes about as long as its
// longest chain of dependent calls. Within a step, keys fan out (each).
func (r *run) steps() []executor.Step {
	steps := []executor.Step{
		{Name: "vpc", Kinds: executor.Kinds(KindVPC), Run: r.ensureVPC},
		{Name: "log-group", Kinds: executor.Kinds(KindLogGroup), Run: r.ensureLogGroup},
		{Name: "role", Kinds: executor.Kinds(KindIAMRole, KindIAMPolicy, KindIAMRolePolicyAttachment), Run: r.ensureRole},
		{Name: "eips", Kinds: executor.Kinds(KindEIP), Run: r.ensureEIPs},
		{Name: "vpc-dns", After: []string{"vpc"}, Run: r.ensureVPCDNS},
		{Name: "default-sg", Kinds: executor.Kinds(KindDefaultSecurityGroup), Run: r.ensureDefaultSG},
		{Name: "igw", Kinds: executor.Kinds(KindInternetGateway), Run: r.ensureIGW},
		{Name: "subnets", Kinds: executor.Kinds(KindSubnet), Run: r.ensureSubnets},
		{Name: "nacls", Kinds: executor.Kinds(KindNetworkACL), Run: r.createNACLs},
		{Name: "route-tables", Kinds: executor.Kinds(KindRouteTable), Run: r.createRouteTables},
		{Name: "security-groups", Kinds: executor.Kinds(KindSecurityGroup), Run: r.ensureSecurityGroups},
		{Name: "flow-log", Kinds: executor.Kinds(KindFlowLog), Run: r.ensureFlowLog},
		{Name: "nacl-rules", Kinds: executor.Kinds(KindNetworkACLEntry, KindNetworkACLAssociation), Run: r.ensureNACLs},
		{Name: "route-table-associations", Kinds: executor.Kinds(KindRouteTableAssociation), Run: r.ensureRouteTables},
		{Name: "nats", Kinds: executor.Kinds(KindNATGateway), Run: r.ensureNATs},
		{Name: "routes", Kinds: executor.Kinds(KindRoute), Run: r.ensureRoutes},
		// Private DNS of interface endpoints needs the VPC's DNS attributes.
		{Name: "endpoints", Kinds: executor.Kinds(KindVPCEndpoint), After: []string{"vpc-dns"}, Run: r.ensureEndpoints},
	}
	// The re-tag waits for every other step (a layout may lack the kinds
	// that would make it wait); prune deletes what the layout no longer has
	// (an old NAT after its routes moved, a removed AZ): only after
	// everything else succeeded.
	return append(steps, executor.Step{Name: "tags", After: names(steps), Run: r.ensureTags},
		executor.Step{Name: "prune", After: []string{"tags"}, Run: r.prune})
}

func names(steps []executor.Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.Name
	}
	return out
}

func (r *run) put(key, id string) { r.rec.Put(key, id) }

func (r *run) id(key string) string { return r.rec.ID(key) }

func (r *run) snapshot() map[string]string { return r.rec.Snapshot() }

func (r *run) created(ctx context.Context, kind Kind, key, id string) {
	r.rec.Created(ctx, string(kind), key, id)
}

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Name, err)
}

func (r *run) fail(action, kind, key string, err error) error {
	return r.x.fail(action, kind, key, r.l, err)
}

// each runs fn for every key with bounded parallelism and loses no error.
func (r *run) each(ctx context.Context, keys []string, fn func(context.Context, string) error) error {
	return executor.Each(ctx, r.x.Parallelism, r.l.Owner, keys, fn)
}

// missing lists the layout keys of m that have no ID yet, sorted.
func missing[V any](r *run, m map[string]V) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if r.id(k) == "" {
			out = append(out, k)
		}
	}
	return out
}

// token is a deterministic idempotency token: a retry after a lost response
// returns the same object instead of creating a second.
func (r *run) token(key string, parts ...string) *string {
	h := sha256.Sum256([]byte(r.l.Owner + "|" + key + "|" + r.id(KeyVPC) + "|" + strings.Join(parts, "|")))
	return aws.String(hex.EncodeToString(h[:])[:32])
}

// tagSpec tags a child at creation.
func (r *run) tagSpec(rt ec2types.ResourceType, key string) []ec2types.TagSpecification {
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: awsclient.EC2Tags(r.l.Tags(key))}}
}

func itoa(i int) string { return strconv.Itoa(i) }
