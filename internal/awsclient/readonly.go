package awsclient

import (
	"context"
	"fmt"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
)

// Call is one AWS operation, as ReadOnly's record sees it after its last
// attempt.
type Call struct {
	Region    string // "us-east-1"
	Service   string // the endpoint key: "ec2", "logs"
	Operation string // "DescribeFlowLogs"
	Err       error  // nil when the call succeeded
}

type readOnlyKey struct{}

// ReadOnly returns a context in which every AWS call is passed to record
// (when not nil; it may be called concurrently) and a call that does not
// read (IsRead) is refused before it is sent, with a *WriteRefusedError.
// hipaagen evidence --verify reads AWS through it.
func ReadOnly(ctx context.Context, record func(Call)) context.Context {
	if record == nil {
		record = func(Call) {}
	}
	return context.WithValue(ctx, readOnlyKey{}, record)
}

// IsRead reports whether an operation only reads, by its name: Describe…,
// Get…, List…, Head… or BatchGet….
func IsRead(operation string) bool {
	for _, p := range []string{"Describe", "Get", "List", "Head", "BatchGet"} {
		if strings.HasPrefix(operation, p) {
			return true
		}
	}
	return false
}

// WriteRefusedError is a call that would write, refused under ReadOnly.
type WriteRefusedError struct{ Service, Operation string }

func (e *WriteRefusedError) Error() string {
	return fmt.Sprintf("refused %s:%s: this run only reads AWS", e.Service, e.Operation)
}

// readOnlyCheck is the call log's part of ReadOnly: before the call it
// refuses a write, and it returns what records the call's outcome (nil
// outside ReadOnly).
func readOnlyCheck(ctx context.Context) (func(error), error) {
	record, ok := ctx.Value(readOnlyKey{}).(func(Call))
	if !ok {
		return nil, nil
	}
	c := Call{Region: awsmiddleware.GetRegion(ctx), Service: serviceKey(awsmiddleware.GetServiceID(ctx)),
		Operation: awsmiddleware.GetOperationName(ctx)}
	if !IsRead(c.Operation) {
		c.Err = &WriteRefusedError{Service: c.Service, Operation: c.Operation}
		record(c)
		return nil, c.Err
	}
	return func(err error) { c.Err = err; record(c) }, nil
}
