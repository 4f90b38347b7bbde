package database

import (
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// LayoutVersion numbers this expansion (Layout.Version). It is not written
// to state: bump it whenever a spec that expanded before expands
// differently, together with a state upgrader on the resource's schema.
const LayoutVersion = 1

// Kind is the type of a child object.
type Kind string

// Child kinds, in creation order.
const (
	KindLogGroup                Kind = "log_group"
	KindIAMRole                 Kind = "iam_role"
	KindIAMRolePolicyAttachment Kind = "iam_role_policy_attachment" // a managed policy on a role
	KindSecurityGroup           Kind = "security_group"
	KindSecurityGroupRules      Kind = "security_group_rules" // every rule of one group, set after both peers exist
	KindSubnetGroup             Kind = "db_subnet_group"
	KindParameterGroup          Kind = "db_parameter_group"
	KindClusterParameterGroup   Kind = "db_cluster_parameter_group"
	KindCluster                 Kind = "db_cluster"
	KindInstance                Kind = "db_instance" // the instance, or one Aurora cluster member
	KindSecretRotation          Kind = "secret_rotation"
	KindIAMPolicy               Kind = "iam_policy"            // the proxy role's customer-managed policy (servicerole)
	KindIAMPolicyAttachment     Kind = "iam_policy_attachment" // that policy attached to the proxy role
	KindProxy                   Kind = "db_proxy"
	KindProxyTarget             Kind = "db_proxy_target"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindLogGroup, KindIAMRole, KindIAMRolePolicyAttachment, KindSecurityGroup, KindSecurityGroupRules,
	KindSubnetGroup, KindParameterGroup, KindClusterParameterGroup, KindCluster, KindInstance, KindSecretRotation,
	KindIAMPolicy, KindIAMPolicyAttachment, KindProxy, KindProxyTarget}

// Taggable reports whether AWS objects of this kind carry tags (and so can be
// discovered by owner tag); the others are found through their parent.
func (k Kind) Taggable() bool {
	switch k {
	case KindIAMRolePolicyAttachment, KindIAMPolicyAttachment, KindSecurityGroupRules, KindSecretRotation, KindProxyTarget:
		return false
	}
	return true
}

// Layout is the complete expansion of a Spec: every child with its key,
// settings and relations. Lists are sorted. It is a value: JSON-encodable,
// deterministic, compared in golden tests. Exactly one of Instance and
// Cluster is set; ClusterParameterGroup is set with Cluster.
type Layout struct {
	Version    int
	Identifier string
	Engine     Engine
	Owner      string            // hipaa:owner tag value
	BaseTags   map[string]string // default + user + managed-by + owner; see Tags
	Env        Env

	SubnetGroup           SubnetGroup
	ParameterGroup        ParameterGroup  // instance-level, always
	ClusterParameterGroup *ParameterGroup // Aurora only
	SecurityGroup         SecurityGroup
	LogGroups             []LogGroup      // by LogType; the proxy's last
	MonitoringRole        *MonitoringRole // when monitoring_interval_seconds > 0
	Instance              *Instance       // postgres, mysql
	Cluster               *Cluster        // aurora-postgresql, aurora-mysql
	// SecretRotationDays is the rotation schedule of the RDS-managed master
	// user secret (SEC-01), set on KeySecretRotation after the database exists.
	SecretRotationDays int
	Proxy              *DBProxy // when proxy.enabled
}

// SubnetGroup is the DB subnet group; the caller chooses data-tier subnets (DB-09).
type SubnetGroup struct {
	Key         string
	Name        string
	Description string
	SubnetIDs   []string // sorted
}

// Parameter apply methods, as the RDS API spells them.
const (
	ApplyImmediate     = "immediate"      // dynamic parameters
	ApplyPendingReboot = "pending-reboot" // static parameters
)

// Parameter is one parameter group setting.
type Parameter struct {
	Name        string
	Value       string
	ApplyMethod string // ApplyImmediate or ApplyPendingReboot
}

// ParameterGroup is a DB or DB cluster parameter group holding exactly
// Parameters beyond the family defaults.
type ParameterGroup struct {
	Key         string
	Name        string
	Family      string // "postgres16"
	Description string
	Cluster     bool        // a DB cluster parameter group
	Parameters  []Parameter // sorted by name
}

// Rule is one security group rule on Port over TCP. The peer is exactly one
// of CIDRBlock, SecurityGroupID (a user's group) and SecurityGroupKey (a
// group of this layout, "sg/proxy" or "sg/db", whose ID the executor fills
// in). The peer is the source of an ingress rule, the destination of an
// egress rule.
type Rule = secgroup.Rule

// SecurityGroup is a group the provider creates. Ingress and Egress are the
// exact rules it holds (RulesKey): the executor revokes the allow-all egress
// rule AWS adds to every new group, so an empty Egress means no egress (NET-07).
// Ingress is sorted: groups by ID, then CIDR blocks, then layout groups.
type SecurityGroup = secgroup.Group

// LogGroup is a CloudWatch Logs group the provider creates before RDS
// writes to it, encrypted with the customer key and with a retention (AUD-06).
type LogGroup struct {
	Key           string
	Name          string
	LogType       string // an Engine.LogExports entry, or ProxyLogType
	KMSKeyARN     string
	RetentionDays int
}

// MonitoringRole is the role enhanced monitoring assumes (DB-11), with the
// AWS managed policy attached.
type MonitoringRole struct {
	Key              string
	Name             string
	AssumeRolePolicy string // MonitoringTrustPolicy
	PolicyKey        string
	ManagedPolicyARN string
}

// Instance is a single-instance (Multi-AZ) postgres or mysql database.
// Fields that hold by construction are spelled out so the executor, the reader
// and the HCL renderer cannot forget them.
type Instance struct {
	Key                       string
	Identifier                string
	Engine                    Engine
	EngineVersion             string
	Class                     string
	AllocatedStorage          int
	MaxAllocatedStorage       int // 0: storage autoscaling off
	StorageType               string
	IOPS                      int
	StorageEncrypted          bool // always true (DB-01)
	KMSKeyARN                 string
	MultiAZ                   bool
	BackupRetentionDays       int
	BackupWindow              string
	MaintenanceWindow         string
	DeletionProtection        bool
	FinalSnapshot             bool     // always true: destroy takes FinalSnapshotIdentifier (DB-05)
	IAMAuth                   bool     // always true (DB-06)
	LogExports                []string // Engine.LogExports (DB-07)
	PubliclyAccessible        bool     // always false (DB-09)
	AutoMinorVersionUpgrade   bool     // always true (DB-10)
	CopyTagsToSnapshot        bool     // always true
	PerformanceInsights       bool
	PIKMSKeyARN               string // KMSKeyARN when PerformanceInsights (DB-14)
	PIRetentionDays           int    // 0 when PerformanceInsights is off
	MonitoringInterval        int
	MonitoringRoleKey         string // "" when MonitoringInterval is 0
	MasterUsername            string
	ManageMasterUserPassword  bool   // always true (DB-12)
	MasterUserSecretKMSKeyARN string // KMSKeyARN (DB-12, SEC-02)
	Port                      int
	DatabaseName              string
	SubnetGroupName           string
	ParameterGroupName        string
	SecurityGroupKey          string
	AllowMajorVersionUpgrade  bool
	ApplyImmediately          bool
}

// Cluster is an Aurora cluster; its instances are Members.
type Cluster struct {
	Key                       string
	Identifier                string
	Engine                    Engine
	EngineVersion             string
	StorageType               string
	StorageEncrypted          bool // always true (DB-01)
	KMSKeyARN                 string
	BackupRetentionDays       int
	BackupWindow              string
	MaintenanceWindow         string
	DeletionProtection        bool
	FinalSnapshot             bool     // always true (DB-05)
	IAMAuth                   bool     // always true (DB-06)
	LogExports                []string // Engine.LogExports (DB-07)
	CopyTagsToSnapshot        bool
	MasterUsername            string
	ManageMasterUserPassword  bool   // always true (DB-12)
	MasterUserSecretKMSKeyARN string // KMSKeyARN (DB-12, SEC-02)
	Port                      int
	DatabaseName              string
	SubnetGroupName           string
	ClusterParameterGroupName string
	SecurityGroupKey          string
	AllowMajorVersionUpgrade  bool
	ApplyImmediately          bool
	AvailabilityZones         []string // sorted distinct zones of the subnets; nil when unknown
	Members                   []ClusterMember
}

// ClusterMember is one instance of an Aurora cluster; the first is the
// initial writer. Members are spread round-robin over the cluster's zones.
type ClusterMember struct {
	Key                     string
	Identifier              string
	Class                   string
	AvailabilityZone        string // "" when the subnets' zones are unknown: RDS places it
	PerformanceInsights     bool
	PIKMSKeyARN             string
	PIRetentionDays         int
	MonitoringInterval      int
	MonitoringRoleKey       string
	AutoMinorVersionUpgrade bool // always true (DB-10)
	PubliclyAccessible      bool // always false (DB-09)
	ParameterGroupName      string
}

// DBProxy is the RDS Proxy in front of the database (DB-13). It reads the
// master user secret with its role; the role's managed policy
// (ProxyRolePolicy) needs the secret's ARN, known once the database exists.
type DBProxy struct {
	Key               string
	Name              string
	EngineFamily      string
	RequireTLS        bool   // always true
	IAMAuth           string // always "REQUIRED"
	IdleClientTimeout int
	DebugLogging      bool
	RoleKey           string
	RoleName          string
	RoleAssumePolicy  string // ProxyTrustPolicy
	RolePolicyKey     string // the customer-managed policy (servicerole)
	RolePolicyName    string
	RoleAttachmentKey string
	// SecurityGroup admits the database's allowed sources on Port and sends
	// only to the database's group on Port.
	SecurityGroup SecurityGroup
	SubnetIDs     []string // the database's subnets, sorted
	LogGroupKey   string
	TargetKey     string
}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Tags is the full tag set of the child with the given key: default tags,
// user tags, managed-by and owner, then hipaa:child = key.
func (l Layout) Tags(key string) map[string]string {
	return tags.WithChild(l.BaseTags, key)
}
