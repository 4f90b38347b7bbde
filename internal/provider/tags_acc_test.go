package provider_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
)

// Every _tags test applies tagsBefore, then tagsAfter (team changed, env
// removed, cost added): each child must then carry exactly userAfter, the
// provider's managed-by and owner tags, its own hipaa:child, and nothing
// else but AWS's "aws:" keys; no child is replaced and the plan is empty.
const (
	tagsBefore = `  tags = { team = "a", env = "x" }`
	tagsAfter  = `  tags = { team = "b", cost = "c" }`
)

var (
	userBefore = map[string]string{"team": "a", "env": "x"}
	userAfter  = map[string]string{"team": "b", "cost": "c"}
)

const testRegion, testAccount = "us-east-1", "123456789012"

// tagged is each child's tags as AWS returns them, by a label naming it.
type tagged map[string]map[string]string

// checkTags fails unless every child carries exactly user, managed-by and
// owner, and otherwise only its hipaa:child, AWS's "aws:" keys and the keys
// in setByPackage; and unless there are at least least children.
func checkTags(children tagged, err error, owner string, user map[string]string, least int, setByPackage ...string) error {
	if err != nil {
		return err
	}
	if len(children) < least {
		return fmt.Errorf("found %d children %v, want at least %d", len(children), slices.Sorted(maps.Keys(children)), least)
	}
	want := maps.Clone(user)
	want["hipaa:managed-by"], want["hipaa:owner"] = "terraform-provider-hipaa", owner
	var bad []string
	for _, label := range slices.Sorted(maps.Keys(children)) {
		got := children[label]
		var wrong []string
		for k, v := range want {
			if g, ok := got[k]; !ok || g != v {
				wrong = append(wrong, fmt.Sprintf("%s=%q (want %q)", k, g, v))
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok && k != "hipaa:child" && !strings.HasPrefix(strings.ToLower(k), "aws:") && !slices.Contains(setByPackage, k) {
				wrong = append(wrong, fmt.Sprintf("%s unexpected", k))
			}
		}
		if len(wrong) > 0 {
			slices.Sort(wrong)
			bad = append(bad, label+": "+strings.Join(wrong, ", "))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("tags of %d of %d children differ:\n  %s", len(bad), len(children), strings.Join(bad, "\n  "))
	}
	return nil
}

// tagSteps is the two steps of every _tags test: apply cfg(tagsBefore),
// then cfg(tagsAfter) planned as an in-place update, each checked through
// list; ids reads the children's identities, which must not change.
func tagSteps(addr string, cfg func(tags string) string, owner string, least int, list func(*terraform.State) (tagged, error),
	ids func(*terraform.State) map[string]string, setByPackage ...string) []resource.TestStep {
	var before map[string]string
	return []resource.TestStep{
		{
			Config: cfg(tagsBefore),
			Check: func(s *terraform.State) error {
				before = ids(s)
				c, err := list(s)
				return checkTags(c, err, owner, userBefore, least, setByPackage...)
			},
		},
		{
			Config:           cfg(tagsAfter),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "tags.%", "2"),
				func(s *terraform.State) error {
					if after := ids(s); !maps.Equal(before, after) {
						return fmt.Errorf("children changed on a tag update: %v, then %v", before, after)
					}
					c, err := list(s)
					return checkTags(c, err, owner, userAfter, least, setByPackage...)
				},
			),
		},
	}
}

// tagDriftStep changes tags out of band (change), then plans cfg: the
// refresh reports drift, the plan updates addr in place, and the apply
// leaves every child with userAfter again.
func tagDriftStep(t *testing.T, addr, cfg, owner string, least int, list func(*terraform.State) (tagged, error), change func() error) resource.TestStep {
	return resource.TestStep{
		PreConfig: func() {
			if err := change(); err != nil {
				t.Fatalf("changing tags out of band: %v", err)
			}
		},
		Config: cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr(addr, "drift", ""),
			func(s *terraform.State) error {
				c, err := list(s)
				return checkTags(c, err, owner, userAfter, least)
			},
		),
	}
}

func attrs(s *terraform.State, addr string) map[string]string {
	return s.RootModule().Resources[addr].Primary.Attributes
}

// childIDsOf is the child_ids attribute of addr.
func childIDsOf(s *terraform.State, addr string) map[string]string {
	out := map[string]string{}
	for k, v := range attrs(s, addr) {
		if key, ok := strings.CutPrefix(k, "child_ids."); ok && key != "%" {
			out[key] = v
		}
	}
	return out
}

