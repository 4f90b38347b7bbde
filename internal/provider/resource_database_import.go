package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// imported rebuilds the arguments of a database this provider created
// from AWS: the instance (or cluster), its subnet group, groups, log groups
// and proxy. A database without the owner tag is refused.
func (r *databaseResource) imported(ctx context.Context, id string) (databaseModel, error) {
	account, err := r.client.Identity(ctx)
	if err != nil {
		return databaseModel{}, err
	}
	// Try the instance, then an Aurora cluster, with a minimal layout (names only).
	var o *database.Observed
	var l database.Layout
	for _, e := range []database.Engine{database.EnginePostgres, database.EngineAuroraPostgres} {
		probe := database.Spec{Identifier: id, Engine: e, InstanceClass: "db.r6g.large", AllocatedStorage: 20, VPCID: "vpc-00000000",
			SubnetIDs: []string{"subnet-00000000", "subnet-00000001"}, KMSKeyARN: fmt.Sprintf("arn:%s:kms:%s:%s:key/00000000-0000-0000-0000-000000000000", r.client.Partition, r.client.Region, account),
			Region: r.client.Region, AccountID: account, Partition: r.client.Partition, Proxy: database.Proxy{Enabled: true}} // proxy on: its group is looked up too
		if l, err = database.Expand(probe); err != nil {
			return databaseModel{}, fmt.Errorf("%q is not a valid identifier: %w", id, err)
		}
		if o, err = database.Observe(ctx, r.executor().Clients, l); err == nil && o.SubnetGroup != nil {
			probe.VPCID = aws.ToString(o.SubnetGroup.VpcId) // the groups are found by name within the VPC
			if l, err = database.Expand(probe); err == nil {
				o, err = database.Observe(ctx, r.executor().Clients, l)
			}
		}
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "not found") {
			return databaseModel{}, err
		}
	}
	if err != nil {
		return databaseModel{}, fmt.Errorf("no DB instance or cluster %q in %s: %w", id, r.client.Region, err)
	}
	return importedModel(ctx, o, l, r.client.DefaultTags), nil
}

