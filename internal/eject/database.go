package eject

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// databaseTypes is the hashicorp/aws resource type of each child kind; a
// KindInstance of an Aurora cluster is a clusterMemberType instead.
var databaseTypes = map[database.Kind]string{
	database.KindLogGroup:                "aws_cloudwatch_log_group",
	database.KindIAMRole:                 "aws_iam_role",
	database.KindIAMRolePolicyAttachment: "aws_iam_role_policy_attachment",
	database.KindSecurityGroup:           "aws_security_group",
	database.KindSubnetGroup:             "aws_db_subnet_group",
	database.KindParameterGroup:          "aws_db_parameter_group",
	database.KindClusterParameterGroup:   "aws_rds_cluster_parameter_group",
	database.KindCluster:                 "aws_rds_cluster",
	database.KindInstance:                "aws_db_instance",
	database.KindSecretRotation:          "aws_secretsmanager_secret_rotation",
	database.KindIAMPolicy:               "aws_iam_policy",
	database.KindIAMPolicyAttachment:     "aws_iam_role_policy_attachment",
	database.KindProxy:                   "aws_db_proxy",
}

// clusterMemberType is the resource type of an Aurora cluster's members.
const clusterMemberType = "aws_rds_cluster_instance"

// dbRenderer writes the children of one database layout.
type dbRenderer struct {
	e      *File
	l      database.Layout
	name   string
	addr   map[string][]string // child key -> the resources that make it
	secret string              // placeholder of the master user secret's ARN
	zones  string              // locals name of the subnets' zones, once written
	// retainLogs keeps the log groups on destroy (skip_destroy), as the
	// provider's retain_logs_on_destroy does.
	retainLogs bool
}

// Database renders a hipaa_database layout as one aws_* resource per child
// (a security group's rules and a proxy target are one resource per rule
// and two resources), in the layout's creation order: an instance, or an
// Aurora cluster with its cluster parameter group and member instances.
func (e *File) Database(name string, l database.Layout, retainLogs bool) error {
	holder := "" // the child whose master user secret the proxy and the rotation use
	switch {
	case l.Instance != nil:
		holder = l.Instance.Key
	case l.Cluster != nil:
		holder = l.Cluster.Key
	default:
		return fmt.Errorf("%s.%s: the layout has neither an instance nor a cluster", database.ResourceType, name)
	}
	r := &dbRenderer{e: e, l: l, name: name, addr: map[string][]string{}, retainLogs: retainLogs,
		secret: fmt.Sprintf("arn:aws:secretsmanager:hipaagen-master-user-secret-%d", len(e.refs))}
	children := l.Children()
	for _, c := range children {
		r.addr[c.Key] = r.addresses(c)
	}
	e.Refer(r.secret, r.addr[holder][0]+".master_user_secret[0].secret_arn")
	r.zonesLocal()
	for _, c := range children {
		r.child(c)
	}
	return nil
}

func (r *dbRenderer) addresses(c database.Child) []string {
	switch c.Kind {
	case database.KindSecurityGroupRules:
		var out []string
		for _, x := range r.ruleResources(c.Key) {
			out = append(out, x.typ+"."+x.label)
		}
		return out
	case database.KindProxyTarget:
		return []string{"aws_db_proxy_default_target_group." + label(r.name, c.Key), "aws_db_proxy_target." + label(r.name, c.Key)}
	}
	return []string{r.typeOf(c.Kind) + "." + label(r.name, c.Key)}
}

// typeOf is the resource type of a child kind in this layout.
func (r *dbRenderer) typeOf(k database.Kind) string {
	if k == database.KindInstance && r.l.Cluster != nil {
		return clusterMemberType
	}
	return databaseTypes[k]
}

