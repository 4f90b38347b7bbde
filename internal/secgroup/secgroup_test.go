package secgroup_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/secgroup"
)

const (
	appSG = "sg-0aaaaaaaaaaaaaaaa"
	dbSG  = "sg-0dddddddddddddddd"
)

// resolve knows one group of the layout, "sg/db".
func resolve(key string) string {
	if key == "sg/db" {
		return dbSG
	}
	return ""
}

func tcp(port int32) ec2types.IpPermission {
	return ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(port), ToPort: aws.Int32(port)}
}

func TestSplit(t *testing.T) {
	p := tcp(5432)
	p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/16")}, {CidrIp: aws.String("10.1.0.0/16")}}
	p.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String("2001:db8::/32")}}
	p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(appSG)}}
	p.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: aws.String("pl-0123")}}
	all := ec2types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}

	got := secgroup.Split([]ec2types.IpPermission{p, all})
	var keys []string
	for _, q := range got {
		if n := len(q.IpRanges) + len(q.Ipv6Ranges) + len(q.UserIdGroupPairs) + len(q.PrefixListIds); n != 1 {
			t.Errorf("permission %s has %d peers, want 1", secgroup.Key(q), n)
		}
		keys = append(keys, secgroup.Key(q))
	}
	want := []string{"tcp/5432-5432/10.0.0.0/16", "tcp/5432-5432/10.1.0.0/16", "tcp/5432-5432/2001:db8::/32",
		"tcp/5432-5432/" + appSG, "tcp/5432-5432/pl-0123", "all/0.0.0.0/0"}
	if !slices.Equal(keys, want) {
		t.Errorf("Split keys = %q, want %q", keys, want)
	}
	if len(secgroup.Split(nil)) != 0 {
		t.Error("Split(nil) is not empty")
	}
	if len(secgroup.Split([]ec2types.IpPermission{tcp(22)})) != 0 {
		t.Error("a permission without a peer splits into something")
	}
}

func TestKey(t *testing.T) {
	for _, c := range []struct {
		name string
		p    ec2types.IpPermission
		want string
	}{
		{"IPv4", func() ec2types.IpPermission {
			p := tcp(443)
			p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/8"), Description: aws.String("ignored")}}
			return p
		}(), "tcp/443-443/10.0.0.0/8"},
		{"IPv6", func() ec2types.IpPermission {
			p := tcp(443)
			p.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}
			return p
		}(), "tcp/443-443/::/0"},
		{"group", func() ec2types.IpPermission {
			p := tcp(3306)
			p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(appSG), UserId: aws.String("123456789012")}}
			return p
		}(), "tcp/3306-3306/" + appSG},
		{"prefix list", func() ec2types.IpPermission {
			p := ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(1024), ToPort: aws.Int32(65535)}
			p.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: aws.String("pl-0123")}}
			return p
		}(), "tcp/1024-65535/pl-0123"},
		{"all traffic", ec2types.IpPermission{IpProtocol: aws.String("-1"), FromPort: aws.Int32(-1), ToPort: aws.Int32(-1),
			IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}, "all/0.0.0.0/0"},
		{"no peer", tcp(22), "tcp/22-22/"},
	} {
		if got := secgroup.Key(c.p); got != c.want {
			t.Errorf("%s: Key = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPermission(t *testing.T) {
	for _, c := range []struct {
		name string
		rule secgroup.Rule
		want ec2types.IpPermission
	}{
		{"IPv4 CIDR", secgroup.Rule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDRBlock: "10.30.0.0/16", Description: "app"},
			ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
				IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.30.0.0/16"), Description: aws.String("app")}}}},
		{"IPv6 CIDR", secgroup.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRBlock: "2001:db8:1234::/48", Description: "v6"},
			ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
				Ipv6Ranges: []ec2types.Ipv6Range{{CidrIpv6: aws.String("2001:db8:1234::/48"), Description: aws.String("v6")}}}},
		{"group ID", secgroup.Rule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupID: appSG, Description: "app"},
			ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
				UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(appSG), Description: aws.String("app")}}}},
		{"group key", secgroup.Rule{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupKey: "sg/db", Description: "db"},
			ec2types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
				UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(dbSG), Description: aws.String("db")}}}},
	} {
		if got := secgroup.Permission(c.rule, resolve); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Permission = %+v, want %+v", c.name, got, c.want)
		}
	}
	// A rule's key is the key of the permission AWS returns for it.
	if got := secgroup.Key(secgroup.Permission(secgroup.Rule{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRBlock: "::/0"}, resolve)); got != "tcp/443-443/::/0" {
		t.Errorf("IPv6 rule key = %q", got)
	}
}

