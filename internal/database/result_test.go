package database

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestResultOf_pendingReboot(t *testing.T) {
	o := &Observed{Instance: &rdstypes.DBInstance{DBInstanceArn: aws.String("arn:aws:rds:us-east-1:123456789012:db:x"),
		Endpoint:          &rdstypes.Endpoint{Address: aws.String("x.example"), Port: aws.Int32(5432)},
		MasterUserSecret:  &rdstypes.MasterUserSecret{SecretArn: aws.String("arn:secret")},
		DBParameterGroups: []rdstypes.DBParameterGroupStatus{{DBParameterGroupName: aws.String("x-params"), ParameterApplyStatus: aws.String("pending-reboot")}}}}
	r := ResultOf(o)
	if r.Endpoint != "x.example" || r.Port != 5432 || r.SecretARN != "arn:secret" || len(r.PendingReboot) != 1 || r.PendingReboot[0] != "x-params" {
		t.Fatalf("%+v", r)
	}
	o.Instance.DBParameterGroups[0].ParameterApplyStatus = aws.String("in-sync")
	if r := ResultOf(o); len(r.PendingReboot) != 0 {
		t.Fatalf("in-sync reported as pending: %+v", r)
	}
}

// TestDrift_rotation: rotation off or on another schedule is drift (SEC-01);
// a schedule the API does not return is not.
func TestDrift_rotation(t *testing.T) {
	l := Layout{SecretRotationDays: 30, ParameterGroup: ParameterGroup{Name: "p"}}
	base := func() *Observed {
		return &Observed{SubnetGroup: &rdstypes.DBSubnetGroup{}, Parameters: map[string]string{}}
	}
	for name, c := range map[string]struct {
		secret *secretsmanager.DescribeSecretOutput
		drift  bool
	}{
		"off":       {&secretsmanager.DescribeSecretOutput{RotationEnabled: aws.Bool(false)}, true},
		"365 days":  {&secretsmanager.DescribeSecretOutput{RotationEnabled: aws.Bool(true), RotationRules: rules(365)}, true},
		"30 days":   {&secretsmanager.DescribeSecretOutput{RotationEnabled: aws.Bool(true), RotationRules: rules(30)}, false},
		"no report": {&secretsmanager.DescribeSecretOutput{RotationEnabled: aws.Bool(true)}, false},
	} {
		o := base()
		o.Secret = c.secret
		got := false
		for _, d := range Drift(l, o) {
			got = got || strings.HasPrefix(d, "master user secret rotation")
		}
		if got != c.drift {
			t.Errorf("%s: drift %v, want %v (%v)", name, got, c.drift, Drift(l, o))
		}
	}
}

func rules(days int64) *smtypes.RotationRulesType {
	return &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(days)}
}
