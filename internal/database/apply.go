package database

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// Executor creates, repairs and deletes the children of one hipaa_database.
type Executor struct {
	Clients
	// PollDelay is the first interval of the status waiters (default 5 s).
	PollDelay time.Duration
}

// Result is what Apply and Read report to the resource.
type Result struct {
	ARN, Endpoint, SecretARN, ProxyEndpoint string
	Port                                    int
	IDs                                     map[string]string // child key -> AWS ID or name
	// PendingReboot names the parameter groups whose changes wait for a
	// reboot (static parameters); the resource warns about them.
	PendingReboot []string
}

// run is one Apply: the layout, what existed at its start, and the IDs known.
type run struct {
	x   Executor
	l   Layout
	o   *Observed
	rec *executor.Recorder
	// created are the keys this apply created, tagged at creation (guarded
	// by mu: steps run in parallel); roleTags the tags of the roles that
	// existed, by key (ensureTags).
	mu       sync.Mutex
	created  map[string]bool
	roleTags map[string]map[string]string
	polled   *rdstypes.DBInstance // the instance as its wait last saw it (available)
}

// Apply converges AWS on the layout. Every child has a deterministic name,
// so what a crashed apply left behind is found by name (and its owner tag
// checked) rather than created twice. Each child's ID is recorded the moment
// it exists. The order comes from Layout.Children (steps).
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) (Result, error) {
	o, err := Observe(ctx, x.Clients, l)
	if awsclient.IsNotFound(err) {
		o, err = observeChildren(ctx, x.Clients, l)
	}
	if err != nil {
		return Result{}, x.fail("reading", "database", l.Identifier, l, err)
	}
	r := newRun(x, l, o, record)
	if err := executor.Schedule(awsclient.WithChild(ctx, "", l.Owner), executor.Graph(l.Children()), r.steps()); err != nil {
		return Result{IDs: r.rec.Snapshot()}, err
	}
	return x.result(ctx, l, r.rec.Snapshot())
}

func newRun(x Executor, l Layout, o *Observed, record func(key, id string)) *run {
	return &run{x: x, l: l, o: o, rec: executor.NewRecorder(record), created: map[string]bool{}, roleTags: map[string]map[string]string{}}
}

// steps are the phases of one Apply. Each owns the kinds it creates or
// repairs; what it waits for comes from Layout.Children (executor.Needs).
// Log groups, roles, security groups, the subnet group and the parameter
// groups go in parallel.
func (r *run) steps() []executor.Step {
	steps := []executor.Step{
		{Name: "log-groups", Kinds: executor.Kinds(KindLogGroup), Run: r.ensureLogGroups},
		{Name: "roles", Kinds: executor.Kinds(KindIAMRole, KindIAMRolePolicyAttachment), Run: r.ensureRoles},
		{Name: "security-groups", Kinds: executor.Kinds(KindSecurityGroup), Run: r.createSecurityGroups},
		{Name: "security-group-rules", Kinds: executor.Kinds(KindSecurityGroupRules), Run: r.ensureSecurityGroupRules},
		{Name: "subnet-group", Kinds: executor.Kinds(KindSubnetGroup), Run: r.ensureSubnetGroup},
		{Name: "parameter-groups", Kinds: executor.Kinds(KindParameterGroup, KindClusterParameterGroup), Run: r.ensureParameterGroups},
		{Name: "database", Kinds: executor.Kinds(KindCluster, KindInstance), Run: r.ensureDatabase},
		{Name: "rotation", Kinds: executor.Kinds(KindSecretRotation), Run: r.ensureRotation},
		// The proxy's policy and auth name the secret, whose ARN the
		// instance's wait returns (a cluster's, rotation reads).
		{Name: "proxy", Kinds: executor.Kinds(KindIAMPolicy, KindIAMPolicyAttachment, KindProxy, KindProxyTarget), After: r.proxyAfter(),
			Run: func(ctx context.Context) error { return r.ensureProxy(awsclient.WithChild(ctx, KeyProxy, "")) }},
		// A proxy no longer wanted goes once the database's group no longer admits it.
		{Name: "prune-proxy", After: []string{"security-group-rules"}, Run: r.pruneProxy},
	}
	// The tags of what existed go last: the database's stand for the others'.
	after := make([]string, len(steps))
	for i, s := range steps {
		after[i] = s.Name
	}
	return append(steps, executor.Step{Name: "tags", After: after, Run: r.ensureTags})
}

// proxyAfter: the steps the proxy waits for beyond its children's: a
// cluster's secret ARN comes from rotation's read.
func (r *run) proxyAfter() []string {
	if r.l.Cluster != nil {
		return []string{"rotation"}
	}
	return nil
}