func logGroupTags(t *testing.T, name string) (map[string]string, error) {
	out, err := cloudwatchlogs.NewFromConfig(acctest.AWSConfig(t)).ListTagsForResource(context.Background(), &cloudwatchlogs.ListTagsForResourceInput{
		ResourceArn: aws.String(fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", testRegion, testAccount, name))})
	if err != nil {
		return nil, fmt.Errorf("log group %s: %w", name, err)
	}
	return out.Tags, nil
}

func roleTags(t *testing.T, name string) (map[string]string, error) {
	out, err := iam.NewFromConfig(acctest.AWSConfig(t)).ListRoleTags(context.Background(), &iam.ListRoleTagsInput{RoleName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("role %s: %w", name, err)
	}
	return awsclient.IAMTagMap(out.Tags), nil
}

func bucketTags(t *testing.T, name string) (map[string]string, error) {
	out, err := s3Client(t).GetBucketTagging(context.Background(), &s3.GetBucketTaggingInput{Bucket: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", name, err)
	}
	m := map[string]string{}
	for _, tg := range out.TagSet {
		m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	return m, nil
}

func rdsTags(t *testing.T, arn string) (map[string]string, error) {
	out, err := rdsClient(t).ListTagsForResource(context.Background(), &rds.ListTagsForResourceInput{ResourceName: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", arn, err)
	}
	return awsclient.RDSTagMap(out.TagList), nil
}

func rdsARN(kind, name string) string {
	return fmt.Sprintf("arn:aws:rds:%s:%s:%s:%s", testRegion, testAccount, kind, name)
}

// TestAccVPC_tagsEveryChild: TestAccVPC_tags checks one subnet; this one
// checks every child the owner tag finds (each EC2 object, the flow-log
// group and role), as every resource's _tags test does.
func TestAccVPC_tagsEveryChild(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	owner := "hipaa_vpc/tagged"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: tagSteps(vpcAddr, func(tags string) string { return testAccVPCConfig_basic(p, "tagged", threeAZs[:2], tags) }, owner, 20,
			func(*terraform.State) (tagged, error) { return sweptTags(t, owner) },
			func(s *terraform.State) map[string]string { return childIDsOf(s, vpcAddr) }, "Name"),
	})
}

// sweptTags reads the tags of every EC2 object, log group and role whose
// owner tag is owner.
func sweptTags(t *testing.T, owner string) (tagged, error) {
	ctx, out := context.Background(), tagged{}
	for _, o := range mustSweep(t, owner) {
		var m map[string]string
		var err error
		switch o.Service {
		case "ec2":
			var d *ec2.DescribeTagsOutput
			d, err = ec2Client(t).DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{o.ID}}}})
			if err == nil {
				m = map[string]string{}
				for _, tg := range d.Tags {
					m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
				}
			}
		case "logs":
			m, err = logGroupTags(t, o.ID)
		case "iam":
			m, err = roleTags(t, o.ID)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		out[o.Service+" "+o.Kind+" "+o.ID] = m
	}
	return out, nil
}

func TestAccKMSKey_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := func(tags string) string {
		return p.ProviderConfig() + fmt.Sprintf(`
resource "hipaa_kms_key" "test" {
  name             = "tagged"
  allowed_services = ["logs"]
%s
}
`, tags)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: tagSteps(kmsAddr, cfg, "hipaa_kms_key/tagged", 1,
			func(s *terraform.State) (tagged, error) {
				id := s.RootModule().Resources[kmsAddr].Primary.ID
				out, err := kmsClient(t).ListResourceTags(context.Background(), &kms.ListResourceTagsInput{KeyId: aws.String(id)})
				if err != nil {
					return nil, err
				}
				m := map[string]string{}
				for _, tg := range out.Tags {
					m[aws.ToString(tg.TagKey)] = aws.ToString(tg.TagValue)
				}
				return tagged{"key " + id: m}, nil
			},
			func(s *terraform.State) map[string]string {
				return map[string]string{"key": s.RootModule().Resources[kmsAddr].Primary.ID}
			}),
	})
}

