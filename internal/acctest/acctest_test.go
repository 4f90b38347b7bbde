package acctest

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func needHarness(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("needs the emulator: TF_ACC=1")
	}
	Reset(t)
}

// viaProxy is an SDK config pointed at p, with quick retries.
func viaProxy(p *Proxy) aws.Config {
	cfg := harness.awsConfig()
	cfg.BaseEndpoint = aws.String(p.URL())
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 5; o.MaxBackoff = 50 * time.Millisecond })
	}
	return cfg
}

func TestProxy_countsEveryProtocol(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	cfg, ctx := viaProxy(p), context.Background()
	if _, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := kms.NewFromConfig(cfg).ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"ec2:DescribeVpcs": 1, "kms:ListKeys": 1, "s3:ListBuckets": 1}
	for k, v := range want {
		if p.Calls()[k] != v {
			t.Errorf("%s = %d, calls %v", k, p.Calls()[k], p.Calls())
		}
	}
	if p.Total() != 3 || p.CallsFor("kms") != 1 {
		t.Errorf("total %d: %v", p.Total(), p.Calls())
	}
	p.ResetCounts()
	if p.Total() != 0 {
		t.Error("ResetCounts")
	}
}

func TestProxy_faultsAreRetriedAndCounted(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	cfg, ctx := viaProxy(p), context.Background()
	for _, k := range []FaultKind{FaultThrottle, FaultServerError, FaultDrop} {
		p.ClearRules()
		p.ResetCounts()
		p.AddRule(FaultRule{Service: "ec2", Operation: "DescribeVpcs", Kind: k, Count: 2})
		if _, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); err != nil {
			t.Fatalf("kind %d: retries should outlast 2 faults: %v", k, err)
		}
		if n := p.Calls()["ec2:DescribeVpcs"]; n != 3 {
			t.Errorf("kind %d: %d calls, want 3", k, n)
		}
	}
	p.ClearRules()
	p.AddRule(FaultRule{Service: "kms", Kind: FaultHardFail})
	_, err := kms.NewFromConfig(cfg).ListKeys(ctx, &kms.ListKeysInput{})
	if err == nil || !strings.Contains(err.Error(), "ValidationException") || p.Calls()["kms:ListKeys"] != 1 {
		t.Fatalf("hard failure must not be retried: %v %v", err, p.Calls())
	}
	if p.Faults() != 7 {
		t.Errorf("faults = %d, want 7", p.Faults())
	}
}

func TestProxy_latency(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	p.AddRule(FaultRule{Kind: FaultLatency, Latency: 200 * time.Millisecond})
	start := time.Now()
	if _, err := kms.NewFromConfig(viaProxy(p)).ListKeys(context.Background(), &kms.ListKeysInput{}); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 200*time.Millisecond {
		t.Fatal("latency not injected")
	}
}

// The fake answers the operations moto lacks, through the same SDK clients.
func TestFake_roundTrips(t *testing.T) {
	needHarness(t)
	p := NewProxy(t)
	cfg, ctx := viaProxy(p), context.Background()
	sh := securityhub.NewFromConfig(cfg)
	arn := "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	en, err := sh.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{
		StandardsSubscriptionRequests: []shtypes.StandardsSubscriptionRequest{{StandardsArn: aws.String(arn)}}})
	if err != nil || len(en.StandardsSubscriptions) != 1 {
		t.Fatalf("BatchEnableStandards: %v", err)
	}
	got, err := sh.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil || len(got.StandardsSubscriptions) != 1 || aws.ToString(got.StandardsSubscriptions[0].StandardsArn) != arn {
		t.Fatalf("GetEnabledStandards: %v %+v", err, got)
	}
	cs := configservice.NewFromConfig(cfg)
	if _, err := cs.PutConformancePack(ctx, &configservice.PutConformancePackInput{ConformancePackName: aws.String("hipaa"), TemplateBody: aws.String("Resources: {}")}); err != nil {
		t.Fatal(err)
	}
	packs, err := cs.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{ConformancePackNames: []string{"hipaa"}})
	if err != nil || len(packs.ConformancePackDetails) != 1 {
		t.Fatalf("DescribeConformancePacks: %v", err)
	}
	aa := accessanalyzer.NewFromConfig(cfg)
	if _, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("acct"), Type: aatypes.TypeAccount}); err != nil {
		t.Fatal(err)
	}
	a, err := aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("acct")})
	if err != nil || a.Analyzer.Status != aatypes.AnalyzerStatusActive {
		t.Fatalf("GetAnalyzer: %v", err)
	}
	if p.Calls()["securityhub:BatchEnableStandards"] != 1 || p.Calls()["accessanalyzer:GetAnalyzer"] != 1 || p.Calls()["configservice:PutConformancePack"] != 1 {
		t.Errorf("fake calls not counted: %v", p.Calls())
	}
	Reset(t)
	if _, err := aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("acct")}); err == nil {
		t.Error("Reset did not clear the fake")
	}
}

