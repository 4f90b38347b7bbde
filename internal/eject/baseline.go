package eject

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/baseline"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/servicerole"
)

// SecurityBaseline renders a hipaa_security_baseline layout, labelled
// "<name>_<child key>": the Config buckets (hardened as s3bucket applies
// them), the Config role, recorder, delivery channel and recorder status,
// the conformance pack, the GuardDuty detector and one feature resource per
// feature, Security Hub and one subscription per standard, the access
// analyzer, Inspector, EBS encryption by default with its key, the account
// S3 public access block, the IAM password policy and, with replication,
// the Config buckets' replicas, role and rules. Parts the spec turns off
// are not rendered.
//
// Destroy is plain Terraform's: the provider always keeps the Config
// buckets, and the ejected ones render with force_destroy = false, so a
// destroy fails on them once they hold Config history or access logs (take
// them out of state to keep them); and destroy turns off every other child,
// whatever disable_on_destroy says and whether or not it was on before.
func (e *File) SecurityBaseline(name string, l baseline.Layout) {
	access := e.bucket(name, l.AccessBucket, false, "")
	e.Refer(l.AccessBucket.Name, access+".id") // the Config bucket's logging target
	config := e.bucket(name, l.ConfigBucket, false, "aws_s3_bucket_policy."+label(name, l.AccessBucket.Key))
	if r := l.Replicas; r != nil {
		e.replicas(name, r, map[string]string{l.ConfigBucket.Name: config, l.AccessBucket.Name: access}, false,
			baseline.KeyReplicationRole, baseline.KeyReplicationPolicy)
	}
	status := e.baselineConfig(name, l, config)
	if l.ConformancePack {
		p := e.resource("aws_config_conformance_pack", label(name, baseline.KeyPack))
		p.SetAttributeValue("name", cty.StringVal(l.PackName))
		e.expr(p, "template_body", heredoc(l.PackTemplate))
		in := p.AppendNewBlock("input_parameter", nil).Body()
		in.SetAttributeValue("parameter_name", cty.StringVal(baseline.DigestParameter))
		in.SetAttributeValue("parameter_value", cty.StringVal(l.PackDigest))
		e.expr(p, "depends_on", list([]string{status})) // a pack needs a recording recorder
	}
	e.baselineDetector(name, l)
	e.baselineHub(name, l)
	e.baselineAccount(name, l)
}

// baselineConfig renders the Config role, the recorder of every type, the
// delivery channel to bucket with the customer key and the recorder status,
// in the executor's order, and returns the status's address.
func (e *File) baselineConfig(name string, l baseline.Layout, bucket string) string {
	role, attached := e.serviceRole(name, baseline.KeyConfigRole, baseline.KeyConfigPolicy, servicerole.Spec{RoleName: l.ConfigRoleName,
		Description: "AWS Config recorder of " + baseline.ResourceType + " " + l.Region, TrustPolicy: l.ConfigRoleTrust,
		PolicyName: l.ConfigPolicyName, PolicyDocument: l.ConfigRolePolicy, ManagedPolicyARNs: []string{l.ConfigRoleManagedARN()},
		Tags: l.Tags(baseline.KeyConfigRole), PolicyTags: l.Tags(baseline.KeyConfigPolicy)})
	recorder := "aws_config_configuration_recorder." + label(name, baseline.KeyRecorder)
	rec := e.resource("aws_config_configuration_recorder", label(name, baseline.KeyRecorder))
	rec.SetAttributeValue("name", cty.StringVal(l.RecorderName))
	e.expr(rec, "role_arn", role+".arn")
	g := rec.AppendNewBlock("recording_group", nil).Body()
	g.SetAttributeValue("all_supported", cty.True)
	g.SetAttributeValue("include_global_resource_types", cty.True)
	e.expr(rec, "depends_on", list([]string{attached, "aws_iam_role_policy_attachment." + label(name, baseline.KeyConfigRole)}))

	ch := e.resource("aws_config_delivery_channel", label(name, baseline.KeyChannel))
	ch.SetAttributeValue("name", cty.StringVal(l.ChannelName))
	e.expr(ch, "s3_bucket_name", bucket+".bucket")
	e.str(ch, "s3_kms_key_arn", l.KMSKeyARN)
	ch.AppendNewBlock("snapshot_delivery_properties", nil).Body().SetAttributeValue("delivery_frequency", cty.StringVal("TwentyFour_Hours"))
	e.expr(ch, "depends_on", list([]string{recorder, "aws_s3_bucket_policy." + label(name, l.ConfigBucket.Key)}))

	st := e.resource("aws_config_configuration_recorder_status", label(name, baseline.KeyRecorder))
	e.expr(st, "name", recorder+".name")
	st.SetAttributeValue("is_enabled", cty.True)
	e.expr(st, "depends_on", list([]string{"aws_config_delivery_channel." + label(name, baseline.KeyChannel)}))
	return "aws_config_configuration_recorder_status." + label(name, baseline.KeyRecorder)
}

