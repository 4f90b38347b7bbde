// Package evidence turns the state of applied hipaa_* resources into
// evidence an auditor reads: every control of the catalog with its status
// (satisfied by construction or by argument, waived with its recorded
// reason, not applicable), the resources and AWS objects that implement it,
// the exceptions, what the provider does not cover, and the inventory of
// AWS objects under management; rendered as JSON, CSV and a self-contained
// HTML page.
//
// It does no I/O: state bytes and the provider's schemas in, bytes out.
// Nothing in it is per resource: a resource takes part through the control
// catalog (internal/compliance) and its schema's computed attributes.
package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Resource is one hipaa_* resource instance of a state.
type Resource struct {
	Address       string // "module.database_visits.hipaa_database.this"
	Type          string // "hipaa_database"
	SchemaVersion int
	Values        map[string]any // the state's attribute values
}

// ParseState reads the hipaa_* resources of the JSON terraform show -json
// writes for a state, or of a state file (format version 4). It refuses
// input that is neither (truncated or invalid JSON included) and a state
// without hipaa_* resources.
func ParseState(data []byte) ([]Resource, error) {
	var head struct {
		FormatVersion string          `json:"format_version"`
		Version       *int            `json:"version"`
		Values        json.RawMessage `json:"values"`
	}
	if err := strictJSON(data, &head); err != nil {
		return nil, err
	}
	var out []Resource
	switch {
	case head.FormatVersion != "":
		if !strings.HasPrefix(head.FormatVersion, "1.") {
			return nil, fmt.Errorf("terraform show -json format %s: this hipaagen reads format 1.x", head.FormatVersion)
		}
		if len(head.Values) == 0 || string(head.Values) == "null" {
			return nil, errors.New("the terraform show -json output holds no state values (an empty state, or the JSON of a plan): show the state of an applied configuration")
		}
		var v struct {
			RootModule showModule `json:"root_module"`
		}
		if err := json.Unmarshal(head.Values, &v); err != nil {
			return nil, fmt.Errorf("terraform show -json values: %w", err)
		}
		out = v.RootModule.resources(nil)
	case head.Version != nil:
		if *head.Version != 4 {
			return nil, fmt.Errorf("state file format version %d: this hipaagen reads version 4", *head.Version)
		}
		var s stateFile
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("state file: %w", err)
		}
		out = s.resources()
	default:
		return nil, errors.New("not a Terraform state: give the JSON of terraform show -json, or a state file (terraform.tfstate)")
	}
	if len(out) == 0 {
		return nil, errors.New("the state has no hipaa_* resource: nothing to report on (apply a configuration that uses the hipaa provider first)")
	}
	return out, nil
}

// strictJSON decodes one JSON value, refusing trailing data and reporting
// where a truncated or invalid document breaks.
func strictJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(v); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return fmt.Errorf("truncated JSON (%d bytes): %w", len(data), err)
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if d.More() {
		return errors.New("invalid JSON: data after the document")
	}
	return nil
}

// showModule is a module of terraform show -json's values.
type showModule struct {
	Resources []struct {
		Address       string         `json:"address"`
		Mode          string         `json:"mode"`
		Type          string         `json:"type"`
		SchemaVersion int            `json:"schema_version"`
		Values        map[string]any `json:"values"`
	} `json:"resources"`
	ChildModules []showModule `json:"child_modules"`
}

func (m showModule) resources(out []Resource) []Resource {
	for _, r := range m.Resources {
		if r.Mode == "managed" && isHIPAA(r.Type) {
			out = append(out, Resource{Address: r.Address, Type: r.Type, SchemaVersion: r.SchemaVersion, Values: r.Values})
		}
	}
	for _, c := range m.ChildModules {
		out = c.resources(out)
	}
	return out
}

// stateFile is a state file of format version 4.
type stateFile struct {
	Resources []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey      any            `json:"index_key"`
			SchemaVersion int            `json:"schema_version"`
			Attributes    map[string]any `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

func (s stateFile) resources() []Resource {
	var out []Resource
	for _, r := range s.Resources {
		if r.Mode != "managed" || !isHIPAA(r.Type) {
			continue
		}
		base := r.Type + "." + r.Name
		if r.Module != "" {
			base = r.Module + "." + base
		}
		for _, in := range r.Instances {
			addr := base
			switch k := in.IndexKey.(type) {
			case string:
				addr += fmt.Sprintf("[%q]", k)
			case float64:
				addr += fmt.Sprintf("[%d]", int(k))
			}
			out = append(out, Resource{Address: addr, Type: r.Type, SchemaVersion: in.SchemaVersion, Values: in.Attributes})
		}
	}
	return out
}

func isHIPAA(typ string) bool { return strings.HasPrefix(typ, "hipaa_") }

// Schema is what the report needs of a resource type's schema.
type Schema struct {
	Version int
	// Computed lists the computed-only attributes: what AWS or the
	// provider assigned, never an input.
	Computed []string
}

// checkSchemas refuses resources of a type the provider does not have, or
// written by a newer schema than this hipaagen knows.
func checkSchemas(rs []Resource, schemas map[string]Schema) error {
	var errs []error
	for _, r := range rs {
		s, ok := schemas[r.Type]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: this hipaagen does not know %s: use the hipaagen of the provider version that wrote the state", r.Address, r.Type))
		case r.SchemaVersion > s.Version:
			errs = append(errs, fmt.Errorf("%s: state written by a newer provider (schema version %d; this hipaagen knows %s up to version %d): use the hipaagen of that provider version",
				r.Address, r.SchemaVersion, r.Type, s.Version))
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}
