// Package eject renders the expansion of hipaa_* resources as plain
// hashicorp/aws resources with the same names, CIDRs, rules, key policies
// and tags, for teams that cannot adopt a custom provider.
//
// The renderers (one file per resource kind) consume the same Layout the
// provider's executor applies and never re-derive it: one aws_* block per
// child, labelled by the child's stable key, with references where the
// executor passes IDs and depends_on for every other ordering edge of the
// layout's DAG. Everything here is pure: specs and layouts in, an hclwrite
// file out. config.go reads the hipaa_* resources of a Terraform file.
package eject

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/hclgen"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/stack"
)

// AWSProviderVersion is the hashicorp/aws version constraint of the output;
// the ejected resources are tested against 5.100.0.
const AWSProviderVersion = "~> 5.100"

// Placeholders that key policies and ARNs carry until they are rendered as
// interpolations of the account's data sources.
const (
	accountPlaceholder   = "000000000000"
	partitionPlaceholder = "aws-hipaagen-partition"
)

// Data sources the output reads the account ID and partition from.
var (
	accountIDRef = "data.aws_caller_identity.current.account_id"
	partitionRef = "data.aws_partition.current.partition"
)

// Options shape the file around the resources.
type Options struct {
	// Region of the aws provider block.
	Region string
	// Emulator adds variable "endpoint" and points every AWS service of the
	// aws provider at it, with static test credentials: for tests and make
	// bench against the local emulator.
	Emulator bool
	// AccountID, if set, is the only account the aws provider may act in
	// (allowed_account_ids): a blueprint environment's account.
	AccountID string
	// Backend, if set, is the S3 backend of the terraform block (state
	// encrypted with a customer key, S3 lock file).
	Backend *Backend
}

// File is an ejected configuration being built.
type File struct {
	// head holds the variables, terraform and provider blocks; f the data
	// sources and resources, whose body is body.
	head, f *hclwrite.File
	body    *hclwrite.Body
	o       Options
	// regions are the other regions resources are made in, each with an
	// aliased aws provider; provider is the one resources are being
	// written with ("": the file's own).
	regions  []string
	provider string
	// refs maps a literal value (a placeholder ARN) to the HCL expression
	// that replaces it, such as aws_kms_key.logs.arn.
	refs map[string]string
	// listRefs are lists of placeholders that render as one expression,
	// such as var.subnet_ids.
	listRefs []listRef
	// resources counts the aws_* resource blocks written.
	resources int
	// graphs are the expansions rendered, for Graphs.
	graphs []Graph
}

// NewFile starts a file with the variable blocks vars, then the
// terraform, provider and data blocks.
func NewFile(o Options, vars ...*hclwrite.Block) *File {
	f := hclwrite.NewEmptyFile()
	e := &File{head: hclwrite.NewEmptyFile(), f: f, body: f.Body(), o: o, refs: map[string]string{}}
	e.header(vars)
	return e
}

// Bytes returns the formatted file (terraform fmt clean): the head, the
// aws provider of each other region, then the rest.
func (e *File) Bytes() []byte {
	parts := [][]byte{e.head.Bytes()}
	for _, r := range e.regions {
		p := hclwrite.NewEmptyFile()
		e.appendProvider(p.Body(), r, stack.ProviderAlias(r))
		parts = append(parts, p.Bytes())
	}
	return hclwrite.Format(bytes.Join(append(parts, e.f.Bytes()), []byte("\n")))
}

// inRegion writes the resources render adds with the aws provider of
// region: an alias, unless it is the file's own region. Calls nest: a
// resource made in another region may place a child back in the file's
// region, and the children after it return to the outer provider.
func (e *File) inRegion(region string, render func()) {
	outer := e.provider
	defer func() { e.provider = outer }()
	e.provider = ""
	if region != e.o.Region {
		if !slices.Contains(e.regions, region) {
			e.regions = append(e.regions, region)
		}
		e.provider = "aws." + stack.ProviderAlias(region)
	}
	render()
}

// Resources is the number of aws_* resource blocks written so far.
func (e *File) Resources() int { return e.resources }

// Refer makes every later occurrence of the literal value v an expression
// instead, such as a placeholder ARN standing for aws_kms_key.logs.arn.
func (e *File) Refer(v, expr string) { e.refs[v] = expr }

func (e *File) header(vars []*hclwrite.Block) {
	o, head := e.o, e.head.Body()
	if o.Emulator {
		v := hclgen.AppendBlock(head, "variable", "endpoint")
		v.SetAttributeRaw("type", hclwrite.TokensForIdentifier("string"))
		v.SetAttributeValue("description", cty.StringVal("URL of the AWS emulator every service is sent to"))
	}
	for _, v := range vars {
		if len(head.Blocks()) > 0 {
			head.AppendNewline()
		}
		head.AppendBlock(v)
	}
	tf := hclgen.AppendBlock(head, "terraform")
	rp := tf.AppendNewBlock("required_providers", nil).Body()
	rp.SetAttributeValue("aws", cty.ObjectVal(map[string]cty.Value{
		"source": cty.StringVal("hashicorp/aws"), "version": cty.StringVal(AWSProviderVersion)}))
	if bk := o.Backend; bk != nil {
		tf.SetAttributeValue("required_version", cty.StringVal(">= 1.10")) // S3 lock files
		s3 := tf.AppendNewBlock("backend", []string{"s3"}).Body()
		for _, kv := range [][2]string{{"bucket", bk.Bucket}, {"key", bk.Key}, {"region", bk.Region}, {"kms_key_id", bk.KMSKeyARN}} {
			s3.SetAttributeValue(kv[0], cty.StringVal(kv[1]))
		}
		s3.SetAttributeValue("encrypt", cty.True)
		s3.SetAttributeValue("use_lockfile", cty.True)
	}
	e.appendProvider(head, o.Region, "")
	hclgen.AppendBlock(e.body, "data", "aws_caller_identity", "current")
	hclgen.AppendBlock(e.body, "data", "aws_partition", "current")
}

