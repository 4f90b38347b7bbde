package eject_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
)

// baselineAccConfig is a security baseline with non-default GuardDuty,
// Inspector and password settings and every other argument at its default.
const baselineAccConfig = `
resource "hipaa_kms_key" "baseline" {
  name             = "ej-baseline"
  allowed_services = ["config", "ebs", "s3"]
}

resource "hipaa_security_baseline" "account" {
  kms_key_arn     = hipaa_kms_key.baseline.arn
  guardduty       = { finding_publishing_frequency = "ONE_HOUR", features = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "EBS_MALWARE_PROTECTION", "LAMBDA_NETWORK_LOGS"] }
  inspector       = { resource_types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] }
  password_policy = { minimum_length = 16, max_age_days = 60, reuse_prevention = 24 }
  tags            = { team = "security" }
}
`

// baselineCLI is newCLI for an ejected configuration holding a
// hipaa_security_baseline (and possibly an audit trail), with what
// hashicorp/aws needs against the emulator besides the endpoint (and the
// harness fake's internal/acctest/fake_eject.go):
//   - guardDutyFeatureShim, then trailNameShim, in front of the proxy;
//   - the shim as the HTTP proxy of terraform: hashicorp/aws puts the
//     account ID in front of the s3control host (123456789012.127.0.0.1,
//     which does not resolve). Go proxies no loopback address, so the shim
//     receives exactly those calls and forwards them.
func baselineCLI(t *testing.T, out []byte, e *acctest.Emulator, p *acctest.Proxy) *cli {
	t.Helper()
	shim := guardDutyFeatureShim(t, e, trailNameShim(t, p.URL()))
	tf := newCLI(t, out, shim)
	tf.env = append(tf.env, "HTTP_PROXY="+shim)
	return tf
}

// detectorPath is a GuardDuty UpdateDetector route.
var detectorPath = regexp.MustCompile(`^/detector/([^/]+)$`)

// guardDutyFeatureShim forwards to target, merging the features of an
// UpdateDetector into the detector's current ones. Emulator bug: moto
// replaces the detector's whole feature list with the features of the call,
// while AWS updates only the features named; hashicorp/aws sends one
// UpdateDetector per aws_guardduty_detector_feature, so without the merge
// only the last feature would stay enabled.
func guardDutyFeatureShim(t *testing.T, e *acctest.Emulator, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	c := guardduty.NewFromConfig(e.AWSConfig(t))
	rp := httputil.NewSingleHostReverseProxy(u)
	var mu sync.Mutex // one UpdateDetector at a time: the feature resources apply in parallel
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := detectorPath.FindStringSubmatch(r.URL.Path)
		if r.Method == http.MethodPost && m != nil && strings.Contains(r.Header.Get("Authorization"), "/guardduty/aws4_request") {
			mu.Lock()
			defer mu.Unlock()
			body, err := io.ReadAll(r.Body)
			if err == nil {
				body, err = mergeFeatures(r.Context(), c, acctest.SignedRegion(r), m[1], body)
			}
			if err != nil {
				t.Errorf("guardDutyFeatureShim: %v", err) // the features would be replaced, not merged
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// mergeFeatures returns the UpdateDetector body with the current features
// of the detector (in region) added where the call does not name them.
func mergeFeatures(ctx context.Context, c *guardduty.Client, region, id string, body []byte) ([]byte, error) {
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil || in["features"] == nil {
		return body, err
	}
	d, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)}, func(o *guardduty.Options) { o.Region = region })
	if err != nil {
		return body, fmt.Errorf("reading detector %s in %s: %w", id, region, err)
	}
	features, _ := in["features"].([]any)
	named := map[string]bool{}
	for _, f := range features {
		if m, ok := f.(map[string]any); ok {
			named[fmt.Sprint(m["name"])] = true
		}
	}
	for _, f := range d.Features {
		if !named[string(f.Name)] {
			features = append(features, map[string]any{"name": string(f.Name), "status": string(f.Status)})
		}
	}
	in["features"] = features
	return json.Marshal(in)
}

func listSecurityBaseline(t *testing.T, e *acctest.Emulator, p *acctest.Proxy) snapshot {
	t.Helper()
	l := newLister(t, e)
	l.cfg.BaseEndpoint = aws.String(p.URL()) // the fake's operations too
	l.key[l.keyARN("alias/ej-baseline")] = "key alias/ej-baseline"
	l.securityBaseline("123456789012")
	return l.done(t)
}

// TestAccEject_securityBaseline applies a hipaa_security_baseline and its
// key, snapshots every object with the SDK (through the proxy, so the
// fake's operations answer too), applies the ejected configuration on a
// reset emulator with hashicorp/aws (see baselineCLI) and requires the same
// objects, an empty plan, and a destroy that keeps the Config buckets, as
// the provider does.
func TestAccEject_securityBaseline(t *testing.T) {
	emu := parallelEmulator(t)
	p := emu.NewProxy(t)
	src := p.ProviderConfig() + baselineAccConfig
	list := func() snapshot { return listSecurityBaseline(t, emu, p) }
	want := applyHipaa(t, src, nil, list, "guardduty_detector region", "securityhub_hub region", "config_recorder hipaa-baseline",
		"config_recorder_status hipaa-baseline", "config_delivery_channel hipaa-baseline", "config_conformance_pack hipaa-baseline",
		"access_analyzer hipaa-baseline", "inspector 123456789012", "ebs_encryption_by_default region",
		"s3_account_public_access_block 123456789012", "iam_password_policy 123456789012", "iam_role hipaa-config-us-east-1", "iam_policy hipaa-config-us-east-1-config-delivery",
		"bucket hipaa-config-123456789012-us-east-1", "bucket_logging hipaa-config-123456789012-us-east-1",
		"securityhub_standard arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0")
	if sum := sha256.Sum256([]byte(baseline.ConformancePackTemplate())); !strings.Contains(want["config_conformance_pack hipaa-baseline"],
		"template_sha256="+hex.EncodeToString(sum[:])) {
		t.Errorf("the provider deployed another template than baseline.ConformancePackTemplate: %s", want["config_conformance_pack hipaa-baseline"])
	}

	emu.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", []byte(src), eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := baselineCLI(t, out, emu, p)
	tf.applyEjected(want, list)
	// The provider keeps the Config buckets on destroy (audit evidence);
	// the ejected buckets, with force_destroy = false, refuse a destroy
	// once they hold anything (the emulator writes the Config bucket's
	// access logs into the access-log bucket, as AWS does): keep them the
	// way a user would, by taking them out of state first.
	tf.run(append([]string{"state", "rm"}, configBucketAddresses(tf)...)...)
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
	kept := newLister(t, emu)
	for _, b := range []string{"hipaa-config-access-logs-123456789012-us-east-1", "hipaa-config-123456789012-us-east-1"} {
		kept.bucket(b)
	}
	kept.done(t)
}

// configBucketAddresses are the state addresses of the Config buckets and
// their configuration resources.
func configBucketAddresses(tf *cli) []string {
	tf.t.Helper()
	cmd, out := tf.command("state", "list")
	if err := cmd.Run(); err != nil {
		tf.t.Fatalf("terraform state list: %v\n%s", err, out)
	}
	var addrs []string
	for _, a := range strings.Fields(out.String()) {
		if strings.HasPrefix(a, "aws_s3_bucket") && strings.Contains(a, ".account_bucket_config") {
			addrs = append(addrs, a)
		}
	}
	return addrs
}
