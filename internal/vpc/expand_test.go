package vpc

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type expandCase struct {
	spec   Spec
	counts map[Kind]int
	cidrs  map[string]string // subnet key -> CIDR
}

// baseCounts is the child count per kind of n zones with the defaults
// (NAT per AZ, two database ports, no interface endpoints, no HTTP).
func baseCounts(n int) map[Kind]int {
	return map[Kind]int{
		KindVPC: 1, KindDefaultSecurityGroup: 1, KindInternetGateway: 1,
		KindLogGroup: 1, KindIAMRole: 1, KindIAMPolicy: 1, KindIAMRolePolicyAttachment: 1, KindFlowLog: 1,
		KindSubnet: 3 * n, KindNetworkACL: 3, KindNetworkACLEntry: 7 + 5 + 3*n, KindNetworkACLAssociation: 3 * n,
		KindRouteTable: 1 + 2*n, KindEIP: n, KindNATGateway: n, KindRoute: 1 + n, KindRouteTableAssociation: 3 * n,
		KindVPCEndpoint: 2,
	}
}

func runExpandCase(t *testing.T, tc expandCase) {
	t.Helper()
	l := mustExpand(t, tc.spec)
	checkInvariants(t, tc.spec, l)
	if got := l.Count(); !maps.Equal(got, tc.counts) {
		t.Errorf("Count() = %v\nwant      %v", got, tc.counts)
	}
	for k, want := range tc.cidrs {
		if got := l.Subnets[k].CIDRBlock; got != want {
			t.Errorf("subnet %s = %s, want %s", k, got, want)
		}
	}
}

func TestExpand_2AZ(t *testing.T) {
	runExpandCase(t, expandCase{spec: testSpec("us-east-1b", "us-east-1a"), counts: baseCounts(2), cidrs: map[string]string{
		"public/us-east-1a": "10.0.0.0/21", "public/us-east-1b": "10.0.8.0/21",
		"data/us-east-1a": "10.0.64.0/21", "data/us-east-1b": "10.0.72.0/21",
		"app/us-east-1a": "10.0.128.0/20", "app/us-east-1b": "10.0.144.0/20",
	}})
}

func TestExpand_3AZ(t *testing.T) {
	runExpandCase(t, expandCase{spec: testSpec(zones(3)...), counts: baseCounts(3), cidrs: map[string]string{
		"public/us-east-1c": "10.0.16.0/21", "data/us-east-1c": "10.0.80.0/21", "app/us-east-1c": "10.0.160.0/20",
	}})
}

func TestExpand_4AZ(t *testing.T) {
	s := testSpec("us-east-1a", "us-east-1c", "us-east-1d", "us-east-1f") // slots 0, 2, 3, 5
	s.CIDRBlock = "172.16.0.0/18"
	runExpandCase(t, expandCase{spec: s, counts: baseCounts(4), cidrs: map[string]string{
		"public/us-east-1a": "172.16.0.0/23", "public/us-east-1f": "172.16.10.0/23",
		"data/us-east-1c": "172.16.20.0/23", "app/us-east-1d": "172.16.44.0/22", "app/us-east-1f": "172.16.52.0/22",
	}})
}

func TestExpand_6AZ(t *testing.T) {
	s := testSpec(zones(6)...)
	s.CIDRBlock = "192.168.16.0/20"
	runExpandCase(t, expandCase{spec: s, counts: baseCounts(6), cidrs: map[string]string{
		"public/us-east-1a": "192.168.16.0/25", "public/us-east-1f": "192.168.18.128/25",
		"data/us-east-1a": "192.168.20.0/25", "app/us-east-1a": "192.168.24.0/24", "app/us-east-1f": "192.168.29.0/24",
	}})
}

func TestExpand_slash24(t *testing.T) {
	s := testSpec(zones(4)...)
	s.CIDRBlock = "192.168.10.0/24"
	runExpandCase(t, expandCase{spec: s, counts: baseCounts(4), cidrs: map[string]string{
		"public/us-east-1a": "192.168.10.0/28", "public/us-east-1d": "192.168.10.48/28",
		"data/us-east-1a": "192.168.10.64/28", "data/us-east-1d": "192.168.10.112/28",
		"app/us-east-1a": "192.168.10.128/27", "app/us-east-1d": "192.168.10.224/27",
	}})
	if nb := mustExpand(t, s).SubnetNewbits; nb != (TierNewbits{Public: 4, App: 3, Data: 4}) {
		t.Fatalf("newbits = %+v", nb)
	}
	s.AvailabilityZones = zones(5)
	if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), `"us-east-1e" takes CIDR slot 4`) {
		t.Fatalf("5 zones in a /24: err = %v", err)
	}
}

