package eject_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// rdsTags lists the tags of an RDS resource.
func (l *lister) rdsTags(arn *string) string {
	out, err := rds.NewFromConfig(l.cfg).ListTagsForResource(l.ctx, &rds.ListTagsForResourceInput{ResourceName: arn})
	l.fail("RDS tags", err)
	if err != nil {
		return ""
	}
	m := map[string]string{}
	for _, t := range out.TagList {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return mapString(m)
}

// database snapshots an RDS instance, its master user secret, subnet and
// parameter groups, and its proxy with its targets. Performance Insights
// and enhanced monitoring are left out: the emulator does not return them.
func (l *lister) database(id, proxy string) {
	c := rds.NewFromConfig(l.cfg)
	out, err := c.DescribeDBInstances(l.ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(id)})
	l.fail("DB instance", err)
	if err != nil || len(out.DBInstances) != 1 {
		return
	}
	i := out.DBInstances[0]
	var groups, params []string
	for _, g := range i.VpcSecurityGroups {
		groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
	}
	for _, p := range i.DBParameterGroups {
		params = append(params, aws.ToString(p.DBParameterGroupName))
	}
	exports := slices.Sorted(slices.Values(i.EnabledCloudwatchLogsExports))
	l.put("db_instance", id, "engine=%s %s class=%s storage=%d %s encrypted=%t kms=%s multi_az=%t backups=%d "+
		"deletion_protection=%t iam_auth=%t logs=%v public=%t minor_upgrade=%t copy_tags=%t user=%s port=%d subnet_group=%s "+
		"params=%v groups=%s tags=%s", aws.ToString(i.Engine), aws.ToString(i.EngineVersion), aws.ToString(i.DBInstanceClass),
		aws.ToInt32(i.AllocatedStorage), aws.ToString(i.StorageType), aws.ToBool(i.StorageEncrypted), l.ref(aws.ToString(i.KmsKeyId)),
		aws.ToBool(i.MultiAZ), aws.ToInt32(i.BackupRetentionPeriod), aws.ToBool(i.DeletionProtection),
		aws.ToBool(i.IAMDatabaseAuthenticationEnabled), exports, aws.ToBool(i.PubliclyAccessible), aws.ToBool(i.AutoMinorVersionUpgrade),
		aws.ToBool(i.CopyTagsToSnapshot), aws.ToString(i.MasterUsername), aws.ToInt32(i.DbInstancePort),
		aws.ToString(i.DBSubnetGroup.DBSubnetGroupName), params, l.refs(groups), tagString2(i.TagList))
	if s := i.MasterUserSecret; s != nil {
		l.key[aws.ToString(s.SecretArn)] = "master-user-secret"
		l.secret(aws.ToString(s.SecretArn))
	}
	l.subnetGroup(c, aws.ToString(i.DBSubnetGroup.DBSubnetGroupName))
	for _, p := range params {
		l.parameterGroup(c, p)
	}
	l.proxy(c, proxy)
}

func tagString2(t []rdstypes.Tag) string {
	m := map[string]string{}
	for _, x := range t {
		m[aws.ToString(x.Key)] = aws.ToString(x.Value)
	}
	return mapString(m)
}

func (l *lister) secret(arn string) {
	d, err := secretsmanager.NewFromConfig(l.cfg).DescribeSecret(l.ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(arn)})
	l.fail("master user secret", err)
	if err != nil {
		return
	}
	days := int64(0)
	if d.RotationRules != nil {
		days = aws.ToInt64(d.RotationRules.AutomaticallyAfterDays)
	}
	l.put("secret", "master-user-secret", "rotation=%t days=%d kms=%s", aws.ToBool(d.RotationEnabled), days, l.ref(aws.ToString(d.KmsKeyId)))
}

func (l *lister) subnetGroup(c *rds.Client, name string) {
	out, err := c.DescribeDBSubnetGroups(l.ctx, &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String(name)})
	l.fail("DB subnet group", err)
	if err != nil || len(out.DBSubnetGroups) != 1 {
		return
	}
	g := out.DBSubnetGroups[0]
	var subnets []string
	for _, s := range g.Subnets {
		subnets = append(subnets, aws.ToString(s.SubnetIdentifier))
	}
	l.put("db_subnet_group", name, "description=%q subnets=%s tags=%s", aws.ToString(g.DBSubnetGroupDescription),
		l.refs(subnets), l.rdsTags(g.DBSubnetGroupArn))
}

func (l *lister) parameterGroup(c *rds.Client, name string) {
	out, err := c.DescribeDBParameterGroups(l.ctx, &rds.DescribeDBParameterGroupsInput{DBParameterGroupName: aws.String(name)})
	l.fail("DB parameter group", err)
	if err != nil || len(out.DBParameterGroups) != 1 {
		return
	}
	g := out.DBParameterGroups[0]
	ps, err := c.DescribeDBParameters(l.ctx, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(name), Source: aws.String("user")})
	l.fail("DB parameters", err)
	if err != nil {
		return
	}
	l.put("db_parameter_group", name, "family=%s description=%q parameters=%v tags=%s", aws.ToString(g.DBParameterGroupFamily),
		aws.ToString(g.Description), parameters(ps.Parameters), l.rdsTags(g.DBParameterGroupArn))
}

// parameters is a parameter group's user parameters as sorted
// "name=value/apply method".
func parameters(ps []rdstypes.Parameter) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s=%s/%s", aws.ToString(p.ParameterName), aws.ToString(p.ParameterValue), p.ApplyMethod))
	}
	slices.Sort(out)
	return out
}

func (l *lister) proxy(c *rds.Client, name string) {
	out, err := c.DescribeDBProxies(l.ctx, &rds.DescribeDBProxiesInput{DBProxyName: aws.String(name)})
	l.fail("DB proxy", err)
	if err != nil || len(out.DBProxies) != 1 {
		return
	}
	p := out.DBProxies[0]
	var auth []string
	for _, a := range p.Auth {
		auth = append(auth, fmt.Sprintf("%s/%s/%s", a.AuthScheme, a.IAMAuth, l.ref(aws.ToString(a.SecretArn))))
	}
	l.put("db_proxy", name, "family=%s role=%s subnets=%s groups=%s tls=%t idle=%d debug=%t auth=%v tags=%s",
		aws.ToString(p.EngineFamily), aws.ToString(p.RoleArn), l.refs(p.VpcSubnetIds), l.refs(p.VpcSecurityGroupIds),
		aws.ToBool(p.RequireTLS), aws.ToInt32(p.IdleClientTimeout), aws.ToBool(p.DebugLogging), auth, l.rdsTags(p.DBProxyArn))
	ts, err := c.DescribeDBProxyTargets(l.ctx, &rds.DescribeDBProxyTargetsInput{DBProxyName: aws.String(name)})
	l.fail("DB proxy targets", err)
	if err != nil {
		return
	}
	for _, t := range ts.Targets {
		l.put("db_proxy_target", name+" "+aws.ToString(t.RdsResourceId), "type=%s", t.Type)
	}
}

// policyRefs names, in a canonical policy, the ARNs of objects the lister knows.
func (l *lister) policyRefs(doc string) string {
	for id, key := range l.key {
		if strings.HasPrefix(id, "arn:") {
			doc = strings.ReplaceAll(doc, id, key)
		}
	}
	return doc
}
