package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// ErrNoGraphviz is returned by SVG when Graphviz's dot is not installed.
var ErrNoGraphviz = errors.New("dot (Graphviz) not found on PATH: install it with apt-get install graphviz")

// SVG renders a DOT graph with Graphviz's dot.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, ErrNoGraphviz
	}
	cmd := exec.CommandContext(ctx, path, "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dot -Tsvg: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out.Bytes(), nil
}

// Inline is an SVG document as an HTML page holds it: without its XML
// declaration, doctype and namespace declarations (HTML gives them), so
// the page names no URL at all.
func Inline(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	for _, ns := range []string{` xmlns="http://www.w3.org/2000/svg"`, ` xmlns:xlink="http://www.w3.org/1999/xlink"`} {
		svg = bytes.ReplaceAll(svg, []byte(ns), nil)
	}
	return bytes.TrimSpace(svg)
}
