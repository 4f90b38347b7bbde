package awsclient

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// NotFoundError is the one not-found error every finder returns.
type NotFoundError struct {
	Kind string // "KMS key", "subnet"
	ID   string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %s not found", e.Kind, e.ID) }

// IsNotFound reports whether err is (or wraps) a NotFoundError.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// ErrorCode returns the AWS API error code of err, or "".
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// HasCode reports whether err carries one of the given AWS error codes.
func HasCode(err error, codes ...string) bool {
	code := ErrorCode(err)
	for _, c := range codes {
		if code == c {
			return true
		}
	}
	return false
}

// ChildError names what we were doing, to which child, of which resource:
//
//	creating NAT gateway (nat/us-east-1a) of hipaa_vpc "prod": <aws error>
type ChildError struct {
	Action   string // "creating", "reading", "deleting", "updating"
	Kind     string // "NAT gateway"
	Key      string // "nat/us-east-1a"
	Resource string // "hipaa_vpc"
	Name     string // "prod"
	Err      error
}

func (e *ChildError) Error() string {
	key := ""
	if e.Key != "" {
		key = " (" + e.Key + ")"
	}
	return fmt.Sprintf("%s %s%s of %s %q: %v", e.Action, e.Kind, key, e.Resource, e.Name, e.Err)
}

func (e *ChildError) Unwrap() error { return e.Err }
