package kmskey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var principalRE = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::\d{12}:(root|role/.+|user/.+)$`)

// Check returns the KEY-* violations of a spec already defaulted
// (s.WithDefaults()) with every argument known. It does not look at
// exceptions: the compliance package applies waivers.
func Check(s Spec) []compliance.Violation { return evaluate(s, s, compliance.Unknown{}).Violations }

// controlRules each name what they read. The service names and principals
// are checked element by element, so a known bad element is refused even
// while other elements are unknown.
var controlRules = []compliance.Rule[Spec, compliance.Violation]{
	{Reads: []compliance.Read{compliance.Each("allowed_services")}, Check: checkServiceNames},
	{Reads: []compliance.Read{compliance.Count("allowed_services"), compliance.Count("user_arns")}, Check: checkUsers},
	{Reads: []compliance.Read{compliance.Each("administrator_arns")}, Check: checkAdministratorARNs},
	{Reads: []compliance.Read{compliance.Each("user_arns")}, Check: checkUserARNs},
	{Reads: compliance.R("rotation_period_days"), Check: checkRotation},
	{Reads: compliance.R("deletion_window_days"), Check: checkDeletionWindow},
}

func checkServiceNames(s Spec) []compliance.Violation {
	var v []compliance.Violation
	for _, svc := range s.AllowedServices {
		if _, ok := Services[svc]; !ok {
			v = append(v, compliance.Violation{Control: "KEY-01", Attribute: "allowed_services", Hard: true,
				Detail: fmt.Sprintf("unknown service %q; the key policy can name: %s", svc, strings.Join(ServiceNames(), ", "))})
		}
	}
	return v
}

// checkUsers: a key whose policy names no service and no user is unusable
// or, worse, used later through a hand-edited policy.
func checkUsers(s Spec) []compliance.Violation {
	if len(s.AllowedServices) > 0 || len(s.UserARNs) > 0 {
		return nil
	}
	return []compliance.Violation{{Control: "KEY-01", Attribute: "allowed_services",
		Detail: "neither allowed_services nor user_arns is set, so the policy names no service or principal that may use the key; name them"}}
}

func checkAdministratorARNs(s Spec) []compliance.Violation {
	return principalViolations("administrator_arns", s.AdministratorARNs)
}

func checkUserARNs(s Spec) []compliance.Violation {
	return principalViolations("user_arns", s.UserARNs)
}

func principalViolations(attr string, arns []string) []compliance.Violation {
	var v []compliance.Violation
	for _, a := range arns {
		if !principalRE.MatchString(a) {
			v = append(v, compliance.Violation{Control: "KEY-01", Attribute: attr, Hard: true,
				Detail: fmt.Sprintf("%q is not an IAM role, user or account-root ARN; wildcards are never allowed in a key policy", a)})
		}
	}
	return v
}

func checkRotation(s Spec) []compliance.Violation {
	p := s.RotationPeriodDays
	if p < MinRotationPeriodDays || p > MaxRotationPeriodDays {
		return []compliance.Violation{{Control: "KEY-02", Attribute: "rotation_period_days", Hard: true,
			Detail: fmt.Sprintf("rotation_period_days is %d; AWS KMS accepts %d to %d (default %d)", p, MinRotationPeriodDays, MaxRotationPeriodDays, DefaultRotationPeriodDays)}}
	}
	if p > DefaultRotationPeriodDays {
		return []compliance.Violation{{Control: "KEY-02", Attribute: "rotation_period_days",
			Detail: fmt.Sprintf("rotation_period_days is %d; rotate at least every %d days", p, DefaultRotationPeriodDays)}}
	}
	return nil
}

func checkDeletionWindow(s Spec) []compliance.Violation {
	d := s.DeletionWindowDays
	if d < MinDeletionWindowDays || d > MaxDeletionWindowDays {
		return []compliance.Violation{{Control: "KEY-03", Attribute: "deletion_window_days", Hard: true,
			Detail: fmt.Sprintf("deletion_window_days is %d; it must be %d to %d (default %d) so a scheduled deletion can be cancelled", d, MinDeletionWindowDays, MaxDeletionWindowDays, DefaultDeletionWindowDays)}}
	}
	return nil
}
