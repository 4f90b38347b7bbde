package awsclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

func TestValidateEndpoint(t *testing.T) {
	cases := []struct{ svc, url, want string }{
		{"ec2", "http://127.0.0.1:5000", ""},
		{"kms", "https://kms.us-east-1.amazonaws.com", ""},
		{"ec3", "http://x", `unknown service "ec3"`},
		{"ec2", "127.0.0.1:5000", "not an absolute http(s) URL"},
		{"ec2", "ftp://host", "not an absolute http(s) URL"},
		{"ec2", "http://", "not an absolute http(s) URL"},
	}
	for _, tc := range cases {
		err := ValidateEndpoint(tc.svc, tc.url)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s %s: err = %v, want %q", tc.svc, tc.url, err, tc.want)
		}
	}
}

func TestEndpointPrecedence(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://global:1")
	t.Setenv("AWS_ENDPOINT_URL_KMS", "http://kms-env:2")
	c := &Client{endpoints: map[string]string{"ec2": "http://block:3"}}
	for svc, want := range map[string]string{"ec2": "http://block:3", "kms": "http://kms-env:2", "rds": "http://global:1"} {
		if got := aws.ToString(c.endpoint(svc)); got != want {
			t.Errorf("%s: %q, want %q", svc, got, want)
		}
	}
}

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"us-east-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov"} {
		if got := partitionOf(region); got != want {
			t.Errorf("%s: %s", region, got)
		}
	}
}

// throttled answers ThrottlingException n times, then succeeds.
func throttled(n int32, calls *atomic.Int32, ua *atomic.Value) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		if calls.Add(1) <= n {
			w.Header().Set("X-Amzn-Errortype", "ThrottlingException")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"__type":"ThrottlingException","message":"Rate exceeded"}`))
			return
		}
		_, _ = w.Write([]byte(`{"Keys":[],"Truncated":false}`))
	}
}

func newTestClient(t *testing.T, url string, retries int) *Client {
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	c, err := New(context.Background(), Config{Region: "us-east-1", MaxRetries: retries,
		Endpoints: map[string]string{"kms": url}, UserAgentVersion: "9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRetries_throttlingHonoursMaxRetries(t *testing.T) {
	var calls atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(throttled(3, &calls, &ua))
	defer srv.Close()
	if _, err := newTestClient(t, srv.URL, 5).KMS().ListKeys(context.Background(), &kms.ListKeysInput{}); err != nil {
		t.Fatalf("5 attempts should outlast 3 throttles: %v", err)
	}
	if calls.Load() != 4 {
		t.Fatalf("calls = %d, want 4", calls.Load())
	}
	if !strings.Contains(ua.Load().(string), "terraform-provider-hipaa/9.9.9") {
		t.Fatalf("user agent %q", ua.Load())
	}
	calls.Store(0)
	if _, err := newTestClient(t, srv.URL, 2).KMS().ListKeys(context.Background(), &kms.ListKeysInput{}); err == nil {
		t.Fatal("2 attempts against 3 throttles succeeded")
	}
	if calls.Load() != 2 {
		t.Fatalf("calls = %d, want 2 (max_retries)", calls.Load())
	}
}

func TestContextCancellation(t *testing.T) {
	var calls atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(throttled(1000, &calls, &ua))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newTestClient(t, srv.URL, 25).KMS().ListKeys(ctx, &kms.ListKeysInput{}); err == nil {
		t.Fatal("cancelled context did not stop the call")
	}
}

func TestNew_makesNoCall(t *testing.T) {
	var calls atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(throttled(0, &calls, &ua))
	defer srv.Close()
	_ = newTestClient(t, srv.URL, 1)
	if calls.Load() != 0 {
		t.Fatalf("New made %d calls", calls.Load())
	}
}