// appendProvider appends the aws provider of region, aliased unless alias is "".
func (e *File) appendProvider(body *hclwrite.Body, region, alias string) {
	p := hclgen.AppendBlock(body, "provider", "aws")
	if alias != "" {
		p.SetAttributeValue("alias", cty.StringVal(alias))
	}
	p.SetAttributeValue("region", cty.StringVal(region))
	if e.o.AccountID != "" {
		p.SetAttributeValue("allowed_account_ids", cty.ListVal([]cty.Value{cty.StringVal(e.o.AccountID)}))
	}
	if e.o.Emulator {
		emulatorSettings(p)
	}
}

// emulatorServices are the aws provider endpoints the ejected resources use.
var emulatorServices = []string{"accessanalyzer", "backup", "cloudtrail", "configservice", "ec2", "elbv2", "guardduty", "iam", "inspector2", "kms",
	"logs", "rds", "s3", "s3control", "secretsmanager", "securityhub", "sts", "wafv2"}

func emulatorSettings(p *hclwrite.Body) {
	p.SetAttributeValue("access_key", cty.StringVal("test"))
	p.SetAttributeValue("secret_key", cty.StringVal("test"))
	// The account ID is looked up (sts): aws_securityhub_account's ID is it.
	for _, k := range []string{"s3_use_path_style", "skip_credentials_validation", "skip_metadata_api_check"} {
		p.SetAttributeValue(k, cty.True)
	}
	ep := p.AppendNewBlock("endpoints", nil).Body()
	for _, s := range emulatorServices {
		ep.SetAttributeTraversal(s, hclgen.Ref("var", "endpoint"))
	}
}

// resource appends resource "typ" "label" (with the provider inRegion
// sets) and returns its body.
func (e *File) resource(typ, label string) *hclwrite.Body {
	e.resources++
	b := hclgen.AppendBlock(e.body, "resource", typ, label)
	if e.provider != "" {
		e.expr(b, "provider", e.provider)
	}
	return b
}

// str sets a string attribute; see literal.
func (e *File) str(b *hclwrite.Body, name, v string) { e.expr(b, name, e.literal(v)) }

// literal is the HCL source of the string v: the expression v was Refer'red
// to, or a quoted string whose placeholders are interpolations.
func (e *File) literal(v string) string {
	if expr, ok := e.refs[v]; ok {
		return expr
	}
	return e.interpolate(hclgen.Quote(v))
}

// interpolate replaces, inside quoted strings of src, every Refer'red value
// and the account and partition placeholders with interpolations.
func (e *File) interpolate(src string) string {
	var pairs []string
	for _, v := range slices.Sorted(maps.Keys(e.refs)) {
		pairs = append(pairs, v, "${"+e.refs[v]+"}")
	}
	pairs = append(pairs, accountPlaceholder, "${"+accountIDRef+"}", partitionPlaceholder, "${"+partitionRef+"}")
	return strings.NewReplacer(pairs...).Replace(src)
}

// expr sets an attribute to an expression built by this package; a syntax
// error is a bug here, so it panics.
func (e *File) expr(b *hclwrite.Body, name, src string) {
	if err := hclgen.SetExpr(b, name, src); err != nil {
		panic(err)
	}
}

// list renders expressions as an HCL tuple.
func list(exprs []string) string { return "[" + strings.Join(exprs, ", ") + "]" }

// mapExpr renders m as an HCL object of quoted keys and string values, keys sorted.
func mapExpr(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, hclgen.Quote(k)+" = "+hclgen.Quote(m[k]))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// tags sets tags = merge(local.<shared>, {only the keys that differ}), or
// the literal map when nothing is shared.
func (e *File) tags(b *hclwrite.Body, shared string, base, all map[string]string) {
	extra := map[string]string{}
	for k, v := range all {
		if bv, ok := base[k]; !ok || bv != v {
			extra[k] = v
		}
	}
	if len(extra) == 0 {
		e.expr(b, "tags", "local."+shared)
		return
	}
	e.expr(b, "tags", fmt.Sprintf("merge(local.%s, %s)", shared, mapExpr(extra)))
}

// locals writes locals { <name> = m }.
func (e *File) locals(name string, m map[string]string) {
	e.expr(hclgen.AppendBlock(e.body, "locals"), name, mapExpr(m))
}

// label turns a name and a child key into a resource label:
// ("bench", "public/us-east-1a") -> "bench_public_us_east_1a".
func label(name, key string) string {
	s := name
	if key != "" {
		s += "_" + key
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r >= '0' && r <= '9' && i > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
