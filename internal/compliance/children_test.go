package compliance

import (
	"slices"
	"strings"
	"testing"
)

// Every control a child kind declares is one its resource type implements.
func TestChildren_controlsOfTheirResource(t *testing.T) {
	for typ, kinds := range children {
		if len(ForResource(typ)) == 0 {
			t.Errorf("%s declares children but implements no control", typ)
		}
		for _, k := range kinds {
			for _, id := range k.Controls {
				c, ok := Lookup(id)
				if !ok || !slices.Contains(c.Resources, typ) {
					t.Errorf("%s child %q: %s is not a control of %s", typ, k.Kind, id, typ)
				}
			}
			if len(k.Names) == 0 {
				t.Errorf("%s child %q has no name", typ, k.Kind)
			}
		}
	}
}

func TestAttribute(t *testing.T) {
	all := func(typ string) string {
		var ids []string
		for _, c := range ForResource(typ) {
			ids = append(ids, c.ID)
		}
		return strings.Join(ids, " ")
	}
	cases := []struct{ typ, line, want string }{
		{"hipaa_vpc", "flow log flow-log is missing or differs", "NET-09"},
		{"hipaa_vpc", "iam role flow-log/role is missing or differs", "NET-09"},
		{"hipaa_vpc", "role hipaa-vpc-main-flow-logs: trust policy differs", "NET-09"},
		{"hipaa_vpc", "log group /hipaa/vpc/main/flow-logs keeps logs 30 days, want 731", "NET-09 KEY-01 AUD-06"},
		{"hipaa_vpc", "subnet app/us-east-1a auto-assigns public addresses (NET-02)", "NET-02"},
		{"hipaa_vpc", "subnet app/us-east-1a is missing or differs", "NET-01"},
		{"hipaa_vpc", "network acl entry nacl/data/in/100 is missing or differs", "NET-08"},
		{"hipaa_vpc", "route rtb/app/us-east-1a/default is missing or differs", "NET-03 NET-04"},
		{"hipaa_vpc", "nat gateway nat/us-east-1a is missing or differs", "NET-04"},
		{"hipaa_vpc", "endpoint/s3 security groups differ from sg/endpoints only", "NET-10"},
		{"hipaa_vpc", "security group sg/endpoints rules differ", "NET-06 NET-07"},
		{"hipaa_vpc", "the default security group has rules (NET-05)", "NET-05"},
		{"hipaa_vpc", "tags differ: missing team", ""},
		{"hipaa_vpc", "vpc vpc is missing or differs", all("hipaa_vpc")},
		{"hipaa_kms_key", "rotation period is 90 days, want 365", "KEY-02"},
		{"hipaa_kms_key", "key policy differs from the generated least-privilege policy (KEY-01)", "KEY-01"},
		{"hipaa_security_baseline", "bucket hipaa-config-x: policy differs (STO-05)", "DET-03"}, // STO-05 is not the baseline's
		{"hipaa_audit_trail", "role hipaa-audit-a-us-east-1-replication: trust policy differs", "STO-08"},
		{"hipaa_audit_trail", "role hipaa-audit-a-cloudtrail: trust policy differs", "AUD-04"},
	}
	for _, tc := range cases {
		got := Attribute(tc.typ, tc.line)
		if len(got) != 1 || strings.Join(got[0].Controls, " ") != tc.want {
			t.Errorf("%s %q: %+v, want [%s]", tc.typ, tc.line, got, tc.want)
		}
	}
}

// A line that holds "; " itself stays one line; an empty drift is none.
func TestAttribute_continuations(t *testing.T) {
	got := Attribute("hipaa_vpc", "flow log flow-log is missing or differs; role hipaa-vpc-m-flow-logs has inline policies a, b; apply replaces them with the attached managed policy; tags differ: missing a; changed b")
	want := []string{"flow log flow-log is missing or differs", "role hipaa-vpc-m-flow-logs has inline policies a, b; apply replaces them with the attached managed policy",
		"tags differ: missing a; changed b"}
	if len(got) != len(want) {
		t.Fatalf("%d lines: %+v", len(got), got)
	}
	for i, a := range got {
		if a.Line != want[i] {
			t.Errorf("line %d: %q, want %q", i, a.Line, want[i])
		}
	}
	if got := Attribute("hipaa_vpc", ""); len(got) != 0 {
		t.Errorf("empty drift: %+v", got)
	}
}
