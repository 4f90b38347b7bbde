package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

const dbAddr = "hipaa_database.test"

func rdsClient(t *testing.T) *rds.Client { return rds.NewFromConfig(acctest.AWSConfig(t)) }

// testAccDatabaseConfig: a key for RDS, logs and the secret; a 2-AZ
// hipaa_vpc; and the database on its data subnets, admitting the app tier.
func testAccDatabaseConfig(p *acctest.Proxy, id, engine, extra string) string {
	return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "db" {
  name             = "%[1]s-db"
  allowed_services = ["rds", "logs", "secretsmanager"]
}

resource "hipaa_vpc" "net" {
  name               = "%[1]s-net"
  cidr_block         = "10.30.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs = {
    kms_key_arn = hipaa_kms_key.db.arn
  }
}

resource "hipaa_database" "test" {
  identifier          = %[1]q
  engine              = %[2]q
  instance_class      = "db.r6g.large"
  vpc_id              = hipaa_vpc.net.id
  subnet_ids          = hipaa_vpc.net.data_subnet_ids
  allowed_cidr_blocks = ["10.30.0.0/16"]
  kms_key_arn         = hipaa_kms_key.db.arn
%[3]s
}
`, id, engine, extra)
}

func describeDB(t *testing.T, id string) rdstypes.DBInstance {
	out, err := rdsClient(t).DescribeDBInstances(context.Background(), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(id)})
	if err != nil || len(out.DBInstances) != 1 {
		t.Fatalf("describing %s: %v", id, err)
	}
	return out.DBInstances[0]
}

// testAccCheckDatabase checks the instance and its children through the SDK.
func testAccCheckDatabase(t *testing.T, id string, retention int32, rotation int64, tlsParam string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		db := describeDB(t, id)
		var errs []string
		check := func(ok bool, what string) {
			if !ok {
				errs = append(errs, what)
			}
		}
		check(aws.ToBool(db.StorageEncrypted) && strings.Contains(aws.ToString(db.KmsKeyId), ":key/"), "storage encrypted with the customer key")
		check(aws.ToBool(db.MultiAZ), "Multi-AZ")
		check(aws.ToBool(db.DeletionProtection), "deletion protection")
		check(aws.ToBool(db.IAMDatabaseAuthenticationEnabled), "IAM auth")
		check(!aws.ToBool(db.PubliclyAccessible), "not public")
		check(aws.ToBool(db.AutoMinorVersionUpgrade) && aws.ToBool(db.CopyTagsToSnapshot), "minor upgrades and tag copy")
		check(aws.ToInt32(db.BackupRetentionPeriod) == retention, fmt.Sprintf("backup retention %d (got %d)", retention, aws.ToInt32(db.BackupRetentionPeriod)))
		check(len(db.EnabledCloudwatchLogsExports) >= 1, "log exports")
		check(db.MasterUserSecret != nil && aws.ToString(db.MasterUserSecret.KmsKeyId) == aws.ToString(db.KmsKeyId), "master secret under the customer key")
		params, err := rdsClient(t).DescribeDBParameters(context.Background(), &rds.DescribeDBParametersInput{DBParameterGroupName: db.DBParameterGroups[0].DBParameterGroupName, Source: aws.String("user")})
		if err != nil {
			return err
		}
		tls := false
		for _, p := range params.Parameters {
			tls = tls || (aws.ToString(p.ParameterName) == tlsParam && (aws.ToString(p.ParameterValue) == "1" || aws.ToString(p.ParameterValue) == "ON"))
		}
		check(tls, "TLS enforced by "+tlsParam)
		sec, err := secretsmanager.NewFromConfig(acctest.AWSConfig(t)).DescribeSecret(context.Background(), &secretsmanager.DescribeSecretInput{SecretId: db.MasterUserSecret.SecretArn})
		if err != nil {
			return err
		}
		check(aws.ToBool(sec.RotationEnabled) && aws.ToInt64(sec.RotationRules.AutomaticallyAfterDays) == rotation, fmt.Sprintf("rotation every %d days", rotation))
		sg, err := ec2Client(t).DescribeSecurityGroups(context.Background(), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{aws.ToString(db.VpcSecurityGroups[0].VpcSecurityGroupId)}})
		if err != nil {
			return err
		}
		check(len(sg.SecurityGroups[0].IpPermissionsEgress) == 0, "no egress rules on the database's group")
		if len(errs) > 0 {
			return fmt.Errorf("database %s: want %s", id, strings.Join(errs, "; "))
		}
		return nil
	}
}

// secretNotInState reads the master password from the emulator's secret
// and fails if it appears anywhere in the state.
func secretNotInState(t *testing.T, id string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		password := masterPassword(t, id)
		for _, m := range s.Modules {
			for addr, r := range m.Resources {
				for k, val := range r.Primary.Attributes {
					if strings.Contains(val, password) {
						return fmt.Errorf("the master password appears in state: %s.%s", addr, k)
					}
				}
			}
		}
		return nil
	}
}

// masterPassword reads the password RDS keeps in the master user secret.
func masterPassword(t *testing.T, id string) string {
	t.Helper()
	db := describeDB(t, id)
	v, err := secretsmanager.NewFromConfig(acctest.AWSConfig(t)).GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: db.MasterUserSecret.SecretArn})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Password string }
	if err := json.Unmarshal([]byte(aws.ToString(v.SecretString)), &doc); err != nil || len(doc.Password) < 8 {
		t.Fatalf("no password in the secret (%v)", err)
	}
	return doc.Password
}

// TestAccDatabase_postgresProxy: create with a proxy (properties through
// the SDK, password nowhere in state), drift repaired, update in place,
// import, destroy refused under deletion protection, then destroyed after a
// final snapshot with nothing left but the snapshot and the kept log groups.
func TestAccDatabase_postgresProxy(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	base := testAccDatabaseConfig(p, "pg1", "postgres", `  allocated_storage = 20
  proxy = { enabled = true }`)
	updated := testAccDatabaseConfig(p, "pg1", "postgres", `  allocated_storage = 30
  backup_retention_days = 14
  master_password_rotation_days = 60
  backup_window      = "04:00-05:00"
  maintenance_window = "mon:06:00-mon:07:00"
  proxy = { enabled = false }`)
	unprotected := strings.Replace(updated, "  allocated_storage = 30", "  allocated_storage = 30\n  deletion_protection = false\n  exceptions = [{ control = \"DB-05\", reason = \"decommissioning the test database\" }]", 1)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			snaps, err := rdsClient(t).DescribeDBSnapshots(context.Background(), &rds.DescribeDBSnapshotsInput{DBInstanceIdentifier: aws.String("pg1"), SnapshotType: aws.String("manual")})
			if err != nil {
				return err
			}
			found := false
			for _, s := range snaps.DBSnapshots {
				found = found || strings.HasPrefix(aws.ToString(s.DBSnapshotIdentifier), "pg1-final-")
			}
			if !found {
				return fmt.Errorf("no final snapshot pg1-final-* after destroy")
			}
			objs := mustSweep(t, "hipaa_database/pg1")
			for _, o := range objs {
				if o.Service != "logs" {
					return fmt.Errorf("left after destroy: %s %s %s", o.Service, o.Kind, o.ID)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: base,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckDatabase(t, "pg1", 35, 30, "rds.force_ssl"),
					testAccCheckServiceRole(t, "pg1-proxy", managedPolicy("pg1-proxy-read-master-secret")),
					testAccCheckServiceRole(t, "pg1-monitoring", "/AmazonRDSEnhancedMonitoringRole"),
					secretNotInState(t, "pg1"),
					resource.TestCheckResourceAttrSet(dbAddr, "proxy_endpoint"),
					resource.TestCheckResourceAttrSet(dbAddr, "master_user_secret_arn"),
					resource.TestCheckResourceAttr(dbAddr, "drift", ""),
					func(*terraform.State) error {
						px, err := rdsClient(t).DescribeDBProxies(context.Background(), &rds.DescribeDBProxiesInput{DBProxyName: aws.String("pg1-proxy")})
						if err != nil {
							return err
						}
						if !aws.ToBool(px.DBProxies[0].RequireTLS) || px.DBProxies[0].Auth[0].IAMAuth != rdstypes.IAMAuthModeRequired {
							return fmt.Errorf("proxy does not require TLS and IAM auth")
						}
						return nil
					},
				),
			},
			{
				// Out-of-band changes: public access on, backups shortened, deletion protection off,
				// rotation stretched to a year, TLS off, an ingress rule added.
				PreConfig: func() {
					ctx := context.Background()
					db := describeDB(t, "pg1")
					_, err := rdsClient(t).ModifyDBInstance(ctx, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("pg1"),
						PubliclyAccessible: aws.Bool(true), BackupRetentionPeriod: aws.Int32(7), DeletionProtection: aws.Bool(false), ApplyImmediately: aws.Bool(true)})
					if err == nil {
						// moto refuses CancelRotateSecret on a secret without a rotation Lambda
						// (RDS-managed secrets have none), so rotation is weakened instead: 365 days.
						_, err = secretsmanager.NewFromConfig(acctest.AWSConfig(t)).RotateSecret(ctx, &secretsmanager.RotateSecretInput{SecretId: db.MasterUserSecret.SecretArn,
							RotationRules: &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(365)}, RotateImmediately: aws.Bool(false)})
					}
					if err == nil {
						_, err = rdsClient(t).ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String("pg1-params"),
							Parameters: []rdstypes.Parameter{{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("0"), ApplyMethod: rdstypes.ApplyMethodImmediate}}})
					}
					if err == nil {
						_, err = ec2Client(t).AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: db.VpcSecurityGroups[0].VpcSecurityGroupId,
							IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
								IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}})
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:           base,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(dbAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckDatabase(t, "pg1", 35, 30, "rds.force_ssl"),
					func(*terraform.State) error {
						db := describeDB(t, "pg1")
						sg, err := ec2Client(t).DescribeSecurityGroups(context.Background(), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{aws.ToString(db.VpcSecurityGroups[0].VpcSecurityGroupId)}})
						if err != nil {
							return err
						}
						for _, p := range sg.SecurityGroups[0].IpPermissions {
							for _, r := range p.IpRanges {
								if aws.ToString(r.CidrIp) == "0.0.0.0/0" {
									return fmt.Errorf("the rule added out of band is still there")
								}
							}
						}
						return nil
					},
				),
			},
			{
				Config: updated,
				Check: resource.ComposeAggregateTestCheckFunc(
					testAccCheckDatabase(t, "pg1", 14, 60, "rds.force_ssl"),
					resource.TestCheckResourceAttr(dbAddr, "proxy_endpoint", ""),
					func(*terraform.State) error {
						db := describeDB(t, "pg1")
						if got := aws.ToInt32(db.AllocatedStorage); got != 30 {
							return fmt.Errorf("storage %d, want 30", got)
						}
						if w, m := aws.ToString(db.PreferredBackupWindow), aws.ToString(db.PreferredMaintenanceWindow); w != "04:00-05:00" || m != "mon:06:00-mon:07:00" {
							return fmt.Errorf("windows after update: backup %q, maintenance %q, want the configured ones", w, m)
						}
						if _, err := rdsClient(t).DescribeDBProxies(context.Background(), &rds.DescribeDBProxiesInput{DBProxyName: aws.String("pg1-proxy")}); err == nil {
							return fmt.Errorf("the proxy is still there after proxy.enabled = false")
						}
						sgs, err := ec2Client(t).DescribeSecurityGroups(context.Background(), &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
							{Name: aws.String("group-name"), Values: []string{"pg1-proxy"}}}})
						if err != nil || len(sgs.SecurityGroups) != 0 {
							return fmt.Errorf("the proxy's security group is still there (%v)", err)
						}
						return nil
					},
				),
			},
			{
				// RDS identifiers are case-insensitive: a change of case is no replacement (database.ReplaceReasons).
				Config: strings.Replace(updated, `identifier          = "pg1"`, `identifier          = "PG1"`, 1), PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(dbAddr, plancheck.ResourceActionUpdate)}},
			},
			{
				// A new port is refused at plan: this resource does not move a running database's listener.
				Config: strings.Replace(updated, "  allocated_storage = 30", "  allocated_storage = 30\n  port = 6432", 1), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)port cannot change from 5432 to 6432 in place`),
			},
			{
				// An initial database name cannot change in place: the plan replaces the database.
				Config: strings.Replace(updated, "  allocated_storage = 30", "  allocated_storage = 30\n  database_name = \"clinic\"", 1), PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(dbAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
			},
			{
				// Not imported: the windows (AWS picks them when none is configured, so import cannot tell).
				ResourceName: dbAddr, ImportState: true, ImportStateId: "pg1", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts", "child_ids", "drift", "arn", "endpoint", "master_user_secret_arn",
					"security_group_id", "subnet_group_name", "parameter_group_name", "proxy_endpoint", "backup_window", "maintenance_window"},
			},
			{Config: updated, Destroy: true, ExpectError: regexp.MustCompile(`deletion protection`)},
			{Config: unprotected},
		},
	})
}

