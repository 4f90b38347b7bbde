package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// BenchmarkVPC_versusPlainAWS applies the same 3-AZ network twice against
// the emulator — as one hipaa_vpc (bench/hipaa-vpc) and as its plain
// hashicorp/aws 5.100.0 eject (bench/plain-vpc, hipaagen eject) — then measures, in the same run:
// AWS calls of one refresh, terraform plan wall time (median of 3) and the
// provider process's peak RSS. Run by make bench (needs bin/ and the
// hashicorp/aws mirror); ratios are plain/hipaa.
func BenchmarkVPC_versusPlainAWS(b *testing.B) {
	acctest.Reset(b)
	repo, _ := filepath.Abs("../..")
	if _, err := os.Stat(filepath.Join(repo, "bin/terraform-provider-hipaa")); err != nil {
		b.Fatal("build the provider first: make build (make bench does)")
	}
	cli := writeBenchCLIConfig(b, repo)
	results := map[string]benchResult{}
	// bench/plain-vpc is hipaagen eject of bench/hipaa-vpc: the same names,
	// so the emulator is reset in between (hipaa_vpc keeps its flow-log group).
	for _, c := range []struct{ name, dir string }{{"hipaa_vpc", "bench/hipaa-vpc"}, {"plain aws_*", "bench/plain-vpc"}} {
		acctest.Reset(b)
		results[c.name] = benchConfig(b, cli, filepath.Join(repo, c.dir), nil)
	}
	h, p := results["hipaa_vpc"], results["plain aws_*"]
	fmt.Printf("BENCH %-34s %12s %12s %8s\n", "3-AZ network, same emulator", "hipaa_vpc", "plain aws_*", "ratio")
	fmt.Printf("BENCH %-34s %12d %12d %7.1fx\n", "AWS calls per refresh", h.calls, p.calls, float64(p.calls)/float64(h.calls))
	fmt.Printf("BENCH %-34s %12s %12s %7.1fx\n", "terraform plan (median of 3)", h.plan.Round(time.Millisecond), p.plan.Round(time.Millisecond), p.plan.Seconds()/h.plan.Seconds())
	fmt.Printf("BENCH %-34s %9d MB %9d MB %7.1fx\n", "provider peak RSS during plan", h.rssKB/1024, p.rssKB/1024, float64(p.rssKB)/float64(h.rssKB))
	b.ReportMetric(float64(p.calls)/float64(h.calls), "calls-ratio")
}

// BenchmarkDatabase_versusPlainAWS does the same for a postgres database
// with a proxy: bench/hipaa-database against its plain eject
// bench/plain-database (hipaagen eject passes the vpc_id and subnet_ids
// variables through), each on a VPC the benchmark makes with the SDK after
// resetting the emulator (both sides use the same names).
func BenchmarkDatabase_versusPlainAWS(b *testing.B) {
	repo, _ := filepath.Abs("../..")
	if _, err := os.Stat(filepath.Join(repo, "bin/terraform-provider-hipaa")); err != nil {
		b.Fatal("build the provider first: make build (make bench does)")
	}
	cli := writeBenchCLIConfig(b, repo)
	results := map[string]benchResult{}
	for _, c := range []struct{ name, dir string }{{"hipaa_db", "bench/hipaa-database"}, {"plain aws_*", "bench/plain-database"}} {
		acctest.Reset(b)
		results[c.name] = benchConfig(b, cli, filepath.Join(repo, c.dir), benchNetwork(b))
	}
	h, p := results["hipaa_db"], results["plain aws_*"]
	fmt.Printf("BENCH %-34s %12s %12s %8s\n", "postgres + proxy, same emulator", "hipaa_db", "plain aws_*", "ratio")
	fmt.Printf("BENCH %-34s %12d %12d %7.1fx\n", "AWS calls per refresh", h.calls, p.calls, float64(p.calls)/float64(h.calls))
	fmt.Printf("BENCH %-34s %12s %12s %7.1fx\n", "terraform plan (median of 3)", h.plan.Round(time.Millisecond), p.plan.Round(time.Millisecond), p.plan.Seconds()/h.plan.Seconds())
	fmt.Printf("BENCH %-34s %9d MB %9d MB %7.1fx\n", "provider peak RSS during plan", h.rssKB/1024, p.rssKB/1024, float64(p.rssKB)/float64(h.rssKB))
	b.ReportMetric(float64(p.calls)/float64(h.calls), "calls-ratio")
}

