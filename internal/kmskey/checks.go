package kmskey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

var (
	aliasNameRE = regexp.MustCompile(`^[a-zA-Z0-9/_-]{1,250}$`)
	principalRE = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::\d{12}:(root|role/.+|user/.+)$`)
)

// InputError is plain bad input, not a control.
type InputError struct {
	Attribute string
	Detail    string
}

// Validate reports input that cannot describe any key.
func Validate(s Spec) []InputError {
	var errs []InputError
	if !aliasNameRE.MatchString(s.Name) || strings.HasPrefix(s.Name, "aws/") {
		errs = append(errs, InputError{"name", fmt.Sprintf(
			"%q is not a valid alias name: use letters, digits, '/', '_' and '-' (up to 250), not starting with \"aws/\"", s.Name)})
	}
	return errs
}

// Check returns the KEY-* violations of a defaulted spec.
func Check(s Spec) []compliance.Violation {
	var v []compliance.Violation
	v = append(v, checkServices(s)...)
	v = append(v, checkPrincipals(s)...)
	v = append(v, checkRotation(s)...)
	v = append(v, checkDeletionWindow(s)...)
	return v
}

func checkServices(s Spec) []compliance.Violation {
	var v []compliance.Violation
	for _, svc := range s.AllowedServices {
		if _, ok := Services[svc]; !ok {
			v = append(v, compliance.Violation{Control: "KEY-01", Attribute: "allowed_services", Hard: true,
				Detail: fmt.Sprintf("unknown service %q; the key policy can name: %s", svc, strings.Join(ServiceNames(), ", "))})
		}
	}
	if len(s.AllowedServices) == 0 && len(s.UserARNs) == 0 {
		v = append(v, compliance.Violation{Control: "KEY-01", Attribute: "allowed_services",
			Detail: "neither allowed_services nor user_arns is set, so the policy names no service or principal that may use the key; name them"})
	}
	return v
}

func checkPrincipals(s Spec) []compliance.Violation {
	var v []compliance.Violation
	for _, f := range []struct {
		attr string
		arns []string
	}{{"administrator_arns", s.AdministratorARNs}, {"user_arns", s.UserARNs}} {
		attr := f.attr
		for _, a := range f.arns {
			if !principalRE.MatchString(a) {
				v = append(v, compliance.Violation{Control: "KEY-01", Attribute: attr, Hard: true,
					Detail: fmt.Sprintf("%q is not an IAM role, user or account-root ARN; wildcards are never allowed in a key policy", a)})
			}
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
