package provider

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

var updateV0 = flag.Bool("update-v0", false, "rewrite testdata/schema_v0 (only when recording a new prior version)")

// The version-0 upgrader copies state as it is, which is right only while
// the attributes are those of version 0. Version 0's type is pinned in
// testdata/schema_v0: a change of attributes fails this test until the
// version is bumped with a real upgrader. Resources added after version 1
// never wrote version 0 and carry no upgrader from it.
func TestUpgrade_priorSchemasMatch(t *testing.T) {
	ctx := context.Background()
	hadV0 := map[string]bool{"hipaa_kms_key": true, "hipaa_vpc": true, "hipaa_database": true, "hipaa_audit_trail": true, "hipaa_security_baseline": true}
	for _, newR := range (&hipaaProvider{}).Resources(ctx) {
		r := newR()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hipaa"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		wantVersion := int64(schemaVersion)
		if md.TypeName == "hipaa_audit_trail" {
			wantVersion = auditTrailSchemaVersion
		}
		if sr.Schema.Version != wantVersion {
			t.Errorf("%s: schema version %d, want %d", md.TypeName, sr.Schema.Version, wantVersion)
		}
		u, ok := r.(resource.ResourceWithUpgradeState)
		if !hadV0[md.TypeName] {
			if ok {
				t.Errorf("%s never wrote version 0 state but has upgraders", md.TypeName)
			}
			continue
		}
		if !ok {
			t.Errorf("%s has no state upgraders", md.TypeName)
			continue
		}
		up, ok := u.UpgradeState(ctx)[0]
		if !ok || up.PriorSchema == nil {
			t.Errorf("%s: no upgrader from version 0", md.TypeName)
			continue
		}
		got := []byte(up.PriorSchema.Type().TerraformType(ctx).String())
		golden := filepath.Join("testdata", "schema_v0", md.TypeName+".txt")
		if *updateV0 {
			if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(append(got, '\n')) != string(want) {
			t.Errorf("%s: the prior schema of version 0 differs from version 0's attributes (%s): "+
				"bump the resource's schema version and write an upgrader from the version before", md.TypeName, golden)
		}
	}
}

// State of hipaa_audit_trail versions 0 and 1 upgrades to the transitions
// and expiry of the very rule S3 holds: log_lifecycle {60, 200, 4000}
// (and the defaults {30, 150, 3653}) become Standard-IA at 60 and Deep
// Archive at 200, expiring at 4000, and the other attributes are kept.
func TestUpgrade_auditTrailLifecycle(t *testing.T) {
	ctx := context.Background()
	r := &auditTrailResource{}
	for version, up := range r.UpgradeState(ctx) {
		for _, c := range []struct {
			lc         map[string]attr.Value
			wantIA     int
			wantDA     int
			wantExpire int64
		}{
			{map[string]attr.Value{"standard_days": types.Int64Value(60), "infrequent_access_days": types.Int64Value(200), "expire_after_days": types.Int64Value(4000)}, 60, 200, 4000},
			{nil, 30, 150, 3653}, // log_lifecycle null: version 1's defaults
		} {
			var old auditTrailModelV1
			old.auditTrailModelCommon = auditTrailModelCommon{ID: types.StringValue("org"), Name: types.StringValue("org"), KMSKeyARN: types.StringValue("arn:aws:kms:us-east-1:123456789012:key/k"),
				CloudWatchRetentionDays: types.Int64Value(2192), ObjectLockDays: types.Int64Value(2192), DataEventBucketARNs: types.SetNull(types.StringType),
				RetainOnDestroy: types.BoolValue(true), Tags: types.MapNull(types.StringType), Exceptions: types.ListNull(types.ObjectType{AttrTypes: exceptionAttrTypes}),
				ARN: types.StringValue("arn"), BucketName: types.StringValue("b"), AccessLogBucketName: types.StringValue("a"), LogGroupName: types.StringValue("g"),
				RoleARN: types.StringValue("r"), Drift: types.StringValue("")}
			old.Lifecycle = types.ObjectNull(lifecycleAttrTypesV1)
			if c.lc != nil {
				old.Lifecycle = types.ObjectValueMust(lifecycleAttrTypesV1, c.lc)
			}
			prior := tfsdk.State{Schema: *up.PriorSchema}
			if d := prior.Set(ctx, &old); d.HasError() {
				t.Fatal(d)
			}
			var sr resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sr)
			resp := resource.UpgradeStateResponse{State: tfsdk.State{Schema: sr.Schema}}
			up.StateUpgrader(ctx, resource.UpgradeStateRequest{State: &prior}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var got auditTrailModel
			if d := resp.State.Get(ctx, &got); d.HasError() {
				t.Fatal(d)
			}
			want := transitionsValue([]s3bucket.Transition{{Days: c.wantIA, StorageClass: s3bucket.StandardIA}, {Days: c.wantDA, StorageClass: s3bucket.DeepArchive}})
			if !got.Transitions.Equal(want) || got.ExpireAfterDays.ValueInt64() != c.wantExpire || !reflect.DeepEqual(got.auditTrailModelCommon, old.auditTrailModelCommon) {
				t.Errorf("version %d, log_lifecycle %v: upgraded to transitions %v, expiry %v, common %+v", version, c.lc, got.Transitions, got.ExpireAfterDays, got.auditTrailModelCommon)
			}
		}
	}
}

// Version-0 state of hipaa_security_baseline, written before replication
// existed, upgrades with every attribute kept and replication null.
func TestUpgrade_baselineAddedAttributesNull(t *testing.T) {
	ctx := context.Background()
	r := &securityBaselineResource{}
	up := r.UpgradeState(ctx)[0]
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	s := baseline.Default()
	s.KMSKeyARN, s.Region, s.AccountID, s.Partition = "arn:aws:kms:us-east-1:123456789012:key/k", "us-east-1", "123456789012", "aws"
	m, d := baselineModelOf(ctx, s)
	if d.HasError() {
		t.Fatal(d)
	}
	m.setOutputs(baseline.Locate(s, baseline.Names{}), "detector")
	full := tfsdk.State{Schema: sr.Schema}
	if d := full.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	// The same state as version 0 held it: without the added attributes.
	var vals map[string]tftypes.Value
	if err := full.Raw.As(&vals); err != nil {
		t.Fatal(err)
	}
	priorType := up.PriorSchema.Type().TerraformType(ctx).(tftypes.Object)
	for name := range vals {
		if _, ok := priorType.AttributeTypes[name]; !ok {
			delete(vals, name)
		}
	}
	prior := tfsdk.State{Schema: *up.PriorSchema, Raw: tftypes.NewValue(priorType, vals)}
	resp := resource.UpgradeStateResponse{State: tfsdk.State{Schema: sr.Schema}}
	up.StateUpgrader(ctx, resource.UpgradeStateRequest{State: &prior}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var got securityBaselineModel
	if d := resp.State.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	want := m
	want.Replication, want.ReplicaConfigBucketName, want.ReplicationRoleARN = types.ObjectNull(replicationAttrTypes), types.StringNull(), types.StringNull()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("upgraded\n got %+v\nwant %+v", got, want)
	}
}
