package eject

import (
	"strings"
	"testing"
)

// TestBackupPlan_dependsOn: a layout edge no reference carries becomes
// depends_on; one a reference carries does not.
func TestBackupPlan_dependsOn(t *testing.T) {
	e := NewFile(Options{Region: "us-east-1"})
	addr := map[string]string{"vault": "aws_backup_vault.p_vault", "role": "aws_iam_role.p_role"}
	b := e.resource("aws_backup_vault_policy", "p_vault_policy")
	e.expr(b, "backup_vault_name", "aws_backup_vault.p_vault.name")
	e.dependsOn(b, []string{"vault", "role", "role"}, addr)
	if got := string(e.Bytes()); !strings.Contains(got, "depends_on        = [aws_iam_role.p_role]\n") {
		t.Errorf("want depends_on the role only:\n%s", got)
	}
}
