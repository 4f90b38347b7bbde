package awsclient

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// callLines decodes the log and returns its call log lines.
func callLines(t *testing.T, log *syncBuffer) []map[string]any {
	t.Helper()
	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(log.String()))
	if err != nil {
		t.Fatalf("decoding log: %v\n%s", err, log.String())
	}
	var out []map[string]any
	for _, e := range entries {
		if e["@message"] == CallLogMessage {
			out = append(out, e)
		}
	}
	return out
}

// scripted answers the JSON protocol with the given (status, body) pairs in
// turn, the last one repeated.
func scripted(calls *atomic.Int32, answers ...[2]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1)) - 1
		a := answers[min(n, len(answers)-1)]
		w.Header().Set("X-Amzn-Requestid", "req-"+string(rune('a'+n)))
		if a[0] != "200" {
			code := a[0]
			status := 400
			if code == "500" {
				status, code = 500, "InternalFailure"
			}
			w.Header().Set("X-Amzn-Errortype", code)
			w.WriteHeader(status)
		}
		_, _ = w.Write([]byte(a[1]))
	}
}

func newLogTestClient(t *testing.T, url string) *Client {
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	c, err := New(context.Background(), Config{Region: "us-east-1", MaxRetries: 3,
		Endpoints: map[string]string{"kms": url, "secretsmanager": url}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A 500 then a 200 is one call with one retry: one line, with the service,
// operation, duration, retries and the child and owner from the context.
func TestCallLog_oneLinePerCallWithRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(scripted(&calls, [2]string{"500", `{"message":"boom"}`}, [2]string{"200", `{"Keys":[],"Truncated":false}`}))
	defer srv.Close()
	log := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), log)
	ctx = WithChild(ctx, "nat/us-east-1a", "hipaa_vpc/prod")
	c := newLogTestClient(t, srv.URL)

	if _, err := c.KMS().ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Fatalf("server saw %d requests, want 2", calls.Load())
	}
	lines := callLines(t, log)
	if len(lines) != 1 {
		t.Fatalf("%d call lines, want 1:\n%s", len(lines), log.String())
	}
	l := lines[0]
	want := map[string]any{"@level": "debug", LogService: "KMS", LogOperation: "ListKeys", LogRetries: float64(1),
		LogChildKey: "nat/us-east-1a", LogOwner: "hipaa_vpc/prod", LogRequestID: "req-b"}
	for k, v := range want {
		if l[k] != v {
			t.Errorf("%s = %#v, want %#v", k, l[k], v)
		}
	}
	if d, ok := l[LogDurationMS].(float64); !ok || d < 0 {
		t.Errorf("duration_ms = %#v", l[LogDurationMS])
	}
	if _, ok := l[LogError]; ok {
		t.Errorf("a successful call has an error field: %v", l)
	}

	// Three more calls, no retries, no child: three more lines.
	for range 3 {
		if _, err := c.KMS().ListKeys(tflogtest.RootLogger(context.Background(), log), &kms.ListKeysInput{}); err != nil {
			t.Fatal(err)
		}
	}
	lines = callLines(t, log)
	if len(lines) != 4 {
		t.Fatalf("%d call lines after 4 calls, want 4", len(lines))
	}
	for _, l := range lines[1:] {
		if l[LogRetries] != float64(0) {
			t.Errorf("retries = %v, want 0", l[LogRetries])
		}
		if _, ok := l[LogChildKey]; ok {
			t.Errorf("child_key without WithChild: %v", l)
		}
		if _, ok := l[LogOwner]; ok {
			t.Errorf("owner without WithChild: %v", l)
		}
	}
}

