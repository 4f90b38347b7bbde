package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/vpc"
)

// BenchmarkVPC_applyLatency creates a 3-AZ hipaa_vpc twice in one run —
// without and with 50 ms injected into every AWS call — and compares the
// time the latency added with the critical-path bound: the longest chain of
// dependent children in the layout × 50 ms. (The emulator's own processing
// is serial and is measured by the first apply, so it is not counted as
// latency.) A warm-up apply comes first.
func BenchmarkVPC_applyLatency(b *testing.B) {
	const latency = 50 * time.Millisecond
	acctest.Reset(b)
	timedApply(b, "latency-warmup", 0) // the emulator's first apply pays its own lazy start-up
	base, bCalls, l := timedApply(b, "latency-base", 0)
	took, calls, _ := timedApply(b, "latency", latency)
	depth := criticalPath(l)
	bound := time.Duration(depth) * latency
	added := took - base
	fmt.Printf("BENCH %-34s %d children, %d calls: %s without latency, %s with (+%s); critical path %d × %s = %s; ratio %.1fx\n",
		"apply 3-AZ hipaa_vpc, 50 ms/call", len(l.Children()), calls, base.Round(time.Millisecond), took.Round(time.Millisecond),
		added.Round(time.Millisecond), depth, latency, bound, added.Seconds()/bound.Seconds())
	if calls != bCalls {
		b.Fatalf("the two applies made different calls: %d and %d", bCalls, calls)
	}
	b.ReportMetric(added.Seconds()/bound.Seconds(), "x-critical-path")
}

func timedApply(b *testing.B, name string, latency time.Duration) (time.Duration, int, vpc.Layout) {
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
	return time.Since(start), p.Total(), l
}

// criticalPath is the longest chain of dependent children (one call each).
func criticalPath(l vpc.Layout) int {
	depth := map[string]int{}
	longest := 0
	for _, c := range l.Children() {
		d := 1
		for _, dep := range c.DependsOn {
			d = max(d, depth[dep]+1)
		}
		depth[c.Key] = d
		longest = max(longest, d)
	}
	return longest
}
