package baseline

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

func validSpec() Spec {
	s := Default()
	s.KMSKeyARN, s.Region, s.AccountID = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555", "us-east-1", "123456789012"
	return s
}

func TestDefaults_compliant(t *testing.T) {
	s := validSpec()
	if errs := Validate(s); len(errs) > 0 {
		t.Fatal(errs)
	}
	if v := Check(s); len(v) > 0 {
		t.Fatalf("defaults violate %v", v)
	}
}

func TestCheck(t *testing.T) {
	for name, c := range map[string]struct {
		mod     func(*Spec)
		control string
		attr    string
	}{
		"no S3 events":              {func(s *Spec) { s.GuardDutyFeatures = []string{"RDS_LOGIN_EVENTS"} }, "DET-01", "guardduty.features"},
		"two standards":             {func(s *Spec) { s.Standards = s.Standards[:2] }, "DET-02", "security_hub.standards"},
		"no pack":                   {func(s *Spec) { s.ConformancePack = false }, "DET-03", "config.conformance_pack"},
		"no analyzer":               {func(s *Spec) { s.AccessAnalyzer = false }, "DET-04", "access_analyzer"},
		"no ECR scans":              {func(s *Spec) { s.InspectorResourceTypes = []string{"EC2", "LAMBDA"} }, "DET-05", "inspector.resource_types"},
		"no account block":          {func(s *Spec) { s.S3AccountPublicAccessBlock = false }, "DET-06", "s3_account_public_access_block"},
		"12 characters":             {func(s *Spec) { s.PasswordPolicy.MinimumLength = 12 }, "DET-06", "password_policy.minimum_length"},
		"120 days":                  {func(s *Spec) { s.PasswordPolicy.MaxAgeDays = 120 }, "DET-06", "password_policy.max_age_days"},
		"reuse 5":                   {func(s *Spec) { s.PasswordPolicy.ReusePrevention = 5 }, "DET-06", "password_policy.reuse_prevention"},
		"password policy unmanaged": {func(s *Spec) { s.PasswordPolicy.Unmanaged = true }, "DET-06", "password_policy.enabled"},
		"unmanaged, weak values ignored": {func(s *Spec) {
			s.PasswordPolicy = PasswordPolicy{Unmanaged: true, MinimumLength: 8, MaxAgeDays: 365, ReusePrevention: 1}
		}, "DET-06", "password_policy.enabled"},
	} {
		s := validSpec()
		c.mod(&s)
		v := Check(s)
		if len(v) != 1 || v[0].Control != c.control || v[0].Attribute != c.attr || v[0].Hard {
			t.Errorf("%s: want one waivable %s on %s, got %v", name, c.control, c.attr, v)
		}
	}
	for name, c := range map[string]struct {
		mod  func(*Spec)
		want compliance.Violation
	}{
		"alias key": {func(s *Spec) { s.KMSKeyARN = "alias/config" }, compliance.Violation{Control: "DET-03", Attribute: "kms_key_arn", Hard: true,
			Detail: `kms_key_arn "alias/config" is a key alias: an alias can be repointed to another key, including an AWS managed one, so it does not pin a customer managed key; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`}},
		"aws/ebs": {func(s *Spec) { s.EBSKMSKeyARN = "alias/aws/ebs" }, compliance.Violation{Control: "DET-06", Attribute: "ebs_default_encryption_kms_key_arn", Hard: true,
			Detail: `ebs_default_encryption_kms_key_arn "alias/aws/ebs" is an alias of an AWS managed key: AWS managed keys cannot be restricted by a key policy you control; use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)`}},
	} {
		s := validSpec()
		c.mod(&s)
		if errs := Validate(s); len(errs) > 0 {
			t.Errorf("%s: an alias is a violation, not an input error: %v", name, errs)
		}
		if v := Check(s); !reflect.DeepEqual(v, []compliance.Violation{c.want}) {
			t.Errorf("%s:\n got  %+v\n want %+v", name, v, c.want)
		}
	}
	s := validSpec()
	s.PasswordPolicy = PasswordPolicy{MinimumLength: 32, MaxAgeDays: 30, ReusePrevention: 24}
	s.GuardDutyFeatures = append(s.GuardDutyFeatures, "LAMBDA_NETWORK_LOGS")
	if v := Check(s); len(v) > 0 {
		t.Errorf("stronger settings refused: %v", v)
	}
}

