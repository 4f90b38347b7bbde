package database

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Drift describes every difference between what exists and the layout, one
// line per child setting, in a fixed order; empty when AWS matches.
// Settings the API does not return (the emulator drops Performance Insights
// and monitoring; real AWS returns them) are compared only when present, so
// there is no perpetual diff and real drift is still caught.
func Drift(l Layout, o *Observed) []string {
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	if o.Instance != nil && l.Instance != nil {
		d = append(d, instanceDrift(*l.Instance, o)...)
	}
	if o.Cluster != nil && l.Cluster != nil {
		d = append(d, clusterDrift(*l.Cluster, o)...)
	}
	d = append(d, tagDrift(l, o)...)
	if o.SubnetGroup == nil {
		add("DB subnet group %s is missing", l.SubnetGroup.Name)
	}
	d = append(d, parameterDrift(l.ParameterGroup, o.Parameters)...)
	if g := l.ClusterParameterGroup; g != nil {
		d = append(d, parameterDrift(*g, o.ClusterParams)...)
	}
	d = append(d, groupDrift(l.SecurityGroup, o)...)
	if l.Proxy != nil {
		d = append(d, groupDrift(l.Proxy.SecurityGroup, o)...)
		d = append(d, proxyDrift(l, o)...)
	} else if o.Proxy != nil {
		add("DB proxy %s exists but proxy.enabled is false", aws.ToString(o.Proxy.DBProxyName))
	}
	for _, g := range l.LogGroups {
		var got *loggroup.State
		if st, ok := o.LogGroups[g.Name]; ok {
			got = &st
		}
		d = append(d, loggroup.Drift(l.logGroup(g), got)...)
	}
	if s := o.Secret; s != nil {
		days := 0
		if s.RotationRules != nil {
			days = int(aws.ToInt64(s.RotationRules.AutomaticallyAfterDays))
		}
		if !aws.ToBool(s.RotationEnabled) || (days != 0 && days != l.SecretRotationDays) {
			add("master user secret rotation is %s, want every %d days (SEC-01)", rotationText(aws.ToBool(s.RotationEnabled), days), l.SecretRotationDays)
		}
	}
	return d
}

// tagDrift compares the tags Observe read anyway (the instance, the cluster
// and its members, the security groups) with the layout's; the children
// whose tags no describe returns are repaired with them (ensureTags).
func tagDrift(l Layout, o *Observed) []string {
	var d []string
	add := func(kind, name string, want, have map[string]string) {
		if s := tags.Describe(want, have); s != "" {
			d = append(d, fmt.Sprintf("%s %s tags differ: %s", kind, name, s))
		}
	}
	if o.Instance != nil && l.Instance != nil {
		add("DB instance", l.Instance.Identifier, l.Tags(l.Instance.Key), awsclient.RDSTagMap(o.Instance.TagList))
	}
	if o.Cluster != nil && l.Cluster != nil {
		add("DB cluster", l.Cluster.Identifier, l.Tags(l.Cluster.Key), awsclient.RDSTagMap(o.Cluster.TagList))
		for _, m := range l.Cluster.Members {
			if got, ok := o.Members[m.Identifier]; ok {
				add("cluster member", m.Identifier, l.Tags(m.Key), awsclient.RDSTagMap(got.TagList))
			}
		}
	}
	groups := []SecurityGroup{l.SecurityGroup}
	if l.Proxy != nil {
		groups = append(groups, l.Proxy.SecurityGroup)
	}
	for _, g := range groups {
		if got, ok := o.SecurityGroups[g.Key]; ok {
			add("security group", g.Name, l.Tags(g.Key), awsclient.EC2TagMap(got.Tags))
		}
	}
	return d
}

func rotationText(on bool, days int) string {
	if !on {
		return "off"
	}
	return fmt.Sprintf("every %d days", days)
}