func TestSweep_findsOwnedObjects(t *testing.T) {
	needHarness(t)
	cfg, ctx := harness.awsConfig(), context.Background()
	owner := "hipaa_vpc/sweep"
	tag := []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeVpc, Tags: []ec2types.Tag{{Key: aws.String(ownerTag), Value: aws.String(owner)}}}}
	vpc, err := ec2.NewFromConfig(cfg).CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.9.0.0/16"), TagSpecifications: tag})
	if err != nil {
		t.Fatal(err)
	}
	key, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{Tags: []kmstypes.Tag{{TagKey: aws.String(ownerTag), TagValue: aws.String(owner)}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := SweepCount(t, owner); n != 2 {
		t.Fatalf("sweep found %d objects, want 2", n)
	}
	if n := SweepCount(t, "hipaa_vpc/other"); n != 0 {
		t.Fatalf("sweep of another owner found %d", n)
	}
	if _, err := ec2.NewFromConfig(cfg).DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: vpc.Vpc.VpcId}); err != nil {
		t.Fatal(err)
	}
	_, _ = kms.NewFromConfig(cfg).ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: key.KeyMetadata.KeyId, PendingWindowInDays: aws.Int32(7)})
	if n := SweepCount(t, owner); n != 0 {
		t.Fatalf("sweep after deletion found %d", n)
	}
}

func TestSequentialDepth(t *testing.T) {
	at := func(a, b int) Span {
		t0 := time.Unix(0, 0)
		return Span{Start: t0.Add(time.Duration(a) * time.Millisecond), End: t0.Add(time.Duration(b) * time.Millisecond)}
	}
	for _, c := range []struct {
		name  string
		spans []Span
		want  int
	}{
		{"none", nil, 0},
		{"parallel", []Span{at(0, 50), at(1, 51), at(2, 52)}, 1},
		{"chain", []Span{at(100, 150), at(0, 50), at(50, 100)}, 3},
		{"fan-out then one", []Span{at(0, 50), at(0, 60), at(60, 110), at(10, 20)}, 2},
		{"overlap breaks the chain", []Span{at(0, 50), at(49, 99)}, 1},
	} {
		if got := SequentialDepth(c.spans); got != c.want {
			t.Errorf("%s: depth %d, want %d", c.name, got, c.want)
		}
	}
}

// A private emulator is a separate account: what a test makes or resets in
// it is invisible to the shared emulator and to other private ones, and its
// proxy applies the emulator fixes against it.
func TestNewEmulator_isolated(t *testing.T) {
	PreCheck(t)
	t.Parallel()
	ctx := context.Background()
	a, b := NewEmulator(t), NewEmulator(t)
	if a.Endpoint() == b.Endpoint() || a.Endpoint() == EmulatorEndpoint() {
		t.Fatalf("endpoints not distinct: %s %s %s", a.Endpoint(), b.Endpoint(), EmulatorEndpoint())
	}
	owner := "hipaa_vpc/private"
	tag := []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeVpc, Tags: []ec2types.Tag{{Key: aws.String(ownerTag), Value: aws.String(owner)}}}}
	p := a.NewProxy(t)
	if _, err := ec2.NewFromConfig(viaProxy(p)).CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.8.0.0/16"), TagSpecifications: tag}); err != nil {
		t.Fatal(err)
	}
	if p.Calls()["ec2:CreateVpc"] != 1 {
		t.Errorf("proxy of a private emulator did not count: %v", p.Calls())
	}
	if n := a.SweepCount(t, owner); n != 1 {
		t.Errorf("private emulator: %d objects, want 1", n)
	}
	if n := b.SweepCount(t, owner); n != 0 {
		t.Errorf("another private emulator sees %d objects", n)
	}
	if n := SweepCount(t, owner); n != 0 {
		t.Errorf("the shared emulator sees %d objects", n)
	}
	aa := accessanalyzer.NewFromConfig(viaProxy(p))
	if _, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("acct"), Type: aatypes.TypeAccount}); err != nil {
		t.Fatal(err)
	}
	if _, err := accessanalyzer.NewFromConfig(viaProxy(b.NewProxy(t))).GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("acct")}); err == nil {
		t.Error("the fake of another private emulator sees the analyzer")
	}
	a.Reset(t)
	if n := a.SweepCount(t, owner); n != 0 {
		t.Errorf("after Reset the private emulator still has %d objects", n)
	}
	if _, err := aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("acct")}); err == nil {
		t.Error("Reset did not clear the private fake")
	}
	if _, err := kms.NewFromConfig(a.AWSConfig(t)).ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Errorf("AWSConfig of a private emulator: %v", err)
	}
}

// TestParallel_accountsAreApart: two tests under Parallel at the same time
// hold different emulators; a subtest acts on its parent's; a key one
// creates is not in the other's account, and its reset clears only its own.
func TestParallel_accountsAreApart(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("needs the emulator: TF_ACC=1")
	}
	var both sync.WaitGroup
	both.Add(2)
	held := make(chan *Emulator, 2)
	keys := func(t *testing.T) int {
		out, err := kms.NewFromConfig(AWSConfig(t)).ListKeys(context.Background(), &kms.ListKeysInput{})
		if err != nil {
			t.Fatal(err)
		}
		return len(out.Keys)
	}
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			Parallel(t)
			e := current(t)
			held <- e
			if name == "a" {
				if _, err := kms.NewFromConfig(AWSConfig(t)).CreateKey(context.Background(), &kms.CreateKeyInput{}); err != nil {
					t.Fatal(err)
				}
			}
			both.Done()
			both.Wait() // both hold their accounts now
			t.Run("sub", func(t *testing.T) {
				if current(t) != e {
					t.Errorf("a subtest acts on %s, its parent holds %s", current(t).url, e.url)
				}
			})
			want := map[string]int{"a": 1, "b": 0}[name]
			if n := keys(t); n != want {
				t.Errorf("account %s holds %d keys, want %d", name, n, want)
			}
		})
	}
	t.Cleanup(func() {
		close(held)
		var got []*Emulator
		for e := range held {
			got = append(got, e)
		}
		if len(got) != 2 || got[0] == got[1] {
			t.Errorf("two parallel tests shared one emulator: %v", got)
		}
	})
}
