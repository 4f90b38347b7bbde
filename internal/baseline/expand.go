package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ChildName names the recorder, delivery channel, analyzer and
// conformance pack this resource creates.
const ChildName = "hipaa-baseline"

// Child keys.
const (
	KeyDetector     = "guardduty/detector"
	KeyHub          = "securityhub/hub"
	KeyStandards    = "securityhub/standards"
	KeyRecorder     = "config/recorder"
	KeyChannel      = "config/delivery-channel"
	KeyConfigRole   = "config/role"
	KeyConfigPolicy = "config/role/policy" // the role's customer-managed policy and its attachment
	KeyConfigBucket = "bucket/config"
	KeyAccessBucket = "bucket/config-access-logs"
	// With replication: the replicas in the replica region, the
	// replication role and its policy, and each bucket's rule.
	KeyReplicaConfigBucket = "replica/bucket/config"
	KeyReplicaAccessBucket = "replica/bucket/config-access-logs"
	KeyReplicationRole     = "replication/role"
	KeyReplicationPolicy   = "replication/policy"
	KeyConfigReplication   = "replication/config"
	KeyAccessReplication   = "replication/config-access-logs"
	KeyPack                = "config/conformance-pack"
	KeyAnalyzer            = "access-analyzer"
	KeyInspector           = "inspector"
	KeyEBS                 = "ebs-encryption-by-default"
	KeyS3Block             = "s3-account-public-access-block"
	KeyPassword            = "iam-password-policy"
)

// ConfigRoleManagedPolicy is AWS's managed policy for the Config recorder.
const ConfigRoleManagedPolicy = "service-role/AWS_ConfigRole"

// ConfigRolePolicyName names the Config role's managed policy (delivery to
// the Config bucket with the customer key; servicerole.PolicyName); earlier
// versions wrote an inline policy of this name.
const ConfigRolePolicyName = "config-delivery"

// Layout is the expansion of a Spec: every child and setting, computed
// before any AWS call.
type Layout struct {
	Region, AccountID, Partition string
	Owner                        string
	BaseTags                     map[string]string
	KMSKeyARN                    string

	DetectorFeatures []string
	FindingFrequency string
	StandardARNs     []string

	RecorderName, ChannelName  string
	ConfigRoleName             string
	ConfigRoleTrust            string
	ConfigRolePolicy           string
	ConfigPolicyName           string // the customer-managed policy of the role
	ConfigBucket, AccessBucket s3bucket.Bucket
	ConformancePack            bool
	PackName, PackTemplate     string
	PackDigest                 string // TemplateDigest(PackTemplate)
	AccessAnalyzer             bool
	AnalyzerName               string
	InspectorTypes             []string
	EBSKMSKeyARN               string
	S3AccountPublicAccessBlock bool
	PasswordPolicy             PasswordPolicy
	DisableOnDestroy           bool
	// Replicas replicate both Config buckets to another region; nil
	// without replication.
	Replicas *s3bucket.Replicas
}

// ReplicationRuleID is the ID of the Config buckets' replication rule.
const ReplicationRuleID = "hipaa-config-replication"

// ReplicaRegion is the replicas' region; "" without replication.
func (l Layout) ReplicaRegion() string {
	if l.Replicas == nil {
		return ""
	}
	return l.Replicas.Region
}

// Buckets lists every bucket in creation order: the access bucket, the
// Config bucket, then their replicas.
func (l Layout) Buckets() []s3bucket.Bucket {
	return append([]s3bucket.Bucket{l.AccessBucket, l.ConfigBucket}, l.Replicas.Buckets()...)
}

// Tags is the tag set of a child.
func (l Layout) Tags(key string) map[string]string { return tags.WithChild(l.BaseTags, key) }

// HubARN is the account's Security Hub in the region.
func (l Layout) HubARN() string {
	return fmt.Sprintf("arn:%s:securityhub:%s:%s:hub/default", l.Partition, l.Region, l.AccountID)
}

// ConfigRoleARN is the recorder's role.
func (l Layout) ConfigRoleARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", l.Partition, l.AccountID, l.ConfigRoleName)
}

// AnalyzerARN is the account analyzer's ARN.
func (l Layout) AnalyzerARN() string {
	return fmt.Sprintf("arn:%s:access-analyzer:%s:%s:analyzer/%s", l.Partition, l.Region, l.AccountID, l.AnalyzerName)
}

// StandardARN builds a standard's ARN for the region from its ID.
func StandardARN(partition, region, id string) string {
	if id == "cis-aws-foundations-benchmark/v/1.2.0" { // the one global ruleset
		return fmt.Sprintf("arn:%s:securityhub:::ruleset/%s", partition, id)
	}
	return fmt.Sprintf("arn:%s:securityhub:%s::standards/%s", partition, region, id)
}