// secretARN is the master user secret's ARN, from the instance's wait or
// rotation's read.
func (r *run) secretARN() string {
	if i := r.available(); i != nil && i.MasterUserSecret != nil {
		return aws.ToString(i.MasterUserSecret.SecretArn)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.o.SecretARN()
}

// result reads the endpoints after an apply (one describe, and the proxy's beside it).
func (x Executor) result(ctx context.Context, l Layout, ids map[string]string) (Result, error) {
	o := &Observed{Members: map[string]rdstypes.DBInstance{}}
	var proxyErr error
	done := make(chan struct{})
	go func() { // at once: the proxy's endpoint needs no target
		defer close(done)
		if l.Proxy != nil {
			if err := o.readProxyOnly(ctx, x.Clients, l); err != nil {
				proxyErr = x.fail("reading", "DB proxy", KeyProxy, l, err)
			}
		}
	}()
	var dbErr error
	if err := o.readDatabase(ctx, x.Clients, l); err != nil {
		dbErr = x.fail("reading", "database", l.Identifier, l, err)
	}
	<-done
	if err := errors.Join(dbErr, proxyErr); err != nil {
		return Result{IDs: ids}, err
	}
	res := ResultOf(o)
	res.IDs = ids
	return res, nil
}

// ResultOf extracts the outputs from what was observed.
func ResultOf(o *Observed) Result {
	var r Result
	switch {
	case o.Instance != nil:
		r.ARN = aws.ToString(o.Instance.DBInstanceArn)
		if e := o.Instance.Endpoint; e != nil {
			r.Endpoint, r.Port = aws.ToString(e.Address), int(aws.ToInt32(e.Port))
		}
	case o.Cluster != nil:
		r.ARN, r.Endpoint, r.Port = aws.ToString(o.Cluster.DBClusterArn), aws.ToString(o.Cluster.Endpoint), int(aws.ToInt32(o.Cluster.Port))
	}
	r.SecretARN = o.SecretARN()
	if o.Instance != nil {
		for _, g := range o.Instance.DBParameterGroups {
			if aws.ToString(g.ParameterApplyStatus) == "pending-reboot" {
				r.PendingReboot = append(r.PendingReboot, aws.ToString(g.DBParameterGroupName))
			}
		}
	}
	if o.Proxy != nil {
		r.ProxyEndpoint = aws.ToString(o.Proxy.Endpoint)
	}
	return r
}

func (x Executor) fail(action, kind, key string, l Layout, err error) error {
	return executor.Fail(action, kind, key, ResourceType, l.Identifier, err)
}

func (r *run) fail(action, kind, key string, err error) error {
	return r.x.fail(action, kind, key, r.l, err)
}

func (r *run) put(ctx context.Context, key, id string, created bool) {
	if !created {
		r.rec.Put(key, id)
		return
	}
	r.mu.Lock()
	r.created[key] = true
	r.mu.Unlock()
	r.rec.Created(ctx, r.kind(key), key, id)
}

func (r *run) id(key string) string { return r.rec.ID(key) }

// kind is the kind of the child of key.
func (r *run) kind(key string) string {
	for _, c := range r.l.Children() {
		if c.Key == key {
			return string(c.Kind)
		}
	}
	return ""
}

// ensureLogGroups creates or repairs every log group, all at once.
func (r *run) ensureLogGroups(ctx context.Context) error {
	groups := map[string]LogGroup{}
	for _, g := range r.l.LogGroups {
		groups[g.Key] = g
	}
	return executor.Each(ctx, 0, r.l.Owner, slices.Sorted(maps.Keys(groups)), func(ctx context.Context, k string) error {
		g := groups[k]
		var got *loggroup.State
		if st, ok := r.o.LogGroups[g.Name]; ok {
			got = &st
		}
		arn := loggroup.ARN(r.l.Env.Partition, r.l.Env.Region, r.l.Env.AccountID, g.Name)
		created, err := loggroup.Ensure(ctx, r.x.Logs, r.l.logGroup(g), got, arn)
		if err != nil {
			return r.fail("applying", "log group", g.Key, err)
		}
		r.put(ctx, g.Key, g.Name, created)
		return nil
	})
}

// ensureRoles creates the monitoring role (with the AWS managed policy)
// and the proxy role; the proxy role's managed policy waits for the secret
// (ensureProxy).
func (r *run) ensureRoles(ctx context.Context) error {
	var proxyErr error
	done := make(chan struct{})
	go func() { // the two roles are independent: at once
		defer close(done)
		if p := r.l.Proxy; p != nil {
			proxyErr = r.ensureRole(awsclient.WithChild(ctx, p.RoleKey, ""), p.RoleKey, r.l.proxyRole(""))
		}
	}()
	var monErr error
	if m := r.l.MonitoringRole; m != nil {
		if monErr = r.ensureRole(awsclient.WithChild(ctx, m.Key, ""), m.Key, r.l.monitoringRole()); monErr == nil {
			r.put(ctx, m.PolicyKey, m.ManagedPolicyARN, false)
		}
	}
	<-done
	return errors.Join(monErr, proxyErr)
}

// ensureRole creates or adopts the role of key (servicerole) and records
// the tags of one that existed.
func (r *run) ensureRole(ctx context.Context, key string, s servicerole.Spec) error {
	res, err := servicerole.Ensure(ctx, r.x.IAM, s)
	if errors.Is(err, servicerole.ErrNotOurs) {
		return r.fail("adopting", "IAM role", key, &tags.ForeignError{Kind: "IAM role", Name: s.RoleName, Owner: r.l.Owner})
	}
	if err != nil {
		return r.fail("applying", "IAM role", key, err)
	}
	if !res.Created {
		r.mu.Lock()
		r.roleTags[key] = res.Tags
		r.mu.Unlock()
	}
	r.put(ctx, key, res.RoleARN, res.Created)
	return nil
}

// securityGroups are the database's group and, with a proxy, the proxy's.
func (r *run) securityGroups() map[string]SecurityGroup {
	out := map[string]SecurityGroup{r.l.SecurityGroup.Key: r.l.SecurityGroup}
	if r.l.Proxy != nil {
		out[r.l.Proxy.SecurityGroup.Key] = r.l.Proxy.SecurityGroup
	}
	return out
}

// createSecurityGroups creates the groups empty: their rules name each
// other (ensureSecurityGroupRules).
func (r *run) createSecurityGroups(ctx context.Context) error {
	groups := r.securityGroups()
	return executor.Each(ctx, 0, r.l.Owner, slices.Sorted(maps.Keys(groups)), func(ctx context.Context, k string) error {
		g := groups[k]
		r.mu.Lock()
		got, ok := r.o.SecurityGroups[g.Key]
		r.mu.Unlock()
		if ok {
			r.put(ctx, g.Key, aws.ToString(got.GroupId), false)
			return nil
		}
		created, err := secgroup.Create(ctx, r.x.EC2, g, r.l.Tags(g.Key))
		if err != nil {
			return r.fail("creating", "security group", g.Key, err)
		}
		r.put(ctx, g.Key, aws.ToString(created.GroupId), true)
		r.mu.Lock()
		r.o.SecurityGroups[g.Key] = created // as AWS creates it
		r.mu.Unlock()
		return nil
	})
}

// ensureSecurityGroupRules makes every group's rules exactly the layout's,
// both directions of every group at once (secgroup.Sync).
func (r *run) ensureSecurityGroupRules(ctx context.Context) error {
	groups := map[string]SecurityGroup{}
	for _, g := range r.securityGroups() {
		groups[g.RulesKey] = g
	}
	return executor.Each(ctx, 0, r.l.Owner, slices.Sorted(maps.Keys(groups)), func(ctx context.Context, k string) error {
		g := groups[k]
		r.mu.Lock()
		got := r.o.SecurityGroups[g.Key]
		r.mu.Unlock()
		got.GroupId = aws.String(r.id(g.Key)) // the ID recorded for the group
		if err := secgroup.Sync(ctx, r.x.EC2, g, got, r.id); err != nil {
			return r.fail("updating the rules of", "security group", g.Key, err)
		}
		r.put(ctx, g.RulesKey, r.id(g.Key), false)
		return nil
	})
}

func (r *run) ensureSubnetGroup(ctx context.Context) error {
	g := r.l.SubnetGroup
	got := r.o.SubnetGroup
	if got == nil {
		_, err := r.x.RDS.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{DBSubnetGroupName: aws.String(g.Name),
			DBSubnetGroupDescription: aws.String(g.Description), SubnetIds: g.SubnetIDs, Tags: awsclient.RDSTags(r.l.Tags(g.Key))})
		if err != nil {
			return r.fail("creating", "DB subnet group", g.Key, err)
		}
		r.put(ctx, g.Key, g.Name, true)
		return nil
	}
	var have []string
	for _, s := range got.Subnets {
		have = append(have, aws.ToString(s.SubnetIdentifier))
	}
	if !sameSet(have, g.SubnetIDs) {
		if _, err := r.x.RDS.ModifyDBSubnetGroup(ctx, &rds.ModifyDBSubnetGroupInput{DBSubnetGroupName: aws.String(g.Name), SubnetIds: g.SubnetIDs}); err != nil {
			return r.fail("updating", "DB subnet group", g.Key, err)
		}
	}
	r.put(ctx, g.Key, g.Name, false)
	return nil
}