// child renders one child; layout edges its references do not imply
// become depends_on on the last resource of the child.
func (r *dbRenderer) child(c database.Child) {
	var used []string
	ref := func(key, attr string) string { used = append(used, key); return r.addr[key][0] + "." + attr }
	var last *hclwrite.Body
	switch c.Kind {
	case database.KindSecurityGroupRules:
		last = r.rules(c.Key, ref)
	case database.KindProxyTarget:
		last = r.proxyTarget(c.Key, ref)
	default:
		last = r.e.resource(r.typeOf(c.Kind), label(r.name, c.Key))
		r.render(last, c, ref)
	}
	if last == nil { // a group without rules
		return
	}
	text := string(last.BuildTokens(nil).Bytes()) // references through placeholders, such as the secret's ARN
	var deps []string
	for _, k := range append(slices.Clone(c.DependsOn), r.writerFirst(c)...) {
		addrs := r.addr[k]
		if len(addrs) > 0 && !slices.Contains(used, k) && !strings.Contains(text, addrs[0]+".") {
			deps = append(deps, addrs...)
		}
	}
	if len(deps) > 0 {
		r.e.expr(last, "depends_on", list(deps))
	}
}

// writerFirst is the first member, for every later member of a cluster:
// the executor creates the members in order, so the first is the initial
// writer, as the layout says; hashicorp/aws would create them at once.
func (r *dbRenderer) writerFirst(c database.Child) []string {
	if c.Kind != database.KindInstance || r.l.Cluster == nil || c.Key == r.l.Cluster.Members[0].Key {
		return nil
	}
	return []string{r.l.Cluster.Members[0].Key}
}

func (r *dbRenderer) render(b *hclwrite.Body, c database.Child, ref refFunc) {
	switch c.Kind {
	case database.KindLogGroup:
		r.logGroup(b, c.Key)
	case database.KindIAMRole:
		r.role(b, c.Key)
	case database.KindIAMRolePolicyAttachment:
		m := r.l.MonitoringRole
		r.e.expr(b, "role", ref(m.Key, "name"))
		r.e.str(b, "policy_arn", m.ManagedPolicyARN)
	case database.KindSecurityGroup:
		g := r.group(c.Key)
		b.SetAttributeValue("name", cty.StringVal(g.Name))
		b.SetAttributeValue("description", cty.StringVal(g.Description))
		r.e.str(b, "vpc_id", g.VPCID)
	case database.KindSubnetGroup:
		g := r.l.SubnetGroup
		b.SetAttributeValue("name", cty.StringVal(g.Name))
		b.SetAttributeValue("description", cty.StringVal(g.Description))
		r.e.expr(b, "subnet_ids", r.stringList(g.SubnetIDs))
	case database.KindParameterGroup:
		r.parameterGroup(b, r.l.ParameterGroup)
	case database.KindClusterParameterGroup:
		r.parameterGroup(b, *r.l.ClusterParameterGroup)
	case database.KindCluster:
		r.cluster(b, ref)
	case database.KindInstance:
		if r.l.Cluster != nil {
			r.member(b, c.Key, ref)
		} else {
			r.instance(b, ref)
		}
	case database.KindSecretRotation:
		r.e.str(b, "secret_id", r.secret)
		b.SetAttributeValue("rotate_immediately", cty.False)
		rr := b.AppendNewBlock("rotation_rules", nil).Body()
		rr.SetAttributeValue("automatically_after_days", cty.NumberIntVal(int64(r.l.SecretRotationDays)))
	case database.KindIAMPolicy:
		p := r.l.Proxy
		env := r.l.Env
		r.e.managedPolicy(b, p.RoleName, p.RolePolicyName, database.ProxyRolePolicy(env.Partition, r.secret, r.kmsKeyARN(), env.Region))
	case database.KindIAMPolicyAttachment:
		r.e.attachment(b, ref(r.l.Proxy.RoleKey, "name"), ref(r.l.Proxy.RolePolicyKey, "arn"))
	case database.KindProxy:
		r.proxy(b, ref)
	}
	if c.Kind.Taggable() {
		r.e.expr(b, "tags", mapExpr(r.l.Tags(c.Key)))
	}
}

func (r *dbRenderer) stringList(vs []string) string { return r.e.strings(vs) }

func (r *dbRenderer) logGroup(b *hclwrite.Body, key string) {
	for _, g := range r.l.LogGroups {
		if g.Key == key {
			b.SetAttributeValue("name", cty.StringVal(g.Name))
			b.SetAttributeValue("retention_in_days", cty.NumberIntVal(int64(g.RetentionDays)))
			r.e.str(b, "kms_key_id", g.KMSKeyARN)
			b.SetAttributeValue("skip_destroy", cty.BoolVal(r.retainLogs))
		}
	}
}

