package database

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
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
	x      Executor
	l      Layout
	o      *Observed
	ids    map[string]string
	record func(key, id string)
	// created are the keys this apply created, tagged at creation;
	// roleTags the tags of the roles that existed, by key (ensureTags).
	created  map[string]bool
	roleTags map[string]map[string]string
}

// Apply converges AWS on the layout. Every child has a deterministic name,
// so what a crashed apply left behind is found by name (and its owner tag
// checked) rather than created twice. Each child's ID is recorded the moment
// it exists. Order: log groups and roles, security groups, subnet and
// parameter groups, the database, the secret's rotation, the proxy, then
// the tags of every child that existed (ensureTags).
func (x Executor) Apply(ctx context.Context, l Layout, record func(key, id string)) (Result, error) {
	o, err := Observe(ctx, x.Clients, l)
	if awsclient.IsNotFound(err) {
		o, err = observeChildren(ctx, x.Clients, l)
	}
	if err != nil {
		return Result{}, x.fail("reading", "database", l.Identifier, l, err)
	}
	r := &run{x: x, l: l, o: o, ids: map[string]string{}, record: record, created: map[string]bool{}, roleTags: map[string]map[string]string{}}
	for _, step := range []func(context.Context) error{
		r.ensureLogGroups, r.ensureRoles, r.ensureSecurityGroups, r.ensureSubnetGroup, r.ensureParameterGroups,
		r.ensureDatabase, r.ensureRotation, r.ensureProxy, r.pruneProxy, r.ensureTags,
	} {
		if err := step(ctx); err != nil {
			return Result{IDs: maps.Clone(r.ids)}, err
		}
	}
	return x.result(ctx, l, r.ids)
}

// result reads the endpoints after an apply (one describe, plus the proxy's).
func (x Executor) result(ctx context.Context, l Layout, ids map[string]string) (Result, error) {
	o := &Observed{Members: map[string]rdstypes.DBInstance{}}
	if err := o.readDatabase(ctx, x.Clients, l); err != nil {
		return Result{IDs: ids}, x.fail("reading", "database", l.Identifier, l, err)
	}
	if l.Proxy != nil {
		if err := o.readProxy(ctx, x.Clients, l); err != nil {
			return Result{IDs: ids}, x.fail("reading", "DB proxy", KeyProxy, l, err)
		}
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
	return &awsclient.ChildError{Action: action, Kind: kind, Key: key, Resource: ResourceType, Name: l.Identifier, Err: err}
}

func (r *run) fail(action, kind, key string, err error) error {
	return r.x.fail(action, kind, key, r.l, err)
}

func (r *run) put(ctx context.Context, key, id string, created bool) {
	r.ids[key] = id
	r.record(key, id)
	if created {
		r.created[key] = true
		tflog.Info(ctx, "created", map[string]any{"child_key": key, "child_id": id})
	}
}

func (r *run) ensureLogGroups(ctx context.Context) error {
	for _, g := range r.l.LogGroups {
		got, ok := r.o.LogGroups[g.Name]
		if !ok {
			_, err := r.x.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(g.Name),
				KmsKeyId: aws.String(g.KMSKeyARN), Tags: r.l.Tags(g.Key)})
			if err != nil && !awsclient.HasCode(err, "ResourceAlreadyExistsException") {
				return r.fail("creating", "log group", g.Key, err)
			}
		} else if logGroupKMS(got) != g.KMSKeyARN {
			if _, err := r.x.Logs.AssociateKmsKey(ctx, &cloudwatchlogs.AssociateKmsKeyInput{LogGroupName: aws.String(g.Name), KmsKeyId: aws.String(g.KMSKeyARN)}); err != nil {
				return r.fail("encrypting", "log group", g.Key, err)
			}
		}
		if !ok || int(aws.ToInt32(got.RetentionInDays)) != g.RetentionDays {
			if _, err := r.x.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(g.Name),
				RetentionInDays: aws.Int32(int32(g.RetentionDays))}); err != nil {
				return r.fail("setting retention of", "log group", g.Key, err)
			}
		}
		r.put(ctx, g.Key, g.Name, !ok)
	}
	return nil
}

