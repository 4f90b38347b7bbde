package vpc

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
)

// vpcBlankers make each argument unknown as the provider's conversion does.
var vpcBlankers = compliancetest.Blankers[Spec]{
	"name":                        func(s *Spec) { s.Name = "" },
	"region":                      func(s *Spec) { s.Region = "" },
	"cidr_block":                  func(s *Spec) { s.CIDRBlock = "" },
	"availability_zones":          func(s *Spec) { s.AvailabilityZones = nil },
	"nat_gateways":                func(s *Spec) { s.NATGateways = "" },
	"database_ports":              func(s *Spec) { s.DatabasePorts = nil },
	"allow_http":                  func(s *Spec) { s.AllowHTTP = false },
	"interface_endpoints":         func(s *Spec) { s.InterfaceEndpoints = nil },
	"tags":                        func(s *Spec) { s.Tags = nil },
	"flow_logs":                   func(s *Spec) { s.FlowLogs = FlowLogs{} },
	"flow_logs.kms_key_arn":       func(s *Spec) { s.FlowLogs.KMSKeyARN = "" },
	"flow_logs.retention_days":    func(s *Spec) { s.FlowLogs.RetentionDays = 0 },
	"flow_logs.traffic_type":      func(s *Spec) { s.FlowLogs.TrafficType = "" },
	"subnet_newbits":              func(s *Spec) { s.SubnetNewbits = nil },
	"exceptions":                  func(s *Spec) { s.Exceptions = nil },
	"retain_flow_logs_on_destroy": func(s *Spec) { s.RetainFlowLogsOnDestroy = false },
}

// vpcMutations are valid and invalid settings that random specs combine.
var vpcMutations = []func(*Spec){
	func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a"} },
	func(s *Spec) { s.AvailabilityZones = zones(4) },
	func(s *Spec) { s.AvailabilityZones = []string{"us-east-1a", "us-east-1e"} },
	func(s *Spec) { s.AvailabilityZones = []string{"bad zone"} },
	func(s *Spec) { s.AvailabilityZones = []string{} },
	func(s *Spec) { s.CIDRBlock = "10.0.0.0/24" },
	func(s *Spec) { s.CIDRBlock = "10.0.0.0/28" },
	func(s *Spec) { s.CIDRBlock = "8.8.0.0/16" },
	func(s *Spec) { s.CIDRBlock = "nonsense" },
	func(s *Spec) { s.Name = "Bad Name!" },
	func(s *Spec) { s.Region = "moon" },
	func(s *Spec) { s.NATGateways = NATSingle },
	func(s *Spec) { s.NATGateways = "bogus" },
	func(s *Spec) { s.DatabasePorts = []int{22, 5432} },
	func(s *Spec) { s.DatabasePorts = []int{0} },
	func(s *Spec) { s.DatabasePorts = []int{1, 2, 3, 4, 5, 6, 7, 8} },
	func(s *Spec) { s.FlowLogs.KMSKeyARN = "" },
	func(s *Spec) { s.FlowLogs.KMSKeyARN = "alias/aws/logs" },
	func(s *Spec) { s.FlowLogs.KMSKeyARN = "garbage" },
	func(s *Spec) { s.FlowLogs.RetentionDays = 30 },
	func(s *Spec) { s.FlowLogs.RetentionDays = 100 },
	func(s *Spec) { s.FlowLogs.TrafficType = "REJECT" },
	func(s *Spec) { s.FlowLogs.TrafficType = "NONE" },
	func(s *Spec) { s.InterfaceEndpoints = []string{"bogus", "kms", "s3"} },
	func(s *Spec) { s.InterfaceEndpoints = []string{"kms", "kms"} },
	func(s *Spec) { s.Tags = map[string]string{"aws:x": "1", "ok": strings.Repeat("v", 300)} },
	func(s *Spec) { s.SubnetNewbits = &TierNewbits{Data: 3} },
	func(s *Spec) { s.SubnetNewbits = &TierNewbits{Public: 1} },
}

// TestRules: every rule declares what it reads (an unknown argument hides
// only the rules that read it), fires on some random spec, and no unknown
// argument or element adds a finding (compliancetest.Suite).
func TestRules(t *testing.T) {
	compliancetest.Suite[Spec]{
		Blankers:  vpcBlankers,
		Unblanked: []string{"DefaultTags"}, // provider configuration, known at plan
		Valid:     func(*rand.Rand) Spec { return testSpec(zones(3)...) },
		Mutations: vpcMutations,
		Tables: []compliancetest.Table[Spec]{
			compliancetest.Rules("rawInputRules", nil, rawInputRules),
			compliancetest.Rules("inputRules", Spec.WithDefaults, inputRules),
			compliancetest.Rules("controlRules", Spec.WithDefaults, controlRules),
		},
		Evaluate: Evaluate,
		Partly: []compliancetest.Partly[Spec]{
			compliancetest.Set("availability_zones", func(s *Spec) *[]string { return &s.AvailabilityZones }),
			compliancetest.List("database_ports", func(s *Spec) *[]int { return &s.DatabasePorts }),
			compliancetest.Set("interface_endpoints", func(s *Spec) *[]string { return &s.InterfaceEndpoints }),
			compliancetest.Map("tags", func(s *Spec) *map[string]string { return &s.Tags }),
		},
		Seed: 12,
	}.Run(t)
}

// A violation found with every value known is still found when an
// argument it does not read is unknown, and suppressed when one it reads is.
func TestEvaluate_unknownHidesOnlyWhatReadsIt(t *testing.T) {
	s := testSpec("us-east-1a")
	s.Name = "Bad Name!"
	var u compliance.Unknown
	u.Value("flow_logs.kms_key_arn")
	s.FlowLogs.KMSKeyARN = ""
	f := Evaluate(s, u)
	if !slices.ContainsFunc(f.Violations, func(v compliance.Violation) bool { return v.Control == "NET-01" }) {
		t.Errorf("NET-01 (one zone) hidden by an unknown flow-log key: %+v", f.Violations)
	}
	if !slices.ContainsFunc(f.Input, func(e InputError) bool { return e.Attribute == "name" }) {
		t.Errorf("name not refused with an unknown flow-log key: %+v", f.Input)
	}
	if slices.ContainsFunc(f.Violations, func(v compliance.Violation) bool { return v.Attribute == "flow_logs.kms_key_arn" }) {
		t.Errorf("a finding on the unknown key leaked: %+v", f.Violations)
	}

	// A set with some unknown elements: the known ones are still checked.
	s = testSpec(zones(2)...)
	s.InterfaceEndpoints = []string{"bogus"}
	s.DatabasePorts = []int{22}
	u = compliance.Unknown{}
	u.Elements("interface_endpoints", false)
	u.Elements("database_ports", true)
	f = Evaluate(s, u)
	if !slices.ContainsFunc(f.Input, func(e InputError) bool { return e.Attribute == "interface_endpoints" }) {
		t.Errorf("known element \"bogus\" not refused beside unknown ones: %+v", f.Input)
	}
	if !slices.ContainsFunc(f.Violations, func(v compliance.Violation) bool { return v.Control == "NET-08" }) {
		t.Errorf("known port 22 not refused beside unknown ones: %+v", f.Violations)
	}
}
