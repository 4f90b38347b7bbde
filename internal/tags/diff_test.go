package tags

import (
	"maps"
	"slices"
	"testing"
)

func TestDiff(t *testing.T) {
	cases := []struct {
		name       string
		want, have map[string]string
		keep       []string
		set        map[string]string
		remove     []string
		describe   string
	}{
		{name: "in line", want: map[string]string{"team": "a", OwnerKey: "o"}, have: map[string]string{"team": "a", OwnerKey: "o"},
			set: map[string]string{}},
		{name: "nothing on either side", set: map[string]string{}},
		{name: "tag change", want: map[string]string{"team": "b", "cost": "c", OwnerKey: "o"},
			have: map[string]string{"team": "a", "env": "x", OwnerKey: "o"},
			set:  map[string]string{"team": "b", "cost": "c"}, remove: []string{"env"},
			describe: "missing cost; changed team; not wanted env"},
		{name: "empty value is a value", want: map[string]string{"team": ""}, have: map[string]string{},
			set: map[string]string{"team": ""}, describe: "missing team"},
		{name: "aws keys are never removed, in any case",
			have: map[string]string{"aws:cloudformation:stack-name": "s", "AWS:x": "y", "Aws:rds:primaryDBInstanceArn": "arn", "awsome": "z"},
			set:  map[string]string{}, remove: []string{"awsome"}, describe: "not wanted awsome"},
		{name: "keep", want: map[string]string{"team": "a"}, have: map[string]string{"team": "a", "Name": "n", ChildKey: "subnet/a", "old": "x"},
			keep: []string{"Name", ChildKey}, set: map[string]string{}, remove: []string{"old"}, describe: "not wanted old"},
		{name: "kept key still set when wanted", want: map[string]string{ChildKey: "vpc"}, have: map[string]string{ChildKey: "other"},
			keep: []string{ChildKey}, set: map[string]string{ChildKey: "vpc"}, describe: "changed hipaa:child"},
		{name: "untagged object", want: map[string]string{"team": "a", OwnerKey: "o"}, have: nil,
			set: map[string]string{"team": "a", OwnerKey: "o"}, describe: "missing hipaa:owner, team"},
		{name: "removed sorted", have: map[string]string{"z": "1", "a": "2", "m": "3"}, set: map[string]string{},
			remove: []string{"a", "m", "z"}, describe: "not wanted a, m, z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, remove := Diff(c.want, c.have, c.keep...)
			if !maps.Equal(set, c.set) || !slices.Equal(remove, c.remove) {
				t.Fatalf("Diff = %v, %q; want %v, %q", set, remove, c.set, c.remove)
			}
			if set == nil {
				t.Fatal("set must never be nil")
			}
			if got := Describe(c.want, c.have, c.keep...); got != c.describe {
				t.Errorf("Describe = %q, want %q", got, c.describe)
			}
		})
	}
}

// Applying a Diff (set, then remove) to have gives want, plus the keys it
// must keep.
func TestDiff_applied(t *testing.T) {
	want := Build(map[string]string{"env": "default"}, map[string]string{"team": "b", "cost": "c"}, Owner("hipaa_database", "pg1"))
	have := Build(nil, map[string]string{"team": "a", "env": "x"}, Owner("hipaa_database", "pg1"))
	have["aws:rds:primaryDBInstanceArn"] = "arn"
	set, remove := Diff(want, have)
	got := maps.Clone(have)
	maps.Copy(got, set)
	for _, k := range remove {
		delete(got, k)
	}
	want["aws:rds:primaryDBInstanceArn"] = "arn"
	if !maps.Equal(got, want) {
		t.Fatalf("after the diff: %v, want %v", got, want)
	}
	if s, r := Diff(want, got); len(s) != 0 || len(r) != 0 {
		t.Fatalf("a second diff must be empty: %v, %q", s, r)
	}
}
