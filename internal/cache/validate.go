package cache

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// MaxNameLen is the longest replication group ID ElastiCache accepts; the
// name is also the prefix of every child's name.
const MaxNameLen = 40

// MinSubnets: Multi-AZ needs subnets in at least two availability zones.
const MinSubnets = 2

// MinWindowMinutes is the shortest maintenance or snapshot window
// ElastiCache accepts.
const MinWindowMinutes = 60

// PreviousGenerationFamilies are the node families that cannot encrypt in
// transit, so ElastiCache refuses them with TransitEncryptionEnabled.
var PreviousGenerationFamilies = []string{"t1", "m1", "m2", "m3", "c1", "r3"}

var (
	// replication group IDs: a letter, then letters, digits and single
	// hyphens, not ending with a hyphen; lower case, as ElastiCache stores it.
	nameRE      = regexp.MustCompile(`^[a-z]([a-z0-9]|-[a-z0-9])*$`)
	versionRE   = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	nodeTypeRE  = regexp.MustCompile(`^cache\.([a-z]+[0-9]+[a-z]*)\.([0-9]{0,2}xlarge|large|medium|small|micro|nano)$`)
	vpcRE       = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetRE    = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	sgRE        = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	userGroupRE = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9]|-[a-zA-Z0-9])*$`)
	dailyRE     = regexp.MustCompile(`^(\d{2}):(\d{2})-(\d{2}):(\d{2})$`)
	weeklyRE    = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):(\d{2}):(\d{2})-(mon|tue|wed|thu|fri|sat|sun):(\d{2}):(\d{2})$`)
)

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

// Validate reports input no mode accepts, with every argument known.
func Validate(s Spec) []InputError { return Evaluate(s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check of s.WithDefaults()
// whose arguments are known (u lists the unknown ones).
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	d := s.WithDefaults()
	return compliance.Findings{Input: compliance.Apply(d, u, inputRules), Violations: compliance.Apply(d, u, controlRules)}
}

type inputRule = compliance.Rule[Spec, InputError]

// inputRules each name the attribute paths they read, so an unknown
// argument hides only the rules that read it.
var inputRules = []inputRule{
	{Reads: compliance.R("name"), Check: validateName},
	{Reads: compliance.R("engine"), Check: validateEngine},
	{Reads: compliance.R("engine", "engine_version"), Check: validateEngineVersion},
	{Reads: compliance.R("node_type"), Check: validateNodeType},
	{Reads: compliance.R("vpc_id"), Check: validateVPC},
	{Reads: []compliance.Read{compliance.Each("subnet_ids")}, Check: validateSubnets},
	{Reads: []compliance.Read{compliance.Count("subnet_ids")}, Check: validateSubnetCount},
	{Reads: []compliance.Read{compliance.Each("allowed_security_group_ids")}, Check: validateSecurityGroupIDs},
	{Reads: []compliance.Read{compliance.Each("allowed_cidr_blocks")}, Check: validateAllowedCIDRs},
	{Reads: []compliance.Read{compliance.Count("allowed_cidr_blocks"), compliance.Count("allowed_security_group_ids")}, Check: validateSources},
	{Reads: compliance.R("kms_key_arn"), Check: validateKey},
	{Reads: compliance.R("kms_key_arn", "region"), Check: validateKeyRegion},
	{Reads: compliance.R("snapshot_retention_days"), Check: validateSnapshotRetention},
	{Reads: compliance.R("auth.mode"), Check: validateAuthMode},
	{Reads: compliance.R("auth.mode", "engine", "engine_version"), Check: validateIAMEngine},
	{Reads: compliance.R("auth.mode", "auth.user_group_id"), Check: validateUserGroup},
	{Reads: compliance.R("auth.mode", "auth.rotation_days"), Check: validateRotationMode},
	{Reads: compliance.R("num_cache_clusters"), Check: validateNumCacheClusters},
	{Reads: compliance.R("port"), Check: validatePort},
	{Reads: compliance.R("maintenance_window"), Check: validateMaintenanceWindow},
	{Reads: compliance.R("snapshot_window"), Check: validateSnapshotWindow},
	{Reads: compliance.R("log_retention_days"), Check: validateLogRetention},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}

func validateName(s Spec) []InputError {
	if nameRE.MatchString(s.Name) && len(s.Name) <= MaxNameLen {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q: use 1 to %d lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen (it names the replication group and prefixes its children)",
		s.Name, MaxNameLen)}}
}

