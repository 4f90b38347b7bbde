package blueprint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/lists"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

var (
	labelRE     = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	regionRE    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	accountIDRE = regexp.MustCompile(`^\d{12}$`)
	bucketRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	kmsKeyARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
)

// IsName reports whether s is a valid environment or component name.
func IsName(s string) bool { return labelRE.MatchString(s) }

// IsRegion reports whether s has the shape of an AWS region name.
func IsRegion(s string) bool { return regionRE.MatchString(s) }

// DataClassifications are the accepted data_classification values.
var DataClassifications = []string{"phi", "pii", "confidential", "internal", "public"}

var rootSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "organisation", Required: true}, {Name: "data_classification", Required: true},
		{Name: "compliance_mode"}, {Name: "tags"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "state"}, {Type: "environment", LabelNames: []string{"name"}}},
}

var stateSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "bucket", Required: true}, {Name: "kms_key_arn", Required: true}, {Name: "region", Required: true},
}}

var environmentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "account_id", Required: true}, {Name: "regions", Required: true}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "component", LabelNames: []string{"kind", "name"}}},
}

// decoder collects diagnostics while it reads the file.
type decoder struct {
	diags hcl.Diagnostics
}

func (d *decoder) errorAt(rng hcl.Range, summary, detail string) {
	r := rng
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &r})
}

// decode reads the whole file; validate then checks what spans blocks.
func decode(body hcl.Body) (*Blueprint, hcl.Diagnostics) {
	d := &decoder{}
	content, diags := body.Content(rootSchema)
	d.diags = append(d.diags, diags...)
	b := &Blueprint{}
	d.decodeRootAttributes(b, content.Attributes)
	d.decodeState(b, content.Blocks.OfType("state"), body.MissingItemRange())
	envs := content.Blocks.OfType("environment")
	if len(envs) == 0 {
		d.errorAt(body.MissingItemRange(), "Missing environment block",
			`A blueprint names at least one environment: environment "prod" { account_id = "…", regions = ["us-east-1"] }.`)
	}
	seen := map[string]*hcl.Block{}
	for _, blk := range envs {
		if first, dup := seen[blk.Labels[0]]; dup {
			d.errorAt(blk.LabelRanges[0], "Duplicate environment "+blk.Labels[0],
				"Environment "+blk.Labels[0]+" is already defined at "+first.DefRange.String()+".")
			continue
		}
		seen[blk.Labels[0]] = blk
		if env := d.decodeEnvironment(blk); env != nil {
			b.Environments = append(b.Environments, env)
		}
	}
	return b, d.diags
}

func (d *decoder) decodeRootAttributes(b *Blueprint, attrs hcl.Attributes) {
	if a, ok := attrs["organisation"]; ok {
		b.Organisation = d.str(a)
		if strings.TrimSpace(b.Organisation) == "" || len(b.Organisation) > 256 {
			d.errorAt(a.Expr.Range(), "Invalid organisation", "organisation is a tag value: 1 to 256 characters.")
		}
	}
	if a, ok := attrs["data_classification"]; ok {
		b.DataClassification = d.str(a)
		if !slices.Contains(DataClassifications, b.DataClassification) {
			d.errorAt(a.Expr.Range(), "Invalid data_classification",
				fmt.Sprintf("data_classification %q is not one of %s.", b.DataClassification, lists.Quoted(DataClassifications)))
		}
	}
	b.ComplianceMode = compliance.ModeEnforce
	if a, ok := attrs["compliance_mode"]; ok {
		mode, err := compliance.ParseMode(d.str(a))
		if err != nil {
			d.errorAt(a.Expr.Range(), "Invalid compliance_mode", err.Error()+".")
		}
		b.ComplianceMode = mode
	}
	if a, ok := attrs["tags"]; ok {
		b.Tags = d.tags(a)
	}
}

// tags decodes a map of tag values and refuses keys hipaagen or the provider set.
func (d *decoder) tags(a *hcl.Attribute) map[string]string {
	var t map[string]string
	if diags := gohcl.DecodeExpression(a.Expr, nil, &t); diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return nil
	}
	pairs, _ := hcl.ExprMap(a.Expr)
	for _, p := range pairs {
		k, _ := p.Key.Value(nil)
		switch key := k.AsString(); {
		case key == TagOrganisation || key == TagEnvironment || key == TagDataClassification:
			d.errorAt(p.Key.Range(), "Reserved tag "+key, "hipaagen sets the "+key+" tag itself: remove it from tags.")
		case tags.IsReserved(key) || strings.HasPrefix(strings.ToLower(key), "aws:"):
			d.errorAt(p.Key.Range(), "Reserved tag "+key, "Tag keys hipaa:* and aws:* are reserved: rename it.")
		}
	}
	return t
}

