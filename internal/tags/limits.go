package tags

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AWS's limits on a user tag, shared by every service this provider calls
// (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
// Lengths count Unicode characters, not bytes.
const (
	MaxKeyLength   = 128
	MaxValueLength = 256
	// AWSPrefix starts the keys AWS reserves for itself; compared
	// case-insensitively.
	AWSPrefix = "aws:"
	// AllowedPunctuation is allowed in keys and values besides Unicode
	// letters, numbers and space separators.
	AllowedPunctuation = "_.:/=+-@"
	// MaxTags is the most tags AWS allows on one resource; the provider's
	// own keys (ManagedByKey, OwnerKey, ChildKey) count towards it.
	MaxTags = 50
	// MaxUserTags is how many default and resource tags together fit
	// beside the provider's own keys.
	MaxUserTags = MaxTags - 3
)

// quoteMax is how many characters of an over-long key a sentence quotes.
const quoteMax = 40

// allowedRune reports whether AWS allows r in a tag key or value: the
// character class [\p{L}\p{Z}\p{N}_.:/=+\-@]. Tabs and newlines are not in
// \p{Z}, so they are refused.
func allowedRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z) ||
		strings.ContainsRune(AllowedPunctuation, r)
}

// badRunes lists, in order of first appearance, the characters of s that
// AWS does not allow, each quoted: `'#', '*'`.
func badRunes(s string) string {
	var bad []string
	for _, r := range s {
		if q := strconv.QuoteRune(r); !allowedRune(r) && !slices.Contains(bad, q) {
			bad = append(bad, q)
		}
	}
	return strings.Join(bad, ", ")
}

// quoteKey quotes k for a sentence, shortened when it is over-long.
func quoteKey(k string) string {
	if utf8.RuneCountInString(k) <= quoteMax {
		return strconv.Quote(k)
	}
	r := []rune(k)
	return strconv.Quote(string(r[:quoteMax])) + "…"
}

// CountProblem returns a sentence when n default and resource tags
// together leave no room for the provider's own keys, or "".
func CountProblem(n int) string {
	if n <= MaxUserTags {
		return ""
	}
	return fmt.Sprintf("%d tags are set (default tags and tags together); AWS allows %d per resource and this provider adds %d of its own: remove %d",
		n, MaxTags, MaxTags-MaxUserTags, n-MaxUserTags)
}
