package database

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// DefaultRetainLogsOnDestroy is retain_logs_on_destroy when unset: the
// engine log groups are audit evidence and outlive the database.
const DefaultRetainLogsOnDestroy = true

// NoDatabaseError is an import ID that names no DB instance and no DB
// cluster in the region. It is a not-found error (awsclient.IsNotFound).
type NoDatabaseError struct{ Identifier, Region string }

func (e *NoDatabaseError) Error() string {
	return fmt.Sprintf("no DB instance or cluster %s in %s: check the identifier, and that the provider's region is the database's",
		e.Identifier, e.Region)
}

// Unwrap makes it an awsclient.NotFoundError.
func (e *NoDatabaseError) Unwrap() error {
	return &awsclient.NotFoundError{Kind: "DB instance or cluster", ID: e.Identifier}
}

// MemberError is an import ID that names a member instance of an Aurora
// cluster: the cluster is what hipaa_database manages.
type MemberError struct{ Instance, Cluster string }

func (e *MemberError) Error() string {
	return fmt.Sprintf("DB instance %s is a member of the Aurora cluster %s: import the cluster's identifier, %s", e.Instance, e.Cluster, e.Cluster)
}

// Import reads the database id — the DB instance of that identifier, else
// the Aurora cluster — and returns the Spec it is configured with. It reads
// the database first (the instance or cluster names its subnet group, VPC,
// subnets, key and engine), refuses one without this provider's owner tag
// (tags.NotOwnedError), expands the Spec so rebuilt to find the children by
// name, and reads from them the rest: the admitted sources, log retention,
// secret rotation and proxy. A database that does not exist is a
// NoDatabaseError. Nothing is changed.
//
// What AWS does not record as configured is left unset, so it takes its
// default: the backup and maintenance windows (AWS picks them when none is
// given), allow_major_version_upgrade and apply_immediately (choices of an
// apply, not properties of the database), and exceptions.
func Import(ctx context.Context, c Clients, env Env, defaultTags map[string]string, id string) (Spec, error) {
	id = strings.ToLower(id)
	if errs := validateIdentifier(Spec{Identifier: id}); len(errs) > 0 {
		return Spec{}, errors.New(errs[0].Detail)
	}
	o, err := describeForImport(ctx, c, id, env.Region)
	if err != nil {
		return Spec{}, err
	}
	l, err := Expand(SpecOf(o, env, defaultTags))
	if err != nil {
		return Spec{}, fmt.Errorf("%s %s cannot be imported as it is: %w", o.kind(), id, err)
	}
	for _, step := range []func(context.Context, Clients, Layout) error{o.readSecurityGroups, o.readLogGroups, o.readSecret, o.readProxy} {
		if err := step(ctx, c, l); err != nil {
			return Spec{}, err
		}
	}
	return SpecOf(o, env, defaultTags).WithDefaults(), nil
}

// describeForImport reads the instance id, else the cluster id with its
// members, and the subnet group either uses; it refuses what this provider
// did not create.
func describeForImport(ctx context.Context, c Clients, id, region string) (*Observed, error) {
	o := &Observed{Members: map[string]rdstypes.DBInstance{}}
	owner := tags.Owner(ResourceType, id)
	db, err := describeInstance(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if db != nil {
		if cl := aws.ToString(db.DBClusterIdentifier); cl != "" {
			return nil, &MemberError{Instance: id, Cluster: cl}
		}
		if err := owned("DB instance", id, owner, awsclient.RDSTagValue(db.TagList, tags.OwnerKey)); err != nil {
			return nil, err
		}
		o.Instance = db
		if g := db.DBSubnetGroup; g != nil && aws.ToString(g.VpcId) != "" && len(g.Subnets) > 0 {
			o.SubnetGroup = g
			return o, nil
		}
		return o, o.readSubnetGroupNamed(ctx, c, subnetGroupOf(db.DBSubnetGroup, id))
	}
	out, err := c.RDS.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(id)})
	var nf *rdstypes.DBClusterNotFoundFault
	if errors.As(err, &nf) || (err == nil && len(out.DBClusters) == 0) {
		return nil, &NoDatabaseError{Identifier: id, Region: region}
	}
	if err != nil {
		return nil, fmt.Errorf("describing DB cluster %s: %w", id, err)
	}
	cl := out.DBClusters[0]
	if err := owned("DB cluster", id, owner, awsclient.RDSTagValue(cl.TagList, tags.OwnerKey)); err != nil {
		return nil, err
	}
	o.Cluster = &cl
	if err := o.readMembers(ctx, c, id); err != nil {
		return nil, err
	}
	name := aws.ToString(cl.DBSubnetGroup)
	if name == "" {
		name = SubnetGroupName(id)
	}
	return o, o.readSubnetGroupNamed(ctx, c, name)
}

