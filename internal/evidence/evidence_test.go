package evidence

import (
	"strings"
	"testing"
	"time"
)

// showJSON is terraform show -json of a state with a VPC (NET-04 waived)
// in a module and a key, and a resource of another provider.
const showJSON = `{"format_version":"1.0","terraform_version":"1.10.5","values":{"root_module":{
 "resources":[
  {"address":"hipaa_kms_key.phi","mode":"managed","type":"hipaa_kms_key","name":"phi","schema_version":1,
   "values":{"name":"phi","arn":"arn:aws:kms:us-east-1:123456789012:key/0f0e0d0c-0000-4000-8000-000000000001","key_id":"0f0e0d0c-0000-4000-8000-000000000001",
     "alias_arn":"arn:aws:kms:us-east-1:123456789012:alias/phi","policy":"{\"Version\":\"2012-10-17\"}","drift":"","rotation_period_days":365,
     "allowed_services":["logs"],"exceptions":null}},
  {"address":"aws_s3_bucket.other","mode":"managed","type":"aws_s3_bucket","name":"other","schema_version":0,"values":{"bucket":"other"}},
  {"address":"data.hipaa_x.y","mode":"data","type":"hipaa_x","name":"y","schema_version":0,"values":{}}],
 "child_modules":[{"address":"module.net","resources":[
  {"address":"module.net.hipaa_vpc.this","mode":"managed","type":"hipaa_vpc","name":"this","schema_version":1,
   "values":{"name":"main","id":"vpc-0123456789abcdef0","cidr_block":"10.0.0.0/16","nat_gateways":"single",
     "flow_logs":{"kms_key_arn":"arn:aws:kms:us-east-1:123456789012:key/0f0e0d0c-0000-4000-8000-000000000001","retention_days":731,"traffic_type":"ALL"},
     "child_ids":{"vpc":"vpc-0123456789abcdef0","subnet/app/us-east-1a":"subnet-0aaaaaaaaaaaaaaaa","flow_log":"fl-0bbbbbbbbbbbbbbbb"},
     "flow_log_group_name":"/hipaa/vpc/main/flow-logs","vpc_id_input_like":"x",
     "exceptions":[{"control":"NET-04","reason":"one NAT gateway in staging"}]}}]}]}}}`

var schemas = map[string]Schema{
	"hipaa_kms_key":     {Version: 1, Computed: []string{"arn", "key_id", "alias_arn", "policy", "drift", "id"}},
	"hipaa_vpc":         {Version: 1, Computed: []string{"id", "child_ids", "flow_log_group_name", "drift"}},
	"hipaa_backup_plan": {Version: 1},
	"hipaa_database":    {Version: 1},
}

