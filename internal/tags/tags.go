// Package tags builds the tag set every child object carries and checks
// user tags against AWS's limits.
package tags

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Keys the provider sets on every child.
const (
	ManagedByKey   = "hipaa:managed-by"
	ManagedByValue = "terraform-provider-hipaa"
	OwnerKey       = "hipaa:owner"
	ChildKey       = "hipaa:child"
)

// Owner is the hipaa:owner value for a resource instance: "hipaa_vpc/prod".
func Owner(resourceType, name string) string { return resourceType + "/" + name }

// Build merges provider default tags, then the resource's own tags, then the
// provider's managed-by and owner tags, which always win.
func Build(defaults, user map[string]string, owner string) map[string]string {
	out := make(map[string]string, len(defaults)+len(user)+2)
	maps.Copy(out, defaults)
	maps.Copy(out, user)
	out[ManagedByKey] = ManagedByValue
	out[OwnerKey] = owner
	return out
}

// WithChild returns a copy of t with the hipaa:child key set, so a child
// can be matched to its layout key when discovered by owner tag.
func WithChild(t map[string]string, key string) map[string]string {
	out := maps.Clone(t)
	if out == nil {
		out = map[string]string{}
	}
	out[ChildKey] = key
	return out
}

// IsReserved reports whether a user tag key collides with the provider's own.
func IsReserved(key string) bool {
	return key == ManagedByKey || key == OwnerKey || key == ChildKey
}

// Problems checks user tags against AWS's limits and the provider's reserved
// keys. It returns one sentence per problem, sorted by key, each naming the
// key and what to change; nil when every tag is accepted. It is the one
// tag-validation function: callers whose map has unknown values check the
// known entries with EntryProblems and the rest with KeyProblems.
func Problems(m map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, EntryProblems(k, m[k])...)
	}
	return out
}

// EntryProblems checks one tag: KeyProblems, then ValueProblems.
func EntryProblems(k, v string) []string {
	return append(KeyProblems(k), ValueProblems(k, v)...)
}

// KeyProblems checks a tag key alone: 1 to MaxKeyLength characters, not
// reserved by this provider, no "aws:" prefix, only allowed characters.
func KeyProblems(k string) []string {
	var out []string
	q := quoteKey(k)
	if n := utf8.RuneCountInString(k); n == 0 {
		out = append(out, fmt.Sprintf(`tag key "" is empty: give every tag a key of 1 to %d characters`, MaxKeyLength))
	} else if n > MaxKeyLength {
		out = append(out, fmt.Sprintf("tag key %s is %d characters long; AWS allows at most %d: shorten the key", q, n, MaxKeyLength))
	}
	switch {
	case IsReserved(k):
		out = append(out, fmt.Sprintf("tag key %s is set by this provider on every object it creates: remove it from tags, or rename it", q))
	case hasAWSPrefix(k):
		out = append(out, fmt.Sprintf("tag key %s starts with %q, a prefix AWS reserves for its own tags: rename the key", q, k[:len(AWSPrefix)]))
	}
	if bad := badRunes(k); bad != "" {
		out = append(out, fmt.Sprintf("tag key %s contains %s, which AWS does not allow in tags: use only letters, digits, spaces and %s",
			q, bad, spaced(AllowedPunctuation)))
	}
	return out
}

// ValueProblems checks the value v of tag key k: at most MaxValueLength
// characters (it may be empty), only allowed characters. Sentences name the
// key, never quote the value.
func ValueProblems(k, v string) []string {
	var out []string
	q := quoteKey(k)
	if n := utf8.RuneCountInString(v); n > MaxValueLength {
		out = append(out, fmt.Sprintf("the value of tag %s is %d characters long; AWS allows at most %d: shorten the value", q, n, MaxValueLength))
	}
	if bad := badRunes(v); bad != "" {
		out = append(out, fmt.Sprintf("the value of tag %s contains %s, which AWS does not allow in tags: use only letters, digits, spaces and %s",
			q, bad, spaced(AllowedPunctuation)))
	}
	return out
}

// spaced writes "_.:" as "_ . :".
func spaced(s string) string { return strings.Join(strings.Split(s, ""), " ") }

// UserTags are the tags a user set on an object, as read back by import:
// all without the provider's own keys (IsReserved), without the keys AWS
// reserves ("aws:", compared case-insensitively), without the keys the
// resource's package sets itself (setByPackage, such as "Name"), and
// without the provider's default tags whose value is unchanged. It is the
// one filter every import uses; the result is never nil.
func UserTags(all, defaults map[string]string, setByPackage ...string) map[string]string {
	out := map[string]string{}
	for k, v := range all {
		if IsReserved(k) || hasAWSPrefix(k) || slices.Contains(setByPackage, k) {
			continue
		}
		if d, ok := defaults[k]; ok && d == v {
			continue
		}
		out[k] = v
	}
	return out
}

// hasAWSPrefix reports whether k starts with AWSPrefix, in any case.
func hasAWSPrefix(k string) bool {
	return len(k) >= len(AWSPrefix) && strings.EqualFold(k[:len(AWSPrefix)], AWSPrefix)
}
