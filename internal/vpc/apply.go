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
	Parallelism int // concurrent calls of one kind; default 8
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
		o, err = &Observed{}, nil
	}
	if err != nil {
		return nil, x.fail("reading", "VPC", KeyVPC, l, err)
	}
	r := &run{x: x, l: l, o: o, ids: map[string]string{}, record: record}
	if o.VPC != nil {
		for k, id := range o.IDs(l) {
			r.put(k, id)
		}
	}
	for _, stage := range r.stages() {
		if err := r.parallel(ctx, stage); err != nil {
			return r.snapshot(), err
		}
	}
	return r.snapshot(), nil
}

// stages groups the per-kind steps by dependency: the steps of one stage
// need only what earlier stages made, so they run concurrently.
func (r *run) stages() [][]func(context.Context) error {
	return [][]func(context.Context) error{
		{r.ensureVPC, r.ensureLogGroup, r.ensureRole},
		{r.ensureDefaultSG, r.ensureIGW, r.ensureFlowLog, r.ensureSubnets, r.createNACLs, r.createRouteTables, r.ensureSecurityGroups},
		{r.ensureNACLs, r.ensureRouteTables, r.ensureNATs},
		{r.ensureRoutes, r.ensureEndpoints},
		{r.ensureTags},
		{r.prune},
	}
}

// parallel runs the steps of one stage concurrently and joins their errors.
func (r *run) parallel(ctx context.Context, steps []func(context.Context) error) error {
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = step(ctx) }()
	}
	wg.Wait()
	return errors.Join(errs...)
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
		n = 8
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	errs := make([]error, len(keys))
	for i, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = fn(ctx, k)
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
	return []ec2types.TagSpecification{{ResourceType: rt, Tags: ec2Tags(r.l.Tags(key))}}
}

func ec2Tags(m map[string]string) []ec2types.Tag {
	out := make([]ec2types.Tag, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, ec2types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