func (r *dbRenderer) role(b *hclwrite.Body, key string) {
	name, trust := "", ""
	if m := r.l.MonitoringRole; m != nil && m.Key == key {
		name, trust = m.Name, m.AssumeRolePolicy
	} else {
		name, trust = r.l.Proxy.RoleName, r.l.Proxy.RoleAssumePolicy
	}
	b.SetAttributeValue("name", cty.StringVal(name))
	b.SetAttributeValue("description", cty.StringVal(database.ResourceType+" "+r.l.Identifier))
	r.e.expr(b, "assume_role_policy", r.e.policy(trust))
}

func (r *dbRenderer) group(key string) database.SecurityGroup {
	if key == r.l.SecurityGroup.Key || key == r.l.SecurityGroup.RulesKey {
		return r.l.SecurityGroup
	}
	return r.l.Proxy.SecurityGroup
}

type ruleResource struct {
	typ, label string
	rule       database.Rule
}

// ruleResources lists the rule resources of the group whose rules key is key.
func (r *dbRenderer) ruleResources(key string) []ruleResource {
	g := r.group(key)
	var out []ruleResource
	for _, d := range []struct {
		dir   string
		rules []database.Rule
	}{{"ingress", g.Ingress}, {"egress", g.Egress}} {
		for i, x := range d.rules {
			out = append(out, ruleResource{typ: "aws_vpc_security_group_" + d.dir + "_rule",
				label: label(r.name, key+"/"+d.dir+"/"+strconv.Itoa(i)), rule: x})
		}
	}
	return out
}

// rules writes each rule of a group as its own resource; the group has no
// inline rules, so the allow-all egress AWS adds is removed (NET-07).
func (r *dbRenderer) rules(key string, ref refFunc) *hclwrite.Body {
	g := r.group(key)
	var b *hclwrite.Body
	for _, x := range r.ruleResources(key) {
		b = r.e.resource(x.typ, x.label)
		r.e.expr(b, "security_group_id", ref(g.Key, "id"))
		b.SetAttributeValue("ip_protocol", cty.StringVal(x.rule.Protocol))
		b.SetAttributeValue("from_port", cty.NumberIntVal(int64(x.rule.FromPort)))
		b.SetAttributeValue("to_port", cty.NumberIntVal(int64(x.rule.ToPort)))
		switch {
		case x.rule.CIDRBlock != "":
			b.SetAttributeValue("cidr_ipv4", cty.StringVal(x.rule.CIDRBlock))
		case x.rule.SecurityGroupID != "":
			r.e.str(b, "referenced_security_group_id", x.rule.SecurityGroupID)
		default:
			r.e.expr(b, "referenced_security_group_id", ref(x.rule.SecurityGroupKey, "id"))
		}
		r.e.str(b, "description", x.rule.Description) // may name a group ID passed through as a variable
	}
	return b
}

func (r *dbRenderer) parameterGroup(b *hclwrite.Body, g database.ParameterGroup) {
	b.SetAttributeValue("name", cty.StringVal(g.Name))
	b.SetAttributeValue("family", cty.StringVal(g.Family))
	b.SetAttributeValue("description", cty.StringVal(g.Description))
	for _, p := range g.Parameters {
		pb := b.AppendNewBlock("parameter", nil).Body()
		pb.SetAttributeValue("name", cty.StringVal(p.Name))
		pb.SetAttributeValue("value", cty.StringVal(p.Value))
		pb.SetAttributeValue("apply_method", cty.StringVal(p.ApplyMethod))
	}
}