func TestValidate(t *testing.T) {
	for name, c := range map[string]struct {
		mod  func(*Spec)
		attr string
	}{
		"no key":        {func(s *Spec) { s.KMSKeyARN = "" }, "kms_key_arn"},
		"not a key":     {func(s *Spec) { s.KMSKeyARN = "config" }, "kms_key_arn"},
		"EBS not a key": {func(s *Spec) { s.EBSKMSKeyARN = "arn:aws:s3:::bucket" }, "ebs_default_encryption_kms_key_arn"},
		"feature":       {func(s *Spec) { s.GuardDutyFeatures = append(s.GuardDutyFeatures, "FLOW_LOGS") }, "guardduty.features"},
		"frequency":     {func(s *Spec) { s.FindingFrequency = "HOURLY" }, "guardduty.finding_publishing_frequency"},
		"standard arn": {func(s *Spec) {
			s.Standards = []string{"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"}
		}, "security_hub.standards"},
		"inspector type": {func(s *Spec) { s.InspectorResourceTypes = append(s.InspectorResourceTypes, "EKS") }, "inspector.resource_types"},
		"length 200":     {func(s *Spec) { s.PasswordPolicy.MinimumLength = 200 }, "password_policy.minimum_length"},
		"age 0":          {func(s *Spec) { s.PasswordPolicy.MaxAgeDays = 0 }, "password_policy.max_age_days"},
		"reuse 25":       {func(s *Spec) { s.PasswordPolicy.ReusePrevention = 25 }, "password_policy.reuse_prevention"},
		"reserved tag":   {func(s *Spec) { s.Tags = map[string]string{"hipaa:owner": "x"} }, "tags"},
		"aws: tag":       {func(s *Spec) { s.Tags = map[string]string{"AWS:team": "x"} }, "tags"},
		"long tag value": {func(s *Spec) { s.Tags = map[string]string{"team": strings.Repeat("x", 257)} }, "tags"},
	} {
		s := validSpec()
		c.mod(&s)
		errs := Validate(s)
		if len(errs) != 1 || errs[0].Attribute != c.attr {
			t.Errorf("%s: want one error on %s, got %v", name, c.attr, errs)
		}
	}
}

