package audittrail

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindBucket    Kind = "s3_bucket"
	KindLogGroup  Kind = "log_group"
	KindIAMRole   Kind = "iam_role"
	KindIAMPolicy Kind = "iam_policy" // the role's policy and its attachment (KeyRolePolicy)
	KindTrail     Kind = "cloudtrail"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindBucket, KindLogGroup, KindIAMRole, KindIAMPolicy, KindTrail}

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns every child in creation order: each child's DependsOn
// keys come earlier. The log bucket sends its access logs to the access
// bucket; the role's policy names the log group; the trail delivers to
// the log bucket and, through the role, to the log group.
func (l Layout) Children() []Child {
	return []Child{
		{KindBucket, KeyAccessBucket, nil},
		{KindBucket, KeyLogBucket, []string{KeyAccessBucket}},
		{KindLogGroup, KeyLogGroup, nil},
		{KindIAMRole, KeyRole, nil},
		{KindIAMPolicy, KeyRolePolicy, []string{KeyRole, KeyLogGroup}},
		{KindTrail, KeyTrail, []string{KeyLogBucket, KeyLogGroup, KeyRole, KeyRolePolicy}},
	}
}