// TestAccDatabase_tags: an instance with a proxy and enhanced monitoring:
// instance, subnet and parameter groups, both security groups, three log
// groups, both roles and the proxy are re-tagged in place.
func TestAccDatabase_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := func(tags string) string {
		return testAccDatabaseConfig(p, "tg1", "postgres", `  allocated_storage = 20
  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]
  proxy = { enabled = true }
`+tags)
	}
	list := func(s *terraform.State) (tagged, error) { return databaseTags(t, s) }
	steps := tagSteps(dbAddr, cfg, "hipaa_database/tg1", 11, list, func(s *terraform.State) map[string]string { return childIDsOf(s, dbAddr) })
	// A user tag changed and one added out of band, on the instance: drift, repaired in place.
	steps = append(steps, tagDriftStep(t, dbAddr, cfg(tagsAfter), "hipaa_database/tg1", 11, list, func() error {
		_, err := rdsClient(t).AddTagsToResource(context.Background(), &rds.AddTagsToResourceInput{
			ResourceName: describeDB(t, "tg1").DBInstanceArn, Tags: awsclient.RDSTags(map[string]string{"team": "z", "rogue": "1"})})
		return err
	}))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/tg1"),
		Steps:                    steps,
	})
}

// TestAccDatabase_tagsAurora: the cluster, both members and the cluster
// parameter group too.
func TestAccDatabase_tagsAurora(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := func(tags string) string {
		return testAccDatabaseConfig(p, "ta1", "aurora-postgresql", `  deletion_protection = false
  exceptions = [{ control = "DB-05", reason = "test database" }]
`+tags)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyLogsLeft(t, "hipaa_database/ta1"),
		Steps: tagSteps(dbAddr, cfg, "hipaa_database/ta1", 8, func(s *terraform.State) (tagged, error) { return databaseTags(t, s) },
			func(s *terraform.State) map[string]string { return childIDsOf(s, dbAddr) }),
	})
}

// databaseTags reads the tags of every taggable child in child_ids.
func databaseTags(t *testing.T, s *terraform.State) (tagged, error) {
	ctx, out := context.Background(), tagged{}
	for key, id := range childIDsOf(s, dbAddr) {
		var m map[string]string
		var err error
		switch {
		case strings.HasPrefix(key, "log-group/"):
			m, err = logGroupTags(t, id)
		case key == "monitoring/role" || key == "proxy/role":
			m, err = roleTags(t, id[strings.LastIndex(id, "/")+1:])
		case key == "sg/db" || key == "sg/proxy":
			var g *ec2.DescribeSecurityGroupsOutput
			if g, err = ec2Client(t).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}}); err == nil {
				m = awsclient.EC2TagMap(g.SecurityGroups[0].Tags)
			}
		case key == "subnet-group":
			m, err = rdsTags(t, rdsARN("subgrp", id))
		case key == "parameter-group":
			m, err = rdsTags(t, rdsARN("pg", id))
		case key == "cluster-parameter-group":
			m, err = rdsTags(t, rdsARN("cluster-pg", id))
		case key == "instance" || strings.HasPrefix(key, "member/"):
			m = awsclient.RDSTagMap(describeDB(t, id).TagList)
		case key == "cluster":
			var c *rds.DescribeDBClustersOutput
			if c, err = rdsClient(t).DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(id)}); err == nil {
				m = awsclient.RDSTagMap(c.DBClusters[0].TagList)
			}
		case key == "proxy":
			var px *rds.DescribeDBProxiesOutput
			if px, err = rdsClient(t).DescribeDBProxies(ctx, &rds.DescribeDBProxiesInput{DBProxyName: aws.String(id)}); err == nil {
				m, err = rdsTags(t, aws.ToString(px.DBProxies[0].DBProxyArn))
			}
		default:
			continue // rules, policies, the secret's rotation and the proxy's target carry no tags
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		if m["hipaa:child"] != key {
			return nil, fmt.Errorf("%s carries hipaa:child %q", key, m["hipaa:child"])
		}
		out[key] = m
	}
	return out, nil
}

