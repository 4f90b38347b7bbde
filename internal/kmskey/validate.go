package kmskey

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// MaxDescriptionLength is the longest key description AWS KMS accepts.
const MaxDescriptionLength = 8192

var aliasNameRE = regexp.MustCompile(`^[a-zA-Z0-9/_-]{1,250}$`)

// InputError is the one input-error type of every resource.
type InputError = compliance.InputError

// Validate reports input that cannot describe any key, in a spec already
// defaulted (s.WithDefaults()) with every argument known.
func Validate(s Spec) []InputError { return evaluate(s, s, compliance.Unknown{}).Input }

// Evaluate runs every input rule and control check whose arguments are
// known (u lists the unknown ones) on the Spec as configured: the
// description as given (its default is derived from name), the rest on
// s.WithDefaults().
func Evaluate(s Spec, u compliance.Unknown) compliance.Findings {
	return evaluate(s, s.WithDefaults(), u)
}

// evaluate runs the raw rules on s and the others on its defaulted form d.
// Validate and Check pass a defaulted spec as both: WithDefaults strips one
// "alias/" prefix, so applying it twice would change a name such as
// "alias/alias/aws/x".
func evaluate(s, d Spec, u compliance.Unknown) compliance.Findings {
	return compliance.Findings{
		Input:      append(compliance.Apply(s, u, rawInputRules), compliance.Apply(d, u, inputRules)...),
		Violations: compliance.Apply(d, u, controlRules),
	}
}

type inputRule = compliance.Rule[Spec, InputError]

// rawInputRules read the Spec as configured, before defaults.
var rawInputRules = []inputRule{
	{Reads: compliance.R("description"), Check: validateDescription},
}

// inputRules each name what they read, so an unknown argument hides only
// the rules that read it.
var inputRules = []inputRule{
	{Reads: compliance.R("name"), Check: validateName},
	{Reads: []compliance.Read{compliance.Each("tags")}, Check: validateTags},
}

func validateName(s Spec) []InputError {
	if aliasNameRE.MatchString(s.Name) && !strings.HasPrefix(s.Name, "aws/") {
		return nil
	}
	return []InputError{{Attribute: "name", Detail: fmt.Sprintf(
		"%q is not a valid alias name: use letters, digits, '/', '_' and '-' (up to 250), not starting with \"aws/\"", s.Name)}}
}

func validateDescription(s Spec) []InputError {
	if n := utf8.RuneCountInString(s.Description); n > MaxDescriptionLength {
		return []InputError{{Attribute: "description", Detail: fmt.Sprintf(
			"description has %d characters; AWS KMS accepts at most %d", n, MaxDescriptionLength)}}
	}
	return nil
}

func validateTags(s Spec) []InputError { return compliance.TagErrors("tags", s.Tags, s.DefaultTags) }
