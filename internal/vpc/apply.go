package vpc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
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
	x      Executor
	l      Layout
	o      *Observed
	mu     sync.Mutex
	ids    map[string]string
	record func(key, id string)
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
	r := &run{x: x, l: l, o: o, ids: map[string]string{}, record: record, adopted: adopted}
	for k, id := range o.IDs(l) {
		r.put(k, id)
	}
	err = schedule(ctx, r.steps())
	return r.snapshot(), err
}

// step is one kind of child (or one phase of it) and the steps it needs.
type step struct {
	name  string
	needs []string
	run   func(context.Context) error
}

// steps is the dependency graph of one Apply, by kind of child. A step
// starts as soon as the steps it needs are done — not when a whole "stage"
// is — so the apply takes about as long as its longest chain of dependent
// calls. Within a step, keys fan out with bounded parallelism (each).
// Every step names only steps listed before it (checked by schedule).
func (r *run) steps() []step {
	return []step{
		{"vpc", nil, r.ensureVPC},
		{"log-group", nil, r.ensureLogGroup},
		{"role", nil, r.ensureRole},
		{"eips", nil, r.ensureEIPs}, // allocation needs nothing; the NATs need the IGW
		{"vpc-dns", []string{"vpc"}, r.ensureVPCDNS},
		{"default-sg", []string{"vpc"}, r.ensureDefaultSG},
		{"igw", []string{"vpc"}, r.ensureIGW},
		{"subnets", []string{"vpc"}, r.ensureSubnets},
		{"nacls", []string{"vpc"}, r.createNACLs},
		{"route-tables", []string{"vpc"}, r.createRouteTables},
		{"security-groups", []string{"vpc"}, r.ensureSecurityGroups},
		{"flow-log", []string{"vpc", "log-group", "role"}, r.ensureFlowLog},
		{"nacl-rules", []string{"nacls", "subnets"}, r.ensureNACLs},
		{"route-table-associations", []string{"route-tables", "subnets"}, r.ensureRouteTables},
		{"nats", []string{"subnets", "eips", "igw"}, r.ensureNATs},
		{"routes", []string{"route-tables", "igw", "nats"}, r.ensureRoutes},
		{"endpoints", []string{"vpc-dns", "subnets", "route-tables", "security-groups"}, r.ensureEndpoints},
		{"tags", []string{"vpc-dns", "default-sg", "flow-log", "nacl-rules", "route-table-associations", "routes", "endpoints"}, r.ensureTags},
		// prune deletes what the layout no longer has (an old NAT after its
		// routes moved, a removed AZ): only after everything else succeeded.
		{"prune", []string{"tags"}, r.prune},
	}
}

// errSkipped marks a step not run because a step it needs failed.
var errSkipped = errors.New("skipped")

// schedule runs every step in its own goroutine once the steps it needs
// have succeeded; a step whose dependency failed is skipped, independent
// branches go on (so more progress is recorded). It returns every failure,
// joined. Steps must be listed after the steps they need.
func schedule(ctx context.Context, steps []step) error {
	done := make(map[string]chan struct{}, len(steps))
	errs := make(map[string]*error, len(steps))
	for _, s := range steps {
		for _, n := range s.needs {
			if done[n] == nil {
				panic("vpc: step " + s.name + " needs " + n + ", which is not listed before it")
			}
		}
		done[s.name], errs[s.name] = make(chan struct{}), new(error)
	}
	var wg sync.WaitGroup
	for _, s := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[s.name])
			for _, n := range s.needs {
				<-done[n] // the close makes *errs[n] visible
				if *errs[n] != nil {
					*errs[s.name] = errSkipped
					return
				}
			}
			if err := ctx.Err(); err != nil {
				*errs[s.name] = err
				return
			}
			*errs[s.name] = s.run(ctx)
		}()
	}
	wg.Wait()
	var all []error
	for _, s := range steps {
		if err := *errs[s.name]; err != nil && !errors.Is(err, errSkipped) {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}

func (r *run) put(key, id string) {
	r.mu.Lock()
	r.ids[key] = id
	r.mu.Unlock()
	r.record(key, id)
}

func (r *run) id(key string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ids[key]
}

func (r *run) snapshot() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.ids)
}

func (r *run) created(ctx context.Context, kind Kind, key, id string) {
	tflog.Info(ctx, "created", map[string]any{"child_kind": string(kind), "child_key": key, "child_id": id})
	r.put(key, id)
}

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return &awsclient.ChildError{Action: action, Kind: kind, Key: key, Resource: ResourceType, Name: l.Name, Err: err}
}

func (r *run) fail(action, kind, key string, err error) error {
	return r.x.fail(action, kind, key, r.l, err)
}

// each runs fn for every key with bounded parallelism and loses no error.
func (r *run) each(ctx context.Context, keys []string, fn func(context.Context, string) error) error {
	n := r.x.Parallelism
	if n <= 0 {
		n = 16
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	errs := make([]error, len(keys))
	for i, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = fn(awsclient.WithChild(ctx, k, r.l.Owner), k)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
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
