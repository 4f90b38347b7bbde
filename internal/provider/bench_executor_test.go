package provider_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/audittrail"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/database"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmskey"
)

// The other resources' apply latency, measured as BenchmarkVPC_applyLatency
// measures hipaa_vpc's (bench_apply_test.go): one apply from nothing with
// 50 ms injected into every AWS call; the sequential depth of its calls
// against the weighted critical path of its Layout.Children.
//
// The weighted critical path is the fewest levels of dependent calls any
// executor needs: one level of describes (the observe phase, all at once),
// then the longest chain of Children, each child counting the calls it
// inherently makes one after another (minCalls; 1 when not listed), a
// child starting once its DependsOn are done. minCalls tables sit beside
// each benchmark; every number is explained there.

const benchLatency = 50 * time.Millisecond

// latencyProxy is a proxy adding benchLatency to every call, and an
// aws.Config whose calls go through it.
func latencyProxy(b *testing.B) (*acctest.Proxy, aws.Config) {
	cfg := acctest.AWSConfig(b)
	p := acctest.NewProxy(b)
	p.AddRule(acctest.FaultRule{Kind: acctest.FaultLatency, Latency: benchLatency})
	cfg.BaseEndpoint = aws.String(p.URL())
	return p, cfg
}

// benchKey is a KMS key of the emulator, made without the proxy.
func benchKey(b *testing.B) string {
	out, err := kms.NewFromConfig(acctest.AWSConfig(b)).CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		b.Fatal(err)
	}
	return aws.ToString(out.KeyMetadata.Arn)
}

// reportLatency prints the BENCH line of one apply, and the calls of its
// longest sequential chain.
func reportLatency(b *testing.B, what string, children, cp int, p *acctest.Proxy, took time.Duration) {
	depth := acctest.SequentialDepth(p.Spans())
	fmt.Printf("BENCH %-34s %d children, %d calls; weighted critical path %d levels × %s = %s "+
		"(1 level of describes + the longest chain of children, each weighing its dependent calls); "+
		"sequential depth %d calls (%.2fx the critical path); wall %s\n",
		what, children, p.Total(), cp, benchLatency, time.Duration(cp)*benchLatency, depth, float64(depth)/float64(cp), took.Round(time.Millisecond))
	fmt.Printf("BENCH %-34s longest chain: %s\n", "", strings.Join(longestCalls(p.Spans()), " > "))
	b.ReportMetric(float64(depth)/float64(cp), "x-critical-path")
}

// longestCalls is one longest chain of calls each started after the
// previous one was answered (acctest.SequentialDepth's chain).
func longestCalls(spans []acctest.Span) []string {
	s := slices.Clone(spans)
	slices.SortFunc(s, func(a, b acctest.Span) int { return a.Start.Compare(b.Start) })
	depth, prev := make([]int, len(s)), make([]int, len(s))
	end := -1
	for i := range s {
		depth[i], prev[i] = 1, -1
		for j := range i {
			if !s[j].End.After(s[i].Start) && depth[j]+1 > depth[i] {
				depth[i], prev[i] = depth[j]+1, j
			}
		}
		if end < 0 || depth[i] > depth[end] {
			end = i
		}
	}
	var out []string
	for i := end; i >= 0; i = prev[i] {
		out = append(out, s[i].Call)
	}
	slices.Reverse(out)
	return out
}

// observeLevels is the observe phase: one level of describes at once.
const observeLevels = 1

// weightedPath is observeLevels plus the longest chain of dependent
// children listed in creation order, each weighing minCalls[its kind]
// (1 when not listed).
func weightedPath(children []executor.Child, minCalls map[string]int) int {
	done := map[string]int{}
	longest := 0
	for _, c := range children {
		start := 0
		for _, dep := range c.DependsOn {
			start = max(start, done[dep])
		}
		w, ok := minCalls[c.Kind]
		if !ok {
			w = 1
		}
		done[c.Key] = start + w
		longest = max(longest, done[c.Key])
	}
	return observeLevels + longest
}

// bucketCalls: CreateBucket, then its settings (one level, at once).
const bucketCalls = 2

// logGroupCalls: CreateLogGroup, then PutRetentionPolicy.
const logGroupCalls = 2

func BenchmarkDatabase_applyLatency(b *testing.B) {
	acctest.Reset(b)
	ctx := context.Background()
	c := ec2.NewFromConfig(acctest.AWSConfig(b))
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.60.0.0/16")})
	if err != nil {
		b.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String(fmt.Sprintf("10.60.%d.0/24", i)), AvailabilityZone: aws.String(az)})
		if err != nil {
			b.Fatal(err)
		}
		subnets = append(subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	l, err := database.Expand(database.Spec{Identifier: "bench-latency", Engine: database.Engine("postgres"), InstanceClass: "db.r6g.large",
		AllocatedStorage: 100, VPCID: aws.ToString(v.Vpc.VpcId), SubnetIDs: subnets, AllowedCIDRBlocks: []string{"10.60.0.0/16"},
		KMSKeyARN: benchKey(b), Region: "us-east-1", AccountID: "123456789012", Proxy: database.Proxy{Enabled: true}})
	if err != nil {
		b.Fatal(err)
	}
	p, cfg := latencyProxy(b)
	x := database.Executor{Clients: database.Clients{RDS: rds.NewFromConfig(cfg), EC2: ec2.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg),
		IAM: iam.NewFromConfig(cfg), Secrets: secretsmanager.NewFromConfig(cfg)}, PollDelay: 10 * time.Millisecond}
	start := time.Now()
	if _, err := x.Apply(ctx, l, func(string, string) {}); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	children := executor.Graph(l.Children())
	reportLatency(b, "apply hipaa_database + proxy", len(children), weightedPath(children, databaseMinCalls), p, took)
}