// StandardID is the inverse of StandardARN.
func StandardID(arn string) string {
	for _, sep := range []string{"::standards/", ":::ruleset/"} {
		if i := strings.Index(arn, sep); i >= 0 {
			return arn[i+len(sep):]
		}
	}
	return arn
}

// Names of the children another configuration may already hold; from the
// prior state or import, else ChildName.
type Names struct{ Recorder, Channel string }

// Expand turns a valid spec into its layout.
func Expand(s Spec, n Names) (Layout, error) {
	s = s.WithDefaults()
	if err := compliance.Refusal(ResourceType, s.Region, Evaluate(s, compliance.Unknown{})); err != nil {
		return Layout{}, err
	}
	return expand(s, n), nil
}

// Locate is the layout of s without deciding its rules: the names, owner
// and settings of what runs in the region, for import (which learns the
// key from what it reads) and for the destroy of an import never applied
// (whose state names no key). It is never applied.
func Locate(s Spec, n Names) Layout { return expand(s.WithDefaults(), n) }

// expand lays out s, defaults applied.
func expand(s Spec, n Names) Layout {
	l := Layout{Region: s.Region, AccountID: s.AccountID, Partition: s.Partition, Owner: s.Owner(),
		BaseTags: tags.Build(s.DefaultTags, s.Tags, s.Owner()), KMSKeyARN: s.KMSKeyARN,
		DetectorFeatures: s.GuardDutyFeatures, FindingFrequency: s.FindingFrequency,
		RecorderName: orDefault(n.Recorder), ChannelName: orDefault(n.Channel),
		ConfigRoleName:  s3bucket.FitName("hipaa-config", "-"+s.Region, 64),
		ConformancePack: s.ConformancePack, PackName: ChildName, PackTemplate: ConformancePackTemplate(),
		PackDigest:     TemplateDigest(ConformancePackTemplate()),
		AccessAnalyzer: s.AccessAnalyzer, AnalyzerName: ChildName, InspectorTypes: s.InspectorResourceTypes,
		EBSKMSKeyARN: s.EBSKMSKeyARN, S3AccountPublicAccessBlock: s.S3AccountPublicAccessBlock,
		PasswordPolicy: s.PasswordPolicy, DisableOnDestroy: s.DisableOnDestroy}
	for _, id := range s.Standards {
		l.StandardARNs = append(l.StandardARNs, StandardARN(s.Partition, s.Region, id))
	}
	slices.Sort(l.StandardARNs)
	lc := s3bucket.Lifecycle{Transitions: []s3bucket.Transition{{Days: 30, StorageClass: "STANDARD_IA"}, {Days: 150, StorageClass: "DEEP_ARCHIVE"}},
		ExpireAfterDays: 3653, NoncurrentVersionExpireAfterDays: 3653}
	l.AccessBucket = s3bucket.Bucket{Key: KeyAccessBucket, Region: s.Region, Name: s3bucket.Name("hipaa", "config-access-logs", s.AccountID, s.Region),
		Lifecycle: lc, Tags: l.Tags(KeyAccessBucket)}
	l.ConfigBucket = s3bucket.Bucket{Key: KeyConfigBucket, Region: s.Region, Name: s3bucket.Name("hipaa", "config", s.AccountID, s.Region), KMSKeyARN: s.KMSKeyARN,
		Lifecycle: lc, Tags: l.Tags(KeyConfigBucket), LoggingTarget: l.AccessBucket.Name}
	l.ConfigBucket.LoggingPrefix = "s3-access/" + l.ConfigBucket.Name + "/"
	l.ConfigBucket.Policy = configBucketPolicy(l)
	l.AccessBucket.Policy = s3bucket.AccessLogPolicy(l.Partition, l.AccessBucket.Name, l.ConfigBucket.LoggingPrefix, l.AccountID)
	l.ConfigRoleTrust = configTrustPolicy(l)
	l.ConfigRolePolicy = configRolePolicy(l)
	l.ConfigPolicyName = servicerole.PolicyName(l.ConfigRoleName, ConfigRolePolicyName)
	if t := s.Replication; t != nil {
		l.Replicas = l.replicas(*t)
	}
	return l
}

