package loggroup

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func TestStateOf_trimsARN(t *testing.T) {
	g := stateOf(logstypes.LogGroup{Arn: aws.String("arn:aws:logs:us-east-1:1:log-group:/x:*"), KmsKeyId: aws.String(" k "), RetentionInDays: aws.Int32(7)})
	if g != (State{ARN: "arn:aws:logs:us-east-1:1:log-group:/x", KMSKeyARN: "k", RetentionDays: 7}) {
		t.Fatalf("%+v", g)
	}
}

func TestDrift(t *testing.T) {
	s := Spec{Name: "/x", KMSKeyARN: "k", RetentionDays: 365}
	for _, c := range []struct {
		got  *State
		want string
	}{
		{nil, "missing"}, {&State{KMSKeyARN: "other", RetentionDays: 365}, "encrypted with"},
		{&State{KMSKeyARN: "k", RetentionDays: 7}, "keeps logs 7 days, want 365"}, {&State{KMSKeyARN: "k", RetentionDays: 365}, ""},
	} {
		d := strings.Join(Drift(s, c.got), "")
		if (c.want == "") != (d == "") || !strings.Contains(d, c.want) {
			t.Errorf("Drift(%+v) = %q, want %q", c.got, d, c.want)
		}
	}
}
