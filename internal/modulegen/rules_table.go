package modulegen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmsarn"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// Regular expressions copied from the core packages, which do not export
// them; rules_test.go proves each rule agrees with the Go check.
const (
	kmsAliasRE     = `^[a-zA-Z0-9/_-]{1,250}$`                                // kmskey aliasNameRE
	kmsPrincipalRE = `^arn:aws[a-zA-Z-]*:iam::\d{12}:(root|role/.+|user/.+)$` // kmskey principalRE
	vpcNameRE      = `^[A-Za-z0-9][A-Za-z0-9_-]{0,43}$`                       // vpc nameRE
	vpcZoneRE      = `^[a-z0-9]+(-[a-z0-9]+)*$`                               // vpc zoneRE
	vpcZoneSlotRE  = `([a-h]|(^|[^0-9])0*[1-8])$`                             // vpc AZSlot: ends in a-h or 1-8
	vpcServiceRE   = `^[a-z0-9][a-z0-9.-]*$`                                  // vpc serviceRE
	dbIdentifierRE = `^[a-zA-Z](-?[a-zA-Z0-9])*$`                             // database identifierRE on the lowercased id, no "--" or trailing "-"
	dbClassRE      = `^db\.[a-z0-9-]+\.[a-z0-9]+$`                            // database instanceClassRE with two dots
	dbLegacyRE     = `^db\.(m1|m2|m3|t1|t2)\.`                                // database legacyClassRE
	dbVPCIDRE      = `^vpc-[0-9a-f]{8,17}$`                                   // database vpcIDRE
	dbSubnetIDRE   = `^subnet-[0-9a-f]{8,17}$`                                // database subnetIDRE
	dbSGIDRE       = `^sg-[0-9a-f]{8,17}$`                                    // database sgIDRE
	dbUsernameRE   = `^[A-Za-z][A-Za-z0-9_]*$`                                // database usernameRE
	dbWeekdayRE    = `(mon|tue|wed|thu|fri|sat|sun)`                          // database weekdays
	trailNameRE    = `^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$`                      // audittrail nameRE
	trailBucketRE  = `^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$` // audittrail bucketARNRE
	standardRE     = `^[a-z0-9-]+/v/\d+\.\d+\.\d+$`                           // baseline standardRE
	bucketNameRE   = `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`                        // bucket nameRE
	bucketResRE    = `^(xn--|sthree-|amzn-s3-demo-)`                          // bucket reservedPrefixes
)

// Pieces of the regular expressions for IPv4 blocks and UTC times.
const (
	octetRE   = `(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])` // 0-255 without leading zeros, as net/netip
	hourMinRE = `([01][0-9]|2[0-3]):[0-5][0-9]`
)

// maxDatabaseNameLen: validateDatabaseName allows 63 characters for
// PostgreSQL and 64 for MySQL; the rule checks the larger.
const maxDatabaseNameLen = 64

// gatewayServices always get gateway endpoints (vpc validateEndpoints).
var gatewayServices = []string{"dynamodb", "s3"}

