package evidence

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Statuses of a control in an environment.
const (
	// StatusConstruction: every resource that implements the control
	// always builds it that way; no argument can turn it off.
	StatusConstruction = "satisfied by construction"
	// StatusArgument: the control depends on arguments (Arguments), which
	// the provider checked at plan; their values are in the report.
	StatusArgument = "satisfied by argument"
	// StatusWaived: an exception on a resource waives it, with a reason.
	StatusWaived = "waived"
	// StatusNotApplicable: no resource of the environment implements it.
	StatusNotApplicable = "not applicable"
	// StatusNotCovered: only resources this provider does not ship yet
	// implement it.
	StatusNotCovered = "not covered by this provider"
)

// Statuses lists every status, in report order.
var Statuses = []string{StatusConstruction, StatusArgument, StatusWaived, StatusNotApplicable, StatusNotCovered}

// Bundle is the evidence of one environment.
type Bundle struct {
	Environment string    `json:"environment"`
	ReadAt      time.Time `json:"read_at"` // when the state was read
	Sources     []string  `json:"sources"` // the states read
	Summary     Summary   `json:"summary"`
	Controls    []Control `json:"controls"`
	Exceptions  []Waiver  `json:"exceptions"`
	NotCovered  []Gap     `json:"not_covered"`
	Inventory   []Managed `json:"inventory"`
	// Verification is what re-reading the resources from AWS found
	// (hipaagen evidence --verify; Verify); nil without.
	Verification *Verification `json:"verification,omitempty"`
	// Diagrams picture each resource's expansion in the HTML report; the
	// caller draws them (internal/diagram.FromState).
	Diagrams []Diagram `json:"-"`
	// DiagramsLeftOut says why there are no diagrams ("" when drawn).
	DiagramsLeftOut string `json:"-"`
}

// Diagram is the picture of one resource's expansion: an inline SVG, or
// why there is none.
type Diagram struct {
	Address string
	SVG     string // trusted markup made by Graphviz from the layout
	Error   string
}

// Summary counts controls by status, exceptions and objects.
type Summary struct {
	Controls   map[string]int `json:"controls"`
	Resources  int            `json:"resources"`
	Exceptions int            `json:"exceptions"`
	Objects    int            `json:"objects"`
}

// Control is one control of the catalog in this environment.
type Control struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Requirement string   `json:"requirement"`
	Status      string   `json:"status"`
	Citations   []string `json:"citations"`
	Basis       string   `json:"basis"`
	// Config, SecurityHub and CDKNag are its AWS Config rules, Security
	// Hub controls and cdk-nag rules (the catalog's anchors).
	Config      []string `json:"aws_config"`
	SecurityHub []string `json:"security_hub"`
	CDKNag      []string `json:"cdk_nag"`
	// Arguments are the arguments it depends on (none: by construction).
	Arguments []string         `json:"arguments"`
	Resources []Implementation `json:"resources"`
	// Verification: verified, or drifted on some resource; nil when not
	// verified, or no resource that does not waive it implements it.
	Verification *Check `json:"verification,omitempty"`
}

// Implementation is one resource implementing a control: whether it holds
// or is waived there, the arguments' values, and its AWS objects.
type Implementation struct {
	Address string         `json:"address"`
	Type    string         `json:"type"`
	Status  string         `json:"status"`
	Reason  string         `json:"reason,omitempty"` // of a waiver
	Values  map[string]any `json:"values,omitempty"` // the control's arguments
	Objects []string       `json:"objects"`          // IDs and ARNs
	// Verification on this resource; nil when not verified or waived.
	Verification *Check `json:"verification,omitempty"`
}

// Waiver is one exception of one resource.
type Waiver struct {
	Control   string    `json:"control"`
	Address   string    `json:"address"`
	Type      string    `json:"type"`
	Reason    string    `json:"reason"`
	FirstSeen time.Time `json:"first_seen"`
}

// Managed is one hipaa_* resource and the AWS objects it manages.
type Managed struct {
	Address string   `json:"address"`
	Type    string   `json:"type"`
	Objects []Object `json:"objects"`
}

// Object is one AWS object under management, as state records it.
type Object struct {
	Kind      string `json:"kind"`      // "ec2 subnet", "s3 bucket"
	ID        string `json:"id"`        // its ID, name or ARN
	Attribute string `json:"attribute"` // where state holds it: "child_ids[\"subnet/app/us-east-1a\"]"
}

// Options shape a bundle.
type Options struct {
	Environment string
	ReadAt      time.Time
	Sources     []string
	// Schemas are the provider's resource schemas by type.
	Schemas map[string]Schema
	// Previous is an earlier bundle of the environment: an exception it
	// lists keeps its first_seen.
	Previous *Bundle
}