// replicas: the Config bucket replicates under the replica region's key,
// the access bucket to an SSE-S3 copy that also receives the replica's
// access logs. Their names carry this region: the replica region runs a
// baseline of its own, with its own Config buckets.
func (l Layout) replicas(t s3bucket.Target) *s3bucket.Replicas {
	role := s3bucket.FitName("hipaa-config-"+l.Region, "-replication", 64)
	return s3bucket.ReplicateLogged(t, ReplicationRuleID, s3bucket.ReplicationRole(role, "S3 replication for "+ResourceType+" "+l.Region,
		l.Partition, l.AccountID, l.Tags(KeyReplicationRole), l.Tags(KeyReplicationPolicy)),
		s3bucket.Pair{RuleKey: KeyConfigReplication, Source: l.ConfigBucket, Replica: s3bucket.Bucket{Key: KeyReplicaConfigBucket,
			Name: s3bucket.Name("hipaa", "config-"+l.Region+"-replica", l.AccountID, t.Region), Tags: l.Tags(KeyReplicaConfigBucket)}},
		s3bucket.Pair{RuleKey: KeyAccessReplication, Source: l.AccessBucket, Replica: s3bucket.Bucket{Key: KeyReplicaAccessBucket,
			Name: s3bucket.Name("hipaa", "config-access-logs-"+l.Region+"-replica", l.AccountID, t.Region), Tags: l.Tags(KeyReplicaAccessBucket)}})
}

func orDefault(name string) string {
	if name == "" {
		return ChildName
	}
	return name
}

type statement = s3bucket.Statement

func (l Layout) configPrefixARN() string {
	return fmt.Sprintf("%s/AWSLogs/%s/Config/*", s3bucket.ARN(l.Partition, l.ConfigBucket.Name), l.AccountID)
}

// configBucketPolicy: TLS only; AWS Config of this account may check the
// bucket and write under AWSLogs/<account>/Config/ only.
func configBucketPolicy(l Layout) string {
	arn := s3bucket.ARN(l.Partition, l.ConfigBucket.Name)
	config := map[string]string{"Service": "config.amazonaws.com"}
	source := map[string]any{"StringEquals": map[string]string{"aws:SourceAccount": l.AccountID}}
	write := map[string]any{"StringEquals": map[string]string{"aws:SourceAccount": l.AccountID, "s3:x-amz-acl": "bucket-owner-full-control"}}
	return s3bucket.Policy(append(s3bucket.TLSOnly(arn),
		statement{Sid: "ConfigBucketCheck", Effect: "Allow", Principal: config, Action: []string{"s3:GetBucketAcl", "s3:ListBucket"}, Resource: arn, Condition: source},
		statement{Sid: "ConfigDelivery", Effect: "Allow", Principal: config, Action: "s3:PutObject", Resource: l.configPrefixARN(), Condition: write},
	)...)
}

func configTrustPolicy(l Layout) string {
	return s3bucket.Policy(statement{Sid: "Config", Effect: "Allow", Principal: map[string]string{"Service": "config.amazonaws.com"},
		Action: "sts:AssumeRole", Condition: map[string]any{"StringEquals": map[string]string{"aws:SourceAccount": l.AccountID}}})
}

// ConfigRoleManagedARN is AWS's managed policy for the recorder.
func (l Layout) ConfigRoleManagedARN() string {
	return "arn:" + l.Partition + ":iam::aws:policy/" + ConfigRoleManagedPolicy
}

// configRole is the recorder's role and its policies as
// internal/servicerole ensures them.
func (l Layout) configRole() servicerole.Spec {
	return servicerole.Spec{RoleName: l.ConfigRoleName, Description: "AWS Config recorder of " + ResourceType + " " + l.Region,
		TrustPolicy: l.ConfigRoleTrust, PolicyName: l.ConfigPolicyName, PolicyDocument: l.ConfigRolePolicy,
		ManagedPolicyARNs: []string{l.ConfigRoleManagedARN()}, Tags: l.Tags(KeyConfigRole), PolicyTags: l.Tags(KeyConfigPolicy),
		Partition: l.Partition, AccountID: l.AccountID}
}

// configRolePolicy lets the recorder deliver to its bucket with the key.
func configRolePolicy(l Layout) string {
	arn := s3bucket.ARN(l.Partition, l.ConfigBucket.Name)
	return s3bucket.Policy(
		statement{Sid: "Deliver", Effect: "Allow", Action: "s3:PutObject", Resource: l.configPrefixARN(),
			Condition: map[string]any{"StringLike": map[string]string{"s3:x-amz-acl": "bucket-owner-full-control"}}},
		statement{Sid: "CheckBucket", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: arn},
		statement{Sid: "EncryptDeliveries", Effect: "Allow", Action: []string{"kms:GenerateDataKey", "kms:Decrypt"}, Resource: l.KMSKeyARN},
	)
}