// Refused at plan with zero AWS calls, each citing its control or
// attribute, with the key, VPC and subnets literal and with them taken from
// resources in the same configuration (unknown at plan).
func TestAccDatabase_refusals(t *testing.T) {
	acctest.Parallel(t)
	for name, c := range map[string]struct{ extra, want string }{
		"retention":              {"  backup_retention_days = 3", `DB-03`},
		"retention one day":      {"  backup_retention_days = 1", `DB-03`},
		"single AZ":              {"  multi_az = false", `DB-02`},
		"rotation":               {"  master_password_rotation_days = 120", `SEC-01`},
		"public cidr":            {"  allowed_cidr_blocks = [\"0.0.0.0/0\"]", `DB-09`},
		"no deletion protection": {"  deletion_protection = false", `DB-05`},
		"no monitoring":          {"  monitoring_interval_seconds = 0", `DB-11`},
		"legacy class":           {"  instance_class = \"db.t2.micro\"", `instance_class`},
		"aws managed key":        {"  kms_key_arn = \"arn:aws:kms:us-east-1:123456789012:alias/aws/rds\"", `(?s)DB-01.*45 CFR.*kms_key_arn`},
		"alias name":             {"  kms_key_arn = \"alias/aws/rds\"", `(?s)DB-01.*45 CFR.*AWS managed key`},
		"one subnet":             {"  subnet_ids = [\"subnet-0123456789abcdef0\"]", `subnet_ids`},
		"aurora storage":         {"  engine = \"aurora-postgresql\"", `allocated_storage`},
		"port zero":              {"  port = 0", `(?s)port`},
		"bad identifier":         {"  identifier = \"Bad_ID!\"", `(?s)identifier`},
		"tag value too long":     {"  tags = { team = \"" + strings.Repeat("t", 257) + "\" }", `(?s)tags.*257 characters`},
	} {
		t.Run(name, func(t *testing.T) {
			testAccRefusedTwice(t, func(_ *acctest.Proxy, up upstream) string { return refusedDatabaseConfig(up, c.extra) }, c.want)
		})
	}
}

