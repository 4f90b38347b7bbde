package database

// Children returns every child as a flat list in creation order: each
// child's DependsOn keys come earlier in the list. Delete in reverse order.
//
// Log groups come before the database so RDS writes into encrypted groups
// with a retention instead of creating its own. Security groups are created
// empty and their rules set afterwards, since the database's and the proxy's
// groups name each other. The proxy role's managed policy waits for the
// database, whose master user secret it names.
func (l Layout) Children() []Child {
	var c []Child
	var logKeys []string
	for _, g := range l.LogGroups {
		c = append(c, Child{KindLogGroup, g.Key, nil})
		if g.LogType != ProxyLogType {
			logKeys = append(logKeys, g.Key)
		}
	}
	var monitoring []string
	if r := l.MonitoringRole; r != nil {
		c = append(c, Child{KindIAMRole, r.Key, nil}, Child{KindIAMRolePolicyAttachment, r.PolicyKey, []string{r.Key}})
		monitoring = []string{r.PolicyKey}
	}
	if p := l.Proxy; p != nil { // early: a new role takes a while to become assumable
		c = append(c, Child{KindIAMRole, p.RoleKey, nil})
	}
	c = append(c, l.securityGroupChildren()...)
	c = append(c, Child{KindSubnetGroup, l.SubnetGroup.Key, nil}, Child{KindParameterGroup, l.ParameterGroup.Key, nil})
	if g := l.ClusterParameterGroup; g != nil {
		c = append(c, Child{KindClusterParameterGroup, g.Key, nil})
	}
	db := l.databaseChildren(logKeys, monitoring)
	c = append(c, db...)
	c = append(c, Child{KindSecretRotation, KeySecretRotation, []string{db[0].Key}})
	return append(c, l.proxyChildren(db)...)
}

func (l Layout) securityGroupChildren() []Child {
	groups := []Child{{KindSecurityGroup, l.SecurityGroup.Key, nil}}
	rules := []Child{{KindSecurityGroupRules, l.SecurityGroup.RulesKey, []string{l.SecurityGroup.Key}}}
	if p := l.Proxy; p != nil {
		g := p.SecurityGroup
		groups = append(groups, Child{KindSecurityGroup, g.Key, nil})
		rules[0].DependsOn = append(rules[0].DependsOn, g.Key)
		rules = append(rules, Child{KindSecurityGroupRules, g.RulesKey, []string{g.Key, l.SecurityGroup.Key}})
	}
	return append(groups, rules...)
}

// databaseChildren: the instance, or the cluster then its members. The
// first child returned holds the master user secret.
func (l Layout) databaseChildren(logKeys, monitoring []string) []Child {
	deps := []string{l.SubnetGroup.Key, l.SecurityGroup.Key, l.SecurityGroup.RulesKey}
	if l.Instance != nil {
		deps = append(append(append(deps, l.ParameterGroup.Key), logKeys...), monitoring...)
		return []Child{{KindInstance, l.Instance.Key, deps}}
	}
	c := []Child{{KindCluster, l.Cluster.Key, append(append(deps, l.ClusterParameterGroup.Key), logKeys...)}}
	for _, m := range l.Cluster.Members {
		c = append(c, Child{KindInstance, m.Key, append([]string{l.Cluster.Key, l.ParameterGroup.Key}, monitoring...)})
	}
	return c
}

func (l Layout) proxyChildren(db []Child) []Child {
	p := l.Proxy
	if p == nil {
		return nil
	}
	targets := make([]string, 0, len(db))
	for _, d := range db {
		targets = append(targets, d.Key)
	}
	return []Child{
		{KindIAMPolicy, p.RolePolicyKey, []string{db[0].Key}},
		{KindIAMPolicyAttachment, p.RoleAttachmentKey, []string{p.RoleKey, p.RolePolicyKey}},
		{KindProxy, p.Key, []string{p.RoleKey, p.RoleAttachmentKey, p.SecurityGroup.Key, p.SecurityGroup.RulesKey, p.LogGroupKey}},
		{KindProxyTarget, p.TargetKey, append([]string{p.Key}, targets...)},
	}
}

// Count returns the number of children of each kind.
func (l Layout) Count() map[Kind]int {
	out := map[Kind]int{}
	for _, c := range l.Children() {
		out[c.Kind]++
	}
	return out
}