func TestExpand_subnetNewbits(t *testing.T) {
	s := testSpec(zones(2)...)
	s.SubnetNewbits = &TierNewbits{App: 3} // app /19: 4 slots in the second half
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	if got := l.Subnets["app/us-east-1b"].CIDRBlock; got != "10.0.160.0/19" {
		t.Fatalf("app/us-east-1b = %s", got)
	}
	if got := l.Subnets["public/us-east-1b"].CIDRBlock; got != "10.0.8.0/21" {
		t.Fatalf("public/us-east-1b = %s (defaults must stay)", got)
	}
	s.AvailabilityZones = zones(5)
	if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), "raise subnet_newbits.app") {
		t.Fatalf("5 zones, 4 app slots: err = %v", err)
	}
}

func TestExpand_zoneIDs(t *testing.T) {
	s := testSpec("use1-az4", "use1-az1")
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	if l.Subnets["app/use1-az4"].Slot != 3 || !IsZoneID("use1-az4") || IsZoneID("us-east-1a") {
		t.Fatalf("slot = %d", l.Subnets["app/use1-az4"].Slot)
	}
}

func TestExpand_natSingle(t *testing.T) {
	s := testSpec("us-east-1c", "us-east-1b")
	s.NATGateways = NATSingle
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	if got := slices.Sorted(maps.Keys(l.NATs)); !slices.Equal(got, []string{"nat/us-east-1b"}) || len(l.EIPs) != 1 {
		t.Fatalf("NATs = %v, EIPs = %v", got, l.EIPs)
	}
	for _, az := range s.AvailabilityZones {
		if r := l.Routes[DefaultRouteKey(RouteTableKey(TierApp, az))]; r.TargetKey != "nat/us-east-1b" || r.TargetKind != KindNATGateway {
			t.Fatalf("app route of %s = %+v", az, r)
		}
	}
}

func TestExpand_natNone(t *testing.T) {
	s := testSpec(zones(3)...)
	s.NATGateways = NATNone
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	if len(l.NATs) != 0 || len(l.EIPs) != 0 {
		t.Fatalf("NATs = %v EIPs = %v", l.NATs, l.EIPs)
	}
	if got := slices.Sorted(maps.Keys(l.Routes)); !slices.Equal(got, []string{"rtb/public/default"}) {
		t.Fatalf("routes = %v", got)
	}
}

func TestExpand_dataTierHasNoRouteOffVPC(t *testing.T) {
	l := mustExpand(t, testSpec(zones(3)...))
	for k, r := range l.Routes {
		if l.RouteTables[r.RouteTableKey].Tier == TierData {
			t.Fatalf("data route %s", k)
		}
	}
}

func TestExpand_allowHTTP(t *testing.T) {
	s := testSpec(zones(2)...)
	plain := mustExpand(t, s)
	s.AllowHTTP = true
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	added := map[string]NACLEntry{}
	for _, n := range l.NACLs {
		for _, e := range n.Entries {
			added[e.Key] = e
		}
	}
	for _, n := range plain.NACLs {
		for _, e := range n.Entries {
			if added[e.Key] != e {
				t.Fatalf("allow_http changed %s", e.Key)
			}
			delete(added, e.Key)
		}
	}
	if got := slices.Sorted(maps.Keys(added)); !slices.Equal(got, []string{"nacl/app/out/120", "nacl/public/in/110", "nacl/public/out/120"}) {
		t.Fatalf("allow_http added %v", got)
	}
	for _, e := range added {
		if e.FromPort != 80 || e.ToPort != 80 || e.CIDRBlock != AnyIPv4 {
			t.Fatalf("http entry %+v", e)
		}
	}
}

