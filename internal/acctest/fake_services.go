package acctest

import (
	"fmt"
	"net/http"
	"strings"
)

const fakeAccount = "123456789012"

// Security Hub standards: moto has EnableSecurityHub/DescribeHub but no
// BatchEnableStandards, GetEnabledStandards, BatchDisableStandards or DescribeStandards.
func registerSecurityHub(f *fake) {
	f.handlers["securityhub:DescribeStandards"] = func(f *fake, _ *http.Request, _ map[string]any) (int, any) {
		var std []any
		for _, s := range []string{"aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/1.4.0", "cis-aws-foundations-benchmark/v/3.0.0", "nist-800-53/v/5.0.0"} {
			std = append(std, map[string]any{"StandardsArn": "arn:aws:securityhub:" + f.region + "::standards/" + s, "Name": s, "EnabledByDefault": false})
		}
		return 200, map[string]any{"Standards": std}
	}
	f.handlers["securityhub:BatchEnableStandards"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		t, out := f.table("securityhub", "subscriptions"), []any{}
		reqs, _ := b["StandardsSubscriptionRequests"].([]any)
		for _, r := range reqs {
			arn := str(r.(map[string]any), "StandardsArn")
			sub := fmt.Sprintf("arn:aws:securityhub:%s:%s:subscription/%s", f.region, fakeAccount, arn[strings.Index(arn, "standards/")+10:])
			t[sub] = map[string]any{"StandardsArn": arn, "StandardsSubscriptionArn": sub, "StandardsInput": map[string]any{}, "StandardsStatus": "READY"}
			out = append(out, t[sub])
		}
		return 200, map[string]any{"StandardsSubscriptions": out}
	}
	f.handlers["securityhub:GetEnabledStandards"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		t, want := f.table("securityhub", "subscriptions"), strs(b, "StandardsSubscriptionArns")
		out := []any{}
		for arn, s := range t {
			if len(want) == 0 || contains(want, arn) {
				out = append(out, s)
			}
		}
		return 200, map[string]any{"StandardsSubscriptions": out}
	}
	f.handlers["securityhub:BatchDisableStandards"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		t, out := f.table("securityhub", "subscriptions"), []any{}
		for _, arn := range strs(b, "StandardsSubscriptionArns") {
			if s, ok := t[arn].(map[string]any); ok {
				s["StandardsStatus"] = "DELETING"
				out = append(out, s)
				delete(t, arn)
			}
		}
		return 200, map[string]any{"StandardsSubscriptions": out}
	}
}

// Config conformance packs: moto has recorders, channels and rules but no packs.
func registerConfig(f *fake) {
	f.handlers["configservice:PutConformancePack"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		name := str(b, "ConformancePackName")
		arn := fmt.Sprintf("arn:aws:config:%s:%s:conformance-pack/%s/conformance-pack-%s", f.region, fakeAccount, name, name)
		f.table("configservice", "packs")[name] = map[string]any{"ConformancePackName": name, "ConformancePackArn": arn,
			"ConformancePackId": "conformance-pack-" + name, "DeliveryS3Bucket": str(b, "DeliveryS3Bucket"), "TemplateBody": str(b, "TemplateBody"),
			"ConformancePackInputParameters": b["ConformancePackInputParameters"]}
		return 200, map[string]any{"ConformancePackArn": arn}
	}
	f.handlers["configservice:DescribeConformancePacks"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		out, err := selectByName(f.table("configservice", "packs"), strs(b, "ConformancePackNames"))
		if err != nil {
			return 400, *err
		}
		return 200, map[string]any{"ConformancePackDetails": out}
	}
	f.handlers["configservice:DeleteConformancePack"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		t, name := f.table("configservice", "packs"), str(b, "ConformancePackName")
		if _, ok := t[name]; !ok {
			return 400, fakeError{"NoSuchConformancePackException", "conformance pack " + name + " not found"}
		}
		delete(t, name)
		return 200, map[string]any{}
	}
}

func selectByName(t map[string]any, names []string) ([]any, *fakeError) {
	if len(names) == 0 {
		return values(t), nil
	}
	out := []any{}
	for _, n := range names {
		p, ok := t[n]
		if !ok {
			return nil, &fakeError{"NoSuchConformancePackException", "conformance pack " + n + " not found"}
		}
		out = append(out, p)
	}
	return out, nil
}

// IAM Access Analyzer: moto has no such service at all.
func registerAccessAnalyzer(f *fake) {
	f.handlers["accessanalyzer:CreateAnalyzer"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		name := str(b, "analyzerName")
		arn := fmt.Sprintf("arn:aws:access-analyzer:%s:%s:analyzer/%s", f.region, fakeAccount, name)
		t := f.table("accessanalyzer", "analyzers")
		if _, ok := t[name]; ok {
			return 409, fakeError{"ConflictException", "analyzer " + name + " already exists"}
		}
		t[name] = map[string]any{"arn": arn, "name": name, "type": str(b, "type"), "status": "ACTIVE", "createdAt": now(), "tags": b["tags"]}
		return 200, map[string]any{"arn": arn}
	}
	f.handlers["accessanalyzer:GetAnalyzer"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		a, ok := f.table("accessanalyzer", "analyzers")[lastSegment(r.URL.Path)]
		if !ok {
			return notFound("ResourceNotFoundException", "analyzer")
		}
		return 200, map[string]any{"analyzer": a}
	}
	f.handlers["accessanalyzer:ListAnalyzers"] = func(f *fake, _ *http.Request, _ map[string]any) (int, any) {
		return 200, map[string]any{"analyzers": values(f.table("accessanalyzer", "analyzers"))}
	}
	f.handlers["accessanalyzer:DeleteAnalyzer"] = func(f *fake, r *http.Request, _ map[string]any) (int, any) {
		t, name := f.table("accessanalyzer", "analyzers"), lastSegment(r.URL.Path)
		if _, ok := t[name]; !ok {
			return notFound("ResourceNotFoundException", "analyzer")
		}
		delete(t, name)
		return 200, map[string]any{}
	}
}

// EBS default key: moto keeps it write-only (ModifyEbsDefaultKmsKeyId
// works; GetEbsDefaultKmsKeyId and ResetEbsDefaultKmsKeyId are missing), so
// the harness serves all three operations of this one setting. EBS
// encryption by default itself (Enable/Disable/Get) stays with moto.
func registerEBSDefaultKey(f *fake) {
	const awsManaged = "alias/aws/ebs"
	reply := func(op, key string) xmlBody {
		return xmlBody(fmt.Sprintf(`<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId><kmsKeyId>%s</kmsKeyId></%sResponse>`, op, key, op))
	}
	current := func(f *fake) string {
		if k, ok := f.table("ec2", "ebs")["default-key"].(string); ok {
			return k
		}
		return awsManaged
	}
	f.handlers["ec2:GetEbsDefaultKmsKeyId"] = func(f *fake, _ *http.Request, _ map[string]any) (int, any) {
		return 200, reply("GetEbsDefaultKmsKeyId", current(f))
	}
	f.handlers["ec2:ModifyEbsDefaultKmsKeyId"] = func(f *fake, _ *http.Request, b map[string]any) (int, any) {
		f.table("ec2", "ebs")["default-key"] = str(b, "KmsKeyId")
		return 200, reply("ModifyEbsDefaultKmsKeyId", current(f))
	}
	f.handlers["ec2:ResetEbsDefaultKmsKeyId"] = func(f *fake, _ *http.Request, _ map[string]any) (int, any) {
		delete(f.table("ec2", "ebs"), "default-key")
		return 200, reply("ResetEbsDefaultKmsKeyId", awsManaged)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
