package lists

import (
	"slices"
	"testing"
)

func TestSortedUnique(t *testing.T) {
	if got := SortedUnique([]string{"b", "a", "b"}); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("got %v", got)
	}
	if SortedUnique[string](nil) != nil {
		t.Error("nil became non-nil")
	}
	if got := SortedUnique([]string{}); got == nil || len(got) != 0 {
		t.Errorf("empty became %#v", got)
	}
	in := []string{"z", "y"}
	SortedUnique(in)
	if in[0] != "z" {
		t.Error("the input was sorted in place")
	}
}

func TestQuotedInts(t *testing.T) {
	if got := Quoted([]string{"a", `b"c`}); got != `"a", "b\"c"` {
		t.Errorf("Quoted = %s", got)
	}
	if got := Ints([]int{1, 22}); got != "1, 22" {
		t.Errorf("Ints = %s", got)
	}
}
