package awsclient

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// clearEndpointEnv unsets every endpoint variable for the test.
func clearEndpointEnv(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	for _, v := range Services {
		t.Setenv("AWS_ENDPOINT_URL_"+v, "")
	}
}

func TestCheckEndpoints_namesTheSetting(t *testing.T) {
	cases := []struct {
		name      string
		block     map[string]string
		env       map[string]string
		wantURL   string
		wantInMsg string // the setting; "" means no error
	}{
		{"block", map[string]string{"ec2": "ftp://x"}, nil, "ftp://x", "endpoints.ec2"},
		{"serviceEnv", nil, map[string]string{"AWS_ENDPOINT_URL_EC2": "ftp://x"}, "ftp://x", "AWS_ENDPOINT_URL_EC2"},
		{"globalEnv", nil, map[string]string{"AWS_ENDPOINT_URL": "ftp://x"}, "ftp://x", "AWS_ENDPOINT_URL"},
		{"noHost", map[string]string{"kms": "http://"}, nil, "http://", "endpoints.kms"},
		{"unparsable", nil, map[string]string{"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://[::1"}, "http://[::1", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"},
		{"noScheme", map[string]string{"rds": "127.0.0.1:5000"}, nil, "127.0.0.1:5000", "endpoints.rds"},
		{"shadowedEnvUnused", map[string]string{"ec2": "http://127.0.0.1:5000"}, map[string]string{"AWS_ENDPOINT_URL_EC2": "ftp://x"}, "", ""},
		{"valid", map[string]string{"ec2": "https://ec2.us-east-1.amazonaws.com"}, map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearEndpointEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			errs := CheckEndpoints(tc.block)
			if tc.wantInMsg == "" {
				if len(errs) != 0 {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("want one error (one per setting), got %d: %v", len(errs), errs)
			}
			msg := errs[0].Error()
			for _, want := range []string{tc.wantURL, "set by " + tc.wantInMsg, "not an absolute http(s) URL", "correct " + tc.wantInMsg} {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
			if _, err := New(context.Background(), Config{Region: "us-east-1", Endpoints: tc.block}); err == nil || !strings.Contains(err.Error(), tc.wantInMsg) {
				t.Errorf("New: err = %v, want one naming %s", err, tc.wantInMsg)
			}
		})
	}
}

// deadURL is a loopback URL nothing listens on.
func deadURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String()
	_ = l.Close()
	return u
}

// countingHTTP counts the requests the SDK sends.
type countingHTTP struct {
	inner aws.HTTPClient
	n     *atomic.Int32
}

func (c countingHTTP) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.inner.Do(r)
}

func TestRetries_connectionRefusedFailsFast(t *testing.T) {
	for _, setting := range []string{"endpoints.kms", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL"} {
		t.Run(setting, func(t *testing.T) {
			clearEndpointEnv(t)
			t.Setenv("AWS_ACCESS_KEY_ID", "test")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
			u := deadURL(t)
			cfg := Config{Region: "us-east-1", MaxRetries: 25, Endpoints: map[string]string{}}
			if setting == "endpoints.kms" {
				cfg.Endpoints["kms"] = u
			} else {
				t.Setenv(setting, u)
			}
			c, err := New(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			var sent atomic.Int32
			c.cfg.HTTPClient = countingHTTP{inner: c.cfg.HTTPClient, n: &sent}
			_, err = c.KMS().ListKeys(context.Background(), &kms.ListKeysInput{})
			var ee *EndpointError
			if !errors.As(err, &ee) {
				t.Fatalf("err = %v, want an EndpointError", err)
			}
			if sent.Load() != 1 {
				t.Errorf("attempts = %d, want 1 (not retried)", sent.Load())
			}
			msg := err.Error()
			for _, want := range []string{u, "set by " + setting, "refused the connection", "start the emulator", "correct " + setting} {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestRetries_serverErrorRetriedAndLogged(t *testing.T) {
	clearEndpointEnv(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"Keys":[],"Truncated":false}`))
	}))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if _, err := newTestClient(t, srv.URL, 5).KMS().ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatalf("5 attempts should outlast two 503s: %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("calls = %d, want 3", calls.Load())
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	var attempts []float64
	for _, e := range entries {
		if e["@message"] != "retrying AWS call" {
			continue
		}
		if e["@level"] != "warn" || e["service"] != "KMS" || e["operation"] != "ListKeys" || !strings.Contains(e["reason"].(string), "HTTP 503") {
			t.Errorf("log entry %v", e)
		}
		attempts = append(attempts, e["attempt"].(float64))
	}
	if len(attempts) != 2 || attempts[0] != 1 || attempts[1] != 2 {
		t.Fatalf("retries logged for attempts %v, want [1 2]", attempts)
	}
}

func TestRetries_throttlingLogsItsCode(t *testing.T) {
	clearEndpointEnv(t)
	var calls atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(throttled(1, &calls, &ua))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if _, err := newTestClient(t, srv.URL, 3).KMS().ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || !strings.Contains(logs.String(), `"reason":"ThrottlingException (HTTP 400)"`) {
		t.Fatalf("calls = %d, log:\n%s", calls.Load(), logs.String())
	}
}

func TestServiceKey(t *testing.T) {
	for id, want := range map[string]string{"CloudWatch Logs": "logs", "S3 Control": "s3control", "Config Service": "configservice", "EC2": "ec2", "Secrets Manager": "secretsmanager"} {
		if got := serviceKey(id); got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
}

func TestUnreachable_classifies(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"refused", &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: refused}, true},
		{"noSuchHost", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}, true},
		{"dnsTimeout", &net.DNSError{Err: "i/o timeout", Name: "x", IsTimeout: true}, false},
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, false},
		{"other", errors.New("boom"), false},
	}
	for _, tc := range cases {
		if _, got := unreachable(tc.err); got != tc.want {
			t.Errorf("%s: unreachable = %v, want %v", tc.name, got, tc.want)
		}
		if got := notUnreachable(tc.err) == aws.FalseTernary; got != tc.want {
			t.Errorf("%s: retry veto = %v, want %v", tc.name, got, tc.want)
		}
	}
}
