package cache

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Check returns the CCH violations of s.WithDefaults(), with every
// argument known. CCH-02 (transit encryption required) and CCH-08
// (automatic minor version upgrades) hold by construction: the
// replication group's settings (expand.go) are not arguments; so do
// CCH-04's Multi-AZ and automatic failover, CCH-03's final snapshot,
// CCH-05's user group with the default user disabled, CCH-06's log
// delivery and CCH-07's subnet group and empty egress. What an argument can
// weaken is checked here.
func Check(s Spec) []compliance.Violation { return Evaluate(s, compliance.Unknown{}).Violations }

// controlRules each name the attribute paths they read.
var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: compliance.R("kms_key_arn"), Check: checkKey},
	{Reads: compliance.R("kms_key_arn"), Check: checkKeyKind},
	{Reads: compliance.R("snapshot_retention_days"), Check: checkSnapshots},
	{Reads: compliance.R("num_cache_clusters"), Check: checkReplicas},
	{Reads: compliance.R("subnet_ids", "subnet_azs"), Check: checkSubnetZones},
	{Reads: compliance.R("auth.mode", "auth.rotation_days"), Check: checkRotation},
	{Reads: compliance.R("engine", "engine_version"), Check: checkEngineLog},
	{Reads: compliance.R("log_retention_days"), Check: checkLogRetention},
	{Reads: []compliance.Read{compliance.Each("allowed_cidr_blocks")}, Check: checkOpenSources},
}

// checkKey: without a customer key nothing can be encrypted as CCH-01
// requires (the cache, its snapshots, its logs, the password secret), so
// it is never waivable.
func checkKey(s Spec) []compliance.Violation {
	if s.KMSKeyARN != "" {
		return nil
	}
	return []compliance.Violation{{Control: "CCH-01", Attribute: "kms_key_arn", Hard: true,
		Detail: "kms_key_arn is not set: the cache, its snapshots, its log groups and any password secret are encrypted with a customer-managed key; " +
			"create one with hipaa_kms_key (allowed_services = [\"elasticache\", \"logs\", \"secretsmanager\"]) and pass its arn"}}
}

// checkKeyKind: an alias or an AWS managed key is no key this
// configuration controls.
func checkKeyKind(s Spec) []compliance.Violation {
	return compliance.KeyViolations("CCH-01", "kms_key_arn", s.KMSKeyARN)
}

// checkSnapshots: below 7 days never; 7 to 34 days by exception. Above 35
// is an input error (ElastiCache refuses it).
func checkSnapshots(s Spec) []compliance.Violation {
	r := s.SnapshotRetention()
	switch {
	case r == 0:
		return []compliance.Violation{{Control: "CCH-03", Attribute: "snapshot_retention_days", Hard: true, Detail: fmt.Sprintf(
			"snapshot_retention_days is 0, which turns automatic snapshots off: use %d to %d (default %d)",
			MinSnapshotRetentionDays, MaxSnapshotRetentionDays, DefaultSnapshotRetentionDays)}}
	case r > 0 && r < MinSnapshotRetentionDays:
		return []compliance.Violation{{Control: "CCH-03", Attribute: "snapshot_retention_days", Hard: true, Detail: fmt.Sprintf(
			"snapshot_retention_days is %d: keep automatic snapshots at least %d days (default %d)", r, MinSnapshotRetentionDays, DefaultSnapshotRetentionDays)}}
	case r >= MinSnapshotRetentionDays && r < DefaultSnapshotRetentionDays:
		return []compliance.Violation{{Control: "CCH-03", Attribute: "snapshot_retention_days", Detail: fmt.Sprintf(
			"snapshot_retention_days is %d: keep automatic snapshots %d days, the most ElastiCache keeps, or list an exception for CCH-03 with the recovery point the data needs",
			r, DefaultSnapshotRetentionDays)}}
	}
	return nil
}