func TestExpand(t *testing.T) {
	s := validSpec()
	s.Region = "eu-west-2"
	l, err := Expand(s, Names{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0",
		"arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0",
		"arn:aws:securityhub:eu-west-2::standards/nist-800-53/v/5.0.0",
	}
	if strings.Join(l.StandardARNs, ",") != strings.Join(want, ",") {
		t.Errorf("standard ARNs %v", l.StandardARNs)
	}
	for _, arn := range l.StandardARNs {
		if StandardARN("aws", "eu-west-2", StandardID(arn)) != arn {
			t.Errorf("StandardID does not invert StandardARN for %s", arn)
		}
	}
	if l.ConfigBucket.Name != "hipaa-config-123456789012-eu-west-2" || l.ConfigBucket.LoggingTarget != l.AccessBucket.Name || l.ConfigBucket.KMSKeyARN != s.KMSKeyARN {
		t.Errorf("config bucket %+v", l.ConfigBucket)
	}
	if l.EBSKMSKeyARN != s.KMSKeyARN || l.RecorderName != ChildName || l.Owner != "hipaa_security_baseline/eu-west-2" {
		t.Errorf("layout %+v", l)
	}
	for _, p := range []string{l.ConfigBucket.Policy, l.AccessBucket.Policy} {
		if !strings.Contains(p, "aws:SecureTransport") || !strings.Contains(p, "s3:TlsVersion") {
			t.Errorf("bucket policy is not TLS-only: %s", p)
		}
	}
	if !strings.Contains(l.ConfigBucket.Policy, `"Resource":"arn:aws:s3:::hipaa-config-123456789012-eu-west-2/AWSLogs/123456789012/Config/*"`) {
		t.Errorf("config bucket policy does not confine delivery to the account's prefix: %s", l.ConfigBucket.Policy)
	}
	if l2, _ := Expand(s, Names{Recorder: "default", Channel: "default"}); l2.RecorderName != "default" || l2.ChannelName != "default" {
		t.Errorf("an imported recorder keeps its name: %+v", l2)
	}
}

// The conformance pack is generated from the catalog: one managed rule per
// cfg: anchor, each with a well-formed identifier, in catalog order.
func TestConformancePackTemplate(t *testing.T) {
	tpl := ConformancePackTemplate()
	rules := compliance.CFGRules()
	if len(rules) < 40 {
		t.Fatalf("only %d cfg: rules in the catalog", len(rules))
	}
	id := regexp.MustCompile(`^[A-Z0-9_]+$`)
	last := -1
	for _, r := range rules {
		i := strings.Index(tpl, "ConfigRuleName: "+r+"\n")
		if i < 0 || i < last {
			t.Errorf("rule %s missing or out of catalog order", r)
		}
		last = i
		if !id.MatchString(ManagedRuleID(r)) || !strings.Contains(tpl, "SourceIdentifier: "+ManagedRuleID(r)+"\n") {
			t.Errorf("rule %s: identifier %q", r, ManagedRuleID(r))
		}
	}
	for rule, want := range map[string]string{"multi-region-cloudtrail-enabled": "MULTI_REGION_CLOUD_TRAIL_ENABLED", "restricted-ssh": "INCOMING_SSH_DISABLED",
		"s3-bucket-versioning-enabled": "S3_BUCKET_VERSIONING_ENABLED"} {
		if got := ManagedRuleID(rule); got != want {
			t.Errorf("ManagedRuleID(%s) = %s, want %s", rule, got, want)
		}
	}
	if !strings.Contains(tpl, "MinimumPasswordLength: '14'") || !strings.Contains(tpl, "PasswordReusePrevention: '24'") {
		t.Error("iam-password-policy does not check this provider's floors")
	}
	if len(tpl) > 51200 {
		t.Errorf("template is %d bytes; PutConformancePack accepts 51,200", len(tpl))
	}
}

func TestDrift(t *testing.T) {
	l, _ := Expand(validSpec(), Names{})
	if d := Drift(l, &Observed{Features: map[string]bool{}, Standards: map[string]string{}, Inspector: map[string]bool{}}); len(d) < 10 {
		t.Errorf("an empty region shows only %d differences: %v", len(d), d)
	}
}

// TestCheck_passwordPolicyUnmanaged: enabled = false is one DET-06
// violation that says what to do, and an exception waives it exactly as it
// waives s3_account_public_access_block = false.
func TestCheck_passwordPolicyUnmanaged(t *testing.T) {
	s := validSpec()
	s.PasswordPolicy.Unmanaged, s.S3AccountPublicAccessBlock = true, false
	v := Check(s)
	if len(v) != 2 || !strings.Contains(v[1].Detail, "set password_policy.enabled = true, or waive DET-06 where another region's baseline manages it") {
		t.Fatalf("want the S3 block and password policy violations, got %v", v)
	}
	waived := compliance.Evaluate(ResourceType, compliance.ModeEnforce, v, []compliance.Exception{{Control: "DET-06", Reason: "managed in us-east-1"}})
	if waived.HasErrors() || len(waived.Waivers) != 2 {
		t.Errorf("the DET-06 exception does not waive both: %+v", waived)
	}
	if refused := compliance.Evaluate(ResourceType, compliance.ModeEnforce, v, nil); !refused.HasErrors() {
		t.Error("enabled = false without an exception is not refused")
	}
}

// TestUnmanagedPassword: an unmanaged policy is neither drift nor listed as
// left running by destroy.
func TestUnmanagedPassword(t *testing.T) {
	s := validSpec()
	s.PasswordPolicy.Unmanaged = true
	l, err := Expand(s, Names{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Drift(l, &Observed{Features: map[string]bool{}, Standards: map[string]string{}, Inspector: map[string]bool{}}) {
		if strings.Contains(d, "password") {
			t.Errorf("unmanaged password policy drifts: %s", d)
		}
	}
	for _, e := range everything(l, "d") {
		if strings.Contains(e, "password") {
			t.Errorf("destroy would report the unmanaged policy as left running: %s", e)
		}
	}
}

// With replication both Config buckets replicate to the other region under
// names that carry this region (the other region's own baseline has
// hipaa-config-<account>-<region>); the replica is read back from its rule.
func TestExpand_replication(t *testing.T) {
	s := validSpec()
	s.Replication = &s3bucket.Target{Region: "us-west-2", KMSKeyARN: westKey}
	l, err := Expand(s, Names{})
	if err != nil {
		t.Fatal(err)
	}
	r := l.Replicas
	if r == nil || len(r.Pairs) != 2 || len(l.Buckets()) != 4 {
		t.Fatalf("replicas %+v", r)
	}
	cfg, access := r.Pairs[0], r.Pairs[1]
	west := validSpec()
	west.KMSKeyARN, west.Region = westKey, "us-west-2"
	other, err := Expand(west, Names{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{cfg.Replica.Name, access.Replica.Name} {
		if b == other.ConfigBucket.Name || b == other.AccessBucket.Name || len(b) > s3bucket.MaxNameLen {
			t.Errorf("replica %s collides with us-west-2's own Config buckets, or is too long", b)
		}
	}
	if cfg.Replica.Name != "hipaa-config-us-east-1-replica-123456789012-us-west-2" || cfg.Replica.KMSKeyARN != westKey ||
		cfg.Rule.ReplicaKMSKeyARN != westKey || access.Replica.KMSKeyARN != "" || cfg.Replica.LoggingTarget != access.Replica.Name {
		t.Errorf("replicas %+v / %+v", cfg.Replica, access.Replica)
	}
	if r.Role.RoleName != "hipaa-config-us-east-1-replication" {
		t.Errorf("role %s", r.Role.RoleName)
	}
	o := &Observed{Replication: s3bucket.ReplicasState{Rules: map[string]*s3bucket.Replication{KeyConfigReplication: &cfg.Rule}}}
	env := Env{Region: "us-east-1", AccountID: s.AccountID, Partition: "aws"}
	if got := SpecOf(o, env, nil).Replication; got == nil || *got != *s.Replication {
		t.Errorf("SpecOf replication %+v", got)
	}
}
