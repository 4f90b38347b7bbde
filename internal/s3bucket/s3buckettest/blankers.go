// Package s3buckettest is what the rule tests of resources with a
// replication argument (s3bucket.Target) share.
package s3buckettest

import (
	"maps"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance/compliancetest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
)

// WithReplication is b with the blankers of the replication argument and
// its fields, each leaving what the provider's conversion leaves when the
// value is unknown; field is the argument in the Spec.
func WithReplication[S any](b compliancetest.Blankers[S], field func(*S) **s3bucket.Target) compliancetest.Blankers[S] {
	out := maps.Clone(b)
	blank := func(clear func(*s3bucket.Target)) func(*S) {
		return func(s *S) {
			if t := *field(s); t != nil {
				c := *t
				clear(&c)
				*field(s) = &c
			}
		}
	}
	out["replication"] = func(s *S) { *field(s) = nil }
	out["replication.region"] = blank(func(t *s3bucket.Target) { t.Region = "" })
	out["replication.kms_key_arn"] = blank(func(t *s3bucket.Target) { t.KMSKeyARN = "" })
	return out
}
