// Package cache is hipaa_cache: an ElastiCache (Redis OSS or Valkey)
// replication group of at least two nodes in two availability zones with
// Multi-AZ automatic failover, encrypted at rest with the customer key and
// in transit with TLS required, taking daily snapshots kept 7 to 35 days and
// a final snapshot on destroy, upgrading minor versions automatically,
// delivering its engine and slow logs to KMS-encrypted log groups with
// explicit retention, reachable only on its port from the allowed security
// groups and CIDR blocks through a security group with no egress at all,
// and authenticating every client: through IAM (an RBAC user group whose
// application user authenticates with IAM), or with a password held in
// Secrets Manager under the customer key and rotated by the Secrets Manager
// ElastiCache user rotation function, never in state.
//
// The pure core (spec.go, validate.go, checks.go, names.go, policy.go,
// children.go, expand.go) does no I/O and knows nothing of the plugin
// framework.
package cache

import (
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_cache"

// Engine is the engine argument, as the ElastiCache API spells it.
type Engine string

// Engines ElastiCache runs in a replication group.
const (
	EngineRedis  Engine = "redis"
	EngineValkey Engine = "valkey"
)

// Engines lists every engine; it feeds the schema validator and docs.
var Engines = []Engine{EngineRedis, EngineValkey}

// EngineVersions are the major.minor versions each engine takes, oldest
// first. ElastiCache picks the patch level; automatic minor version
// upgrades keep it current (CCH-08).
var EngineVersions = map[Engine][]string{
	EngineRedis:  {"6.0", "6.2", "7.0", "7.1"},
	EngineValkey: {"7.2", "8.0", "8.1"},
}

// DefaultVersion is the newest version of e: the engine_version used when
// none is given.
func (e Engine) DefaultVersion() string {
	if v := EngineVersions[e]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

// AuthMode is how clients authenticate (CCH-05).
type AuthMode string

// Authentication modes.
const (
	// AuthIAM: the application user authenticates with an IAM auth token
	// (elasticache:Connect); no password exists anywhere.
	AuthIAM AuthMode = "iam"
	// AuthPassword: the application user authenticates with a password
	// Secrets Manager holds under the customer key and rotates.
	AuthPassword AuthMode = "password"
)

// AuthModes are the accepted auth.mode values.
var AuthModes = []AuthMode{AuthIAM, AuthPassword}

// Defaults and bounds of the contract.
const (
	DefaultEngine   = EngineValkey
	DefaultAuthMode = AuthIAM
	// DefaultSnapshotRetentionDays and MaxSnapshotRetentionDays: ElastiCache
	// keeps automatic snapshots at most 35 days. Below
	// MinSnapshotRetentionDays is never accepted; below the default needs an
	// exception for CCH-03.
	DefaultSnapshotRetentionDays = 35
	MinSnapshotRetentionDays     = 7
	MaxSnapshotRetentionDays     = 35
	// DefaultNumCacheClusters: a primary and a replica in another zone
	// (CCH-04). A cluster-mode-disabled replication group has at most a
	// primary and five replicas.
	DefaultNumCacheClusters = 2
	MinNumCacheClusters     = 2
	MaxNumCacheClusters     = 6
	DefaultPort             = 6379
	// DefaultRotationDays, MaxRotationDays: the password is rotated at least
	// every 90 days (CCH-05); outside MinRotationDaysBound to
	// MaxRotationDaysBound is never accepted.
	DefaultRotationDays  = 30
	MaxRotationDays      = 90
	MinRotationDaysBound = 1
	MaxRotationDaysBound = 365
	// DefaultLogRetentionDays keeps engine and slow logs a year;
	// MinLogRetentionDays is CCH-06's floor.
	DefaultLogRetentionDays = 365
	MinLogRetentionDays     = 365
	DefaultPartition        = "aws"
)

// AllowedRetentionDays are the retention periods CloudWatch Logs accepts.
var AllowedRetentionDays = loggroup.RetentionDays

// Auth is the auth block.
type Auth struct {
	Mode AuthMode // "": DefaultAuthMode
	// UserGroupID, with mode iam, names an existing RBAC user group to
	// attach instead of the one the resource makes.
	UserGroupID string
	// RotationDays, with mode password, is the rotation interval of the
	// password secret (0: DefaultRotationDays).
	RotationDays int
}

// Spec is the plain description of one hipaa_cache. Pointer fields tell
// "unset" (nil: take the default) from an explicit zero.
type Spec struct {
	Name          string
	Engine        Engine // "": DefaultEngine
	EngineVersion string // "": Engine.DefaultVersion()
	NodeType      string // "cache.r7g.large"; required
	VPCID         string
	SubnetIDs     []string // data-tier subnets in at least two zones
	// SubnetAZs maps each subnet ID to its zone once the subnets are
	// described (at plan by the provider, at apply by the executor); nil
	// before.
	SubnetAZs map[string]string
	// AllowedSecurityGroupIDs and AllowedCIDRBlocks are the only sources
	// the security group admits, on Port only.
	AllowedSecurityGroupIDs []string
	AllowedCIDRBlocks       []string
	// KMSKeyARN encrypts the cache at rest, its snapshots, its log groups
	// and, with auth mode password, the password secret.
	KMSKeyARN             string
	SnapshotRetentionDays *int // nil: DefaultSnapshotRetentionDays; 0 turns snapshots off
	Auth                  Auth
	NumCacheClusters      int // 0: DefaultNumCacheClusters
	Port                  int // 0: DefaultPort
	MaintenanceWindow     string
	SnapshotWindow        string
	LogRetentionDays      int // 0: DefaultLogRetentionDays
	// Context, filled by the caller from the provider configuration.
	Region, AccountID string
	Partition         string // "": DefaultPartition
	Tags, DefaultTags map[string]string
	Exceptions        []compliance.Exception
}

// Int returns a pointer to v, for the optional int fields of Spec.
func Int(v int) *int { return &v }

// WithDefaults fills unset values. It copies what it changes: s shares no
// memory with the result that the result writes.
func (s Spec) WithDefaults() Spec {
	if s.Partition == "" {
		s.Partition = DefaultPartition
	}
	if s.Engine == "" {
		s.Engine = DefaultEngine
	}
	if s.EngineVersion == "" {
		s.EngineVersion = s.Engine.DefaultVersion()
	}
	if s.SnapshotRetentionDays == nil {
		s.SnapshotRetentionDays = Int(DefaultSnapshotRetentionDays)
	} else {
		s.SnapshotRetentionDays = Int(*s.SnapshotRetentionDays)
	}
	if s.Auth.Mode == "" {
		s.Auth.Mode = DefaultAuthMode
	}
	if s.Auth.Mode == AuthPassword && s.Auth.RotationDays == 0 {
		s.Auth.RotationDays = DefaultRotationDays
	}
	if s.NumCacheClusters == 0 {
		s.NumCacheClusters = DefaultNumCacheClusters
	}
	if s.Port == 0 {
		s.Port = DefaultPort
	}
	if s.LogRetentionDays == 0 {
		s.LogRetentionDays = DefaultLogRetentionDays
	}
	s.SubnetIDs = slices.Clone(s.SubnetIDs)
	s.AllowedSecurityGroupIDs = slices.Clone(s.AllowedSecurityGroupIDs)
	s.AllowedCIDRBlocks = slices.Clone(s.AllowedCIDRBlocks)
	return s
}

// SnapshotRetention is the snapshot retention in days, the default when unset.
func (s Spec) SnapshotRetention() int {
	if s.SnapshotRetentionDays == nil {
		return DefaultSnapshotRetentionDays
	}
	return *s.SnapshotRetentionDays
}

// Owner is the hipaa:owner tag value.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }
