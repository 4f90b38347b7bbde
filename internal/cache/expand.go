package cache

import (
	"fmt"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loggroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Settings the resource always makes (CCH-02, CCH-04, CCH-06, CCH-08).
const (
	TransitEncryptionModeRequired = "required" // never "preferred": plaintext clients are refused
	ClusterModeDisabled           = "disabled" // one shard: a primary and its replicas
	LogDestinationCloudWatch      = "cloudwatch-logs"
	LogFormatJSON                 = "json"
)

// Users' access strings (CCH-05). The default user is off; the
// application user may run every command but the dangerous ones (FLUSHALL,
// KEYS, DEBUG, ...) on every key and channel ("&*" needs Redis OSS 6.2 or
// Valkey, which CCH-06 requires anyway).
const (
	DefaultUserAccessString = "off -@all"
	AppUserAccessString     = "on ~* &* +@all -@dangerous"
)

// User authentication types, as the ElastiCache API spells them.
const (
	UserAuthIAM        = "iam"
	UserAuthPassword   = "password"
	UserAuthNoPassword = "no-password-required" // only for the disabled default user
)

// Rotation function (auth mode password): the Secrets Manager rotation
// template for ElastiCache users, which sets the new password with
// elasticache:ModifyUser.
const (
	RotationTemplate       = "SecretsManagerElasticacheUserRotation"
	RotationRuntime        = "python3.12"
	RotationHandler        = "lambda_function.lambda_handler"
	RotationTimeoutSeconds = 900 // the template waits up to 600 s for the user to be active
	RotationInvoker        = "secretsmanager.amazonaws.com"
)

// Layout is the expansion of a Spec: everything the executor creates.
type Layout struct {
	Name, Owner       string
	BaseTags          map[string]string
	Partition, Region string
	AccountID         string
	KMSKeyARN         string
	// SecurityGroup admits Port from the allowed groups and CIDR blocks and
	// has no egress rule at all (CCH-07). Its tags are Tags(Key).
	SecurityGroup    secgroup.Group
	SubnetGroup      SubnetGroup
	EngineLogGroup   loggroup.Spec
	SlowLogGroup     loggroup.Spec
	Users            []User     // nil: auth.user_group_id names the group
	UserGroup        *UserGroup // nil: auth.user_group_id names the group
	Secret           *Secret    // auth mode password
	Rotation         *Rotation  // auth mode password
	ReplicationGroup ReplicationGroup
	// FinalSnapshotPrefix starts the name of the snapshot destroy takes
	// (FinalSnapshotName adds the time).
	FinalSnapshotPrefix string
}

// SubnetGroup is the cache subnet group: the data-tier subnets.
type SubnetGroup struct {
	Name, Description string
	SubnetIDs         []string // sorted
	Tags              map[string]string
}

// User is one ElastiCache user of the user group.
type User struct {
	Key, ID, Name  string
	Engine         Engine
	AccessString   string
	Authentication string // UserAuth*; a password is read from the secret at apply, never kept
	Tags           map[string]string
}

// UserGroup is the RBAC user group the replication group uses.
type UserGroup struct {
	ID      string
	Engine  Engine
	UserIDs []string // sorted
	Tags    map[string]string
}

// Secret holds the application user's password under the customer key.
// Its value, {"username", "password", "user_arn"}, is written at apply
// with a generated password; the password never enters state or logs.
type Secret struct {
	Name, Description, KMSKeyARN string
	Username, UserARN            string
	Tags                         map[string]string
}

// Rotation rotates the password every Days days with the Secrets Manager
// ElastiCache user rotation function, which runs outside the VPC (it calls
// only the Secrets Manager and ElastiCache APIs).
type Rotation struct {
	Days     int
	Role     servicerole.Spec // trust: Lambda; managed policy: RotationRolePolicy
	LogGroup loggroup.Spec
	Function Function
}

// Function is the rotation Lambda function.
type Function struct {
	Name, Template, Runtime, Handler string
	TimeoutSeconds                   int
	KMSKeyARN                        string // encrypts its environment
	// Environment of the template; SECRET_ARN is added at apply from the
	// secret child, whose ARN ends in characters AWS picks.
	Environment map[string]string
	Invoker     string // the service principal allowed to invoke it, for this account only
	Tags        map[string]string
}

// ReplicationGroup is the CreateReplicationGroup input.
type ReplicationGroup struct {
	ID, Description               string
	Engine                        Engine
	EngineVersion, NodeType       string
	NumCacheClusters, Port        int
	ClusterMode                   string
	MultiAZ, AutomaticFailover    bool
	AtRestEncryption              bool
	KMSKeyARN                     string
	TransitEncryption             bool
	TransitEncryptionMode         string
	AutoMinorVersionUpgrade       bool
	SnapshotRetentionDays         int
	SnapshotWindow                string `json:",omitempty"` // "": ElastiCache picks one
	MaintenanceWindow             string `json:",omitempty"` // "": ElastiCache picks one
	SubnetGroupName               string
	SecurityGroupKey, UserGroupID string
	LogDelivery                   []LogDelivery
	Tags                          map[string]string
}

// LogDelivery is one LogDeliveryConfigurationRequest.
type LogDelivery struct {
	LogType, DestinationType, LogGroup, LogFormat string
}

// Tags is the tag set of a child.
func (l Layout) Tags(key string) map[string]string { return tags.WithChild(l.BaseTags, key) }

// Expand turns a valid spec into its layout: it refuses input errors and
// violations no exception waives.
func Expand(s Spec) (Layout, error) {
	s = s.WithDefaults()
	if err := compliance.Refusal(ResourceType, s.Name, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	return expand(s), nil
}

func expand(s Spec) Layout {
	l := Layout{Name: s.Name, Owner: s.Owner(), BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), Partition: s.Partition,
		Region: s.Region, AccountID: s.AccountID, KMSKeyARN: s.KMSKeyARN, FinalSnapshotPrefix: FinalSnapshotPrefix(s.Name)}
	l.SecurityGroup = securityGroup(s)
	l.SubnetGroup = SubnetGroup{Name: SubnetGroupName(s.Name), Description: fmt.Sprintf("%s %s: data-tier subnets", ResourceType, s.Name),
		SubnetIDs: lists.SortedUnique(s.SubnetIDs), Tags: l.Tags(KeySubnetGroup)}
	l.EngineLogGroup = l.logGroup(KeyEngineLogGroup, LogGroupName(s.Name, LogTypeEngine), s.LogRetentionDays)
	l.SlowLogGroup = l.logGroup(KeySlowLogGroup, LogGroupName(s.Name, LogTypeSlow), s.LogRetentionDays)
	userGroup := s.Auth.UserGroupID
	if userGroup == "" {
		l.Users, l.UserGroup = l.users(s)
		userGroup = l.UserGroup.ID
	}
	if s.Auth.Mode == AuthPassword {
		l.Secret = &Secret{Name: SecretName(s.Name), Description: fmt.Sprintf("%s %s: password of user %s", ResourceType, s.Name, UserID(s.Name, AppUser)),
			KMSKeyARN: s.KMSKeyARN, Username: UserID(s.Name, AppUser), UserARN: l.userARN(UserID(s.Name, AppUser)), Tags: l.Tags(KeySecret)}
		l.Rotation = l.rotation(s)
	}
	l.ReplicationGroup = l.replicationGroup(s, userGroup)
	return l
}

// securityGroup admits the port from each allowed group and CIDR block,
// and sends nothing: Egress is empty, so the allow-all rule AWS adds is
// revoked (CCH-07).
func securityGroup(s Spec) secgroup.Group {
	g := secgroup.Group{Key: KeySecurityGroup, RulesKey: KeySecurityGroupRules, Name: SecurityGroupName(s.Name), VPCID: s.VPCID,
		Description: fmt.Sprintf("%s %s: port %d in from the allowed security groups and CIDR blocks; no egress", ResourceType, s.Name, s.Port)}
	rule := func(r secgroup.Rule) { g.Ingress = append(g.Ingress, r) }
	for _, id := range lists.SortedUnique(s.AllowedSecurityGroupIDs) {
		rule(secgroup.Rule{Protocol: "tcp", FromPort: s.Port, ToPort: s.Port, SecurityGroupID: id, Description: "allowed_security_group_ids"})
	}
	for _, b := range lists.SortedUnique(s.AllowedCIDRBlocks) {
		rule(secgroup.Rule{Protocol: "tcp", FromPort: s.Port, ToPort: s.Port, CIDRBlock: b, Description: "allowed_cidr_blocks"})
	}
	return g
}

func (l Layout) logGroup(key, name string, days int) loggroup.Spec {
	return loggroup.Spec{Name: name, KMSKeyARN: l.KMSKeyARN, RetentionDays: days, Tags: l.Tags(key)}
}

func (l Layout) userARN(id string) string {
	return "arn:" + l.Partition + ":elasticache:" + l.Region + ":" + l.AccountID + ":user:" + id
}

// users are the disabled default user and the application user, and the
// group that holds them.
func (l Layout) users(s Spec) ([]User, *UserGroup) {
	auth := UserAuthIAM
	if s.Auth.Mode == AuthPassword {
		auth = UserAuthPassword
	}
	app := UserID(s.Name, AppUser)
	users := []User{
		{Key: KeyDefaultUser, ID: UserID(s.Name, DefaultUserName), Name: DefaultUserName, Engine: s.Engine, AccessString: DefaultUserAccessString,
			Authentication: UserAuthNoPassword, Tags: l.Tags(KeyDefaultUser)},
		{Key: KeyAppUser, ID: app, Name: app, Engine: s.Engine, AccessString: AppUserAccessString, Authentication: auth, Tags: l.Tags(KeyAppUser)},
	}
	ids := []string{users[0].ID, users[1].ID}
	slices.Sort(ids)
	return users, &UserGroup{ID: UserGroupID(s.Name), Engine: s.Engine, UserIDs: ids, Tags: l.Tags(KeyUserGroup)}
}

func (l Layout) rotation(s Spec) *Rotation {
	fn, role := RotationFunctionName(s.Name), RotationRoleName(s.Name)
	logs := l.logGroup(KeyRotationLogGroup, RotationLogGroupName(s.Name), s.LogRetentionDays)
	return &Rotation{Days: s.Auth.RotationDays,
		Role: servicerole.Spec{RoleName: role, Description: fmt.Sprintf("%s %s: password rotation", ResourceType, s.Name),
			TrustPolicy: RotationTrustPolicy(l.AccountID), PolicyName: RotationPolicyName(s.Name),
			PolicyDocument: RotationRolePolicy(l, SecretName(s.Name), UserID(s.Name, AppUser), logs.Name),
			Tags:           l.Tags(KeyRotationRole), Partition: l.Partition, AccountID: l.AccountID},
		LogGroup: logs,
		Function: Function{Name: fn, Template: RotationTemplate, Runtime: RotationRuntime, Handler: RotationHandler,
			TimeoutSeconds: RotationTimeoutSeconds, KMSKeyARN: l.KMSKeyARN, Invoker: RotationInvoker, Tags: l.Tags(KeyRotationFunction),
			Environment: map[string]string{
				"SECRETS_MANAGER_ENDPOINT": "https://secretsmanager." + l.Region + "." + dnsSuffix(l.Partition),
				"USER_NAME":                UserID(s.Name, AppUser),
			}},
	}
}

func (l Layout) replicationGroup(s Spec, userGroup string) ReplicationGroup {
	delivery := func(logType string, g loggroup.Spec) LogDelivery {
		return LogDelivery{LogType: logType, DestinationType: LogDestinationCloudWatch, LogGroup: g.Name, LogFormat: LogFormatJSON}
	}
	return ReplicationGroup{ID: ReplicationGroupID(s.Name), Description: fmt.Sprintf("%s %s", ResourceType, s.Name),
		Engine: s.Engine, EngineVersion: s.EngineVersion, NodeType: s.NodeType, NumCacheClusters: s.NumCacheClusters, Port: s.Port,
		ClusterMode: ClusterModeDisabled, MultiAZ: true, AutomaticFailover: true,
		AtRestEncryption: true, KMSKeyARN: s.KMSKeyARN, TransitEncryption: true, TransitEncryptionMode: TransitEncryptionModeRequired,
		AutoMinorVersionUpgrade: true, SnapshotRetentionDays: s.SnapshotRetention(),
		SnapshotWindow: s.SnapshotWindow, MaintenanceWindow: s.MaintenanceWindow,
		SubnetGroupName: l.SubnetGroup.Name, SecurityGroupKey: KeySecurityGroup, UserGroupID: userGroup,
		LogDelivery: []LogDelivery{delivery(LogTypeEngine, l.EngineLogGroup), delivery(LogTypeSlow, l.SlowLogGroup)},
		Tags:        l.Tags(KeyReplicationGroup)}
}
