package vpc

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current expansion")

// goldenSpecs are canonical layouts that must never change without a new
// LayoutVersion: a changed file means every existing VPC would plan changes.
var goldenSpecs = map[string]Spec{
	"two_az_single_nat": {
		Name: "staging", CIDRBlock: "10.20.0.0/16", Region: "us-west-2", AvailabilityZones: []string{"us-west-2b", "us-west-2a"},
		NATGateways: NATSingle, DatabasePorts: []int{5432}, AllowHTTP: true,
		FlowLogs: FlowLogs{KMSKeyARN: "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"},
		Tags:     map[string]string{"env": "staging"},
	},
	"three_az_telehealth": {
		Name: "telehealth", CIDRBlock: "10.0.0.0/16", Region: "us-east-1", AvailabilityZones: zones(3),
		FlowLogs:           FlowLogs{KMSKeyARN: testKeyARN, RetentionDays: 731},
		InterfaceEndpoints: []string{"secretsmanager", "kms", "logs", "sts", "ecr.api", "ecr.dkr", "ssm"},
		Tags:               map[string]string{"app": "telehealth", "data-class": "phi"},
		DefaultTags:        map[string]string{"cost-center": "clinical"},
	},
	"six_az_small": {
		Name: "patients", CIDRBlock: "172.16.0.0/20", Region: "us-east-1", AvailabilityZones: zones(6),
		NATGateways: NATNone, DatabasePorts: []int{5432, 3306, 6379},
		FlowLogs:                FlowLogs{KMSKeyARN: testKeyARN, RetentionDays: 3653},
		RetainFlowLogsOnDestroy: true,
	},
}

type golden struct {
	Layout   Layout
	Children []Child
	Count    map[Kind]int
}

func TestExpand_golden(t *testing.T) {
	for name, s := range goldenSpecs {
		t.Run(name, func(t *testing.T) {
			l := mustExpand(t, s)
			checkInvariants(t, s, l)
			got, err := json.MarshalIndent(golden{l, l.Children(), l.Count()}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/vpc/ -run TestExpand_golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("layout of %s differs from %s: an existing VPC would change; bump LayoutVersion with an upgrader, "+
					"or run with -update if the change is intended", name, path)
			}
		})
	}
}
