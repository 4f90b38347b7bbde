package eject

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/backupplan"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// Supported lists the resource types eject renders, in rendering order.
var Supported = []string{kmskey.ResourceType, vpc.ResourceType, database.ResourceType, audittrail.ResourceType, bucket.ResourceType,
	backupplan.ResourceType, baseline.ResourceType, loadbalancer.ResourceType}

var configSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
}}

// Config renders the hipaa_* resources of a Terraform file (.tf or
// .tf.json) as plain hashicorp/aws resources. Arguments must be literal
// values, except references to the arn of a hipaa_kms_key, hipaa_database
// or hipaa_bucket and to a hipaa_vpc's id and public, app or data subnet
// IDs, which become references to the ejected aws_kms_key, aws_db_instance
// or aws_rds_cluster, aws_s3_bucket, aws_vpc and aws_subnet resources. The hipaa provider block gives the
// region (o.Region is the fallback) and default tags; a resource whose
// provider is an alias (hipaa.<alias>) is made with an aws provider alias
// for that provider's region. Each resource must pass the provider's own
// plan-time compliance checks (with its exceptions).
func Config(filename string, src []byte, o Options) ([]byte, error) {
	e, err := renderConfig(filename, src, o)
	if err != nil {
		return nil, err
	}
	return e.Bytes(), nil
}

// Graph is the expansion of one hipaa_* resource block: its address, its
// region, and the children of its Layout with their dependencies, as the
// executor schedules them.
type Graph struct {
	Address  string
	Region   string
	Children []executor.Child
}

// Graphs expands every hipaa_* resource of a Terraform file as Config
// does (same arguments, references and refusals) and returns each one's
// Graph, in rendering order.
func Graphs(filename string, src []byte, o Options) ([]Graph, error) {
	e, err := renderConfig(filename, src, o)
	if err != nil {
		return nil, err
	}
	return e.graphs, nil
}

func renderConfig(filename string, src []byte, o Options) (*File, error) {
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(filename, ".json") {
		f, diags = p.ParseJSON(src, filename)
	} else {
		f, diags = p.ParseHCL(src, filename)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	content, _, diags := f.Body.PartialContent(configSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	providers, err := providerSettings(content.Blocks, &o)
	if err != nil {
		return nil, err
	}
	if o.Region == "" {
		return nil, errors.New(`no region: set region in provider "hipaa" or pass one`)
	}
	vars, err := scanVariables(content.Blocks)
	if err != nil {
		return nil, err
	}
	if _, ok := vars["endpoint"]; ok && o.Emulator {
		return nil, errors.New(`var.endpoint: the emulator option declares variable "endpoint" itself; rename the variable`)
	}
	decls, err := declarations(filename, src, vars)
	if err != nil {
		return nil, err
	}
	e := NewFile(o, decls...)
	if err := e.render(content.Blocks, o, providers, vars); err != nil {
		return nil, err
	}
	return e, nil
}

// provider is one provider "hipaa" block: its region and default tags.
type provider struct {
	region string
	tags   map[string]string
}

// providerSettings reads the region and default_tags of every provider
// "hipaa" block, by alias ("" for the default one, whose region, when
// set, replaces o.Region).
func providerSettings(blocks hcl.Blocks, o *Options) (map[string]provider, error) {
	out := map[string]provider{}
	for _, b := range blocks {
		if b.Type != "provider" || b.Labels[0] != "hipaa" {
			continue
		}
		c, _, diags := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "region"}, {Name: "alias"}},
			Blocks: []hcl.BlockHeaderSchema{{Type: "default_tags"}}})
		if diags.HasErrors() {
			return nil, diags
		}
		var alias string
		var p provider
		for name, v := range map[string]*string{"alias": &alias, "region": &p.region} {
			if a, ok := c.Attributes[name]; ok {
				if err := decodeExpr(a.Expr, nil, v); err != nil {
					return nil, fmt.Errorf(`provider "hipaa" %s: %w`, name, err)
				}
			}
		}
		for _, dt := range c.Blocks {
			var args struct {
				Tags map[string]string `json:"tags"`
			}
			if err := decodeBody(dt.Body, nil, &args); err != nil {
				return nil, fmt.Errorf(`provider "hipaa" default_tags: %w`, err)
			}
			p.tags = args.Tags
		}
		switch {
		case alias == "" && p.region != "":
			o.Region = p.region
		case alias != "" && p.region == "":
			return nil, fmt.Errorf(`provider "hipaa" alias %q: set its region`, alias)
		}
		out[alias] = p
	}
	return out, nil
}

