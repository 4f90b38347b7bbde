package eject_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/eject"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

func TestMain(m *testing.M) { os.Exit(acctest.Main(m)) }

var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"hipaa": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// TestAccEject_vpc applies bench/hipaa-vpc (a hipaa_kms_key and a 3-AZ
// hipaa_vpc with NAT per AZ and 4 interface endpoints) with the provider and
// snapshots every AWS object with the SDK; then, on a reset emulator, it
// applies the ejected configuration with hashicorp/aws 5.100.0, snapshots
// again and requires the same objects (names, CIDRs, rules, routes,
// associations, policies, tags; IDs aside), an empty plan and a clean destroy.
func TestAccEject_vpc(t *testing.T) {
	emu := parallelEmulator(t)
	p := emu.NewProxy(t)
	src, err := os.ReadFile("../../bench/hipaa-vpc/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	list := func() snapshot {
		return listVPC(t, emu, "hipaa_vpc/bench", "/hipaa/vpc/bench/flow-logs", "hipaa-vpc-bench-flow-logs", "alias/bench-flow-logs")
	}
	want := applyHipaa(t, string(src), config.Variables{"endpoint": config.StringVariable(p.URL())}, list)
	requireChildren(t, want, benchLayout(t))

	emu.Reset(t)
	start := time.Now()
	out, err := eject.Config("main.tf", src, eject.Options{Emulator: true})
	if err != nil {
		t.Fatal(err)
	}
	tf := newCLI(t, out, p.URL())
	tf.applyEjected(want, list)
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}

// listedKinds are the child kinds the snapshot keys by "<kind> <layout key>".
var listedKinds = []vpc.Kind{vpc.KindVPC, vpc.KindSubnet, vpc.KindInternetGateway, vpc.KindEIP, vpc.KindNATGateway,
	vpc.KindRouteTable, vpc.KindNetworkACL, vpc.KindSecurityGroup, vpc.KindVPCEndpoint, vpc.KindFlowLog}

// requireChildren fails unless the snapshot holds every child of those
// kinds, so that two equal snapshots cannot both be empty or partial.
func requireChildren(t *testing.T, s snapshot, l vpc.Layout) {
	t.Helper()
	for _, c := range l.Children() {
		if _, ok := s[string(c.Kind)+" "+c.Key]; slices.Contains(listedKinds, c.Kind) && !ok {
			t.Errorf("the snapshot of hipaa_vpc lacks %s %s", c.Kind, c.Key)
		}
	}
}

// cli runs the terraform binary in a directory holding the ejected main.tf,
// with hashicorp/aws from the machine's filesystem mirror.
type cli struct {
	t   *testing.T
	dir string
	env []string
}

func newCLI(t *testing.T, mainTF []byte, endpoint string) *cli {
	t.Helper()
	mirror := os.Getenv("AWS_PROVIDER_MIRROR")
	if mirror == "" {
		mirror = "/opt/tf-plugins"
	}
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	cfg := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n}\n", mirror)
	for path, content := range map[string][]byte{rc: []byte(cfg), filepath.Join(dir, "main.tf"): mainTF} {
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return &cli{t: t, dir: dir, env: append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "TF_VAR_endpoint="+endpoint)}
}

func (c *cli) command(args ...string) (*exec.Cmd, *bytes.Buffer) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		tf = "terraform"
	}
	n := 1 // flags go after the subcommand, before positional arguments
	if args[0] == "state" {
		n = 2
	}
	cmd := exec.Command(tf, slices.Concat(args[:n], []string{"-no-color"}, args[n:])...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

func (c *cli) run(args ...string) {
	c.t.Helper()
	cmd, out := c.command(args...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	c.t.Logf("terraform %s: %s", args[0], time.Since(start).Round(time.Millisecond))
}