// kmsKeyRules mirror internal/kmskey/checks.go: Validate, and the Hard
// violations of Check (rotation above the default is a waivable KEY-02).
func kmsKeyRules() []rule {
	name := `trimprefix(var.name, "alias/")`
	return []rule{
		{"name", matches(kmsAliasRE, name) + " && !" + matches(`^aws/`, name), // Validate
			`Use 1 to 250 letters, digits, "/", "_" or "-" after an optional "alias/" prefix, not starting with "aws/".`},
		{"deletion_window_days", unlessNull("deletion_window_days", inRange(ref("deletion_window_days"), kmskey.MinDeletionWindowDays, kmskey.MaxDeletionWindowDays)), // checkDeletionWindow
			fmt.Sprintf("Use %d to %d days, so a scheduled deletion can be cancelled (KEY-03).", kmskey.MinDeletionWindowDays, kmskey.MaxDeletionWindowDays)},
		{"rotation_period_days", unlessNull("rotation_period_days", inRange(ref("rotation_period_days"), kmskey.MinRotationPeriodDays, kmskey.MaxRotationPeriodDays)), // checkRotation
			fmt.Sprintf("AWS KMS rotates every %d to %d days.", kmskey.MinRotationPeriodDays, kmskey.MaxRotationPeriodDays)},
		{"allowed_services", unlessNull("allowed_services", fmt.Sprintf("length(setsubtract(var.allowed_services, %s)) == 0", stringList(kmskey.ServiceNames()))), // checkServices
			fmt.Sprintf("The key policy can name only these services: %s.", strings.Join(kmskey.ServiceNames(), ", "))},
		principalRule("administrator_arns"), // checkPrincipals
		principalRule("user_arns"),          // checkPrincipals
	}
}

func principalRule(input string) rule {
	return rule{input, unlessNull(input, none(ref(input), "!"+matches(kmsPrincipalRE, "v"))),
		"List IAM role, user or account-root ARNs; wildcards are never allowed in a key policy (KEY-01)."}
}

// vpcRules mirror internal/vpc/validate.go (Validate). Left to the
// provider: host bits of cidr_block, zones that share a CIDR slot or name
// the region, and the NACL rule quota (zones × database_ports).
func vpcRules() []rule {
	fl := ref("flow_logs")
	return []rule{
		{"name", matches(vpcNameRE, ref("name")), // validateName
			`Use 1 to 44 letters, digits, "-" or "_", starting with a letter or digit.`},
		{"cidr_block", matches(privateCIDRRE(vpc.MinVPCPrefix, vpc.MaxVPCPrefix), ref("cidr_block")), // validateCIDR
			fmt.Sprintf("Use a private (RFC 1918) IPv4 block from /%d to /%d, such as \"10.0.0.0/16\".", vpc.MinVPCPrefix, vpc.MaxVPCPrefix)},
		{"availability_zones", unlessNull("availability_zones", "length(var.availability_zones) > 0 && "+ // validateZones, AZSlot
			none(ref("availability_zones"), "!"+matches(vpcZoneRE, "v")+" || !"+matches(vpcZoneSlotRE, "v"))),
			`List zone names or IDs such as "us-east-1a" or "use1-az1", ending in a letter a-h or a number 1-8.`},
		{"nat_gateways", oneOf(ref("nat_gateways"), stringList(vpc.NATModes)), // validateNAT
			fmt.Sprintf("Use one of %s.", lists.Quoted(vpc.NATModes))},
		{"database_ports", unlessNull("database_ports", none(ref("database_ports"), "v < 1 || v > 65535")), // validatePorts
			"Ports are 1 to 65535."},
		{"flow_logs", fl + `.kms_key_arn == "" || ` + matches(kmsarn.KeyARNPattern, fl+".kms_key_arn"), // validateFlowLogs
			"Set flow_logs.kms_key_arn to a KMS key ARN, arn:aws:kms:<region>:<account-id>:key/<key-id> (an alias is not accepted)."},
		{"flow_logs", fl + ".retention_days == null ? true : " + oneOf(fl+".retention_days", intList(vpc.AllowedRetentionDays)), // validateFlowLogs
			fmt.Sprintf("Set flow_logs.retention_days to a CloudWatch Logs retention: %s.", lists.Ints(vpc.AllowedRetentionDays))},
		{"flow_logs", fl + ".traffic_type == null ? true : " + oneOf(fl+".traffic_type", stringList(vpc.TrafficTypes)), // validateFlowLogs
			fmt.Sprintf("Set flow_logs.traffic_type to one of %s (anything but %q needs a NET-09 exception).", lists.Quoted(vpc.TrafficTypes), vpc.DefaultTrafficType)},
		{"interface_endpoints", unlessNull("interface_endpoints", none(ref("interface_endpoints"), // validateEndpoints
			"!"+matches(vpcServiceRE, "v")+" || "+oneOf("v", stringList(gatewayServices)))),
			`List service short names such as "secretsmanager" or "ecr.api"; s3 and dynamodb always have gateway endpoints.`},
	}
}