func validateEngine(s Spec) []InputError {
	if slices.Contains(Engines, s.Engine) {
		return nil
	}
	return []InputError{{Attribute: "engine", Detail: fmt.Sprintf("%q: use %s", s.Engine, lists.Quoted(Engines))}}
}

// validateEngineVersion: a major.minor version the engine has; an unknown
// engine is validateEngine's finding.
func validateEngineVersion(s Spec) []InputError {
	versions, ok := EngineVersions[s.Engine]
	if !ok || slices.Contains(versions, s.EngineVersion) {
		return nil
	}
	hint := ""
	if !versionRE.MatchString(s.EngineVersion) {
		hint = " (major.minor only: ElastiCache picks the patch level and automatic minor version upgrades keep it current)"
	}
	return []InputError{{Attribute: "engine_version", Detail: fmt.Sprintf("%q is not a version of %s%s: use one of %s (default %q)",
		s.EngineVersion, s.Engine, hint, lists.Quoted(versions), s.Engine.DefaultVersion())}}
}

// validateNodeType: cache.<family>.<size>, of a family that encrypts in
// transit (CCH-02 is not optional, so ElastiCache would refuse the others).
func validateNodeType(s Spec) []InputError {
	m := nodeTypeRE.FindStringSubmatch(s.NodeType)
	switch {
	case m == nil:
		return []InputError{{Attribute: "node_type", Detail: fmt.Sprintf(
			"%q is not an ElastiCache node type: use cache.<family>.<size>, such as cache.r7g.large or cache.t4g.medium", s.NodeType)}}
	case slices.Contains(PreviousGenerationFamilies, m[1]):
		return []InputError{{Attribute: "node_type", Detail: fmt.Sprintf(
			"%s is a previous-generation node type that cannot encrypt in transit, which this resource always requires: use a current generation such as cache.r7g.large or cache.m7g.large",
			s.NodeType)}}
	}
	return nil
}

func validateVPC(s Spec) []InputError {
	if vpcRE.MatchString(s.VPCID) {
		return nil
	}
	return []InputError{{Attribute: "vpc_id", Detail: fmt.Sprintf("%q is not a VPC ID such as hipaa_vpc.<name>.id (vpc-0123456789abcdef0)", s.VPCID)}}
}

// idErrors refuses each element of ids at attr (a set: the message names
// the element) that re does not match, or that is listed twice.
func idErrors(attr, what, example string, re *regexp.Regexp, ids []string) []InputError {
	var errs []InputError
	seen := map[string]bool{}
	for _, id := range ids {
		switch {
		case !re.MatchString(id):
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%q is not a %s such as %s", id, what, example)})
		case seen[id]:
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%s is listed twice", id)})
		}
		seen[id] = true
	}
	return errs
}

func validateSubnets(s Spec) []InputError {
	return idErrors("subnet_ids", "subnet ID", "subnet-0123456789abcdef0", subnetRE, s.SubnetIDs)
}

func validateSubnetCount(s Spec) []InputError {
	if len(s.SubnetIDs) >= MinSubnets {
		return nil
	}
	return []InputError{{Attribute: "subnet_ids", Detail: fmt.Sprintf(
		"%d subnets: Multi-AZ needs subnets in at least %d availability zones; use hipaa_vpc.<name>.data_subnet_ids",
		len(s.SubnetIDs), MinSubnets)}}
}

func validateSecurityGroupIDs(s Spec) []InputError {
	return idErrors("allowed_security_group_ids", "security group ID", "sg-0123456789abcdef0", sgRE, s.AllowedSecurityGroupIDs)
}

