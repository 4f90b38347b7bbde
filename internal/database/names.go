package database

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Keys of the children. A key is a child's identity: it never depends on a
// name, so a renamed child keeps its key.
const (
	KeySubnetGroup           = "subnet-group"
	KeyParameterGroup        = "parameter-group"
	KeyClusterParameterGroup = "cluster-parameter-group"
	KeySecurityGroup         = "sg/db"
	KeySecurityGroupRules    = "sg/db/rules"
	KeyProxySecurityGroup    = "sg/proxy"
	KeyProxySGRules          = "sg/proxy/rules"
	KeyMonitoringRole        = "monitoring/role"
	KeyMonitoringPolicy      = "monitoring/role/policy"
	KeyInstance              = "instance"
	KeyCluster               = "cluster"
	KeySecretRotation        = "secret-rotation"
	KeyProxy                 = "proxy"
	KeyProxyRole             = "proxy/role"
	KeyProxyRolePolicy       = "proxy/role/policy"
	KeyProxyRoleAttachment   = "proxy/role/policy/attachment"
	KeyProxyTarget           = "proxy/target"
)

// ProxyLogType is the LogType of the proxy's log group.
const ProxyLogType = "proxy"

// ProxyRolePolicyName names the proxy role's managed policy
// (servicerole.PolicyName); earlier versions wrote an inline policy of this name.
const ProxyRolePolicyName = "read-master-secret"

// LogGroupKey is "log-group/<log type>": "log-group/postgresql", "log-group/proxy".
func LogGroupKey(logType string) string { return "log-group/" + logType }

// MemberKey is "member/<n>", n from 1, of the n-th Aurora cluster instance.
func MemberKey(n int) string { return "member/" + strconv.Itoa(n) }

// SubnetGroupName is the DB subnet group: "<identifier>-subnets".
func SubnetGroupName(id string) string { return id + "-subnets" }

// ParameterGroupName is the DB (instance) parameter group: "<identifier>-params".
func ParameterGroupName(id string) string { return id + "-params" }

// ClusterParameterGroupName is the Aurora cluster parameter group: "<identifier>-cluster-params".
func ClusterParameterGroupName(id string) string { return id + "-cluster-params" }

// SecurityGroupName is the database's security group: "<identifier>-db".
func SecurityGroupName(id string) string { return id + "-db" }

// ProxySecurityGroupName is the proxy's security group: "<identifier>-proxy".
func ProxySecurityGroupName(id string) string { return id + "-proxy" }

// MonitoringRoleName is the enhanced monitoring role: "<identifier>-monitoring",
// shortened to the 64 characters IAM allows (see FitName).
func MonitoringRoleName(id string) string { return FitName(id, "-monitoring", MaxIAMRoleNameLen) }

// ProxyName is the RDS Proxy: "<identifier>-proxy", within 63 characters.
func ProxyName(id string) string { return FitName(id, "-proxy", MaxProxyNameLen) }

// ProxyRoleName is the role the proxy assumes: "<identifier>-proxy", within 64 characters.
func ProxyRoleName(id string) string { return FitName(id, "-proxy", MaxIAMRoleNameLen) }

// MemberIdentifier is the n-th Aurora instance: "<identifier>-<n>", within 63 characters.
func MemberIdentifier(id string, n int) string {
	return FitName(id, "-"+strconv.Itoa(n), MaxIdentifierLen)
}

// LogGroupName is where RDS exports a log type: "/aws/rds/instance/<id>/<type>"
// or, for Aurora, "/aws/rds/cluster/<id>/<type>". The provider creates it
// first, so it is encrypted and has a retention before RDS writes to it.
func LogGroupName(e Engine, id, logType string) string {
	kind := "instance"
	if e.IsAurora() {
		kind = "cluster"
	}
	return "/aws/rds/" + kind + "/" + id + "/" + logType
}

// ProxyLogGroupName is where RDS Proxy logs: "/aws/rds/proxy/<proxy name>".
func ProxyLogGroupName(proxyName string) string { return "/aws/rds/proxy/" + proxyName }

// FitName is base+suffix when that fits in limit characters; otherwise base
// is cut, trailing hyphens trimmed, and a hyphen and the first 8 hex digits
// of base's SHA-256 inserted before suffix, so distinct long bases keep
// distinct names. The result is deterministic, at most limit long, and keeps
// RDS naming rules (no "--", no trailing hyphen) when base and suffix do.
func FitName(base, suffix string, limit int) string {
	if len(base)+len(suffix) <= limit {
		return base + suffix
	}
	sum := sha256.Sum256([]byte(base))
	h := hex.EncodeToString(sum[:])[:8]
	keep := max(limit-len(suffix)-len(h)-1, 0)
	cut := strings.TrimRight(base[:min(keep, len(base))], "-")
	if cut == "" {
		return h + suffix
	}
	return cut + "-" + h + suffix
}

var notIdentifierRE = regexp.MustCompile(`[^a-z0-9-]+`)

// FinalSnapshotIdentifier names the snapshot taken on destroy:
// "<identifier>-final-20261123T140501Z" (t in UTC). It is a valid RDS
// snapshot identifier for any input: letters, digits and single hyphens,
// starting with a letter, at most 255 characters.
func FinalSnapshotIdentifier(id string, t time.Time) string {
	base := notIdentifierRE.ReplaceAllString(strings.ToLower(id), "-")
	for strings.Contains(base, "--") {
		base = strings.ReplaceAll(base, "--", "-")
	}
	base = strings.Trim(base, "-")
	if base == "" || base[0] < 'a' || base[0] > 'z' {
		base = strings.TrimRight("db-"+base, "-")
	}
	return FitName(base, "-final-"+t.UTC().Format("20060102T150405Z"), MaxSnapshotIdentifierLen)
}