var readAt = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func build(t *testing.T, data string) *Bundle {
	t.Helper()
	rs, err := ParseState([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(rs, Options{Environment: "staging", ReadAt: readAt, Sources: []string{"test"}, Schemas: schemas})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func controlNamed(b *Bundle, id string) Control {
	for _, c := range b.Controls {
		if c.ID == id {
			return c
		}
	}
	return Control{}
}

// TestBuild_statuses: by construction, by argument with the values state
// holds, waived with its reason, not applicable; the inventory from the
// computed attributes only, with kinds.
func TestBuild_statuses(t *testing.T) {
	b := build(t, showJSON)
	if b.Summary.Resources != 2 {
		t.Fatalf("resources: %d, want the key and the VPC (not the aws_* or data resources)", b.Summary.Resources)
	}
	cases := map[string]string{
		"NET-02": StatusConstruction, "NET-09": StatusArgument, "NET-04": StatusWaived, "KEY-02": StatusArgument,
		"DB-01": StatusNotApplicable, "BAK-03": StatusNotApplicable, "AUD-01": StatusNotCovered,
	}
	for id, want := range cases {
		if got := controlNamed(b, id).Status; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	net09 := controlNamed(b, "NET-09").Resources[0]
	if net09.Values["flow_logs.retention_days"] != float64(731) || net09.Values["flow_logs.traffic_type"] != "ALL" {
		t.Errorf("NET-09 values: %v", net09.Values)
	}
	net04 := controlNamed(b, "NET-04").Resources[0]
	if net04.Reason != "one NAT gateway in staging" || net04.Address != "module.net.hipaa_vpc.this" {
		t.Errorf("NET-04: %+v", net04)
	}
	if len(b.Exceptions) != 1 || !b.Exceptions[0].FirstSeen.Equal(readAt) {
		t.Errorf("exceptions: %+v", b.Exceptions)
	}
	var kinds []string
	for _, m := range b.Inventory {
		for _, o := range m.Objects {
			kinds = append(kinds, o.Kind+"="+o.ID)
		}
	}
	want := []string{"kms alias=arn:aws:kms:us-east-1:123456789012:alias/phi",
		"kms key=arn:aws:kms:us-east-1:123456789012:key/0f0e0d0c-0000-4000-8000-000000000001",
		"ec2 subnet=subnet-0aaaaaaaaaaaaaaaa", "ec2 vpc=vpc-0123456789abcdef0", "ec2 vpc-flow-log=fl-0bbbbbbbbbbbbbbbb", "flow log group=/hipaa/vpc/main/flow-logs"}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Errorf("inventory:\n%s\nwant\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
}

// TestBuild_previousKeepsFirstSeen: an exception an earlier bundle listed
// keeps the time it was first seen.
func TestBuild_previousKeepsFirstSeen(t *testing.T) {
	rs, _ := ParseState([]byte(showJSON))
	earlier := readAt.Add(-30 * 24 * time.Hour)
	prev := &Bundle{Exceptions: []Waiver{{Control: "NET-04", Address: "module.net.hipaa_vpc.this", FirstSeen: earlier}}}
	b, err := Build(rs, Options{Environment: "staging", ReadAt: readAt, Schemas: schemas, Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Exceptions[0].FirstSeen.Equal(earlier) {
		t.Errorf("first seen %s, want %s", b.Exceptions[0].FirstSeen, earlier)
	}
}

// TestParseState_stateFile: a state file (format 4) gives the same
// resources, addressed with module and index.
func TestParseState_stateFile(t *testing.T) {
	rs, err := ParseState([]byte(`{"version":4,"terraform_version":"1.10.5","serial":3,"lineage":"x","outputs":{},"resources":[
	 {"module":"module.net","mode":"managed","type":"hipaa_vpc","name":"this","provider":"provider[\"registry.terraform.io/hipaa-iac/hipaa\"]",
	  "instances":[{"index_key":"a","schema_version":1,"attributes":{"id":"vpc-1"}},{"schema_version":1,"attributes":{"id":"vpc-2"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Address != `module.net.hipaa_vpc.this["a"]` || rs[1].Address != "module.net.hipaa_vpc.this" || rs[1].Values["id"] != "vpc-2" {
		t.Errorf("resources: %+v", rs)
	}
}

// TestParseState_faults: each bad input gets an error that says what is
// wrong.
func TestParseState_faults(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"truncated":       {showJSON[:len(showJSON)/2], "truncated JSON"},
		"invalid":         {`{"format_version": 1.0,,}`, "invalid JSON at byte"},
		"empty":           {``, "truncated JSON"},
		"trailing data":   {`{"version":4,"resources":[]} {}`, "data after the document"},
		"not a state":     {`{"hello":"world"}`, "not a Terraform state"},
		"plan":            {`{"format_version":"1.2","planned_values":{}}`, "no state values"},
		"newer format":    {`{"format_version":"2.0","values":{}}`, "format 2.0"},
		"state version 3": {`{"version":3,"modules":[]}`, "version 3"},
		"no hipaa":        {`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","values":{}}]}}}`, "no hipaa_* resource"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseState([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestBuild_newerSchema: a state written by a newer provider, or holding a
// type this hipaagen does not know, is refused, naming the resource.
func TestBuild_newerSchema(t *testing.T) {
	for _, tc := range []struct{ typ, want string }{
		{"hipaa_vpc", "schema version 2; this hipaagen knows hipaa_vpc up to version 1"},
		{"hipaa_load_balancer", "does not know hipaa_load_balancer"},
	} {
		_, err := Build([]Resource{{Address: tc.typ + ".x", Type: tc.typ, SchemaVersion: 2}}, Options{Schemas: schemas})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.typ+".x") {
			t.Errorf("%s: error %v, want %q", tc.typ, err, tc.want)
		}
	}
}

// TestRender_formats: the CSV has a row per control and resource, the HTML
// names the environment and every control, the text summary counts.
func TestRender_formats(t *testing.T) {
	b := build(t, showJSON)
	data, err := b.CSV()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "NET-04,") || !strings.Contains(string(data), "one NAT gateway in staging") {
		t.Errorf("CSV lacks the waiver:\n%s", data)
	}
	page, err := b.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Controls {
		if !strings.Contains(string(page), `id="`+c.ID+`"`) {
			t.Errorf("the page has no row for %s", c.ID)
		}
	}
	if text := b.Text(); !strings.Contains(text, "waived                         1  NET-04") || !strings.Contains(text, "NET-04 on module.net.hipaa_vpc.this: one NAT gateway in staging") {
		t.Errorf("text:\n%s", text)
	}
}
