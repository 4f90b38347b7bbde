// Command docsite builds the docs site (make docs-site): it stages docs/
// with a page per control under --stage and runs mkdocs into --out.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/docsite"
)

func main() {
	docs := flag.String("docs", "docs", "the registry-format docs tfplugindocs writes")
	stage := flag.String("stage", "bin/site-src", "where to stage the site's sources")
	out := flag.String("out", "bin/site", "where to write the site")
	flag.Parse()
	if err := run(*docs, *stage, *out); err != nil {
		fmt.Fprintln(os.Stderr, "docsite:", err)
		os.Exit(1)
	}
	fmt.Printf("site written to %s (open %s/index.html, or make docs-serve)\n", *out, *out)
}

func run(docs, stage, out string) error {
	if err := docsite.Stage(docs, stage); err != nil {
		return err
	}
	return docsite.Build(stage, out)
}
