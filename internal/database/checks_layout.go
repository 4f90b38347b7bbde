package database

import (
	"fmt"
	"slices"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// LayoutViolations asserts, on a computed layout, the controls that hold by
// construction: DB-01, 06, 07, 08, 09, 10, 12, 13, 14 and SEC-02. It returns
// nothing for any Expand result; a violation is a bug, hence Hard. Tests run
// it on every layout; the executor may run it as a guard.
func LayoutViolations(l Layout) []compliance.Violation {
	var v []compliance.Violation
	for _, f := range []func(Layout) []compliance.Violation{layoutDatabase, layoutLogs, layoutTLS, layoutNetwork, layoutProxy} {
		v = append(v, f(l)...)
	}
	return v
}

func bug(control, format string, args ...any) compliance.Violation {
	return compliance.Violation{Control: control, Hard: true, Detail: "layout: " + fmt.Sprintf(format, args...)}
}

// settings is what the instance or the cluster with its members share.
type settings struct {
	encrypted, iamAuth, managedPassword bool
	key, secretKey                      string
	logs                                []string
	members                             []ClusterMember // an instance is one member
}

func databaseSettings(l Layout) (settings, bool) {
	switch {
	case l.Instance != nil && l.Cluster == nil:
		i := l.Instance
		return settings{i.StorageEncrypted, i.IAMAuth, i.ManageMasterUserPassword, i.KMSKeyARN, i.MasterUserSecretKMSKeyARN, i.LogExports,
			[]ClusterMember{{Identifier: i.Identifier, PerformanceInsights: i.PerformanceInsights, PIKMSKeyARN: i.PIKMSKeyARN,
				AutoMinorVersionUpgrade: i.AutoMinorVersionUpgrade, PubliclyAccessible: i.PubliclyAccessible}}}, true
	case l.Cluster != nil && l.Instance == nil:
		c := l.Cluster
		return settings{c.StorageEncrypted, c.IAMAuth, c.ManageMasterUserPassword, c.KMSKeyARN, c.MasterUserSecretKMSKeyARN, c.LogExports, c.Members}, true
	}
	return settings{}, false
}

func layoutDatabase(l Layout) []compliance.Violation {
	s, ok := databaseSettings(l)
	if !ok {
		return []compliance.Violation{bug("DB-01", "a layout holds exactly one of an instance and a cluster")}
	}
	var v []compliance.Violation
	if !s.encrypted || s.key == "" {
		v = append(v, bug("DB-01", "storage is not encrypted with the customer key"))
	}
	if !s.iamAuth {
		v = append(v, bug("DB-06", "IAM database authentication is off"))
	}
	if !s.managedPassword || s.secretKey != s.key {
		v = append(v, bug("DB-12", "the master password is not managed by Secrets Manager under the customer key"))
	}
	if s.secretKey == "" {
		v = append(v, bug("SEC-02", "the master user secret has no customer key"))
	}
	for _, m := range s.members {
		if m.PerformanceInsights && m.PIKMSKeyARN != s.key {
			v = append(v, bug("DB-14", "Performance Insights of %s is not under the customer key", m.Identifier))
		}
		if !m.AutoMinorVersionUpgrade {
			v = append(v, bug("DB-10", "%s does not upgrade minor versions automatically", m.Identifier))
		}
		if m.PubliclyAccessible {
			v = append(v, bug("DB-09", "%s is publicly accessible", m.Identifier))
		}
	}
	return v
}

// layoutLogs: every log type exported, each into its own encrypted group.
func layoutLogs(l Layout) []compliance.Violation {
	s, _ := databaseSettings(l)
	var groups []string
	for _, g := range l.LogGroups {
		if g.LogType != ProxyLogType {
			groups = append(groups, g.LogType)
		}
	}
	if want := l.Engine.LogExports(); !slices.Equal(s.logs, want) || !slices.Equal(groups, want) {
		return []compliance.Violation{bug("DB-07", "exports %v into groups %v; %s needs %v", s.logs, groups, l.Engine, want)}
	}
	return nil
}

// TLSParameter is the parameter that makes clients use TLS (DB-08), and its value.
func TLSParameter(e Engine) Parameter {
	if e.IsPostgres() {
		return param("rds.force_ssl", "1")
	}
	return param("require_secure_transport", "ON")
}

// layoutTLS: the TLS parameter is in the instance's group, or in the cluster group of Aurora.
func layoutTLS(l Layout) []compliance.Violation {
	g := &l.ParameterGroup
	if l.Engine.IsAurora() {
		g = l.ClusterParameterGroup
	}
	if g == nil || !slices.Contains(g.Parameters, TLSParameter(l.Engine)) {
		return []compliance.Violation{bug("DB-08", "no parameter group requires TLS")}
	}
	return nil
}

// layoutNetwork: no group admits the internet or sends anywhere but the database.
func layoutNetwork(l Layout) []compliance.Violation {
	groups := []SecurityGroup{l.SecurityGroup}
	if l.Proxy != nil {
		groups = append(groups, l.Proxy.SecurityGroup)
	}
	var v []compliance.Violation
	for _, g := range groups {
		if slices.ContainsFunc(g.Ingress, func(r Rule) bool { return r.CIDRBlock == AnyIPv4 }) {
			v = append(v, bug("DB-09", "security group %s admits %s", g.Key, AnyIPv4))
		}
		if slices.ContainsFunc(g.Egress, func(r Rule) bool { return r.SecurityGroupKey != KeySecurityGroup }) {
			v = append(v, bug("DB-09", "security group %s sends to something other than the database", g.Key))
		}
	}
	return v
}

func layoutProxy(l Layout) []compliance.Violation {
	if p := l.Proxy; p != nil && (!p.RequireTLS || p.IAMAuth != "REQUIRED") {
		return []compliance.Violation{bug("DB-13", "the proxy does not require TLS and IAM authentication")}
	}
	return nil
}
