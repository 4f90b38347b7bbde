package awsclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms"
)

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

// TestInRegion_signsForItsRegion: one configuration serves two regions. The
// second region's client goes to the same endpoint override, signs for its
// own region, shares the identity (one GetCallerIdentity) and builds ARNs
// in its region; asking again returns the same client.
func TestInRegion_signsForItsRegion(t *testing.T) {
	var mu sync.Mutex
	var regions []string
	identity := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization"))
		mu.Lock()
		defer mu.Unlock()
		if m != nil && m[2] == "sts" {
			identity++
			w.Header().Set("Content-Type", "text/xml")
			_, _ = w.Write([]byte(`<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account><Arn>arn:aws:iam::111122223333:user/t</Arn><UserId>X</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`))
			return
		}
		if m != nil {
			regions = append(regions, m[1])
		}
		_, _ = w.Write([]byte(`{"Keys":[],"Truncated":false}`))
	}))
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	home, err := New(context.Background(), Config{Region: "us-east-1", Endpoints: map[string]string{"kms": srv.URL, "sts": srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	west := home.InRegion("us-west-2")
	if home.InRegion("us-west-2") != west || west.InRegion("us-west-2") != west {
		t.Fatal("InRegion built a second client for the same region")
	}
	if home.InRegion("us-east-1") != home || west.InRegion("") != home || home.InRegion("") != home {
		t.Fatal("InRegion of the provider's own region is not the provider's client")
	}
	ctx := context.Background()
	for _, c := range []*Client{home, west} {
		if _, err := c.KMS().ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if len(regions) != 2 || regions[0] != "us-east-1" || regions[1] != "us-west-2" {
		t.Fatalf("calls signed for %v, want [us-east-1 us-west-2]", regions)
	}
	for _, c := range []*Client{west, home, west} {
		if id, err := c.Identity(ctx); err != nil || id != "111122223333" {
			t.Fatalf("Identity in %s = %q, %v", c.Region, id, err)
		}
	}
	if identity != 1 {
		t.Fatalf("GetCallerIdentity called %d times for one configuration, want 1", identity)
	}
	if got, want := west.ARN("kms", "key/k"), "arn:aws:kms:us-west-2:111122223333:key/k"; got != want {
		t.Fatalf("ARN in the second region = %s, want %s", got, want)
	}
	if gov := home.InRegion("us-gov-west-1"); gov.Partition != "aws-us-gov" {
		t.Fatalf("partition of us-gov-west-1 = %s", gov.Partition)
	}
}