// Build makes the bundle of resources (the hipaa_* resources of every
// state of the environment).
func Build(rs []Resource, o Options) (*Bundle, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("environment %q: no hipaa_* resource", o.Environment)
	}
	if err := checkSchemas(rs, o.Schemas); err != nil {
		return nil, err
	}
	rs = slices.Clone(rs)
	// Stable: resources of one address in several states keep their order.
	slices.SortStableFunc(rs, func(a, b Resource) int { return strings.Compare(a.Address, b.Address) })
	b := &Bundle{Environment: o.Environment, ReadAt: o.ReadAt.UTC(), Sources: o.Sources, NotCovered: NotCovered(),
		Summary: Summary{Controls: map[string]int{}, Resources: len(rs)}}
	objects := map[string][]Object{}
	for _, r := range rs {
		objs := inventory(r, o.Schemas[r.Type])
		objects[r.Address] = objs
		b.Inventory = append(b.Inventory, Managed{Address: r.Address, Type: r.Type, Objects: objs})
		b.Summary.Objects += len(objs)
		for _, x := range exceptions(r) {
			b.Exceptions = append(b.Exceptions, Waiver{Control: x.Control, Address: r.Address, Type: r.Type, Reason: x.Reason,
				FirstSeen: o.firstSeen(x.Control, r.Address)})
		}
	}
	for _, c := range compliance.Catalog() {
		ctl := control(c, rs, objects, o.Schemas)
		b.Controls = append(b.Controls, ctl)
		b.Summary.Controls[ctl.Status]++
	}
	b.Summary.Exceptions = len(b.Exceptions)
	return b, nil
}

// firstSeen is when the previous bundle first saw the exception, else now.
func (o Options) firstSeen(control, address string) time.Time {
	if o.Previous != nil {
		for _, w := range o.Previous.Exceptions {
			if w.Control == control && w.Address == address && !w.FirstSeen.IsZero() {
				return w.FirstSeen.UTC()
			}
		}
	}
	return o.ReadAt.UTC()
}

// control is c's evidence: waived if any resource waives it, satisfied
// (by argument when it reads arguments) if some resource implements it,
// not applicable if none does here, not covered if no shipped resource
// type can.
func control(c compliance.Control, rs []Resource, objects map[string][]Object, schemas map[string]Schema) Control {
	ctl := Control{ID: c.ID, Title: c.Title, Requirement: c.Requirement, Citations: c.Citations, Basis: string(c.Basis),
		Arguments: compliance.Arguments(c.ID), Config: anchors(c, "cfg:"), SecurityHub: anchors(c, "sh:"), CDKNag: anchors(c, "nag:")}
	satisfied := StatusConstruction
	if len(ctl.Arguments) > 0 {
		satisfied = StatusArgument
	}
	ctl.Status = StatusNotApplicable
	if !slices.ContainsFunc(c.Resources, func(t string) bool { _, ok := schemas[t]; return ok }) {
		ctl.Status = StatusNotCovered
	}
	for _, r := range rs {
		if !slices.Contains(c.Resources, r.Type) {
			continue
		}
		impl := Implementation{Address: r.Address, Type: r.Type, Status: satisfied, Values: argumentValues(r, ctl.Arguments)}
		for _, o := range objects[r.Address] {
			impl.Objects = append(impl.Objects, o.ID)
		}
		if x, ok := waiver(r, c.ID); ok {
			impl.Status, impl.Reason, impl.Values = StatusWaived, x.Reason, nil
		}
		ctl.Resources = append(ctl.Resources, impl)
	}
	switch {
	case slices.ContainsFunc(ctl.Resources, func(i Implementation) bool { return i.Status == StatusWaived }):
		ctl.Status = StatusWaived
	case len(ctl.Resources) > 0:
		ctl.Status = satisfied
	}
	return ctl
}

func anchors(c compliance.Control, prefix string) []string {
	out := []string{}
	for _, a := range c.Anchors {
		if s, ok := strings.CutPrefix(a, prefix); ok {
			out = append(out, s)
		}
	}
	return out
}

// exceptions are the resource's recorded exceptions = [{ control, reason }].
func exceptions(r Resource) []compliance.Exception {
	list, _ := r.Values["exceptions"].([]any)
	var out []compliance.Exception
	for _, e := range list {
		m, _ := e.(map[string]any)
		c, _ := m["control"].(string)
		reason, _ := m["reason"].(string)
		if c != "" {
			out = append(out, compliance.Exception{Control: c, Reason: reason})
		}
	}
	return out
}

func waiver(r Resource, control string) (compliance.Exception, bool) {
	i := slices.IndexFunc(exceptions(r), func(x compliance.Exception) bool { return x.Control == control })
	if i < 0 {
		return compliance.Exception{}, false
	}
	return exceptions(r)[i], true
}

