package vpc

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestInterfaceServices_sortedUniqueNoGateway(t *testing.T) {
	if !slices.IsSorted(InterfaceServices) {
		t.Error("InterfaceServices is not sorted")
	}
	for i := 1; i < len(InterfaceServices); i++ {
		if InterfaceServices[i] == InterfaceServices[i-1] {
			t.Errorf("%q is listed twice", InterfaceServices[i])
		}
	}
	for _, svc := range InterfaceServices {
		if !serviceRE.MatchString(svc) {
			t.Errorf("%q does not match serviceRE", svc)
		}
	}
	for _, svc := range append(slices.Clone(gatewayServices), "s3", "dynamodb") {
		if IsInterfaceService(svc) {
			t.Errorf("%q always has a gateway endpoint; it must not be an interface service", svc)
		}
	}
}

func TestIsInterfaceService(t *testing.T) {
	// The names the package's own tests and the provider's tests use.
	for _, svc := range []string{"secretsmanager", "kms", "logs", "sts", "ecr.api", "ecr.dkr", "ssm"} {
		if !IsInterfaceService(svc) {
			t.Errorf("IsInterfaceService(%q) = false", svc)
		}
	}
	for _, svc := range []string{"", "bogus", "Bad", "KMS", " kms", "kms ", "com.amazonaws.us-east-1.kms", "s3", "dynamodb"} {
		if IsInterfaceService(svc) {
			t.Errorf("IsInterfaceService(%q) = true", svc)
		}
	}
}

func TestInterfaceServicesHint(t *testing.T) {
	h := InterfaceServicesHint()
	if got := strings.Split(h, ", "); !slices.Equal(got, InterfaceServices) {
		t.Fatalf("hint %q does not list InterfaceServices in order", h)
	}
}

// TestInterfaceServices_examples: every name an example, bench or preset
// configuration lists in interface_endpoints is accepted.
func TestInterfaceServices_examples(t *testing.T) {
	listRE := regexp.MustCompile(`interface_endpoints\s*=\s*\[([^\]]*)\]`)
	nameRE := regexp.MustCompile(`"[^"]*"`)
	seen := 0
	for _, dir := range []string{"../../examples", "../../bench", "../../internal/blueprint/presets", "../../docs"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !slices.Contains([]string{".tf", ".hcl", ".md"}, filepath.Ext(path)) {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range listRE.FindAllStringSubmatch(string(b), -1) {
				for _, q := range nameRE.FindAllString(m[1], -1) {
					svc, _ := strconv.Unquote(q)
					seen++
					if !IsInterfaceService(svc) {
						t.Errorf("%s lists %q, which is not in InterfaceServices", path, svc)
					}
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if seen == 0 {
		t.Fatal("found no interface_endpoints in examples: the walk is broken")
	}
}
