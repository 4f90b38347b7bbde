// Package tags builds the tag set every child object carries.
package tags

import "maps"

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
