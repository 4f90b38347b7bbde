package database

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// rdsNameRE is the RDS identifier rule: a letter, then letters, digits and
// single hyphens, no trailing hyphen.
var rdsNameRE = regexp.MustCompile(`^[A-Za-z](-?[A-Za-z0-9])*$`)

func TestFinalSnapshotIdentifier(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 5, 1, 0, time.FixedZone("EST", -5*3600))
	if got := FinalSnapshotIdentifier("patients", at); got != "patients-final-20261123T140501Z" {
		t.Fatalf("FinalSnapshotIdentifier = %s", got)
	}
	for _, id := range []string{strings.Repeat("a", 63), "a" + strings.Repeat("-b", 31), strings.Repeat("x", 300),
		"Patients_DB", "9lives", "--", "", "a--b-", "db-" + strings.Repeat("9", 250)} {
		got := FinalSnapshotIdentifier(id, at)
		if len(got) > MaxSnapshotIdentifierLen || !rdsNameRE.MatchString(got) || !strings.HasSuffix(got, "-final-20261123T140501Z") {
			t.Errorf("FinalSnapshotIdentifier(%q) = %q is not a valid snapshot identifier", id, got)
		}
	}
	long1, long2 := strings.Repeat("x", 300), strings.Repeat("x", 299)+"y"
	if FinalSnapshotIdentifier(long1, at) == FinalSnapshotIdentifier(long2, at) {
		t.Error("distinct long identifiers share a snapshot identifier")
	}
}

func TestFitName(t *testing.T) {
	id := strings.Repeat("a", 55) + "-bcdefgh" // 63 characters
	cases := []struct {
		got   string
		limit int
	}{
		{MonitoringRoleName(id), MaxIAMRoleNameLen},
		{ProxyName(id), MaxProxyNameLen},
		{ProxyRoleName(id), MaxIAMRoleNameLen},
		{MemberIdentifier(id, 15), MaxIdentifierLen},
	}
	for _, tc := range cases {
		if len(tc.got) > tc.limit || !rdsNameRE.MatchString(tc.got) {
			t.Errorf("%q: longer than %d or not a valid name", tc.got, tc.limit)
		}
	}
	if MonitoringRoleName("patients") != "patients-monitoring" || ProxyName("patients") != "patients-proxy" ||
		MemberIdentifier("patients", 2) != "patients-2" {
		t.Error("short names must not be shortened")
	}
	if MemberIdentifier(id, 1) == MemberIdentifier(id, 2) || ProxyName(id) == ProxyName(id[:62]+"z") {
		t.Error("shortened names collide")
	}
	if got := FitName(strings.Repeat("a", 60)+"-b", "-monitoring", 64); strings.Contains(got, "--") {
		t.Errorf("FitName left a double hyphen: %s", got)
	}
}
