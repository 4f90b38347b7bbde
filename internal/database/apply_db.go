package database

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/wait"
)

// ensureDatabase creates the instance (or the cluster and its members), or
// modifies it back to the layout, then waits until it is available.
func (r *run) ensureDatabase(ctx context.Context) error {
	if r.l.Cluster != nil {
		return r.ensureCluster(ctx)
	}
	i := r.l.Instance
	ctx = awsclient.WithChild(ctx, i.Key, r.l.Owner)
	if r.o.Instance == nil {
		if _, err := r.x.RDS.CreateDBInstance(ctx, r.createInstanceInput(*i)); err != nil {
			return r.fail("creating", "DB instance", i.Key, err)
		}
		tflog.Info(ctx, "creating DB instance; this takes minutes on AWS", map[string]any{"child_key": i.Key, "identifier": i.Identifier})
	} else if d := instanceDrift(*i, r.o); len(d) > 0 {
		if _, err := r.x.RDS.ModifyDBInstance(ctx, r.modifyInstanceInput(*i)); err != nil {
			return r.fail("modifying", "DB instance", i.Key, err)
		}
	}
	r.put(ctx, i.Key, i.Identifier, r.o.Instance == nil)
	if _, err := wait.For(ctx, "DB instance "+i.Identifier, r.instanceStatus(i.Identifier), r.waitAvailable(ctx, "DB instance "+i.Identifier)); err != nil {
		return r.fail("waiting for", "DB instance", i.Key, err)
	}
	return nil
}

// available is the instance as the last status poll described it
// (available), nil before; rotation and the proxy need not read it again.
func (r *run) available() *rdstypes.DBInstance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.polled
}

func (r *run) waitAvailable(ctx context.Context, what string) wait.Options {
	o := r.x.waitOptions(ctx, what)
	o.Target = []string{"available"}
	o.Pending = []string{"creating", "backing-up", "modifying", "configuring-enhanced-monitoring", "configuring-log-exports",
		"configuring-iam-database-auth", "upgrading", "rebooting", "resetting-master-credentials", "storage-optimization", "renaming", "starting"}
	return o
}

func (r *run) monitoringRoleARN(key string) *string {
	if key == "" {
		return nil
	}
	return aws.String(r.id(key))
}

func (r *run) createInstanceInput(i Instance) *rds.CreateDBInstanceInput {
	in := &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: aws.String(i.Identifier), Engine: aws.String(string(i.Engine)), EngineVersion: aws.String(i.EngineVersion),
		DBInstanceClass: aws.String(i.Class), AllocatedStorage: aws.Int32(int32(i.AllocatedStorage)), StorageType: aws.String(i.StorageType),
		StorageEncrypted: aws.Bool(true), KmsKeyId: aws.String(i.KMSKeyARN), MultiAZ: aws.Bool(i.MultiAZ),
		BackupRetentionPeriod: aws.Int32(int32(i.BackupRetentionDays)), DeletionProtection: aws.Bool(i.DeletionProtection),
		EnableIAMDatabaseAuthentication: aws.Bool(true), EnableCloudwatchLogsExports: i.LogExports, PubliclyAccessible: aws.Bool(false),
		AutoMinorVersionUpgrade: aws.Bool(true), CopyTagsToSnapshot: aws.Bool(true),
		EnablePerformanceInsights: aws.Bool(i.PerformanceInsights), MonitoringInterval: aws.Int32(int32(i.MonitoringInterval)),
		MonitoringRoleArn: r.monitoringRoleARN(i.MonitoringRoleKey), MasterUsername: aws.String(i.MasterUsername),
		ManageMasterUserPassword: aws.Bool(true), MasterUserSecretKmsKeyId: aws.String(i.MasterUserSecretKMSKeyARN), Port: aws.Int32(int32(i.Port)),
		DBSubnetGroupName: aws.String(i.SubnetGroupName), DBParameterGroupName: aws.String(i.ParameterGroupName),
		VpcSecurityGroupIds: []string{r.id(i.SecurityGroupKey)}, Tags: awsclient.RDSTags(r.l.Tags(i.Key)),
	}
	if i.MaxAllocatedStorage > 0 {
		in.MaxAllocatedStorage = aws.Int32(int32(i.MaxAllocatedStorage))
	}
	if i.IOPS > 0 {
		in.Iops = aws.Int32(int32(i.IOPS))
	}
	if i.PerformanceInsights {
		in.PerformanceInsightsKMSKeyId, in.PerformanceInsightsRetentionPeriod = aws.String(i.PIKMSKeyARN), aws.Int32(int32(i.PIRetentionDays))
	}
	if i.DatabaseName != "" {
		in.DBName = aws.String(i.DatabaseName)
	}
	if i.BackupWindow != "" {
		in.PreferredBackupWindow = aws.String(i.BackupWindow)
	}
	if i.MaintenanceWindow != "" {
		in.PreferredMaintenanceWindow = aws.String(i.MaintenanceWindow)
	}
	return in
}