// refusedDatabaseConfig is a valid database config with one argument
// overridden; the key, VPC and subnets are up's expressions.
func refusedDatabaseConfig(up upstream, override string) string {
	args := map[string]string{
		"identifier": `"refused"`, "engine": `"postgres"`, "instance_class": `"db.r6g.large"`, "allocated_storage": "20",
		"vpc_id": up.VPCID, "subnet_ids": up.SubnetIDs, "allowed_cidr_blocks": `["10.0.0.0/16"]`, "kms_key_arn": up.KeyARN,
	}
	name, value, _ := strings.Cut(strings.TrimSpace(override), " = ")
	args[name] = value
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(args)) {
		fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
	}
	return "resource \"hipaa_database\" \"test\" {\n" + b.String() + "}\n"
}

// A MySQL instance: TLS through require_secure_transport, the MySQL log exports.
func TestAccDatabase_mysql(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccDatabaseConfig(p, "my1", "mysql", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/my1"),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				func(*terraform.State) error {
					db := describeDB(t, "my1")
					if !sameStrings(db.EnabledCloudwatchLogsExports, []string{"audit", "error", "general", "slowquery"}) {
						return fmt.Errorf("log exports %v", db.EnabledCloudwatchLogsExports)
					}
					return nil
				},
				resource.TestCheckResourceAttr(dbAddr, "port", "3306"),
				resource.TestCheckResourceAttr(dbAddr, "proxy_endpoint", ""),
			),
		}},
	})
}

