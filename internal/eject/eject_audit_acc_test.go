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

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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

func listAuditTrail(t *testing.T) snapshot {
	t.Helper()
	l := newLister(t)
	l.auditTrail("ejaudit", "alias/ej-audit", "123456789012")
	return l.done(t)
}

// TestAccEject_auditTrail applies a hipaa_audit_trail (two hardened
// buckets, log group, role, multi-region trail) and its key, snapshots them
// with the SDK, applies the ejected configuration on a reset emulator and
// requires the same objects, an empty plan and a clean destroy.
func TestAccEject_auditTrail(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	src := p.ProviderConfig() + auditConfig
	var want snapshot
	start := time.Now()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: src,
			Check:  func(*terraform.State) error { want = listAuditTrail(t); return nil },
		}},
	})
	t.Logf("hipaa_audit_trail: apply, snapshot and destroy in %s", time.Since(start).Round(time.Millisecond))
	for _, k := range []string{"trail ejaudit", "bucket ejaudit-audit-logs-123456789012-us-east-1", "bucket_policy ejaudit-access-logs-123456789012-us-east-1"} {
		if _, ok := want[k]; !ok {
			t.Errorf("the snapshot of hipaa_audit_trail lacks %s", k)
		}
	}

	acctest.Reset(t)
	start = time.Now()
	out, err := eject.Config("main.tf", []byte(src), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, trailNameShim(t, p.URL()))
	tf.run("init", "-input=false")
	tf.run("apply", "-auto-approve", "-input=false")
	got := listAuditTrail(t)
	if d := diff(want, got); len(d) > 0 {
		t.Errorf("the ejected configuration made different objects than hipaa_audit_trail (%d compared):\n%s", len(want), strings.Join(d, "\n"))
	}
	t.Logf("compared %d objects", len(want))
	if code := tf.exitCode("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Errorf("terraform plan after apply exited %d, want 0 (no changes)", code)
	}
	tf.run("destroy", "-auto-approve", "-input=false")
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}