func instanceDrift(want Instance, o *Observed) []string {
	got := o.Instance
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	if aws.ToBool(got.PubliclyAccessible) {
		add("DB instance %s is publicly accessible (DB-09)", want.Identifier)
	}
	if aws.ToBool(got.DeletionProtection) != want.DeletionProtection {
		add("DB instance %s deletion protection is %v, want %v (DB-05)", want.Identifier, aws.ToBool(got.DeletionProtection), want.DeletionProtection)
	}
	if int(aws.ToInt32(got.BackupRetentionPeriod)) != want.BackupRetentionDays {
		add("DB instance %s keeps backups %d days, want %d (DB-03)", want.Identifier, aws.ToInt32(got.BackupRetentionPeriod), want.BackupRetentionDays)
	}
	if aws.ToBool(got.MultiAZ) != want.MultiAZ {
		add("DB instance %s Multi-AZ is %v, want %v (DB-02)", want.Identifier, aws.ToBool(got.MultiAZ), want.MultiAZ)
	}
	if !aws.ToBool(got.IAMDatabaseAuthenticationEnabled) {
		add("DB instance %s IAM authentication is off (DB-06)", want.Identifier)
	}
	if !aws.ToBool(got.AutoMinorVersionUpgrade) {
		add("DB instance %s automatic minor version upgrade is off (DB-10)", want.Identifier)
	}
	if !aws.ToBool(got.CopyTagsToSnapshot) {
		add("DB instance %s does not copy tags to snapshots", want.Identifier)
	}
	if !sameSet(got.EnabledCloudwatchLogsExports, want.LogExports) {
		add("DB instance %s exports logs %v, want %v (DB-07)", want.Identifier, got.EnabledCloudwatchLogsExports, want.LogExports)
	}
	if aws.ToString(got.DBInstanceClass) != want.Class {
		add("DB instance %s class is %s, want %s", want.Identifier, aws.ToString(got.DBInstanceClass), want.Class)
	}
	if int(aws.ToInt32(got.AllocatedStorage)) < want.AllocatedStorage {
		add("DB instance %s storage is %d GiB, want %d", want.Identifier, aws.ToInt32(got.AllocatedStorage), want.AllocatedStorage)
	}
	if int(aws.ToInt32(got.MaxAllocatedStorage)) != want.MaxAllocatedStorage {
		add("DB instance %s storage autoscaling ceiling is %d GiB, want %d", want.Identifier, aws.ToInt32(got.MaxAllocatedStorage), want.MaxAllocatedStorage)
	}
	if v := aws.ToString(got.EngineVersion); v != want.EngineVersion && !strings.HasPrefix(v, want.EngineVersion+".") {
		add("DB instance %s runs %s, want %s", want.Identifier, v, want.EngineVersion)
	}
	if !hasParameterGroup(got.DBParameterGroups, want.ParameterGroupName) {
		add("DB instance %s does not use parameter group %s (DB-08)", want.Identifier, want.ParameterGroupName)
	}
	if sg, ok := o.SecurityGroups[want.SecurityGroupKey]; ok && !usesGroup(got.VpcSecurityGroups, aws.ToString(sg.GroupId)) {
		add("DB instance %s is not in security group %s", want.Identifier, aws.ToString(sg.GroupId))
	}
	if got.PerformanceInsightsEnabled != nil && aws.ToBool(got.PerformanceInsightsEnabled) != want.PerformanceInsights {
		add("DB instance %s Performance Insights is %v, want %v", want.Identifier, aws.ToBool(got.PerformanceInsightsEnabled), want.PerformanceInsights)
	}
	if got.MonitoringInterval != nil && int(aws.ToInt32(got.MonitoringInterval)) != want.MonitoringInterval {
		add("DB instance %s enhanced monitoring interval is %d s, want %d (DB-11)", want.Identifier, aws.ToInt32(got.MonitoringInterval), want.MonitoringInterval)
	}
	d = append(d, settingsDrift("DB instance "+want.Identifier, got.PreferredBackupWindow, got.PreferredMaintenanceWindow,
		want.BackupWindow, want.MaintenanceWindow)...)
	if s := aws.ToString(got.StorageType); s != "" && s != want.StorageType {
		add("DB instance %s storage type is %s, want %s", want.Identifier, s, want.StorageType)
	}
	if want.IOPS > 0 && int(aws.ToInt32(got.Iops)) != want.IOPS {
		add("DB instance %s provisioned IOPS is %d, want %d", want.Identifier, aws.ToInt32(got.Iops), want.IOPS)
	}
	return d
}

// settingsDrift compares the backup and maintenance windows that are set
// (AWS picks them when none is; it writes the maintenance window in lower
// case).
func settingsDrift(what string, gotBackup, gotMaintenance *string, backup, maintenance string) []string {
	var d []string
	if backup != "" && !strings.EqualFold(aws.ToString(gotBackup), backup) {
		d = append(d, fmt.Sprintf("%s backup window is %s, want %s", what, aws.ToString(gotBackup), backup))
	}
	if maintenance != "" && !strings.EqualFold(aws.ToString(gotMaintenance), maintenance) {
		d = append(d, fmt.Sprintf("%s maintenance window is %s, want %s", what, aws.ToString(gotMaintenance), maintenance))
	}
	return d
}