func (d *decoder) decodeState(b *Blueprint, blocks hcl.Blocks, missing hcl.Range) {
	switch {
	case len(blocks) == 0:
		d.errorAt(missing, "Missing state block",
			`Every unit keeps its state in S3: state { bucket = "…", kms_key_arn = "arn:aws:kms:…", region = "us-east-1" }.`)
		return
	case len(blocks) > 1:
		d.errorAt(blocks[1].DefRange, "Duplicate state block", "The state block is already defined at "+blocks[0].DefRange.String()+".")
		return
	}
	content, diags := blocks[0].Body.Content(stateSchema)
	d.diags = append(d.diags, diags...)
	if a, ok := content.Attributes["bucket"]; ok {
		if b.State.Bucket = d.str(a); !bucketRE.MatchString(b.State.Bucket) || strings.Contains(b.State.Bucket, "..") {
			d.errorAt(a.Expr.Range(), "Invalid state bucket",
				fmt.Sprintf("%q is not an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-'.", b.State.Bucket))
		}
	}
	if a, ok := content.Attributes["kms_key_arn"]; ok {
		if b.State.KMSKeyARN = d.str(a); !kmsKeyARNRE.MatchString(b.State.KMSKeyARN) {
			d.errorAt(a.Expr.Range(), "Invalid state kms_key_arn", fmt.Sprintf(
				"%q is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>): state holds PHI-adjacent data and is encrypted with a customer key; aliases are not accepted.",
				b.State.KMSKeyARN))
		}
	}
	if a, ok := content.Attributes["region"]; ok {
		b.State.Region = d.region(a.Expr)
	}
}

// str decodes a string attribute.
func (d *decoder) str(a *hcl.Attribute) string {
	var s string
	d.diags = append(d.diags, gohcl.DecodeExpression(a.Expr, nil, &s)...)
	return s
}

// region decodes and checks a region name.
func (d *decoder) region(expr hcl.Expression) string {
	var s string
	if diags := gohcl.DecodeExpression(expr, nil, &s); diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return ""
	}
	if !regionRE.MatchString(s) {
		d.errorAt(expr.Range(), "Invalid region", fmt.Sprintf("%q is not an AWS region name such as \"us-east-1\".", s))
	}
	return s
}

// regions decodes a non-empty list of distinct region names; allowed, when
// not nil, limits them.
func (d *decoder) regions(a *hcl.Attribute, allowed []string, where string) []string {
	items, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return nil
	}
	if len(items) == 0 {
		d.errorAt(a.Expr.Range(), "No regions", "List at least one region, such as [\"us-east-1\"].")
	}
	var out []string
	for _, item := range items {
		r := d.region(item)
		switch {
		case r == "":
		case slices.Contains(out, r):
			d.errorAt(item.Range(), "Duplicate region "+r, "List each region once.")
		case allowed != nil && !slices.Contains(allowed, r):
			d.errorAt(item.Range(), "Region "+r+" is not in "+where,
				fmt.Sprintf("%s deploys to %s: list only those, or add %s there.", where, lists.Quoted(allowed), r))
		default:
			out = append(out, r)
		}
	}
	return out
}

func (d *decoder) decodeEnvironment(blk *hcl.Block) *Environment {
	env := &Environment{Name: blk.Labels[0]}
	if !labelRE.MatchString(env.Name) {
		d.errorAt(blk.LabelRanges[0], "Invalid environment name",
			fmt.Sprintf("%q: use lowercase letters, digits and single hyphens, starting with a letter (it names directories and resources).", env.Name))
	}
	content, diags := blk.Body.Content(environmentSchema)
	d.diags = append(d.diags, diags...)
	if a, ok := content.Attributes["account_id"]; ok {
		if env.AccountID = d.str(a); !accountIDRE.MatchString(env.AccountID) {
			d.errorAt(a.Expr.Range(), "Invalid account_id", fmt.Sprintf("account_id %q is not 12 digits.", env.AccountID))
		}
	}
	if a, ok := content.Attributes["regions"]; ok {
		env.Regions = d.regions(a, nil, "")
	}
	components := content.Blocks.OfType("component")
	if len(components) == 0 {
		d.errorAt(blk.DefRange, "Environment "+env.Name+" has no components",
			`Add at least one component, such as component "keys" "phi" { settings = { allowed_services = ["rds"] } }.`)
	}
	seen := map[string]*hcl.Block{}
	for _, cb := range components {
		if first, dup := seen[cb.Labels[1]]; dup {
			d.errorAt(cb.LabelRanges[1], "Duplicate component name "+cb.Labels[1], fmt.Sprintf(
				"Component names are unique within an environment (they name directories and resources); %q is already used at %s.",
				cb.Labels[1], first.DefRange.String()))
			continue
		}
		seen[cb.Labels[1]] = cb
		if c := d.decodeComponent(env, cb); c != nil {
			env.Components = append(env.Components, c)
		}
	}
	return env
}
