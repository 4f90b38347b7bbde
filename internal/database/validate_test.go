package database

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestValidate_clean(t *testing.T) {
	for _, e := range Engines {
		s := testSpec(e)
		s.SubnetAZs = map[string]string{subnetA: "us-east-1a", subnetB: "us-east-1b"}
		s.AllowedCIDRBlocks = []string{"10.0.128.0/20"}
		s.BackupWindow, s.MaintenanceWindow = "23:30-00:30", "sun:23:30-mon:00:30"
		s.DatabaseName = "clinic"
		s.Tags = map[string]string{"env": "prod"}
		s.PerformanceInsightsRetentionDays = 731
		s.Proxy = Proxy{Enabled: true, IdleClientTimeoutSeconds: 28800}
		if errs := Validate(s); len(errs) != 0 {
			t.Errorf("%s: Validate = %+v", e, errs)
		}
	}
}

func TestValidate_inputErrors(t *testing.T) {
	const classHint = `is not an RDS instance class such as "db.r6g.large"`
	cases := []struct {
		name   string
		engine Engine
		mutate func(*Spec)
		attr   string
		detail string
	}{
		{"empty identifier", EnginePostgres, func(s *Spec) { s.Identifier = "" }, "identifier",
			`identifier "" is invalid: use 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen`},
		{"identifier digit", EnginePostgres, func(s *Spec) { s.Identifier = "1db" }, "identifier",
			`identifier "1db" is invalid: use 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen`},
		{"identifier double hyphen", EnginePostgres, func(s *Spec) { s.Identifier = "a--b" }, "identifier",
			`identifier "a--b" is invalid: use 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen`},
		{"identifier trailing hyphen", EngineAuroraMySQL, func(s *Spec) { s.Identifier = "db-" }, "identifier",
			`identifier "db-" is invalid: use 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen`},
		{"identifier underscore", EnginePostgres, func(s *Spec) { s.Identifier = "my_db" }, "identifier",
			`identifier "my_db" is invalid: use 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen`},
		{"identifier too long", EnginePostgres, func(s *Spec) { s.Identifier = strings.Repeat("a", 64) }, "identifier",
			`identifier "` + strings.Repeat("a", 64) + `" is invalid: use 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen`},
		{"engine", "oracle-ee", func(*Spec) {}, "engine",
			`engine "oracle-ee" is invalid: use one of "postgres", "mysql", "aurora-postgresql", "aurora-mysql"`},
		{"postgres version", EnginePostgres, func(s *Spec) { s.EngineVersion = "16.x" }, "engine_version",
			`engine_version "16.x" is not a postgres version such as "16.3"`},
		{"mysql version", EngineMySQL, func(s *Spec) { s.EngineVersion = "8" }, "engine_version",
			`engine_version "8" is not a mysql version such as "8.0.36"`},
		{"aurora mysql version", EngineAuroraMySQL, func(s *Spec) { s.EngineVersion = "8.0.36" }, "engine_version",
			`engine_version "8.0.36" is not an aurora-mysql version such as "8.0.mysql_aurora.3.05.2"`},
		{"no class", EnginePostgres, func(s *Spec) { s.InstanceClass = "" }, "instance_class",
			`instance_class is required: use an RDS instance class such as "db.r6g.large"`},
		{"ec2 class", EnginePostgres, func(s *Spec) { s.InstanceClass = "r6g.large" }, "instance_class", `instance_class "r6g.large" ` + classHint},
		{"class one part", EngineMySQL, func(s *Spec) { s.InstanceClass = "db.large" }, "instance_class", `instance_class "db.large" ` + classHint},
		{"legacy class", EngineMySQL, func(s *Spec) { s.InstanceClass = "db.m3.large" }, "instance_class",
			`instance_class "db.m3.large" is a retired previous-generation class: use a current one such as "db.t4g.medium" or "db.r6g.large"`},
		{"aurora t2", EngineAuroraPostgres, func(s *Spec) { s.InstanceClass = "db.t2.medium" }, "instance_class",
			`instance_class "db.t2.medium" is a retired previous-generation class: use a current one such as "db.t4g.medium" or "db.r6g.large"`},
		{"aurora micro", EngineAuroraPostgres, func(s *Spec) { s.InstanceClass = "db.t4g.micro" }, "instance_class",
			`instance_class "db.t4g.micro" is not offered for aurora-postgresql: use "db.t4g.medium" or larger`},
		{"serverless instance", EnginePostgres, func(s *Spec) { s.InstanceClass = "db.serverless" }, "instance_class",
			`instance_class "db.serverless" is only for Aurora engines: use a provisioned class such as "db.m6g.large"`},
		{"no storage", EnginePostgres, func(s *Spec) { s.AllocatedStorage = 0 }, "allocated_storage",
			"allocated_storage is required for postgres: set 20 to 65536 GiB"},
		{"small storage", EngineMySQL, func(s *Spec) { s.AllocatedStorage = 10 }, "allocated_storage",
			"allocated_storage is 10 GiB; gp3 storage takes 20 to 65536 GiB"},
		{"huge storage", EngineMySQL, func(s *Spec) { s.AllocatedStorage = 70000 }, "allocated_storage",
			"allocated_storage is 70000 GiB; gp3 storage takes 20 to 65536 GiB"},
		{"io1 small", EnginePostgres, func(s *Spec) { s.StorageType = "io1"; s.AllocatedStorage = 50; s.IOPS = 3000 }, "allocated_storage",
			"allocated_storage is 50 GiB; io1 storage takes 100 to 65536 GiB"},
		{"aurora storage", EngineAuroraPostgres, func(s *Spec) { s.AllocatedStorage = 100 }, "allocated_storage",
			"allocated_storage does not apply to aurora-postgresql, whose storage grows automatically: remove it"},
		{"aurora max storage", EngineAuroraMySQL, func(s *Spec) { s.MaxAllocatedStorage = 100 }, "max_allocated_storage",
			"max_allocated_storage does not apply to aurora-mysql, whose storage grows automatically: remove it"},
		{"max below allocated", EnginePostgres, func(s *Spec) { s.MaxAllocatedStorage = 100 }, "max_allocated_storage",
			"max_allocated_storage is 100 GiB: set it above allocated_storage (100) and at most 65536, or to 0 to turn storage autoscaling off"},
		{"storage type", EnginePostgres, func(s *Spec) { s.StorageType = "standard" }, "storage_type",
			`storage_type "standard" is invalid for postgres: use one of "gp2", "gp3", "io1", "io2"`},
		{"aurora storage type", EngineAuroraPostgres, func(s *Spec) { s.StorageType = "gp3" }, "storage_type",
			`storage_type "gp3" is invalid for aurora-postgresql: use one of "aurora", "aurora-iopt1"`},
		{"io2 without iops", EnginePostgres, func(s *Spec) { s.StorageType = "io2" }, "iops",
			"iops is 0; io2 storage needs 1000 to 256000 provisioned IOPS"},
		{"gp2 iops", EnginePostgres, func(s *Spec) { s.StorageType = "gp2"; s.IOPS = 3000 }, "iops",
			`gp2 storage takes no iops: remove iops or use storage_type "gp3"`},
		{"gp3 iops small", EnginePostgres, func(s *Spec) { s.IOPS = 12000 }, "iops",
			"gp3 storage below 400 GiB has a fixed baseline of 3000 IOPS: remove iops or raise allocated_storage to 400"},
		{"vpc id", EnginePostgres, func(s *Spec) { s.VPCID = "vpc-xyz" }, "vpc_id", `vpc_id "vpc-xyz" is not a VPC ID such as "vpc-0123456789abcdef0"`},
		{"one subnet", EnginePostgres, func(s *Spec) { s.SubnetIDs = []string{subnetA} }, "subnet_ids",
			"subnet_ids lists 1 subnets: list at least 2 data-tier subnets in different availability zones"},
		{"bad subnet", EnginePostgres, func(s *Spec) { s.SubnetIDs = []string{subnetA, "subnet-1"} }, "subnet_ids",
			`"subnet-1" is not a subnet ID such as "subnet-0123456789abcdef0"`},
		{"duplicate subnet", EnginePostgres, func(s *Spec) { s.SubnetIDs = []string{subnetA, subnetB, subnetA} }, "subnet_ids",
			`subnet_ids lists "subnet-0aaaaaaaaaaaaaaaa" twice: list each once`},
		{"unknown subnet", EnginePostgres, func(s *Spec) { s.SubnetAZs = map[string]string{subnetA: "us-east-1a"} }, "subnet_ids",
			`subnet "subnet-0bbbbbbbbbbbbbbbb" was not found: list subnets of vpc_id vpc-0123456789abcdef0`},
		{"bad sg", EnginePostgres, func(s *Spec) { s.AllowedSecurityGroupIDs = []string{"app"} }, "allowed_security_group_ids",
			`"app" is not a security group ID such as "sg-0123456789abcdef0"`},
		{"duplicate sg", EnginePostgres, func(s *Spec) { s.AllowedSecurityGroupIDs = []string{appSG, appSG} }, "allowed_security_group_ids",
			`allowed_security_group_ids lists "sg-0123456789abcdef0" twice: list each once`},
		{"bad cidr", EnginePostgres, func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0"} }, "allowed_cidr_blocks",
			`"10.0.0.0" is not an IPv4 CIDR block such as "10.0.16.0/20"`},
		{"ipv6 cidr", EnginePostgres, func(s *Spec) { s.AllowedCIDRBlocks = []string{"fd00::/8"} }, "allowed_cidr_blocks",
			`"fd00::/8" is not an IPv4 CIDR block such as "10.0.16.0/20"`},
		{"host bits", EnginePostgres, func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.1.5/24"} }, "allowed_cidr_blocks",
			`"10.0.1.5/24" has host bits set: use "10.0.1.0/24"`},
		{"duplicate cidr", EnginePostgres, func(s *Spec) { s.AllowedCIDRBlocks = []string{"10.0.0.0/24", "10.0.0.0/24"} }, "allowed_cidr_blocks",
			`allowed_cidr_blocks lists "10.0.0.0/24" twice: list each once`},
		{"low port", EngineMySQL, func(s *Spec) { s.Port = 80 }, "port", "port is 80; RDS accepts 1150 to 65535 (omit port for the engine's default, 5432 for PostgreSQL or 3306 for MySQL)"},
		{"high port", EnginePostgres, func(s *Spec) { s.Port = 70000 }, "port", "port is 70000; RDS accepts 1150 to 65535 (omit port for the engine's default, 5432 for PostgreSQL or 3306 for MySQL)"},
		{"port 0 given", EnginePostgres, func(s *Spec) { s.Port, s.PortSet = 0, true }, "port",
			"port is 0; RDS accepts 1150 to 65535 (omit port for the engine's default, 5432 for PostgreSQL or 3306 for MySQL)"},
		{"not a key", EnginePostgres, func(s *Spec) { s.KMSKeyARN = "my-key" }, "kms_key_arn",
			`kms_key_arn "my-key" is not a KMS key ARN: use arn:aws:kms:<region>:<account-id>:key/<key-id>, such as hipaa_kms_key.<name>.arn`},
		{"key other region", EnginePostgres, func(s *Spec) { s.Region = "us-west-2" }, "kms_key_arn",
			"kms_key_arn \"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\" is a key in us-east-1; the database is in us-west-2 and can use only a key of that region: use a key (or a multi-Region replica) in us-west-2"},
		{"key other partition", EnginePostgres, func(s *Spec) { s.Partition = "aws-us-gov" }, "kms_key_arn",
			`kms_key_arn is in partition "aws" but the provider is in "aws-us-gov": use a key of this partition`},
		{"username reserved postgres", EnginePostgres, func(s *Spec) { s.MasterUsername = "Postgres" }, "master_username",
			`master_username "Postgres" is reserved by postgres: use another name such as "hipaa_admin"`},
		{"username reserved mysql", EngineAuroraMySQL, func(s *Spec) { s.MasterUsername = "root" }, "master_username",
			`master_username "root" is reserved by aurora-mysql: use another name such as "hipaa_admin"`},
		{"username too long mysql", EngineMySQL, func(s *Spec) { s.MasterUsername = "administrator_one" }, "master_username",
			`master_username "administrator_one" is invalid for mysql: use 1 to 16 letters, digits or '_', starting with a letter`},
		{"username chars", EnginePostgres, func(s *Spec) { s.MasterUsername = "1admin" }, "master_username",
			`master_username "1admin" is invalid for postgres: use 1 to 63 letters, digits or '_', starting with a letter`},
		{"database name", EnginePostgres, func(s *Spec) { s.DatabaseName = "my-db" }, "database_name",
			`database_name "my-db" is invalid for postgres: use 1 to 63 letters, digits or '_', starting with a letter`},
		{"backup window", EnginePostgres, func(s *Spec) { s.BackupWindow = "03:00-03:15" }, "backup_window",
			`backup_window "03:00-03:15" is invalid: use "hh24:mi-hh24:mi" in UTC, at least 30 minutes long, such as "03:00-04:00"`},
		{"backup window hour", EnginePostgres, func(s *Spec) { s.BackupWindow = "25:00-26:00" }, "backup_window",
			`backup_window "25:00-26:00" is invalid: use "hh24:mi-hh24:mi" in UTC, at least 30 minutes long, such as "03:00-04:00"`},
		{"maintenance window", EnginePostgres, func(s *Spec) { s.MaintenanceWindow = "sunday 05:00" }, "maintenance_window",
			`maintenance_window "sunday 05:00" is invalid: use "ddd:hh24:mi-ddd:hh24:mi" in UTC, at least 30 minutes long, such as "sun:05:00-sun:06:00"`},
		{"pi retention", EnginePostgres, func(s *Spec) { s.PerformanceInsightsRetentionDays = 30 }, "performance_insights_retention_days",
			"performance_insights_retention_days is 30; Performance Insights keeps 7 days, 31 × months (31, 62, … 713) or 731 days"},
		{"pi retention 744", EnginePostgres, func(s *Spec) { s.PerformanceInsightsRetentionDays = 744 }, "performance_insights_retention_days",
			"performance_insights_retention_days is 744; Performance Insights keeps 7 days, 31 × months (31, 62, … 713) or 731 days"},
		{"monitoring interval", EnginePostgres, func(s *Spec) { s.MonitoringIntervalSeconds = Int(20) }, "monitoring_interval_seconds",
			"monitoring_interval_seconds is 20; RDS accepts 0, 1, 5, 10, 15, 30, 60"},
		{"log retention", EnginePostgres, func(s *Spec) { s.LogRetentionDays = 100 }, "log_retention_days",
			"log_retention_days is 100; CloudWatch Logs accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"},
		{"proxy timeout", EnginePostgres, func(s *Spec) { s.Proxy = Proxy{Enabled: true, IdleClientTimeoutSeconds: 28801} }, "proxy.idle_client_timeout_seconds",
			"proxy.idle_client_timeout_seconds is 28801; RDS Proxy accepts 1 to 28800 (default 1800)"},
		{"aurora count", EngineAuroraPostgres, func(s *Spec) { s.InstanceCount = 16 }, "instance_count",
			"instance_count is 16; an Aurora cluster takes 1 to 15 instances (default 2)"},
		{"instance count on instance", EnginePostgres, func(s *Spec) { s.InstanceCount = 2 }, "instance_count",
			"instance_count applies only to Aurora engines: remove it (postgres is Multi-AZ through multi_az)"},
		{"multi_az on aurora", EngineAuroraMySQL, func(s *Spec) { s.MultiAZ = Bool(false) }, "multi_az",
			"multi_az does not apply to aurora-mysql, which is Multi-AZ through instance_count: remove multi_az"},
		{"region", EnginePostgres, func(s *Spec) { s.Region = "east"; s.KMSKeyARN = "" }, "region", `region "east" is not an AWS region name such as "us-east-1"`},
		{"account", EnginePostgres, func(s *Spec) { s.AccountID = "12345" }, "account_id", `account ID "12345" is not 12 digits`},
		{"partition", EnginePostgres, func(s *Spec) { s.Partition = "azure"; s.KMSKeyARN = "" }, "partition",
			`partition "azure" is not one of "aws", "aws-cn", "aws-us-gov"`},
		{"reserved tag", EnginePostgres, func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x"} }, "tags",
			`tag key "hipaa:owner" is set by this provider on every object it creates: remove it from tags, or rename it`},
		{"aws tag", EnginePostgres, func(s *Spec) { s.Tags = map[string]string{"AWS:cost": "x"} }, "tags",
			`tag key "AWS:cost" starts with "AWS:", a prefix AWS reserves for its own tags: rename the key`},
		{"long tag value", EnginePostgres, func(s *Spec) { s.Tags = map[string]string{"note": strings.Repeat("x", 257)} }, "tags",
			`the value of tag "note" is 257 characters long; AWS allows at most 256: shorten the value`},
		{"too many tags", EnginePostgres, func(s *Spec) { s.DefaultTags = manyTags(48) }, "tags",
			"48 tags are set (default tags and tags together); AWS allows 50 per resource and this provider adds 3 of its own: remove 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testSpec(tc.engine)
			tc.mutate(&s)
			want := []InputError{{Attribute: tc.attr, Detail: tc.detail}}
			if got := Validate(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("Validate:\n got  %+v\n want %+v", got, want)
			}
			if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), tc.attr+": ") {
				t.Fatalf("Expand accepted the spec or did not name %s: %v", tc.attr, err)
			}
		})
	}
}

func manyTags(n int) map[string]string {
	out := map[string]string{}
	for i := range n {
		out[fmt.Sprintf("k%02d", i)] = "v"
	}
	return out
}

func TestValidate_windows(t *testing.T) {
	for _, ok := range []string{"03:00-03:30", "23:45-00:15", "00:00-23:59"} {
		s := testSpec(EnginePostgres)
		s.BackupWindow = ok
		if errs := Validate(s); len(errs) != 0 {
			t.Errorf("backup_window %q: %+v", ok, errs)
		}
	}
	for _, ok := range []string{"mon:00:00-mon:00:30", "sat:23:50-sun:00:20", "sun:23:50-mon:00:20", "tue:10:00-wed:09:00"} {
		s := testSpec(EnginePostgres)
		s.MaintenanceWindow = ok
		if errs := Validate(s); len(errs) != 0 {
			t.Errorf("maintenance_window %q: %+v", ok, errs)
		}
	}
}

func TestValidPIRetention(t *testing.T) {
	for d := -1; d <= 800; d++ {
		want := d == 7 || d == 731 || (d >= 31 && d <= 713 && d%31 == 0)
		if ValidPIRetention(d) != want {
			t.Errorf("ValidPIRetention(%d) = %v", d, !want)
		}
	}
}
