package database

import (
	"strings"
	"testing"
)

func TestRecordDrift_legacyInlinePolicy(t *testing.T) {
	s := testSpec(EnginePostgres)
	s.Proxy = Proxy{Enabled: true}
	l := mustExpand(t, s)
	p := l.Proxy
	// State written by a version with the inline policy: the role and the
	// policy's name, no attachment.
	old := map[string]string{p.RoleKey: "arn:aws:iam::123456789012:role/x", p.RolePolicyKey: "read-master-secret"}
	if d := RecordDrift(l, old); len(d) != 1 || !strings.Contains(d[0], p.RoleName) || !strings.Contains(d[0], "inline") {
		t.Fatalf("RecordDrift(legacy state) = %q, want one line naming %s and the inline policy", d, p.RoleName)
	}
	now := map[string]string{p.RoleKey: "arn:aws:iam::123456789012:role/x", p.RolePolicyKey: p.RolePolicyName, p.RoleAttachmentKey: p.RoleName + "/" + p.RolePolicyName}
	if d := RecordDrift(l, now); d != nil {
		t.Errorf("RecordDrift(current state) = %q, want none", d)
	}
	if d := RecordDrift(l, nil); d != nil {
		t.Errorf("RecordDrift(imported, no IDs) = %q, want none", d)
	}
	s.Proxy = Proxy{}
	if d := RecordDrift(mustExpand(t, s), old); d != nil {
		t.Errorf("RecordDrift(no proxy) = %q, want none", d)
	}
}
