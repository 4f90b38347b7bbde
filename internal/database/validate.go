package database

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmsarn"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
)

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

var (
	identifierRE    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	instanceClassRE = regexp.MustCompile(`^db\.[a-z0-9-]+(\.[a-z0-9]+)?$`)
	vpcIDRE         = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetIDRE      = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	sgIDRE          = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	usernameRE      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	regionRE        = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	accountIDRE     = regexp.MustCompile(`^\d{12}$`)
	backupWindowRE  = regexp.MustCompile(`^(\d{2}):(\d{2})-(\d{2}):(\d{2})$`)
	maintWindowRE   = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):(\d{2}):(\d{2})-(mon|tue|wed|thu|fri|sat|sun):(\d{2}):(\d{2})$`)
	legacyClassRE   = regexp.MustCompile(`^db\.(m1|m2|m3|t1|t2)\.`)
	partitions      = []string{"aws", "aws-cn", "aws-us-gov"}
	weekdays        = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	minWindowMinute = 30
)

// auroraUnsupportedClasses are instance classes Aurora does not offer.
var auroraUnsupportedClasses = []string{"db.t3.micro", "db.t4g.micro"}

// ServerlessClass is the Aurora Serverless v2 instance class.
const ServerlessClass = "db.serverless"

// reservedUsernames are the master user names each engine family refuses.
var reservedUsernames = map[bool][]string{
	true:  {"postgres", "rdsadmin", "rdsrepladmin"}, // PostgreSQL family
	false: {"mysql.sys", "rdsadmin", "root"},        // MySQL family
}

// Validate reports input that cannot describe any database, with every
// argument known.
func Validate(s Spec) []InputError { return Evaluate(s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check whose arguments are
// known (u lists the unknown ones): duplicates in s as given, the rest on
// s.WithDefaults(). Settings that depend on the engine are checked only
// when the engine is valid.
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	d := s.WithDefaults()
	return compliance.Findings{
		Input:      append(compliance.Apply(s, u, rawInputRules), compliance.Apply(d, u, inputRules)...),
		Violations: compliance.Apply(d, u, controlRules),
	}
}

type inputRule = compliance.Rule[Spec, InputError]

// rawInputRules read s as given, before WithDefaults removes duplicates.
var rawInputRules = []inputRule{
	{Reads: []compliance.Read{compliance.Each("subnet_ids")}, Check: duplicatesIn("subnet_ids", func(s Spec) []string { return s.SubnetIDs })},
	{Reads: []compliance.Read{compliance.Each("allowed_security_group_ids")},
		Check: duplicatesIn("allowed_security_group_ids", func(s Spec) []string { return s.AllowedSecurityGroupIDs })},
	{Reads: []compliance.Read{compliance.Each("allowed_cidr_blocks")},
		Check: duplicatesIn("allowed_cidr_blocks", func(s Spec) []string { return s.AllowedCIDRBlocks })},
}

// inputRules each name what they read, so an unknown argument hides only
// the rules that read it. Provider context (region, account_id, partition,
// default_tags) is read like an argument. subnet_azs is filled only once
// the subnets are described (CheckSubnets at plan, the layout at apply).
var inputRules = []inputRule{
	{Reads: compliance.R("identifier"), Check: validateIdentifier},
	{Reads: compliance.R("engine"), Check: validateEngine},
	{Reads: compliance.R("vpc_id"), Check: validateVPCID},
	{Reads: []compliance.Read{compliance.Count("subnet_ids")}, Check: validateSubnetCount},
	{Reads: []compliance.Read{compliance.Each("subnet_ids")}, Check: validateSubnetIDs},
	{Reads: []compliance.Read{compliance.Each("allowed_security_group_ids")}, Check: validateSecurityGroupIDs},
	{Reads: compliance.R("subnet_ids", "subnet_azs", "vpc_id"), Check: validateSubnetsFound},
	{Reads: []compliance.Read{compliance.Each("allowed_cidr_blocks")}, Check: validateCIDRs},
	{Reads: compliance.R("port"), Check: validatePort},
	{Reads: compliance.R("kms_key_arn"), Check: validateKMSKey},
	{Reads: compliance.R("kms_key_arn", "partition"), Check: validateKMSKeyPartition},
	{Reads: compliance.R("kms_key_arn", "region"), Check: validateKMSKeyRegion},
	{Reads: compliance.R("backup_window"), Check: validateBackupWindow},
	{Reads: compliance.R("maintenance_window"), Check: validateMaintenanceWindow},
	{Reads: compliance.R("performance_insights_retention_days"), Check: validatePIRetention},
	{Reads: compliance.R("monitoring_interval_seconds"), Check: validateMonitoringInterval},
	{Reads: compliance.R("log_retention_days"), Check: validateLogRetention},
	{Reads: compliance.R("proxy.idle_client_timeout_seconds"), Check: validateProxy},
	{Reads: compliance.R("region"), Check: validateRegion},
	{Reads: compliance.R("account_id"), Check: validateAccountID},
	{Reads: compliance.R("partition"), Check: validatePartition},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
	{Reads: []compliance.Read{compliance.Count("tags"), {Path: "default_tags"}}, Check: validateTagCount},
	{Reads: compliance.R("engine", "engine_version"), Check: forEngine(validateVersion)},
	{Reads: compliance.R("engine", "instance_class"), Check: forEngine(validateClass)},
	{Reads: compliance.R("engine", "storage_type"), Check: forEngine(validateStorageType)},
	{Reads: compliance.R("engine", "storage_type", "allocated_storage"), Check: forEngine(validateAllocatedStorage)},
	{Reads: compliance.R("engine", "allocated_storage", "max_allocated_storage"), Check: forEngine(validateMaxAllocatedStorage)},
	{Reads: compliance.R("engine", "storage_type", "allocated_storage", "iops"), Check: forEngine(validateIOPS)},
	{Reads: compliance.R("engine", "allocated_storage"), Check: forEngine(auroraUnused("allocated_storage", func(s Spec) int { return s.AllocatedStorage }))},
	{Reads: compliance.R("engine", "max_allocated_storage"),
		Check: forEngine(auroraUnused("max_allocated_storage", func(s Spec) int { return s.MaxAllocatedStorage }))},
	{Reads: compliance.R("engine", "iops"), Check: forEngine(auroraUnused("iops", func(s Spec) int { return s.IOPS }))},
	{Reads: compliance.R("engine", "master_username"), Check: forEngine(validateUsername)},
	{Reads: compliance.R("engine", "database_name"), Check: forEngine(validateDatabaseName)},
	{Reads: compliance.R("engine", "instance_count"), Check: forEngine(validateInstanceCount)},
	{Reads: compliance.R("engine", "multi_az"), Check: forEngine(validateAuroraMultiAZ)},
}

// forEngine runs f only for a valid engine: validateEngine refuses the rest.
func forEngine(f func(Spec) []InputError) func(Spec) []InputError {
	return func(s Spec) []InputError {
		if !s.Engine.Valid() {
			return nil
		}
		return f(s)
	}
}

// duplicatesIn refuses a value listed twice in the list get returns.
func duplicatesIn(attr string, get func(Spec) []string) func(Spec) []InputError {
	return func(s Spec) []InputError {
		var errs []InputError
		for _, v := range duplicates(get(s)) {
			errs = append(errs, InputError{Attribute: attr, Detail: fmt.Sprintf("%s lists %q twice: list each once", attr, v)})
		}
		return errs
	}
}

// duplicates returns each value listed more than once, sorted.
func duplicates(in []string) []string {
	seen := map[string]int{}
	var out []string
	for _, v := range in {
		if seen[v]++; seen[v] == 2 {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func validateIdentifier(s Spec) []InputError {
	id := s.Identifier
	if len(id) >= 1 && len(id) <= MaxIdentifierLen && identifierRE.MatchString(id) &&
		!strings.HasSuffix(id, "-") && !strings.Contains(id, "--") {
		return nil
	}
	return []InputError{{Attribute: "identifier", Detail: fmt.Sprintf(
		"identifier %q is invalid: use 1 to %d letters, digits or hyphens, starting with a letter, without \"--\" or a trailing hyphen",
		id, MaxIdentifierLen)}}
}

func validateEngine(s Spec) []InputError {
	if s.Engine.Valid() {
		return nil
	}
	return []InputError{{Attribute: "engine", Detail: fmt.Sprintf("engine %q is invalid: use one of %s", s.Engine, lists.Quoted(Engines))}}
}

func validateVersion(s Spec) []InputError {
	if _, err := ParseVersion(s.Engine, s.EngineVersion); err != nil {
		return []InputError{{Attribute: "engine_version", Detail: err.Error()}}
	}
	return nil
}

func validateClass(s Spec) []InputError {
	c := s.InstanceClass
	switch {
	case c == "":
		return []InputError{{Attribute: "instance_class", Detail: "instance_class is required: use an RDS instance class such as \"db.r6g.large\""}}
	case !instanceClassRE.MatchString(c):
		return []InputError{{Attribute: "instance_class", Detail: fmt.Sprintf("instance_class %q is not an RDS instance class such as \"db.r6g.large\"", c)}}
	case legacyClassRE.MatchString(c):
		return []InputError{{Attribute: "instance_class", Detail: fmt.Sprintf(
			"instance_class %q is a retired previous-generation class: use a current one such as \"db.t4g.medium\" or \"db.r6g.large\"", c)}}
	case c == ServerlessClass && !s.Engine.IsAurora():
		return []InputError{{Attribute: "instance_class", Detail: fmt.Sprintf("instance_class %q is only for Aurora engines: use a provisioned class such as \"db.m6g.large\"", c)}}
	case s.Engine.IsAurora() && slices.Contains(auroraUnsupportedClasses, c):
		return []InputError{{Attribute: "instance_class", Detail: fmt.Sprintf(
			"instance_class %q is not offered for %s: use \"db.t4g.medium\" or larger", c, s.Engine)}}
	case c != ServerlessClass && strings.Count(c, ".") != 2:
		return []InputError{{Attribute: "instance_class", Detail: fmt.Sprintf("instance_class %q is not an RDS instance class such as \"db.r6g.large\"", c)}}
	}
	return nil
}

func validateStorageType(s Spec) []InputError {
	types := StorageTypes
	if s.Engine.IsAurora() {
		types = AuroraStorageTypes
	}
	if slices.Contains(types, s.StorageType) {
		return nil
	}
	return []InputError{{Attribute: "storage_type", Detail: fmt.Sprintf("storage_type %q is invalid for %s: use one of %s", s.StorageType, s.Engine, lists.Quoted(types))}}
}

// provisionedIOPS reports whether an instance's storage type takes provisioned IOPS.
func provisionedIOPS(s Spec) bool { return s.StorageType == StorageIO1 || s.StorageType == StorageIO2 }

// validateAllocatedStorage: an instance's storage, whose minimum depends on
// its storage type (not checked while storage_type is invalid).
func validateAllocatedStorage(s Spec) []InputError {
	if s.Engine.IsAurora() || !slices.Contains(StorageTypes, s.StorageType) {
		return nil
	}
	lo := MinAllocatedStorage
	if provisionedIOPS(s) {
		lo = MinProvisionedIOPSStorage
	}
	switch a := s.AllocatedStorage; {
	case a == 0:
		return []InputError{{Attribute: "allocated_storage", Detail: fmt.Sprintf(
			"allocated_storage is required for %s: set %d to %d GiB", s.Engine, lo, MaxAllocatedStorage)}}
	case a < lo || a > MaxAllocatedStorage:
		return []InputError{{Attribute: "allocated_storage", Detail: fmt.Sprintf(
			"allocated_storage is %d GiB; %s storage takes %d to %d GiB", a, s.StorageType, lo, MaxAllocatedStorage)}}
	}
	return nil
}

func validateMaxAllocatedStorage(s Spec) []InputError {
	if m := s.MaxAllocatedStorage; !s.Engine.IsAurora() && m != 0 && (m <= s.AllocatedStorage || m > MaxAllocatedStorage) {
		return []InputError{{Attribute: "max_allocated_storage", Detail: fmt.Sprintf(
			"max_allocated_storage is %d GiB: set it above allocated_storage (%d) and at most %d, or to 0 to turn storage autoscaling off",
			m, s.AllocatedStorage, MaxAllocatedStorage)}}
	}
	return nil
}

func validateIOPS(s Spec) []InputError {
	if s.Engine.IsAurora() || !slices.Contains(StorageTypes, s.StorageType) {
		return nil
	}
	switch {
	case provisionedIOPS(s) && (s.IOPS < MinProvisionedIOPS || s.IOPS > MaxProvisionedIOPS):
		return []InputError{{Attribute: "iops", Detail: fmt.Sprintf("iops is %d; %s storage needs %d to %d provisioned IOPS", s.IOPS, s.StorageType, MinProvisionedIOPS, MaxProvisionedIOPS)}}
	case s.StorageType == StorageGP2 && s.IOPS != 0:
		return []InputError{{Attribute: "iops", Detail: "gp2 storage takes no iops: remove iops or use storage_type \"gp3\""}}
	case s.StorageType == StorageGP3 && s.IOPS != 0 && s.AllocatedStorage < MinGP3IOPSStorage:
		return []InputError{{Attribute: "iops", Detail: fmt.Sprintf(
			"gp3 storage below %d GiB has a fixed baseline of 3000 IOPS: remove iops or raise allocated_storage to %d", MinGP3IOPSStorage, MinGP3IOPSStorage)}}
	}
	return nil
}

// auroraUnused refuses a storage setting (attr) that Aurora does not take.
func auroraUnused(attr string, get func(Spec) int) func(Spec) []InputError {
	return func(s Spec) []InputError {
		if !s.Engine.IsAurora() || get(s) == 0 {
			return nil
		}
		return []InputError{{Attribute: attr, Detail: fmt.Sprintf("%s does not apply to %s, whose storage grows automatically: remove it", attr, s.Engine)}}
	}
}

func validateVPCID(s Spec) []InputError {
	if vpcIDRE.MatchString(s.VPCID) {
		return nil
	}
	return []InputError{{Attribute: "vpc_id", Detail: fmt.Sprintf("vpc_id %q is not a VPC ID such as \"vpc-0123456789abcdef0\"", s.VPCID)}}
}

func validateSubnetCount(s Spec) []InputError {
	if len(s.SubnetIDs) >= MinSubnets {
		return nil
	}
	return []InputError{{Attribute: "subnet_ids", Detail: fmt.Sprintf(
		"subnet_ids lists %d subnets: list at least %d data-tier subnets in different availability zones", len(s.SubnetIDs), MinSubnets)}}
}

func validateSubnetIDs(s Spec) []InputError {
	var errs []InputError
	for _, id := range s.SubnetIDs {
		if !subnetIDRE.MatchString(id) {
			errs = append(errs, InputError{Attribute: "subnet_ids", Detail: fmt.Sprintf("%q is not a subnet ID such as \"subnet-0123456789abcdef0\"", id)})
		}
	}
	return errs
}

func validateSecurityGroupIDs(s Spec) []InputError {
	var errs []InputError
	for _, id := range s.AllowedSecurityGroupIDs {
		if !sgIDRE.MatchString(id) {
			errs = append(errs, InputError{Attribute: "allowed_security_group_ids", Detail: fmt.Sprintf("%q is not a security group ID such as \"sg-0123456789abcdef0\"", id)})
		}
	}
	return errs
}

// validateSubnetsFound: once the subnets are described (SubnetAZs), every
// one must exist; checkSubnetZones then counts their zones (DB-02).
func validateSubnetsFound(s Spec) []InputError {
	if s.SubnetAZs == nil || len(s.SubnetIDs) < MinSubnets {
		return nil
	}
	var errs []InputError
	for _, id := range missingSubnets(s) {
		errs = append(errs, InputError{Attribute: "subnet_ids", Detail: fmt.Sprintf("subnet %q was not found: list subnets of vpc_id %s", id, s.VPCID)})
	}
	return errs
}

// missingSubnets lists the well-formed subnet IDs that SubnetAZs lacks.
func missingSubnets(s Spec) []string {
	var out []string
	for _, id := range s.SubnetIDs {
		if _, ok := s.SubnetAZs[id]; !ok && subnetIDRE.MatchString(id) {
			out = append(out, id)
		}
	}
	return out
}

// distinctAZs returns the sorted zones of s.SubnetIDs that SubnetAZs knows.
func distinctAZs(s Spec) []string {
	var out []string
	for _, id := range s.SubnetIDs {
		if az, ok := s.SubnetAZs[id]; ok && az != "" {
			out = append(out, az)
		}
	}
	return lists.SortedUnique(out)
}

func validateCIDRs(s Spec) []InputError {
	var errs []InputError
	for _, c := range s.AllowedCIDRBlocks {
		p, err := netip.ParsePrefix(c)
		switch {
		case err != nil || !p.Addr().Is4():
			errs = append(errs, InputError{Attribute: "allowed_cidr_blocks", Detail: fmt.Sprintf("%q is not an IPv4 CIDR block such as \"10.0.16.0/20\"", c)})
		case p.Masked() != p:
			errs = append(errs, InputError{Attribute: "allowed_cidr_blocks", Detail: fmt.Sprintf("%q has host bits set: use %q", c, p.Masked().String())})
		}
	}
	return errs
}

// validatePort: an omitted port takes the engine's default; a given one,
// 0 included, must be a port RDS accepts.
func validatePort(s Spec) []InputError {
	if s.Port >= MinPort && s.Port <= MaxPort {
		return nil
	}
	return []InputError{{Attribute: "port", Detail: fmt.Sprintf("port is %d; RDS accepts %d to %d (omit port for the engine's default, %d for PostgreSQL or %d for MySQL)",
		s.Port, MinPort, MaxPort, EnginePostgres.DefaultPort(), EngineMySQL.DefaultPort())}}
}

// validateKMSKey refuses a kms_key_arn that is no KMS identifier at all; an
// empty one, an alias or an AWS managed key is a DB-01 violation (Check).
func validateKMSKey(s Spec) []InputError {
	return compliance.KeyInputErrors("kms_key_arn", s.KMSKeyARN)
}

func validateKMSKeyPartition(s Spec) []InputError {
	if a, ok := kmsarn.Parse(s.KMSKeyARN); ok && a.Partition != s.Partition {
		return []InputError{{Attribute: "kms_key_arn", Detail: fmt.Sprintf("kms_key_arn is in partition %q but the provider is in %q: use a key of this partition", a.Partition, s.Partition)}}
	}
	return nil
}

func validateKMSKeyRegion(s Spec) []InputError {
	return compliance.KeyRegionErrors("kms_key_arn", s.KMSKeyARN, s.Region, "the database")
}

func validateUsername(s Spec) []InputError {
	u := s.MasterUsername
	limit := MaxMySQLUsernameLen
	if s.Engine.IsPostgres() {
		limit = MaxPostgresUsernameLen
	}
	if !usernameRE.MatchString(u) || len(u) > limit {
		return []InputError{{Attribute: "master_username", Detail: fmt.Sprintf(
			"master_username %q is invalid for %s: use 1 to %d letters, digits or '_', starting with a letter", u, s.Engine, limit)}}
	}
	if slices.Contains(reservedUsernames[s.Engine.IsPostgres()], strings.ToLower(u)) {
		return []InputError{{Attribute: "master_username", Detail: fmt.Sprintf(
			"master_username %q is reserved by %s: use another name such as %q", u, s.Engine, DefaultMasterUsername)}}
	}
	return nil
}

func validateDatabaseName(s Spec) []InputError {
	n := s.DatabaseName
	limit := 64
	if s.Engine.IsPostgres() {
		limit = 63
	}
	if n == "" || (usernameRE.MatchString(n) && len(n) <= limit) {
		return nil
	}
	return []InputError{{Attribute: "database_name", Detail: fmt.Sprintf(
		"database_name %q is invalid for %s: use 1 to %d letters, digits or '_', starting with a letter", n, s.Engine, limit)}}
}

// validateInstanceCount: Multi-AZ is instance_count for Aurora and
// multi_az for instances; each engine kind refuses the other's setting.
func validateInstanceCount(s Spec) []InputError {
	switch {
	case s.Engine.IsAurora() && (s.InstanceCount < MinInstanceCount || s.InstanceCount > MaxInstanceCount):
		return []InputError{{Attribute: "instance_count", Detail: fmt.Sprintf(
			"instance_count is %d; an Aurora cluster takes %d to %d instances (default %d)", s.InstanceCount, MinInstanceCount, MaxInstanceCount, DefaultInstanceCount)}}
	case !s.Engine.IsAurora() && s.InstanceCount != 0:
		return []InputError{{Attribute: "instance_count", Detail: fmt.Sprintf(
			"instance_count applies only to Aurora engines: remove it (%s is Multi-AZ through multi_az)", s.Engine)}}
	}
	return nil
}

func validateAuroraMultiAZ(s Spec) []InputError {
	if s.Engine.IsAurora() && !s.IsMultiAZ() {
		return []InputError{{Attribute: "multi_az", Detail: fmt.Sprintf(
			"multi_az does not apply to %s, which is Multi-AZ through instance_count: remove multi_az", s.Engine)}}
	}
	return nil
}

func validateBackupWindow(s Spec) []InputError {
	w := s.BackupWindow
	if w == "" {
		return nil
	}
	if m := backupWindowRE.FindStringSubmatch(w); m != nil && windowMinutes(0, m[1], m[2], 0, m[3], m[4]) >= minWindowMinute {
		return nil
	}
	return []InputError{{Attribute: "backup_window", Detail: fmt.Sprintf(
		"backup_window %q is invalid: use \"hh24:mi-hh24:mi\" in UTC, at least %d minutes long, such as \"03:00-04:00\"", w, minWindowMinute)}}
}

func validateMaintenanceWindow(s Spec) []InputError {
	w := s.MaintenanceWindow
	if w == "" {
		return nil
	}
	m := maintWindowRE.FindStringSubmatch(w)
	if m != nil && windowMinutes(slices.Index(weekdays, m[1]), m[2], m[3], slices.Index(weekdays, m[4]), m[5], m[6]) >= minWindowMinute {
		return nil
	}
	return []InputError{{Attribute: "maintenance_window", Detail: fmt.Sprintf(
		"maintenance_window %q is invalid: use \"ddd:hh24:mi-ddd:hh24:mi\" in UTC, at least %d minutes long, such as \"sun:05:00-sun:06:00\"", w, minWindowMinute)}}
}

// windowMinutes is the length of a window from day d1 h1:m1 to day d2 h2:m2
// (wrapping past midnight or the week's end), or -1 for an invalid time.
func windowMinutes(d1 int, h1, m1 string, d2 int, h2, m2 string) int {
	start, ok1 := minuteOfWeek(d1, h1, m1)
	end, ok2 := minuteOfWeek(d2, h2, m2)
	if !ok1 || !ok2 {
		return -1
	}
	week := 7 * 24 * 60
	if d1 == 0 && d2 == 0 && end < start { // daily window past midnight
		end += 24 * 60
	}
	return ((end-start)%week + week) % week
}

func minuteOfWeek(day int, h, m string) (int, bool) {
	var hh, mm int
	if _, err := fmt.Sscanf(h+":"+m, "%d:%d", &hh, &mm); err != nil || hh > 23 || mm > 59 || day < 0 {
		return 0, false
	}
	return day*24*60 + hh*60 + mm, true
}

func validatePIRetention(s Spec) []InputError {
	if r := s.PerformanceInsightsRetentionDays; !ValidPIRetention(r) {
		return []InputError{{Attribute: "performance_insights_retention_days", Detail: fmt.Sprintf(
			"performance_insights_retention_days is %d; Performance Insights keeps 7 days, 31 × months (31, 62, … 713) or 731 days", r)}}
	}
	return nil
}

func validateMonitoringInterval(s Spec) []InputError {
	if i := s.MonitoringInterval(); !slices.Contains(MonitoringIntervals, i) {
		return []InputError{{Attribute: "monitoring_interval_seconds", Detail: fmt.Sprintf(
			"monitoring_interval_seconds is %d; RDS accepts %s", i, lists.Ints(MonitoringIntervals))}}
	}
	return nil
}

func validateLogRetention(s Spec) []InputError {
	if r := s.LogRetentionDays; !slices.Contains(AllowedRetentionDays, r) {
		return []InputError{{Attribute: "log_retention_days", Detail: fmt.Sprintf(
			"log_retention_days is %d; CloudWatch Logs accepts %s", r, lists.Ints(AllowedRetentionDays))}}
	}
	return nil
}

// ValidPIRetention reports whether Performance Insights accepts days of
// retention: 7, 31 × months for 1 to 23 months, or 731.
func ValidPIRetention(days int) bool {
	return days == DefaultPIRetentionDays || days == MaxPIRetentionDays || (days >= 31 && days <= 23*31 && days%31 == 0)
}

func validateProxy(s Spec) []InputError {
	t := s.Proxy.IdleClientTimeoutSeconds
	if t >= MinProxyIdleClientTimeout && t <= MaxProxyIdleClientTimeout {
		return nil
	}
	return []InputError{{Attribute: "proxy.idle_client_timeout_seconds", Detail: fmt.Sprintf(
		"proxy.idle_client_timeout_seconds is %d; RDS Proxy accepts %d to %d (default %d)",
		t, MinProxyIdleClientTimeout, MaxProxyIdleClientTimeout, DefaultProxyIdleClientTimeout)}}
}

// validateRegion, validateAccountID and validatePartition check what the
// provider fills in; an empty region or account is not checked.
func validateRegion(s Spec) []InputError {
	if s.Region != "" && !regionRE.MatchString(s.Region) {
		return []InputError{{Attribute: "region", Detail: fmt.Sprintf("region %q is not an AWS region name such as \"us-east-1\"", s.Region)}}
	}
	return nil
}

func validateAccountID(s Spec) []InputError {
	if s.AccountID != "" && !accountIDRE.MatchString(s.AccountID) {
		return []InputError{{Attribute: "account_id", Detail: fmt.Sprintf("account ID %q is not 12 digits", s.AccountID)}}
	}
	return nil
}

func validatePartition(s Spec) []InputError {
	if !slices.Contains(partitions, s.Partition) {
		return []InputError{{Attribute: "partition", Detail: fmt.Sprintf("partition %q is not one of %s", s.Partition, lists.Quoted(partitions))}}
	}
	return nil
}

// validateTags refuses each tag AWS would reject, on its own, so a tag
// whose value is unknown hides no other.
func validateTags(s Spec) []InputError {
	var errs []InputError
	for _, k := range slices.Sorted(maps.Keys(s.Tags)) {
		errs = append(errs, compliance.TagErrors("tags", map[string]string{k: s.Tags[k]}, nil)...)
	}
	return errs
}

// validateTagCount refuses more tags and default tags than fit beside the
// provider's own (the entries themselves are validateTags').
func validateTagCount(s Spec) []InputError {
	all := maps.Clone(s.DefaultTags)
	if all == nil {
		all = map[string]string{}
	}
	maps.Copy(all, s.Tags)
	return compliance.TagErrors("tags", nil, all)
}