func clusterDrift(want Cluster, o *Observed) []string {
	got := o.Cluster
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	if aws.ToBool(got.DeletionProtection) != want.DeletionProtection {
		add("DB cluster %s deletion protection is %v, want %v (DB-05)", want.Identifier, aws.ToBool(got.DeletionProtection), want.DeletionProtection)
	}
	if int(aws.ToInt32(got.BackupRetentionPeriod)) != want.BackupRetentionDays {
		add("DB cluster %s keeps backups %d days, want %d (DB-03)", want.Identifier, aws.ToInt32(got.BackupRetentionPeriod), want.BackupRetentionDays)
	}
	if !aws.ToBool(got.IAMDatabaseAuthenticationEnabled) {
		add("DB cluster %s IAM authentication is off (DB-06)", want.Identifier)
	}
	if !sameSet(got.EnabledCloudwatchLogsExports, want.LogExports) {
		add("DB cluster %s exports logs %v, want %v (DB-07)", want.Identifier, got.EnabledCloudwatchLogsExports, want.LogExports)
	}
	if aws.ToString(got.DBClusterParameterGroup) != want.ClusterParameterGroupName {
		add("DB cluster %s does not use parameter group %s (DB-08)", want.Identifier, want.ClusterParameterGroupName)
	}
	if v := aws.ToString(got.EngineVersion); v != want.EngineVersion && !strings.HasPrefix(v, want.EngineVersion+".") {
		add("DB cluster %s runs %s, want %s", want.Identifier, v, want.EngineVersion)
	}
	d = append(d, settingsDrift("DB cluster "+want.Identifier, got.PreferredBackupWindow, got.PreferredMaintenanceWindow,
		want.BackupWindow, want.MaintenanceWindow)...)
	for _, m := range want.Members {
		got, ok := o.Members[m.Identifier]
		switch {
		case !ok:
			add("cluster member %s is missing (DB-02)", m.Identifier)
		case aws.ToBool(got.PubliclyAccessible):
			add("cluster member %s is publicly accessible (DB-09)", m.Identifier)
		case aws.ToString(got.DBInstanceClass) != m.Class:
			add("cluster member %s class is %s, want %s", m.Identifier, aws.ToString(got.DBInstanceClass), m.Class)
		case got.PerformanceInsightsEnabled != nil && aws.ToBool(got.PerformanceInsightsEnabled) != m.PerformanceInsights:
			add("cluster member %s Performance Insights is %v, want %v", m.Identifier, aws.ToBool(got.PerformanceInsightsEnabled), m.PerformanceInsights)
		case got.MonitoringInterval != nil && int(aws.ToInt32(got.MonitoringInterval)) != m.MonitoringInterval:
			add("cluster member %s enhanced monitoring interval is %d s, want %d (DB-11)", m.Identifier, aws.ToInt32(got.MonitoringInterval), m.MonitoringInterval)
		}
	}
	return d
}

func parameterDrift(g ParameterGroup, got map[string]string) []string {
	if got == nil {
		return []string{fmt.Sprintf("parameter group %s is missing (DB-08)", g.Name)}
	}
	var d []string
	for _, p := range g.Parameters {
		if v, ok := got[p.Name]; !ok || v != p.Value {
			d = append(d, fmt.Sprintf("parameter group %s sets %s = %q, want %q", g.Name, p.Name, v, p.Value))
		}
	}
	return d
}

// groupDrift: the group missing, or its rules (secgroup.Key of each, peers
// resolved) not exactly the layout's.
func groupDrift(g SecurityGroup, o *Observed) []string {
	var got *ec2types.SecurityGroup
	if sg, ok := o.SecurityGroups[g.Key]; ok {
		got = &sg
	}
	return secgroup.Drift(g, got, o.SecurityGroupID, "")
}

func proxyDrift(l Layout, o *Observed) []string {
	p := o.Proxy
	if p == nil {
		return []string{fmt.Sprintf("DB proxy %s is missing", l.Proxy.Name)}
	}
	var d []string
	if !aws.ToBool(p.RequireTLS) {
		d = append(d, fmt.Sprintf("DB proxy %s does not require TLS (DB-13)", l.Proxy.Name))
	}
	for _, a := range p.Auth {
		if a.IAMAuth != "REQUIRED" {
			d = append(d, fmt.Sprintf("DB proxy %s IAM authentication is %s, want REQUIRED (DB-13)", l.Proxy.Name, a.IAMAuth))
		}
	}
	if int(aws.ToInt32(p.IdleClientTimeout)) != l.Proxy.IdleClientTimeout {
		d = append(d, fmt.Sprintf("DB proxy %s idle client timeout is %d s, want %d", l.Proxy.Name, aws.ToInt32(p.IdleClientTimeout), l.Proxy.IdleClientTimeout))
	}
	if len(o.ProxyTargets) == 0 {
		d = append(d, fmt.Sprintf("DB proxy %s has no target", l.Proxy.Name))
	}
	return d
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// RecordDrift is what the IDs recorded in state show without a call: a
// proxy role whose permissions an earlier provider version wrote as an
// inline policy (its state has no attachment of the managed policy). Apply
// moves them into the customer-managed policy and deletes the inline one.
func RecordDrift(l Layout, ids map[string]string) []string {
	p := l.Proxy
	if p == nil || len(ids) == 0 || ids[p.RoleKey] == "" || ids[p.RoleAttachmentKey] != "" {
		return nil
	}
	return []string{fmt.Sprintf("IAM role %s has no managed policy %s attached (an earlier version wrote an inline policy; IAMNoInlinePolicy)",
		p.RoleName, p.RolePolicyName)}
}
