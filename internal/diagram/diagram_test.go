package diagram_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/diagram"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
)

const network = `
resource "hipaa_kms_key" "logs" {
  name             = "logs"
  allowed_services = ["logs"]
}
resource "hipaa_vpc" "prod" {
  name               = "prod"
  cidr_block         = "10.0.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  flow_logs          = { kms_key_arn = hipaa_kms_key.logs.arn }
}
`

func vpcChildren(t *testing.T) []executor.Child {
	t.Helper()
	gs, err := eject.Graphs("main.tf", []byte(network), eject.Options{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.Address == "hipaa_vpc.prod" {
			return g.Children
		}
	}
	t.Fatal("no hipaa_vpc.prod graph")
	return nil
}

var (
	nodeLine  = regexp.MustCompile(`^\s*"([^"]+)" \[label="([^"]*)"\];$`)
	edgeLine  = regexp.MustCompile(`^\s*"([^"]+)" -> "([^"]+)";$`)
	openLine  = regexp.MustCompile(`^\s*subgraph "cluster ([^"]+)" \{$`)
	countPart = regexp.MustCompile(` × (\d+)\\n`)
)

// parsed is what a DOT output says: the cluster path of every node, its
// label, and the edges.
type parsed struct {
	place map[string]string
	label map[string]string
	edges map[[2]string]bool
}

func parse(t *testing.T, dot []byte) parsed {
	t.Helper()
	p := parsed{place: map[string]string{}, label: map[string]string{}, edges: map[[2]string]bool{}}
	var stack []string
	for _, line := range strings.Split(string(dot), "\n") {
		switch {
		case openLine.MatchString(line):
			stack = append(stack, openLine.FindStringSubmatch(line)[1])
		case strings.TrimSpace(line) == "}" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		case nodeLine.MatchString(line):
			m := nodeLine.FindStringSubmatch(line)
			if _, dup := p.place[m[1]]; dup {
				t.Errorf("node %s drawn twice", m[1])
			}
			p.place[m[1]] = "" // clusters are named by their whole path
			if len(stack) > 0 {
				p.place[m[1]] = stack[len(stack)-1]
			}
			p.label[m[1]] = m[2]
		case edgeLine.MatchString(line):
			m := edgeLine.FindStringSubmatch(line)
			p.edges[[2]string{m[1], m[2]}] = true
		}
	}
	return p
}

// TestDOT_network draws a two-AZ network: every child is drawn once (alone
// or counted in a merged box), subnets, route tables and NAT gateways sit
// in their tier and zone, NACL entries of one direction merge into one box,
// dependencies point from the needed child to the one needing it, and an
// edge implied by a longer path is left out.
func TestDOT_network(t *testing.T) {
	children := vpcChildren(t)
	dot := diagram.DOT("hipaa_vpc.prod", children)
	if !bytes.Equal(dot, diagram.DOT("hipaa_vpc.prod", children)) {
		t.Fatal("DOT is not deterministic")
	}
	p := parse(t, dot)
	drawn := 0
	for id, l := range p.label {
		if m := countPart.FindStringSubmatch(l); m != nil {
			var n int
			for _, c := range m[1] {
				n = n*10 + int(c-'0')
			}
			drawn += n
			continue
		}
		if !strings.HasSuffix(l, `\n`+id) {
			t.Errorf("node %s has label %q", id, l)
		}
		drawn++
	}
	if drawn != len(children) {
		t.Errorf("%d children drawn, the layout has %d", drawn, len(children))
	}
	for id, want := range map[string]string{
		"public/us-east-1a":         "public tier / us-east-1a",
		"app/us-east-1b":            "app tier / us-east-1b",
		"data/us-east-1a":           "data tier / us-east-1a",
		"rtb/app/us-east-1b":        "app tier / us-east-1b",
		"nat/us-east-1b":            "public tier / us-east-1b", // placed by the subnet it needs
		"eip/us-east-1a":            "public tier / us-east-1a", // placed by the NAT gateway that needs it
		"nacl/data":                 "data tier",
		"rtb/public":                "public tier",
		"vpc":                       "",
		"flow-log":                  "",
		"nacl/data/in/100":          "data tier",
		"naclassoc/data/us-east-1b": "data tier / us-east-1b",
	} {
		if got, ok := p.place[id]; !ok || got != want {
			t.Errorf("%s: drawn in %q (drawn: %v), want %q", id, got, ok, want)
		}
	}
	if l := p.label["nacl/data/in/100"]; !strings.Contains(l, "network acl entry × ") || !strings.Contains(l, `\nnacl/data/in/…`) {
		t.Errorf("data NACL ingress entries are drawn as %q, want one counted box", l)
	}
	for _, e := range [][2]string{{"vpc", "app/us-east-1a"}, {"public/us-east-1a", "nat/us-east-1a"}, {"nat/us-east-1a", "rtb/app/us-east-1a/default"}, {"flow-log/role/policy/attachment", "flow-log"}} {
		if !p.edges[e] {
			t.Errorf("no edge %s -> %s", e[0], e[1])
		}
	}
	if p.edges[[2]string{"flow-log/role", "flow-log"}] {
		t.Error("edge flow-log/role -> flow-log drawn, though the role reaches the flow log through its policy attachment")
	}
}

// TestDOT_regions puts a backup plan's copy vault in its region's cluster.
func TestDOT_regions(t *testing.T) {
	p := parse(t, diagram.DOT("plan", []executor.Child{
		{Kind: "backup_vault", Key: "vault"},
		{Kind: "backup_vault", Key: "copy/us-west-2/vault"},
		{Kind: "backup_plan", Key: "plan", DependsOn: []string{"vault", "copy/us-west-2/vault"}},
	}))
	if p.place["copy/us-west-2/vault"] != "region us-west-2" || p.place["vault"] != "" || p.place["plan"] != "" {
		t.Errorf("places: %v", p.place)
	}
}

// TestSVG renders the network with Graphviz: a well-formed SVG naming the
// resource, and Inline strips what an HTML page cannot hold.
func TestSVG(t *testing.T) {
	svg, err := diagram.SVG(context.Background(), diagram.DOT("hipaa_vpc.prod", vpcChildren(t)))
	if err != nil {
		t.Fatal(err) // no Graphviz: make docs-site-deps installs it
	}
	in := diagram.Inline(svg)
	if !bytes.HasPrefix(in, []byte("<svg")) || !bytes.Contains(in, []byte("hipaa_vpc.prod")) || !bytes.Contains(in, []byte("nat/us&#45;east&#45;1a")) {
		t.Fatalf("unexpected SVG: %.300s", in)
	}
	d := xml.NewDecoder(bytes.NewReader(in))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("SVG does not parse: %v", err)
			}
			break
		}
	}
}
