package database

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// ProtectedError refuses to destroy a database with deletion protection on.
type ProtectedError struct{ Kind, Identifier string }

func (e *ProtectedError) Error() string {
	return fmt.Sprintf("%s %s has deletion protection on (DB-05), so it was not deleted. To delete it: set "+
		"deletion_protection = false with exceptions = [{ control = \"DB-05\", reason = \"decommissioning\" }], "+
		"run terraform apply, then destroy again. A final snapshot is taken either way. If this follows a failed create "+
		"(the resource is tainted), run terraform untaint on it and apply to finish the database instead of replacing it.", e.Kind, e.Identifier)
}

// Destroy deletes the database after taking its final snapshot, then its
// children. Deletion protection on AWS refuses it with ProtectedError before
// anything is touched. The master user secret goes with the database (RDS
// deletes it); the snapshot stays. Log groups are kept when retainLogs.
// It returns the final snapshot's identifier ("" when there was no database).
func (x Executor) Destroy(ctx context.Context, l Layout, retainLogs bool, now time.Time) (string, error) {
	o, err := Observe(ctx, x.Clients, l)
	var foreign *tags.ForeignError
	switch {
	case errors.As(err, &foreign):
		return "", x.fail("deleting", "database", l.Identifier, l, err)
	case awsclient.IsNotFound(err):
		o, err = observeChildren(ctx, x.Clients, l)
	}
	if err != nil {
		return "", x.fail("reading", "database", l.Identifier, l, err)
	}
	if o.Instance != nil && aws.ToBool(o.Instance.DeletionProtection) {
		return "", &ProtectedError{"DB instance", l.Identifier}
	}
	if o.Cluster != nil && aws.ToBool(o.Cluster.DeletionProtection) {
		return "", &ProtectedError{"DB cluster", l.Identifier}
	}
	r := newRun(x, l, o, nil)
	if err := r.deleteProxy(ctx); err != nil {
		return "", err
	}
	snapshot := FinalSnapshotIdentifier(l.Identifier, now)
	if err := r.deleteDatabase(ctx, snapshot); err != nil {
		return "", err
	}
	if o.Instance == nil && o.Cluster == nil {
		snapshot = ""
	}
	return snapshot, r.deleteChildren(ctx, retainLogs)
}

func (r *run) deleteDatabase(ctx context.Context, snapshot string) error {
	if i := r.o.Instance; i != nil {
		_, err := r.x.RDS.DeleteDBInstance(ctx, &rds.DeleteDBInstanceInput{DBInstanceIdentifier: i.DBInstanceIdentifier,
			FinalDBSnapshotIdentifier: aws.String(snapshot), SkipFinalSnapshot: aws.Bool(false), DeleteAutomatedBackups: aws.Bool(false)})
		if err != nil {
			return r.fail("deleting (final snapshot "+snapshot+")", "DB instance", KeyInstance, err)
		}
		return r.waitGone(ctx, aws.ToString(i.DBInstanceIdentifier), KeyInstance)
	}
	c := r.o.Cluster
	if c == nil {
		return nil
	}
	for id := range r.o.Members {
		if _, err := r.x.RDS.DeleteDBInstance(ctx, &rds.DeleteDBInstanceInput{DBInstanceIdentifier: aws.String(id)}); err != nil {
			return r.fail("deleting", "cluster member", id, err)
		}
	}
	for id := range r.o.Members {
		if err := r.waitGone(ctx, id, id); err != nil {
			return err
		}
	}
	_, err := r.x.RDS.DeleteDBCluster(ctx, &rds.DeleteDBClusterInput{DBClusterIdentifier: c.DBClusterIdentifier,
		FinalDBSnapshotIdentifier: aws.String(snapshot), SkipFinalSnapshot: aws.Bool(false)})
	if err != nil {
		return r.fail("deleting (final snapshot "+snapshot+")", "DB cluster", KeyCluster, err)
	}
	_, err = wait.For(ctx, "DB cluster", func(ctx context.Context) (string, error) {
		out, err := r.x.RDS.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: c.DBClusterIdentifier})
		var nf *rdstypes.DBClusterNotFoundFault
		if errors.As(err, &nf) || (err == nil && len(out.DBClusters) == 0) {
			return "deleted", nil
		}
		if err != nil {
			return "", err
		}
		return aws.ToString(out.DBClusters[0].Status), nil
	}, r.waitDeleted(ctx, "DB cluster"))
	if err != nil {
		return r.fail("waiting for the deletion of", "DB cluster", KeyCluster, err)
	}
	return nil
}

func (r *run) waitDeleted(ctx context.Context, what string) wait.Options {
	o := r.x.waitOptions(ctx, what)
	o.Target, o.Pending = []string{"deleted"}, []string{"deleting", "available", "backing-up", "modifying", "stopping", "stopped"}
	return o
}

func (r *run) waitGone(ctx context.Context, id, key string) error {
	status := r.instanceStatus(id)
	_, err := wait.For(ctx, "DB instance "+id, func(ctx context.Context) (string, error) {
		s, err := status(ctx)
		if err == nil && s == "" {
			return "deleted", nil
		}
		return s, err
	}, r.waitDeleted(ctx, "DB instance "+id))
	if err != nil {
		return r.fail("waiting for the deletion of", "DB instance", key, err)
	}
	return nil
}

