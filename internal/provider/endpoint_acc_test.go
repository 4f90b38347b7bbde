package provider_test

import (
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// testAccDeadURL is a loopback URL nothing listens on.
func testAccDeadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String()
	_ = l.Close()
	return u
}

// testAccWrapped matches the phrases in order, across terraform's line
// wrapping of diagnostics.
func testAccWrapped(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, ph := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(ph)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// An endpoint that refuses connections fails the apply at once (not after
// max_retries attempts), naming the endpoint and the setting that chose it.
func TestAccProvider_endpointRefused(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	dead := testAccDeadURL(t)
	cfg := strings.ReplaceAll(testAccKMSKeyConfig_basic(p, "refused", ""), p.URL(), dead)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{Config: cfg,
			ExpectError: testAccWrapped(`sts endpoint "`+dead+`"`, "(set by endpoints.sts) refused the connection", "start the emulator",
				"correct endpoints.sts", "No object was changed")}},
	})
}

// A refresh against an endpoint that refuses connections fails at once with
// the refresh hint, not the apply hint ("run apply again to finish").
func TestAccProvider_refreshEndpointRefused(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccKMSKeyConfig_basic(p, "refresh", "")
	dead := testAccDeadURL(t)
	deadKMS := strings.Replace(cfg, `kms = "`+p.URL()+`"`, `kms = "`+dead+`"`, 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: deadKMS, PlanOnly: true,
				ExpectError: testAccWrapped("Cannot read hipaa_kms_key", `kms endpoint "`+dead+`"`, "(set by endpoints.kms) refused the connection",
					"No object was changed", "run plan again")},
			{Config: cfg, PlanOnly: true},
		},
	})
}
