package provider_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// Bad provider configuration is a clear diagnostic at plan, with no AWS call.
func TestAccProvider_badConfiguration(t *testing.T) {
	acctest.Parallel(t)
	cases := []struct{ name, from, to, want string }{
		{"unknownEndpoint", "endpoints {", "endpoints {\n    ec3 = \"http://127.0.0.1:1\"", `(?s)Unsupported argument.*ec3`},
		{"malformedURL", `cloudtrail = "http://`, `cloudtrail = "`, `(?s)Invalid endpoint URL`},
		{"negativeRetries", "max_retries = 10", "max_retries = -1", `(?s)max_retries.*at least 0`},
		{"unknownMode", `provider "hipaa" {`, "provider \"hipaa\" {\n  compliance_mode = \"lenient\"", `(?s)compliance_mode.*enforce`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testAccRefused(t, func(p *acctest.Proxy) string {
				return strings.Replace(testAccKMSKeyConfig_basic(p, "cfg", ""), tc.from, tc.to, 1)
			}, tc.want)
		})
	}
}

// The standard AWS_ENDPOINT_URL variable is honoured when no endpoints block is set.
func TestAccProvider_endpointFromEnvironment(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	t.Setenv("AWS_ENDPOINT_URL", p.URL())
	cfg := `provider "hipaa" {
  region = "us-east-1"
}

resource "hipaa_kms_key" "test" {
  name             = "envkey"
  allowed_services = ["rds"]
}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{Config: cfg, Check: func(*terraformState) error {
			if p.Calls()["kms:CreateKey"] != 1 || p.Calls()["sts:GetCallerIdentity"] == 0 {
				return errorf("calls through AWS_ENDPOINT_URL: %v", p.Calls())
			}
			return nil
		}}},
	})
}

// A malformed endpoint is refused at plan, with no AWS call, naming the URL
// and the setting that chose it: the endpoints block or the environment.
func TestAccProvider_malformedEndpoint(t *testing.T) {
	envOnly := `provider "hipaa" {
  region = "us-east-1"
}

resource "hipaa_kms_key" "test" {
  name             = "badendpoint"
  allowed_services = ["rds"]
}
`
	cases := []struct {
		name, env string
		want      []string
	}{
		{"block", "", []string{"Invalid endpoint URL", `ec2 = "ftp://x"`, `"ftp://x" is not an absolute http(s) URL`}},
		{"serviceVariable", "AWS_ENDPOINT_URL_EC2", []string{"Invalid endpoint URL",
			`the ec2 endpoint "ftp://x" (set by AWS_ENDPOINT_URL_EC2) is not an absolute http(s) URL`, "correct AWS_ENDPOINT_URL_EC2"}},
		{"globalVariable", "AWS_ENDPOINT_URL", []string{"Invalid endpoint URL",
			`the endpoint "ftp://x" (set by AWS_ENDPOINT_URL) is not an absolute http(s) URL`, "correct AWS_ENDPOINT_URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv(tc.env, "ftp://x")
			}
			testAccRefused(t, func(p *acctest.Proxy) string {
				if tc.env != "" {
					return envOnly
				}
				return strings.Replace(testAccKMSKeyConfig_basic(p, "cfg", ""), `ec2 = "`+p.URL()+`"`, `ec2 = "ftp://x"`, 1)
			}, testAccWrapped(tc.want...).String())
		})
	}
}
