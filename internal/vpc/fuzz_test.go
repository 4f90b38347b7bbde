package vpc

import (
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// FuzzExpand: Validate, Check and Expand never panic; Expand succeeds exactly
// when there is no input error and no hard violation, and then every
// invariant holds.
func FuzzExpand(f *testing.F) {
	f.Add("10.0.0.0/16", "us-east-1a,us-east-1b,us-east-1c", "one_per_az", 5432, 3306, "kms,logs", false, 0, 0, 0)
	f.Add("192.168.10.0/24", "us-east-1d,us-east-1a", "single", 5432, 0, "", true, 0, 0, 0)
	f.Add("172.16.0.0/20", "use1-az1,use1-az2,use1-az6", "none", 1, 65535, "ecr.api,ecr.dkr", false, 6, 5, 7)
	f.Add("10.0.0.0/28", "us-east-1a,us-east-1b", "one_per_az", 22, 3389, "s3", false, 0, 0, 0)
	f.Add("10.0.0.1/8", "us-east-1a,us-east-1a", "two", -1, 70000, "kms,kms", false, -1, 40, 1)
	f.Add("10.0.0.0/16", "us-east-1h,us-east-1g", "one_per_az", 5432, 5432, "", false, 2, 1, 2)
	f.Fuzz(func(t *testing.T, cidr, azCSV, nat string, p1, p2 int, endpoints string, http bool, nbPub, nbApp, nbData int) {
		s := testSpec(splitCSV(azCSV)...)
		s.CIDRBlock, s.NATGateways, s.AllowHTTP = cidr, NATMode(nat), http
		s.DatabasePorts = []int{}
		for _, p := range []int{p1, p2} {
			if p != 0 {
				s.DatabasePorts = append(s.DatabasePorts, p)
			}
		}
		s.InterfaceEndpoints = splitCSV(endpoints)
		if nbPub != 0 || nbApp != 0 || nbData != 0 {
			s.SubnetNewbits = &TierNewbits{Public: nbPub, App: nbApp, Data: nbData}
		}
		refused := len(Validate(s)) > 0 || len(compliance.HardOnly(Check(s))) > 0
		l, err := Expand(s)
		if refused != (err != nil) {
			t.Fatalf("refused = %v but Expand err = %v", refused, err)
		}
		if err == nil {
			checkInvariants(t, s, l)
		}
	})
}

func splitCSV(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