// privateCIDRRE matches an IPv4 block inside 10.0.0.0/8, 172.16.0.0/12 or
// 192.168.0.0/16 with a prefix length from lo to hi.
func privateCIDRRE(lo, hi int) string {
	o := octetRE
	private := fmt.Sprintf(`(10\.%s|172\.(1[6-9]|2[0-9]|3[01])|192\.168)`, o)
	return fmt.Sprintf(`^%s\.%s\.%s/(%s)$`, private, o, o, alternatives(lo, hi))
}

// alternatives is "lo|lo+1|…|hi".
func alternatives(lo, hi int) string {
	var parts []string
	for i := lo; i <= hi; i++ {
		parts = append(parts, strconv.Itoa(i))
	}
	return strings.Join(parts, "|")
}

// tagCharsRE is the character class tags.allowedRune accepts.
const tagCharsRE = `^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`

// tagRules mirror tags.Problems and tags.CountProblem, the one tag check of
// every resource (compliance.TagErrors).
func tagRules() []rule {
	reserved := []string{tags.ChildKey, tags.ManagedByKey, tags.OwnerKey}
	return []rule{
		{"tags", unlessNull("tags", fmt.Sprintf("length(setintersection(keys(var.tags), %s)) == 0", stringList(reserved))),
			fmt.Sprintf("The tag keys %s are set by the provider.", strings.Join(reserved, ", "))},
		{"tags", unlessNull("tags", none("keys(var.tags)", fmt.Sprintf("length(v) < 1 || length(v) > %d || ", tags.MaxKeyLength)+
			matches(`(?i)^`+tags.AWSPrefix, "v")+" || !"+matches(tagCharsRE, "v"))),
			fmt.Sprintf(`Tag keys are 1 to %d letters, digits, spaces or %s, and may not start with %q.`, tags.MaxKeyLength, tags.AllowedPunctuation, tags.AWSPrefix)},
		{"tags", unlessNull("tags", none("values(var.tags)", fmt.Sprintf("length(v) > %d || !", tags.MaxValueLength)+matches(tagCharsRE, "v"))),
			fmt.Sprintf("Tag values are at most %d letters, digits, spaces or %s.", tags.MaxValueLength, tags.AllowedPunctuation)},
		{"tags", unlessNull("tags", fmt.Sprintf("length(var.tags) <= %d", tags.MaxUserTags)),
			fmt.Sprintf("AWS allows %d tags per resource and the provider sets %d: use at most %d.", tags.MaxTags, tags.MaxTags-tags.MaxUserTags, tags.MaxUserTags)},
	}
}

// databaseRules mirror internal/database/validate.go (Validate) and the Hard
// violations of checks.go. Left to the provider: what depends on the engine
// (instance_count and storage for Aurora, user and database name limits of
// each engine, Serverless classes, io1/io2 storage), window lengths, host
// bits, and the key's region and partition.
func databaseRules() []rule {
	return slices.Concat(databaseIdentityRules(), databaseNetworkRules(), databaseOperationRules())
}

