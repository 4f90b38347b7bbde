// Package compliance holds the HIPAA control catalog (docs/guides/controls.md) as data,
// and turns the violations found by each resource's pure checks into
// diagnostics: refused (enforce), reported (report mode), or waived by an
// explicit exception with a reason.
//
// It does no I/O and knows nothing of the plugin framework.
package compliance

// Basis says who maps a control to its 45 CFR citations.
type Basis string

// Bases of a citation, as in the catalog.
const (
	BasisAWS       Basis = "aws"
	BasisProwler   Basis = "prowler"
	BasisSteampipe Basis = "steampipe"
	BasisProposed  Basis = "proposed"
)

// Control is one row of the catalog.
type Control struct {
	ID          string   // stable, never reused: "NET-09"
	Title       string   // short diagnostic title: "flow logs must capture ALL traffic"
	Requirement string   // the requirement column, verbatim
	Anchors     []string // "cfg:vpc-flow-logs-enabled", "sh:EC2.6", "nag:..."
	Citations   []string // "164.308(a)(3)(ii)(A)", "164.312(b)"
	Basis       Basis
	Resources   []string // resource types that enforce it: "hipaa_vpc"
}

// Mode is the provider's compliance_mode.
type Mode string

// Compliance modes.
const (
	ModeEnforce Mode = "enforce" // violations are errors at plan
	ModeReport  Mode = "report"  // violations are warnings
)

// Violation is what a resource's check returns: which control, which
// attribute (a path such as "flow_logs.retention_days"), and what is wrong.
type Violation struct {
	Control   string
	Attribute string
	Detail    string // `traffic_type is "REJECT"`; say what to change
	// Hard marks input AWS itself would reject or that can never be safe
	// (e.g. a KMS deletion window of 3 days); no exception or mode waives it.
	Hard bool
}

// Exception is a user's explicit waiver: exceptions = [{ control, reason }].
type Exception struct {
	Control string
	Reason  string
}

// Severity of a diagnostic.
type Severity int

// Severities.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// Diagnostic is framework-free; the provider layer converts it.
type Diagnostic struct {
	Severity  Severity
	Attribute string // attribute path, "" for the resource
	Summary   string // "NET-09 flow logs must capture ALL traffic (45 CFR 164.308(a)(3)(ii)(A), 164.312(b))"
	Detail    string
}

// Waiver records an applied exception, kept in state for the evidence report.
type Waiver struct {
	Control string
	Reason  string
}