// benchNetwork makes the VPC and two subnets the database benchmarks run
// in, and returns them as terraform variables.
func benchNetwork(b *testing.B) map[string]string {
	ctx, c := context.Background(), ec2.NewFromConfig(acctest.AWSConfig(b))
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.50.0.0/16")})
	if err != nil {
		b.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String(fmt.Sprintf("10.50.%d.0/24", i)), AvailabilityZone: aws.String(az)})
		if err != nil {
			b.Fatal(err)
		}
		subnets = append(subnets, `"`+aws.ToString(sn.Subnet.SubnetId)+`"`)
	}
	return map[string]string{"vpc_id": aws.ToString(v.Vpc.VpcId), "subnet_ids": "[" + strings.Join(subnets, ",") + "]"}
}

type benchResult struct {
	calls int
	plan  time.Duration
	rssKB int
}

func benchConfig(b *testing.B, cli, dir string, vars map[string]string) benchResult {
	p := acctest.NewProxy(b)
	work := b.TempDir()
	src, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), src, 0o600); err != nil {
		b.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cli, "TF_VAR_endpoint="+p.URL(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	for k, v := range vars {
		env = append(env, "TF_VAR_"+k+"="+v)
	}
	tf := func(args ...string) (time.Duration, int) {
		cmd := exec.Command("terraform", args...)
		cmd.Dir, cmd.Env = work, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		stop := sampleProviderRSS()
		start := time.Now()
		err := cmd.Run()
		d, rss := time.Since(start), stop()
		if err != nil {
			b.Fatalf("terraform %v in %s: %v\n%s", args, dir, err, out.String())
		}
		return d, rss
	}
	if strings.Contains(string(src), "hashicorp/aws") {
		tf("init", "-input=false")
	}
	tf("apply", "-auto-approve", "-input=false")
	p.ResetCounts()
	tf("plan", "-refresh-only", "-input=false")
	res := benchResult{calls: p.Total()}
	var plans []time.Duration
	for range 3 {
		d, rss := tf("plan", "-input=false")
		plans = append(plans, d)
		res.rssKB = max(res.rssKB, rss)
	}
	slices.Sort(plans)
	res.plan = plans[1]
	if strings.Contains(string(src), `"aws_secretsmanager_secret_rotation" "bench_secret_rotation"`) {
		// Destroying it calls CancelRotateSecret, which moto refuses on a
		// secret without a rotation Lambda (RDS-managed secrets have none);
		// the secret goes with the instance anyway.
		tf("state", "rm", "aws_secretsmanager_secret_rotation.bench_secret_rotation")
	}
	tf("destroy", "-auto-approve", "-input=false")
	return res
}

// sampleProviderRSS polls /proc for provider plugin processes until stopped
// and returns the largest peak RSS (VmHWM, KB) seen.
func sampleProviderRSS() func() int {
	var mu sync.Mutex
	peak, done := 0, make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			kb := providerPeakKB()
			mu.Lock()
			peak = max(peak, kb)
			mu.Unlock()
		}
	}()
	return func() int {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return max(peak, providerPeakKB())
	}
}

func providerPeakKB() int {
	peak := 0
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		cmd, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if !bytes.Contains(cmd, []byte("terraform-provider-")) {
			continue
		}
		status, _ := os.ReadFile("/proc/" + e.Name() + "/status")
		for _, line := range strings.Split(string(status), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				kb, _ := strconv.Atoi(f[1])
				peak = max(peak, kb)
			}
		}
	}
	return peak
}

func writeBenchCLIConfig(b *testing.B, repo string) string {
	mirror := os.Getenv("AWS_PROVIDER_MIRROR")
	if mirror == "" {
		mirror = "/opt/tf-plugins"
	}
	path := filepath.Join(b.TempDir(), "cli.tfrc")
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/hipaa-iac/hipaa" = %q
  }
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
`, filepath.Join(repo, "bin"), mirror)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}
