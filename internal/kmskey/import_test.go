package kmskey

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

func TestImportKeyID(t *testing.T) {
	for id, want := range map[string]string{
		"1234abcd-12ab-34cd-56ef-1234567890ab":                                        "1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"alias/phi":          "alias/phi",
		"phi":                "alias/phi",
		"my-db-key-2024-a-b": "alias/my-db-key-2024-a-b", // dashes do not make an alias name a key ID
	} {
		if got := ImportKeyID(id); got != want {
			t.Errorf("ImportKeyID(%q) = %q, want %q", id, got, want)
		}
	}
}

// fakeKMS answers Read's five calls for one key with the given tags and policy.
func fakeKMS(t *testing.T, keyTags map[string]string, policy string) *kms.Client {
	t.Helper()
	const id = "1234abcd-12ab-34cd-56ef-1234567890ab"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := r.Header.Get("X-Amz-Target")
		op = op[strings.LastIndex(op, ".")+1:]
		var body any
		switch op {
		case "DescribeKey":
			body = map[string]any{"KeyMetadata": map[string]any{"KeyId": id, "Arn": "arn:aws:kms:us-east-1:123456789012:key/" + id,
				"Description": "patients", "KeyState": "Enabled"}}
		case "GetKeyRotationStatus":
			body = map[string]any{"KeyRotationEnabled": true, "RotationPeriodInDays": 180}
		case "GetKeyPolicy":
			body = map[string]any{"Policy": policy}
		case "ListResourceTags":
			var list []map[string]string
			for k, v := range keyTags {
				list = append(list, map[string]string{"TagKey": k, "TagValue": v})
			}
			body = map[string]any{"Tags": list, "Truncated": false}
		case "ListAliases":
			body = map[string]any{"Aliases": []map[string]string{{"AliasName": "alias/phi"}}, "Truncated": false}
		default:
			t.Errorf("unexpected call %s: import must only read", op)
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return kms.New(kms.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
}

// A key this provider created reads back as its Spec.
func TestImport_roundTrip(t *testing.T) {
	s := Spec{Name: "phi", Description: "patients", RotationPeriodDays: 180, AllowedServices: []string{"logs", "rds"},
		AdministratorARNs: []string{"arn:aws:iam::123456789012:role/admin"}, Tags: map[string]string{"team": "data"},
		DefaultTags: map[string]string{"env": "prod"}}.WithDefaults()
	policy, err := Policy(s, testEnv)
	if err != nil {
		t.Fatal(err)
	}
	got, o, err := Import(context.Background(), fakeKMS(t, s.AllTags(), policy), "phi", s.DefaultTags)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("Import:\n got %+v\nwant %+v", got, s)
	}
	if o == nil || o.Policy != policy {
		t.Errorf("the observation is returned for the outputs: %+v", o)
	}
}

func TestImport_refusesForeignKey(t *testing.T) {
	for name, keyTags := range map[string]map[string]string{
		"untagged":         {"team": "data"},
		"another resource": {tags.OwnerKey: "hipaa_database/pg1"},
	} {
		_, _, err := Import(context.Background(), fakeKMS(t, keyTags, `{"Statement":[]}`), "phi", nil)
		var no *tags.NotOwnedError
		if !errors.As(err, &no) || awsclient.IsNotFound(err) || !strings.Contains(err.Error(), "not created by hipaa_kms_key") {
			t.Errorf("%s: err = %v, want a NotOwnedError", name, err)
		}
	}
}