// A failed call is one line with the error and its code; retries counts
// the retries made before giving up.
func TestCallLog_errors(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(scripted(&calls, [2]string{"NotFoundException", `{"__type":"NotFoundException","message":"Key 'x' does not exist"}`}))
	defer srv.Close()
	log := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), log)
	c := newLogTestClient(t, srv.URL)
	if _, err := c.KMS().DescribeKey(WithChild(ctx, "key", ""), &kms.DescribeKeyInput{KeyId: aws.String("x")}); err == nil {
		t.Fatal("want an error")
	}
	lines := callLines(t, log)
	if len(lines) != 1 {
		t.Fatalf("%d call lines, want 1:\n%s", len(lines), log.String())
	}
	l := lines[0]
	if l[LogOperation] != "DescribeKey" || l[LogErrorCode] != "NotFoundException" || l[LogRetries] != float64(0) || l[LogChildKey] != "key" {
		t.Errorf("line %v", l)
	}
	if e, _ := l[LogError].(string); !strings.Contains(e, "does not exist") {
		t.Errorf("error = %q", e)
	}

	// Retryable to the end: max_retries 3 is 3 attempts, 2 retries.
	srv500 := httptest.NewServer(scripted(&calls, [2]string{"500", `{"message":"boom"}`}))
	defer srv500.Close()
	if _, err := newLogTestClient(t, srv500.URL).KMS().ListKeys(ctx, &kms.ListKeysInput{}); err == nil {
		t.Fatal("want an error")
	}
	lines = callLines(t, log)
	if len(lines) != 2 || lines[1][LogRetries] != float64(2) || lines[1][LogErrorCode] != "InternalFailure" {
		t.Fatalf("lines %v", lines)
	}

	// A request refused before it is sent (input validation) is a line too.
	if _, err := c.KMS().DescribeKey(ctx, &kms.DescribeKeyInput{}); err == nil {
		t.Fatal("want a validation error")
	}
	if lines = callLines(t, log); len(lines) != 3 || lines[2][LogOperation] != "DescribeKey" || lines[2][LogError] == nil {
		t.Fatalf("lines %v", lines)
	}
}

// No secret reaches the log: not the SecretString sent, not the one
// received, not a password an error message quotes.
func TestCallLog_noSecrets(t *testing.T) {
	const secret = "hunter2-Sup3rSecret"
	var calls atomic.Int32
	srv := httptest.NewServer(scripted(&calls,
		[2]string{"200", `{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:x","Name":"x","SecretString":"{\"username\":\"admin\",\"password\":\"` + secret + `\"}"}`},
		[2]string{"InvalidRequestException", `{"__type":"InvalidRequestException","message":"bad document {\"username\":\"admin\",\"password\":\"` + secret + `\"} and MasterUserPassword=` + secret + `"}`}))
	defer srv.Close()
	log := &syncBuffer{}
	ctx := tflogtest.RootLogger(context.Background(), log)
	c := newLogTestClient(t, srv.URL)
	out, err := c.SecretsManager().GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("x")})
	if err != nil || !strings.Contains(aws.ToString(out.SecretString), secret) {
		t.Fatalf("GetSecretValue: %v %v", out, err)
	}
	if _, err := c.SecretsManager().PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String("x"),
		SecretString: aws.String(`{"password":"` + secret + `"}`)}); err == nil {
		t.Fatal("want an error")
	}
	if n := len(callLines(t, log)); n != 2 {
		t.Fatalf("%d call lines, want 2:\n%s", n, log.String())
	}
	if strings.Contains(log.String(), secret) {
		t.Fatalf("the secret is in the log:\n%s", log.String())
	}
	if !strings.Contains(log.String(), `bad document {\"username\":\"admin\",***} and ***`) {
		t.Fatalf("the error message is not in the log, masked:\n%s", log.String())
	}
}

func TestWithChild_inherits(t *testing.T) {
	ctx := WithChild(context.Background(), "subnet/a", "hipaa_vpc/x")
	if k, o := ChildOf(WithChild(ctx, "", "")); k != "subnet/a" || o != "hipaa_vpc/x" {
		t.Fatalf("%s %s", k, o)
	}
	if k, o := ChildOf(WithChild(ctx, "subnet/b", "")); k != "subnet/b" || o != "hipaa_vpc/x" {
		t.Fatalf("%s %s", k, o)
	}
	if k, o := ChildOf(context.Background()); k != "" || o != "" {
		t.Fatalf("%s %s", k, o)
	}
}