// providerOf is the provider of resource block b: the one its provider
// argument names (hipaa.<alias>), else the default one in region.
func providerOf(b *hcl.Block, providers map[string]provider, region string) (provider, error) {
	attrs, _ := b.Body.JustAttributes()
	a, ok := attrs["provider"]
	if !ok {
		return provider{region: region, tags: providers[""].tags}, nil
	}
	addr := b.Labels[0] + "." + b.Labels[1]
	tr, diags := hcl.AbsTraversalForExpr(a.Expr)
	if diags.HasErrors() || len(tr) != 2 || tr.RootName() != "hipaa" {
		return provider{}, fmt.Errorf("%s: provider must be hipaa.<alias>", addr)
	}
	alias, _ := tr[1].(hcl.TraverseAttr)
	p, ok := providers[alias.Name]
	if !ok || alias.Name == "" {
		return provider{}, fmt.Errorf("%s: no provider \"hipaa\" has alias %q", addr, alias.Name)
	}
	return p, nil
}

// render writes the keys first, so that the other resources can refer to
// them, then the VPCs, which databases can refer to, and the databases and
// buckets before the backup plans that back them up. Each resource is made
// with the aws provider of its hipaa provider's region.
func (e *File) render(blocks hcl.Blocks, o Options, providers map[string]provider, vars map[string]*variable) error {
	var errs []error
	each := func(typ string, render func(b *hcl.Block, p provider) error) {
		for _, b := range blocks {
			if b.Type != "resource" || b.Labels[0] != typ {
				continue
			}
			p, err := providerOf(b, providers, o.Region)
			if err == nil {
				e.inRegion(p.region, func() { err = render(b, p) })
			}
			errs = append(errs, err)
		}
	}
	for _, b := range blocks {
		if typ := b.Labels[0]; b.Type == "resource" && !slices.Contains(Supported, typ) {
			errs = append(errs, fmt.Errorf("%s.%s: eject supports %s; %s is not supported yet", typ, b.Labels[1], strings.Join(Supported, ", "), typ))
		}
	}
	keyARNs := map[string]cty.Value{}
	each(kmskey.ResourceType, func(b *hcl.Block, p provider) error {
		s, err := kmsKeySpec(b, p.tags)
		if err != nil {
			return err
		}
		arn := e.KMSKey(b.Labels[1], p.region, s)
		e.graph(b, p.region, executor.Graph(s.Children()))
		placeholder := fmt.Sprintf("arn:aws:kms:%s:%s:key/feedface-0000-4000-8000-%012x", p.region, accountPlaceholder, len(keyARNs)+1)
		e.Refer(placeholder, arn)
		keyARNs[b.Labels[1]] = cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(placeholder)})
		return nil
	})
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}}
	if v := e.placeholders(vars, o.Region); v != cty.NilVal {
		ctx.Variables["var"] = v
	}
	if len(keyARNs) > 0 {
		ctx.Variables[kmskey.ResourceType] = cty.ObjectVal(keyARNs)
	}
	vpcs := map[string]cty.Value{}
	each(vpc.ResourceType, func(b *hcl.Block, p provider) error {
		l, err := vpcLayout(b, ctx, p.region, p.tags)
		if err == nil {
			e.graph(b, p.region, executor.Graph(l.Children()))
			e.VPC(b.Labels[1], l)
			vpcs[b.Labels[1]] = e.vpcOutputs(b.Labels[1], l)
		}
		return err
	})
	if len(vpcs) > 0 {
		ctx.Variables[vpc.ResourceType] = cty.ObjectVal(vpcs)
	}
	arns := map[string]map[string]cty.Value{} // resource type -> name -> {arn}
	each(database.ResourceType, func(b *hcl.Block, p provider) error {
		l, retainLogs, err := databaseLayout(b, ctx, p.region, p.tags)
		if err != nil {
			return err
		}
		e.graph(b, p.region, executor.Graph(l.Children()))
		e.arnOutput(arns, database.ResourceType, b.Labels[1], e.databaseARN(l, p.region), databaseAddress(b.Labels[1], l)+".arn")
		return e.Database(b.Labels[1], l, retainLogs)
	})
	each(audittrail.ResourceType, func(b *hcl.Block, p provider) error {
		l, err := auditTrailLayout(b, ctx, p.region, p.tags)
		if err == nil {
			e.graph(b, p.region, executor.Graph(l.Children()))
			e.AuditTrail(b.Labels[1], l)
		}
		return err
	})
	each(bucket.ResourceType, func(b *hcl.Block, p provider) error {
		l, err := bucketLayout(b, ctx, p.region, p.tags)
		if err == nil {
			e.graph(b, p.region, executor.Graph(l.Children()))
			e.arnOutput(arns, bucket.ResourceType, b.Labels[1], fmt.Sprintf("arn:aws:s3:::hipaagen-bucket-%05x", len(e.refs)),
				"aws_s3_bucket."+label(b.Labels[1], l.Data.Key)+".arn")
			e.Bucket(b.Labels[1], l)
		}
		return err
	})
	for typ, byName := range arns {
		ctx.Variables[typ] = cty.ObjectVal(byName)
	}
	each(backupplan.ResourceType, func(b *hcl.Block, p provider) error {
		l, err := backupPlanLayout(b, ctx, p.region, p.tags)
		if err == nil {
			e.graph(b, p.region, executor.Graph(l.Children()))
			e.BackupPlan(b.Labels[1], l)
		}
		return err
	})
	each(baseline.ResourceType, func(b *hcl.Block, p provider) error {
		l, err := baselineLayout(b, ctx, p.region, p.tags)
		if err == nil {
			e.graph(b, p.region, executor.Graph(l.Children()))
			e.SecurityBaseline(b.Labels[1], l)
		}
		return err
	})
	each(loadbalancer.ResourceType, func(b *hcl.Block, p provider) error {
		l, err := loadBalancerLayout(b, ctx, p.region, p.tags)
		if err == nil {
			e.graph(b, p.region, executor.Graph(l.Children()))
			e.LoadBalancer(b.Labels[1], l)
		}
		return err
	})
	return errors.Join(errs...)
}