func databaseIdentityRules() []rule {
	class := ref("instance_class")
	return []rule{
		{"identifier", matches(dbIdentifierRE, ref("identifier")) + fmt.Sprintf(" && length(var.identifier) <= %d", database.MaxIdentifierLen), // validateIdentifier
			fmt.Sprintf(`Use 1 to %d letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen.`, database.MaxIdentifierLen)},
		{"engine", oneOf(ref("engine"), stringList(database.Engines)), fmt.Sprintf("Use one of %s.", lists.Quoted(database.Engines))}, // validateEngine
		{"instance_class", fmt.Sprintf("%s == %q || %s && !%s", class, database.ServerlessClass, matches(dbClassRE, class), matches(dbLegacyRE, class)), // validateClass
			`Use a current RDS instance class such as "db.r6g.large" or "db.t4g.medium" (or "db.serverless" for Aurora).`},
		{"allocated_storage", unlessNull("allocated_storage", inRange(ref("allocated_storage"), database.MinAllocatedStorage, database.MaxAllocatedStorage)), // validateStorage
			fmt.Sprintf("Use %d to %d GiB (from %d for io1 and io2; omit it for Aurora).", database.MinAllocatedStorage, database.MaxAllocatedStorage, database.MinProvisionedIOPSStorage)},
		{"max_allocated_storage", inRange(ref("max_allocated_storage"), 0, database.MaxAllocatedStorage), // validateStorage
			fmt.Sprintf("Use 0 (autoscaling off) or a ceiling above allocated_storage, at most %d GiB.", database.MaxAllocatedStorage)},
		{"storage_type", unlessNull("storage_type", oneOf(ref("storage_type"), stringList(slices.Concat(database.StorageTypes, database.AuroraStorageTypes)))), // validateStorage
			fmt.Sprintf("Use %s for instances, %s for Aurora.", lists.Quoted(database.StorageTypes), lists.Quoted(database.AuroraStorageTypes))},
		{"kms_key_arn", matches(kmsarn.KeyARNPattern, ref("kms_key_arn")), // validateKMSKey, checkKey
			"Use the key ARN arn:aws:kms:<region>:<account-id>:key/<key-id> of a customer-managed key, such as a hipaa_kms_key's arn; aliases and AWS-managed keys are refused (DB-01)."},
		{"master_username", unlessNull("master_username", matches(dbUsernameRE, ref("master_username"))+fmt.Sprintf(" && length(var.master_username) <= %d", database.MaxPostgresUsernameLen)), // validateUsername
			fmt.Sprintf("Use letters, digits or \"_\", starting with a letter: at most %d characters for MySQL, %d for PostgreSQL.", database.MaxMySQLUsernameLen, database.MaxPostgresUsernameLen)},
		{"database_name", unlessNull("database_name", matches(dbUsernameRE, ref("database_name"))+fmt.Sprintf(" && length(var.database_name) <= %d", maxDatabaseNameLen)), // validateDatabaseName
			"Use letters, digits or \"_\", starting with a letter: at most 63 characters for PostgreSQL, 64 for MySQL."},
	}
}

func databaseNetworkRules() []rule {
	cidr := fmt.Sprintf(`^%s\.%s\.%s\.%s/(3[0-2]|[12]?[0-9])$`, octetRE, octetRE, octetRE, octetRE)
	return []rule{
		{"vpc_id", matches(dbVPCIDRE, ref("vpc_id")), `Use a VPC ID such as "vpc-0123456789abcdef0".`}, // validateNetwork
		{"subnet_ids", fmt.Sprintf("length(var.subnet_ids) >= %d", database.MinSubnets), // validateNetwork
			fmt.Sprintf("List at least %d data-tier subnets in different availability zones.", database.MinSubnets)},
		{"subnet_ids", none(ref("subnet_ids"), "!"+matches(dbSubnetIDRE, "v")), `List subnet IDs such as "subnet-0123456789abcdef0".`}, // validateNetwork
		{"allowed_security_group_ids", unlessNull("allowed_security_group_ids", none(ref("allowed_security_group_ids"), "!"+matches(dbSGIDRE, "v"))), // validateNetwork
			`List security group IDs such as "sg-0123456789abcdef0".`},
		{"allowed_cidr_blocks", unlessNull("allowed_cidr_blocks", none(ref("allowed_cidr_blocks"), "!"+matches(cidr, "v")+" || "+matches(`/0$`, "v"))), // validateCIDRs, checkSources
			"List IPv4 CIDR blocks such as \"10.0.16.0/20\"; a /0 block would admit the whole internet (DB-09)."},
		{"port", unlessNull("port", inRange(ref("port"), database.MinPort, database.MaxPort)), // validatePort
			fmt.Sprintf("RDS accepts ports %d to %d.", database.MinPort, database.MaxPort)},
	}
}

