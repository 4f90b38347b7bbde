package baseline

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindBucket     Kind = "s3_bucket"
	KindConfigRole Kind = "iam_role"
	KindRecorder   Kind = "config_configuration_recorder"
	KindChannel    Kind = "config_delivery_channel"
	KindPack       Kind = "config_conformance_pack"
	KindHub        Kind = "securityhub_account"
	KindStandards  Kind = "securityhub_standards_subscription"
	KindAnalyzer   Kind = "accessanalyzer_analyzer"
	KindInspector  Kind = "inspector2_enabler"
	KindEBS        Kind = "ebs_encryption_by_default"
	KindS3Block    Kind = "s3_account_public_access_block"
	KindPassword   Kind = "iam_account_password_policy"
	KindDetector   Kind = "guardduty_detector"
	// KindReplication is a Config bucket's replication configuration.
	KindReplication Kind = "s3_replication"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindBucket, KindConfigRole, KindRecorder, KindChannel, KindPack, KindHub, KindStandards,
	KindAnalyzer, KindInspector, KindEBS, KindS3Block, KindPassword, KindReplication, KindDetector}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns every child the layout turns on, in creation order:
// each child's DependsOn keys come earlier. The detector comes last and
// depends on every other child: a detector carrying this baseline's owner
// tag means a finished baseline (Executor.Apply).
func (l Layout) Children() []Child {
	c := []Child{
		{KindBucket, KeyAccessBucket, nil},
		{KindBucket, KeyConfigBucket, []string{KeyAccessBucket}},
		{KindConfigRole, KeyConfigRole, nil},
		{KindRecorder, KeyRecorder, []string{KeyConfigRole}},
		{KindChannel, KeyChannel, []string{KeyRecorder, KeyConfigBucket}},
	}
	if l.ConformancePack {
		c = append(c, Child{KindPack, KeyPack, []string{KeyRecorder, KeyChannel}})
	}
	c = append(c, Child{KindHub, KeyHub, nil}, Child{KindStandards, KeyStandards, []string{KeyHub}})
	if l.AccessAnalyzer {
		c = append(c, Child{KindAnalyzer, KeyAnalyzer, nil})
	}
	c = append(c, Child{KindInspector, KeyInspector, nil}, Child{KindEBS, KeyEBS, nil})
	if l.S3AccountPublicAccessBlock {
		c = append(c, Child{KindS3Block, KeyS3Block, nil})
	}
	if !l.PasswordPolicy.Unmanaged {
		c = append(c, Child{KindPassword, KeyPassword, nil})
	}
	if l.Replicas != nil { // the replication role is an iam_role, ensured with the Config role
		c = append(c,
			Child{KindBucket, KeyReplicaAccessBucket, nil},
			Child{KindBucket, KeyReplicaConfigBucket, []string{KeyReplicaAccessBucket}},
			Child{KindConfigRole, KeyReplicationRole, nil},
			Child{KindReplication, KeyConfigReplication, []string{KeyConfigBucket, KeyReplicaConfigBucket, KeyReplicationRole}},
			Child{KindReplication, KeyAccessReplication, []string{KeyAccessBucket, KeyReplicaAccessBucket, KeyReplicationRole}},
		)
	}
	all := make([]string, len(c))
	for i, x := range c {
		all[i] = x.Key
	}
	return append(c, Child{KindDetector, KeyDetector, all})
}
