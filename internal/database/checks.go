package database

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// AnyIPv4 is the CIDR block of the whole IPv4 internet.
const AnyIPv4 = "0.0.0.0/0"

// privateRanges are the RFC 1918 blocks and the RFC 6598 shared (carrier-grade
// NAT) block; an allowed CIDR block inside one of them is not public.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// Check returns the DB-* and SEC-* violations of s.WithDefaults(), with
// every argument known. It skips what Validate refuses (an unparsable CIDR
// block, say) and does not look at exceptions: the compliance package
// applies waivers.
//
// The other controls hold by construction, and LayoutViolations asserts them
// on every Layout: DB-06 (IAM auth), DB-07 (every log type exported), DB-08
// (TLS parameter), DB-09 publicly_accessible = false, DB-10, DB-12 (password
// managed by Secrets Manager under kms_key_arn), DB-13 (proxy TLS and IAM),
// DB-14 (Performance Insights under kms_key_arn) and SEC-02 (the master
// secret under kms_key_arn). Whether subnet_ids lie in vpc_id and span two
// zones is known once they are described (CheckSubnets).
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: compliance.R("kms_key_arn"), Check: checkKey},
	{Reads: compliance.R("kms_key_arn"), Check: checkKeyKind},
	{Reads: compliance.R("engine", "instance_count"), Check: checkAuroraReplicas},
	{Reads: compliance.R("engine", "multi_az"), Check: checkMultiAZ},
	{Reads: compliance.R("subnet_ids", "subnet_azs"), Check: checkSubnetZones},
	{Reads: compliance.R("backup_retention_days"), Check: checkBackups},
	{Reads: compliance.R("deletion_protection"), Check: checkDeletionProtection},
	{Reads: []compliance.Read{compliance.Each("allowed_cidr_blocks")}, Check: checkPublicSources},
	{Reads: []compliance.Read{compliance.Count("allowed_cidr_blocks"), compliance.Count("allowed_security_group_ids")}, Check: checkNoSources},
	{Reads: compliance.R("monitoring_interval_seconds"), Check: checkMonitoring},
	{Reads: compliance.R("master_password_rotation_days"), Check: checkRotation},
}

// checkKey: without a customer key nothing can be encrypted as DB-01, DB-12,
// DB-14 and SEC-02 require, so it is never waivable.
func checkKey(s Spec) []compliance.Violation {
	if s.KMSKeyARN != "" {
		return nil
	}
	return []compliance.Violation{{Control: "DB-01", Attribute: "kms_key_arn", Hard: true,
		Detail: "kms_key_arn is not set: storage, Performance Insights, log groups and the master password secret are encrypted " +
			"with a customer-managed key; create one with hipaa_kms_key (allowed_services rds, secretsmanager, logs) and pass its arn"}}
}

// checkKeyKind: an alias or an AWS managed key is no key this
// configuration controls, so it cannot stand for the customer key DB-01
// requires.
func checkKeyKind(s Spec) []compliance.Violation {
	return compliance.KeyViolations("DB-01", "kms_key_arn", s.KMSKeyARN)
}

func checkAuroraReplicas(s Spec) []compliance.Violation {
	if s.Engine.IsAurora() && s.InstanceCount >= MinInstanceCount && s.InstanceCount < DefaultInstanceCount {
		return []compliance.Violation{{Control: "DB-02", Attribute: "instance_count", Detail: fmt.Sprintf(
			"instance_count is %d: the cluster has no replica in another availability zone to fail over to; set instance_count = %d or more",
			s.InstanceCount, DefaultInstanceCount)}}
	}
	return nil
}

func checkMultiAZ(s Spec) []compliance.Violation {
	if !s.Engine.IsAurora() && !s.IsMultiAZ() {
		return []compliance.Violation{{Control: "DB-02", Attribute: "multi_az",
			Detail: "multi_az is false: losing the instance's availability zone takes the database down; set multi_az = true"}}
	}
	return nil
}

// checkSubnetZones: once the subnets are described (SubnetAZs), they must
// span two zones, or RDS has nowhere to fail over to. It cannot be waived:
// RDS refuses a subnet group in one zone.
func checkSubnetZones(s Spec) []compliance.Violation {
	if s.SubnetAZs == nil || len(s.SubnetIDs) < MinSubnets || len(missingSubnets(s)) > 0 {
		return nil
	}
	if zones := distinctAZs(s); len(zones) < MinSubnetAZs {
		return []compliance.Violation{{Control: "DB-02", Attribute: "subnet_ids", Hard: true, Detail: fmt.Sprintf(
			"subnet_ids span %d availability zone(s) (%s): RDS Multi-AZ needs subnets in at least %d; add a data subnet in another zone",
			len(zones), strings.Join(zones, ", "), MinSubnetAZs)}}
	}
	return nil
}