// graph records the expansion of resource block b (see Graphs).
func (e *File) graph(b *hcl.Block, region string, children []executor.Child) {
	e.graphs = append(e.graphs, Graph{Address: b.Labels[0] + "." + b.Labels[1], Region: region, Children: children})
}

type exceptionArgs struct {
	Control string `json:"control"`
	Reason  string `json:"reason"`
}

func exceptionsOf(in []exceptionArgs) []compliance.Exception {
	var out []compliance.Exception
	for _, x := range in {
		out = append(out, compliance.Exception{Control: x.Control, Reason: x.Reason})
	}
	return out
}

func kmsKeySpec(b *hcl.Block, defaults map[string]string) (kmskey.Spec, error) {
	var a struct {
		Name               string            `json:"name"`
		Description        string            `json:"description"`
		DeletionWindowDays int               `json:"deletion_window_days"`
		RotationPeriodDays int               `json:"rotation_period_days"`
		AllowedServices    []string          `json:"allowed_services"`
		AdministratorARNs  []string          `json:"administrator_arns"`
		UserARNs           []string          `json:"user_arns"`
		Tags               map[string]string `json:"tags"`
		Exceptions         []exceptionArgs   `json:"exceptions"`
	}
	addr := kmskey.ResourceType + "." + b.Labels[1]
	if err := decodeBody(b.Body, nil, &a); err != nil {
		return kmskey.Spec{}, fmt.Errorf("%s: %w", addr, err)
	}
	s := kmskey.Spec{Name: a.Name, Description: a.Description, DeletionWindowDays: a.DeletionWindowDays,
		RotationPeriodDays: a.RotationPeriodDays, AllowedServices: a.AllowedServices, AdministratorARNs: a.AdministratorARNs,
		UserARNs: a.UserARNs, Tags: a.Tags, DefaultTags: defaults, Exceptions: exceptionsOf(a.Exceptions)}.WithDefaults()
	if err := refusal(kmskey.ResourceType, kmskey.Validate(s), kmskey.Check(s), s.Exceptions); err != nil {
		return kmskey.Spec{}, fmt.Errorf("%s: %w", addr, err)
	}
	return s, nil
}

func vpcLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (vpc.Layout, error) {
	var a struct {
		Name              string   `json:"name"`
		CIDRBlock         string   `json:"cidr_block"`
		AvailabilityZones []string `json:"availability_zones"`
		NATGateways       string   `json:"nat_gateways"`
		DatabasePorts     []int    `json:"database_ports"`
		AllowHTTP         bool     `json:"allow_http"`
		FlowLogs          struct {
			KMSKeyARN     string `json:"kms_key_arn"`
			RetentionDays int    `json:"retention_days"`
			TrafficType   string `json:"traffic_type"`
		} `json:"flow_logs"`
		InterfaceEndpoints      []string          `json:"interface_endpoints"`
		RetainFlowLogsOnDestroy *bool             `json:"retain_flow_logs_on_destroy"`
		Tags                    map[string]string `json:"tags"`
		Exceptions              []exceptionArgs   `json:"exceptions"`
	}
	addr := vpc.ResourceType + "." + b.Labels[1]
	if err := decodeBody(b.Body, ctx, &a); err != nil {
		return vpc.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	s := vpc.Spec{Name: a.Name, CIDRBlock: a.CIDRBlock, AvailabilityZones: a.AvailabilityZones,
		NATGateways: vpc.NATMode(a.NATGateways), DatabasePorts: a.DatabasePorts, AllowHTTP: a.AllowHTTP,
		FlowLogs:           vpc.FlowLogs{KMSKeyARN: a.FlowLogs.KMSKeyARN, RetentionDays: a.FlowLogs.RetentionDays, TrafficType: a.FlowLogs.TrafficType},
		InterfaceEndpoints: a.InterfaceEndpoints, Tags: a.Tags, DefaultTags: defaults, Region: region,
		Exceptions:              exceptionsOf(a.Exceptions),
		RetainFlowLogsOnDestroy: a.RetainFlowLogsOnDestroy == nil || *a.RetainFlowLogsOnDestroy}.WithDefaults()
	if len(s.AvailabilityZones) == 0 {
		return vpc.Layout{}, fmt.Errorf("%s: set availability_zones: eject does not look up the region's zones", addr)
	}
	if err := refusal(vpc.ResourceType, nil, vpc.Check(s), s.Exceptions); err != nil {
		return vpc.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	l, err := vpc.Expand(s)
	if err != nil {
		return vpc.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	return l, nil
}

// refusal is what the provider refuses at plan under compliance_mode
// "enforce": input errors, bad exceptions, and violations no exception
// waives; nil when there is none.
func refusal(resourceType string, input []compliance.InputError, v []compliance.Violation, ex []compliance.Exception) error {
	var errs []error
	for _, ie := range input {
		errs = append(errs, ie)
	}
	diags := append(compliance.ValidateExceptions(resourceType, ex, compliance.Unknown{}), compliance.Evaluate(resourceType, compliance.ModeEnforce, v, ex).Diagnostics...)
	for _, d := range diags {
		if d.Severity == compliance.SeverityError {
			errs = append(errs, fmt.Errorf("%s: %s", d.Summary, d.Detail))
		}
	}
	return errors.Join(errs...)
}

// decodeBody evaluates every argument of body (which must hold no blocks)
// and decodes them, as one JSON object, into out; an argument out does not
// know is refused.
func decodeBody(body hcl.Body, ctx *hcl.EvalContext, out any) error {
	attrs, diags := body.JustAttributes()
	if diags.HasErrors() {
		return diags
	}
	vals := map[string]cty.Value{}
	for name, a := range attrs {
		if name == "provider" { // a resource's meta-argument: see providerOf
			continue
		}
		v, diags := a.Expr.Value(ctx)
		if diags.HasErrors() {
			return fmt.Errorf("%s: eject needs literal values (or references to hipaa_kms_key, hipaa_database and hipaa_bucket arns and hipaa_vpc outputs): %w", name, diags)
		}
		vals[name] = v
	}
	return decodeValue(cty.ObjectVal(vals), out)
}

func decodeExpr(expr hcl.Expression, ctx *hcl.EvalContext, out any) error {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return diags
	}
	return decodeValue(v, out)
}

func decodeValue(v cty.Value, out any) error {
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(out); err != nil {
		return fmt.Errorf("unsupported argument or value: %w", err)
	}
	return nil
}

// vpcOutputs stands for the id and subnet ID lists of an ejected hipaa_vpc:
// placeholders that pass validation and render as references.
func (e *File) vpcOutputs(name string, l vpc.Layout) cty.Value {
	id := fmt.Sprintf("vpc-feedface%05x", len(e.refs))
	e.Refer(id, "aws_vpc."+label(name, l.VPC.Key)+".id")
	out := map[string]cty.Value{"id": cty.StringVal(id)}
	for _, t := range vpc.Tiers {
		var ids []cty.Value
		for _, az := range l.AZs {
			k := vpc.SubnetKey(t, az)
			sid := fmt.Sprintf("subnet-feedface%05x", len(e.refs))
			e.Refer(sid, "aws_subnet."+label(name, k)+".id")
			ids = append(ids, cty.StringVal(sid))
		}
		out[string(t)+"_subnet_ids"] = cty.ListVal(ids)
	}
	return cty.ObjectVal(out)
}

// arnOutput stands for the arn of an ejected resource: a placeholder ARN
// that passes validation, recorded in arns[typ][name], and renders as ref.
func (e *File) arnOutput(arns map[string]map[string]cty.Value, typ, name, placeholder, ref string) {
	e.Refer(placeholder, ref)
	if arns[typ] == nil {
		arns[typ] = map[string]cty.Value{}
	}
	arns[typ][name] = cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(placeholder)})
}

// databaseAddress is the address of what hipaa_database's arn names: the
// ejected instance, or the Aurora cluster.
func databaseAddress(name string, l database.Layout) string {
	if c := l.Cluster; c != nil {
		return databaseTypes[database.KindCluster] + "." + label(name, c.Key)
	}
	return databaseTypes[database.KindInstance] + "." + label(name, l.Instance.Key)
}