// An Aurora PostgreSQL cluster: two members in different AZs, TLS in the
// cluster parameter group, the configured backup and maintenance windows,
// proxy in front.
func TestAccDatabase_auroraPostgres(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccDatabaseConfig(p, "au1", "aurora-postgresql", `  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]
  backup_window      = "03:00-04:00"
  maintenance_window = "sun:05:00-sun:06:00"
  proxy = { enabled = true }`)
	moved := strings.NewReplacer(`"03:00-04:00"`, `"07:00-08:00"`, `"sun:05:00-sun:06:00"`, `"wed:09:00-wed:10:00"`).Replace(cfg)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/au1"),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				func(*terraform.State) error {
					ctx := context.Background()
					c, err := rdsClient(t).DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String("au1")})
					if err != nil {
						return err
					}
					cl := c.DBClusters[0]
					if w, m := aws.ToString(cl.PreferredBackupWindow), aws.ToString(cl.PreferredMaintenanceWindow); w != "03:00-04:00" || m != "sun:05:00-sun:06:00" {
						return fmt.Errorf("cluster windows: backup %q, maintenance %q, want the configured ones", w, m)
					}
					if !aws.ToBool(cl.StorageEncrypted) || !aws.ToBool(cl.IAMDatabaseAuthenticationEnabled) || aws.ToString(cl.DBClusterParameterGroup) != "au1-cluster-params" {
						return fmt.Errorf("cluster settings: encrypted %v, IAM auth %v, parameter group %s", aws.ToBool(cl.StorageEncrypted),
							aws.ToBool(cl.IAMDatabaseAuthenticationEnabled), aws.ToString(cl.DBClusterParameterGroup))
					}
					members, err := rdsClient(t).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{Filters: []rdstypes.Filter{{Name: aws.String("db-cluster-id"), Values: []string{"au1"}}}})
					if err != nil {
						return err
					}
					zones := map[string]bool{}
					for _, m := range members.DBInstances {
						zones[aws.ToString(m.AvailabilityZone)] = true
					}
					if len(members.DBInstances) != 2 || len(zones) != 2 {
						return fmt.Errorf("%d members in %d zones, want 2 in 2", len(members.DBInstances), len(zones))
					}
					params, err := rdsClient(t).DescribeDBClusterParameters(ctx, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String("au1-cluster-params"), Source: aws.String("user")})
					if err != nil {
						return err
					}
					for _, p := range params.Parameters {
						if aws.ToString(p.ParameterName) == "rds.force_ssl" && aws.ToString(p.ParameterValue) == "1" {
							return nil
						}
					}
					return fmt.Errorf("rds.force_ssl is not 1 in the cluster parameter group")
				},
				resource.TestCheckResourceAttrSet(dbAddr, "proxy_endpoint"),
			),
		}, {
			// New windows are applied to the cluster in place.
			Config:           moved,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(dbAddr, plancheck.ResourceActionUpdate)}},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(dbAddr, "drift", ""),
				func(*terraform.State) error {
					c, err := rdsClient(t).DescribeDBClusters(context.Background(), &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String("au1")})
					if err != nil {
						return err
					}
					if w, m := aws.ToString(c.DBClusters[0].PreferredBackupWindow), aws.ToString(c.DBClusters[0].PreferredMaintenanceWindow); w != "07:00-08:00" || m != "wed:09:00-wed:10:00" {
						return fmt.Errorf("cluster windows after update: backup %q, maintenance %q", w, m)
					}
					return nil
				},
			),
		}, {
			// instance_count raised: a third member; lowered again: that member goes, the cluster keeps its data.
			Config: strings.Replace(moved, "  proxy = { enabled = true }", "  instance_count = 3\n  proxy = { enabled = true }", 1),
			Check:  auroraMembers(t, "au1-1", "au1-2", "au1-3"),
		}, {
			Config: moved,
			Check:  resource.ComposeAggregateTestCheckFunc(auroraMembers(t, "au1-1", "au1-2"), resource.TestCheckResourceAttr(dbAddr, "drift", "")),
		}, {
			// The cluster is found by identifier (DescribeDBInstances finds no instance au1) and read back.
			// Not imported: the windows (AWS picks them when none is configured, so import cannot tell)
			// and the exceptions (configuration, not AWS state).
			ResourceName: dbAddr, ImportState: true, ImportStateId: "au1", ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"timeouts", "child_ids", "drift", "arn", "endpoint", "master_user_secret_arn",
				"security_group_id", "subnet_group_name", "parameter_group_name", "proxy_endpoint", "backup_window", "maintenance_window",
				"exceptions"},
		}},
	})
}

