package kmskey

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/kmsarn"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ImportKeyID is the key an import ID names: a key ID, key ARN, alias ARN
// or "alias/<name>" as given, and anything else a bare alias name.
func ImportKeyID(id string) string {
	if kmsarn.Classify(id) == kmsarn.Invalid {
		return "alias/" + id
	}
	return id
}

// Import reads the key id names (ImportKeyID) and returns the Spec of the
// key this provider created — its name from its owner tag, its services
// and principals from its policy, its description, rotation and user tags
// — with what Read observed. A missing key is an awsclient.NotFoundError;
// one without a hipaa_kms_key owner tag is refused (tags.NotOwnedError),
// because only the policy this provider writes is known to be
// least-privilege. The deletion window is not readable from AWS: it takes
// its default. Nothing is changed.
func Import(ctx context.Context, c *kms.Client, id string, defaultTags map[string]string) (Spec, *Observed, error) {
	o, err := Read(ctx, c, ImportKeyID(id))
	if err != nil {
		return Spec{}, nil, err
	}
	owner := o.Tags[tags.OwnerKey]
	name, ok := strings.CutPrefix(owner, ResourceType+"/")
	if !ok || name == "" {
		return Spec{}, nil, &tags.NotOwnedError{Kind: "KMS key", ID: o.KeyID, Resource: ResourceType, Want: ResourceType + "/<name>", Found: owner,
			Fix: "Its policy is not known to be least-privilege: create a new " + ResourceType + " and re-encrypt, or tag the key " +
				tags.OwnerKey + "=" + ResourceType + "/<name> after reviewing its policy yourself."}
	}
	services, admins, users, err := FromPolicy(o.Policy)
	if err != nil {
		return Spec{}, nil, fmt.Errorf("KMS key %s: %w", o.KeyID, err)
	}
	s := Spec{Name: name, Description: o.Description, RotationPeriodDays: o.RotationPeriodDays, AllowedServices: services,
		AdministratorARNs: admins, UserARNs: users, Tags: tags.UserTags(o.Tags, defaultTags), DefaultTags: defaultTags}
	return s.WithDefaults(), o, nil
}