// databaseARN is a placeholder for the database's ARN in region.
func (e *File) databaseARN(l database.Layout, region string) string {
	kind := "db"
	if l.Cluster != nil {
		kind = "cluster"
	}
	return fmt.Sprintf("arn:aws:rds:%s:%s:%s:hipaagen-database-%05x", region, accountPlaceholder, kind, len(e.refs))
}

type databaseArgs struct {
	Identifier                 string            `json:"identifier"`
	Engine                     string            `json:"engine"`
	EngineVersion              string            `json:"engine_version"`
	InstanceClass              string            `json:"instance_class"`
	AllocatedStorage           int               `json:"allocated_storage"`
	MaxAllocatedStorage        int               `json:"max_allocated_storage"`
	StorageType                string            `json:"storage_type"`
	VPCID                      string            `json:"vpc_id"`
	SubnetIDs                  []string          `json:"subnet_ids"`
	AllowedSecurityGroupIDs    []string          `json:"allowed_security_group_ids"`
	AllowedCIDRBlocks          []string          `json:"allowed_cidr_blocks"`
	Port                       int               `json:"port"`
	KMSKeyARN                  string            `json:"kms_key_arn"`
	BackupRetentionDays        *int              `json:"backup_retention_days"`
	BackupWindow               string            `json:"backup_window"`
	MaintenanceWindow          string            `json:"maintenance_window"`
	MasterUsername             string            `json:"master_username"`
	MasterPasswordRotationDays int               `json:"master_password_rotation_days"`
	DatabaseName               string            `json:"database_name"`
	MultiAZ                    *bool             `json:"multi_az"`
	InstanceCount              int               `json:"instance_count"`
	DeletionProtection         *bool             `json:"deletion_protection"`
	PerformanceInsights        *bool             `json:"performance_insights"`
	MonitoringIntervalSeconds  *int              `json:"monitoring_interval_seconds"`
	LogRetentionDays           int               `json:"log_retention_days"`
	AllowMajorVersionUpgrade   bool              `json:"allow_major_version_upgrade"`
	ApplyImmediately           bool              `json:"apply_immediately"`
	Tags                       map[string]string `json:"tags"`
	Exceptions                 []exceptionArgs   `json:"exceptions"`
	RetainLogsOnDestroy        *bool             `json:"retain_logs_on_destroy"`
	Timeouts                   map[string]string `json:"timeouts"` // the provider's own waits; hashicorp/aws has its own defaults
	Proxy                      *struct {
		Enabled                  bool `json:"enabled"`
		IdleClientTimeoutSeconds int  `json:"idle_client_timeout_seconds"`
		DebugLogging             bool `json:"debug_logging"`
	} `json:"proxy"`
}

// databaseLayout also reports whether the log groups outlive the database
// (retain_logs_on_destroy, default true).
func databaseLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (database.Layout, bool, error) {
	var a databaseArgs
	addr := database.ResourceType + "." + b.Labels[1]
	if err := decodeBody(b.Body, ctx, &a); err != nil {
		return database.Layout{}, false, fmt.Errorf("%s: %w", addr, err)
	}
	s := database.Spec{Identifier: a.Identifier, Engine: database.Engine(a.Engine), EngineVersion: a.EngineVersion,
		InstanceClass: a.InstanceClass, AllocatedStorage: a.AllocatedStorage, MaxAllocatedStorage: a.MaxAllocatedStorage,
		StorageType: a.StorageType, VPCID: a.VPCID, SubnetIDs: a.SubnetIDs, AllowedSecurityGroupIDs: a.AllowedSecurityGroupIDs,
		AllowedCIDRBlocks: a.AllowedCIDRBlocks, Port: a.Port, KMSKeyARN: a.KMSKeyARN, BackupRetentionDays: a.BackupRetentionDays,
		BackupWindow: a.BackupWindow, MaintenanceWindow: a.MaintenanceWindow, MasterUsername: a.MasterUsername,
		MasterPasswordRotationDays: a.MasterPasswordRotationDays, DatabaseName: a.DatabaseName, MultiAZ: a.MultiAZ,
		InstanceCount: a.InstanceCount, DeletionProtection: a.DeletionProtection, PerformanceInsights: a.PerformanceInsights,
		MonitoringIntervalSeconds: a.MonitoringIntervalSeconds, LogRetentionDays: a.LogRetentionDays,
		AllowMajorVersionUpgrade: a.AllowMajorVersionUpgrade, ApplyImmediately: a.ApplyImmediately,
		Region: region, AccountID: accountPlaceholder, Partition: database.DefaultPartition, // its checks accept only real partitions
		Tags: a.Tags, DefaultTags: defaults, Exceptions: exceptionsOf(a.Exceptions)}
	if a.Proxy != nil {
		s.Proxy = database.Proxy{Enabled: a.Proxy.Enabled, IdleClientTimeoutSeconds: a.Proxy.IdleClientTimeoutSeconds,
			DebugLogging: a.Proxy.DebugLogging}
	}
	s = s.WithDefaults()
	if err := refusal(database.ResourceType, nil, database.Check(s), s.Exceptions); err != nil {
		return database.Layout{}, false, fmt.Errorf("%s: %w", addr, err)
	}
	l, err := database.Expand(s)
	if err != nil {
		return database.Layout{}, false, fmt.Errorf("%s: %w", addr, err)
	}
	return l, a.RetainLogsOnDestroy == nil || *a.RetainLogsOnDestroy, nil
}