// checkReplicas: one node has no replica to fail over to.
func checkReplicas(s Spec) []compliance.Violation {
	if s.NumCacheClusters != 1 {
		return nil
	}
	return []compliance.Violation{{Control: "CCH-04", Attribute: "num_cache_clusters", Hard: true, Detail: fmt.Sprintf(
		"num_cache_clusters is 1: Multi-AZ automatic failover needs a replica in another availability zone; use %d or more (default %d)",
		MinNumCacheClusters, DefaultNumCacheClusters)}}
}

// checkSubnetZones: once every subnet is described (SubnetAZs), they must
// span two zones, or the replica has no other zone to live in. A subnet
// not described yet leaves the check to the next read.
func checkSubnetZones(s Spec) []compliance.Violation {
	zones := map[string]bool{}
	for _, id := range s.SubnetIDs {
		az, ok := s.SubnetAZs[id]
		if !ok || az == "" {
			return nil
		}
		zones[az] = true
	}
	if s.SubnetAZs == nil || len(s.SubnetIDs) < MinSubnets || len(zones) >= MinSubnets {
		return nil
	}
	return []compliance.Violation{{Control: "CCH-04", Attribute: "subnet_ids", Hard: true, Detail: fmt.Sprintf(
		"subnet_ids all lie in %s: Multi-AZ needs subnets in at least %d availability zones; add a data-tier subnet of another zone",
		strings.Join(slices.Sorted(maps.Keys(zones)), ", "), MinSubnets)}}
}

func checkRotation(s Spec) []compliance.Violation {
	if s.Auth.Mode != AuthPassword {
		return nil
	}
	switch d := s.Auth.RotationDays; {
	case d < MinRotationDaysBound || d > MaxRotationDaysBound:
		return []compliance.Violation{{Control: "CCH-05", Attribute: "auth.rotation_days", Hard: true, Detail: fmt.Sprintf(
			"auth.rotation_days is %d: use %d to %d (default %d)", d, MinRotationDaysBound, MaxRotationDays, DefaultRotationDays)}}
	case d > MaxRotationDays:
		return []compliance.Violation{{Control: "CCH-05", Attribute: "auth.rotation_days", Detail: fmt.Sprintf(
			"auth.rotation_days is %d: rotate the password at least every %d days (default %d), use auth.mode = %q, or list an exception for CCH-05",
			d, MaxRotationDays, DefaultRotationDays, AuthIAM)}}
	}
	return nil
}

// checkEngineLog: the engine log is always delivered (CCH-06), and Redis
// OSS delivers it from 6.2 on only.
func checkEngineLog(s Spec) []compliance.Violation {
	if s.Engine != EngineRedis || !slices.Contains(EngineVersions[EngineRedis], s.EngineVersion) || !versionBefore(s.EngineVersion, 6, 2) {
		return nil
	}
	return []compliance.Violation{{Control: "CCH-06", Attribute: "engine_version", Hard: true, Detail: fmt.Sprintf(
		"Redis OSS %s cannot deliver its engine log, which this resource always sends to CloudWatch Logs: use engine_version = %q or later",
		s.EngineVersion, "6.2")}}
}

func checkLogRetention(s Spec) []compliance.Violation {
	if r := s.LogRetentionDays; r < MinLogRetentionDays && slices.Contains(AllowedRetentionDays, r) {
		return []compliance.Violation{{Control: "CCH-06", Attribute: "log_retention_days", Detail: fmt.Sprintf(
			"log_retention_days is %d: keep the engine and slow logs at least %d days, or list an exception for CCH-06", r, MinLogRetentionDays)}}
	}
	return nil
}

// checkOpenSources: a block of every address admits anything routed into
// the VPC (peering, VPN, transit gateway) to the cache's port.
func checkOpenSources(s Spec) []compliance.Violation {
	var out []compliance.Violation
	for _, b := range s.AllowedCIDRBlocks {
		if p, err := netip.ParsePrefix(b); err == nil && p.Bits() == 0 {
			out = append(out, compliance.Violation{Control: "CCH-07", Attribute: "allowed_cidr_blocks", Hard: true, Detail: fmt.Sprintf(
				"%s admits every address to the cache's port: list the application's subnets, or use allowed_security_group_ids", b)})
		}
	}
	return out
}