// baselineDetector renders the detector and one aws_guardduty_detector_feature
// per feature (the provider passes the features to CreateDetector).
func (e *File) baselineDetector(name string, l baseline.Layout) {
	lbl := label(name, baseline.KeyDetector)
	d := e.resource("aws_guardduty_detector", lbl)
	d.SetAttributeValue("enable", cty.True)
	d.SetAttributeValue("finding_publishing_frequency", cty.StringVal(l.FindingFrequency))
	e.expr(d, "tags", mapExpr(l.Tags(baseline.KeyDetector)))
	for _, f := range l.DetectorFeatures {
		b := e.resource("aws_guardduty_detector_feature", label(name, baseline.KeyDetector+"/"+strings.ToLower(f)))
		e.expr(b, "detector_id", "aws_guardduty_detector."+lbl+".id")
		b.SetAttributeValue("name", cty.StringVal(f))
		b.SetAttributeValue("status", cty.StringVal("ENABLED"))
	}
}

// baselineHub renders Security Hub without AWS's default standards and one
// subscription per standard of the layout.
func (e *File) baselineHub(name string, l baseline.Layout) {
	hub := "aws_securityhub_account." + label(name, baseline.KeyHub)
	h := e.resource("aws_securityhub_account", label(name, baseline.KeyHub))
	h.SetAttributeValue("enable_default_standards", cty.False)
	h.SetAttributeValue("control_finding_generator", cty.StringVal("SECURITY_CONTROL"))
	for _, arn := range l.StandardARNs {
		s := e.resource("aws_securityhub_standards_subscription", label(name, baseline.KeyStandards+"/"+baseline.StandardID(arn)))
		e.str(s, "standards_arn", arn)
		e.expr(s, "depends_on", list([]string{hub}))
	}
}

// baselineAccount renders the access analyzer and Inspector.
func (e *File) baselineAccount(name string, l baseline.Layout) {
	if l.AccessAnalyzer {
		a := e.resource("aws_accessanalyzer_analyzer", label(name, baseline.KeyAnalyzer))
		a.SetAttributeValue("analyzer_name", cty.StringVal(l.AnalyzerName))
		a.SetAttributeValue("type", cty.StringVal("ACCOUNT"))
		e.expr(a, "tags", mapExpr(l.Tags(baseline.KeyAnalyzer)))
	}
	if len(l.InspectorTypes) > 0 {
		i := e.resource("aws_inspector2_enabler", label(name, baseline.KeyInspector))
		e.expr(i, "account_ids", list([]string{accountIDRef}))
		types := make([]cty.Value, 0, len(l.InspectorTypes))
		for _, t := range l.InspectorTypes {
			types = append(types, cty.StringVal(t))
		}
		i.SetAttributeValue("resource_types", cty.ListVal(types))
	}
	e.baselineSettings(name, l)
}

// baselineSettings renders the account settings: EBS encryption by default
// and its key, the S3 public access block and the password policy (every
// character class required).
func (e *File) baselineSettings(name string, l baseline.Layout) {
	ebs := label(name, baseline.KeyEBS)
	e.resource("aws_ebs_encryption_by_default", ebs).SetAttributeValue("enabled", cty.True)
	k := e.resource("aws_ebs_default_kms_key", ebs)
	e.str(k, "key_arn", l.EBSKMSKeyARN)
	e.expr(k, "depends_on", list([]string{"aws_ebs_encryption_by_default." + ebs}))
	if l.S3AccountPublicAccessBlock {
		b := e.resource("aws_s3_account_public_access_block", label(name, baseline.KeyS3Block))
		e.expr(b, "account_id", accountIDRef)
		for _, f := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
			b.SetAttributeValue(f, cty.True)
		}
	}
	pp := l.PasswordPolicy
	if pp.Unmanaged { // another region's baseline manages it
		return
	}
	p := e.resource("aws_iam_account_password_policy", label(name, baseline.KeyPassword))
	p.SetAttributeValue("minimum_password_length", cty.NumberIntVal(int64(pp.MinimumLength)))
	p.SetAttributeValue("max_password_age", cty.NumberIntVal(int64(pp.MaxAgeDays)))
	p.SetAttributeValue("password_reuse_prevention", cty.NumberIntVal(int64(pp.ReusePrevention)))
	for _, f := range []string{"require_lowercase_characters", "require_uppercase_characters", "require_numbers", "require_symbols", "allow_users_to_change_password"} {
		p.SetAttributeValue(f, cty.True)
	}
	p.SetAttributeValue("hard_expiry", cty.False)
}

