// Package lists holds the small list helpers every resource package uses
// in specs and messages.
package lists

import (
	"slices"
	"strconv"
	"strings"
)

// SortedUnique is in sorted, without repeats; nil stays nil (an unset
// argument), an empty list stays empty.
func SortedUnique[T ~string](in []T) []T {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// Quoted is vs as `"a", "b", "c"`.
func Quoted[T ~string](vs []T) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(string(v))
	}
	return strings.Join(q, ", ")
}

// Ints is vs as `1, 2, 3`.
func Ints(vs []int) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Itoa(v)
	}
	return strings.Join(q, ", ")
}
