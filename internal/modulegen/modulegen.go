// Package modulegen renders one Terraform module per resource of the
// provider, from the provider's own schemas read in process: variables with
// types, defaults and validations (variables.tf), the resource wired to them
// (main.tf), every computed attribute as an output (outputs.tf), the
// provider requirement (versions.tf) and a README.
//
// Rendering is pure and deterministic; Write stamps every file with the
// hipaagen header and refuses to overwrite a file edited by hand.
package modulegen

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
)

// ProviderSource is the registry source the modules require.
const ProviderSource = "hipaa-iac/hipaa"

// Resource is one resource type of the provider and its schema.
type Resource struct {
	TypeName string // "hipaa_vpc"
	Provider string // the provider's type name, "hipaa"
	Module   string // the module's directory: TypeName without the provider prefix, "vpc"
	Schema   schema.Schema
}

// File is one generated file of a module.
type File struct {
	Name    string         // "variables.tf"
	Comment hclgen.Comment // how the header is written
	Body    []byte         // content after the header
}

// Bytes is the file as written: header, then body.
func (f File) Bytes() []byte { return hclgen.Stamp(f.Comment, f.Body) }

// Module is the rendered module of one resource.
type Module struct {
	Name  string // directory under the output directory
	Files []File // sorted by name
}

// FromProvider reads the type name and schema of every resource of p whose
// type name starts with the provider's, sorted by type name.
func FromProvider(ctx context.Context, p provider.Provider) ([]Resource, error) {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	var out []Resource
	for _, factory := range p.Resources(ctx) {
		r := factory()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		name, ok := strings.CutPrefix(md.TypeName, meta.TypeName+"_")
		if !ok {
			continue
		}
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			return nil, fmt.Errorf("reading the schema of %s: %v", md.TypeName, sr.Diagnostics.Errors())
		}
		out = append(out, Resource{TypeName: md.TypeName, Provider: meta.TypeName, Module: name, Schema: sr.Schema})
	}
	slices.SortFunc(out, func(a, b Resource) int { return strings.Compare(a.TypeName, b.TypeName) })
	return out, nil
}

// Generate renders the module of every resource of p.
func Generate(ctx context.Context, p provider.Provider) ([]Module, error) {
	rs, err := FromProvider(ctx, p)
	if err != nil {
		return nil, err
	}
	mods := make([]Module, 0, len(rs))
	for _, r := range rs {
		m, err := Render(ctx, r)
		if err != nil {
			return nil, err
		}
		mods = append(mods, m)
	}
	return mods, nil
}

// Render renders the module of r.
func Render(ctx context.Context, r Resource) (Module, error) {
	m, err := newModule(ctx, r)
	if err != nil {
		return Module{}, fmt.Errorf("module %s (%s): %w", r.Module, r.TypeName, err)
	}
	files, err := m.files()
	if err != nil {
		return Module{}, fmt.Errorf("module %s (%s): %w", r.Module, r.TypeName, err)
	}
	return Module{Name: r.Module, Files: files}, nil
}

// Write writes every module under dir, one directory each. It writes what it
// can and returns every file it refused (hclgen.EditedError) or failed to
// write; with force it overwrites edited files. It returns the paths of the
// files it changed.
func Write(dir string, mods []Module, force bool) ([]string, error) {
	var changed []string
	var errs []error
	for _, m := range mods {
		for _, f := range m.Files {
			path := filepath.Join(dir, m.Name, f.Name)
			ok, err := hclgen.WriteFile(path, f.Comment, f.Body, force)
			if ok {
				changed = append(changed, path)
			}
			errs = append(errs, err)
		}
	}
	return changed, errors.Join(errs...)
}
