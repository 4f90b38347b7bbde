package tags

import (
	"maps"
	"slices"
	"strings"
)

// Diff compares the tags an object should carry (want) with the tags it
// carries (have), for a re-tag that changes only what differs. set holds
// the keys to add or change, with their wanted values; remove lists, sorted,
// the keys to delete. Both are empty when the object is in line.
//
// A key AWS reserves ("aws:", in any case) is never removed: AWS sets it
// and refuses to delete it. Nor is a key named in keep: a tag the caller
// sets per object (such as "Name", or ChildKey when want is the set shared
// by every child).
func Diff(want, have map[string]string, keep ...string) (set map[string]string, remove []string) {
	set = map[string]string{}
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			set[k] = v
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok && !hasAWSPrefix(k) && !slices.Contains(keep, k) {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	return set, remove
}

// Describe says, for a drift line, what Diff would change: the keys
// missing, those whose value differs and those not wanted, each sorted;
// "" when the object is in line. It never quotes a value.
func Describe(want, have map[string]string, keep ...string) string {
	set, remove := Diff(want, have, keep...)
	var missing, changed []string
	for _, k := range slices.Sorted(maps.Keys(set)) {
		if _, ok := have[k]; ok {
			changed = append(changed, k)
		} else {
			missing = append(missing, k)
		}
	}
	var parts []string
	for _, p := range []struct {
		what string
		keys []string
	}{{"missing", missing}, {"changed", changed}, {"not wanted", remove}} {
		if len(p.keys) > 0 {
			parts = append(parts, p.what+" "+strings.Join(p.keys, ", "))
		}
	}
	return strings.Join(parts, "; ")
}