// heredoc renders s, which ends with a newline, as a heredoc with its
// template sequences escaped.
func heredoc(s string) string {
	s = strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s)
	return "<<EOT\n" + s + "EOT\n"
}

// baselineArgs are the arguments of hipaa_security_baseline; a pointer is
// an argument whose null means the provider's default.
type baselineArgs struct {
	KMSKeyARN string `json:"kms_key_arn"`
	GuardDuty *struct {
		Features  *[]string `json:"features"`
		Frequency string    `json:"finding_publishing_frequency"`
	} `json:"guardduty"`
	SecurityHub *struct {
		Standards *[]string `json:"standards"`
	} `json:"security_hub"`
	Config *struct {
		ConformancePack *bool `json:"conformance_pack"`
	} `json:"config"`
	AccessAnalyzer *bool `json:"access_analyzer"`
	Inspector      *struct {
		ResourceTypes *[]string `json:"resource_types"`
	} `json:"inspector"`
	EBSKMSKeyARN               string `json:"ebs_default_encryption_kms_key_arn"`
	S3AccountPublicAccessBlock *bool  `json:"s3_account_public_access_block"`
	PasswordPolicy             *struct {
		Enabled         *bool `json:"enabled"`
		MinimumLength   *int  `json:"minimum_length"`
		MaxAgeDays      *int  `json:"max_age_days"`
		ReusePrevention *int  `json:"reuse_prevention"`
	} `json:"password_policy"`
	DisableOnDestroy bool              `json:"disable_on_destroy"`
	Replication      *replicationArgs  `json:"replication"`
	Tags             map[string]string `json:"tags"`
	Exceptions       []exceptionArgs   `json:"exceptions"`
}

// securityBaselineSpec builds the Spec as the provider does from its plan:
// baseline.Default(), then every argument that is set.
func securityBaselineSpec(a baselineArgs, region string, defaults map[string]string) baseline.Spec {
	s := baseline.Default()
	s.KMSKeyARN, s.EBSKMSKeyARN, s.DisableOnDestroy = a.KMSKeyARN, a.EBSKMSKeyARN, a.DisableOnDestroy
	s.Replication = a.Replication.target()
	s.Region, s.AccountID, s.Partition = region, accountPlaceholder, partitionPlaceholder
	s.Tags, s.DefaultTags, s.Exceptions = a.Tags, defaults, exceptionsOf(a.Exceptions)
	set := func(v *[]string, into *[]string) {
		if v != nil {
			*into = *v
		}
	}
	setInt := func(v *int, into *int) {
		if v != nil {
			*into = *v
		}
	}
	if g := a.GuardDuty; g != nil {
		set(g.Features, &s.GuardDutyFeatures)
		if g.Frequency != "" {
			s.FindingFrequency = g.Frequency
		}
	}
	if h := a.SecurityHub; h != nil {
		set(h.Standards, &s.Standards)
	}
	if c := a.Config; c != nil && c.ConformancePack != nil {
		s.ConformancePack = *c.ConformancePack
	}
	if a.AccessAnalyzer != nil {
		s.AccessAnalyzer = *a.AccessAnalyzer
	}
	if i := a.Inspector; i != nil {
		set(i.ResourceTypes, &s.InspectorResourceTypes)
	}
	if a.S3AccountPublicAccessBlock != nil {
		s.S3AccountPublicAccessBlock = *a.S3AccountPublicAccessBlock
	}
	if p := a.PasswordPolicy; p != nil {
		if p.Enabled != nil {
			s.PasswordPolicy.Unmanaged = !*p.Enabled
		}
		setInt(p.MinimumLength, &s.PasswordPolicy.MinimumLength)
		setInt(p.MaxAgeDays, &s.PasswordPolicy.MaxAgeDays)
		setInt(p.ReusePrevention, &s.PasswordPolicy.ReusePrevention)
	}
	return s.WithDefaults()
}

// baselineLayout decodes a hipaa_security_baseline block, refuses what the
// provider refuses at plan (Validate, then Check under compliance_mode
// "enforce" with the block's exceptions) and expands it with the
// provider's default child names.
func baselineLayout(b *hcl.Block, ctx *hcl.EvalContext, region string, defaults map[string]string) (baseline.Layout, error) {
	return expandBlock(b, ctx, func(a baselineArgs) baseline.Spec { return securityBaselineSpec(a, region, defaults) },
		func(s baseline.Spec) error {
			return refusal(baseline.ResourceType, baseline.Validate(s), baseline.Check(s), s.Exceptions)
		},
		func(s baseline.Spec) (baseline.Layout, error) { return baseline.Expand(s, baseline.Names{}) })
}