// ensureRoles creates the monitoring role (with the AWS managed policy)
// and the proxy role; the proxy role's inline policy waits for the secret.
func (r *run) ensureRoles(ctx context.Context) error {
	if m := r.l.MonitoringRole; m != nil {
		if err := r.ensureRole(ctx, m.Key, m.Name, m.AssumeRolePolicy); err != nil {
			return err
		}
		if _, err := r.x.IAM.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(m.Name), PolicyArn: aws.String(m.ManagedPolicyARN)}); err != nil {
			return r.fail("attaching the monitoring policy to", "IAM role", m.PolicyKey, err)
		}
		r.put(ctx, m.PolicyKey, m.ManagedPolicyARN, false)
	}
	if p := r.l.Proxy; p != nil {
		return r.ensureRole(ctx, p.RoleKey, p.RoleName, p.RoleAssumePolicy)
	}
	return nil
}

func (r *run) ensureRole(ctx context.Context, key, name, trust string) error {
	got, err := r.x.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err == nil {
		if awsclient.IAMTagValue(got.Role.Tags, tags.OwnerKey) != r.l.Owner {
			return r.fail("adopting", "IAM role", key, &ForeignError{"IAM role", name, r.l.Owner})
		}
		r.roleTags[key] = awsclient.IAMTagMap(got.Role.Tags)
		if _, err := r.x.IAM.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: aws.String(trust)}); err != nil {
			return r.fail("updating the trust policy of", "IAM role", key, err)
		}
		r.put(ctx, key, aws.ToString(got.Role.Arn), false)
		return nil
	}
	var nf *iamtypes.NoSuchEntityException
	if !errors.As(err, &nf) {
		return r.fail("reading", "IAM role", key, err)
	}
	out, err := r.x.IAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust),
		Description: aws.String("hipaa_database " + r.l.Identifier), Tags: awsclient.IAMTags(r.l.Tags(key))})
	if err != nil {
		return r.fail("creating", "IAM role", key, err)
	}
	r.put(ctx, key, aws.ToString(out.Role.Arn), true)
	return nil
}

// ensureSecurityGroups creates both groups empty, then makes their rules
// exactly the layout's (the groups name each other).
func (r *run) ensureSecurityGroups(ctx context.Context) error {
	groups := []SecurityGroup{r.l.SecurityGroup}
	if r.l.Proxy != nil {
		groups = append(groups, r.l.Proxy.SecurityGroup)
	}
	for _, g := range groups {
		if got, ok := r.o.SecurityGroups[g.Key]; ok {
			r.put(ctx, g.Key, aws.ToString(got.GroupId), false)
			continue
		}
		out, err := r.x.EC2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(g.VPCID), GroupName: aws.String(g.Name),
			Description: aws.String(g.Description), TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSecurityGroup, Tags: awsclient.EC2Tags(r.l.Tags(g.Key))}}})
		if err != nil {
			return r.fail("creating", "security group", g.Key, err)
		}
		id := aws.ToString(out.GroupId)
		r.put(ctx, g.Key, id, true)
		r.o.SecurityGroups[g.Key] = ec2types.SecurityGroup{GroupId: aws.String(id), IpPermissionsEgress: []ec2types.IpPermission{
			{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}} // as AWS creates it
	}
	for _, g := range groups {
		if err := r.syncRules(ctx, g, false); err != nil {
			return err
		}
		if err := r.syncRules(ctx, g, true); err != nil {
			return err
		}
		r.put(ctx, g.RulesKey, r.ids[g.Key], false)
	}
	return nil
}

