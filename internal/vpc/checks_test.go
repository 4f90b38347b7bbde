package vpc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

func TestCheck_clean(t *testing.T) {
	for _, s := range []Spec{testSpec(zones(2)...), testSpec(zones(6)...), func() Spec {
		s := testSpec(zones(3)...)
		s.NATGateways = NATNone // no internet at all satisfies "only through a NAT"
		s.DatabasePorts = []int{}
		return s
	}()} {
		if v := Check(s); len(v) != 0 {
			t.Errorf("Check(%v) = %+v", s.AvailabilityZones, v)
		}
	}
}

func TestCheck_violations(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Spec)
		want   []compliance.Violation
	}{
		{"one zone", func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a"} }, []compliance.Violation{{
			Control: "NET-01", Attribute: "availability_zones",
			Detail: `availability_zones has 1 zone ("us-east-1a"): list at least 2 so every tier survives the loss of a zone`}}},
		{"slash 28", func(s *Spec) { s.CIDRBlock = "10.0.0.0/28" }, []compliance.Violation{{
			Control: "NET-01", Attribute: "cidr_block", Hard: true,
			Detail: "cidr_block /28 is too small: each of 3 AZs needs 3 subnets of at least /28; use /24 or larger"}}},
		{"slash 25 two zones", func(s *Spec) { s.CIDRBlock = "10.0.0.0/25"; s.AvailabilityZones = zones(2) }, []compliance.Violation{{
			Control: "NET-01", Attribute: "cidr_block", Hard: true,
			Detail: "cidr_block /25 is too small: each of 2 AZs needs 3 subnets of at least /28; use /24 or larger"}}},
		{"slash 24 zone e", func(s *Spec) { s.CIDRBlock = "10.0.0.0/24"; s.AvailabilityZones = []string{"us-east-1a", "us-east-1e"} }, []compliance.Violation{{
			Control: "NET-01", Attribute: "availability_zones", Hard: true,
			Detail: `"us-east-1e" takes CIDR slot 4 but cidr_block /24 leaves room for 4 public subnets (slots 0-3): use /23 or larger`}}},
		{"newbits too few slots", func(s *Spec) { s.SubnetNewbits = &TierNewbits{Data: 3} }, []compliance.Violation{{
			Control: "NET-01", Attribute: "availability_zones", Hard: true,
			Detail: `"us-east-1c" takes CIDR slot 2 but cidr_block /16 leaves room for 2 data subnets (slots 0-1): use a larger cidr_block or raise subnet_newbits.data`}}},
		{"single NAT", func(s *Spec) { s.NATGateways = NATSingle }, []compliance.Violation{{
			Control: "NET-04", Attribute: "nat_gateways",
			Detail: `nat_gateways is "single": losing its zone cuts every app subnet off the internet; use "one_per_az"`}}},
		{"ssh and rdp ports", func(s *Spec) { s.DatabasePorts = []int{3389, 5432, 22} }, []compliance.Violation{
			{Control: "NET-08", Attribute: "database_ports", Detail: "database_ports includes 22 (SSH), an administration port: list only database ports"},
			{Control: "NET-08", Attribute: "database_ports", Detail: "database_ports includes 3389 (RDP), an administration port: list only database ports"}}},
		{"no key", func(s *Spec) { s.FlowLogs.KMSKeyARN = "" }, []compliance.Violation{
			{Control: "NET-09", Attribute: "flow_logs.kms_key_arn", Detail: "flow_logs.kms_key_arn is not set: the flow log group must be encrypted with a customer-managed key"},
			{Control: "AUD-06", Attribute: "flow_logs.kms_key_arn", Detail: `log group "/hipaa/vpc/prod/flow-logs" would not be KMS-encrypted: set flow_logs.kms_key_arn`}}},
		{"short retention", func(s *Spec) { s.FlowLogs.RetentionDays = 90 }, []compliance.Violation{{
			Control: "NET-09", Attribute: "flow_logs.retention_days", Detail: "flow_logs.retention_days is 90: keep flow logs at least 365 days"}}},
		{"reject only", func(s *Spec) { s.FlowLogs.TrafficType = "REJECT" }, []compliance.Violation{{
			Control: "NET-09", Attribute: "flow_logs.traffic_type", Detail: `traffic_type is "REJECT"`}}},
		{"accept only", func(s *Spec) { s.FlowLogs.TrafficType = "ACCEPT" }, []compliance.Violation{{
			Control: "NET-09", Attribute: "flow_logs.traffic_type", Detail: `traffic_type is "ACCEPT"`}}},
		{"alias arn", func(s *Spec) { s.FlowLogs.KMSKeyARN = "arn:aws:kms:us-east-1:123456789012:alias/phi" }, []compliance.Violation{{
			Control: "NET-09", Attribute: "flow_logs.kms_key_arn", Hard: true,
			Detail: `flow_logs.kms_key_arn "arn:aws:kms:us-east-1:123456789012:alias/phi" is a key alias: an alias can be repointed to another key, including an AWS managed one, so it does not pin a customer managed key; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`}}},
		{"aws managed key", func(s *Spec) { s.FlowLogs.KMSKeyARN = "alias/aws/logs" }, []compliance.Violation{{
			Control: "NET-09", Attribute: "flow_logs.kms_key_arn", Hard: true,
			Detail: `flow_logs.kms_key_arn "alias/aws/logs" is an alias of an AWS managed key: AWS managed keys cannot be restricted by a key policy you control; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testSpec(zones(3)...)
			tc.mutate(&s)
			if got := Check(s); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Check:\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

func TestValidate_clean(t *testing.T) {
	s := testSpec("us-east-1b", "us-east-1a")
	s.InterfaceEndpoints = []string{"ecr.api", "ecr.dkr", "secretsmanager"}
	s.Tags = map[string]string{"env": "prod"}
	s.SubnetNewbits = &TierNewbits{Public: 6, App: 4, Data: 12}
	if errs := Validate(s); len(errs) != 0 {
		t.Fatalf("Validate = %+v", errs)
	}
}

func TestValidate_inputErrors(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Spec)
		attr   string
		detail string
	}{
		{"empty name", func(s *Spec) { s.Name = "" }, "name",
			`name "" is invalid: use 1 to 44 letters, digits, '-' or '_', starting with a letter or digit`},
		{"name with slash", func(s *Spec) { s.Name = "a/b" }, "name",
			`name "a/b" is invalid: use 1 to 44 letters, digits, '-' or '_', starting with a letter or digit`},
		{"name too long", func(s *Spec) { s.Name = strings.Repeat("a", 45) }, "name",
			`name "` + strings.Repeat("a", 45) + `" is invalid: use 1 to 44 letters, digits, '-' or '_', starting with a letter or digit`},
		{"no region", func(s *Spec) { s.Region = "" }, "region", `region "" is not an AWS region name such as "us-east-1"`},
		{"not a cidr", func(s *Spec) { s.CIDRBlock = "10.0.0.0" }, "cidr_block",
			`cidr_block "10.0.0.0" is not an IPv4 CIDR block such as "10.0.0.0/16"`},
		{"ipv6", func(s *Spec) { s.CIDRBlock = "fd00::/56" }, "cidr_block",
			`cidr_block "fd00::/56" is not an IPv4 CIDR block such as "10.0.0.0/16"`},
		{"host bits", func(s *Spec) { s.CIDRBlock = "10.0.0.1/16" }, "cidr_block", `cidr_block "10.0.0.1/16" has host bits set: use "10.0.0.0/16"`},
		{"too large", func(s *Spec) { s.CIDRBlock = "10.0.0.0/12" }, "cidr_block",
			"cidr_block /12 is larger than AWS allows for a VPC: use a prefix from /16 to /24"},
		{"public range", func(s *Spec) { s.CIDRBlock = "100.64.0.0/16" }, "cidr_block",
			`cidr_block "100.64.0.0/16" is not a private (RFC 1918) range: use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`},
		{"just outside 172.16/12", func(s *Spec) { s.CIDRBlock = "172.32.0.0/16" }, "cidr_block",
			`cidr_block "172.32.0.0/16" is not a private (RFC 1918) range: use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`},
		{"no zones", func(s *Spec) { s.AvailabilityZones = nil }, "availability_zones",
			"availability_zones is empty: list at least 2 availability zones"},
		{"duplicate zone", func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a", "us-east-1b", "us-east-1a"} }, "availability_zones",
			`availability zone "us-east-1a" is listed twice`},
		{"bad zone", func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a", "US-EAST-1B"} }, "availability_zones",
			`"US-EAST-1B" is not an availability zone name or ID such as "us-east-1a" or "use1-az1"`},
		{"region as zone", func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a", "us-east-1"} }, "availability_zones",
			`"us-east-1" is not an availability zone name or ID such as "us-east-1a" or "use1-az1"`},
		{"zone past h", func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a", "us-east-1k"} }, "availability_zones",
			`"us-east-1k" cannot be given a CIDR slot: the zone must end in a letter a-h or a number 1-8`},
		{"shared slot", func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a", "use1-az1"} }, "availability_zones",
			`"us-east-1a" and "use1-az1" both take CIDR slot 0: list zones whose names end in different letters or numbers`},
		{"nat mode", func(s *Spec) { s.NATGateways = "two" }, "nat_gateways",
			`nat_gateways "two" is invalid: use one of "one_per_az", "single", "none"`},
		{"port 0", func(s *Spec) { s.DatabasePorts = []int{0, 5432} }, "database_ports", "database_ports includes 0; ports are 1 to 65535"},
		{"port 70000", func(s *Spec) { s.DatabasePorts = []int{70000} }, "database_ports", "database_ports includes 70000; ports are 1 to 65535"},
		{"too many rules", func(s *Spec) { s.DatabasePorts = []int{1, 2, 3, 4, 5, 6, 7} }, "database_ports",
			"3 zones × 7 database ports need 21 inbound rules on the data network ACL; AWS allows 20 by default: list fewer ports"},
		{"key id", func(s *Spec) { s.FlowLogs.KMSKeyARN = "1234abcd" }, "flow_logs.kms_key_arn",
			`flow_logs.kms_key_arn "1234abcd" is not a KMS key ARN: use arn:aws:kms:<region>:<account-id>:key/<key-id>, such as hipaa_kms_key.<name>.arn`},
		{"unknown endpoint service", func(s *Spec) { s.InterfaceEndpoints = []string{"bogus"} }, "interface_endpoints",
			`"bogus" is not an AWS interface endpoint service; use one of: ` + InterfaceServicesHint()},
		{"tag key too long", func(s *Spec) { s.Tags = map[string]string{strings.Repeat("k", 129): "v"} }, "tags",
			`tag key "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"… is 129 characters long; AWS allows at most 128: shorten the key`},
		{"retention 100", func(s *Spec) { s.FlowLogs.RetentionDays = 100 }, "flow_logs.retention_days",
			"flow_logs.retention_days is 100; CloudWatch Logs accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"},
		{"traffic type", func(s *Spec) { s.FlowLogs.TrafficType = "all" }, "flow_logs.traffic_type",
			`flow_logs.traffic_type "all" is invalid: use "ALL"`},
		{"bad service", func(s *Spec) { s.InterfaceEndpoints = []string{"Secrets Manager"} }, "interface_endpoints",
			`"Secrets Manager" is not a service short name such as "secretsmanager" or "ecr.api"`},
		{"duplicate service", func(s *Spec) { s.InterfaceEndpoints = []string{"kms", "logs", "kms"} }, "interface_endpoints",
			`interface_endpoints lists "kms" twice`},
		{"s3 interface", func(s *Spec) { s.InterfaceEndpoints = []string{"s3"} }, "interface_endpoints",
			`"s3" always has a gateway endpoint: remove it from interface_endpoints`},
		{"reserved tag", func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x"} }, "tags", `tag key "hipaa:owner" is set by this provider on every object it creates: remove it from tags, or rename it`},
		{"newbits too small", func(s *Spec) { s.SubnetNewbits = &TierNewbits{Public: 1} }, "subnet_newbits.public",
			"subnet_newbits.public is 1; with cidr_block /16 it must be 2 to 12 (public subnets from /18 to /28)"},
		{"newbits too large", func(s *Spec) { s.CIDRBlock = "10.0.0.0/20"; s.SubnetNewbits = &TierNewbits{App: 9} }, "subnet_newbits.app",
			"subnet_newbits.app is 9; with cidr_block /20 it must be 1 to 8 (app subnets from /21 to /28)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testSpec(zones(3)...)
			tc.mutate(&s)
			want := []InputError{{Attribute: tc.attr, Detail: tc.detail}}
			if got := Validate(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("Validate:\n got  %+v\n want %+v", got, want)
			}
			if _, err := Expand(s); err == nil || !strings.Contains(err.Error(), tc.detail) {
				t.Fatalf("Expand err = %v", err)
			}
		})
	}
}

func TestLayoutViolations_catchBrokenLayouts(t *testing.T) {
	s := testSpec(zones(2)...)
	s.InterfaceEndpoints = []string{"kms"}
	cases := []struct {
		control string
		breakIt func(*Layout)
	}{
		{"NET-02", func(l *Layout) {
			sn := l.Subnets["app/us-east-1a"]
			sn.MapPublicIPOnLaunch = true
			l.Subnets["app/us-east-1a"] = sn
		}},
		{"NET-03", func(l *Layout) {
			addDefaultRoute(l.Routes, "rtb/data/us-east-1a", KindInternetGateway, KeyInternetGateway)
		}},
		{"NET-05", func(l *Layout) { l.DefaultSecurityGroup.Empty = false }},
		{"NET-06", func(l *Layout) { g := l.SecurityGroups[KeyEndpointSecurityGroup]; g.Ingress[0].CIDRBlock = AnyIPv4 }},
		{"NET-07", func(l *Layout) {
			g := l.SecurityGroups[KeyEndpointSecurityGroup]
			g.Egress = []SGRule{{Protocol: "-1", CIDRBlock: AnyIPv4}}
			l.SecurityGroups[KeyEndpointSecurityGroup] = g
		}},
		{"NET-08", func(l *Layout) { n := l.NACLs["nacl/app"]; n.Entries[1].FromPort = 22; n.Entries[1].ToPort = 22 }},
		{"NET-08", func(l *Layout) { n := l.NACLs["nacl/data"]; n.Entries[0].CIDRBlock = "10.0.0.0/16" }},
		{"NET-08", func(l *Layout) { n := l.NACLs["nacl/data"]; n.SubnetKeys = n.SubnetKeys[:1]; l.NACLs["nacl/data"] = n }},
		{"NET-10", func(l *Layout) { delete(l.Endpoints, "endpoint/dynamodb") }},
		{"NET-10", func(l *Layout) {
			e := l.Endpoints["endpoint/kms"]
			e.PrivateDNS = false
			l.Endpoints["endpoint/kms"] = e
		}},
	}
	for _, tc := range cases {
		t.Run(tc.control, func(t *testing.T) {
			l := mustExpand(t, s)
			tc.breakIt(&l)
			v := LayoutViolations(l)
			if len(v) == 0 || v[0].Control != tc.control || !v[0].Hard || !strings.HasPrefix(v[0].Detail, "layout: ") {
				t.Fatalf("LayoutViolations = %+v", v)
			}
		})
	}
}
