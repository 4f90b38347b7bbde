package database

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Clients are the AWS clients the executor uses.
type Clients struct {
	RDS     *rds.Client
	EC2     *ec2.Client
	Logs    *cloudwatchlogs.Client
	IAM     *iam.Client
	Secrets *secretsmanager.Client
}

// Observed is what exists of one hipaa_database, read in a handful of
// filtered calls: an instance with a proxy takes 8 (DescribeDBInstances,
// DescribeDBSubnetGroups, DescribeDBParameters, DescribeSecurityGroups,
// DescribeLogGroups, DescribeSecret, DescribeDBProxies,
// DescribeDBProxyTargets); Aurora adds DescribeDBClusters and the cluster
// parameters. IAM roles are not read: they are checked when applied.
type Observed struct {
	Instance       *rdstypes.DBInstance // the instance (postgres, mysql)
	Cluster        *rdstypes.DBCluster  // Aurora
	Members        map[string]rdstypes.DBInstance
	SubnetGroup    *rdstypes.DBSubnetGroup
	Parameters     map[string]string // user-set parameters of the instance parameter group
	ClusterParams  map[string]string // of the cluster parameter group (Aurora)
	SecurityGroups map[string]ec2types.SecurityGroup
	LogGroups      map[string]loggroup.State // by name
	Secret         *secretsmanager.DescribeSecretOutput
	Proxy          *rdstypes.DBProxy
	ProxyTargets   []rdstypes.DBProxyTarget
}

// Observe reads the database and its children. An absent database (no
// instance or cluster by that identifier) is a NotFoundError; one that
// exists without this layout's owner tag is refused: the provider never
// adopts or changes what it did not create.
func Observe(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	o := &Observed{Members: map[string]rdstypes.DBInstance{}}
	if err := o.readDatabase(ctx, c, l); err != nil {
		return nil, err
	}
	if err := all(ctx, c, l, o.readSubnetGroup, o.readParameters, o.readSecurityGroups, o.readLogGroups, o.readSecret, o.readProxy); err != nil {
		return nil, err
	}
	return o, nil
}

// all runs the reads at once (each fills its own fields of Observed) and
// returns every error, joined.
func all(ctx context.Context, c Clients, l Layout, reads ...func(context.Context, Clients, Layout) error) error {
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = read(ctx, c, l)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// observeChildren reads what exists of the children when the database
// itself does not (a first apply, a crash before CreateDBInstance, a
// destroy after it was deleted): no secret to describe.
func observeChildren(ctx context.Context, c Clients, l Layout) (*Observed, error) {
	o := &Observed{Members: map[string]rdstypes.DBInstance{}}
	if err := all(ctx, c, l, o.readSubnetGroup, o.readParameters, o.readSecurityGroups, o.readLogGroups, o.readProxy); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Observed) readDatabase(ctx context.Context, c Clients, l Layout) error {
	if l.Cluster != nil {
		return o.readCluster(ctx, c, l)
	}
	out, err := c.RDS.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(l.Instance.Identifier)})
	var nf *rdstypes.DBInstanceNotFoundFault
	if errors.As(err, &nf) || (err == nil && len(out.DBInstances) == 0) {
		return &awsclient.NotFoundError{Kind: "DB instance", ID: l.Instance.Identifier}
	}
	if err != nil {
		return fmt.Errorf("describing DB instance %s: %w", l.Instance.Identifier, err)
	}
	db := out.DBInstances[0]
	if status := aws.ToString(db.DBInstanceStatus); status == "deleting" {
		return &awsclient.NotFoundError{Kind: "DB instance", ID: l.Instance.Identifier}
	}
	if awsclient.RDSTagValue(db.TagList, tags.OwnerKey) != l.Owner {
		return &tags.ForeignError{Kind: "DB instance", Name: l.Instance.Identifier, Owner: l.Owner}
	}
	o.Instance = &db
	return nil
}

