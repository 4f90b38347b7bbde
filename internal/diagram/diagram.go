// Package diagram draws a resource's expansion: the children of its
// Layout, grouped by region, tier and availability zone as their keys
// name them, with an arrow from each child to the children that need it
// (transitive needs left out).
// DOT is pure; SVG runs Graphviz.
package diagram

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

var (
	azPattern     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+[a-z]$`)
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	tiers         = []string{"public", "app", "data"}
)

// node is one box: a child, or several children of one kind that need
// exactly the same children (NACL entries of one NACL), drawn once.
type node struct {
	id                 string
	kind               string
	keys               []string
	deps               []string // child keys
	region, tier, zone string
}

// place is the cluster path of a node: region, then tier, then zone.
func (n node) place() []string {
	var p []string
	if n.region != "" {
		p = append(p, "region "+n.region)
	}
	if n.tier != "" {
		p = append(p, n.tier+" tier")
	}
	if n.zone != "" {
		p = append(p, n.zone)
	}
	return p
}

// DOT renders children (one resource's Layout, in creation order) as a
// Graphviz digraph titled title. The output is deterministic.
func DOT(title string, children []executor.Child) []byte {
	nodes, of := group(children)
	edges := reduce(nodes, of)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n", title)
	fmt.Fprintf(&b, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, label=%q, labelloc=t, nodesep=0.15, ranksep=0.4, newrank=true];\n", title)
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#5b6b7b\", fontname=\"Helvetica\", fontsize=9, margin=\"0.08,0.03\"];\n")
	b.WriteString("  edge [color=\"#8a96a3\", arrowsize=0.5];\n")
	writeClusters(&b, nodes, nil, 1)
	for _, e := range edges {
		fmt.Fprintf(&b, "  %q -> %q;\n", e[0], e[1])
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// group places every child and merges the children of one kind, parent
// key and place whose dependencies are equal; of maps a child key to its
// node's index.
func group(children []executor.Child) ([]node, map[string]int) {
	of := map[string]int{}
	var nodes []node
	byShape := map[string]int{}
	for _, c := range children {
		deps := slices.Clone(c.DependsOn)
		slices.Sort(deps)
		n := node{id: c.Key, kind: c.Kind, keys: []string{c.Key}, deps: deps}
		for _, seg := range strings.Split(c.Key, "/") {
			switch {
			case azPattern.MatchString(seg):
				n.zone = seg
			case regionPattern.MatchString(seg):
				n.region = seg
			case slices.Contains(tiers, seg) && n.tier == "":
				n.tier = seg
			}
		}
		shape := strings.Join(append([]string{c.Kind, parent(c.Key), strings.Join(n.place(), "/")}, deps...), "\x00")
		if i, ok := byShape[shape]; ok && len(deps) > 0 {
			nodes[i].keys = append(nodes[i].keys, c.Key)
			of[c.Key] = i
			continue
		}
		byShape[shape] = len(nodes)
		of[c.Key] = len(nodes)
		nodes = append(nodes, n)
	}
	// A child in a zone but of no tier (a NAT gateway, its address) sits in
	// the tier of a child of the same zone it needs, or that needs it.
	for i := range nodes {
		n := &nodes[i]
		if n.zone == "" || n.tier != "" {
			continue
		}
		for _, d := range n.deps {
			if m := nodes[of[d]]; m.zone == n.zone && m.tier != "" {
				n.tier = m.tier
				break
			}
		}
	}
	for i := range nodes {
		n := &nodes[i]
		if n.zone == "" || n.tier != "" {
			continue
		}
		for _, m := range nodes {
			if m.zone == n.zone && m.tier != "" && slices.ContainsFunc(m.deps, func(d string) bool { return of[d] == i }) {
				n.tier = m.tier
				break
			}
		}
	}
	return nodes, of
}

// parent is a key without its last segment ("" for a one-segment key).
func parent(key string) string {
	if i := strings.LastIndex(key, "/"); i >= 0 {
		return key[:i]
	}
	return ""
}

// reduce returns the edges between nodes, dependency first, without those
// implied by a longer path (transitive reduction), in a stable order.
func reduce(nodes []node, of map[string]int) [][2]string {
	succ := make([][]int, len(nodes))
	for i, n := range nodes {
		for _, d := range n.deps {
			j := of[d]
			if j != i && !slices.Contains(succ[j], i) {
				succ[j] = append(succ[j], i)
			}
		}
	}
	var reach func(from, to, skip int, seen map[int]bool) bool
	reach = func(from, to, skip int, seen map[int]bool) bool {
		for _, s := range succ[from] {
			if s == skip || seen[s] {
				continue
			}
			if s == to {
				return true
			}
			seen[s] = true
			if reach(s, to, -1, seen) {
				return true
			}
		}
		return false
	}
	var edges [][2]string
	for j := range nodes {
		for _, i := range succ[j] {
			if !reach(j, i, i, map[int]bool{}) {
				edges = append(edges, [2]string{nodes[j].id, nodes[i].id})
			}
		}
	}
	slices.SortFunc(edges, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	return edges
}

// writeClusters writes the nodes whose place starts with prefix: those
// placed exactly there, then one cluster per next place segment.
func writeClusters(b *strings.Builder, nodes []node, prefix []string, depth int) {
	indent := strings.Repeat("  ", depth)
	var subs []string
	for _, n := range nodes {
		p := n.place()
		if len(p) < len(prefix) || !slices.Equal(p[:len(prefix)], prefix) {
			continue
		}
		if len(p) == len(prefix) {
			fmt.Fprintf(b, "%s%q [label=%q];\n", indent, n.id, label(n))
			continue
		}
		if !slices.Contains(subs, p[len(prefix)]) {
			subs = append(subs, p[len(prefix)])
		}
	}
	slices.Sort(subs)
	for _, s := range subs {
		path := append(slices.Clone(prefix), s)
		fmt.Fprintf(b, "%ssubgraph %q {\n", indent, "cluster "+strings.Join(path, " / "))
		fmt.Fprintf(b, "%s  label=%q; style=\"rounded,filled\"; color=\"#c5d0db\"; fillcolor=%q; fontsize=10;\n", indent, s, fill(len(path)))
		writeClusters(b, nodes, path, depth+1)
		fmt.Fprintf(b, "%s}\n", indent)
	}
}

func fill(depth int) string {
	return []string{"#f4f7fa", "#e8eff6", "#dce7f1"}[min(depth, 3)-1]
}

// label is a node's text: its kind, then its key, or its keys' count.
func label(n node) string {
	kind := strings.ReplaceAll(n.kind, "_", " ")
	if len(n.keys) == 1 {
		return kind + "\n" + n.keys[0]
	}
	return fmt.Sprintf("%s × %d\n%s/…", kind, len(n.keys), parent(n.keys[0]))
}
