package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvidence_verifyRefuses: the AWS flags go with --verify; without a
// region or without credentials --verify says which is missing and how to
// give it, makes no AWS call (the endpoint refuses connections) and
// writes nothing.
func TestEvidence_verifyRefuses(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	if err := os.WriteFile(state, []byte(keyState), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"region without verify": {[]string{"--region", "us-east-1"}, exitUsage, "go with --verify"},
		"no region":             {[]string{"--verify", "--endpoint", "http://127.0.0.1:1"}, exitError, "no AWS region: pass --region or set AWS_REGION"},
		"no credentials":        {[]string{"--verify", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:1"}, exitError, "in region us-east-1; give credentials with AWS_PROFILE"},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			code, _, stderr := hipaagen(append([]string{"evidence", "--state", state, "--out", out}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
			if tc.code == exitError && !strings.Contains(stderr, "nothing was written") {
				t.Errorf("stderr %q does not say nothing was written", stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was created", out)
			}
		})
	}
}
