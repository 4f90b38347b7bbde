package awsclient

import (
	"context"
	"regexp"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// childKey holds the child an executor is working on.
type childKey struct{}

type child struct{ key, owner string }

// WithChild names the child (its layout key, "nat/us-east-1a") and the
// owner (the hipaa:owner tag value, "hipaa_vpc/prod") that the AWS calls
// made with ctx work for; the call log line carries both. An empty key or
// owner keeps the one an enclosing WithChild set.
func WithChild(ctx context.Context, key, owner string) context.Context {
	prev := childOf(ctx)
	if key == "" {
		key = prev.key
	}
	if owner == "" {
		owner = prev.owner
	}
	return context.WithValue(ctx, childKey{}, child{key: key, owner: owner})
}

// ChildOf returns the child key and owner WithChild put in ctx, if any.
func ChildOf(ctx context.Context) (key, owner string) {
	c := childOf(ctx)
	return c.key, c.owner
}

func childOf(ctx context.Context) child {
	c, _ := ctx.Value(childKey{}).(child)
	return c
}

// Field keys of the call log line.
const (
	LogService    = "service"
	LogOperation  = "operation"
	LogDurationMS = "duration_ms"
	LogRetries    = "retries"
	LogError      = "error"
	LogErrorCode  = "error_code"
	LogRequestID  = "aws_request_id"
	LogChildKey   = "child_key"
	LogOwner      = "owner"
)

// CallLogMessage is the message of the one DEBUG line logged per AWS call.
const CallLogMessage = "AWS call"

// secretFieldKeys are field names whose values are secrets wherever they
// appear; their values are masked in every line logged with MaskSecrets.
var secretFieldKeys = []string{
	"password", "master_user_password", "MasterUserPassword", "secret_string", "SecretString",
	"secret_binary", "SecretBinary", "secret_value", "new_master_user_password",
}

// secretValuePatterns find a secret quoted inside a field value, such as an
// AWS error message that echoes a request parameter or a secret's JSON
// document ({"username":"x","password":"…"}); the match is masked.
var secretValuePatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)"(?:master_?user_?)?password"\s*:\s*"(?:[^"\\]|\\.)*"`),
	regexp.MustCompile(`(?i)"secret_?(?:string|binary)"\s*:\s*"(?:[^"\\]|\\.)*"`),
	regexp.MustCompile(`(?i)\b(?:new_?)?(?:master_?user_?)?password=[^&\s]*`),
	regexp.MustCompile(`(?i)\bsecret_?(?:string|binary)=[^&\s]*`),
}

// MaskSecrets masks, in every log line written with the returned context,
// the values of fields named like a password or a secret value, and any
// field value that quotes one. The call log never logs request or response
// bodies; this guards what it does log (the error message) and any other
// line logged with ctx.
func MaskSecrets(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	return tflog.MaskAllFieldValuesRegexes(ctx, secretValuePatterns...)
}

// callLog logs one DEBUG line per AWS operation, after its last attempt:
// service, operation, duration, retries, the error if any, and the child and
// owner from WithChild. It never logs a request or response body. Under
// ReadOnly it also refuses writes and records each call.
type callLog struct{}

func (callLog) ID() string { return "HipaaCallLog" }

func (callLog) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	record, err := readOnlyCheck(ctx)
	if err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	start := time.Now()
	out, md, err := next.HandleInitialize(ctx, in)
	tflog.Debug(MaskSecrets(ctx), CallLogMessage, callFields(ctx, md, time.Since(start), err))
	if record != nil {
		record(err)
	}
	return out, md, err
}

// callFields are the fields of one call's log line.
func callFields(ctx context.Context, md middleware.Metadata, d time.Duration, err error) map[string]any {
	retries := 0
	if r, ok := retry.GetAttemptResults(md); ok && len(r.Results) > 1 {
		retries = len(r.Results) - 1
	}
	f := map[string]any{
		LogService:    awsmiddleware.GetServiceID(ctx),
		LogOperation:  awsmiddleware.GetOperationName(ctx),
		LogDurationMS: d.Milliseconds(),
		LogRetries:    retries,
	}
	if id, ok := awsmiddleware.GetRequestIDMetadata(md); ok && id != "" {
		f[LogRequestID] = id
	}
	if err != nil {
		f[LogError] = err.Error()
		if code := ErrorCode(err); code != "" {
			f[LogErrorCode] = code
		}
	}
	c := childOf(ctx)
	if c.key != "" {
		f[LogChildKey] = c.key
	}
	if c.owner != "" {
		f[LogOwner] = c.owner
	}
	return f
}

// addCallLog puts the call log at the start of the stack (right after the
// service metadata, which names the call), so it measures the whole
// operation, retries and backoff included, and sees each operation once.
func addCallLog(s *middleware.Stack) error {
	if _, ok := s.Initialize.Get("RegisterServiceMetadata"); ok {
		return s.Initialize.Insert(callLog{}, "RegisterServiceMetadata", middleware.After)
	}
	return s.Initialize.Add(callLog{}, middleware.Before)
}
