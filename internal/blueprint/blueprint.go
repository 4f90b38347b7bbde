// Package blueprint reads a hipaagen blueprint: the HCL file that names an
// organisation's environments, accounts, regions and components (keys,
// network, database, audit, bucket, baseline) with their settings and the explicit
// references between them.
//
// Parse validates everything hipaagen can know before any AWS call — the
// blueprint's structure, the references and their dependency graph, and each
// component's settings against the same checks and messages the provider
// runs at plan — and reports problems as HCL diagnostics with file, line and
// column. A blueprint without errors resolves into Units: one component in
// one region of one environment, with its literal inputs and its wires from
// other units' outputs, which internal/stack renders.
//
// Blueprint reference:
//
//	organisation        = "acme-health"        # required; tag value
//	data_classification = "phi"                # required; phi | pii | confidential | internal | public
//	compliance_mode     = "enforce"            # optional; enforce (default) | report
//	tags                = { cost-center = "x" } # optional; extra provider default_tags
//
//	state {                                    # required; the S3 backend of every unit
//	  bucket      = "acme-health-tfstate"
//	  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/…"  # customer key, required
//	  region      = "us-east-1"
//	}
//
//	environment "prod" {                       # one or more
//	  account_id = "111122223333"
//	  regions    = ["us-east-1", "us-west-2"]
//
//	  component "network" "main" {             # kind and name; names unique per environment
//	    regions  = ["us-east-1"]               # optional subset of the environment's regions
//	    settings = { cidr_block = "10.10.0.0/16", flow_logs = { retention_days = 731 } }
//	    inputs_from = {                        # attribute (path) = "<kind>.<name>.<output>"
//	      "flow_logs.kms_key_arn" = "keys.phi.arn"
//	    }
//	    region "us-west-2" {                   # optional per-region settings (merged per attribute)
//	      settings = { cidr_block = "10.20.0.0/16" }
//	    }
//	  }
//
//	  component "keys" "replica" {             # a key made in another region (keys only):
//	    regions         = ["us-east-1"]        #   managed by this one region's root,
//	    provider_region = "us-west-2"          #   made in this region
//	  }
//	}
//
// Kinds (the table Kinds): keys (hipaa_kms_key), network (hipaa_vpc),
// database (hipaa_database), audit (hipaa_audit_trail), bucket
// (hipaa_bucket) and baseline (hipaa_security_baseline, one per account
// and region). Settings are the
// resource's configurable attributes, literal values only. The name
// attribute (name or identifier) is set by hipaagen to
// <environment>-<component>-<region code>, e.g. "prod-main-use1", so names
// are unique per region and account (IAM role names are global). The
// baseline's account-wide settings have one value per account: the S3
// public access block is on in at most one region of an account, and the
// password policy is the same in all (checkAccountWide).
//
// A reference "<kind>.<name>.<output>" names a computed attribute of
// another component of the same environment (an output of its module),
// taken in the same region: that component must be deployed in every
// region of the referring one. References make the dependency graph; a
// cycle is an error. A key with provider_region is deployed in one
// region's root, so components there can take a key of another region
// (a bucket's replication.kms_key_arn); it is named after, checked in and
// made in its provider_region: a provider alias in the terraform format
// and the eject, a unit under that region in the Terragrunt tree.
package blueprint

import (
	"maps"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Blueprint is a parsed, validated blueprint.
type Blueprint struct {
	Organisation       string
	DataClassification string
	ComplianceMode     compliance.Mode
	Tags               map[string]string // extra provider default_tags
	State              State
	Environments       []*Environment
}

// State is the S3 backend every unit's state lives in.
type State struct {
	Bucket    string
	KMSKeyARN string
	Region    string
}

// Environment is one environment block.
type Environment struct {
	Name      string
	AccountID string
	Regions   []string
	// Components in dependency order (after those they take inputs from),
	// otherwise in declaration order.
	Components []*Component
	units      []*Unit
}

// Component is one component block.
type Component struct {
	Kind    *Kind
	Name    string
	Regions []string // where it is deployed: the roots that manage it
	// ProviderRegion, when set (keys only), is where its one unit's
	// resource is made: a provider alias of its root's region.
	ProviderRegion string
	// Settings are the literal settings, keyed by attribute; RegionSettings
	// override them per region and attribute.
	Settings       map[string]cty.Value
	RegionSettings map[string]map[string]cty.Value
	Inputs         []Input // sorted by Target

	src componentSource
}

// Input is one inputs_from entry: Target (an attribute, or a path into an
// object attribute such as "flow_logs.kms_key_arn") takes From's value.
type Input struct {
	Target string
	From   Ref
	Range  hcl.Range // the reference string
}

// Ref names an output of another component: "<kind>.<name>.<output>".
type Ref struct {
	Kind, Name, Output string
}

// ComponentID is "<kind>.<name>".
func (r Ref) ComponentID() string { return r.Kind + "." + r.Name }

func (r Ref) String() string { return r.ComponentID() + "." + r.Output }

// ID is "<kind>.<name>", as references name it.
func (c *Component) ID() string { return c.Kind.Name + "." + c.Name }

// DefaultTags are the provider default_tags of environment env: the
// blueprint's tags, organisation, environment and data_classification.
func (b *Blueprint) DefaultTags(env string) map[string]string {
	t := maps.Clone(b.Tags)
	if t == nil {
		t = map[string]string{}
	}
	t[TagOrganisation] = b.Organisation
	t[TagEnvironment] = env
	t[TagDataClassification] = b.DataClassification
	return t
}

// Default tag keys set by hipaagen.
const (
	TagOrganisation       = "organisation"
	TagEnvironment        = "environment"
	TagDataClassification = "data_classification"
)

// ParseFile reads and parses the blueprint at path.
func ParseFile(path string) (*Blueprint, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read blueprint", Detail: err.Error()}}
	}
	return Parse(src, path)
}

// Parse parses and validates a blueprint. It returns nil and the diagnostics
// (sorted by position) when any is an error; warnings (waived controls,
// compliance_mode = "report") come with a usable blueprint.
func Parse(src []byte, filename string) (*Blueprint, hcl.Diagnostics) {
	f, diags := hclparse.NewParser().ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, diags
	}
	b, d := decode(f.Body)
	diags = append(diags, d...)
	if !diags.HasErrors() {
		diags = append(diags, b.validate()...)
	}
	diags = sortDiagnostics(diags)
	if diags.HasErrors() {
		return nil, diags
	}
	return b, diags
}
