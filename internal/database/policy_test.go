package database

import (
	"encoding/json"
	"testing"
)

type testPolicy struct {
	Version   string
	Statement []struct {
		Sid       string
		Effect    string
		Principal map[string]string
		Action    any
		Resource  any
		Condition map[string]map[string]string
	}
}

func parsePolicy(t *testing.T, doc string) testPolicy {
	t.Helper()
	var p testPolicy
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatalf("policy does not parse: %v\n%s", err, doc)
	}
	if p.Version != "2012-10-17" || len(p.Statement) == 0 {
		t.Fatalf("policy: %s", doc)
	}
	return p
}

func TestProxyRolePolicy(t *testing.T) {
	secret := "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123-AbCdEf"
	got := ProxyRolePolicy("aws", secret, testKeyARN, "us-east-1")
	want := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"ReadMasterUserSecret","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"` + secret + `"},` +
		`{"Sid":"DecryptMasterUserSecret","Effect":"Allow","Action":"kms:Decrypt","Resource":"` + testKeyARN + `",` +
		`"Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}}}]}`
	if got != want {
		t.Fatalf("ProxyRolePolicy:\n%s", got)
	}
	p := parsePolicy(t, got)
	for _, st := range p.Statement {
		if r, ok := st.Resource.(string); !ok || r == "" || r == "*" {
			t.Fatalf("statement %s must name exactly one resource: %v", st.Sid, st.Resource)
		}
		if a, ok := st.Action.(string); !ok || a == "" {
			t.Fatalf("statement %s must allow exactly one action: %v", st.Sid, st.Action)
		}
	}
	cn := parsePolicy(t, ProxyRolePolicy("aws-cn", secret, testKeyARN, "cn-north-1"))
	if v := cn.Statement[1].Condition["StringEquals"]["kms:ViaService"]; v != "secretsmanager.cn-north-1.amazonaws.com.cn" {
		t.Fatalf("aws-cn ViaService = %s", v)
	}
}

func TestTrustPolicies(t *testing.T) {
	for service, doc := range map[string]string{
		"monitoring.rds.amazonaws.com": MonitoringTrustPolicy("123456789012"),
		"rds.amazonaws.com":            ProxyTrustPolicy("123456789012"),
	} {
		p := parsePolicy(t, doc)
		st := p.Statement[0]
		if len(p.Statement) != 1 || st.Principal["Service"] != service || st.Action != "sts:AssumeRole" ||
			st.Condition["StringEquals"]["aws:SourceAccount"] != "123456789012" || st.Resource != nil {
			t.Errorf("trust policy of %s: %s", service, doc)
		}
	}
	if p := parsePolicy(t, MonitoringTrustPolicy("")); p.Statement[0].Condition != nil {
		t.Error("an unknown account must leave the condition out, not compare with \"\"")
	}
}
