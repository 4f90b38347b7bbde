package database

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// InputError is plain bad input that cannot describe any database; it is
// not a control and no exception waives it.
type InputError struct {
	Attribute string
	Detail    string
}

func (e InputError) Error() string { return e.Attribute + ": " + e.Detail }

var (
	identifierRE    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	instanceClassRE = regexp.MustCompile(`^db\.[a-z0-9-]+(\.[a-z0-9]+)?$`)
	vpcIDRE         = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetIDRE      = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	sgIDRE          = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	kmsKeyARNRE     = regexp.MustCompile(`^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key/(` +
		`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
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

// Validate reports input that cannot describe any database. It looks for
// duplicates in s as given, then checks s.WithDefaults(). Settings that
// depend on the engine are checked only when the engine is valid.
func Validate(s Spec) []InputError {
	errs := duplicateErrors(s)
	d := s.WithDefaults()
	checks := []func(Spec) []InputError{validateIdentifier, validateEngine, validateNetwork, validateCIDRs,
		validatePort, validateKMSKey, validateWindows, validateMonitoring, validateProxy, validateContext, validateTags}
	if d.Engine.Valid() {
		checks = append(checks, validateVersion, validateClass, validateStorage, validateUsername,
			validateDatabaseName, validateTopology)
	}
	for _, f := range checks {
		errs = append(errs, f(d)...)
	}
	return errs
}

func duplicateErrors(s Spec) []InputError {
	var errs []InputError
	for _, f := range []struct {
		attr string
		vs   []string
	}{{"subnet_ids", s.SubnetIDs}, {"allowed_security_group_ids", s.AllowedSecurityGroupIDs}, {"allowed_cidr_blocks", s.AllowedCIDRBlocks}} {
		for _, v := range duplicates(f.vs) {
			errs = append(errs, InputError{f.attr, fmt.Sprintf("%s lists %q twice: list each once", f.attr, v)})
		}
	}
	return errs
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
	return []InputError{{"identifier", fmt.Sprintf(
		"identifier %q is invalid: use 1 to %d letters, digits or hyphens, starting with a letter, without \"--\" or a trailing hyphen",
		id, MaxIdentifierLen)}}
}

func validateEngine(s Spec) []InputError {
	if s.Engine.Valid() {
		return nil
	}
	return []InputError{{"engine", fmt.Sprintf("engine %q is invalid: use one of %s", s.Engine, quoteJoin(Engines))}}
}

func validateVersion(s Spec) []InputError {
	if _, err := ParseVersion(s.Engine, s.EngineVersion); err != nil {
		return []InputError{{"engine_version", err.Error()}}
	}
	return nil
}

func validateClass(s Spec) []InputError {
	c := s.InstanceClass
	switch {
	case c == "":
		return []InputError{{"instance_class", "instance_class is required: use an RDS instance class such as \"db.r6g.large\""}}
	case !instanceClassRE.MatchString(c):
		return []InputError{{"instance_class", fmt.Sprintf("instance_class %q is not an RDS instance class such as \"db.r6g.large\"", c)}}
	case legacyClassRE.MatchString(c):
		return []InputError{{"instance_class", fmt.Sprintf(
			"instance_class %q is a retired previous-generation class: use a current one such as \"db.t4g.medium\" or \"db.r6g.large\"", c)}}
	case c == ServerlessClass && !s.Engine.IsAurora():
		return []InputError{{"instance_class", fmt.Sprintf("instance_class %q is only for Aurora engines: use a provisioned class such as \"db.m6g.large\"", c)}}
	case s.Engine.IsAurora() && slices.Contains(auroraUnsupportedClasses, c):
		return []InputError{{"instance_class", fmt.Sprintf(
			"instance_class %q is not offered for %s: use \"db.t4g.medium\" or larger", c, s.Engine)}}
	case c != ServerlessClass && strings.Count(c, ".") != 2:
		return []InputError{{"instance_class", fmt.Sprintf("instance_class %q is not an RDS instance class such as \"db.r6g.large\"", c)}}
	}
	return nil
}

func validateStorage(s Spec) []InputError {
	if s.Engine.IsAurora() {
		return validateAuroraStorage(s)
	}
	var errs []InputError
	if !slices.Contains(StorageTypes, s.StorageType) {
		return []InputError{{"storage_type", fmt.Sprintf("storage_type %q is invalid for %s: use one of %s", s.StorageType, s.Engine, quoteJoin(StorageTypes))}}
	}
	provisioned := s.StorageType == StorageIO1 || s.StorageType == StorageIO2
	lo := MinAllocatedStorage
	if provisioned {
		lo = MinProvisionedIOPSStorage
	}
	switch a := s.AllocatedStorage; {
	case a == 0:
		errs = append(errs, InputError{"allocated_storage", fmt.Sprintf(
			"allocated_storage is required for %s: set %d to %d GiB", s.Engine, lo, MaxAllocatedStorage)})
	case a < lo || a > MaxAllocatedStorage:
		errs = append(errs, InputError{"allocated_storage", fmt.Sprintf(
			"allocated_storage is %d GiB; %s storage takes %d to %d GiB", a, s.StorageType, lo, MaxAllocatedStorage)})
	}
	if m := s.MaxAllocatedStorage; m != 0 && (m <= s.AllocatedStorage || m > MaxAllocatedStorage) {
		errs = append(errs, InputError{"max_allocated_storage", fmt.Sprintf(
			"max_allocated_storage is %d GiB: set it above allocated_storage (%d) and at most %d, or to 0 to turn storage autoscaling off",
			m, s.AllocatedStorage, MaxAllocatedStorage)})
	}
	return append(errs, validateIOPS(s, provisioned)...)
}

func validateIOPS(s Spec, provisioned bool) []InputError {
	switch {
	case provisioned && (s.IOPS < MinProvisionedIOPS || s.IOPS > MaxProvisionedIOPS):
		return []InputError{{"iops", fmt.Sprintf("iops is %d; %s storage needs %d to %d provisioned IOPS", s.IOPS, s.StorageType, MinProvisionedIOPS, MaxProvisionedIOPS)}}
	case s.StorageType == StorageGP2 && s.IOPS != 0:
		return []InputError{{"iops", "gp2 storage takes no iops: remove iops or use storage_type \"gp3\""}}
	case s.StorageType == StorageGP3 && s.IOPS != 0 && s.AllocatedStorage < MinGP3IOPSStorage:
		return []InputError{{"iops", fmt.Sprintf(
			"gp3 storage below %d GiB has a fixed baseline of 3000 IOPS: remove iops or raise allocated_storage to %d", MinGP3IOPSStorage, MinGP3IOPSStorage)}}
	}
	return nil
}

func validateAuroraStorage(s Spec) []InputError {
	var errs []InputError
	for _, f := range []struct {
		attr string
		v    int
	}{{"allocated_storage", s.AllocatedStorage}, {"max_allocated_storage", s.MaxAllocatedStorage}, {"iops", s.IOPS}} {
		if f.v != 0 {
			errs = append(errs, InputError{f.attr, fmt.Sprintf("%s does not apply to %s, whose storage grows automatically: remove it", f.attr, s.Engine)})
		}
	}
	if !slices.Contains(AuroraStorageTypes, s.StorageType) {
		errs = append(errs, InputError{"storage_type", fmt.Sprintf(
			"storage_type %q is invalid for %s: use one of %s", s.StorageType, s.Engine, quoteJoin(AuroraStorageTypes))})
	}
	return errs
}

func validateNetwork(s Spec) []InputError {
	var errs []InputError
	if !vpcIDRE.MatchString(s.VPCID) {
		errs = append(errs, InputError{"vpc_id", fmt.Sprintf("vpc_id %q is not a VPC ID such as \"vpc-0123456789abcdef0\"", s.VPCID)})
	}
	if len(s.SubnetIDs) < MinSubnets {
		errs = append(errs, InputError{"subnet_ids", fmt.Sprintf(
			"subnet_ids lists %d subnets: list at least %d data-tier subnets in different availability zones", len(s.SubnetIDs), MinSubnets)})
	}
	for _, id := range s.SubnetIDs {
		if !subnetIDRE.MatchString(id) {
			errs = append(errs, InputError{"subnet_ids", fmt.Sprintf("%q is not a subnet ID such as \"subnet-0123456789abcdef0\"", id)})
		}
	}
	for _, id := range s.AllowedSecurityGroupIDs {
		if !sgIDRE.MatchString(id) {
			errs = append(errs, InputError{"allowed_security_group_ids", fmt.Sprintf("%q is not a security group ID such as \"sg-0123456789abcdef0\"", id)})
		}
	}
	return append(errs, validateSubnetAZs(s)...)
}

// validateSubnetAZs: once the subnets are described, every one must exist and
// they must span at least two zones (a DB subnet group needs two).
func validateSubnetAZs(s Spec) []InputError {
	if s.SubnetAZs == nil || len(s.SubnetIDs) < MinSubnets {
		return nil
	}
	var errs []InputError
	for _, id := range s.SubnetIDs {
		if _, ok := s.SubnetAZs[id]; !ok && subnetIDRE.MatchString(id) {
			errs = append(errs, InputError{"subnet_ids", fmt.Sprintf("subnet %q was not found: list subnets of vpc_id %s", id, s.VPCID)})
		}
	}
	if len(errs) == 0 && len(distinctAZs(s)) < MinSubnetAZs {
		errs = append(errs, InputError{"subnet_ids", fmt.Sprintf(
			"subnet_ids are all in %s: list subnets in at least %d availability zones", strings.Join(distinctAZs(s), ", "), MinSubnetAZs)})
	}
	return errs
}

// distinctAZs returns the sorted zones of s.SubnetIDs that SubnetAZs knows.
func distinctAZs(s Spec) []string {
	var out []string
	for _, id := range s.SubnetIDs {
		if az, ok := s.SubnetAZs[id]; ok && az != "" {
			out = append(out, az)
		}
	}
	return sortedUnique(out)
}

func validateCIDRs(s Spec) []InputError {
	var errs []InputError
	for _, c := range s.AllowedCIDRBlocks {
		p, err := netip.ParsePrefix(c)
		switch {
		case err != nil || !p.Addr().Is4():
			errs = append(errs, InputError{"allowed_cidr_blocks", fmt.Sprintf("%q is not an IPv4 CIDR block such as \"10.0.16.0/20\"", c)})
		case p.Masked() != p:
			errs = append(errs, InputError{"allowed_cidr_blocks", fmt.Sprintf("%q has host bits set: use %q", c, p.Masked().String())})
		}
	}
	return errs
}

func validatePort(s Spec) []InputError {
	if s.Port >= MinPort && s.Port <= MaxPort {
		return nil
	}
	return []InputError{{"port", fmt.Sprintf("port is %d; RDS accepts %d to %d (default %d for %s)", s.Port, MinPort, MaxPort, s.Engine.DefaultPort(), s.Engine)}}
}

// validateKMSKey checks the form of kms_key_arn; an empty one is a DB-01
// violation, reported by Check.
func validateKMSKey(s Spec) []InputError {
	k := s.KMSKeyARN
	if k == "" {
		return nil
	}
	if strings.Contains(k, "alias/") {
		return []InputError{{"kms_key_arn", fmt.Sprintf(
			"kms_key_arn %q is an alias: use the key ARN arn:aws:kms:<region>:<account-id>:key/<key-id> of a customer-managed key "+
				"(the AWS-managed aws/rds key is never accepted)", k)}}
	}
	m := kmsKeyARNRE.FindStringSubmatch(k)
	switch {
	case m == nil:
		return []InputError{{"kms_key_arn", fmt.Sprintf(
			"kms_key_arn %q is not a KMS key ARN: use arn:aws:kms:<region>:<account-id>:key/<key-id>, such as the arn of a hipaa_kms_key", k)}}
	case s.Partition != "" && m[1] != s.Partition:
		return []InputError{{"kms_key_arn", fmt.Sprintf("kms_key_arn is in partition %q but the provider is in %q: use a key of this partition", m[1], s.Partition)}}
	case s.Region != "" && m[2] != s.Region:
		return []InputError{{"kms_key_arn", fmt.Sprintf(
			"kms_key_arn is in %s but the database is in %s: RDS needs a key in the same region", m[2], s.Region)}}
	}
	return nil
}

func validateUsername(s Spec) []InputError {
	u := s.MasterUsername
	limit := MaxMySQLUsernameLen
	if s.Engine.IsPostgres() {
		limit = MaxPostgresUsernameLen
	}
	if !usernameRE.MatchString(u) || len(u) > limit {
		return []InputError{{"master_username", fmt.Sprintf(
			"master_username %q is invalid for %s: use 1 to %d letters, digits or '_', starting with a letter", u, s.Engine, limit)}}
	}
	if slices.Contains(reservedUsernames[s.Engine.IsPostgres()], strings.ToLower(u)) {
		return []InputError{{"master_username", fmt.Sprintf(
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
	return []InputError{{"database_name", fmt.Sprintf(
		"database_name %q is invalid for %s: use 1 to %d letters, digits or '_', starting with a letter", n, s.Engine, limit)}}
}

// validateTopology: Multi-AZ is multi_az for instances and instance_count
// for Aurora; each engine kind refuses the other's setting.
func validateTopology(s Spec) []InputError {
	var errs []InputError
	if s.Engine.IsAurora() {
		if s.InstanceCount < MinInstanceCount || s.InstanceCount > MaxInstanceCount {
			errs = append(errs, InputError{"instance_count", fmt.Sprintf(
				"instance_count is %d; an Aurora cluster takes %d to %d instances (default %d)", s.InstanceCount, MinInstanceCount, MaxInstanceCount, DefaultInstanceCount)})
		}
		if !s.IsMultiAZ() {
			errs = append(errs, InputError{"multi_az", fmt.Sprintf(
				"multi_az does not apply to %s, which is Multi-AZ through instance_count: remove multi_az", s.Engine)})
		}
		return errs
	}
	if s.InstanceCount != 0 {
		errs = append(errs, InputError{"instance_count", fmt.Sprintf(
			"instance_count applies only to Aurora engines: remove it (%s is Multi-AZ through multi_az)", s.Engine)})
	}
	return errs
}

func validateWindows(s Spec) []InputError {
	var errs []InputError
	if w := s.BackupWindow; w != "" {
		m := backupWindowRE.FindStringSubmatch(w)
		if m == nil || windowMinutes(0, m[1], m[2], 0, m[3], m[4]) < minWindowMinute {
			errs = append(errs, InputError{"backup_window", fmt.Sprintf(
				"backup_window %q is invalid: use \"hh24:mi-hh24:mi\" in UTC, at least %d minutes long, such as \"03:00-04:00\"", w, minWindowMinute)})
		}
	}
	if w := s.MaintenanceWindow; w != "" {
		m := maintWindowRE.FindStringSubmatch(w)
		if m == nil || windowMinutes(slices.Index(weekdays, m[1]), m[2], m[3], slices.Index(weekdays, m[4]), m[5], m[6]) < minWindowMinute {
			errs = append(errs, InputError{"maintenance_window", fmt.Sprintf(
				"maintenance_window %q is invalid: use \"ddd:hh24:mi-ddd:hh24:mi\" in UTC, at least %d minutes long, such as \"sun:05:00-sun:06:00\"", w, minWindowMinute)})
		}
	}
	return errs
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

func validateMonitoring(s Spec) []InputError {
	var errs []InputError
	if r := s.PerformanceInsightsRetentionDays; !ValidPIRetention(r) {
		errs = append(errs, InputError{"performance_insights_retention_days", fmt.Sprintf(
			"performance_insights_retention_days is %d; Performance Insights keeps 7 days, 31 × months (31, 62, … 713) or 731 days", r)})
	}
	if i := s.MonitoringInterval(); !slices.Contains(MonitoringIntervals, i) {
		errs = append(errs, InputError{"monitoring_interval_seconds", fmt.Sprintf(
			"monitoring_interval_seconds is %d; RDS accepts %s", i, intJoin(MonitoringIntervals))})
	}
	if r := s.LogRetentionDays; !slices.Contains(AllowedRetentionDays, r) {
		errs = append(errs, InputError{"log_retention_days", fmt.Sprintf(
			"log_retention_days is %d; CloudWatch Logs accepts %s", r, intJoin(AllowedRetentionDays))})
	}
	return errs
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
	return []InputError{{"proxy.idle_client_timeout_seconds", fmt.Sprintf(
		"proxy.idle_client_timeout_seconds is %d; RDS Proxy accepts %d to %d (default %d)",
		t, MinProxyIdleClientTimeout, MaxProxyIdleClientTimeout, DefaultProxyIdleClientTimeout)}}
}

// validateContext checks what the provider fills in; only set values.
func validateContext(s Spec) []InputError {
	var errs []InputError
	if s.Region != "" && !regionRE.MatchString(s.Region) {
		errs = append(errs, InputError{"region", fmt.Sprintf("region %q is not an AWS region name such as \"us-east-1\"", s.Region)})
	}
	if s.AccountID != "" && !accountIDRE.MatchString(s.AccountID) {
		errs = append(errs, InputError{"account_id", fmt.Sprintf("account ID %q is not 12 digits", s.AccountID)})
	}
	if !slices.Contains(partitions, s.Partition) {
		errs = append(errs, InputError{"partition", fmt.Sprintf("partition %q is not one of %s", s.Partition, quoteJoin(partitions))})
	}
	return errs
}

func validateTags(s Spec) []InputError {
	var errs []InputError
	for _, k := range slices.Sorted(maps.Keys(s.Tags)) {
		switch {
		case tags.IsReserved(k):
			errs = append(errs, InputError{"tags", fmt.Sprintf("tag key %q is reserved by the provider: remove it", k)})
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			errs = append(errs, InputError{"tags", fmt.Sprintf("tag key %q starts with \"aws:\", which AWS reserves: rename it", k)})
		case k == "" || len(k) > MaxTagKeyLen:
			errs = append(errs, InputError{"tags", fmt.Sprintf("tag key %q must be 1 to %d characters", k, MaxTagKeyLen)})
		case len(s.Tags[k]) > MaxTagValueLen:
			errs = append(errs, InputError{"tags", fmt.Sprintf("the value of tag %q is longer than %d characters: shorten it", k, MaxTagValueLen)})
		}
	}
	if n := len(s.BaseTags()) + 1; n > MaxTagsPerResource { // + hipaa:child
		errs = append(errs, InputError{"tags", fmt.Sprintf(
			"tags and provider default_tags add up to %d tags per object with the provider's own; AWS allows %d: remove %d",
			n, MaxTagsPerResource, n-MaxTagsPerResource)})
	}
	return errs
}
