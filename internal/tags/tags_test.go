package tags

import "testing"

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
