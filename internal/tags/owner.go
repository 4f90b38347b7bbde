package tags

import (
	"errors"
	"fmt"
)

// NotOwnedError is an object an import found that this provider did not
// create: its hipaa:owner tag is missing or names another resource. Import
// refuses it, because the children of a resource are found by that tag and
// only objects the provider built are known to satisfy its controls.
type NotOwnedError struct {
	Kind     string // "DB instance"
	ID       string // the import ID or the object's ID
	Resource string // the resource type that would own it: "hipaa_database"
	Want     string // the owner value it would carry: "hipaa_database/pg1", or "hipaa_kms_key/<name>"
	Found    string // its owner tag; "" when it has none
	Fix      string // what to do instead, one or two sentences
}

func (e *NotOwnedError) Error() string {
	found := "it has no " + OwnerKey + " tag"
	if e.Found != "" {
		found = fmt.Sprintf("its %s tag is %q", OwnerKey, e.Found)
	}
	msg := fmt.Sprintf("%s %s was not created by %s: %s, and one this provider created carries %s=%s. "+
		"Only objects this provider created can be imported.", e.Kind, e.ID, e.Resource, found, OwnerKey, e.Want)
	if e.Fix != "" {
		msg += " " + e.Fix
	}
	return msg
}

// IsNotOwned reports whether err is (or wraps) a NotOwnedError.
func IsNotOwned(err error) bool {
	var n *NotOwnedError
	return errors.As(err, &n)
}

// ForeignError is an object an apply found where it would create a child,
// without this resource's owner tag (Owner): the provider neither adopts
// nor changes it.
type ForeignError struct{ Kind, Name, Owner string }

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s %q exists but is not tagged %s=%s, so it was not created by this resource; "+
		"choose another name, or delete or rename the existing one", e.Kind, e.Name, OwnerKey, e.Owner)
}
