// Package kmskey is the pure spec, checks and key policy of hipaa_kms_key,
// plus the executor and reader that create and observe the key and alias.
package kmskey

import (
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ResourceType is the Terraform type name.
const ResourceType = "hipaa_kms_key"

// Defaults, documented on the resource page (docs/resources/kms_key.md).
const (
	DefaultDeletionWindowDays = 30
	MinDeletionWindowDays     = 7
	MaxDeletionWindowDays     = 30
	DefaultRotationPeriodDays = 365
	MinRotationPeriodDays     = 90
	MaxRotationPeriodDays     = 2560
)

// Spec is the plain, defaulted description of one key.
type Spec struct {
	Name               string // alias name without the "alias/" prefix
	Description        string
	DeletionWindowDays int
	RotationPeriodDays int
	AllowedServices    []string
	AdministratorARNs  []string
	UserARNs           []string
	Tags               map[string]string
	DefaultTags        map[string]string
	Exceptions         []compliance.Exception
}

// NormalizeName strips an "alias/" prefix: "alias/phi" and "phi" name the same key.
func NormalizeName(name string) string { return strings.TrimPrefix(name, "alias/") }

// WithDefaults returns s with defaults applied and lists sorted.
func (s Spec) WithDefaults() Spec {
	s.Name = NormalizeName(s.Name)
	if s.DeletionWindowDays == 0 {
		s.DeletionWindowDays = DefaultDeletionWindowDays
	}
	if s.RotationPeriodDays == 0 {
		s.RotationPeriodDays = DefaultRotationPeriodDays
	}
	if s.Description == "" {
		s.Description = "HIPAA customer-managed key " + s.Name + " (terraform-provider-hipaa)"
	}
	s.AllowedServices = lists.SortedUnique(s.AllowedServices)
	s.AdministratorARNs = lists.SortedUnique(s.AdministratorARNs)
	s.UserARNs = lists.SortedUnique(s.UserARNs)
	return s
}

// AliasName is the full alias: "alias/<name>".
func (s Spec) AliasName() string { return "alias/" + s.Name }

// Owner is the hipaa:owner tag value.
func (s Spec) Owner() string { return tags.Owner(ResourceType, s.Name) }

// Tags is the full tag set the key carries.
func (s Spec) AllTags() map[string]string {
	return tags.Build(s.DefaultTags, s.Tags, s.Owner())
}