func validateAllowedCIDRs(s Spec) []InputError {
	var errs []InputError
	seen := map[string]bool{}
	for _, b := range s.AllowedCIDRBlocks {
		const attr = "allowed_cidr_blocks" // a set: its elements have no index
		p, err := netip.ParsePrefix(b)
		switch {
		case err != nil:
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%q is not a CIDR block such as 10.0.16.0/20", b)})
		case p.Masked() != p:
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%q has host bits set: use %s", b, p.Masked())})
		case seen[b]:
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%s is listed twice", b)})
		}
		seen[b] = true
	}
	return errs
}

// validateSources: a cache nothing may reach is a misconfiguration.
func validateSources(s Spec) []InputError {
	if len(s.AllowedSecurityGroupIDs) > 0 || len(s.AllowedCIDRBlocks) > 0 {
		return nil
	}
	return []InputError{{Attribute: "allowed_security_group_ids", Detail: "neither allowed_security_group_ids nor allowed_cidr_blocks " +
		"is set, so nothing can connect to the cache: name the application's security groups (the cache admits them on its port only)"}}
}

func validateKey(s Spec) []InputError {
	return compliance.KeyInputErrors("kms_key_arn", s.KMSKeyARN)
}

func validateKeyRegion(s Spec) []InputError {
	return compliance.KeyRegionErrors("kms_key_arn", s.KMSKeyARN, s.Region, "the cache")
}

// validateSnapshotRetention: ElastiCache keeps automatic snapshots at most
// 35 days; 0 to 34 are CCH-03's findings.
func validateSnapshotRetention(s Spec) []InputError {
	if r := s.SnapshotRetention(); r < 0 || r > MaxSnapshotRetentionDays {
		return []InputError{{Attribute: "snapshot_retention_days", Detail: fmt.Sprintf(
			"%d: ElastiCache keeps automatic snapshots at most %d days: use %d (default), or hipaa_backup_plan for longer retention",
			r, MaxSnapshotRetentionDays, DefaultSnapshotRetentionDays)}}
	}
	return nil
}

func validateAuthMode(s Spec) []InputError {
	if slices.Contains(AuthModes, s.Auth.Mode) {
		return nil
	}
	return []InputError{{Attribute: "auth.mode", Detail: fmt.Sprintf("%q: use %q (default) or %q", s.Auth.Mode, AuthIAM, AuthPassword)}}
}

// validateIAMEngine: ElastiCache authenticates IAM users on Valkey and on
// Redis OSS 7.0 or later only.
func validateIAMEngine(s Spec) []InputError {
	if s.Auth.Mode != AuthIAM || s.Engine != EngineRedis || !versionBefore(s.EngineVersion, 7, 0) {
		return nil
	}
	return []InputError{{Attribute: "auth.mode", Detail: fmt.Sprintf(
		"IAM authentication needs Redis OSS 7.0 or later, or Valkey; engine_version is %q: use engine_version = %q, engine = %q, or auth.mode = %q",
		s.EngineVersion, EngineRedis.DefaultVersion(), EngineValkey, AuthPassword)}}
}

// versionBefore reports whether a major.minor version v is before
// major.minor; a malformed version is engine_version's finding.
func versionBefore(v string, major, minor int) bool {
	ma, mi, ok := strings.Cut(v, ".")
	a, errA := strconv.Atoi(ma)
	b, errB := strconv.Atoi(mi)
	if !ok || errA != nil || errB != nil {
		return false
	}
	return a < major || (a == major && b < minor)
}

func validateUserGroup(s Spec) []InputError {
	g := s.Auth.UserGroupID
	switch {
	case g == "":
		return nil
	case s.Auth.Mode != AuthIAM:
		return []InputError{{Attribute: "auth.user_group_id", Detail: fmt.Sprintf(
			"applies to auth.mode = %q only: with %q the resource makes the user group that holds the password user; remove user_group_id", AuthIAM, s.Auth.Mode)}}
	case !userGroupRE.MatchString(g):
		return []InputError{{Attribute: "auth.user_group_id", Detail: fmt.Sprintf(
			"%q is not an ElastiCache user group ID: a letter, then letters, digits and single hyphens, such as aws_elasticache_user_group.<name>.user_group_id", g)}}
	}
	return nil
}