// deleteProxy removes the proxy (its targets go with it), then waits.
func (r *run) deleteProxy(ctx context.Context) error {
	if r.o.Proxy == nil {
		return nil
	}
	name := r.o.Proxy.DBProxyName
	if _, err := r.x.RDS.DeleteDBProxy(ctx, &rds.DeleteDBProxyInput{DBProxyName: name}); err != nil {
		var nf *rdstypes.DBProxyNotFoundFault
		if !errors.As(err, &nf) {
			return r.fail("deleting", "DB proxy", KeyProxy, err)
		}
	}
	status := r.proxyStatus(aws.ToString(name))
	_, err := wait.For(ctx, "DB proxy", func(ctx context.Context) (string, error) {
		s, err := status(ctx)
		if err == nil && s == "" {
			return "deleted", nil
		}
		return s, err
	}, r.waitDeleted(ctx, "DB proxy"))
	if err != nil {
		return r.fail("waiting for the deletion of", "DB proxy", KeyProxy, err)
	}
	r.o.Proxy = nil
	return nil
}

// deleteChildren removes the groups and roles once nothing uses them.
func (r *run) deleteChildren(ctx context.Context, retainLogs bool) error {
	var errs []error
	// The two security groups name each other: empty both, then delete.
	for _, g := range r.o.SecurityGroups {
		if len(g.IpPermissions) > 0 {
			_, err := r.x.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: g.GroupId, IpPermissions: g.IpPermissions})
			errs = append(errs, wrap(r, "revoking the rules of", "security group", aws.ToString(g.GroupName), err))
		}
		if len(g.IpPermissionsEgress) > 0 {
			_, err := r.x.EC2.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: g.GroupId, IpPermissions: g.IpPermissionsEgress})
			errs = append(errs, wrap(r, "revoking the rules of", "security group", aws.ToString(g.GroupName), err))
		}
	}
	for _, g := range r.o.SecurityGroups {
		// Its rules are revoked above: Delete only deletes it.
		errs = append(errs, wrap(r, "deleting", "security group", aws.ToString(g.GroupName), secgroup.Delete(ctx, r.x.EC2, ec2types.SecurityGroup{GroupId: g.GroupId})))
	}
	if r.o.SubnetGroup != nil {
		_, err := r.x.RDS.DeleteDBSubnetGroup(ctx, &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: r.o.SubnetGroup.DBSubnetGroupName})
		errs = append(errs, wrap(r, "deleting", "DB subnet group", KeySubnetGroup, err))
	}
	if r.o.Parameters != nil {
		_, err := r.x.RDS.DeleteDBParameterGroup(ctx, &rds.DeleteDBParameterGroupInput{DBParameterGroupName: aws.String(r.l.ParameterGroup.Name)})
		errs = append(errs, wrap(r, "deleting", "parameter group", KeyParameterGroup, err))
	}
	if g := r.l.ClusterParameterGroup; g != nil && r.o.ClusterParams != nil {
		_, err := r.x.RDS.DeleteDBClusterParameterGroup(ctx, &rds.DeleteDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String(g.Name)})
		errs = append(errs, wrap(r, "deleting", "cluster parameter group", KeyClusterParameterGroup, err))
	}
	if m := r.l.MonitoringRole; m != nil {
		errs = append(errs, wrap(r, "deleting", "IAM role", m.Key, servicerole.Delete(ctx, r.x.IAM, r.l.monitoringRole())))
	}
	errs = append(errs, r.deleteProxyRole(ctx))
	for _, g := range r.l.LogGroups {
		if _, ok := r.o.LogGroups[g.Name]; ok {
			errs = append(errs, wrap(r, "deleting", "log group", g.Key, loggroup.Delete(ctx, r.x.Logs, g.Name, retainLogs)))
		}
	}
	return errors.Join(errs...)
}

// deleteProxyRole deletes the proxy role and its managed policy (also
// when the layout no longer has a proxy: pruneProxy).
func (r *run) deleteProxyRole(ctx context.Context) error {
	return wrap(r, "deleting", "IAM role", KeyProxyRole, servicerole.Delete(ctx, r.x.IAM, r.l.proxyRole("")))
}

// pruneProxy removes a proxy no longer wanted (proxy.enabled set to false):
// the proxy, then its role and group (the database's group no longer
// admits it: ensureSecurityGroupRules revoked that rule).
func (r *run) pruneProxy(ctx context.Context) error {
	if r.l.Proxy != nil {
		return nil
	}
	if err := r.deleteProxy(ctx); err != nil {
		return err
	}
	var errs []error
	if g, ok := r.o.SecurityGroups[KeyProxySecurityGroup]; ok {
		// Only its egress (to the database's group) is revoked first; its
		// ingress goes with it.
		g.IpPermissions = nil
		errs = append(errs, wrap(r, "deleting", "security group", KeyProxySecurityGroup, secgroup.Delete(ctx, r.x.EC2, g)))
	}
	return errors.Join(append(errs, r.deleteProxyRole(ctx))...)
}

func wrap(r *run, action, kind, key string, err error) error {
	if err == nil {
		return nil
	}
	return r.fail(action, kind, key, err)
}