// argumentValues are the values state holds for a control's arguments
// (paths such as "flow_logs.retention_days"; "rules.copy_to.kms_key_arn"
// collects the column across list elements). Null values are left out.
func argumentValues(r Resource, args []string) map[string]any {
	out := map[string]any{}
	for _, a := range args {
		if v := valueAt(r.Values, strings.Split(a, ".")); v != nil {
			out[a] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func valueAt(v any, path []string) any {
	if len(path) == 0 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		return valueAt(x[path[0]], path[1:])
	case []any:
		var col []any
		for _, e := range x {
			if ev := valueAt(e, path); ev != nil {
				col = append(col, ev)
			}
		}
		if len(col) == 0 {
			return nil
		}
		return col
	}
	return nil
}

// inventory lists the AWS objects state records for r: every ID, name and
// ARN among its computed-only attributes (maps and lists included), once
// each.
func inventory(r Resource, s Schema) []Object {
	var out []Object
	seen := map[string]bool{}
	add := func(attr, id string) {
		if id == "" || seen[id] || !looksLikeObject(attr, id) {
			return
		}
		seen[id] = true
		out = append(out, Object{Kind: kindOf(attr, id), ID: id, Attribute: attr})
	}
	for _, name := range slices.Sorted(slices.Values(s.Computed)) {
		switch v := r.Values[name].(type) {
		case string:
			add(name, v)
		case []any:
			for _, e := range v {
				if id, ok := e.(string); ok {
					add(name, id)
				}
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if id, ok := v[k].(string); ok {
					add(fmt.Sprintf("%s[%q]", name, k), id)
				}
			}
		}
	}
	// A name or ID that an ARN of the same resource ends with is that
	// object again: keep the ARN, which names its kind.
	out = slices.DeleteFunc(out, func(o Object) bool {
		return !strings.HasPrefix(o.ID, "arn:") && slices.ContainsFunc(out, func(a Object) bool {
			return strings.HasPrefix(a.ID, "arn:") && (strings.HasSuffix(a.ID, "/"+o.ID) || strings.HasSuffix(a.ID, ":"+o.ID))
		})
	})
	// By kind, then where state holds it: stable from one apply to the
	// next, as the IDs AWS draws are not.
	slices.SortStableFunc(out, func(a, b Object) int {
		return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Attribute, b.Attribute), strings.Compare(a.ID, b.ID))
	})
	return out
}

// looksLikeObject keeps IDs, names and ARNs and drops the other computed
// values: the drift report, JSON documents, endpoints' host names, and an
// id that is a name (the object is listed under its ARN or name).
func looksLikeObject(attr, v string) bool {
	root := strings.SplitN(attr, "[", 2)[0]
	switch {
	case root == "drift", strings.HasPrefix(v, "{"), strings.ContainsAny(v, " \n"):
		return false
	case strings.HasPrefix(v, "arn:"):
		return true
	}
	if root == "id" { // the Terraform identity: an object only when it is an AWS ID
		i := strings.Index(v, "-")
		_, known := idPrefixes[v[:max(i, 0)]]
		return i > 0 && known
	}
	return root == "child_ids" || strings.HasSuffix(root, "_id") || strings.HasSuffix(root, "_ids") ||
		strings.HasSuffix(root, "_name") || strings.HasSuffix(root, "_arn") || strings.HasSuffix(root, "_arns") || root == "subnets"
}

// kindOf names the kind of an object from its ARN, its ID's prefix, or the
// attribute that holds it.
func kindOf(attr, id string) string {
	if rest, ok := strings.CutPrefix(id, "arn:"); ok {
		parts := strings.SplitN(rest, ":", 5) // partition, service, region, account, resource
		if len(parts) == 5 {
			service, res := parts[1], parts[4]
			if service == "s3" {
				return "s3 bucket"
			}
			if i := strings.IndexAny(res, "/:"); i > 0 {
				res = res[:i]
			}
			return service + " " + res
		}
	}
	if i := strings.Index(id, "-"); i > 0 {
		if k, ok := idPrefixes[id[:i]]; ok {
			return k
		}
	}
	root := strings.SplitN(attr, "[", 2)[0]
	if root == "child_ids" {
		key := strings.TrimSuffix(strings.TrimPrefix(attr, `child_ids["`), `"]`)
		return strings.SplitN(key, "/", 2)[0]
	}
	for _, suffix := range []string{"_name", "_ids", "_id"} {
		root = strings.TrimSuffix(root, suffix)
	}
	return strings.ReplaceAll(root, "_", " ")
}

// idPrefixes name the kind of the EC2 and RDS IDs hipaa_* resources
// record.
var idPrefixes = map[string]string{
	"vpc": "ec2 vpc", "subnet": "ec2 subnet", "rtb": "ec2 route-table", "acl": "ec2 network-acl", "nat": "ec2 natgateway",
	"igw": "ec2 internet-gateway", "vpce": "ec2 vpc-endpoint", "fl": "ec2 vpc-flow-log", "sg": "ec2 security-group",
	"eipalloc": "ec2 elastic-ip", "sgr": "ec2 security-group-rule",
}
