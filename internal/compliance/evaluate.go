package compliance

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Result of evaluating a resource's violations.
type Result struct {
	Diagnostics []Diagnostic
	Waivers     []Waiver
}

// HasErrors reports whether any diagnostic is an error.
func (r Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// ParseMode reads compliance_mode; "" is enforce.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "", ModeEnforce:
		return ModeEnforce, nil
	case ModeReport:
		return ModeReport, nil
	}
	return "", fmt.Errorf("compliance_mode %q is not one of %q, %q", s, ModeEnforce, ModeReport)
}

// MaxReasonLen bounds an exception's reason: it is copied into state and
// into every plan.
const MaxReasonLen = 1024

// ValidateExceptions checks each exception: a non-blank reason of at most
// MaxReasonLen characters, a control of the catalog that this resource type
// enforces, no duplicates. Fields unknown in u are not checked.
func ValidateExceptions(resourceType string, ex []Exception, u Unknown) []Diagnostic {
	var out []Diagnostic
	seen := map[string]bool{}
	if u.wholly("exceptions") {
		return nil
	}
	for i, e := range ex {
		attr := fmt.Sprintf("exceptions[%d]", i)
		controlKnown, reasonKnown := !u.Has(attr+".control"), !u.Has(attr+".reason")
		c, ok := Lookup(e.Control)
		switch {
		case controlKnown && (!ok || !c.appliesTo(resourceType)):
			out = append(out, errorDiag(attr+".control", fmt.Sprintf("Unknown control %q for %s", e.Control, resourceType),
				fmt.Sprintf("%s enforces: %s. Name one of these, or remove the exception.", resourceType, strings.Join(controlIDs(resourceType), ", "))))
		case controlKnown && seen[e.Control]:
			out = append(out, errorDiag(attr+".control", "Duplicate exception for "+e.Control, "List each control once."))
		case reasonKnown && strings.TrimSpace(e.Reason) == "":
			out = append(out, errorDiag(attr+".reason", "Exception for "+e.Control+" needs a reason",
				"A waiver is audit evidence: say why the risk is accepted, by whom and until when."))
		case reasonKnown && utf8.RuneCountInString(e.Reason) > MaxReasonLen:
			out = append(out, errorDiag(attr+".reason", "Exception reason for "+e.Control+" is too long",
				fmt.Sprintf("The reason has %d characters; at most %d are kept in state and shown at every plan. "+
					"Summarise it and point to the full record (a ticket or document ID).", utf8.RuneCountInString(e.Reason), MaxReasonLen)))
		}
		if controlKnown {
			seen[e.Control] = true
		}
	}
	return out
}

// Evaluate turns violations into diagnostics under mode and exceptions:
// hard violations are always errors; a waived control is a warning and a
// Waiver; otherwise enforce refuses and report warns.
func Evaluate(resourceType string, mode Mode, violations []Violation, ex []Exception) Result {
	return EvaluateAtPlan(resourceType, mode, violations, ex, Unknown{})
}

// EvaluateAtPlan is Evaluate when some exceptions may be unknown (u): an
// exception whose control is known still waives it; a waivable violation
// that an unknown exception might waive is a warning now and decided at
// apply, when the exceptions are known.
func EvaluateAtPlan(resourceType string, mode Mode, violations []Violation, ex []Exception, u Unknown) Result {
	var r Result
	reasons := map[string]string{}
	open := u.wholly("exceptions")
	for i, e := range ex {
		if attr := fmt.Sprintf("exceptions[%d]", i); u.Has(attr + ".control") {
			open = true
		} else {
			reasons[e.Control] = e.Reason
		}
	}
	violated := map[string]bool{}
	for _, v := range violations {
		violated[v.Control] = true
		if _, waived := reasons[v.Control]; open && !waived && !v.Hard && mode == ModeEnforce {
			if c, ok := Lookup(v.Control); ok {
				r.Diagnostics = append(r.Diagnostics, deferred(c, v))
				continue
			}
		}
		r.add(resourceType, mode, v, reasons)
	}
	if u.Any() { // a rule that read an unknown value did not run: need cannot be judged yet
		return r
	}
	for _, e := range ex {
		if _, ok := Lookup(e.Control); ok && !violated[e.Control] {
			r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: SeverityWarning, Attribute: "exceptions",
				Summary: "Exception for " + e.Control + " is not needed",
				Detail:  "The configuration satisfies " + e.Control + "; remove the exception so the evidence report stays accurate."})
		}
	}
	return r
}

func (r *Result) add(resourceType string, mode Mode, v Violation, reasons map[string]string) {
	c, ok := Lookup(v.Control)
	if !ok {
		r.Diagnostics = append(r.Diagnostics, errorDiag(v.Attribute, "Unknown control "+v.Control,
			"This is a bug in terraform-provider-hipaa: a check of "+resourceType+" named a control missing from the catalog."))
		return
	}
	detail := v.Attribute + ": " + v.Detail + "\n\nRequirement: " + c.Requirement + "."
	reason, waived := reasons[v.Control]
	switch {
	case v.Hard:
		r.Diagnostics = append(r.Diagnostics, errorDiag(v.Attribute, c.Headline(), detail+"\n\nThis cannot be waived."))
	case waived:
		r.Waivers = append(r.Waivers, Waiver{Control: v.Control, Reason: reason})
		r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: SeverityWarning, Attribute: v.Attribute,
			Summary: c.Headline() + " waived by exception", Detail: detail + "\n\nWaived: " + reason})
	case mode == ModeReport:
		r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: SeverityWarning, Attribute: v.Attribute,
			Summary: c.Headline(), Detail: detail + "\n\ncompliance_mode = \"report\": not refused."})
	default:
		r.Diagnostics = append(r.Diagnostics, errorDiag(v.Attribute, c.Headline(), detail+fmt.Sprintf(
			"\n\nTo accept this risk, add exceptions = [{ control = %q, reason = \"…\" }].", v.Control)))
	}
}

func errorDiag(attr, summary, detail string) Diagnostic {
	return Diagnostic{Severity: SeverityError, Attribute: attr, Summary: summary, Detail: detail}
}

func (c Control) appliesTo(resourceType string) bool {
	for _, r := range c.Resources {
		if r == resourceType {
			return true
		}
	}
	return false
}

func controlIDs(resourceType string) []string {
	var ids []string
	for _, c := range ForResource(resourceType) {
		ids = append(ids, c.ID)
	}
	return ids
}
