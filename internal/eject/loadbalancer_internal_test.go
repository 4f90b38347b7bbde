package eject

import (
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/loadbalancer"
)

// TestLoadBalancer_everyKind: each child kind has a resource type, but
// the rules, which are one resource per rule (see lbTypes).
func TestLoadBalancer_everyKind(t *testing.T) {
	for _, k := range loadbalancer.Kinds {
		if _, ok := lbTypes[k]; ok == (k == loadbalancer.KindSecurityGroupRule) {
			t.Errorf("kind %s: in lbTypes %t", k, ok)
		}
	}
}
