package kmskey

import "github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"

// Kind is the type of a child object.
type Kind string

// Child kinds.
const (
	KindKey   Kind = "kms_key"
	KindAlias Kind = "kms_alias"
)

// Kinds lists every child kind in creation order.
var Kinds = []Kind{KindKey, KindAlias}

// Child keys.
const (
	KeyKey   = "key"
	KeyAlias = "alias"
)

// Child is one node of the creation DAG.
type Child executor.Node[Kind] // DependsOn: keys that must exist first (and be deleted after)

// Children returns the key and its alias (alias/<name>), which points at it.
func (s Spec) Children() []Child {
	return []Child{{KindKey, KeyKey, nil}, {KindAlias, KeyAlias, []string{KeyKey}}}
}