func databaseOperationRules() []rule {
	window := hourMinRE + "-" + hourMinRE
	return []rule{
		{"backup_retention_days", inRange(ref("backup_retention_days"), 1, database.MaxBackupRetentionDays), // checkBackups (0 turns backups off)
			fmt.Sprintf("Keep automated backups 1 to %d days; below %d needs a DB-03 exception.", database.MaxBackupRetentionDays, database.MinBackupRetentionDays)},
		{"backup_window", unlessNull("backup_window", matches("^"+window+"$", ref("backup_window"))), // validateWindows
			`Use "hh24:mi-hh24:mi" in UTC, at least 30 minutes long, such as "03:00-04:00".`},
		{"maintenance_window", unlessNull("maintenance_window", matches(fmt.Sprintf("^%s:%s-%s:%s$", dbWeekdayRE, hourMinRE, dbWeekdayRE, hourMinRE), ref("maintenance_window"))), // validateWindows
			`Use "ddd:hh24:mi-ddd:hh24:mi" in UTC, at least 30 minutes long, such as "sun:05:00-sun:06:00".`},
		{"master_password_rotation_days", inRange(ref("master_password_rotation_days"), database.MinRotationDaysBound, database.MaxRotationDaysBound), // checkRotation
			fmt.Sprintf("Rotate every %d to %d days; above %d needs a SEC-01 exception.", database.MinRotationDaysBound, database.MaxRotationDaysBound, database.MaxRotationDays)},
		{"monitoring_interval_seconds", oneOf(ref("monitoring_interval_seconds"), intList(database.MonitoringIntervals)), // validateMonitoring
			fmt.Sprintf("RDS accepts %s.", lists.Ints(database.MonitoringIntervals))},
		{"log_retention_days", oneOf(ref("log_retention_days"), intList(database.AllowedRetentionDays)), // validateMonitoring
			fmt.Sprintf("Use a CloudWatch Logs retention: %s.", lists.Ints(database.AllowedRetentionDays))},
		{"instance_count", unlessNull("instance_count", inRange(ref("instance_count"), database.MinInstanceCount, database.MaxInstanceCount)), // validateTopology
			fmt.Sprintf("An Aurora cluster takes %d to %d instances; other engines take none.", database.MinInstanceCount, database.MaxInstanceCount)},
		{"proxy", inRange(ref("proxy")+".idle_client_timeout_seconds", database.MinProxyIdleClientTimeout, database.MaxProxyIdleClientTimeout), // validateProxy
			fmt.Sprintf("RDS Proxy accepts an idle client timeout of %d to %d seconds.", database.MinProxyIdleClientTimeout, database.MaxProxyIdleClientTimeout)},
	}
}

// auditTrailRules mirror internal/audittrail/spec.go (Validate). Left to the
// provider: expire_after_days against object_lock_days (STO-06).
func auditTrailRules() []rule {
	return []rule{
		{"name", matches(trailNameRE, ref("name")), "Use 3 to 32 lowercase letters, digits and hyphens, starting and ending with a letter or digit."},
		{"kms_key_arn", matches(kmsarn.KeyARNPattern, ref("kms_key_arn")),
			"Use a KMS key ARN, arn:aws:kms:<region>:<account>:key/<id>; aliases and AWS-managed keys are refused (AUD-03)."},
		{"cloudwatch_retention_days", oneOf(ref("cloudwatch_retention_days"), intList(audittrail.AllowedRetentionDays)),
			fmt.Sprintf("Use a CloudWatch Logs retention: %s.", lists.Ints(audittrail.AllowedRetentionDays))},
		{"object_lock_days", inRange(ref("object_lock_days"), 1, audittrail.MaxObjectLockDays), fmt.Sprintf("Use 1 to %d days.", audittrail.MaxObjectLockDays)},
		{"data_event_bucket_arns", unlessNull("data_event_bucket_arns", none(ref("data_event_bucket_arns"), "!"+matches(trailBucketRE, "v"))),
			"List S3 bucket ARNs, arn:aws:s3:::<bucket>."},
	}
}