// describeInstance is the instance id; nil when there is none (or it is
// being deleted).
func describeInstance(ctx context.Context, c Clients, id string) (*rdstypes.DBInstance, error) {
	out, err := c.RDS.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(id)})
	var nf *rdstypes.DBInstanceNotFoundFault
	if errors.As(err, &nf) || (err == nil && len(out.DBInstances) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describing DB instance %s: %w", id, err)
	}
	if aws.ToString(out.DBInstances[0].DBInstanceStatus) == "deleting" {
		return nil, nil
	}
	return &out.DBInstances[0], nil
}

func subnetGroupOf(g *rdstypes.DBSubnetGroup, id string) string {
	if g != nil && aws.ToString(g.DBSubnetGroupName) != "" {
		return aws.ToString(g.DBSubnetGroupName)
	}
	return SubnetGroupName(id)
}

// owned refuses an object whose owner tag is not want.
func owned(kind, id, want, got string) error {
	if got == want {
		return nil
	}
	return &tags.NotOwnedError{Kind: kind, ID: id, Resource: ResourceType, Want: want, Found: got,
		Fix: "Keep managing it outside this provider, or create a new " + ResourceType + " and move the data into it."}
}

func (o *Observed) kind() string {
	if o.Cluster != nil {
		return "DB cluster"
	}
	return "DB instance"
}

