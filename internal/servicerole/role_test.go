package servicerole

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func testSpec() Spec {
	return Spec{RoleName: "r", TrustPolicy: `{"Version":"2012-10-17"}`, PolicyName: PolicyName("r", "delivery"),
		PolicyDocument:    `{"Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents"}]}`,
		ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/x"}, Tags: map[string]string{"hipaa:owner": "o"}, Partition: "aws", AccountID: "123"}
}

func TestPolicyARN(t *testing.T) {
	if got := testSpec().PolicyARN(); got != "arn:aws:iam::123:policy/hipaa/r-delivery" {
		t.Fatal(got)
	}
}

func TestSamePolicy_urlEncoded(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[]}`
	if !SamePolicy(url.QueryEscape(doc), `{"Statement":[], "Version":"2012-10-17"}`) || SamePolicy(doc, `{"Version":"2008-10-17","Statement":[]}`) {
		t.Fatal("SamePolicy compares documents as JSON")
	}
}

func TestOldest_skipsDefault(t *testing.T) {
	at := func(d int) *time.Time { x := time.Unix(int64(d), 0); return &x }
	vs := []iamtypes.PolicyVersion{{VersionId: aws.String("v1"), IsDefaultVersion: true, CreateDate: at(1)},
		{VersionId: aws.String("v3"), CreateDate: at(3)}, {VersionId: aws.String("v2"), CreateDate: at(2)}}
	if got := oldest(vs); got != "v2" {
		t.Fatal(got)
	}
}

func TestDrift(t *testing.T) {
	s := testSpec()
	if d := Drift(s, nil); len(d) != 1 || !strings.Contains(d[0], "missing") {
		t.Fatal(d)
	}
	ok := &State{Inline: Inline{Exists: true}, Trust: s.TrustPolicy, Tags: s.Tags, Attached: []string{s.ManagedPolicyARNs[0], s.PolicyARN()},
		Document: s.PolicyDocument}
	if d := Drift(s, ok); len(d) != 0 {
		t.Fatal(d)
	}
	bad := *ok
	bad.Policies, bad.Attached, bad.Document = []string{"legacy"}, nil, `{"Statement":[]}`
	d := strings.Join(Drift(s, &bad), "\n")
	for _, want := range []string{"inline policies legacy", "arn:aws:iam::aws:policy/x is not attached", s.PolicyARN() + " is not attached", "differs from"} {
		if !strings.Contains(d, want) {
			t.Errorf("drift %q lacks %q", d, want)
		}
	}
}