func checkBackups(s Spec) []compliance.Violation {
	r := s.BackupRetention()
	switch {
	case r <= 0:
		return []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days", Hard: true, Detail: fmt.Sprintf(
			"backup_retention_days is %d, which turns automated backups and point-in-time recovery off: use %d to %d (default %d)",
			r, MinBackupRetentionDays, MaxBackupRetentionDays, DefaultBackupRetentionDays)}}
	case r > MaxBackupRetentionDays:
		return []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days", Hard: true, Detail: fmt.Sprintf(
			"backup_retention_days is %d; RDS keeps automated backups at most %d days: use %d, and hipaa_backup_plan for longer retention",
			r, MaxBackupRetentionDays, MaxBackupRetentionDays)}}
	case r < MinBackupRetentionDays:
		return []compliance.Violation{{Control: "DB-03", Attribute: "backup_retention_days", Detail: fmt.Sprintf(
			"backup_retention_days is %d: keep automated backups at least %d days (default %d)", r, MinBackupRetentionDays, DefaultBackupRetentionDays)}}
	}
	return nil
}

func checkDeletionProtection(s Spec) []compliance.Violation {
	if s.IsDeletionProtected() {
		return nil
	}
	return []compliance.Violation{{Control: "DB-05", Attribute: "deletion_protection",
		Detail: "deletion_protection is false: a destroy or a replacement can delete the database; set deletion_protection = true " +
			"(destroy still takes a final snapshot)"}}
}

// checkPublicSources: the database admits only private ranges, never the internet.
func checkPublicSources(s Spec) []compliance.Violation {
	var v []compliance.Violation
	for _, c := range s.AllowedCIDRBlocks {
		p, err := netip.ParsePrefix(c)
		switch {
		case err != nil || !p.Addr().Is4():
			continue // an input error
		case p.Bits() == 0:
			v = append(v, compliance.Violation{Control: "DB-09", Attribute: "allowed_cidr_blocks", Hard: true, Detail: fmt.Sprintf(
				"allowed_cidr_blocks includes %s, which admits the whole internet to the database's port: list the application's subnets or use allowed_security_group_ids", c)})
		case !isPrivate(p):
			v = append(v, compliance.Violation{Control: "DB-09", Attribute: "allowed_cidr_blocks", Detail: fmt.Sprintf(
				"allowed_cidr_blocks includes %s, which is not a private (RFC 1918 or 100.64.0.0/10) range: "+
					"reach the database from inside the VPC, over a VPN or Direct Connect, and list private ranges only", c)})
		}
	}
	return v
}

// checkNoSources: a database nothing may reach is a misconfiguration.
func checkNoSources(s Spec) []compliance.Violation {
	if len(s.AllowedCIDRBlocks) == 0 && len(s.AllowedSecurityGroupIDs) == 0 {
		return []compliance.Violation{{Control: "DB-09", Attribute: "allowed_security_group_ids", Detail: "neither allowed_security_group_ids nor " +
			"allowed_cidr_blocks is set, so nothing can connect to the database: name the application's security groups"}}
	}
	return nil
}

func isPrivate(p netip.Prefix) bool {
	return slices.ContainsFunc(privateRanges, func(r netip.Prefix) bool { return r.Bits() <= p.Bits() && r.Contains(p.Addr()) })
}

func checkMonitoring(s Spec) []compliance.Violation {
	if s.MonitoringInterval() != 0 {
		return nil
	}
	return []compliance.Violation{{Control: "DB-11", Attribute: "monitoring_interval_seconds", Detail: fmt.Sprintf(
		"monitoring_interval_seconds is 0, which turns enhanced monitoring off: use one of %s (default %d)",
		lists.Ints(MonitoringIntervals[1:]), DefaultMonitoringIntervalSeconds)}}
}

func checkRotation(s Spec) []compliance.Violation {
	d := s.MasterPasswordRotationDays
	switch {
	case d < MinRotationDaysBound || d > MaxRotationDaysBound:
		return []compliance.Violation{{Control: "SEC-01", Attribute: "master_password_rotation_days", Hard: true, Detail: fmt.Sprintf(
			"master_password_rotation_days is %d; use %d to %d (default %d)", d, MinRotationDaysBound, MaxRotationDays, DefaultRotationDays)}}
	case d > MaxRotationDays:
		return []compliance.Violation{{Control: "SEC-01", Attribute: "master_password_rotation_days", Detail: fmt.Sprintf(
			"master_password_rotation_days is %d: rotate the master password at least every %d days (default %d)", d, MaxRotationDays, DefaultRotationDays)}}
	}
	return nil
}
