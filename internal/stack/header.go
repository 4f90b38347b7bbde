package stack

import (
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// Every generated file starts with hipaagen's two header lines (see
// hclgen.Stamp): a marker, and the SHA-256 of the rest of the file, so an
// edit made since hipaagen wrote it shows. The stack's files are HCL.

// Stamp prefixes body with the generated-file header and its hash.
func Stamp(body []byte) []byte { return hclgen.Stamp(hclgen.HashComment, body) }

// Unedited reports whether content is a file hipaagen wrote and nobody has
// changed since: it has the header, and the hash matches the rest.
func Unedited(content []byte) bool { return hclgen.Untouched(hclgen.HashComment, content) }

// stamped reports whether content starts with the header, whether or not
// it was edited since.
func stamped(content []byte) bool { return hclgen.Generated(hclgen.HashComment, content) }