// modifyInstanceInput brings every setting back to the layout. Security
// settings apply at once; the rest (class, storage, version) follow
// apply_immediately.
func (r *run) modifyInstanceInput(i Instance) *rds.ModifyDBInstanceInput {
	in := &rds.ModifyDBInstanceInput{
		DBInstanceIdentifier: aws.String(i.Identifier), ApplyImmediately: aws.Bool(i.ApplyImmediately),
		DBInstanceClass: aws.String(i.Class), MultiAZ: aws.Bool(i.MultiAZ), BackupRetentionPeriod: aws.Int32(int32(i.BackupRetentionDays)),
		DeletionProtection: aws.Bool(i.DeletionProtection), EnableIAMDatabaseAuthentication: aws.Bool(true), PubliclyAccessible: aws.Bool(false),
		AutoMinorVersionUpgrade: aws.Bool(true), CopyTagsToSnapshot: aws.Bool(true), DBParameterGroupName: aws.String(i.ParameterGroupName),
		VpcSecurityGroupIds: []string{r.id(i.SecurityGroupKey)}, EngineVersion: aws.String(i.EngineVersion),
		AllowMajorVersionUpgrade:  aws.Bool(i.AllowMajorVersionUpgrade),
		EnablePerformanceInsights: aws.Bool(i.PerformanceInsights), MonitoringInterval: aws.Int32(int32(i.MonitoringInterval)),
		MonitoringRoleArn: r.monitoringRoleARN(i.MonitoringRoleKey),
	}
	got := r.o.Instance
	if int(aws.ToInt32(got.AllocatedStorage)) < i.AllocatedStorage {
		in.AllocatedStorage = aws.Int32(int32(i.AllocatedStorage))
	}
	if int(aws.ToInt32(got.MaxAllocatedStorage)) != i.MaxAllocatedStorage {
		in.MaxAllocatedStorage = aws.Int32(int32(i.MaxAllocatedStorage))
	}
	if !sameSet(got.EnabledCloudwatchLogsExports, i.LogExports) {
		in.CloudwatchLogsExportConfiguration = &rdstypes.CloudwatchLogsExportConfiguration{EnableLogTypes: i.LogExports,
			DisableLogTypes: minus(got.EnabledCloudwatchLogsExports, i.LogExports)}
	}
	if i.PerformanceInsights {
		in.PerformanceInsightsKMSKeyId, in.PerformanceInsightsRetentionPeriod = aws.String(i.PIKMSKeyARN), aws.Int32(int32(i.PIRetentionDays))
	}
	if i.BackupWindow != "" {
		in.PreferredBackupWindow = aws.String(i.BackupWindow)
	}
	if i.MaintenanceWindow != "" {
		in.PreferredMaintenanceWindow = aws.String(i.MaintenanceWindow)
	}
	if s := aws.ToString(got.StorageType); s != "" && s != i.StorageType {
		in.StorageType = aws.String(i.StorageType)
	}
	if i.IOPS > 0 && (int(aws.ToInt32(got.Iops)) != i.IOPS || in.StorageType != nil) {
		in.Iops = aws.Int32(int32(i.IOPS))
	}
	return in
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func (r *run) instanceStatus(id string) wait.StatusFunc {
	return func(ctx context.Context) (string, error) {
		out, err := r.x.RDS.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(id)})
		var nf *rdstypes.DBInstanceNotFoundFault
		if errors.As(err, &nf) {
			return "", nil
		}
		if err != nil || len(out.DBInstances) == 0 {
			return "", err
		}
		db := out.DBInstances[0]
		if aws.ToString(db.DBInstanceStatus) == "available" && r.l.Instance != nil { // a cluster member holds no secret
			r.mu.Lock()
			r.polled = &db
			r.mu.Unlock()
		}
		return aws.ToString(db.DBInstanceStatus), nil
	}
}

