package bucket

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/s3bucket"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Env is the account and region a bucket lives in.
type Env struct{ Region, AccountID, Partition string }

// Import reads the hipaa_bucket name, which this provider created, and
// returns the Spec it is configured with: the data bucket's settings and
// policy, and the replica's region and key from its replication rule. A
// missing bucket is an
// awsclient.NotFoundError; one without this provider's owner tag is
// refused (tags.NotOwnedError). Nothing is changed.
func Import(ctx context.Context, c Clients, env Env, defaultTags map[string]string, name string) (Spec, error) {
	s := Spec{Name: name, Region: env.Region, AccountID: env.AccountID, Partition: env.Partition}
	owner := s.Owner()
	data := BucketName(name, env.AccountID, env.Region)
	// What Read is asked for decides what it reads: the lifecycle rule of
	// this resource, the lock and the logging target, whatever they hold.
	probe := Bucket{Name: data, Lifecycle: Lifecycle{RuleID: LifecycleRuleID}, ObjectLock: &ObjectLock{}, LoggingTarget: "?"}
	st, err := s3bucket.Read(ctx, c.S3, probe, owner)
	if err != nil {
		return Spec{}, err
	}
	if st == nil {
		return Spec{}, &awsclient.NotFoundError{Kind: "bucket", ID: data}
	}
	if got := st.Tags[tags.OwnerKey]; got != owner {
		return Spec{}, &tags.NotOwnedError{Kind: "bucket", ID: data, Resource: ResourceType, Want: owner, Found: got,
			Fix: "Keep managing it outside this provider, or create a " + ResourceType + " of another name and copy the objects."}
	}
	rep, err := s3bucket.ReadReplication(ctx, c.S3, data, ReplicationRuleID)
	if err != nil {
		return Spec{}, err
	}
	return SpecOf(st, rep, env, defaultTags, name), nil
}

// SpecOf is the Spec a data bucket read back as st (with its replication
// rule rep) is configured with. A value st does not hold takes its default;
// destroy keeps the buckets (DefaultRetainOnDestroy).
func SpecOf(st *s3bucket.State, rep *s3bucket.Replication, env Env, defaultTags map[string]string, name string) Spec {
	s := Spec{Name: name, KMSKeyARN: st.KMSKeyARN, ObjectLock: st.ObjectLock, RetainOnDestroy: DefaultRetainOnDestroy,
		Tags: tags.UserTags(st.Tags, defaultTags), Region: env.Region, AccountID: env.AccountID, Partition: env.Partition, DefaultTags: defaultTags}
	if lc := st.Lifecycle; lc != nil {
		s.Transitions = append([]Transition{}, lc.Transitions...)
		s.ExpireAfterDays, s.NoncurrentVersionExpireAfterDays = lc.ExpireAfterDays, lc.NoncurrentVersionExpireAfterDays
	}
	if st.Logging != "" && st.Logging != s3bucket.Name(name, "access-logs", env.AccountID, env.Region) {
		s.AccessLogBucket = st.Logging
	}
	s.ReaderARNs, s.WriterARNs, s.PresignedURLMaxAgeSeconds = policyArgs(st.Policy)
	if rep != nil {
		prefix := "arn:" + env.Partition + ":s3:::" + name + "-" + env.AccountID + "-"
		if region, ok := strings.CutPrefix(rep.DestinationBucketARN, prefix); ok {
			s.Replication = &Replication{Region: region, KMSKeyARN: rep.ReplicaKMSKeyARN}
		}
	}
	return s.WithDefaults()
}

// policyArgs reads reader_arns, writer_arns and
// presigned_url_max_age_seconds back from the data bucket's policy (see
// policy.go): the principals its object-read and object-write denies
// except, and the signature age its presigned-URL deny allows.
func policyArgs(doc string) (readers, writers []string, maxAge int) {
	var p struct {
		Statement []struct {
			Sid       string
			Condition map[string]map[string]json.RawMessage
		}
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return nil, nil, 0
	}
	except := func(c map[string]map[string]json.RawMessage) []string {
		raw := c["ArnNotLike"]["aws:PrincipalArn"]
		var many []string
		if json.Unmarshal(raw, &many) == nil {
			return many
		}
		var one string
		if json.Unmarshal(raw, &one) == nil && one != "" {
			return []string{one}
		}
		return nil
	}
	for _, st := range p.Statement {
		switch st.Sid {
		case "DenyObjectReadExceptReaders":
			readers = except(st.Condition)
		case "DenyObjectWriteExceptWriters":
			writers = except(st.Condition)
		case "DenyPresignedURLsOlderThanMaxAge":
			var ms string
			if json.Unmarshal(st.Condition["NumericGreaterThan"]["s3:signatureAge"], &ms) == nil {
				if n, err := strconv.Atoi(ms); err == nil {
					maxAge = n / 1000
				}
			}
		}
	}
	return readers, writers, maxAge
}