// bucketRules mirror internal/bucket/validate.go (Validate) and the Hard
// violations of checks.go. Left to the provider: the name's length (it
// depends on the regions), transitions, the lock against expiry, and the
// keys' regions.
func bucketRules() []rule {
	return []rule{
		{"name", matches(bucketNameRE, ref("name")) + " && !" + matches(bucketResRE, ref("name")),
			"Use lowercase letters, digits and hyphens, starting and ending with a letter or digit, not starting with xn--, sthree- or amzn-s3-demo-."},
		{"kms_key_arn", matches(kmsarn.KeyARNPattern, ref("kms_key_arn")),
			"Use a KMS key ARN, arn:aws:kms:<region>:<account>:key/<id>; aliases and AWS-managed keys are refused (STO-01)."},
		{"presigned_url_max_age_seconds", inRange(ref("presigned_url_max_age_seconds"), 1, bucket.MaxPresignedURLMaxAgeSeconds),
			fmt.Sprintf("Use 1 to %d seconds (a SigV4 presigned URL lasts at most 7 days); above %d needs an STO-10 exception.", bucket.MaxPresignedURLMaxAgeSeconds, bucket.DefaultPresignedURLMaxAgeSeconds)},
	}
}

// securityBaselineRules mirror internal/baseline/spec.go (Validate); the
// DET findings are waivable and left to the provider.
func securityBaselineRules() []rule {
	key := "Use a KMS key ARN, arn:aws:kms:<region>:<account>:key/<id>; aliases and AWS-managed keys are refused."
	pw := ref("password_policy")
	return []rule{
		{"kms_key_arn", matches(kmsarn.KeyARNPattern, ref("kms_key_arn")), key},
		{"ebs_default_encryption_kms_key_arn", unlessNull("ebs_default_encryption_kms_key_arn", matches(kmsarn.KeyARNPattern, ref("ebs_default_encryption_kms_key_arn"))), key},
		{"guardduty", none(ref("guardduty")+".features", "!"+oneOf("v", stringList(baseline.GuardDutyFeatures))),
			fmt.Sprintf("Use GuardDuty features among %s.", lists.Quoted(baseline.GuardDutyFeatures))},
		{"guardduty", oneOf(ref("guardduty")+".finding_publishing_frequency", stringList(baseline.FindingFrequencies)),
			fmt.Sprintf("Use a finding_publishing_frequency among %s.", lists.Quoted(baseline.FindingFrequencies))},
		{"security_hub", none(ref("security_hub")+".standards", "!"+matches(standardRE, "v")),
			fmt.Sprintf("Name standards by ID, the part of the ARN after \"standards/\", such as %q.", baseline.StandardFSBP)},
		{"inspector", none(ref("inspector")+".resource_types", "!"+oneOf("v", stringList(baseline.InspectorResourceTypes))),
			fmt.Sprintf("Use Inspector resource types among %s.", lists.Quoted(baseline.InspectorResourceTypes))},
		{"password_policy", inRange(pw+".minimum_length", 6, 128) + " && " + inRange(pw+".max_age_days", 1, 1095) + " && " + inRange(pw+".reuse_prevention", 1, 24),
			"IAM accepts a minimum_length of 6 to 128, max_age_days of 1 to 1095 and reuse_prevention of 1 to 24."},
	}
}