func (r *run) ensureCluster(ctx context.Context) error {
	c := r.l.Cluster
	ctx = awsclient.WithChild(ctx, c.Key, r.l.Owner)
	if r.o.Cluster == nil {
		in := &rds.CreateDBClusterInput{
			DBClusterIdentifier: aws.String(c.Identifier), Engine: aws.String(string(c.Engine)), EngineVersion: aws.String(c.EngineVersion),
			StorageEncrypted: aws.Bool(true), KmsKeyId: aws.String(c.KMSKeyARN), BackupRetentionPeriod: aws.Int32(int32(c.BackupRetentionDays)),
			DeletionProtection: aws.Bool(c.DeletionProtection), EnableIAMDatabaseAuthentication: aws.Bool(true),
			EnableCloudwatchLogsExports: c.LogExports, CopyTagsToSnapshot: aws.Bool(true), MasterUsername: aws.String(c.MasterUsername),
			ManageMasterUserPassword: aws.Bool(true), MasterUserSecretKmsKeyId: aws.String(c.MasterUserSecretKMSKeyARN), Port: aws.Int32(int32(c.Port)),
			DBSubnetGroupName: aws.String(c.SubnetGroupName), DBClusterParameterGroupName: aws.String(c.ClusterParameterGroupName),
			VpcSecurityGroupIds: []string{r.id(c.SecurityGroupKey)}, Tags: awsclient.RDSTags(r.l.Tags(c.Key)),
		}
		if c.DatabaseName != "" {
			in.DatabaseName = aws.String(c.DatabaseName)
		}
		if c.StorageType != StorageAurora { // Aurora standard is the API's default (and read back as "")
			in.StorageType = aws.String(c.StorageType)
		}
		if c.BackupWindow != "" {
			in.PreferredBackupWindow = aws.String(c.BackupWindow)
		}
		if c.MaintenanceWindow != "" {
			in.PreferredMaintenanceWindow = aws.String(c.MaintenanceWindow)
		}
		if _, err := r.x.RDS.CreateDBCluster(ctx, in); err != nil {
			return r.fail("creating", "DB cluster", c.Key, err)
		}
	} else if d := clusterDrift(*c, r.o); len(d) > 0 {
		in := &rds.ModifyDBClusterInput{DBClusterIdentifier: aws.String(c.Identifier),
			ApplyImmediately: aws.Bool(c.ApplyImmediately), BackupRetentionPeriod: aws.Int32(int32(c.BackupRetentionDays)),
			DeletionProtection: aws.Bool(c.DeletionProtection), EnableIAMDatabaseAuthentication: aws.Bool(true),
			DBClusterParameterGroupName: aws.String(c.ClusterParameterGroupName), VpcSecurityGroupIds: []string{r.id(c.SecurityGroupKey)},
			CloudwatchLogsExportConfiguration: &rdstypes.CloudwatchLogsExportConfiguration{EnableLogTypes: c.LogExports}}
		if c.BackupWindow != "" {
			in.PreferredBackupWindow = aws.String(c.BackupWindow)
		}
		if c.MaintenanceWindow != "" {
			in.PreferredMaintenanceWindow = aws.String(c.MaintenanceWindow)
		}
		if v := aws.ToString(r.o.Cluster.EngineVersion); v != c.EngineVersion && !strings.HasPrefix(v, c.EngineVersion+".") {
			in.EngineVersion, in.AllowMajorVersionUpgrade = aws.String(c.EngineVersion), aws.Bool(c.AllowMajorVersionUpgrade)
		}
		_, err := r.x.RDS.ModifyDBCluster(ctx, in)
		if err != nil {
			return r.fail("modifying", "DB cluster", c.Key, err)
		}
	}
	r.put(ctx, c.Key, c.Identifier, r.o.Cluster == nil)
	for _, m := range c.Members {
		if got, ok := r.o.Members[m.Identifier]; ok {
			pi := got.PerformanceInsightsEnabled != nil && aws.ToBool(got.PerformanceInsightsEnabled) != m.PerformanceInsights
			monitoring := got.MonitoringInterval != nil && int(aws.ToInt32(got.MonitoringInterval)) != m.MonitoringInterval
			if aws.ToBool(got.PubliclyAccessible) || aws.ToString(got.DBInstanceClass) != m.Class || pi || monitoring {
				in := &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String(m.Identifier),
					DBInstanceClass: aws.String(m.Class), PubliclyAccessible: aws.Bool(false), ApplyImmediately: aws.Bool(c.ApplyImmediately),
					EnablePerformanceInsights: aws.Bool(m.PerformanceInsights), MonitoringInterval: aws.Int32(int32(m.MonitoringInterval)),
					MonitoringRoleArn: r.monitoringRoleARN(m.MonitoringRoleKey)}
				if m.PerformanceInsights {
					in.PerformanceInsightsKMSKeyId, in.PerformanceInsightsRetentionPeriod = aws.String(m.PIKMSKeyARN), aws.Int32(int32(m.PIRetentionDays))
				}
				if _, err := r.x.RDS.ModifyDBInstance(ctx, in); err != nil {
					return r.fail("modifying", "cluster member", m.Key, err)
				}
			}
			r.put(ctx, m.Key, m.Identifier, false)
			continue
		}
		in := &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String(m.Identifier), DBClusterIdentifier: aws.String(c.Identifier),
			Engine: aws.String(string(c.Engine)), DBInstanceClass: aws.String(m.Class), PubliclyAccessible: aws.Bool(false),
			AutoMinorVersionUpgrade: aws.Bool(true), DBParameterGroupName: aws.String(m.ParameterGroupName),
			EnablePerformanceInsights: aws.Bool(m.PerformanceInsights), MonitoringInterval: aws.Int32(int32(m.MonitoringInterval)),
			MonitoringRoleArn: r.monitoringRoleARN(m.MonitoringRoleKey), Tags: awsclient.RDSTags(r.l.Tags(m.Key))}
		if m.AvailabilityZone != "" {
			in.AvailabilityZone = aws.String(m.AvailabilityZone)
		}
		if m.PerformanceInsights {
			in.PerformanceInsightsKMSKeyId, in.PerformanceInsightsRetentionPeriod = aws.String(m.PIKMSKeyARN), aws.Int32(int32(m.PIRetentionDays))
		}
		if _, err := r.x.RDS.CreateDBInstance(ctx, in); err != nil {
			return r.fail("creating", "cluster member", m.Key, err)
		}
		r.put(ctx, m.Key, m.Identifier, true)
	}
	for _, m := range c.Members {
		if _, err := wait.For(ctx, "cluster member "+m.Identifier, r.instanceStatus(m.Identifier), r.waitAvailable(ctx, "cluster member "+m.Identifier)); err != nil {
			return r.fail("waiting for", "cluster member", m.Key, err)
		}
	}
	return r.pruneMembers(ctx)
}