// ensureParameterGroups writes the instance and the cluster parameter
// groups at once.
func (r *run) ensureParameterGroups(ctx context.Context) error {
	keys := []string{r.l.ParameterGroup.Key}
	if g := r.l.ClusterParameterGroup; g != nil {
		keys = append(keys, g.Key)
	}
	return executor.Each(ctx, 0, r.l.Owner, keys, func(ctx context.Context, k string) error {
		if k == r.l.ParameterGroup.Key {
			return r.ensureParameterGroup(ctx, r.l.ParameterGroup, r.o.Parameters)
		}
		return r.ensureParameterGroup(ctx, *r.l.ClusterParameterGroup, r.o.ClusterParams)
	})
}

func (r *run) ensureParameterGroup(ctx context.Context, g ParameterGroup, have map[string]string) error {
	if have == nil {
		var err error
		if g.Cluster {
			_, err = r.x.RDS.CreateDBClusterParameterGroup(ctx, &rds.CreateDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String(g.Name),
				DBParameterGroupFamily: aws.String(g.Family), Description: aws.String(g.Description), Tags: awsclient.RDSTags(r.l.Tags(g.Key))})
		} else {
			_, err = r.x.RDS.CreateDBParameterGroup(ctx, &rds.CreateDBParameterGroupInput{DBParameterGroupName: aws.String(g.Name),
				DBParameterGroupFamily: aws.String(g.Family), Description: aws.String(g.Description), Tags: awsclient.RDSTags(r.l.Tags(g.Key))})
		}
		if err != nil {
			return r.fail("creating", "parameter group", g.Key, err)
		}
	}
	var todo []rdstypes.Parameter
	for _, p := range g.Parameters {
		if v, ok := have[p.Name]; !ok || v != p.Value {
			todo = append(todo, rdstypes.Parameter{ParameterName: aws.String(p.Name), ParameterValue: aws.String(p.Value), ApplyMethod: rdstypes.ApplyMethod(p.ApplyMethod)})
		}
	}
	for chunk := range slices.Chunk(todo, 20) { // the API takes at most 20 per call
		var err error
		if g.Cluster {
			_, err = r.x.RDS.ModifyDBClusterParameterGroup(ctx, &rds.ModifyDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String(g.Name), Parameters: chunk})
		} else {
			_, err = r.x.RDS.ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String(g.Name), Parameters: chunk})
		}
		if err != nil {
			return r.fail("setting parameters of", "parameter group", g.Key, err)
		}
	}
	r.put(ctx, g.Key, g.Name, have == nil)
	return nil
}