// validateRotationMode: with IAM there is no password to rotate.
func validateRotationMode(s Spec) []InputError {
	if s.Auth.Mode != AuthIAM || s.Auth.RotationDays == 0 {
		return nil
	}
	return []InputError{{Attribute: "auth.rotation_days", Detail: fmt.Sprintf(
		"applies to auth.mode = %q only: IAM authentication uses short-lived tokens and keeps no password; remove rotation_days", AuthPassword)}}
}

// validateNumCacheClusters: a cluster-mode-disabled replication group has
// a primary and at most five replicas; fewer than two nodes is CCH-04's
// finding.
func validateNumCacheClusters(s Spec) []InputError {
	if n := s.NumCacheClusters; n < 1 || n > MaxNumCacheClusters {
		return []InputError{{Attribute: "num_cache_clusters", Detail: fmt.Sprintf(
			"%d: a replication group has a primary and up to %d replicas: use %d to %d nodes (default %d)",
			n, MaxNumCacheClusters-1, MinNumCacheClusters, MaxNumCacheClusters, DefaultNumCacheClusters)}}
	}
	return nil
}

func validatePort(s Spec) []InputError {
	if p := s.Port; p < 1 || p > 65535 {
		return []InputError{{Attribute: "port", Detail: fmt.Sprintf("%d: use 1 to 65535 (default %d)", p, DefaultPort)}}
	}
	return nil
}

func validateMaintenanceWindow(s Spec) []InputError {
	w := s.MaintenanceWindow
	if w == "" {
		return nil
	}
	m := weeklyRE.FindStringSubmatch(w)
	if m != nil && windowMinutes(slices.Index(weekdays, m[1]), m[2], m[3], slices.Index(weekdays, m[4]), m[5], m[6], true) >= MinWindowMinutes {
		return nil
	}
	return []InputError{{Attribute: "maintenance_window", Detail: fmt.Sprintf(
		"%q: use \"ddd:hh24:mi-ddd:hh24:mi\" in UTC, at least %d minutes long, such as \"sun:05:00-sun:06:00\"", w, MinWindowMinutes)}}
}

func validateSnapshotWindow(s Spec) []InputError {
	w := s.SnapshotWindow
	if w == "" {
		return nil
	}
	if m := dailyRE.FindStringSubmatch(w); m != nil && windowMinutes(0, m[1], m[2], 0, m[3], m[4], false) >= MinWindowMinutes {
		return nil
	}
	return []InputError{{Attribute: "snapshot_window", Detail: fmt.Sprintf(
		"%q: use \"hh24:mi-hh24:mi\" in UTC, at least %d minutes long, such as \"03:00-04:00\"", w, MinWindowMinutes)}}
}

// windowMinutes is the length of a window from day d1 h1:m1 to day d2
// h2:m2, wrapping past the week's end (weekly) or past midnight (daily),
// or -1 for a time that does not exist.
func windowMinutes(d1 int, h1, m1 string, d2 int, h2, m2 string, weekly bool) int {
	start, ok1 := minuteOf(d1, h1, m1)
	end, ok2 := minuteOf(d2, h2, m2)
	if !ok1 || !ok2 {
		return -1
	}
	period := 24 * 60
	if weekly {
		period *= 7
	}
	return ((end-start)%period + period) % period
}

func minuteOf(day int, h, m string) (int, bool) {
	hh, errH := strconv.Atoi(h)
	mm, errM := strconv.Atoi(m)
	if errH != nil || errM != nil || hh > 23 || mm > 59 || day < 0 {
		return 0, false
	}
	return (day*24+hh)*60 + mm, true
}

func validateLogRetention(s Spec) []InputError {
	if slices.Contains(AllowedRetentionDays, s.LogRetentionDays) {
		return nil
	}
	return []InputError{{Attribute: "log_retention_days", Detail: fmt.Sprintf(
		"%d: CloudWatch Logs accepts %s", s.LogRetentionDays, lists.Ints(AllowedRetentionDays))}}
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
