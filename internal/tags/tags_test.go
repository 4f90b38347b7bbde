package tags

import (
	"slices"
	"strings"
	"testing"
)

func TestBuild_precedence(t *testing.T) {
	got := Build(map[string]string{"env": "default", "team": "x", OwnerKey: "spoof"}, map[string]string{"env": "prod"}, Owner("hipaa_vpc", "prod"))
	want := map[string]string{"env": "prod", "team": "x", ManagedByKey: ManagedByValue, OwnerKey: "hipaa_vpc/prod"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	c := WithChild(got, "app/us-east-1a")
	if c[ChildKey] != "app/us-east-1a" || got[ChildKey] != "" {
		t.Fatal("WithChild must copy")
	}
	if !IsReserved(OwnerKey) || IsReserved("env") {
		t.Fatal("IsReserved")
	}
}

func TestEntryProblems_limits(t *testing.T) {
	rep := strings.Repeat
	cases := []struct {
		name, k, v string
		want       []string // substrings, one per expected sentence, in order
	}{
		{"plain", "env", "prod", nil},
		{"allowed punctuation and space", "a_b.c:d/e=f+g-h@i j", "x_y.z:/=+-@ 1", nil},
		{"unicode letters and digits", "Ärzte-数据", "Ωμέγα ٣", nil},
		{"empty value", "env", "", nil},
		{"key 128", rep("k", 128), "v", nil},
		{"key 129", rep("k", 129), "v", []string{"is 129 characters long; AWS allows at most 128: shorten the key"}},
		{"key 128 multi-byte", rep("é", 128), "v", nil},
		{"key 129 multi-byte", rep("é", 129), "v", []string{"is 129 characters long"}},
		{"key empty", "", "v", []string{`tag key "" is empty`}},
		{"value 256", "k", rep("v", 256), nil},
		{"value 257", "k", rep("v", 257), []string{`the value of tag "k" is 257 characters long; AWS allows at most 256: shorten the value`}},
		{"value 256 multi-byte", "k", rep("日", 256), nil},
		{"value 257 multi-byte", "k", rep("日", 257), []string{"is 257 characters long"}},
		{"aws prefix", "aws:x", "v", []string{`tag key "aws:x" starts with "aws:", a prefix AWS reserves`}},
		{"AWS prefix any case", "AWS:x", "v", []string{`starts with "AWS:"`}},
		{"aws without colon", "awsome", "v", nil},
		{"aws: in value", "k", "aws:x", nil},
		{"reserved owner", OwnerKey, "v", []string{`tag key "hipaa:owner" is set by this provider`}},
		{"reserved managed-by", ManagedByKey, "v", []string{"set by this provider"}},
		{"reserved child", ChildKey, "v", []string{"set by this provider"}},
		{"other hipaa key", "hipaa:team", "v", nil},
		{"hash in key", "a#b", "v", []string{`tag key "a#b" contains '#', which AWS does not allow`}},
		{"star in value", "k", "a*b*c", []string{`the value of tag "k" contains '*', which AWS does not allow`}},
		{"tab", "k", "a\tb", []string{`contains '\t'`}},
		{"several bad", "a#b*c#", "v", []string{`contains '#', '*',`}},
		{"every problem", "AWS:" + rep("#", 126), rep("*", 257), []string{
			"is 130 characters long", `starts with "AWS:"`, "contains '#'", "is 257 characters long", "contains '*'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := EntryProblems(c.k, c.v)
			if len(got) != len(c.want) {
				t.Fatalf("EntryProblems(%q, %q) = %q, want %d sentences", c.k, c.v, got, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("sentence %d = %q, want it to contain %q", i, got[i], w)
				}
			}
			if m := Problems(map[string]string{c.k: c.v}); !slices.Equal(m, got) {
				t.Errorf("Problems = %q, EntryProblems = %q", m, got)
			}
		})
	}
}

func TestProblems_sortedByKey(t *testing.T) {
	got := Problems(map[string]string{"z#": "ok", "env": "prod", "aws:a": "x*", OwnerKey: "x"})
	want := []string{`tag key "aws:a" starts`, `the value of tag "aws:a" contains '*'`, `tag key "hipaa:owner" is set`, `tag key "z#" contains '#'`}
	if len(got) != len(want) {
		t.Fatalf("Problems = %q", got)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("sentence %d = %q, want prefix %q", i, got[i], w)
		}
	}
	if Problems(nil) != nil || Problems(map[string]string{"env": "prod"}) != nil {
		t.Error("accepted tags must give nil")
	}
}

func TestProblems_longKeyQuotedShort(t *testing.T) {
	got := KeyProblems(strings.Repeat("k", 100000))
	if len(got) != 1 || len(got[0]) > 200 || !strings.Contains(got[0], `"`+strings.Repeat("k", 40)+`"…`) {
		t.Fatalf("KeyProblems = %q", got)
	}
	if got := ValueProblems("k", strings.Repeat("secret", 100)); len(got) != 1 || strings.Contains(got[0], "secret") {
		t.Fatalf("ValueProblems must not quote the value: %q", got)
	}
}

func TestCountProblem(t *testing.T) {
	if CountProblem(MaxUserTags) != "" || CountProblem(0) != "" {
		t.Error("47 tags fit")
	}
	if got := CountProblem(MaxUserTags + 1); !strings.Contains(got, "48 tags are set") || !strings.Contains(got, "remove 1") {
		t.Errorf("CountProblem(48) = %q", got)
	}
}

func TestUserTags(t *testing.T) {
	all := map[string]string{
		"team": "data", "env": "prod", "cost": "", // user tags, one with an empty value
		"owner":  "platform", // a default tag, unchanged: not the user's
		"region": "eu",       // a default tag the resource overrides: the user's
		OwnerKey: "hipaa_vpc/prod", ManagedByKey: ManagedByValue, ChildKey: "vpc",
		"aws:cloudformation:stack-name": "s", "AWS:Foo": "x", "Aws:bar": "y", // AWS's, in any case
		"Name": "prod", // set by the package
	}
	defaults := map[string]string{"owner": "platform", "region": "us"}
	got := UserTags(all, defaults, "Name")
	want := map[string]string{"team": "data", "env": "prod", "cost": "", "region": "eu"}
	if len(got) != len(want) {
		t.Fatalf("UserTags = %v, want %v", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %q (present %v), want %q", k, g, ok, v)
		}
	}
	if got := UserTags(map[string]string{"Name": "x"}, nil); got["Name"] != "x" {
		t.Errorf("Name is a user tag unless the package sets it: %v", got)
	}
	if got := UserTags(nil, nil); got == nil || len(got) != 0 {
		t.Errorf("UserTags(nil) = %#v, want an empty map", got)
	}
}