// TestAccAuditTrail_tags: the trail, its log group and role, and both
// buckets.
func TestAccAuditTrail_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	cfg := func(tags string) string { return testAccAuditTrailConfig(p, "tagged", tags) }
	list := func(s *terraform.State) (tagged, error) { return trailTags(t, attrs(s, trailAddr)) }
	steps := tagSteps(trailAddr, cfg, "hipaa_audit_trail/tagged", 5, list, func(s *terraform.State) map[string]string {
		a := attrs(s, trailAddr)
		return map[string]string{"arn": a["arn"], "role": a["role_arn"], "bucket": a["bucket_name"], "log group": a["log_group_name"]}
	})
	// A user tag removed out of band, from the trail: drift, repaired in place.
	steps = append(steps, tagDriftStep(t, trailAddr, cfg(tagsAfter), "hipaa_audit_trail/tagged", 5, list, func() error {
		_, err := ctClient(t).RemoveTags(context.Background(), &cloudtrail.RemoveTagsInput{
			ResourceId: aws.String(fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/tagged", testRegion, testAccount)),
			TagsList:   awsclient.CloudTrailTags(map[string]string{"cost": "c"})})
		return err
	}))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

// trailTags reads the tags of the trail, its log group and role, and both
// buckets, named by the trail's attributes a.
func trailTags(t *testing.T, a map[string]string) (tagged, error) {
	out := tagged{}
	tr, err := ctClient(t).ListTags(context.Background(), &cloudtrail.ListTagsInput{ResourceIdList: []string{a["arn"]}})
	if err != nil {
		return nil, err
	}
	out["trail"] = map[string]string{}
	for _, r := range tr.ResourceTagList {
		maps.Copy(out["trail"], awsclient.CloudTrailTagMap(r.TagsList))
	}
	for label, read := range map[string]func() (map[string]string, error){
		"log group": func() (map[string]string, error) { return logGroupTags(t, a["log_group_name"]) },
		"role": func() (map[string]string, error) {
			return roleTags(t, a["role_arn"][strings.LastIndex(a["role_arn"], "/")+1:])
		},
		"log bucket":        func() (map[string]string, error) { return bucketTags(t, a["bucket_name"]) },
		"access-log bucket": func() (map[string]string, error) { return bucketTags(t, a["access_log_bucket_name"]) },
	} {
		if out[label], err = read(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TestAccSecurityBaseline_tags: the detector, the hub, the analyzer, the
// Config role and both buckets. The GuardDuty, Security Hub and Access
// Analyzer tagging calls go to a shim (tagShim): the emulator lacks them.
// The recorder, channel and conformance pack are not tagged (see
// baseline.ensureTags).
func TestAccSecurityBaseline_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	shim := acctest.NewTagShim(t, p) // GuardDuty, Security Hub and Access Analyzer tagging: not in moto 5.2.1
	c := shimClients(shim)
	cfg := func(tags string) string {
		return strings.Replace(testAccBaselineConfig(p, tags), p.ProviderConfig(), shim.ProviderConfig(p), 1)
	}
	owner := "hipaa_security_baseline/us-east-1"
	steps := tagSteps(baselineAddr, cfg, owner, 6, func(s *terraform.State) (tagged, error) {
		ctx, a, out := context.Background(), attrs(s, baselineAddr), tagged{}
		d, err := c.gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(a["detector_id"])})
		if err != nil {
			return nil, err
		}
		out["detector"] = d.Tags
		an, err := c.aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("hipaa-baseline")})
		if err != nil {
			return nil, err
		}
		out["analyzer"] = an.Analyzer.Tags
		hub, err := c.sh.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(a["hub_arn"])})
		if err != nil {
			return nil, err
		}
		out["hub"] = hub.Tags
		if out["config role"], err = roleTags(t, "hipaa-config-"+testRegion); err != nil {
			return nil, err
		}
		if out["config bucket"], err = bucketTags(t, a["config_bucket_name"]); err != nil {
			return nil, err
		}
		if out["access-log bucket"], err = bucketTags(t, a["config_access_log_bucket_name"]); err != nil {
			return nil, err
		}
		return out, nil
	}, func(s *terraform.State) map[string]string {
		a := attrs(s, baselineAddr)
		return map[string]string{"detector": a["detector_id"], "analyzer": a["access_analyzer_arn"], "bucket": a["config_bucket_name"]}
	})
	steps[1].Check = resource.ComposeAggregateTestCheckFunc(steps[1].Check, func(*terraform.State) error {
		for _, op := range []string{"guardduty:TagResource", "guardduty:UntagResource", "securityhub:TagResource", "securityhub:UntagResource",
			"accessanalyzer:TagResource", "accessanalyzer:UntagResource"} {
			if shim.Calls(op) == 0 {
				return fmt.Errorf("no %s call", op)
			}
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

// TestAccBucket_tags: the four buckets of a replicated hipaa_bucket, in
// both regions, and the replication role; a tag removed from the replica
// out of band is drift, repaired in place.
func TestAccBucket_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	west := westKeyARN(t)
	cfg := func(tags string) string { return testAccBucketConfig(p, "tagged", west, tags) }
	const owner = "hipaa_bucket/tagged"
	list := func(s *terraform.State) (tagged, error) {
		a, out := attrs(s, bucketAddr), tagged{}
		for label, b := range map[string]struct{ region, name string }{
			"bucket": {testRegion, a["bucket_name"]}, "access-log bucket": {testRegion, a["access_log_bucket_name"]},
			"replica": {replicaRegion, a["replica_bucket_name"]}, "replica access-log bucket": {replicaRegion, "tagged-access-logs-" + testAccount + "-" + replicaRegion},
		} {
			tg, err := s3In(t, b.region).GetBucketTagging(context.Background(), &s3.GetBucketTaggingInput{Bucket: aws.String(b.name)})
			if err != nil {
				return nil, fmt.Errorf("bucket %s: %w", b.name, err)
			}
			out[label] = map[string]string{}
			for _, x := range tg.TagSet {
				out[label][aws.ToString(x.Key)] = aws.ToString(x.Value)
			}
		}
		var err error
		out["role"], err = roleTags(t, a["replication_role_arn"][strings.LastIndex(a["replication_role_arn"], "/")+1:])
		return out, err
	}
	steps := tagSteps(bucketAddr, cfg, owner, 5, list, func(s *terraform.State) map[string]string {
		a := attrs(s, bucketAddr)
		return map[string]string{"bucket": a["bucket_name"], "replica": a["replica_bucket_name"], "role": a["replication_role_arn"]}
	})
	steps = append(steps, tagDriftStep(t, bucketAddr, cfg(tagsAfter), owner, 5, list, func() error {
		_, err := s3In(t, replicaRegion).DeleteBucketTagging(context.Background(), &s3.DeleteBucketTaggingInput{
			Bucket: aws.String("tagged-" + testAccount + "-" + replicaRegion)})
		return err
	}))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

// TestAccBackupPlan_tags: both vaults (in two regions), the plan and the
// backup role; a tag removed from the copy vault out of band is drift,
// repaired in place. AWS Backup's tags are read through the proxy (the
// harness serves ListTags' trailing-slash form).
func TestAccBackupPlan_tags(t *testing.T) {
	acctest.Parallel(t)
	p := acctest.NewProxy(t)
	west := westKeyARN(t)
	cfg := func(tags string) string {
		return strings.Replace(testAccBackupPlanConfig(p, "tagged", west, "14"), `selection_tags = { backup = "hipaa" }`,
			`selection_tags = { backup = "hipaa" }`+"\n"+tags, 1)
	}
	const owner = "hipaa_backup_plan/tagged"
	list := func(s *terraform.State) (tagged, error) {
		a, out, ctx := attrs(s, backupAddr), tagged{}, context.Background()
		for label, r := range map[string]struct{ region, arn string }{
			"vault": {testRegion, a["vault_arn"]}, "copy vault": {replicaRegion, a["copy_vault_arns."+replicaRegion]}, "plan": {testRegion, a["arn"]},
		} {
			tg, err := backupVia(t, p, r.region).ListTags(ctx, &backup.ListTagsInput{ResourceArn: aws.String(r.arn)})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.arn, err)
			}
			out[label] = tg.Tags
		}
		var err error
		out["role"], err = roleTags(t, a["role_arn"][strings.LastIndex(a["role_arn"], "/")+1:])
		return out, err
	}
	steps := tagSteps(backupAddr, cfg, owner, 4, list, func(s *terraform.State) map[string]string {
		a := attrs(s, backupAddr)
		return map[string]string{"plan": a["plan_id"], "vault": a["vault_arn"], "role": a["role_arn"]}
	})
	steps = append(steps, tagDriftStep(t, backupAddr, cfg(tagsAfter), owner, 4, list, func() error {
		_, err := backupVia(t, p, replicaRegion).UntagResource(context.Background(), &backup.UntagResourceInput{
			ResourceArn: aws.String(fmt.Sprintf("arn:aws:backup:%s:%s:backup-vault:tagged-from-%s", replicaRegion, testAccount, testRegion)),
			TagKeyList:  []string{"cost"}})
		return err
	}))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}