func importedModel(ctx context.Context, o *database.Observed, l database.Layout, defaultTags map[string]string) databaseModel {
	m := databaseModel{Identifier: types.StringValue(l.Identifier), ID: types.StringValue(l.Identifier), Drift: types.StringValue(""),
		Timeouts:            timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
		RetainLogsOnDestroy: types.BoolValue(true), AllowMajorVersionUpgrade: types.BoolValue(false), ApplyImmediately: types.BoolValue(false),
		BackupWindow: types.StringNull(), MaintenanceWindow: types.StringNull(), DatabaseName: types.StringNull(), InstanceCount: types.Int64Null(),
		AllocatedStorage: types.Int64Null(), Exceptions: types.ListNull(types.ObjectType{AttrTypes: exceptionAttrTypes}), ChildIDs: types.MapNull(types.StringType)}
	var tagList map[string]string
	switch {
	case o.Instance != nil:
		i := o.Instance
		m.Engine, m.EngineVersion, m.InstanceClass = types.StringValue(aws.ToString(i.Engine)), types.StringValue(aws.ToString(i.EngineVersion)), types.StringValue(aws.ToString(i.DBInstanceClass))
		m.AllocatedStorage, m.MaxAllocatedStorage = types.Int64Value(int64(aws.ToInt32(i.AllocatedStorage))), types.Int64Value(int64(aws.ToInt32(i.MaxAllocatedStorage)))
		m.StorageType, m.KMSKeyARN = types.StringValue(aws.ToString(i.StorageType)), types.StringValue(aws.ToString(i.KmsKeyId))
		m.BackupRetentionDays, m.MultiAZ = types.Int64Value(int64(aws.ToInt32(i.BackupRetentionPeriod))), types.BoolValue(aws.ToBool(i.MultiAZ))
		m.DeletionProtection, m.MasterUsername = types.BoolValue(aws.ToBool(i.DeletionProtection)), types.StringValue(aws.ToString(i.MasterUsername))
		m.PerformanceInsights = types.BoolValue(i.PerformanceInsightsEnabled == nil || aws.ToBool(i.PerformanceInsightsEnabled))
		m.MonitoringIntervalSeconds = types.Int64Value(database.DefaultMonitoringIntervalSeconds)
		if i.MonitoringInterval != nil {
			m.MonitoringIntervalSeconds = types.Int64Value(int64(aws.ToInt32(i.MonitoringInterval)))
		}
		if i.Endpoint != nil {
			m.Port = types.Int64Value(int64(aws.ToInt32(i.Endpoint.Port)))
		}
		if i.DBName != nil {
			m.DatabaseName = types.StringValue(aws.ToString(i.DBName))
		}
		tagList = rdsTagMap(i.TagList)
	case o.Cluster != nil:
		c := o.Cluster
		m.Engine, m.EngineVersion = types.StringValue(aws.ToString(c.Engine)), types.StringValue(aws.ToString(c.EngineVersion))
		m.StorageType, m.KMSKeyARN = types.StringValue(aws.ToString(c.StorageType)), types.StringValue(aws.ToString(c.KmsKeyId))
		m.BackupRetentionDays, m.MultiAZ = types.Int64Value(int64(aws.ToInt32(c.BackupRetentionPeriod))), types.BoolValue(true)
		m.DeletionProtection, m.MasterUsername = types.BoolValue(aws.ToBool(c.DeletionProtection)), types.StringValue(aws.ToString(c.MasterUsername))
		m.Port, m.MaxAllocatedStorage = types.Int64Value(int64(aws.ToInt32(c.Port))), types.Int64Value(0)
		m.InstanceCount = types.Int64Value(int64(len(o.Members)))
		m.PerformanceInsights, m.MonitoringIntervalSeconds = types.BoolValue(true), types.Int64Value(database.DefaultMonitoringIntervalSeconds)
		for _, mem := range o.Members {
			m.InstanceClass = types.StringValue(aws.ToString(mem.DBInstanceClass))
		}
		tagList = rdsTagMap(c.TagList)
	}
	var subnets []string
	if g := o.SubnetGroup; g != nil {
		m.VPCID = types.StringValue(aws.ToString(g.VpcId))
		for _, s := range g.Subnets {
			subnets = append(subnets, aws.ToString(s.SubnetIdentifier))
		}
	}
	m.SubnetIDs, _ = types.SetValueFrom(ctx, types.StringType, subnets)
	sgs, cidrs := importedSources(o)
	m.AllowedSecurityGroupIDs, m.AllowedCIDRBlocks = optionalSet(ctx, sgs), optionalSet(ctx, cidrs)
	m.LogRetentionDays = types.Int64Value(database.DefaultLogRetentionDays)
	for _, g := range o.LogGroups {
		if g.RetentionInDays != nil && !strings.HasPrefix(aws.ToString(g.LogGroupName), "/aws/rds/proxy/") {
			m.LogRetentionDays = types.Int64Value(int64(aws.ToInt32(g.RetentionInDays)))
		}
	}
	m.MasterPasswordRotationDays = types.Int64Value(database.DefaultRotationDays)
	if s := o.Secret; s != nil && s.RotationRules != nil && s.RotationRules.AutomaticallyAfterDays != nil {
		m.MasterPasswordRotationDays = types.Int64Value(aws.ToInt64(s.RotationRules.AutomaticallyAfterDays))
	}
	proxy := map[string]attr.Value{"enabled": types.BoolValue(o.Proxy != nil), "idle_client_timeout_seconds": types.Int64Value(database.DefaultProxyIdleClientTimeout), "debug_logging": types.BoolValue(false)}
	if p := o.Proxy; p != nil {
		proxy["idle_client_timeout_seconds"], proxy["debug_logging"] = types.Int64Value(int64(aws.ToInt32(p.IdleClientTimeout))), types.BoolValue(aws.ToBool(p.DebugLogging))
	}
	m.Proxy = types.ObjectValueMust(proxyAttrTypes, proxy)
	user := map[string]string{}
	for k, v := range tagList {
		if !tags.IsReserved(k) && !strings.HasPrefix(k, "aws:") && defaultTags[k] != v {
			user[k] = v
		}
	}
	m.Tags = types.MapNull(types.StringType)
	if len(user) > 0 {
		m.Tags, _ = types.MapValueFrom(ctx, types.StringType, user)
	}
	m.ARN, m.Endpoint, m.MasterUserSecretARN = types.StringNull(), types.StringNull(), types.StringNull()
	m.SecurityGroupID, m.SubnetGroupName, m.ParameterGroupName, m.ProxyEndpoint = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	return m
}

// importedSources: the admitted groups and CIDRs of the database's group,
// without the proxy's group (the provider adds that one itself).
func importedSources(o *database.Observed) (sgs, cidrs []string) {
	g, ok := o.SecurityGroups[database.KeySecurityGroup]
	if !ok {
		return nil, nil
	}
	proxy := aws.ToString(o.SecurityGroups[database.KeyProxySecurityGroup].GroupId)
	for _, p := range g.IpPermissions {
		for _, x := range p.UserIdGroupPairs {
			if id := aws.ToString(x.GroupId); id != proxy {
				sgs = append(sgs, id)
			}
		}
		for _, x := range p.IpRanges {
			cidrs = append(cidrs, aws.ToString(x.CidrIp))
		}
	}
	return slices.Sorted(slices.Values(sgs)), slices.Sorted(slices.Values(cidrs))
}

func optionalSet(ctx context.Context, vs []string) basetypes.SetValue {
	if len(vs) == 0 {
		return types.SetNull(types.StringType)
	}
	s, _ := types.SetValueFrom(ctx, types.StringType, vs)
	return s
}

func rdsTagMap(t []rdstypes.Tag) map[string]string {
	out := map[string]string{}
	for _, x := range t {
		out[aws.ToString(x.Key)] = aws.ToString(x.Value)
	}
	return out
}
