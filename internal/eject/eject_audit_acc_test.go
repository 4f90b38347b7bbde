package eject_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

const auditConfig = `
resource "hipaa_kms_key" "audit" {
  name             = "ej-audit"
  allowed_services = ["cloudtrail", "logs", "s3"]
}

resource "hipaa_audit_trail" "audit" {
  name              = "ejaudit"
  kms_key_arn       = hipaa_kms_key.audit.arn
  retain_on_destroy = false
}
`

// trailARNName matches a trail ARN passed as a JSON "Name".
var trailARNName = regexp.MustCompile(`"Name":\s*"arn:[^"]*:trail/([^"]+)"`)

// trailNameShim forwards to target, rewriting a trail ARN passed as Name to
// the trail's name. Emulator bug: moto looks StartLogging, StopLogging and
// GetTrailStatus up by name only and fails with a 500 on the ARN, which
// hashicorp/aws passes (AWS accepts both).
func trailNameShim(t *testing.T, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("X-Amz-Target"), "CloudTrail") {
			body, _ := io.ReadAll(r.Body)
			body = trailARNName.ReplaceAll(body, []byte(`"Name":"$1"`))
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func listAuditTrail(t *testing.T, e *acctest.Emulator) snapshot {
	t.Helper()
	l := newLister(t, e)
	l.auditTrail("ejaudit", "alias/ej-audit", "123456789012")
	return l.done(t)
}

// TestAccEject_auditTrail applies a hipaa_audit_trail (two hardened
// buckets, log group, role, multi-region trail) and its key, snapshots them
// with the SDK, applies the ejected configuration on a reset emulator and
// requires the same objects, an empty plan and a clean destroy.
func TestAccEject_auditTrail(t *testing.T) {
	emu := parallelEmulator(t)
	p := emu.NewProxy(t)
	src := p.ProviderConfig() + auditConfig
	list := func() snapshot { return listAuditTrail(t, emu) }
	want := applyHipaa(t, src, nil, list, "trail ejaudit", "bucket ejaudit-audit-logs-123456789012-us-east-1",
		"bucket_policy ejaudit-access-logs-123456789012-us-east-1", "iam_policy hipaa-audit-ejaudit-cloudtrail-cloudwatch-logs")

	emu.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(src), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, trailNameShim(t, p.URL()))
	tf.applyEjected(want, list)
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}
