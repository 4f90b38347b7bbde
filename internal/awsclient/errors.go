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

// EndpointError is an endpoint the provider cannot use: malformed, or
// refusing connections. It names the URL, the setting that chose it and the
// fix:
//
//	the kms endpoint "http://127.0.0.1:4566" (set by endpoints.kms) refused the connection; start the emulator …
type EndpointError struct {
	Service string // endpoint key: "kms"; "" for AWS_ENDPOINT_URL, which sets them all
	URL     string
	Setting string // "endpoints.kms", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL"; "" for AWS's own endpoint
	Problem string // "refused the connection"
	Fix     string
	Err     error // the transport error, if any
}

func (e *EndpointError) Error() string {
	from := "AWS's own endpoint"
	if e.Setting != "" {
		from = "set by " + e.Setting
	}
	what := "the endpoint"
	if e.Service != "" {
		what = "the " + e.Service + " endpoint"
	}
	s := fmt.Sprintf("%s %q (%s) %s; %s", what, e.URL, from, e.Problem, e.Fix)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *EndpointError) Unwrap() error { return e.Err }

// IdentityError is a failed credential check (sts:GetCallerIdentity), which
// comes before a resource's first AWS call: nothing was changed.
type IdentityError struct{ Err error }

func (e *IdentityError) Error() string {
	return "validating credentials with sts:GetCallerIdentity: " + e.Err.Error()
}

func (e *IdentityError) Unwrap() error { return e.Err }

// IsIdentityError reports whether err is (or wraps) an IdentityError.
func IsIdentityError(err error) bool {
	var ie *IdentityError
	return errors.As(err, &ie)
}