func TestExpand_publicAndAppNACLs(t *testing.T) {
	l := mustExpand(t, testSpec(zones(2)...))
	want := map[string]NACLEntry{
		"nacl/public/in/100":  {RuleNumber: 100, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 443, ToPort: 443},
		"nacl/public/in/120":  {RuleNumber: 120, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 1024, ToPort: 3388},
		"nacl/public/in/130":  {RuleNumber: 130, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 3390, ToPort: 65535},
		"nacl/public/in/140":  {RuleNumber: 140, Protocol: ProtocolAll, CIDRBlock: "10.0.0.0/16"},
		"nacl/public/out/100": {RuleNumber: 100, Egress: true, Protocol: ProtocolAll, CIDRBlock: "10.0.0.0/16"},
		"nacl/public/out/110": {RuleNumber: 110, Egress: true, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 443, ToPort: 443},
		"nacl/public/out/130": {RuleNumber: 130, Egress: true, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 1024, ToPort: 65535},
		"nacl/app/in/100":     {RuleNumber: 100, Protocol: ProtocolAll, CIDRBlock: "10.0.0.0/16"},
		"nacl/app/in/110":     {RuleNumber: 110, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 1024, ToPort: 3388},
		"nacl/app/in/120":     {RuleNumber: 120, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 3390, ToPort: 65535},
		"nacl/app/out/100":    {RuleNumber: 100, Egress: true, Protocol: ProtocolAll, CIDRBlock: "10.0.0.0/16"},
		"nacl/app/out/110":    {RuleNumber: 110, Egress: true, Protocol: ProtocolTCP, CIDRBlock: AnyIPv4, FromPort: 443, ToPort: 443},
	}
	for _, tier := range []Tier{TierPublic, TierApp} {
		for _, e := range l.NACLs[NACLKey(tier)].Entries {
			w, ok := want[e.Key]
			w.Key, w.Action = e.Key, ActionAllow
			if !ok || e != w {
				t.Errorf("%s = %+v, want %+v", e.Key, e, w)
			}
			delete(want, e.Key)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing entries %v", slices.Sorted(maps.Keys(want)))
	}
}

func TestExpand_dataNACL(t *testing.T) {
	s := testSpec("us-east-1a", "us-east-1c")
	s.DatabasePorts = []int{5432, 3306, 5432}
	l := mustExpand(t, s)
	var got []string
	for _, e := range l.NACLs[NACLKey(TierData)].Entries {
		got = append(got, e.Key+" "+e.CIDRBlock+" "+strconvPorts(e))
	}
	want := []string{
		"nacl/data/in/100 10.0.128.0/20 3306", "nacl/data/in/120 10.0.160.0/20 3306",
		"nacl/data/in/180 10.0.128.0/20 5432", "nacl/data/in/200 10.0.160.0/20 5432",
		"nacl/data/out/100 10.0.128.0/20 1024-65535", "nacl/data/out/120 10.0.160.0/20 1024-65535",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("data entries:\n got  %q\n want %q", got, want)
	}
	s.DatabasePorts = []int{}
	l = mustExpand(t, s)
	checkInvariants(t, s, l)
	for _, e := range l.NACLs[NACLKey(TierData)].Entries {
		if !e.Egress {
			t.Fatalf("no database ports, yet %s", e.Key)
		}
	}
}

func strconvPorts(e NACLEntry) string {
	if e.FromPort == e.ToPort {
		return strconv.Itoa(e.FromPort)
	}
	return strconv.Itoa(e.FromPort) + "-" + strconv.Itoa(e.ToPort)
}

func TestExpand_endpoints(t *testing.T) {
	s := testSpec(zones(2)...)
	s.Region = "eu-west-1"
	s.InterfaceEndpoints = []string{"sts", "ecr.api", "kms"}
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	if got := slices.Sorted(maps.Keys(l.Endpoints)); !slices.Equal(got, []string{
		"endpoint/dynamodb", "endpoint/ecr.api", "endpoint/kms", "endpoint/s3", "endpoint/sts"}) {
		t.Fatalf("endpoints = %v", got)
	}
	ecr := l.Endpoints["endpoint/ecr.api"]
	want := Endpoint{Key: "endpoint/ecr.api", Service: "ecr.api", ServiceName: "com.amazonaws.eu-west-1.ecr.api",
		Type: EndpointInterface, SubnetKeys: []string{"app/us-east-1a", "app/us-east-1b"}, SecurityGroupKey: "sg/endpoints", PrivateDNS: true}
	if !reflect.DeepEqual(ecr, want) {
		t.Fatalf("ecr.api = %+v", ecr)
	}
	s3 := l.Endpoints["endpoint/s3"]
	if s3.Type != EndpointGateway || !slices.Equal(s3.RouteTableKeys, []string{
		"rtb/app/us-east-1a", "rtb/app/us-east-1b", "rtb/data/us-east-1a", "rtb/data/us-east-1b"}) {
		t.Fatalf("s3 = %+v", s3)
	}
	sg := l.SecurityGroups["sg/endpoints"]
	if len(sg.Egress) != 0 || len(sg.Ingress) != 1 || sg.Ingress[0] != (SGRule{"tcp", 443, 443, "10.0.0.0/16", "HTTPS from the VPC"}) {
		t.Fatalf("sg/endpoints = %+v", sg)
	}
	if sg.GroupName != "hipaa-vpc-prod-endpoints" {
		t.Fatalf("group name = %q", sg.GroupName)
	}
	if len(mustExpand(t, testSpec(zones(2)...)).SecurityGroups) != 0 {
		t.Fatal("sg/endpoints without interface endpoints")
	}
}

func TestExpand_flowLogAndDefaults(t *testing.T) {
	s := testSpec(zones(2)...)
	s.RetainFlowLogsOnDestroy = true
	l := mustExpand(t, s)
	want := FlowLog{Key: "flow-log", TrafficType: "ALL", MaxAggregationInterval: 600,
		LogGroupKey: "flow-log/log-group", LogGroupName: "/hipaa/vpc/prod/flow-logs", RetentionDays: 365,
		KMSKeyARN: testKeyARN, RetainOnDestroy: true,
		RoleKey: "flow-log/role", RoleName: "hipaa-vpc-prod-flow-logs",
		RolePolicyKey: "flow-log/role/policy", RolePolicyName: "hipaa-vpc-prod-flow-logs-flow-logs-delivery",
		RoleAttachmentKey: "flow-log/role/policy/attachment"}
	if l.FlowLog != want {
		t.Fatalf("flow log = %+v", l.FlowLog)
	}
	if l.Version != 1 || !l.DefaultSecurityGroup.Empty || !l.VPC.EnableDNSHostnames || !l.VPC.EnableDNSSupport {
		t.Fatalf("layout = %+v", l)
	}
	for k, sn := range l.Subnets {
		if sn.MapPublicIPOnLaunch || sn.AssignIPv6AddressOnCreation {
			t.Fatalf("subnet %s auto-assigns", k)
		}
	}
}

func TestExpand_tags(t *testing.T) {
	s := testSpec(zones(2)...)
	s.DefaultTags = map[string]string{"env": "default", "team": "platform"}
	s.Tags = map[string]string{"env": "prod", "Name": "ignored"}
	l := mustExpand(t, s)
	got := l.Tags("public/us-east-1a")
	want := map[string]string{"env": "prod", "team": "platform", "Name": "prod-public-us-east-1a",
		"hipaa:managed-by": "terraform-provider-hipaa", "hipaa:owner": "hipaa_vpc/prod", "hipaa:child": "public/us-east-1a"}
	if !maps.Equal(got, want) {
		t.Fatalf("tags = %v", got)
	}
	for key, name := range map[string]string{"vpc": "prod", "rtb/app/us-east-1b": "prod-rtb-app-us-east-1b",
		"nat/us-east-1a": "prod-nat-us-east-1a", "nacl/data": "prod-nacl-data", "endpoint/s3": "prod-endpoint-s3"} {
		if n := l.Tags(key)["Name"]; n != name {
			t.Errorf("Name of %s = %q, want %q", key, n, name)
		}
	}
	if l.BaseTags["Name"] != "ignored" || l.Tags("vpc")["hipaa:child"] != "vpc" {
		t.Fatalf("base tags = %v", l.BaseTags)
	}
}

func TestExpand_refusesInvalidInput(t *testing.T) {
	s := testSpec(zones(2)...)
	s.CIDRBlock = "100.64.0.0/16"
	s.NATGateways = "two"
	_, err := Expand(s)
	if err == nil || !strings.Contains(err.Error(), `expanding hipaa_vpc "prod": cidr_block: cidr_block "100.64.0.0/16" is not a private`) ||
		!strings.Contains(err.Error(), `nat_gateways "two" is invalid`) {
		t.Fatalf("err = %v", err)
	}
}

func TestExpand_waivableViolationsStillExpand(t *testing.T) {
	s := testSpec("us-east-1a")
	s.FlowLogs = FlowLogs{RetentionDays: 30, TrafficType: "REJECT"}
	s.NATGateways = NATSingle
	l := mustExpand(t, s)
	checkInvariants(t, s, l)
	if l.FlowLog.KMSKeyARN != "" || l.FlowLog.TrafficType != "REJECT" || len(l.NATs) != 1 {
		t.Fatalf("flow log = %+v", l.FlowLog)
	}
}

func TestExpand_deterministic(t *testing.T) {
	s := testSpec("us-east-1c", "us-east-1a", "us-east-1b")
	s.InterfaceEndpoints = []string{"logs", "kms"}
	a, b := mustExpand(t, s), mustExpand(t, s)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(a.Children(), b.Children()) {
		t.Fatal("two expansions differ")
	}
}