// SpecOf rebuilds the Spec of an observed database: the instance (or the
// cluster and its members) and its subnet group, and from whichever of the
// children o holds, the admitted sources, log retention, rotation and
// proxy. A value o does not hold is left unset (its default applies). The
// context comes from env, the user tags from the database's tags without
// the provider's own and unchanged default tags (tags.UserTags). It is
// pure: Import calls it before and after reading the children.
func SpecOf(o *Observed, env Env, defaultTags map[string]string) Spec {
	s := Spec{Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags}
	var tagList []rdstypes.Tag
	switch {
	case o.Instance != nil:
		i := o.Instance
		s.Identifier, s.Engine, s.EngineVersion = aws.ToString(i.DBInstanceIdentifier), Engine(aws.ToString(i.Engine)), aws.ToString(i.EngineVersion)
		s.InstanceClass, s.StorageType, s.KMSKeyARN = aws.ToString(i.DBInstanceClass), storageType(i.StorageType, StorageTypes), aws.ToString(i.KmsKeyId)
		s.AllocatedStorage, s.MaxAllocatedStorage = int(aws.ToInt32(i.AllocatedStorage)), int(aws.ToInt32(i.MaxAllocatedStorage))
		s.BackupRetentionDays, s.MultiAZ, s.DeletionProtection = optInt(i.BackupRetentionPeriod), optBool(i.MultiAZ), optBool(i.DeletionProtection)
		s.MasterUsername, s.DatabaseName = aws.ToString(i.MasterUsername), aws.ToString(i.DBName)
		s.PerformanceInsights, s.MonitoringIntervalSeconds = optBool(i.PerformanceInsightsEnabled), optInt(i.MonitoringInterval)
		if i.Endpoint != nil && aws.ToInt32(i.Endpoint.Port) > 0 {
			s.Port, s.PortSet = int(aws.ToInt32(i.Endpoint.Port)), true
		}
		tagList = i.TagList
	case o.Cluster != nil:
		c := o.Cluster
		s.Identifier, s.Engine, s.EngineVersion = aws.ToString(c.DBClusterIdentifier), Engine(aws.ToString(c.Engine)), aws.ToString(c.EngineVersion)
		s.StorageType, s.KMSKeyARN = storageType(c.StorageType, AuroraStorageTypes), aws.ToString(c.KmsKeyId)
		s.BackupRetentionDays, s.DeletionProtection = optInt(c.BackupRetentionPeriod), optBool(c.DeletionProtection)
		s.MasterUsername, s.DatabaseName = aws.ToString(c.MasterUsername), aws.ToString(c.DatabaseName)
		s.InstanceCount = len(o.Members)
		if m, ok := firstMember(o.Members); ok { // members share their class and monitoring
			s.InstanceClass = aws.ToString(m.DBInstanceClass)
			s.PerformanceInsights, s.MonitoringIntervalSeconds = optBool(m.PerformanceInsightsEnabled), optInt(m.MonitoringInterval)
		}
		if aws.ToInt32(c.Port) > 0 {
			s.Port, s.PortSet = int(aws.ToInt32(c.Port)), true
		}
		tagList = c.TagList
	}
	s.Identifier = strings.ToLower(s.Identifier)
	if g := o.SubnetGroup; g != nil {
		s.VPCID = aws.ToString(g.VpcId)
		for _, sn := range g.Subnets {
			s.SubnetIDs = append(s.SubnetIDs, aws.ToString(sn.SubnetIdentifier))
		}
	}
	s.AllowedSecurityGroupIDs, s.AllowedCIDRBlocks = importedSources(o)
	s.LogRetentionDays = importedLogRetention(o, s.Engine, s.Identifier)
	if sec := o.Secret; sec != nil && sec.RotationRules != nil {
		s.MasterPasswordRotationDays = int(aws.ToInt64(sec.RotationRules.AutomaticallyAfterDays))
	}
	if p := o.Proxy; p != nil {
		s.Proxy = Proxy{Enabled: true, IdleClientTimeoutSeconds: int(aws.ToInt32(p.IdleClientTimeout)), DebugLogging: aws.ToBool(p.DebugLogging)}
	}
	s.Tags = tags.UserTags(rdsTagMap(tagList), defaultTags)
	return s
}

// importedSources are the groups and CIDR blocks the database's group
// admits, without the proxy's group (which proxy.enabled adds), sorted.
func importedSources(o *Observed) (sgs, cidrs []string) {
	g, ok := o.SecurityGroups[KeySecurityGroup]
	if !ok {
		return nil, nil
	}
	proxy := o.SecurityGroupID(KeyProxySecurityGroup)
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

// importedLogRetention is the retention of the engine's log groups (the
// proxy's follows it); 0 when none was found or none has a retention.
func importedLogRetention(o *Observed, e Engine, id string) int {
	for _, t := range e.LogExports() {
		if g, ok := o.LogGroups[LogGroupName(e, id, t)]; ok && g.RetentionDays != 0 {
			return g.RetentionDays
		}
	}
	return 0
}

func firstMember(members map[string]rdstypes.DBInstance) (rdstypes.DBInstance, bool) {
	if len(members) == 0 {
		return rdstypes.DBInstance{}, false
	}
	ids := slices.Sorted(maps.Keys(members))
	return members[ids[0]], true
}

// storageType is v when it is one of the engine's storage types, else ""
// (the default): the emulator reports Aurora clusters as "gp2".
func storageType(v *string, valid []string) string {
	if slices.Contains(valid, aws.ToString(v)) {
		return aws.ToString(v)
	}
	return ""
}

// optInt is nil when RDS did not report the value (its default applies).
func optInt(v *int32) *int {
	if v == nil {
		return nil
	}
	return Int(int(*v))
}

func optBool(v *bool) *bool {
	if v == nil {
		return nil
	}
	return Bool(*v)
}

// rdsTagMap is an RDS tag list as a map.
func rdsTagMap(list []rdstypes.Tag) map[string]string {
	out := make(map[string]string, len(list))
	for _, t := range list {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
