package eject_test

import (
	"strings"
	"testing"
)

// TestConfig_databaseLogRetention: the database's log groups outlive it
// (skip_destroy) unless retain_logs_on_destroy = false, as with the
// provider; timeouts (the provider's own waits) are accepted.
func TestConfig_databaseLogRetention(t *testing.T) {
	for _, c := range []struct {
		extra string
		want  string
	}{
		{"", "skip_destroy      = true"},
		{"  retain_logs_on_destroy = false\n  timeouts = { create = \"90m\" }\n", "skip_destroy      = false"},
	} {
		src := strings.Replace(varDatabase, "  proxy                      = { enabled = true }\n", c.extra, 1)
		out := string(ejectFile(t, "main.tf", src))
		groups := strings.Count(out, `resource "aws_cloudwatch_log_group"`)
		if n := strings.Count(out, c.want); groups == 0 || n != groups {
			t.Errorf("with %q: %d of %d log groups have %q", c.extra, n, groups, c.want)
		}
	}
}