func (r *dbRenderer) instance(b *hclwrite.Body, ref refFunc) {
	i := r.l.Instance
	set := func(name string, v cty.Value) { b.SetAttributeValue(name, v) }
	num := func(v int) cty.Value { return cty.NumberIntVal(int64(v)) }
	set("identifier", cty.StringVal(i.Identifier))
	set("engine", cty.StringVal(string(i.Engine)))
	set("engine_version", cty.StringVal(i.EngineVersion))
	set("instance_class", cty.StringVal(i.Class))
	set("allocated_storage", num(i.AllocatedStorage))
	if i.MaxAllocatedStorage > 0 {
		set("max_allocated_storage", num(i.MaxAllocatedStorage))
	}
	set("storage_type", cty.StringVal(i.StorageType))
	if i.IOPS > 0 {
		set("iops", num(i.IOPS))
	}
	set("storage_encrypted", cty.BoolVal(i.StorageEncrypted))
	r.e.str(b, "kms_key_id", i.KMSKeyARN)
	set("multi_az", cty.BoolVal(i.MultiAZ))
	set("backup_retention_period", num(i.BackupRetentionDays))
	if i.BackupWindow != "" {
		set("backup_window", cty.StringVal(i.BackupWindow))
	}
	if i.MaintenanceWindow != "" {
		set("maintenance_window", cty.StringVal(i.MaintenanceWindow))
	}
	set("deletion_protection", cty.BoolVal(i.DeletionProtection))
	// The provider names the final snapshot with the time of destroy; a
	// plain configuration needs a fixed name.
	set("skip_final_snapshot", cty.BoolVal(!i.FinalSnapshot))
	set("final_snapshot_identifier", cty.StringVal(database.FitName(i.Identifier, "-final", database.MaxSnapshotIdentifierLen)))
	set("iam_database_authentication_enabled", cty.BoolVal(i.IAMAuth))
	r.e.expr(b, "enabled_cloudwatch_logs_exports", r.stringList(i.LogExports))
	set("publicly_accessible", cty.BoolVal(i.PubliclyAccessible))
	set("auto_minor_version_upgrade", cty.BoolVal(i.AutoMinorVersionUpgrade))
	set("copy_tags_to_snapshot", cty.BoolVal(i.CopyTagsToSnapshot))
	set("performance_insights_enabled", cty.BoolVal(i.PerformanceInsights))
	if i.PerformanceInsights {
		r.e.str(b, "performance_insights_kms_key_id", i.PIKMSKeyARN)
		set("performance_insights_retention_period", num(i.PIRetentionDays))
	}
	set("monitoring_interval", num(i.MonitoringInterval))
	if i.MonitoringRoleKey != "" {
		r.e.expr(b, "monitoring_role_arn", ref(i.MonitoringRoleKey, "arn"))
	}
	set("username", cty.StringVal(i.MasterUsername))
	set("manage_master_user_password", cty.BoolVal(i.ManageMasterUserPassword))
	r.e.str(b, "master_user_secret_kms_key_id", i.MasterUserSecretKMSKeyARN)
	set("port", num(i.Port))
	if i.DatabaseName != "" {
		set("db_name", cty.StringVal(i.DatabaseName))
	}
	r.e.expr(b, "db_subnet_group_name", ref(r.l.SubnetGroup.Key, "name"))
	r.e.expr(b, "parameter_group_name", ref(r.l.ParameterGroup.Key, "name"))
	r.e.expr(b, "vpc_security_group_ids", list([]string{ref(i.SecurityGroupKey, "id")}))
	set("allow_major_version_upgrade", cty.BoolVal(i.AllowMajorVersionUpgrade))
	set("apply_immediately", cty.BoolVal(i.ApplyImmediately))
}

func (r *dbRenderer) proxy(b *hclwrite.Body, ref refFunc) {
	p := r.l.Proxy
	b.SetAttributeValue("name", cty.StringVal(p.Name))
	b.SetAttributeValue("engine_family", cty.StringVal(p.EngineFamily))
	r.e.expr(b, "role_arn", ref(p.RoleKey, "arn"))
	r.e.expr(b, "vpc_subnet_ids", r.stringList(p.SubnetIDs))
	r.e.expr(b, "vpc_security_group_ids", list([]string{ref(p.SecurityGroup.Key, "id")}))
	b.SetAttributeValue("require_tls", cty.BoolVal(p.RequireTLS))
	b.SetAttributeValue("idle_client_timeout", cty.NumberIntVal(int64(p.IdleClientTimeout)))
	b.SetAttributeValue("debug_logging", cty.BoolVal(p.DebugLogging))
	a := b.AppendNewBlock("auth", nil).Body()
	a.SetAttributeValue("auth_scheme", cty.StringVal("SECRETS"))
	a.SetAttributeValue("iam_auth", cty.StringVal(p.IAMAuth))
	r.e.str(a, "secret_arn", r.secret)
}

