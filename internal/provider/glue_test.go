package provider_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sdkAllowed are the non-test files of this package that may still import
// the AWS SDK, each with why. Nothing else may: the provider is framework
// glue (schema, model ↔ Spec, CRUD that delegates); reading and
// classifying AWS objects belongs to the resource packages.
var sdkAllowed = map[string]string{}

// TestProviderLayer_noAWSSDK fails when a non-test file of internal/provider
// imports github.com/aws/aws-sdk-go-v2/... (or smithy-go) outside sdkAllowed.
func TestProviderLayer_noAWSSDK(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no Go files in the working directory: the test must run in internal/provider")
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		var sdk []string
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2") || strings.HasPrefix(p, "github.com/aws/smithy-go") {
				sdk = append(sdk, p)
			}
		}
		_, allowed := sdkAllowed[name]
		switch {
		case len(sdk) > 0 && !allowed:
			t.Errorf("%s imports %s: the provider is framework glue; read AWS in the resource's package (an Import, Observe or accessor "+
				"there) and convert its plain values here", name, strings.Join(slices.Compact(sdk), ", "))
		case len(sdk) == 0 && allowed:
			t.Logf("%s no longer imports the AWS SDK: remove it from sdkAllowed", name)
		}
	}
}