func (o *Observed) readCluster(ctx context.Context, c Clients, l Layout) error {
	out, err := c.RDS.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(l.Cluster.Identifier)})
	var nf *rdstypes.DBClusterNotFoundFault
	if errors.As(err, &nf) || (err == nil && len(out.DBClusters) == 0) {
		return &awsclient.NotFoundError{Kind: "DB cluster", ID: l.Cluster.Identifier}
	}
	if err != nil {
		return fmt.Errorf("describing DB cluster %s: %w", l.Cluster.Identifier, err)
	}
	cl := out.DBClusters[0]
	if awsclient.RDSTagValue(cl.TagList, tags.OwnerKey) != l.Owner {
		return &tags.ForeignError{Kind: "DB cluster", Name: l.Cluster.Identifier, Owner: l.Owner}
	}
	o.Cluster = &cl
	return o.readMembers(ctx, c, l.Cluster.Identifier)
}

// readMembers lists the instances of cluster id, without those being deleted.
func (o *Observed) readMembers(ctx context.Context, c Clients, id string) error {
	members, err := c.RDS.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{Filters: []rdstypes.Filter{
		{Name: aws.String("db-cluster-id"), Values: []string{id}}}})
	if err != nil {
		return fmt.Errorf("describing the members of DB cluster %s: %w", id, err)
	}
	for _, m := range members.DBInstances {
		if aws.ToString(m.DBInstanceStatus) != "deleting" {
			o.Members[aws.ToString(m.DBInstanceIdentifier)] = m
		}
	}
	return nil
}

func (o *Observed) readSubnetGroup(ctx context.Context, c Clients, l Layout) error {
	return o.readSubnetGroupNamed(ctx, c, l.SubnetGroup.Name)
}

// readSubnetGroupNamed describes the subnet group name; a missing one is nil.
func (o *Observed) readSubnetGroupNamed(ctx context.Context, c Clients, name string) error {
	out, err := c.RDS.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String(name)})
	var nf *rdstypes.DBSubnetGroupNotFoundFault
	if errors.As(err, &nf) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("describing DB subnet group %s: %w", name, err)
	}
	if len(out.DBSubnetGroups) > 0 {
		o.SubnetGroup = &out.DBSubnetGroups[0]
	}
	return nil
}

func (o *Observed) readParameters(ctx context.Context, c Clients, l Layout) error {
	var err error
	if o.Parameters, err = userParameters(ctx, c.RDS, l.ParameterGroup); err != nil {
		return err
	}
	if l.ClusterParameterGroup != nil {
		o.ClusterParams, err = userParameters(ctx, c.RDS, *l.ClusterParameterGroup)
	}
	return err
}

// userParameters lists the parameters set by the user (not the family's
// defaults) of a group; nil when the group does not exist.
func userParameters(ctx context.Context, c *rds.Client, g ParameterGroup) (map[string]string, error) {
	out := map[string]string{}
	var nf *rdstypes.DBParameterGroupNotFoundFault
	if g.Cluster {
		p := rds.NewDescribeDBClusterParametersPaginator(c, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String(g.Name), Source: aws.String("user")})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if errors.As(err, &nf) {
				return nil, nil
			}
			if err != nil {
				return nil, fmt.Errorf("describing DB cluster parameter group %s: %w", g.Name, err)
			}
			for _, x := range page.Parameters {
				out[aws.ToString(x.ParameterName)] = aws.ToString(x.ParameterValue)
			}
		}
		return out, nil
	}
	p := rds.NewDescribeDBParametersPaginator(c, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(g.Name), Source: aws.String("user")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if errors.As(err, &nf) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("describing DB parameter group %s: %w", g.Name, err)
		}
		for _, x := range page.Parameters {
			out[aws.ToString(x.ParameterName)] = aws.ToString(x.ParameterValue)
		}
	}
	return out, nil
}