func TestKeys(t *testing.T) {
	rules := []secgroup.Rule{
		{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupKey: "sg/db"},
		{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDRBlock: "10.30.0.0/16"},
		{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupID: appSG},
		{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRBlock: "2001:db8::/32"},
	}
	want := []string{"tcp/443-443/2001:db8::/32", "tcp/5432-5432/10.30.0.0/16", "tcp/5432-5432/" + appSG, "tcp/5432-5432/" + dbSG}
	if got := secgroup.Keys(rules, resolve); !slices.Equal(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	if got := secgroup.Keys(nil, resolve); len(got) != 0 {
		t.Errorf("Keys(nil) = %q", got)
	}
}

// groups are a database's group, which admits the app's group and a CIDR block
// and sends nowhere, and the proxy's, which sends to it.
func groups() (db, proxy secgroup.Group) {
	db = secgroup.Group{Key: "sg/db", RulesKey: "sg/db/rules", Name: "patients-db", VPCID: "vpc-1",
		Ingress: []secgroup.Rule{{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupID: appSG},
			{Protocol: "tcp", FromPort: 5432, ToPort: 5432, CIDRBlock: "10.30.0.0/16"}},
		Egress: []secgroup.Rule{}}
	proxy = secgroup.Group{Key: "sg/proxy", RulesKey: "sg/proxy/rules", Name: "patients-proxy", VPCID: "vpc-1",
		Egress: []secgroup.Rule{{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SecurityGroupKey: "sg/db"}}}
	return db, proxy
}

// observed is g as AWS returns it once its rules are written.
func observed(g secgroup.Group) *ec2types.SecurityGroup {
	got := &ec2types.SecurityGroup{GroupId: aws.String("sg-0ffffffffffffffff"), GroupName: aws.String(g.Name)}
	for _, r := range g.Ingress {
		got.IpPermissions = append(got.IpPermissions, secgroup.Permission(r, resolve))
	}
	for _, r := range g.Egress {
		got.IpPermissionsEgress = append(got.IpPermissionsEgress, secgroup.Permission(r, resolve))
	}
	return got
}

func TestDrift(t *testing.T) {
	db, proxy := groups()
	if d := secgroup.Drift(db, observed(db), resolve, ""); len(d) != 0 {
		t.Errorf("drift of the group as written: %q", d)
	}
	if d := secgroup.Drift(proxy, observed(proxy), resolve, ""); len(d) != 0 {
		t.Errorf("drift of the proxy group as written: %q", d)
	}

	// Rules AWS returns merged (two peers in one permission) are no drift.
	merged := observed(db)
	merged.IpPermissions = []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
		IpRanges: merged.IpPermissions[1].IpRanges, UserIdGroupPairs: merged.IpPermissions[0].UserIdGroupPairs}}
	if d := secgroup.Drift(db, merged, resolve, ""); len(d) != 0 {
		t.Errorf("drift of merged permissions: %q", d)
	}

	if d := secgroup.Drift(db, nil, resolve, ""); !slices.Equal(d, []string{"security group patients-db is missing"}) {
		t.Errorf("missing: %q", d)
	}
	if d := secgroup.Drift(db, nil, resolve, "DB-09"); !slices.Equal(d, []string{"security group patients-db is missing (DB-09)"}) {
		t.Errorf("missing, with a control: %q", d)
	}

	// An extra ingress rule from the internet, and the allow-all egress of a new group.
	extra := observed(db)
	open := tcp(5432)
	open.IpRanges = []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}
	extra.IpPermissions = append(extra.IpPermissions, open)
	extra.IpPermissionsEgress = []ec2types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}
	d := secgroup.Drift(db, extra, resolve, "")
	want := []string{
		"security group patients-db admits [tcp/5432-5432/0.0.0.0/0 tcp/5432-5432/10.30.0.0/16 tcp/5432-5432/" + appSG + "], " +
			"want [tcp/5432-5432/10.30.0.0/16 tcp/5432-5432/" + appSG + "]",
		"security group patients-db sends to [all/0.0.0.0/0], want []",
	}
	if !slices.Equal(d, want) {
		t.Errorf("extra ingress and egress:\n got %q\nwant %q", d, want)
	}

	// The proxy's egress to the database's group revoked out of band.
	noEgress := observed(proxy)
	noEgress.IpPermissionsEgress = nil
	d = secgroup.Drift(proxy, noEgress, resolve, "NET-07")
	want = []string{"security group patients-proxy sends to [], want [tcp/5432-5432/" + dbSG + "] (NET-07)"}
	if !slices.Equal(d, want) {
		t.Errorf("missing egress:\n got %q\nwant %q", d, want)
	}
	for _, l := range d {
		if !strings.HasPrefix(l, "security group ") {
			t.Errorf("drift line %q does not name the security group", l)
		}
	}
}

func TestNewGroupDefaults(t *testing.T) {
	g := secgroup.NewGroupDefaults("sg-1")
	if aws.ToString(g.GroupId) != "sg-1" || len(g.IpPermissions) != 0 {
		t.Fatalf("new group %+v", g)
	}
	var keys []string
	for _, p := range secgroup.Split(g.IpPermissionsEgress) {
		keys = append(keys, secgroup.Key(p))
	}
	if !slices.Equal(keys, []string{"all/0.0.0.0/0"}) {
		t.Errorf("a new group's egress is %q, want the allow-all rule", keys)
	}
}