// pruneMembers deletes, once the wanted members are available, the members
// this resource made that instance_count no longer asks for (the cluster
// keeps the data); a member another tool added to the cluster stays.
func (r *run) pruneMembers(ctx context.Context) error {
	var extra []string
	for id, got := range r.o.Members {
		wanted := slices.ContainsFunc(r.l.Cluster.Members, func(m ClusterMember) bool { return strings.EqualFold(m.Identifier, id) })
		if !wanted && awsclient.RDSTagValue(got.TagList, tags.OwnerKey) == r.l.Owner {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		tflog.Info(ctx, "deleting a cluster member instance_count no longer asks for", map[string]any{"identifier": id})
		if _, err := r.x.RDS.DeleteDBInstance(ctx, &rds.DeleteDBInstanceInput{DBInstanceIdentifier: aws.String(id)}); err != nil {
			return r.fail("deleting", "cluster member", id, err)
		}
	}
	for _, id := range extra {
		if err := r.waitGone(ctx, id, id); err != nil {
			return err
		}
	}
	return nil
}

// ensureProxy writes the proxy role's managed policy (it names the secret), creates
// the proxy with TLS and IAM auth required, and registers the database.
func (r *run) ensureProxy(ctx context.Context) error {
	p := r.l.Proxy
	if p == nil {
		return nil // a proxy no longer wanted is removed by Prune
	}
	secret := r.secretARN()
	if err := servicerole.EnsurePolicy(ctx, r.x.IAM, r.l.proxyRole(secret)); err != nil {
		return r.fail("applying the managed policy of", "IAM role", p.RolePolicyKey, err)
	}
	r.put(ctx, p.RolePolicyKey, p.RolePolicyName, false)
	r.put(ctx, p.RoleAttachmentKey, p.RoleName+"/"+p.RolePolicyName, false)
	auth := []rdstypes.UserAuthConfig{{AuthScheme: rdstypes.AuthSchemeSecrets, SecretArn: aws.String(secret), IAMAuth: rdstypes.IAMAuthModeRequired}}
	if r.o.Proxy == nil {
		_, err := r.x.RDS.CreateDBProxy(ctx, &rds.CreateDBProxyInput{DBProxyName: aws.String(p.Name), EngineFamily: rdstypes.EngineFamily(p.EngineFamily),
			Auth: auth, RoleArn: aws.String(r.id(p.RoleKey)), VpcSubnetIds: p.SubnetIDs, VpcSecurityGroupIds: []string{r.id(p.SecurityGroup.Key)},
			RequireTLS: aws.Bool(true), IdleClientTimeout: aws.Int32(int32(p.IdleClientTimeout)), DebugLogging: aws.Bool(p.DebugLogging),
			Tags: awsclient.RDSTags(r.l.Tags(p.Key))})
		if err != nil {
			return r.fail("creating", "DB proxy", p.Key, err)
		}
	} else if d := proxyDrift(r.l, r.o); len(d) > 1 || (len(d) == 1 && len(r.o.ProxyTargets) > 0) { // settings drifted, not only the target
		_, err := r.x.RDS.ModifyDBProxy(ctx, &rds.ModifyDBProxyInput{DBProxyName: aws.String(p.Name), Auth: auth, RequireTLS: aws.Bool(true),
			IdleClientTimeout: aws.Int32(int32(p.IdleClientTimeout)), DebugLogging: aws.Bool(p.DebugLogging), RoleArn: aws.String(r.id(p.RoleKey)),
			SecurityGroups: []string{r.id(p.SecurityGroup.Key)}})
		if err != nil {
			return r.fail("modifying", "DB proxy", p.Key, err)
		}
	}
	r.put(ctx, p.Key, p.Name, r.o.Proxy == nil)
	if _, err := wait.For(ctx, "DB proxy "+p.Name, r.proxyStatus(p.Name), r.waitProxy(ctx)); err != nil {
		return r.fail("waiting for", "DB proxy", p.Key, err)
	}
	if len(r.o.ProxyTargets) == 0 || r.o.Proxy == nil {
		in := &rds.RegisterDBProxyTargetsInput{DBProxyName: aws.String(p.Name)}
		if r.l.Cluster != nil {
			in.DBClusterIdentifiers = []string{r.l.Cluster.Identifier}
		} else {
			in.DBInstanceIdentifiers = []string{r.l.Instance.Identifier}
		}
		if _, err := r.x.RDS.RegisterDBProxyTargets(ctx, in); err != nil {
			return r.fail("registering the target of", "DB proxy", p.TargetKey, err)
		}
	}
	r.put(ctx, p.TargetKey, p.Name, false)
	return nil
}

func (r *run) waitProxy(ctx context.Context) wait.Options {
	o := r.x.waitOptions(ctx, "DB proxy")
	o.Target, o.Pending = []string{"available"}, []string{"creating", "modifying"}
	return o
}

func (r *run) proxyStatus(name string) wait.StatusFunc {
	return func(ctx context.Context) (string, error) {
		out, err := r.x.RDS.DescribeDBProxies(ctx, &rds.DescribeDBProxiesInput{DBProxyName: aws.String(name)})
		var nf *rdstypes.DBProxyNotFoundFault
		if errors.As(err, &nf) {
			return "", nil
		}
		if err != nil || len(out.DBProxies) == 0 {
			return "", err
		}
		return string(out.DBProxies[0].Status), nil
	}
}

// kmsOr is the database's customer key, from the instance or the cluster.
func (i *Instance) kmsOr(c *Cluster) string {
	if i != nil {
		return i.KMSKeyARN
	}
	return c.KMSKeyARN
}