// auroraMembers checks, through the SDK, that the cluster au1 has exactly
// the members ids.
func auroraMembers(t *testing.T, ids ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		out, err := rdsClient(t).DescribeDBInstances(context.Background(), &rds.DescribeDBInstancesInput{Filters: []rdstypes.Filter{{Name: aws.String("db-cluster-id"), Values: []string{"au1"}}}})
		if err != nil {
			return err
		}
		var got []string
		for _, m := range out.DBInstances {
			if aws.ToString(m.DBInstanceStatus) != "deleting" {
				got = append(got, aws.ToString(m.DBInstanceIdentifier))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, ids) {
			return fmt.Errorf("cluster members %v, want %v", got, ids)
		}
		return nil
	}
}

// TestAccDatabase_importMissing: importing an identifier that names no
// database (with an Aurora configuration, which once failed on an
// unrelated allocated_storage rule instead) fails naming the identifier
// and region, and changes nothing: the provider only reads.
func TestAccDatabase_importMissing(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := requiredProviders + p.ProviderConfig() + `
resource "hipaa_database" "test" {
  identifier     = "nosuch1"
  engine         = "aurora-postgresql"
  instance_class = "db.r6g.large"
  vpc_id         = "vpc-0123456789abcdef0"
  subnet_ids     = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			calls := p.Calls()
			if calls["rds:DescribeDBInstances"] == 0 || calls["rds:DescribeDBClusters"] == 0 {
				return fmt.Errorf("import did not look for an instance and a cluster: %v", calls)
			}
			for op := range calls {
				name := op[strings.Index(op, ":")+1:]
				if !strings.HasPrefix(name, "Describe") && !strings.HasPrefix(name, "Get") && !strings.HasPrefix(name, "List") {
					return fmt.Errorf("a failed import called %s: it must change nothing (%v)", op, calls)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg, ResourceName: dbAddr, ImportState: true, ImportStateId: "nosuch1",
			ExpectError: regexp.MustCompile(`(?s)Cannot import hipaa_database nosuch1.*no DB instance or cluster nosuch1 in us-east-1`),
		}},
	})
}

// TestAccDatabase_refreshCalls: a refresh of an instance with a proxy
// makes at most 8 AWS calls (plus the one-time STS identity), counted by the
// proxy. The key and subnets are made with the SDK so every counted call is
// the database's.
func TestAccDatabase_refreshCalls(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	ctx, c := context.Background(), ec2Client(t)
	key, err := kmsClient(t).CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	vpcOut, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.40.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpcOut.Vpc.VpcId, CidrBlock: aws.String(fmt.Sprintf("10.40.%d.0/24", i)), AvailabilityZone: aws.String(az)})
		if err != nil {
			t.Fatal(err)
		}
		subnets = append(subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	cfg := p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_database" "test" {
  identifier          = "rc1"
  engine              = "postgres"
  instance_class      = "db.r6g.large"
  allocated_storage   = 20
  vpc_id              = %q
  subnet_ids          = ["%s"]
  allowed_cidr_blocks = ["10.40.0.0/16"]
  kms_key_arn         = %q
  deletion_protection = false
  exceptions          = [{ control = "DB-05", reason = "test database" }]
  proxy               = { enabled = true }
}
`, aws.ToString(vpcOut.Vpc.VpcId), strings.Join(subnets, `", "`), aws.ToString(key.KeyMetadata.Arn))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:    p.ResetCounts,
				RefreshState: true,
				Check: func(*terraform.State) error {
					calls := p.Calls()
					n := p.Total() - calls["sts:GetCallerIdentity"]
					fmt.Printf("BENCH %-34s %d AWS calls (+%d STS): %v\n", "refresh hipaa_database + proxy", n, calls["sts:GetCallerIdentity"], calls)
					if n > 8 {
						return fmt.Errorf("refresh made %d calls, want at most 8: %v", n, calls)
					}
					return nil
				},
			},
		},
	})
}

