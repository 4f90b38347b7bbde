package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// BenchmarkVPC_applyLatency creates a 3-AZ hipaa_vpc with 50 ms injected
// into every AWS call and compares it with the weighted critical path
// (weightedPath, bench_executor_test.go: one level of describes, then the
// longest chain of dependent children, each weighing the calls it makes one
// after another, vpcMinCalls) × 50 ms. Two figures:
//   - the sequential depth: the longest chain of calls the executor made one
//     after another (each started after the previous was answered), from
//     the proxy's timeline. This is what the scheduler controls; its ratio to
//     the critical path is the target (≤ 1.5×).
//   - the wall time, which also holds the emulator's own processing time
//     (it serves calls one at a time), shown next to an apply without latency.
//
// A warm-up apply comes first: the emulator's first apply pays its start-up.
func BenchmarkVPC_applyLatency(b *testing.B) {
	const latency = 50 * time.Millisecond
	acctest.Reset(b)
	timedApply(b, "latency-warmup", 0)
	base, _, l := timedApply(b, "latency-base", 0)
	took, p, _ := timedApply(b, "latency", latency)
	cp := criticalPath(l)
	depth := acctest.SequentialDepth(p.Spans())
	fmt.Printf("BENCH %-34s %d children, %d calls; weighted critical path %d levels × %s = %s "+
		"(1 level of describes + the longest chain of children, each weighing its dependent calls); "+
		"sequential depth %d calls (%.2fx the critical path); wall %s with latency, %s without\n",
		"apply 3-AZ hipaa_vpc, 50 ms/call", len(l.Children()), p.Total(), cp, latency, time.Duration(cp)*latency,
		depth, float64(depth)/float64(cp), took.Round(time.Millisecond), base.Round(time.Millisecond))
	fmt.Printf("BENCH %-34s longest chain: %s\n", "", strings.Join(longestCalls(p.Spans()), " > "))
	b.ReportMetric(float64(depth)/float64(cp), "x-critical-path")
	b.ReportMetric(took.Seconds(), "s-wall")
}

func timedApply(b *testing.B, name string, latency time.Duration) (time.Duration, *acctest.Proxy, vpc.Layout) {
	cfg := acctest.AWSConfig(b)
	key, err := kms.NewFromConfig(cfg).CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		b.Fatal(err)
	}
	l, err := vpc.Expand(vpc.Spec{Name: name, CIDRBlock: "10.0.0.0/16", AvailabilityZones: threeAZs, Region: "us-east-1",
		FlowLogs: vpc.FlowLogs{KMSKeyARN: aws.ToString(key.KeyMetadata.Arn)}, InterfaceEndpoints: []string{"kms", "logs", "secretsmanager", "sts"}})
	if err != nil {
		b.Fatal(err)
	}
	p := acctest.NewProxy(b)
	if latency > 0 {
		p.AddRule(acctest.FaultRule{Kind: acctest.FaultLatency, Latency: latency})
	}
	cfg.BaseEndpoint = aws.String(p.URL())
	x := vpc.Executor{Clients: vpc.Clients{EC2: ec2.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg)},
		Env: vpc.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}}
	start := time.Now()
	if _, err := x.Apply(context.Background(), l, map[string]string{}, func(string, string) {}); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), p, l
}

// criticalPath is the layout's weighted critical path (weightedPath).
func criticalPath(l vpc.Layout) int {
	return weightedPath(executor.Graph(l.Children()), vpcMinCalls)
}

// vpcMinCalls: the calls a hipaa_vpc child makes one after another; the
// others make one (a create, replace or associate).
var vpcMinCalls = map[string]int{
	// The VPC is one call: CreateVpc; its DNS attributes go beside its
	// children (only the endpoints wait for them, off the longest chain).
	// A NAT gateway is one: CreateNatGateway; it is polled only when
	// created pending (the emulator's are available at once).
	string(vpc.KindInternetGateway): 2, // CreateInternetGateway, then AttachInternetGateway
	string(vpc.KindLogGroup):        logGroupCalls,
	string(vpc.KindSecurityGroup):   2, // CreateSecurityGroup, then its rules
}
