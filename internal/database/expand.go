package database

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// Expand computes the Layout of s.WithDefaults(). It refuses a spec that
// Validate rejects or that Check finds a Hard violation in (no customer key,
// say); waivable violations are expanded as asked (single-AZ, short
// backups), since refusing them is the compliance layer's decision. It is a
// pure function of s: same spec, same Layout, whatever the input order of lists.
func Expand(s Spec) (Layout, error) {
	if err := compliance.Refusal(ResourceType, s.Identifier, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	s = s.WithDefaults()
	l := Layout{
		Version: LayoutVersion, Identifier: s.Identifier, Engine: s.Engine,
		Owner: s.Owner(), BaseTags: s.BaseTags(), Env: s.Env(),
		SubnetGroup: SubnetGroup{Key: KeySubnetGroup, Name: SubnetGroupName(s.Identifier),
			Description: "Data-tier subnets of " + ResourceType + " " + s.Identifier, SubnetIDs: s.SubnetIDs},
		SecurityGroup:      dbSecurityGroup(s),
		LogGroups:          expandLogGroups(s),
		MonitoringRole:     expandMonitoringRole(s),
		SecretRotationDays: s.MasterPasswordRotationDays,
		Proxy:              expandProxy(s),
	}
	family, _ := s.Engine.ParameterGroupFamily(s.EngineVersion) // Validate checked it
	if s.Engine.IsAurora() {
		l.ParameterGroup = instanceParameterGroup(s, family, nil)
		cpg := clusterParameterGroup(s, family)
		l.ClusterParameterGroup = &cpg
		l.Cluster = expandCluster(s)
	} else {
		l.ParameterGroup = instanceParameterGroup(s, family, auditParameters(s.Engine))
		l.Instance = expandInstance(s)
	}
	return l, nil
}

// staticParameters need a reboot to take effect; every other one applies at once.
var staticParameters = map[string]bool{"shared_preload_libraries": true}

func param(name, value string) Parameter {
	m := ApplyImmediate
	if staticParameters[name] {
		m = ApplyPendingReboot
	}
	return Parameter{Name: name, Value: value, ApplyMethod: m}
}

// auditParameters are the TLS requirement (DB-08) and the logging that makes
// the exported logs (DB-07) worth reading, sorted by name. They belong in the
// DB parameter group of an instance and the cluster parameter group of Aurora.
func auditParameters(e Engine) []Parameter {
	ps := []Parameter{TLSParameter(e)}
	if e.IsPostgres() {
		ps = append(ps, param("log_connections", "1"), param("log_disconnections", "1"),
			param("log_statement", "ddl"), param("log_min_duration_statement", "1000"))
	} else {
		ps = append(ps, param("log_output", "FILE"), param("slow_query_log", "1"), param("long_query_time", "2"))
	}
	slices.SortFunc(ps, func(a, b Parameter) int { return cmp.Compare(a.Name, b.Name) })
	return ps
}

// instanceParameterGroup is the DB parameter group; Aurora's holds no
// parameters (TLS and logging are cluster settings) but gives the members a
// group of their own to tune later.
func instanceParameterGroup(s Spec, family string, ps []Parameter) ParameterGroup {
	if ps == nil {
		ps = []Parameter{}
	}
	desc := "TLS required and audit logging for " + ResourceType + " " + s.Identifier
	if s.Engine.IsAurora() {
		desc = "Instances of " + ResourceType + " " + s.Identifier
	}
	return ParameterGroup{Key: KeyParameterGroup, Name: ParameterGroupName(s.Identifier), Family: family,
		Description: desc, Parameters: ps}
}

func clusterParameterGroup(s Spec, family string) ParameterGroup {
	return ParameterGroup{Key: KeyClusterParameterGroup, Name: ClusterParameterGroupName(s.Identifier), Family: family,
		Description: "TLS required and audit logging for " + ResourceType + " " + s.Identifier,
		Cluster:     true, Parameters: auditParameters(s.Engine)}
}

// sourceRules admits each allowed group and CIDR block on the port: groups
// by ID, then blocks, each sorted (WithDefaults sorted them).
func sourceRules(s Spec) []Rule {
	rules := []Rule{}
	for _, id := range s.AllowedSecurityGroupIDs {
		rules = append(rules, Rule{Protocol: "tcp", FromPort: s.Port, ToPort: s.Port, SecurityGroupID: id,
			Description: "Allowed security group " + id})
	}
	for _, c := range s.AllowedCIDRBlocks {
		rules = append(rules, Rule{Protocol: "tcp", FromPort: s.Port, ToPort: s.Port, CIDRBlock: c,
			Description: "Allowed CIDR block " + c})
	}
	return rules
}

// dbSecurityGroup admits the allowed sources and, with a proxy, the proxy's
// group, on the port; it has no egress rules.
func dbSecurityGroup(s Spec) SecurityGroup {
	in := sourceRules(s)
	if s.Proxy.Enabled {
		in = append(in, Rule{Protocol: "tcp", FromPort: s.Port, ToPort: s.Port, SecurityGroupKey: KeyProxySecurityGroup,
			Description: "RDS Proxy " + ProxyName(s.Identifier)})
	}
	return SecurityGroup{Key: KeySecurityGroup, RulesKey: KeySecurityGroupRules, Name: SecurityGroupName(s.Identifier),
		Description: ResourceType + " " + s.Identifier + ": port " + strconv.Itoa(s.Port) + " from allowed sources only",
		VPCID:       s.VPCID, Ingress: in, Egress: []Rule{}}
}

// expandLogGroups: one group per exported log type, then the proxy's.
func expandLogGroups(s Spec) []LogGroup {
	var out []LogGroup
	for _, t := range s.Engine.LogExports() {
		out = append(out, LogGroup{Key: LogGroupKey(t), Name: LogGroupName(s.Engine, s.Identifier, t), LogType: t,
			KMSKeyARN: s.KMSKeyARN, RetentionDays: s.LogRetentionDays})
	}
	if s.Proxy.Enabled {
		out = append(out, LogGroup{Key: LogGroupKey(ProxyLogType), Name: ProxyLogGroupName(ProxyName(s.Identifier)),
			LogType: ProxyLogType, KMSKeyARN: s.KMSKeyARN, RetentionDays: s.LogRetentionDays})
	}
	return out
}

func expandMonitoringRole(s Spec) *MonitoringRole {
	if s.MonitoringInterval() == 0 {
		return nil
	}
	return &MonitoringRole{Key: KeyMonitoringRole, Name: MonitoringRoleName(s.Identifier),
		AssumeRolePolicy: MonitoringTrustPolicy(s.AccountID), PolicyKey: KeyMonitoringPolicy,
		ManagedPolicyARN: "arn:" + s.Partition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}
}

// monitoring returns the interval and the role key ("" when off).
func monitoring(s Spec) (int, string) {
	if s.MonitoringInterval() == 0 {
		return 0, ""
	}
	return s.MonitoringInterval(), KeyMonitoringRole
}

// performanceInsights returns whether PI is on, its key and its retention
// (zero values when off).
func performanceInsights(s Spec) (bool, string, int) {
	if !s.IsPerformanceInsights() {
		return false, "", 0
	}
	return true, s.KMSKeyARN, s.PerformanceInsightsRetentionDays
}

func expandInstance(s Spec) *Instance {
	pi, piKey, piDays := performanceInsights(s)
	interval, role := monitoring(s)
	return &Instance{
		Key: KeyInstance, Identifier: s.Identifier, Engine: s.Engine, EngineVersion: s.EngineVersion, Class: s.InstanceClass,
		AllocatedStorage: s.AllocatedStorage, MaxAllocatedStorage: s.MaxAllocatedStorage, StorageType: s.StorageType, IOPS: s.IOPS,
		StorageEncrypted: true, KMSKeyARN: s.KMSKeyARN, MultiAZ: s.IsMultiAZ(),
		BackupRetentionDays: s.BackupRetention(), BackupWindow: s.BackupWindow, MaintenanceWindow: s.MaintenanceWindow,
		DeletionProtection: s.IsDeletionProtected(), FinalSnapshot: true, IAMAuth: true, LogExports: s.Engine.LogExports(),
		PubliclyAccessible: false, AutoMinorVersionUpgrade: true, CopyTagsToSnapshot: true,
		PerformanceInsights: pi, PIKMSKeyARN: piKey, PIRetentionDays: piDays,
		MonitoringInterval: interval, MonitoringRoleKey: role,
		MasterUsername: s.MasterUsername, ManageMasterUserPassword: true, MasterUserSecretKMSKeyARN: s.KMSKeyARN,
		Port: s.Port, DatabaseName: s.DatabaseName,
		SubnetGroupName: SubnetGroupName(s.Identifier), ParameterGroupName: ParameterGroupName(s.Identifier),
		SecurityGroupKey: KeySecurityGroup, AllowMajorVersionUpgrade: s.AllowMajorVersionUpgrade, ApplyImmediately: s.ApplyImmediately,
	}
}

func expandCluster(s Spec) *Cluster {
	azs := distinctAZs(s)
	return &Cluster{
		Key: KeyCluster, Identifier: s.Identifier, Engine: s.Engine, EngineVersion: s.EngineVersion, StorageType: s.StorageType,
		StorageEncrypted: true, KMSKeyARN: s.KMSKeyARN,
		BackupRetentionDays: s.BackupRetention(), BackupWindow: s.BackupWindow, MaintenanceWindow: s.MaintenanceWindow,
		DeletionProtection: s.IsDeletionProtected(), FinalSnapshot: true, IAMAuth: true, LogExports: s.Engine.LogExports(),
		CopyTagsToSnapshot: true, MasterUsername: s.MasterUsername, ManageMasterUserPassword: true, MasterUserSecretKMSKeyARN: s.KMSKeyARN,
		Port: s.Port, DatabaseName: s.DatabaseName,
		SubnetGroupName: SubnetGroupName(s.Identifier), ClusterParameterGroupName: ClusterParameterGroupName(s.Identifier),
		SecurityGroupKey: KeySecurityGroup, AllowMajorVersionUpgrade: s.AllowMajorVersionUpgrade, ApplyImmediately: s.ApplyImmediately,
		AvailabilityZones: azs, Members: expandMembers(s, azs),
	}
}

// expandMembers: instance_count members "<identifier>-1".."-N", spread
// round-robin over the sorted zones when they are known.
func expandMembers(s Spec, azs []string) []ClusterMember {
	pi, piKey, piDays := performanceInsights(s)
	interval, role := monitoring(s)
	out := make([]ClusterMember, s.InstanceCount)
	for i := range out {
		az := ""
		if len(azs) > 0 {
			az = azs[i%len(azs)]
		}
		out[i] = ClusterMember{Key: MemberKey(i + 1), Identifier: MemberIdentifier(s.Identifier, i+1), Class: s.InstanceClass,
			AvailabilityZone: az, PerformanceInsights: pi, PIKMSKeyARN: piKey, PIRetentionDays: piDays,
			MonitoringInterval: interval, MonitoringRoleKey: role, AutoMinorVersionUpgrade: true, PubliclyAccessible: false,
			ParameterGroupName: ParameterGroupName(s.Identifier)}
	}
	return out
}

// expandProxy: the proxy requires TLS and IAM auth (DB-13); its group admits
// the database's allowed sources and sends only to the database's group.
func expandProxy(s Spec) *DBProxy {
	if !s.Proxy.Enabled {
		return nil
	}
	name := ProxyName(s.Identifier)
	return &DBProxy{
		Key: KeyProxy, Name: name, EngineFamily: s.Engine.ProxyEngineFamily(), RequireTLS: true, IAMAuth: "REQUIRED",
		IdleClientTimeout: s.Proxy.IdleClientTimeoutSeconds, DebugLogging: s.Proxy.DebugLogging,
		RoleKey: KeyProxyRole, RoleName: ProxyRoleName(s.Identifier), RoleAssumePolicy: ProxyTrustPolicy(s.AccountID),
		RolePolicyKey: KeyProxyRolePolicy, RolePolicyName: servicerole.PolicyName(ProxyRoleName(s.Identifier), ProxyRolePolicyName),
		RoleAttachmentKey: KeyProxyRoleAttachment,
		SecurityGroup: SecurityGroup{Key: KeyProxySecurityGroup, RulesKey: KeyProxySGRules, Name: ProxySecurityGroupName(s.Identifier),
			Description: "RDS Proxy " + name + ": port " + strconv.Itoa(s.Port) + " from allowed sources, to the database only",
			VPCID:       s.VPCID, Ingress: sourceRules(s),
			Egress: []Rule{{Protocol: "tcp", FromPort: s.Port, ToPort: s.Port, SecurityGroupKey: KeySecurityGroup,
				Description: ResourceType + " " + s.Identifier}}},
		SubnetIDs: s.SubnetIDs, LogGroupKey: LogGroupKey(ProxyLogType), TargetKey: KeyProxyTarget,
	}
}
