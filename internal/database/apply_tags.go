package database

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// kindNames name the taggable kinds in errors.
var kindNames = map[Kind]string{
	KindLogGroup: "log group", KindIAMRole: "IAM role", KindSecurityGroup: "security group", KindSubnetGroup: "DB subnet group",
	KindParameterGroup: "parameter group", KindClusterParameterGroup: "cluster parameter group", KindCluster: "DB cluster",
	KindInstance: "DB instance", KindProxy: "DB proxy",
}

// ensureTags brings the tags of every taggable child that existed before
// this apply in line with the layout (Layout.Tags), changing only what
// differs (awsclient.Tagger). The children whose tags a read of this apply
// returned (security groups, roles, cluster members) are compared one by
// one. The database (the instance, or the cluster) stands for the others,
// whose tags no describe returns (log groups, subnet and parameter groups,
// the proxy): when its tags differ, or it is new beside older children,
// their tags are read (one call each) and repaired. The database is
// re-tagged last, so an interrupted re-tag still shows as drift.
func (r *run) ensureTags(ctx context.Context) error {
	mainKey, mainARN, mainTags := r.database()
	if mainKey == "" {
		return nil // ensureRotation found the database; never here
	}
	stale := r.created[mainKey] || tags.Describe(r.l.Tags(mainKey), mainTags) != ""
	for _, c := range r.l.Children() {
		if !c.Kind.Taggable() || c.Key == mainKey || r.created[c.Key] {
			continue
		}
		t, have, known, ok := r.childTagger(c, mainARN)
		if !ok || (!known && !stale) {
			continue
		}
		cctx, want := awsclient.WithChild(ctx, c.Key, r.l.Owner), r.l.Tags(c.Key)
		var err error
		if known {
			err = t.Retag(cctx, want, have)
		} else {
			err = t.Sync(cctx, want)
		}
		if err != nil {
			return r.fail("tagging", kindNames[c.Kind], c.Key, err)
		}
	}
	if r.created[mainKey] {
		return nil
	}
	kind := kindNames[KindInstance]
	if r.l.Cluster != nil {
		kind = kindNames[KindCluster]
	}
	if err := awsclient.RDSTagger(r.x.RDS, mainARN).Retag(awsclient.WithChild(ctx, mainKey, r.l.Owner), r.l.Tags(mainKey), mainTags); err != nil {
		return r.fail("tagging", kind, mainKey, err)
	}
	return nil
}

// database is the key, ARN and tags of the instance or the cluster, as
// read by ensureRotation; "" when neither was read.
func (r *run) database() (key, arn string, have map[string]string) {
	switch {
	case r.l.Cluster != nil && r.o.Cluster != nil:
		return r.l.Cluster.Key, aws.ToString(r.o.Cluster.DBClusterArn), awsclient.RDSTagMap(r.o.Cluster.TagList)
	case r.l.Instance != nil && r.o.Instance != nil:
		return r.l.Instance.Key, aws.ToString(r.o.Instance.DBInstanceArn), awsclient.RDSTagMap(r.o.Instance.TagList)
	}
	return "", "", nil
}

// childTagger is the tagger of child c, and its tags when a read of this
// apply returned them (known); ok is false when c did not exist. dbARN,
// the database's, gives the partition, region and account of the RDS
// children known by name only.
func (r *run) childTagger(c Child, dbARN string) (t awsclient.Tagger, have map[string]string, known, ok bool) {
	switch c.Kind {
	case KindLogGroup:
		for _, g := range r.l.LogGroups {
			if got, found := r.o.LogGroups[g.Name]; g.Key == c.Key && found {
				return awsclient.LogGroupTagger(r.x.Logs, got.ARN), nil, false, true
			}
		}
	case KindIAMRole:
		have, ok = r.roleTags[c.Key]
		return awsclient.IAMRoleTagger(r.x.IAM, r.roleName(c.Key)), have, true, ok
	case KindSecurityGroup:
		if g, found := r.o.SecurityGroups[c.Key]; found {
			return awsclient.EC2Tagger(r.x.EC2, aws.ToString(g.GroupId)), awsclient.EC2TagMap(g.Tags), true, true
		}
	case KindSubnetGroup:
		if g := r.o.SubnetGroup; g != nil {
			return awsclient.RDSTagger(r.x.RDS, aws.ToString(g.DBSubnetGroupArn)), nil, false, true
		}
	case KindParameterGroup:
		if r.o.Parameters != nil {
			return awsclient.RDSTagger(r.x.RDS, rdsARN(dbARN, "pg", r.l.ParameterGroup.Name)), nil, false, true
		}
	case KindClusterParameterGroup:
		if r.o.ClusterParams != nil {
			return awsclient.RDSTagger(r.x.RDS, rdsARN(dbARN, "cluster-pg", r.l.ClusterParameterGroup.Name)), nil, false, true
		}
	case KindInstance: // a cluster member; the instance is the database
		if r.l.Cluster == nil {
			break
		}
		for _, m := range r.l.Cluster.Members {
			if got, found := r.o.Members[m.Identifier]; m.Key == c.Key && found {
				return awsclient.RDSTagger(r.x.RDS, aws.ToString(got.DBInstanceArn)), awsclient.RDSTagMap(got.TagList), true, true
			}
		}
	case KindProxy:
		if p := r.o.Proxy; p != nil {
			return awsclient.RDSTagger(r.x.RDS, aws.ToString(p.DBProxyArn)), nil, false, true
		}
	}
	return awsclient.Tagger{}, nil, false, false
}

// roleName is the name of the role of key.
func (r *run) roleName(key string) string {
	if m := r.l.MonitoringRole; m != nil && m.Key == key {
		return m.Name
	}
	if p := r.l.Proxy; p != nil && p.RoleKey == key {
		return p.RoleName
	}
	return ""
}

// rdsARN is the ARN of the RDS object of type kind ("pg", "cluster-pg")
// named name, in the partition, region and account of the RDS ARN of.
func rdsARN(of, kind, name string) string {
	parts := strings.SplitN(of, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return strings.Join(parts[:5], ":") + ":" + kind + ":" + name
}
