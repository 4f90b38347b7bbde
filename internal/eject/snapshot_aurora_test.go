package eject_test

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// cluster snapshots an Aurora cluster, its master user secret, its subnet
// group, cluster parameter group, members and their parameter group, and
// its proxy with its targets. The members' Performance Insights and
// enhanced monitoring are left out: the emulator does not return them.
func (l *lister) cluster(id, proxy string) {
	c := rds.NewFromConfig(l.cfg)
	out, err := c.DescribeDBClusters(l.ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(id)})
	l.fail("DB cluster", err)
	if err != nil || len(out.DBClusters) != 1 {
		return
	}
	cl := out.DBClusters[0]
	var groups []string
	for _, g := range cl.VpcSecurityGroups {
		groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
	}
	writers := map[string]bool{}
	for _, m := range cl.DBClusterMembers {
		writers[aws.ToString(m.DBInstanceIdentifier)] = aws.ToBool(m.IsClusterWriter)
	}
	l.put("db_cluster", id, "engine=%s %s storage=%s encrypted=%t kms=%s backups=%d windows=%s/%s deletion_protection=%t "+
		"iam_auth=%t logs=%v copy_tags=%t user=%s port=%d database=%s subnet_group=%s params=%s groups=%s zones=%v members=%d tags=%s",
		aws.ToString(cl.Engine), aws.ToString(cl.EngineVersion), aws.ToString(cl.StorageType), aws.ToBool(cl.StorageEncrypted),
		l.ref(aws.ToString(cl.KmsKeyId)), aws.ToInt32(cl.BackupRetentionPeriod), aws.ToString(cl.PreferredBackupWindow),
		aws.ToString(cl.PreferredMaintenanceWindow), aws.ToBool(cl.DeletionProtection), aws.ToBool(cl.IAMDatabaseAuthenticationEnabled),
		slices.Sorted(slices.Values(cl.EnabledCloudwatchLogsExports)), aws.ToBool(cl.CopyTagsToSnapshot), aws.ToString(cl.MasterUsername),
		aws.ToInt32(cl.Port), aws.ToString(cl.DatabaseName), aws.ToString(cl.DBSubnetGroup), aws.ToString(cl.DBClusterParameterGroup),
		l.refs(groups), slices.Sorted(slices.Values(cl.AvailabilityZones)), len(cl.DBClusterMembers), tagString2(cl.TagList))
	if s := cl.MasterUserSecret; s != nil {
		l.key[aws.ToString(s.SecretArn)] = "master-user-secret"
		l.secret(aws.ToString(s.SecretArn))
	}
	l.subnetGroup(c, aws.ToString(cl.DBSubnetGroup))
	l.clusterParameterGroup(c, aws.ToString(cl.DBClusterParameterGroup))
	l.members(c, id, writers)
	l.proxy(c, proxy)
}

// members snapshots the instances of a cluster, which of them writes, and
// their parameter groups.
func (l *lister) members(c *rds.Client, cluster string, writers map[string]bool) {
	out, err := c.DescribeDBInstances(l.ctx, &rds.DescribeDBInstancesInput{Filters: []rdstypes.Filter{
		{Name: aws.String("db-cluster-id"), Values: []string{cluster}}}})
	l.fail("cluster members", err)
	if err != nil {
		return
	}
	var paramGroups []string
	for _, m := range out.DBInstances {
		id := aws.ToString(m.DBInstanceIdentifier)
		var params []string
		for _, p := range m.DBParameterGroups {
			params = append(params, aws.ToString(p.DBParameterGroupName))
		}
		paramGroups = append(paramGroups, params...)
		l.put("db_cluster_member", id, "cluster=%s engine=%s class=%s zone=%s writer=%t public=%t minor_upgrade=%t copy_tags=%t params=%v tags=%s",
			aws.ToString(m.DBClusterIdentifier), aws.ToString(m.Engine), aws.ToString(m.DBInstanceClass), aws.ToString(m.AvailabilityZone),
			writers[id], aws.ToBool(m.PubliclyAccessible), aws.ToBool(m.AutoMinorVersionUpgrade), aws.ToBool(m.CopyTagsToSnapshot),
			params, tagString2(m.TagList))
	}
	for _, p := range slices.Compact(slices.Sorted(slices.Values(paramGroups))) {
		l.parameterGroup(c, p)
	}
}

func (l *lister) clusterParameterGroup(c *rds.Client, name string) {
	out, err := c.DescribeDBClusterParameterGroups(l.ctx, &rds.DescribeDBClusterParameterGroupsInput{DBClusterParameterGroupName: aws.String(name)})
	l.fail("DB cluster parameter group", err)
	if err != nil || len(out.DBClusterParameterGroups) != 1 {
		return
	}
	g := out.DBClusterParameterGroups[0]
	ps, err := c.DescribeDBClusterParameters(l.ctx, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String(name),
		Source: aws.String("user")})
	l.fail("DB cluster parameters", err)
	if err != nil {
		return
	}
	l.put("db_cluster_parameter_group", name, "family=%s description=%q parameters=%v tags=%s", aws.ToString(g.DBParameterGroupFamily),
		aws.ToString(g.Description), parameters(ps.Parameters), l.rdsTags(g.DBClusterParameterGroupArn))
}
