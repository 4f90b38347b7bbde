package acctest

import (
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sync"
)

// Operations hashicorp/aws calls when the eject tests and make bench apply
// plain-AWS configurations, which moto does not serve as AWS does.

// ejectRoutes adds the REST routes of registerEject to restRoutes once.
var ejectRoutes sync.Once

// registerEject adds them; routes and handlers are set up as those of
// fake_services.go.
func registerEject(f *fake) {
	registerUpdateSecurityHubConfiguration(f)
	registerConformancePackStatus(f)
}

// Security Hub UpdateSecurityHubConfiguration: aws_securityhub_account
// calls it after EnableSecurityHub (with AutoEnableControls and
// ControlFindingGenerator); moto answers 500. moto's DescribeHub always
// reports AutoEnableControls = true and ControlFindingGenerator =
// SECURITY_CONTROL, so the fake accepts exactly those settings and refuses
// any other, which it could not make DescribeHub report.
func registerUpdateSecurityHubConfiguration(f *fake) {
	ejectRoutes.Do(func() { // once per process: every emulator's fake shares restRoutes
		restRoutes["securityhub"] = append(restRoutes["securityhub"],
			restRoute{"PATCH", regexp.MustCompile(`^/accounts$`), "UpdateSecurityHubConfiguration"})
	})
	f.handlers["securityhub:UpdateSecurityHubConfiguration"] = func(_ *fake, _ *http.Request, b map[string]any) (int, any) {
		if v, ok := b["AutoEnableControls"].(bool); ok && !v {
			return 400, fakeError{"InvalidInputException", "the harness fake cannot turn AutoEnableControls off (moto's DescribeHub always reports true)"}
		}
		if g := str(b, "ControlFindingGenerator"); g != "" && g != "SECURITY_CONTROL" {
			return 400, fakeError{"InvalidInputException", "the harness fake cannot set ControlFindingGenerator " + g + " (moto's DescribeHub always reports SECURITY_CONTROL)"}
		}
		return 200, map[string]any{}
	}
}

// Config DescribeConformancePackStatus as AWS answers it: the packs that
// exist among those named, an empty list when none does (AWS models no
// NoSuchConformancePackException for this operation; the delete waiter of
// aws_config_conformance_pack polls it until the pack is gone).
func registerConformancePackStatus(f *fake) {
	f.handlers["configservice:DescribeConformancePackStatus"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		packs, names := f.table("configservice", "packs"), strs(b, "ConformancePackNames")
		if len(names) == 0 {
			names = slices.Sorted(maps.Keys(packs))
		}
		out := []any{}
		for _, n := range names {
			if p, ok := packs[n].(map[string]any); ok {
				out = append(out, map[string]any{"ConformancePackName": p["ConformancePackName"], "ConformancePackArn": p["ConformancePackArn"],
					"ConformancePackId": p["ConformancePackId"], "ConformancePackState": "CREATE_COMPLETE", "StackArn": "arn:aws:cloudformation:fake"})
			}
		}
		return 200, map[string]any{"ConformancePackStatusDetails": out}
	}
}
