package compliance

import (
	"regexp"
	"slices"
	"strings"
)

// Child is a kind of child object of a resource type and the controls it
// implements. A drift line that names the child puts those controls in
// doubt (hipaagen evidence --verify).
type Child struct {
	Kind string // for the reader: "flow log and its role"
	// Names are how the resource's drift lines name the child: substrings
	// such as its kind as written ("log group") or its key ("flow-log").
	Names []string
	// Controls it implements; none when no control depends on it (tags, a
	// description): a difference there is reported but drifts no control.
	Controls []string
}

// children lists, per resource type, its child kinds, most specific
// first: a drift line names the first kind whose name it holds. A new
// resource type declares its children here.
var children = map[string][]Child{
	"hipaa_kms_key": {
		{"tags and description", []string{"tags differ", "description differs"}, nil},
		{"alias", []string{"alias "}, nil},
		{"rotation", []string{"rotation period"}, []string{"KEY-02"}},
	},
	"hipaa_vpc": {
		{"tags", []string{"tags differ"}, nil},
		{"default security group", []string{"default security group", "sg/default"}, []string{"NET-05"}},
		{"flow log group", []string{"log group"}, []string{"NET-09", "AUD-06", "KEY-01"}},
		{"flow log and its role", []string{"flow-log", "flow log"}, []string{"NET-09"}},
		{"network ACLs, entries and associations", []string{"nacl"}, []string{"NET-08"}},
		{"VPC endpoints", []string{"endpoint/"}, []string{"NET-10"}},
		{"endpoint security group", []string{"sg/endpoints"}, []string{"NET-06", "NET-07"}},
		{"NAT gateways and elastic IPs", []string{"nat/", "eip/", "elastic IP"}, []string{"NET-04"}},
		{"route tables, routes and associations", []string{"rtb/", "rtbassoc/"}, []string{"NET-03", "NET-04"}},
		{"internet gateway", []string{"internet gateway", "igw"}, []string{"NET-03"}},
		{"subnets", []string{"subnet"}, []string{"NET-01"}},
	},
	"hipaa_database": {
		{"tags", []string{"tags differ"}, nil},
		{"log groups", []string{"log group"}, []string{"DB-07", "AUD-06", "KEY-01"}},
		{"proxy and its role", []string{"DB proxy", "IAM role"}, []string{"DB-13"}},
		{"parameter groups", []string{"parameter group"}, []string{"DB-08"}},
		{"subnet and security groups", []string{"DB subnet group", "security group"}, []string{"DB-09"}},
		{"Performance Insights", []string{"Performance Insights"}, []string{"DB-14"}},
		{"size, version, windows and snapshot tags", []string{"class is", "storage is", "storage type is", "provisioned IOPS", "storage autoscaling ceiling",
			" runs ", "window is", "does not copy tags"}, nil},
	},
	"hipaa_audit_trail": {
		{"tags", []string{"tags differ"}, nil},
		{"replication", []string{"-replication", "replication rule"}, []string{"STO-08"}},
		{"CloudWatch Logs role", []string{"role "}, []string{"AUD-04"}},
		{"log bucket of the trail", []string{"delivers to bucket"}, []string{"AUD-01"}},
	},
	"hipaa_bucket": {
		{"tags", []string{"tags differ"}, nil},
		{"replication", []string{"-replication", "replication rule"}, []string{"STO-08"}},
	},
	"hipaa_load_balancer": { // most lines cite their control
		{"tags", []string{"tags differ"}, nil},
		{"placement and leftovers", []string{"subnets are", "IP address type", "health check matcher", "is left from an earlier"}, nil},
	},
	"hipaa_backup_plan": {
		{"tags", []string{"tags differ"}, nil},
		{"backup role", []string{"role "}, []string{"BAK-04", "BAK-05"}},
	},
	"hipaa_security_baseline": {
		{"tags", []string{"tags differ"}, nil},
		{"replication", []string{"-replication", "replication rule"}, []string{"STO-08"}},
		{"GuardDuty", []string{"GuardDuty"}, []string{"DET-01"}},
		{"Config buckets", []string{"bucket "}, []string{"DET-03"}},
	},
}

// Children lists a resource type's child kinds, most specific first.
func Children(resourceType string) []Child { return slices.Clone(children[resourceType]) }

// Attribution is the controls one drift line puts in doubt.
type Attribution struct {
	Line     string
	Controls []string // catalog order
	// Child is the kind the line names; "" when it names controls itself,
	// or nothing known (then Controls are all the resource's).
	Child string
}

var controlID = regexp.MustCompile(`\b[A-Z]{2,3}-[0-9]{2}\b`)

// continuations start the second part of a drift line that holds "; "
// itself: the tag differences (tags.Describe), a role's inline policies,
// the database proxy role's policy.
var continuations = []string{"missing ", "changed ", "not wanted ", "apply replaces ", "IAMNoInlinePolicy"}

// Attribute maps a resource's drift text (lines joined with "; ") to
// controls, line by line: a line that cites controls of the resource
// ("(NET-02)") puts those in doubt; else the first child kind it names,
// that kind's controls; else every control of the resource.
func Attribute(resourceType, drift string) []Attribution {
	var out []Attribution
	for _, l := range strings.Split(drift, "; ") {
		switch {
		case l == "":
		case len(out) > 0 && slices.ContainsFunc(continuations, func(p string) bool { return strings.HasPrefix(l, p) }):
			out[len(out)-1].Line += "; " + l
		default:
			out = append(out, attribute(resourceType, l))
		}
	}
	return out
}

func attribute(resourceType, line string) Attribution {
	a := Attribution{Line: line}
	for _, c := range ForResource(resourceType) {
		if slices.Contains(controlID.FindAllString(line, -1), c.ID) {
			a.Controls = append(a.Controls, c.ID)
		}
	}
	if len(a.Controls) > 0 {
		return a
	}
	for _, ch := range children[resourceType] {
		if slices.ContainsFunc(ch.Names, func(n string) bool { return strings.Contains(line, n) }) {
			a.Child, a.Controls = ch.Kind, inCatalogOrder(ch.Controls)
			return a
		}
	}
	for _, c := range ForResource(resourceType) {
		a.Controls = append(a.Controls, c.ID)
	}
	return a
}

func inCatalogOrder(ids []string) []string {
	var out []string
	for _, c := range catalog {
		if slices.Contains(ids, c.ID) {
			out = append(out, c.ID)
		}
	}
	return out
}
