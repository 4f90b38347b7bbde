package kmskey

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
)

// blankers blank each argument of hipaa_kms_key's schema as the provider's
// conversion does for an unknown value: the zero value, nil for a
// collection (before WithDefaults).
var blankers = compliancetest.Blankers[Spec]{
	"name":                 func(s *Spec) { s.Name = "" },
	"description":          func(s *Spec) { s.Description = "" },
	"deletion_window_days": func(s *Spec) { s.DeletionWindowDays = 0 },
	"rotation_period_days": func(s *Spec) { s.RotationPeriodDays = 0 },
	"allowed_services":     func(s *Spec) { s.AllowedServices = nil },
	"administrator_arns":   func(s *Spec) { s.AdministratorARNs = nil },
	"user_arns":            func(s *Spec) { s.UserARNs = nil },
	"tags":                 func(s *Spec) { s.Tags = nil },
	"exceptions":           func(s *Spec) { s.Exceptions = nil },
}

// mutations each set one argument to a valid or an invalid value; random
// specs combine them.
var mutations = []func(*Spec){
	func(s *Spec) { s.Name = "alias/app-keys" },
	func(s *Spec) { s.Name = "aws/rds" },
	func(s *Spec) { s.Name = "bad name" },
	func(s *Spec) { s.Name = strings.Repeat("n", 300) },
	func(s *Spec) { s.Description = "PHI key" },
	func(s *Spec) { s.Description = strings.Repeat("d", MaxDescriptionLength+1) },
	func(s *Spec) { s.DeletionWindowDays = 7 },
	func(s *Spec) { s.DeletionWindowDays = 3 },
	func(s *Spec) { s.DeletionWindowDays = 31 },
	func(s *Spec) { s.RotationPeriodDays = 90 },
	func(s *Spec) { s.RotationPeriodDays = 30 },
	func(s *Spec) { s.RotationPeriodDays = 730 },
	func(s *Spec) { s.RotationPeriodDays = 3000 },
	func(s *Spec) { s.AllowedServices = nil },
	func(s *Spec) { s.AllowedServices = []string{"s3", "cloudtrail"} },
	func(s *Spec) { s.AllowedServices = []string{"rds", "telepathy"} },
	func(s *Spec) { s.AdministratorARNs = []string{"arn:aws:iam::123456789012:role/admin"} },
	func(s *Spec) { s.AdministratorARNs = []string{"*"} },
	func(s *Spec) { s.AdministratorARNs = []string{"arn:aws:iam::1:role/x"} },
	func(s *Spec) { s.UserARNs = nil },
	func(s *Spec) { s.UserARNs = []string{"arn:aws:iam::123456789012:user/ci", "*"} },
	func(s *Spec) { s.Tags = nil },
	func(s *Spec) { s.Tags = map[string]string{"aws:team": "x", "ok": "fine"} },
	func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "me"} },
	func(s *Spec) { s.Tags = map[string]string{strings.Repeat("k", 129): "v"} },
	func(s *Spec) { s.Tags = manyTags(48) },
	func(s *Spec) {
		s.Exceptions = []compliance.Exception{{Control: "KEY-02", Reason: "vendor HSM rotates every two years"}}
	},
}

func validSpec() Spec {
	return Spec{Name: "phi", AllowedServices: []string{"rds", "logs"},
		UserARNs: []string{"arn:aws:iam::123456789012:role/app"}, Tags: map[string]string{"team": "platform"},
		DefaultTags: map[string]string{"env": "prod"}}
}

func manyTags(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("t%02d", i)] = "v"
	}
	return m
}

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite).
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:     blankers,
		Unblanked:    []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:        func(*rand.Rand) Spec { return validSpec() },
		Mutations:    mutations,
		MaxMutations: 10,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("rawInputRules", nil, rawInputRules),
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.Set("allowed_services", func(s *Spec) *[]string { return &s.AllowedServices }),
			compliancetest.Set("administrator_arns", func(s *Spec) *[]string { return &s.AdministratorARNs }),
			compliancetest.Set("user_arns", func(s *Spec) *[]string { return &s.UserARNs }),
			compliancetest.Map("tags", func(s *Spec) *map[string]string { return &s.Tags }),
		},
		Seed: 2026,
		N:    400,
	}.Run(t)
}

// A known literal violation is refused while unrelated arguments (the
// principals, the services) come from other resources.
func TestEvaluate_unrelatedUnknown(t *testing.T) {
	s := validSpec()
	s.Name, s.RotationPeriodDays, s.DeletionWindowDays = "aws/phi", 30, 3
	s.AllowedServices, s.UserARNs, s.AdministratorARNs = nil, nil, nil
	var u compliance.Unknown
	for _, p := range []string{"allowed_services", "user_arns", "administrator_arns", "description"} {
		u.Value(p)
	}
	f := Evaluate(s, u)
	if got := attrs(f); got != "name; KEY-02 rotation_period_days hard; KEY-03 deletion_window_days hard" {
		t.Fatalf("findings = %s", got)
	}
	// With everything known, the empty services and users are KEY-01.
	if got := attrs(Evaluate(s, compliance.Unknown{})); !strings.Contains(got, "KEY-01 allowed_services") {
		t.Fatalf("all known: %s", got)
	}
}

// A collection with unknown elements is checked on its known ones; what
// needs the whole collection (is any service or user named?) waits.
func TestEvaluate_partlyUnknownCollections(t *testing.T) {
	s := validSpec()
	s.AllowedServices = []string{"rds", "telepathy"}
	s.UserARNs = []string{"*"}
	s.Tags = map[string]string{"aws:team": "x"}
	var u compliance.Unknown
	u.Elements("allowed_services", false)
	u.Elements("user_arns", false)
	u.Elements("tags", false)
	f := Evaluate(s, u)
	if got := attrs(f); got != "tags; KEY-01 allowed_services hard; KEY-01 user_arns hard" {
		t.Fatalf("findings = %s", got)
	}
	if !strings.Contains(f.Violations[0].Detail, `unknown service "telepathy"`) || !strings.Contains(f.Input[0].Detail, `"aws:"`) {
		t.Fatalf("details = %+v", f)
	}

	// Only unknown elements: nothing named is known, yet KEY-01's "names no
	// service or user" must not fire, since the unknown ones will be there.
	s.AllowedServices, s.UserARNs, s.Tags = []string{}, []string{}, map[string]string{}
	if f := Evaluate(s, u); len(f.Input)+len(f.Violations) != 0 {
		t.Fatalf("unknown elements refused: %+v", f)
	}
}

func attrs(f compliance.Findings) string {
	var out []string
	for _, e := range f.Input {
		out = append(out, e.Attribute)
	}
	for _, v := range f.Violations {
		x := v.Control + " " + v.Attribute
		if v.Hard {
			x += " hard"
		}
		out = append(out, x)
	}
	return strings.Join(out, "; ")
}
