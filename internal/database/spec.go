// Package database is the pure core of hipaa_database: the plain Spec with
// defaults, input validation, the DB-* and SEC-* compliance checks, the
// update rules (what can change in place, what forces replacement), and the
// expansion of a Spec into a Layout, the complete set of AWS children (subnet
// group, parameter groups, security groups, log groups, monitoring role, the
// instance or the Aurora cluster and its members, the RDS Proxy) with stable
// keys, names and tags.
//
// The pure core (spec, validate, checks, update, names, expand, children,
// policy) does no I/O and knows nothing of the plugin framework. The
// executor consumes its Layout: observe.go reads what exists in a handful
// of filtered calls, drift.go compares, apply*.go converges, destroy.go
// deletes after the final snapshot.
package database

import (
	"maps"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_database"

// Engine is the engine argument, as the RDS API spells it.
type Engine string

// Engines.
const (
	EnginePostgres       Engine = "postgres"
	EngineMySQL          Engine = "mysql"
	EngineAuroraPostgres Engine = "aurora-postgresql"
	EngineAuroraMySQL    Engine = "aurora-mysql"
)

// RDS Proxy engine families.
const (
	ProxyFamilyPostgreSQL = "POSTGRESQL"
	ProxyFamilyMySQL      = "MYSQL"
)

// Engines lists every engine; it feeds the schema validator and docs.
var Engines = []Engine{EnginePostgres, EngineMySQL, EngineAuroraPostgres, EngineAuroraMySQL}

// Valid reports whether e is one of Engines.
func (e Engine) Valid() bool { return slices.Contains(Engines, e) }

// IsAurora reports whether e runs as an Aurora cluster with member instances.
func (e Engine) IsAurora() bool { return e == EngineAuroraPostgres || e == EngineAuroraMySQL }

// IsPostgres reports whether e is of the PostgreSQL family (postgres or
// aurora-postgresql); otherwise it is of the MySQL family.
func (e Engine) IsPostgres() bool { return e == EnginePostgres || e == EngineAuroraPostgres }

// DefaultPort is 5432 for the PostgreSQL family and 3306 for MySQL.
func (e Engine) DefaultPort() int {
	if e.IsPostgres() {
		return 5432
	}
	return 3306
}

// DefaultVersion is the engine_version used when none is given.
func (e Engine) DefaultVersion() string {
	switch e {
	case EnginePostgres:
		return "16.3"
	case EngineMySQL:
		return "8.0.36"
	case EngineAuroraPostgres:
		return "16.2"
	case EngineAuroraMySQL:
		return "8.0.mysql_aurora.3.05.2"
	}
	return ""
}

// LogExports are every log type the engine can export to CloudWatch Logs
// (DB-07), sorted. Aurora PostgreSQL has no separate "upgrade" log.
func (e Engine) LogExports() []string {
	switch e {
	case EnginePostgres:
		return []string{"postgresql", "upgrade"}
	case EngineAuroraPostgres:
		return []string{"postgresql"}
	case EngineMySQL, EngineAuroraMySQL:
		return []string{"audit", "error", "general", "slowquery"}
	}
	return nil
}

// ProxyEngineFamily is the RDS Proxy engine family: "POSTGRESQL" or "MYSQL".
func (e Engine) ProxyEngineFamily() string {
	if e.IsPostgres() {
		return ProxyFamilyPostgreSQL
	}
	return ProxyFamilyMySQL
}

// ParameterGroupFamily is the DB parameter group family of version:
// "postgres16", "mysql8.0", "aurora-postgresql16", "aurora-mysql8.0". It
// fails when version is not a version of e (see ParseVersion).
func (e Engine) ParameterGroupFamily(version string) (string, error) {
	v, err := ParseVersion(e, version)
	if err != nil {
		return "", err
	}
	return string(e) + v.Major, nil
}

// Storage types.
const (
	StorageGP2         = "gp2"
	StorageGP3         = "gp3"
	StorageIO1         = "io1"
	StorageIO2         = "io2"
	StorageAurora      = "aurora"       // Aurora standard
	StorageAuroraIOOpt = "aurora-iopt1" // Aurora I/O-Optimized
)

// StorageTypes are the storage types of instances; AuroraStorageTypes those
// of Aurora clusters.
var (
	StorageTypes       = []string{StorageGP2, StorageGP3, StorageIO1, StorageIO2}
	AuroraStorageTypes = []string{StorageAurora, StorageAuroraIOOpt}
)

// Defaults (documented on the resource page, docs/resources/database.md)
// and the bounds of the AWS APIs.
const (
	DefaultStorageType               = StorageGP3
	DefaultAuroraStorageType         = StorageAurora
	MinAllocatedStorage              = 20 // GiB, gp2/gp3
	MinProvisionedIOPSStorage        = 100
	MaxAllocatedStorage              = 65536
	MinProvisionedIOPS               = 1000
	MaxProvisionedIOPS               = 256000
	MinGP3IOPSStorage                = 400 // gp3 takes iops only from 400 GiB (PostgreSQL, MySQL)
	DefaultBackupRetentionDays       = 35
	MinBackupRetentionDays           = 7
	MaxBackupRetentionDays           = 35
	DefaultMasterUsername            = "hipaa_admin"
	DefaultRotationDays              = 30
	MaxRotationDays                  = 90  // SEC-01
	MinRotationDaysBound             = 1   // below: never safe
	MaxRotationDaysBound             = 365 // above: never safe
	DefaultInstanceCount             = 2
	MinInstanceCount                 = 1
	MaxInstanceCount                 = 15 // one writer and up to 15 replicas; we cap members at 15
	DefaultPIRetentionDays           = 7
	MaxPIRetentionDays               = 731
	DefaultMonitoringIntervalSeconds = 60
	DefaultProxyIdleClientTimeout    = 1800
	MinProxyIdleClientTimeout        = 1
	MaxProxyIdleClientTimeout        = 28800
	DefaultLogRetentionDays          = 365
	DefaultPartition                 = "aws"
	MinPort                          = 1150
	MaxPort                          = 65535
	MaxIdentifierLen                 = 63
	MaxMySQLUsernameLen              = 16
	MaxPostgresUsernameLen           = 63
	MinSubnets                       = 2
	MinSubnetAZs                     = 2
	MaxIAMRoleNameLen                = 64
	MaxProxyNameLen                  = 63
	MaxSnapshotIdentifierLen         = 255
)

// MonitoringIntervals are the enhanced monitoring intervals RDS accepts; 0 is off.
var MonitoringIntervals = []int{0, 1, 5, 10, 15, 30, 60}

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts
// (copied from internal/vpc).
var AllowedRetentionDays = loggroup.RetentionDays

// Proxy is the proxy block. The proxy always requires TLS and IAM auth (DB-13).
type Proxy struct {
	Enabled                  bool
	IdleClientTimeoutSeconds int // default 1800; 1 to 28800
	// DebugLogging logs SQL text to the proxy's log group; it can contain PHI.
	DebugLogging bool
}

// Spec is the plain description of one hipaa_database. Pointer fields
// distinguish "unset" (nil: take the default) from an explicit zero or false;
// WithDefaults fills them, so they are never nil after it.
type Spec struct {
	Identifier    string
	Engine        Engine
	EngineVersion string // default Engine.DefaultVersion()
	InstanceClass string // "db.r6g.large"; required
	// AllocatedStorage in GiB; required for instances, 0 for Aurora.
	AllocatedStorage int
	// MaxAllocatedStorage is the storage autoscaling ceiling; 0 = autoscaling off.
	MaxAllocatedStorage int
	StorageType         string // default "gp3" (instances) or "aurora"
	IOPS                int    // provisioned IOPS: required for io1/io2, optional for gp3 from 400 GiB
	VPCID               string
	SubnetIDs           []string
	// SubnetAZs maps each subnet ID to its AZ once the subnets are
	// described (SubnetFindings at plan, the layout at apply); nil before.
	SubnetAZs               map[string]string
	AllowedSecurityGroupIDs []string
	AllowedCIDRBlocks       []string
	Port                    int // default Engine.DefaultPort() unless PortSet
	// PortSet says port was given, so an explicit 0 is refused rather than
	// taken for "unset" (the provider sets it from the configuration).
	PortSet             bool
	KMSKeyARN           string // customer-managed key for storage, PI, logs and the master secret
	BackupRetentionDays *int   // default 35; 0 turns automated backups off
	BackupWindow        string // "hh24:mi-hh24:mi" UTC, optional
	MaintenanceWindow   string // "ddd:hh24:mi-ddd:hh24:mi" UTC, optional
	MasterUsername      string // default "hipaa_admin"
	// MasterPasswordRotationDays is the rotation interval of the RDS-managed
	// master user secret; default 30.
	MasterPasswordRotationDays int
	DatabaseName               string // optional initial database
	MultiAZ                    *bool  // default true; instances only (Aurora uses InstanceCount)
	DeletionProtection         *bool  // default true
	InstanceCount              int    // Aurora only: members, default 2
	PerformanceInsights        *bool  // default true
	// PerformanceInsightsRetentionDays: 7, 31 × months (1 to 23), or 731; default 7.
	PerformanceInsightsRetentionDays int
	MonitoringIntervalSeconds        *int // default 60; one of MonitoringIntervals, 0 = off
	LogRetentionDays                 int  // default 365; one of AllowedRetentionDays
	AllowMajorVersionUpgrade         bool
	ApplyImmediately                 bool
	Proxy                            Proxy
	// Context, filled by the caller from the provider configuration.
	Region      string
	AccountID   string
	Partition   string // default "aws"
	Tags        map[string]string
	DefaultTags map[string]string
	Exceptions  []compliance.Exception
}

// Int returns a pointer to v, for the optional int fields of Spec.
func Int(v int) *int { return &v }

// Bool returns a pointer to v, for the optional bool fields of Spec.
func Bool(v bool) *bool { return &v }

// WithDefaults returns s with defaults applied and lists sorted and
// de-duplicated (order in the input is irrelevant). It is idempotent and does
// not modify s; Check and Expand apply it themselves.
func (s Spec) WithDefaults() Spec {
	s.Identifier = strings.ToLower(s.Identifier) // RDS stores identifiers in lower case
	if s.EngineVersion == "" {
		s.EngineVersion = s.Engine.DefaultVersion()
	}
	if s.StorageType == "" {
		s.StorageType = DefaultStorageType
		if s.Engine.IsAurora() {
			s.StorageType = DefaultAuroraStorageType
		}
	}
	if s.Port == 0 && !s.PortSet {
		s.Port = s.Engine.DefaultPort()
	}
	if s.MasterUsername == "" {
		s.MasterUsername = DefaultMasterUsername
	}
	if s.MasterPasswordRotationDays == 0 {
		s.MasterPasswordRotationDays = DefaultRotationDays
	}
	if s.InstanceCount == 0 && s.Engine.IsAurora() {
		s.InstanceCount = DefaultInstanceCount
	}
	if s.PerformanceInsightsRetentionDays == 0 {
		s.PerformanceInsightsRetentionDays = DefaultPIRetentionDays
	}
	if s.LogRetentionDays == 0 {
		s.LogRetentionDays = DefaultLogRetentionDays
	}
	if s.Proxy.IdleClientTimeoutSeconds == 0 {
		s.Proxy.IdleClientTimeoutSeconds = DefaultProxyIdleClientTimeout
	}
	if s.Partition == "" {
		s.Partition = DefaultPartition
	}
	s.BackupRetentionDays = defaultInt(s.BackupRetentionDays, DefaultBackupRetentionDays)
	s.MonitoringIntervalSeconds = defaultInt(s.MonitoringIntervalSeconds, DefaultMonitoringIntervalSeconds)
	s.MultiAZ = defaultBool(s.MultiAZ, true)
	s.DeletionProtection = defaultBool(s.DeletionProtection, true)
	s.PerformanceInsights = defaultBool(s.PerformanceInsights, true)
	s.SubnetIDs = lists.SortedUnique(s.SubnetIDs)
	s.AllowedSecurityGroupIDs = lists.SortedUnique(s.AllowedSecurityGroupIDs)
	s.AllowedCIDRBlocks = lists.SortedUnique(s.AllowedCIDRBlocks)
	s.SubnetAZs = maps.Clone(s.SubnetAZs)
	return s
}

func defaultInt(p *int, def int) *int {
	if p == nil {
		return Int(def)
	}
	return Int(*p)
}

func defaultBool(p *bool, def bool) *bool {
	if p == nil {
		return Bool(def)
	}
	return Bool(*p)
}

// IsMultiAZ reports whether an instance is Multi-AZ (default true).
func (s Spec) IsMultiAZ() bool { return s.MultiAZ == nil || *s.MultiAZ }

// IsDeletionProtected reports whether deletion protection is on (default true).
func (s Spec) IsDeletionProtected() bool { return s.DeletionProtection == nil || *s.DeletionProtection }

// IsPerformanceInsights reports whether Performance Insights is on (default true).
func (s Spec) IsPerformanceInsights() bool {
	return s.PerformanceInsights == nil || *s.PerformanceInsights
}

// BackupRetention is backup_retention_days after defaults.
func (s Spec) BackupRetention() int {
	if s.BackupRetentionDays == nil {
		return DefaultBackupRetentionDays
	}
	return *s.BackupRetentionDays
}

// MonitoringInterval is monitoring_interval_seconds after defaults.
func (s Spec) MonitoringInterval() int {
	if s.MonitoringIntervalSeconds == nil {
		return DefaultMonitoringIntervalSeconds
	}
	return *s.MonitoringIntervalSeconds
}

// Owner is the hipaa:owner tag value: "hipaa_database/<identifier>".
func (s Spec) Owner() string { return tags.Owner(ResourceType, strings.ToLower(s.Identifier)) }

// BaseTags is the tag set every child carries before its hipaa:child tag.
func (s Spec) BaseTags() map[string]string {
	return tags.Build(s.DefaultTags, s.Tags, s.Owner())
}

// Env is the account context of an expansion.
type Env struct {
	AccountID string
	Partition string // default "aws"
	Region    string
}

// Env returns the context fields of s.
func (s Spec) Env() Env {
	p := s.Partition
	if p == "" {
		p = DefaultPartition
	}
	return Env{AccountID: s.AccountID, Partition: p, Region: s.Region}
}
