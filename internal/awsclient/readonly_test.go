package awsclient

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// Under ReadOnly every call is recorded with its region, service and
// operation, and a write is refused before it reaches the endpoint.
func TestReadOnly_recordsAndRefusesWrites(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(scripted(&served, [2]string{"200", `{"Keys":[],"Truncated":false}`}))
	defer srv.Close()
	c := newLogTestClient(t, srv.URL)
	var mu sync.Mutex
	var calls []Call
	ctx := ReadOnly(context.Background(), func(c Call) { mu.Lock(); calls = append(calls, c); mu.Unlock() })

	if _, err := c.KMS().ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatal(err)
	}
	_, err := c.KMS().ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String("k")})
	var refused *WriteRefusedError
	if !errors.As(err, &refused) || refused.Service != "kms" || refused.Operation != "ScheduleKeyDeletion" {
		t.Fatalf("error %v, want the write refused", err)
	}
	if n := served.Load(); n != 1 {
		t.Errorf("the endpoint saw %d requests, want only the read", n)
	}
	want := []Call{{Region: "us-east-1", Service: "kms", Operation: "ListKeys"}, {Region: "us-east-1", Service: "kms", Operation: "ScheduleKeyDeletion", Err: refused}}
	if len(calls) != 2 || calls[0] != want[0] || calls[1].Operation != want[1].Operation || calls[1].Err == nil {
		t.Errorf("recorded %+v, want %+v", calls, want)
	}

	// Outside ReadOnly nothing is refused.
	if _, err := c.KMS().ScheduleKeyDeletion(context.Background(), &kms.ScheduleKeyDeletionInput{KeyId: aws.String("k")}); errors.As(err, &refused) {
		t.Errorf("refused outside ReadOnly: %v", err)
	}
}

func TestIsRead(t *testing.T) {
	for op, want := range map[string]bool{"DescribeFlowLogs": true, "GetKeyPolicy": true, "ListTagsForResource": true, "HeadBucket": true,
		"BatchGetAccountStatus": true, "DeleteFlowLogs": false, "CreateTags": false, "PutRetentionPolicy": false, "TagResource": false, "": false} {
		if IsRead(op) != want {
			t.Errorf("IsRead(%q) = %v", op, !want)
		}
	}
}