// databaseMinCalls: the calls a hipaa_database child makes one after
// another; the others make one (a create or a put).
var databaseMinCalls = map[string]int{
	string(database.KindLogGroup):       logGroupCalls,
	string(database.KindParameterGroup): 2, // CreateDBParameterGroup, then ModifyDBParameterGroup
	string(database.KindInstance):       2, // CreateDBInstance, then at least one status poll
	string(database.KindProxy):          2, // CreateDBProxy, then at least one status poll
}

func BenchmarkAuditTrail_applyLatency(b *testing.B) {
	acctest.Reset(b)
	l, err := audittrail.Expand(audittrail.Spec{Name: "bench-latency", KMSKeyARN: benchKey(b), Region: "us-east-1", AccountID: "123456789012", Partition: "aws"})
	if err != nil {
		b.Fatal(err)
	}
	p, cfg := latencyProxy(b)
	x := audittrail.Executor{Clients: audittrail.Clients{S3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		CloudTrail: cloudtrail.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg)}}
	start := time.Now()
	if err := x.Apply(context.Background(), l, func(string, string) {}); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	children := executor.Graph(l.Children())
	reportLatency(b, "apply hipaa_audit_trail", len(children), weightedPath(children, auditTrailMinCalls), p, took)
}

// auditTrailMinCalls: the calls a hipaa_audit_trail child makes one after
// another; the role (CreateRole) and its policy (the attachment; its
// CreatePolicy goes beside CreateRole) make one each.
var auditTrailMinCalls = map[string]int{
	string(audittrail.KindBucket):   bucketCalls,
	string(audittrail.KindLogGroup): logGroupCalls,
	string(audittrail.KindTrail):    2, // CreateTrail, then its event selectors and StartLogging at once
}

func BenchmarkBaseline_applyLatency(b *testing.B) {
	acctest.Reset(b)
	s := baseline.Default()
	s.KMSKeyARN, s.Region, s.AccountID, s.Partition = benchKey(b), "us-east-1", "123456789012", "aws"
	l, err := baseline.Expand(s, baseline.Names{})
	if err != nil {
		b.Fatal(err)
	}
	p, cfg := latencyProxy(b)
	x := baseline.Executor{Clients: baseline.Clients{GuardDuty: guardduty.NewFromConfig(cfg), SecurityHub: securityhub.NewFromConfig(cfg),
		Config: configservice.NewFromConfig(cfg), AccessAnalyzer: accessanalyzer.NewFromConfig(cfg), Inspector: inspector2.NewFromConfig(cfg),
		EC2: ec2.NewFromConfig(cfg), S3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }), S3Control: s3control.NewFromConfig(cfg, func(o *s3control.Options) { o.EndpointResolverV2 = awsclient.FixedEndpoint(p.URL()) }),
		IAM: iam.NewFromConfig(cfg)}}
	start := time.Now()
	if _, err := x.Apply(context.Background(), baseline.Run{Layout: l}); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	children := executor.Graph(l.Children())
	reportLatency(b, "apply hipaa_security_baseline", len(children), weightedPath(children, baselineMinCalls), p, took)
}

// baselineMinCalls: the calls a hipaa_security_baseline child makes one
// after another; the others make one (an enable, create or put).
var baselineMinCalls = map[string]int{
	string(baseline.KindBucket):     bucketCalls,
	string(baseline.KindConfigRole): 2, // CreateRole and CreatePolicy at once, then both attachments at once
	string(baseline.KindChannel):    2, // PutDeliveryChannel, then StartConfigurationRecorder
}

func BenchmarkKMSKey_applyLatency(b *testing.B) {
	acctest.Reset(b)
	s := kmskey.Spec{Name: "bench-latency"}.WithDefaults()
	p, cfg := latencyProxy(b)
	x := kmskey.Executor{KMS: kms.NewFromConfig(cfg), Env: kmskey.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}}
	start := time.Now()
	if _, err := x.Create(context.Background(), s, func(string) {}); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	children := executor.Graph(s.Children())
	// The key is one call (CreateKey sets its policy, description and tags;
	// EnableKeyRotation goes beside CreateAlias), the alias one.
	reportLatency(b, "apply hipaa_kms_key", len(children), weightedPath(children, nil), p, took)
}