// proxyTarget registers the instance, or the cluster, with the proxy's
// default target group.
func (r *dbRenderer) proxyTarget(key string, ref refFunc) *hclwrite.Body {
	p := r.l.Proxy
	g := r.e.resource("aws_db_proxy_default_target_group", label(r.name, key))
	r.e.expr(g, "db_proxy_name", ref(p.Key, "name"))
	t := r.e.resource("aws_db_proxy_target", label(r.name, key))
	r.e.expr(t, "db_proxy_name", ref(p.Key, "name"))
	r.e.expr(t, "target_group_name", r.addr[key][0]+".name")
	if c := r.l.Cluster; c != nil {
		r.e.expr(t, "db_cluster_identifier", ref(c.Key, "cluster_identifier"))
	} else {
		r.e.expr(t, "db_instance_identifier", ref(r.l.Instance.Key, "identifier"))
	}
	return t
}

// kmsKeyARN is the database's customer key, from the instance or the cluster.
func (r *dbRenderer) kmsKeyARN() string {
	if r.l.Instance != nil {
		return r.l.Instance.KMSKeyARN
	}
	return r.l.Cluster.KMSKeyARN
}

// cluster writes the Aurora cluster. Aurora standard storage, the layout's
// "aurora", is what hashicorp/aws spells "" (its default, which AWS reads
// back as "aurora"); I/O-Optimized is written out.
func (r *dbRenderer) cluster(b *hclwrite.Body, ref refFunc) {
	c := r.l.Cluster
	set := func(name string, v cty.Value) { b.SetAttributeValue(name, v) }
	set("cluster_identifier", cty.StringVal(c.Identifier))
	set("engine", cty.StringVal(string(c.Engine)))
	set("engine_version", cty.StringVal(c.EngineVersion))
	if c.StorageType != database.StorageAurora {
		set("storage_type", cty.StringVal(c.StorageType))
	}
	set("storage_encrypted", cty.BoolVal(c.StorageEncrypted))
	r.e.str(b, "kms_key_id", c.KMSKeyARN)
	set("backup_retention_period", cty.NumberIntVal(int64(c.BackupRetentionDays)))
	if c.BackupWindow != "" {
		set("preferred_backup_window", cty.StringVal(c.BackupWindow))
	}
	if c.MaintenanceWindow != "" {
		set("preferred_maintenance_window", cty.StringVal(c.MaintenanceWindow))
	}
	set("deletion_protection", cty.BoolVal(c.DeletionProtection))
	// The provider names the final snapshot with the time of destroy; a
	// plain configuration needs a fixed name.
	set("skip_final_snapshot", cty.BoolVal(!c.FinalSnapshot))
	set("final_snapshot_identifier", cty.StringVal(database.FitName(c.Identifier, "-final", database.MaxSnapshotIdentifierLen)))
	set("iam_database_authentication_enabled", cty.BoolVal(c.IAMAuth))
	r.e.expr(b, "enabled_cloudwatch_logs_exports", r.stringList(c.LogExports))
	set("copy_tags_to_snapshot", cty.BoolVal(c.CopyTagsToSnapshot))
	set("master_username", cty.StringVal(c.MasterUsername))
	set("manage_master_user_password", cty.BoolVal(c.ManageMasterUserPassword))
	r.e.str(b, "master_user_secret_kms_key_id", c.MasterUserSecretKMSKeyARN)
	set("port", cty.NumberIntVal(int64(c.Port)))
	if c.DatabaseName != "" {
		set("database_name", cty.StringVal(c.DatabaseName))
	}
	r.e.expr(b, "db_subnet_group_name", ref(r.l.SubnetGroup.Key, "name"))
	r.e.expr(b, "db_cluster_parameter_group_name", ref(r.l.ClusterParameterGroup.Key, "name"))
	r.e.expr(b, "vpc_security_group_ids", list([]string{ref(c.SecurityGroupKey, "id")}))
	set("allow_major_version_upgrade", cty.BoolVal(c.AllowMajorVersionUpgrade))
	set("apply_immediately", cty.BoolVal(c.ApplyImmediately))
}

