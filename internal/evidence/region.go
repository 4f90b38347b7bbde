package evidence

import (
	"maps"
	"regexp"
	"slices"
)

// arnRegion finds the region of a regional ARN.
var arnRegion = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(-[a-z]+)+-\d+):`)

// Region is the region of the first regional ARN among the resource's
// values: its arn, then its other top-level values, then nested ones, in
// name order; "" when none names a region. A resource's own ARNs and keys
// are in its region; what it replicates to is nested.
func (r Resource) Region() string {
	if v, ok := r.Values["arn"].(string); ok {
		if m := arnRegion.FindStringSubmatch(v); m != nil {
			return m[1]
		}
	}
	var nested []any
	for _, k := range slices.Sorted(maps.Keys(r.Values)) {
		switch v := r.Values[k].(type) {
		case string:
			if m := arnRegion.FindStringSubmatch(v); m != nil {
				return m[1]
			}
		case map[string]any, []any:
			nested = append(nested, v)
		}
	}
	for _, v := range nested {
		if region := nestedRegion(v); region != "" {
			return region
		}
	}
	return ""
}

func nestedRegion(v any) string {
	switch v := v.(type) {
	case string:
		if m := arnRegion.FindStringSubmatch(v); m != nil {
			return m[1]
		}
	case []any:
		for _, x := range v {
			if r := nestedRegion(x); r != "" {
				return r
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if r := nestedRegion(v[k]); r != "" {
				return r
			}
		}
	}
	return ""
}