// syncRules revokes every rule the layout does not have and authorizes the
// ones missing, for one direction of one group.
func (r *run) syncRules(ctx context.Context, g SecurityGroup, egress bool) error {
	got := r.o.SecurityGroups[g.Key]
	want, have := g.Ingress, got.IpPermissions
	if egress {
		want, have = g.Egress, got.IpPermissionsEgress
	}
	wantSet := map[string]ec2types.IpPermission{}
	for _, rule := range want {
		p := r.permission(rule)
		wantSet[permKey(p)] = p
	}
	var revoke []ec2types.IpPermission
	haveSet := map[string]bool{}
	for _, p := range splitPermissions(have) {
		k := permKey(p)
		haveSet[k] = true
		if _, ok := wantSet[k]; !ok {
			revoke = append(revoke, p)
		}
	}
	var add []ec2types.IpPermission
	for _, k := range slices.Sorted(maps.Keys(wantSet)) {
		if !haveSet[k] {
			add = append(add, wantSet[k])
		}
	}
	id := aws.String(r.ids[g.Key])
	var err error
	if len(revoke) > 0 && egress {
		_, err = r.x.EC2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: id, IpPermissions: revoke})
	} else if len(revoke) > 0 {
		_, err = r.x.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: id, IpPermissions: revoke})
	}
	if err != nil {
		return r.fail("revoking rules of", "security group", g.Key, err)
	}
	if len(add) > 0 && egress {
		_, err = r.x.EC2.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: id, IpPermissions: add})
	} else if len(add) > 0 {
		_, err = r.x.EC2.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: id, IpPermissions: add})
	}
	if err != nil {
		return r.fail("authorizing rules of", "security group", g.Key, err)
	}
	return nil
}

func (r *run) permission(rule Rule) ec2types.IpPermission {
	p := ec2types.IpPermission{IpProtocol: aws.String(rule.Protocol), FromPort: aws.Int32(int32(rule.FromPort)), ToPort: aws.Int32(int32(rule.ToPort))}
	desc := aws.String(rule.Description)
	switch {
	case rule.CIDRBlock != "":
		p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(rule.CIDRBlock), Description: desc}}
	case rule.SecurityGroupID != "":
		p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(rule.SecurityGroupID), Description: desc}}
	default:
		p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(r.ids[rule.SecurityGroupKey]), Description: desc}}
	}
	return p
}

// splitPermissions gives one permission per peer.
func splitPermissions(perms []ec2types.IpPermission) []ec2types.IpPermission {
	var out []ec2types.IpPermission
	for _, p := range perms {
		base := ec2types.IpPermission{IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort}
		for _, x := range p.IpRanges {
			q := base
			q.IpRanges = []ec2types.IpRange{x}
			out = append(out, q)
		}
		for _, x := range p.Ipv6Ranges {
			q := base
			q.Ipv6Ranges = []ec2types.Ipv6Range{x}
			out = append(out, q)
		}
		for _, x := range p.UserIdGroupPairs {
			q := base
			q.UserIdGroupPairs = []ec2types.UserIdGroupPair{x}
			out = append(out, q)
		}
		for _, x := range p.PrefixListIds {
			q := base
			q.PrefixListIds = []ec2types.PrefixListId{x}
			out = append(out, q)
		}
	}
	return out
}

func permKey(p ec2types.IpPermission) string {
	peer := ""
	switch {
	case len(p.IpRanges) > 0:
		peer = aws.ToString(p.IpRanges[0].CidrIp)
	case len(p.Ipv6Ranges) > 0:
		peer = aws.ToString(p.Ipv6Ranges[0].CidrIpv6)
	case len(p.UserIdGroupPairs) > 0:
		peer = aws.ToString(p.UserIdGroupPairs[0].GroupId)
	case len(p.PrefixListIds) > 0:
		peer = aws.ToString(p.PrefixListIds[0].PrefixListId)
	}
	if aws.ToString(p.IpProtocol) == "-1" {
		return "all/" + peer
	}
	return fmt.Sprintf("%s/%d-%d/%s", aws.ToString(p.IpProtocol), aws.ToInt32(p.FromPort), aws.ToInt32(p.ToPort), peer)
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

func (r *run) ensureParameterGroups(ctx context.Context) error {
	if err := r.ensureParameterGroup(ctx, r.l.ParameterGroup, r.o.Parameters); err != nil {
		return err
	}
	if g := r.l.ClusterParameterGroup; g != nil {
		return r.ensureParameterGroup(ctx, *g, r.o.ClusterParams)
	}
	return nil
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
	if err := o.readDatabase(ctx, r.x.Clients, r.l); err != nil {
		return r.fail("reading", "database", r.l.Identifier, err)
	}
	if err := o.readSecret(ctx, r.x.Clients, r.l); err != nil {
		return r.fail("reading", "master user secret", KeySecretRotation, err)
	}
	r.o.Instance, r.o.Cluster, r.o.Members, r.o.Secret = o.Instance, o.Cluster, o.Members, o.Secret
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
