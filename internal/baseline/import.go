package baseline

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmsarn"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Env is the account and region a baseline lives in.
type Env struct{ Region, AccountID, Partition string }

// Imported is what Import found running in a region.
type Imported struct {
	Spec       Spec   // the arguments that match what runs
	Names      Names  // the recorder and channel it adopts, whoever created them
	DetectorID string // the region's GuardDuty detector; "" when none
	// Layout is Spec's layout (Locate: the Spec names no key when none is
	// in use), for the outputs.
	Layout Layout
}

// Import reads what runs in the region — including a detector, hub or
// recorder another tool created, which a baseline adopts — and returns
// the arguments that match it. The recorder and channel are adopted by
// name. Nothing is changed, and nothing it finds counts as turned on by
// the baseline. A region where nothing runs is an awsclient.NotFoundError.
func Import(ctx context.Context, c Clients, env Env, defaultTags map[string]string) (Imported, error) {
	names, err := ConfigNames(ctx, c)
	if err != nil {
		return Imported{}, err
	}
	ctxSpec := Spec{Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags}
	l := Locate(ctxSpec, names)
	o, err := Observe(ctx, c, l, "")
	if err != nil {
		return Imported{}, err
	}
	// The Config bucket's rule names its replica, and so the region.
	rep, err := s3bucket.ReadReplication(ctx, c.S3, l.ConfigBucket.Name, ReplicationRuleID)
	if err != nil && !awsclient.HasCode(err, "NoSuchBucket") {
		return Imported{}, err
	}
	o.Replication.Rules = map[string]*s3bucket.Replication{KeyConfigReplication: rep}
	s := SpecOf(o, env, defaultTags)
	return Imported{Spec: s, Names: names, DetectorID: o.DetectorID, Layout: Locate(s, names)}, nil
}

// SpecOf is the Spec that matches what o found: the enabled features,
// standards, scans and settings, the customer key in use (the Config
// channel's, else the EBS default key when it is a customer key), the
// password policy kept inside IAM's ranges (the next plan raises it to
// the configuration), and the detector's user tags. What o did not find
// takes its default; destroy turns nothing off (DisableOnDestroy false).
func SpecOf(o *Observed, env Env, defaultTags map[string]string) Spec {
	s := Spec{Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags,
		GuardDutyFeatures: enabled(o.Features), FindingFrequency: o.FindingFrequency, ConformancePack: o.Pack, AccessAnalyzer: o.Analyzer,
		InspectorResourceTypes: enabled(o.Inspector), S3AccountPublicAccessBlock: o.S3Block != nil && *o.S3Block,
		PasswordPolicy: passwordPolicyOf(o.Password), Tags: tags.UserTags(o.DetectorTags, defaultTags)}
	for arn := range o.Standards {
		s.Standards = append(s.Standards, StandardID(arn))
	}
	slices.Sort(s.Standards)
	s.KMSKeyARN = o.ChannelKMSKeyARN()
	if kmsarn.Classify(o.EBSKey) == kmsarn.KeyARN {
		s.EBSKMSKeyARN = o.EBSKey
		if s.KMSKeyARN == "" {
			s.KMSKeyARN = o.EBSKey
		}
	} // else the AWS managed key: unset, the default (kms_key_arn) replaces it at the next apply
	if rep := o.Replication.Rules[KeyConfigReplication]; rep != nil {
		dest := strings.TrimPrefix(rep.DestinationBucketARN, "arn:"+env.Partition+":s3:::")
		if i := strings.LastIndex(dest, "-"+env.AccountID+"-"); i >= 0 {
			s.Replication = &s3bucket.Target{Region: dest[i+len(env.AccountID)+2:], KMSKeyARN: rep.ReplicaKMSKeyARN}
		}
	}
	return s.WithDefaults()
}

// enabled are the names switched on, sorted.
func enabled(m map[string]bool) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] {
			out = append(out, k)
		}
	}
	return out
}

// passwordPolicyOf is the account's policy, each value kept inside IAM's
// ranges (0 means "never expires" or "no reuse check"), so that the Spec
// expands; without one, the contract's floor.
func passwordPolicyOf(p *iamtypes.PasswordPolicy) PasswordPolicy {
	if p == nil {
		return Default().PasswordPolicy
	}
	clamp := func(v *int32, lo, hi int) int { return max(lo, min(hi, int(aws.ToInt32(v)))) }
	return PasswordPolicy{MinimumLength: clamp(p.MinimumPasswordLength, iamMinPasswordLength, iamMaxPasswordLength),
		MaxAgeDays:      clamp(p.MaxPasswordAge, 1, iamMaxPasswordAge),
		ReusePrevention: clamp(p.PasswordReusePrevention, 1, iamMaxReusePrevention)}
}