// transitionArgs is one element of transitions = [{ days, storage_class }].
type transitionArgs struct {
	Days         int    `json:"days"`
	StorageClass string `json:"storage_class"`
}

// transitionsOf is nil for transitions unset (the default applies).
func transitionsOf(ts []transitionArgs) []s3bucket.Transition {
	if ts == nil {
		return nil
	}
	out := []s3bucket.Transition{}
	for _, t := range ts {
		out = append(out, s3bucket.Transition{Days: t.Days, StorageClass: t.StorageClass})
	}
	return out
}

// replicationArgs is the replication argument { region, kms_key_arn }.
type replicationArgs struct {
	Region    string `json:"region"`
	KMSKeyARN string `json:"kms_key_arn"`
}

// target is the argument's s3bucket.Target; nil when unset.
func (r *replicationArgs) target() *s3bucket.Target {
	if r == nil {
		return nil
	}
	return &s3bucket.Target{Region: r.Region, KMSKeyARN: r.KMSKeyARN}
}

func auditTrailLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (audittrail.Layout, error) {
	var a struct {
		Name                    string            `json:"name"`
		KMSKeyARN               string            `json:"kms_key_arn"`
		CloudWatchRetentionDays int               `json:"cloudwatch_retention_days"`
		Transitions             []transitionArgs  `json:"transitions"`
		ExpireAfterDays         int               `json:"expire_after_days"`
		ObjectLockDays          int               `json:"object_lock_days"`
		DataEventBucketARNs     []string          `json:"data_event_bucket_arns"`
		Replication             *replicationArgs  `json:"replication"`
		RetainOnDestroy         *bool             `json:"retain_on_destroy"`
		Tags                    map[string]string `json:"tags"`
		Exceptions              []exceptionArgs   `json:"exceptions"`
	}
	addr := audittrail.ResourceType + "." + b.Labels[1]
	if err := decodeBody(b.Body, ctx, &a); err != nil {
		return audittrail.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	s := audittrail.Spec{Name: a.Name, KMSKeyARN: a.KMSKeyARN, CloudWatchRetentionDays: a.CloudWatchRetentionDays,
		Transitions: transitionsOf(a.Transitions), ExpireAfterDays: a.ExpireAfterDays,
		ObjectLockDays: a.ObjectLockDays, DataEventBucketARNs: a.DataEventBucketARNs, Replication: a.Replication.target(),
		RetainOnDestroy: a.RetainOnDestroy == nil || *a.RetainOnDestroy,
		Region:          region, AccountID: accountPlaceholder, Partition: partitionPlaceholder,
		Tags: a.Tags, DefaultTags: defaults, Exceptions: exceptionsOf(a.Exceptions)}.WithDefaults()
	if err := refusal(audittrail.ResourceType, nil, audittrail.Check(s), s.Exceptions); err != nil {
		return audittrail.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	l, err := audittrail.Expand(s)
	if err != nil {
		return audittrail.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	return l, nil
}

func bucketLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (bucket.Layout, error) {
	var a struct {
		Name       string `json:"name"`
		KMSKeyARN  string `json:"kms_key_arn"`
		ObjectLock *struct {
			Mode string `json:"mode"`
			Days int    `json:"days"`
		} `json:"object_lock"`
		Transitions                      []transitionArgs  `json:"transitions"`
		ExpireAfterDays                  int               `json:"expire_after_days"`
		NoncurrentVersionExpireAfterDays int               `json:"noncurrent_version_expire_after_days"`
		Replication                      *replicationArgs  `json:"replication"`
		PresignedURLMaxAgeSeconds        int               `json:"presigned_url_max_age_seconds"`
		ReaderARNs                       []string          `json:"reader_arns"`
		WriterARNs                       []string          `json:"writer_arns"`
		AccessLogBucket                  string            `json:"access_log_bucket"`
		RetainOnDestroy                  *bool             `json:"retain_on_destroy"`
		Tags                             map[string]string `json:"tags"`
		Exceptions                       []exceptionArgs   `json:"exceptions"`
		Timeouts                         map[string]string `json:"timeouts"` // the provider's own waits
	}
	addr := bucket.ResourceType + "." + b.Labels[1]
	if err := decodeBody(b.Body, ctx, &a); err != nil {
		return bucket.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	s := bucket.Spec{Name: a.Name, KMSKeyARN: a.KMSKeyARN, Transitions: transitionsOf(a.Transitions), ExpireAfterDays: a.ExpireAfterDays,
		NoncurrentVersionExpireAfterDays: a.NoncurrentVersionExpireAfterDays, PresignedURLMaxAgeSeconds: a.PresignedURLMaxAgeSeconds,
		ReaderARNs: a.ReaderARNs, WriterARNs: a.WriterARNs, AccessLogBucket: a.AccessLogBucket,
		RetainOnDestroy: a.RetainOnDestroy == nil || *a.RetainOnDestroy,
		Region:          region, AccountID: accountPlaceholder, Partition: partitionPlaceholder,
		Tags: a.Tags, DefaultTags: defaults, Exceptions: exceptionsOf(a.Exceptions)}
	if l := a.ObjectLock; l != nil {
		s.ObjectLock = &bucket.ObjectLock{Mode: l.Mode, Days: l.Days}
	}
	s.Replication = a.Replication.target()
	s = s.WithDefaults()
	if err := refusal(bucket.ResourceType, nil, bucket.Check(s), s.Exceptions); err != nil {
		return bucket.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	l, err := bucket.Expand(s)
	if err != nil {
		return bucket.Layout{}, fmt.Errorf("%s: %w", addr, err)
	}
	return l, nil
}

// backupPlanArgs are the arguments of hipaa_backup_plan.
type backupPlanArgs struct {
	Name      string `json:"name"`
	KMSKeyARN string `json:"kms_key_arn"`
	VaultLock *struct {
		Mode              string `json:"mode"`
		MinRetentionDays  int    `json:"min_retention_days"`
		MaxRetentionDays  int    `json:"max_retention_days"`
		ChangeableForDays int    `json:"changeable_for_days"`
	} `json:"vault_lock"`
	Rules []struct {
		Name                    string `json:"name"`
		Schedule                string `json:"schedule"`
		RetentionDays           int    `json:"retention_days"`
		ColdStorageAfterDays    int    `json:"cold_storage_after_days"`
		StartWindowMinutes      int    `json:"start_window_minutes"`
		CompletionWindowMinutes int    `json:"completion_window_minutes"`
		Continuous              bool   `json:"continuous"`
		CopyTo                  []struct {
			Region        string `json:"region"`
			KMSKeyARN     string `json:"kms_key_arn"`
			RetentionDays int    `json:"retention_days"`
		} `json:"copy_to"`
	} `json:"rules"`
	ResourceARNs  []string          `json:"resource_arns"`
	SelectionTags map[string]string `json:"selection_tags"`
	Tags          map[string]string `json:"tags"`
	Exceptions    []exceptionArgs   `json:"exceptions"`
	Timeouts      map[string]string `json:"timeouts"` // the provider's own waits
}

// backupPlanSpec builds the Spec as the provider does from its model.
func backupPlanSpec(a backupPlanArgs, region string, defaults map[string]string) backupplan.Spec {
	s := backupplan.Spec{Name: a.Name, KMSKeyARN: a.KMSKeyARN, ResourceARNs: a.ResourceARNs, SelectionTags: a.SelectionTags,
		Region: region, AccountID: accountPlaceholder, Partition: partitionPlaceholder,
		Tags: a.Tags, DefaultTags: defaults, Exceptions: exceptionsOf(a.Exceptions)}
	if v := a.VaultLock; v != nil {
		s.VaultLock = &backupplan.VaultLock{Mode: backupplan.LockMode(v.Mode), MinRetentionDays: v.MinRetentionDays,
			MaxRetentionDays: v.MaxRetentionDays, ChangeableForDays: v.ChangeableForDays}
	}
	for _, r := range a.Rules {
		rule := backupplan.Rule{Name: r.Name, Schedule: r.Schedule, RetentionDays: r.RetentionDays, ColdStorageAfterDays: r.ColdStorageAfterDays,
			StartWindowMinutes: r.StartWindowMinutes, CompletionWindowMinutes: r.CompletionWindowMinutes, Continuous: r.Continuous}
		for _, c := range r.CopyTo {
			rule.CopyTo = append(rule.CopyTo, backupplan.Copy{Region: c.Region, KMSKeyARN: c.KMSKeyARN, RetentionDays: c.RetentionDays})
		}
		s.Rules = append(s.Rules, rule)
	}
	return s.WithDefaults()
}

// backupPlanLayout decodes a hipaa_backup_plan block, refuses what the
// provider refuses at plan (Validate, then Check under compliance_mode
// "enforce" with the block's exceptions) and expands it.
func backupPlanLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (backupplan.Layout, error) {
	return expandBlock(b, ctx, func(a backupPlanArgs) backupplan.Spec { return backupPlanSpec(a, region, defaults) },
		func(s backupplan.Spec) error {
			return refusal(backupplan.ResourceType, backupplan.Validate(s), backupplan.Check(s), s.Exceptions)
		}, backupplan.Expand)
}

// loadBalancerArgs are the arguments of hipaa_load_balancer.
type loadBalancerArgs struct {
	Name              string   `json:"name"`
	VPCID             string   `json:"vpc_id"`
	SubnetIDs         []string `json:"subnet_ids"`
	InternetFacing    bool     `json:"internet_facing"`
	CertificateARN    string   `json:"certificate_arn"`
	TLSPolicy         string   `json:"tls_policy"`
	AllowedCIDRBlocks []string `json:"allowed_cidr_blocks"`
	Targets           struct {
		Port            int      `json:"port"`
		Protocol        string   `json:"protocol"`
		HealthCheckPath string   `json:"health_check_path"`
		CIDRBlocks      []string `json:"cidr_blocks"`
	} `json:"targets"`
	WAF *struct {
		RateLimitPer5Minutes   int      `json:"rate_limit_per_5_minutes"`
		ManagedRuleGroups      []string `json:"managed_rule_groups"`
		AllowedAdminCIDRBlocks []string `json:"allowed_admin_cidr_blocks"`
		AdminPathPrefix        string   `json:"admin_path_prefix"`
	} `json:"waf"`
	AccessLogBucket  string            `json:"access_log_bucket"`
	LogKMSKeyARN     string            `json:"log_kms_key_arn"`
	LogRetentionDays int               `json:"log_retention_days"`
	Tags             map[string]string `json:"tags"`
	Exceptions       []exceptionArgs   `json:"exceptions"`
	Timeouts         map[string]string `json:"timeouts"` // the provider's own waits
}

// loadBalancerSpec builds the Spec as the provider does from its model.
func loadBalancerSpec(a loadBalancerArgs, region string, defaults map[string]string) loadbalancer.Spec {
	s := loadbalancer.Spec{Name: a.Name, VPCID: a.VPCID, SubnetIDs: a.SubnetIDs, InternetFacing: a.InternetFacing, CertificateARN: a.CertificateARN,
		TLSPolicy: a.TLSPolicy, AllowedCIDRBlocks: a.AllowedCIDRBlocks, AccessLogBucket: a.AccessLogBucket, LogKMSKeyARN: a.LogKMSKeyARN,
		LogRetentionDays: a.LogRetentionDays, Region: region, AccountID: accountPlaceholder, Partition: partitionPlaceholder,
		Tags: a.Tags, DefaultTags: defaults, Exceptions: exceptionsOf(a.Exceptions),
		Targets: loadbalancer.Targets{Port: a.Targets.Port, Protocol: loadbalancer.Protocol(a.Targets.Protocol), HealthCheckPath: a.Targets.HealthCheckPath,
			CIDRBlocks: a.Targets.CIDRBlocks}}
	if w := a.WAF; w != nil {
		s.WAF = loadbalancer.WAF{RateLimitPer5Minutes: w.RateLimitPer5Minutes, ManagedRuleGroups: w.ManagedRuleGroups,
			AllowedAdminCIDRBlocks: w.AllowedAdminCIDRBlocks, AdminPathPrefix: w.AdminPathPrefix}
	}
	return s.WithDefaults()
}

// loadBalancerLayout decodes a hipaa_load_balancer block, refuses what the
// provider refuses at plan and expands it.
func loadBalancerLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (loadbalancer.Layout, error) {
	return expandBlock(b, ctx, func(a loadBalancerArgs) loadbalancer.Spec { return loadBalancerSpec(a, region, defaults) },
		func(s loadbalancer.Spec) error {
			return refusal(loadbalancer.ResourceType, loadbalancer.Validate(s), loadbalancer.Check(s), s.Exceptions)
		}, loadbalancer.Expand)
}

// expandBlock decodes the arguments of resource block b into A, builds
// its Spec with spec, refuses it when check fails and expands it; errors
// name the block.
func expandBlock[A, S, L any](b *hcl.Block, ctx *hcl.EvalContext, spec func(A) S, check func(S) error, expand func(S) (L, error)) (L, error) {
	var a A
	var l L
	addr := b.Labels[0] + "." + b.Labels[1]
	if err := decodeBody(b.Body, ctx, &a); err != nil {
		return l, fmt.Errorf("%s: %w", addr, err)
	}
	s := spec(a)
	if err := check(s); err != nil {
		return l, fmt.Errorf("%s: %w", addr, err)
	}
	l, err := expand(s)
	if err != nil {
		return l, fmt.Errorf("%s: %w", addr, err)
	}
	return l, nil
}
