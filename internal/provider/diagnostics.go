package provider

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

func pathRoot(name string) path.Path { return path.Root(name) }

var indexRE = regexp.MustCompile(`^([a-z0-9_]+)\[(\d+)\]$`)

// attrPath turns "exceptions[0].control" or "flow_logs.retention_days" into
// a framework path; "" is the resource itself.
func attrPath(s string) (path.Path, bool) {
	if s == "" {
		return path.Empty(), false
	}
	var p path.Path
	for i, part := range strings.Split(s, ".") {
		name, idx := part, -1
		if m := indexRE.FindStringSubmatch(part); m != nil {
			name = m[1]
			idx, _ = strconv.Atoi(m[2])
		}
		if i == 0 {
			p = path.Root(name)
		} else {
			p = p.AtName(name)
		}
		if idx >= 0 {
			p = p.AtListIndex(idx)
		}
	}
	return p, true
}

// appendCompliance converts framework-free compliance diagnostics.
func appendCompliance(diags *diag.Diagnostics, in []compliance.Diagnostic) {
	for _, d := range in {
		p, ok := attrPath(d.Attribute)
		switch {
		case d.Severity == compliance.SeverityError && ok:
			diags.AddAttributeError(p, d.Summary, d.Detail)
		case d.Severity == compliance.SeverityError:
			diags.AddError(d.Summary, d.Detail)
		case ok:
			diags.AddAttributeWarning(p, d.Summary, d.Detail)
		default:
			diags.AddWarning(d.Summary, d.Detail)
		}
	}
}

// inputError reports plain bad input on an attribute.
func inputError(diags *diag.Diagnostics, attr, detail string) {
	if p, ok := attrPath(attr); ok {
		diags.AddAttributeError(p, "Invalid "+attr, detail)
		return
	}
	diags.AddError("Invalid configuration", detail)
}

// Hints that follow a failed AWS call, by phase.
const (
	applyHint = "\n\nNothing was lost: every object created so far is recorded in state; run apply again to finish, or destroy to remove them."
	readHint  = "\n\nNo object was changed. Check the credentials and endpoint, then run plan again."
)

// awsError reports a failed AWS operation of apply or delete: what we were
// doing, the error, and what to do next. A failed credential check comes
// before any change, so it gets the read hint.
func awsError(diags *diag.Diagnostics, summary string, err error) {
	hint := applyHint
	switch {
	case awsclient.IsNotFound(err):
		hint = ""
	case awsclient.IsIdentityError(err):
		hint = readHint
	}
	diags.AddError(summary, err.Error()+hint)
}

// readError reports a failed AWS read of refresh or plan, which changes
// nothing: the apply hint would be wrong there. An object found under
// another owner is said as is: credentials are not its cause.
func readError(diags *diag.Diagnostics, summary string, err error) {
	hint := readHint
	if awsclient.IsNotFound(err) || tags.IsNotOwned(err) {
		hint = ""
	}
	diags.AddError(summary, err.Error()+hint)
}

// importError reports a failed import. Nothing is imported or changed by
// it; an import ID that names nothing, or an object this provider did not
// create, is said as is (the error names what to do), anything else gets
// the read hint.
func importError(diags *diag.Diagnostics, summary string, err error) {
	hint := readHint
	if awsclient.IsNotFound(err) || tags.IsNotOwned(err) {
		hint = "\n\nNothing was imported, and no object was changed."
	}
	diags.AddError(summary, err.Error()+hint)
}

// clientFrom extracts the configured client from provider data.
func clientFrom(data any, diags *diag.Diagnostics) *awsclient.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*awsclient.Client)
	if !ok {
		diags.AddError("Unexpected provider data", "expected *awsclient.Client; this is a bug in the provider")
		return nil
	}
	return c
}