func checkOnlyLogsLeft(t *testing.T, owner string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, o := range mustSweep(t, owner) {
			if o.Service != "logs" {
				return fmt.Errorf("left after destroy: %s %s %s", o.Service, o.Kind, o.ID)
			}
		}
		return nil
	}
}

func sameStrings(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// With 20 % of RDS, Secrets Manager and Logs calls throttled, the apply
// retries and builds the same database as a clean run.
func TestAccDatabase_throttled(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccDatabaseConfig(p, "th1", "postgres", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]
  proxy = { enabled = true }`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/th1"),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				for _, svc := range []string{"rds", "secretsmanager", "logs"} {
					p.AddRule(acctest.FaultRule{Service: svc, Kind: acctest.FaultThrottle, Probability: 0.2})
				}
			},
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				func(s *terraform.State) error {
					if p.Faults() == 0 {
						return fmt.Errorf("no fault injected")
					}
					db := describeDB(t, "th1")
					if !aws.ToBool(db.StorageEncrypted) || !aws.ToBool(db.MultiAZ) {
						return fmt.Errorf("database not built as configured")
					}
					return nil
				},
				resource.TestCheckResourceAttrSet(dbAddr, "proxy_endpoint"),
			),
		}},
	})
}

// A hard failure creating the proxy fails the apply with every child
// recorded in state (the resource is tainted: Terraform replaces it, after
// its final snapshot); the next apply converges with one database, one
// proxy, no duplicates, and destroy leaves only the kept log groups.
func TestAccDatabase_partialFailure(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := testAccDatabaseConfig(p, "pf1", "postgres", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]
  proxy = { enabled = true }`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/pf1"),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					p.AddRule(acctest.FaultRule{Service: "rds", Operation: "CreateDBProxy", Kind: acctest.FaultHardFail, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`creating DB proxy`),
			},
			{
				PreConfig: func() { p.ClearRules() },
				Config:    cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrSet(dbAddr, "proxy_endpoint"),
					func(*terraform.State) error {
						ctx := context.Background()
						dbs, err := rdsClient(t).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
						if err != nil {
							return err
						}
						proxies, err := rdsClient(t).DescribeDBProxies(ctx, &rds.DescribeDBProxiesInput{})
						if err != nil {
							return err
						}
						sgs, err := ec2Client(t).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
							{Name: aws.String("tag:hipaa:owner"), Values: []string{"hipaa_database/pf1"}}}})
						if err != nil {
							return err
						}
						if len(dbs.DBInstances) != 1 || len(proxies.DBProxies) != 1 || len(sgs.SecurityGroups) != 2 {
							return fmt.Errorf("%d instances, %d proxies, %d security groups; want 1, 1, 2", len(dbs.DBInstances), len(proxies.DBProxies), len(sgs.SecurityGroups))
						}
						return nil
					},
				),
			},
		},
	})
}
