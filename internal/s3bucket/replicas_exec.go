package s3bucket

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// ReplicasState is what exists of a Replicas' role and rules (the replica
// buckets are read with the owner's other buckets).
type ReplicasState struct {
	Role  *servicerole.State      // nil: missing
	Rules map[string]*Replication // by RuleKey; nil entry: absent
}

// EnsureRole creates, adopts or repairs the replication role and its
// policy; recorded as roleKey and policyKey.
func (r *Replicas) EnsureRole(ctx context.Context, c *iam.Client, o Owner, roleKey, policyKey string, rec func(key, id string)) (servicerole.Result, error) {
	res, err := servicerole.Ensure(awsclient.WithChild(ctx, roleKey, ""), c, r.Role)
	if err != nil {
		return res, executor.Fail("applying", "IAM role", roleKey, o.Resource, o.Name, err)
	}
	rec(roleKey, res.RoleARN)
	rec(policyKey, r.Role.PolicyARN())
	return res, nil
}

// PutRules writes each source's replication rule (c: S3 in the sources'
// region), after the role and both buckets of the pair exist.
func (r *Replicas) PutRules(ctx context.Context, c *s3.Client, o Owner, rec func(key, id string)) error {
	for _, p := range r.Pairs {
		if err := PutReplication(awsclient.WithChild(ctx, p.RuleKey, ""), c, p.Source.Name, p.Rule); err != nil {
			return executor.Fail("replicating", "bucket", p.RuleKey, o.Resource, o.Name, err)
		}
		rec(p.RuleKey, p.Rule.RuleID)
	}
	return nil
}

// Read reads the role (servicerole.Read) and every rule, all at once.
func (r *Replicas) Read(ctx context.Context, iamc *iam.Client, s3c *s3.Client, o Owner, roleKey string) (ReplicasState, error) {
	st := ReplicasState{Rules: map[string]*Replication{}}
	var mu sync.Mutex
	keys := []string{roleKey}
	pairs := map[string]Pair{}
	for _, p := range r.Pairs {
		keys, pairs[p.RuleKey] = append(keys, p.RuleKey), p
	}
	err := executor.Each(ctx, 0, o.Tag, keys, func(ctx context.Context, key string) error {
		if key == roleKey {
			role, err := servicerole.Read(ctx, iamc, r.Role)
			if err != nil && !awsclient.IsNotFound(err) {
				return executor.Fail("reading", "IAM role", key, o.Resource, o.Name, err)
			}
			mu.Lock()
			st.Role = role
			mu.Unlock()
			return nil
		}
		p := pairs[key]
		got, err := ReadReplication(ctx, s3c, p.Source.Name, p.Rule.RuleID)
		if err != nil && !awsclient.HasCode(err, "NoSuchBucket") {
			return executor.Fail("reading", "bucket replication", key, o.Resource, o.Name, err)
		}
		mu.Lock()
		st.Rules[key] = got
		mu.Unlock()
		return nil
	})
	return st, err
}

// ReadCalls is how many calls Read makes when everything exists.
func (r *Replicas) ReadCalls() int { return servicerole.ReadCalls(r.Role) + len(r.Pairs) }

// Drift lists how st differs from r: the role, then each rule.
func (r *Replicas) Drift(st ReplicasState) []string {
	d := servicerole.Drift(r.Role, st.Role)
	for _, p := range r.Pairs {
		d = append(d, ReplicationDrift(p.Source.Name, p.Rule, st.Rules[p.RuleKey])...)
	}
	return d
}

// StopReplicas removes, after an update from prior to next, the rules of
// prior's sources that next does not replicate, and prior's role when next
// has none (either may be nil). Sources and replicas keep what they hold.
func StopReplicas(ctx context.Context, iamc *iam.Client, s3c *s3.Client, o Owner, roleKey string, prior, next *Replicas) error {
	if prior == nil {
		return nil
	}
	keep := map[string]bool{}
	if next != nil {
		for _, p := range next.Pairs {
			keep[p.Source.Name] = true
		}
	}
	for _, p := range prior.Pairs {
		if keep[p.Source.Name] {
			continue
		}
		if err := DeleteReplication(awsclient.WithChild(ctx, p.RuleKey, ""), s3c, p.Source.Name); err != nil {
			return executor.Fail("deleting the replication of", "bucket", p.RuleKey, o.Resource, o.Name, err)
		}
	}
	if next == nil {
		if err := servicerole.Delete(awsclient.WithChild(ctx, roleKey, ""), iamc, prior.Role); err != nil {
			return executor.Fail("deleting", "IAM role", roleKey, o.Resource, o.Name, err)
		}
	}
	return nil
}
