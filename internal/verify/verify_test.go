package verify

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
)

var schema = &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{
	{Name: "name", Type: tftypes.String},
	{Name: "retention_days", Type: tftypes.Number},
	{Name: "enabled", Type: tftypes.Bool},
	{Name: "zones", Type: tftypes.List{ElementType: tftypes.String}},
	{Name: "child_ids", Type: tftypes.Map{ElementType: tftypes.String}},
	{Name: "flow_logs", Type: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"traffic_type": tftypes.String}}},
	{Name: "drift", Type: tftypes.String},
}}}

// decode gives the values as terraform show -json writes them, and nil
// for a removed resource.
func TestDecode(t *testing.T) {
	in := map[string]any{"name": "main", "retention_days": float64(731), "enabled": true, "zones": []any{"us-east-1a", "us-east-1b"},
		"child_ids": map[string]any{"flow-log": "fl-1"}, "flow_logs": map[string]any{"traffic_type": "ALL"}, "drift": nil}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(&tfprotov6.DynamicValue{JSON: raw}, schema)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Errorf("decode: %v, %v\nwant %v", got, err, in)
	}
	null, err := tfprotov6.NewDynamicValue(schema.ValueType(), tftypes.NewValue(schema.ValueType(), nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decode(&null, schema); got != nil || err != nil {
		t.Errorf("a null state: %v, %v", got, err)
	}
}

// The call log keeps each call, with its outcome and whether it writes.
func TestCallLog(t *testing.T) {
	l := &callLog{}
	for _, c := range []awsclient.Call{{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs"},
		{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs", Err: errors.New("throttled")},
		{Region: "us-east-1", Service: "ec2", Operation: "DeleteFlowLogs", Err: &awsclient.WriteRefusedError{Service: "ec2", Operation: "DeleteFlowLogs"}}} {
		l.add(c)
	}
	want := []evidence.Call{{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs", Count: 1},
		{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs", Count: 1, Errors: 1},
		{Region: "us-east-1", Service: "ec2", Operation: "DeleteFlowLogs", Count: 1, Errors: 1, Write: true}}
	if got := l.calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls %+v\nwant %+v", got, want)
	}
}

// The provider configuration sets the region, and the profile, one
// endpoint for every service and the default tags when given.
func TestConfigJSON(t *testing.T) {
	got, err := configJSON(Config{Profile: "audit", Endpoint: "http://127.0.0.1:5000", DefaultTags: map[string]string{"team": "x"}}, "us-west-2")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Region, Profile string
		Endpoints       map[string]string
		DefaultTags     struct{ Tags map[string]string } `json:"default_tags"`
	}
	if err := json.Unmarshal(got, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "us-west-2" || cfg.Profile != "audit" || len(cfg.Endpoints) != len(awsclient.Services) || cfg.Endpoints["ec2"] != "http://127.0.0.1:5000" ||
		cfg.DefaultTags.Tags["team"] != "x" {
		t.Errorf("config %s", got)
	}
	if got, _ := configJSON(Config{}, "us-east-1"); string(got) != `{"region":"us-east-1"}` {
		t.Errorf("config %s", got)
	}
}