// member writes one instance of the cluster; changes to it follow the
// cluster's apply_immediately, as the provider's do.
func (r *dbRenderer) member(b *hclwrite.Body, key string, ref refFunc) {
	c := r.l.Cluster
	i := slices.IndexFunc(c.Members, func(m database.ClusterMember) bool { return m.Key == key })
	m := c.Members[i]
	set := func(name string, v cty.Value) { b.SetAttributeValue(name, v) }
	set("identifier", cty.StringVal(m.Identifier))
	r.e.expr(b, "cluster_identifier", ref(c.Key, "id"))
	set("engine", cty.StringVal(string(c.Engine)))
	set("instance_class", cty.StringVal(m.Class))
	r.e.expr(b, "availability_zone", r.memberZone(i, m))
	set("publicly_accessible", cty.BoolVal(m.PubliclyAccessible))
	set("auto_minor_version_upgrade", cty.BoolVal(m.AutoMinorVersionUpgrade))
	r.e.expr(b, "db_parameter_group_name", ref(r.l.ParameterGroup.Key, "name"))
	set("performance_insights_enabled", cty.BoolVal(m.PerformanceInsights))
	if m.PerformanceInsights {
		r.e.str(b, "performance_insights_kms_key_id", m.PIKMSKeyARN)
		set("performance_insights_retention_period", cty.NumberIntVal(int64(m.PIRetentionDays)))
	}
	set("monitoring_interval", cty.NumberIntVal(int64(m.MonitoringInterval)))
	if m.MonitoringRoleKey != "" {
		r.e.expr(b, "monitoring_role_arn", ref(m.MonitoringRoleKey, "arn"))
	}
	set("apply_immediately", cty.BoolVal(c.ApplyImmediately))
}

// zonesLocal writes, for a cluster whose members the layout could not
// place (eject does not describe subnets), locals { <name>_zones } with the
// sorted distinct zones of the subnets: the provider describes them at
// apply time and spreads the members round-robin over those zones.
func (r *dbRenderer) zonesLocal() {
	c := r.l.Cluster
	if c == nil || !slices.ContainsFunc(c.Members, func(m database.ClusterMember) bool { return m.AvailabilityZone == "" }) {
		return
	}
	ids := r.l.SubnetGroup.SubnetIDs
	zones := ""
	if expr := r.stringList(ids); !strings.HasPrefix(expr, "[") { // a list variable passed through whole
		name := label(r.name, "subnets")
		d := hclgen.AppendBlock(r.e.body, "data", "aws_subnet", name)
		r.e.expr(d, "for_each", "toset("+expr+")")
		r.e.expr(d, "id", "each.value")
		zones = "[for s in data.aws_subnet." + name + " : s.availability_zone]"
	} else {
		each := make([]string, 0, len(ids))
		for _, id := range ids {
			each = append(each, r.subnetZone(id))
		}
		zones = list(each)
	}
	r.zones = label(r.name, "zones")
	r.e.expr(hclgen.AppendBlock(r.e.body, "locals"), r.zones, "sort(distinct("+zones+"))")
}

// subnetZone is the zone of a subnet: the attribute of an ejected
// aws_subnet, or of a data source for a subnet given by ID (named by the
// ID, or by the variable that holds it).
func (r *dbRenderer) subnetZone(id string) string {
	expr, ok := r.e.refs[id]
	if ok && strings.HasPrefix(expr, "aws_subnet.") && strings.HasSuffix(expr, ".id") {
		return strings.TrimSuffix(expr, ".id") + ".availability_zone"
	}
	name := label(r.name, "subnet/"+cmp.Or(expr, id))
	r.e.str(hclgen.AppendBlock(r.e.body, "data", "aws_subnet", name), "id", id)
	return "data.aws_subnet." + name + ".availability_zone"
}

// memberZone is the availability_zone of the i-th member: the layout's, or
// the i-th of the subnets' zones, wrapping around (see zonesLocal).
func (r *dbRenderer) memberZone(i int, m database.ClusterMember) string {
	if m.AvailabilityZone != "" {
		return hclgen.Quote(m.AvailabilityZone)
	}
	return fmt.Sprintf("element(local.%s, %d)", r.zones, i)
}