// ensureRotation sets the master user secret's rotation schedule (SEC-01).
// RDS rotates the secret it manages; RotateImmediately=false only sets the
// schedule.
func (r *run) ensureRotation(ctx context.Context) error {
	o := &Observed{Members: map[string]rdstypes.DBInstance{}}
	if o.Instance = r.available(); o.Instance == nil { // a cluster: read it
		if err := o.readDatabase(ctx, r.x.Clients, r.l); err != nil {
			return r.fail("reading", "database", r.l.Identifier, err)
		}
	}
	if err := o.readSecret(ctx, r.x.Clients, r.l); err != nil {
		return r.fail("reading", "master user secret", KeySecretRotation, err)
	}
	r.mu.Lock()
	r.o.Instance, r.o.Cluster, r.o.Members, r.o.Secret = o.Instance, o.Cluster, o.Members, o.Secret
	r.mu.Unlock()
	s := o.Secret
	if s == nil {
		return r.fail("finding", "master user secret", KeySecretRotation, errors.New("the database reports no RDS-managed master user secret"))
	}
	days := int64(r.l.SecretRotationDays)
	if !aws.ToBool(s.RotationEnabled) || s.RotationRules == nil || aws.ToInt64(s.RotationRules.AutomaticallyAfterDays) != days {
		_, err := r.x.Secrets.RotateSecret(ctx, &secretsmanager.RotateSecretInput{SecretId: s.ARN,
			RotationRules: &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(days)}, RotateImmediately: aws.Bool(false)})
		if err != nil {
			return r.fail("scheduling rotation of", "master user secret", KeySecretRotation, err)
		}
	}
	r.put(ctx, KeySecretRotation, aws.ToString(s.ARN), false)
	return nil
}

// waitOptions: status waits governed by the context's deadline (the
// resource's timeouts), with progress in the log.
func (x Executor) waitOptions(ctx context.Context, what string) wait.Options {
	d := x.PollDelay
	if d == 0 {
		d = 5 * time.Second
	}
	return wait.Options{Timeout: 24 * time.Hour, Delay: d, MaxDelay: 30 * time.Second, Progress: func(state string, elapsed time.Duration) {
		tflog.Info(ctx, "waiting", map[string]any{"child": what, "state": state, "elapsed": elapsed.Round(time.Second).String()})
	}}
}