// readSecurityGroups finds the database's (and the proxy's) group by name
// in the VPC, in one call.
func (o *Observed) readSecurityGroups(ctx context.Context, c Clients, l Layout) error {
	o.SecurityGroups = map[string]ec2types.SecurityGroup{}
	// The proxy's group is looked for even when the layout has no proxy:
	// one left by proxy.enabled = true is then pruned.
	byName := map[string]string{l.SecurityGroup.Name: l.SecurityGroup.Key, ProxySecurityGroupName(l.Identifier): KeyProxySecurityGroup}
	found, err := secgroup.Find(ctx, c.EC2, l.SecurityGroup.VPCID, slices.Sorted(maps.Keys(byName)))
	if err != nil {
		return err
	}
	for name, g := range found {
		if awsclient.EC2TagValue(g.Tags, tags.OwnerKey) == l.Owner {
			o.SecurityGroups[byName[name]] = g
		}
	}
	return nil
}

// readLogGroups lists the groups whose names hold the identifier: the
// engine's and the proxy's, in one call.
func (o *Observed) readLogGroups(ctx context.Context, c Clients, l Layout) (err error) {
	o.LogGroups, err = loggroup.ReadMatching(ctx, c.Logs, l.Identifier)
	return err
}

// readSecret describes the RDS-managed master user secret (never its value).
func (o *Observed) readSecret(ctx context.Context, c Clients, _ Layout) error {
	arn := o.SecretARN()
	if arn == "" {
		return nil
	}
	out, err := c.Secrets.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(arn)})
	if awsclient.HasCode(err, "ResourceNotFoundException") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("describing the master user secret: %w", err)
	}
	o.Secret = out
	return nil
}

func (o *Observed) readProxy(ctx context.Context, c Clients, l Layout) error {
	if err := o.readProxyOnly(ctx, c, l); err != nil || o.Proxy == nil {
		return err
	}
	if l.Proxy == nil {
		return nil // an old proxy to remove; its targets do not matter
	}
	t, err := c.RDS.DescribeDBProxyTargets(ctx, &rds.DescribeDBProxyTargetsInput{DBProxyName: o.Proxy.DBProxyName})
	if err != nil {
		return fmt.Errorf("describing DB proxy targets: %w", err)
	}
	o.ProxyTargets = t.Targets
	return nil
}

// readProxyOnly describes the proxy, not its targets.
func (o *Observed) readProxyOnly(ctx context.Context, c Clients, l Layout) error {
	out, err := c.RDS.DescribeDBProxies(ctx, &rds.DescribeDBProxiesInput{DBProxyName: aws.String(ProxyName(l.Identifier))})
	var nf *rdstypes.DBProxyNotFoundFault
	if errors.As(err, &nf) || (err == nil && len(out.DBProxies) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("describing DB proxy: %w", err)
	}
	o.Proxy = &out.DBProxies[0]
	return nil
}

// SecretARN is the master user secret's ARN, "" before the database exists.
func (o *Observed) SecretARN() string {
	switch {
	case o.Instance != nil && o.Instance.MasterUserSecret != nil:
		return aws.ToString(o.Instance.MasterUserSecret.SecretArn)
	case o.Cluster != nil && o.Cluster.MasterUserSecret != nil:
		return aws.ToString(o.Cluster.MasterUserSecret.SecretArn)
	}
	return ""
}

// SecurityGroupID is the ID of the observed group of key (KeySecurityGroup,
// KeyProxySecurityGroup); "" when it was not found.
func (o *Observed) SecurityGroupID(key string) string {
	g, ok := o.SecurityGroups[key]
	if !ok {
		return ""
	}
	return aws.ToString(g.GroupId)
}

func hasParameterGroup(groups []rdstypes.DBParameterGroupStatus, name string) bool {
	for _, g := range groups {
		if aws.ToString(g.DBParameterGroupName) == name {
			return true
		}
	}
	return false
}

func usesGroup(groups []rdstypes.VpcSecurityGroupMembership, id string) bool {
	for _, g := range groups {
		if aws.ToString(g.VpcSecurityGroupId) == id {
			return true
		}
	}
	return false
}
