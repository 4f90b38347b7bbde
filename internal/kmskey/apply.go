package kmskey

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/executor"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Executor creates, repairs and deletes one key.
type Executor struct {
	KMS *kms.Client
	Env Env
}

func (x Executor) childErr(action, kind string, s Spec, err error) error {
	return &awsclient.ChildError{Action: action, Kind: kind, Key: s.AliasName(), Resource: ResourceType, Name: s.Name, Err: err}
}

// Create adopts a key this provider already made for the same owner (a
// crashed earlier apply) or creates one, records its ID through record as
// soon as it exists, then reconciles rotation, policy, alias and tags.
func (x Executor) Create(ctx context.Context, s Spec, record func(keyID string)) (*Observed, error) {
	ctx = awsclient.WithChild(ctx, s.AliasName(), s.Owner())
	policy, err := Policy(s, x.Env)
	if err != nil {
		return nil, err
	}
	var keyID string
	return x.converge(ctx, s, policy, &keyID, func(ctx context.Context) (*Observed, error) {
		id, err := x.adopt(ctx, s)
		if err != nil {
			return nil, err
		}
		var o *Observed
		if id == "" {
			if o, err = x.createKey(ctx, s, policy); err != nil {
				return nil, x.childErr("creating", "KMS key", s, err)
			}
			id = o.KeyID
		}
		record(id)
		keyID = id
		return o, nil
	})
}

// adopt returns the ID of a live key carrying this owner tag, found by alias
// or else by tag (both looked up at once); an alias held by a key of
// someone else is an error.
func (x Executor) adopt(ctx context.Context, s Spec) (string, error) {
	var byOwner string
	var ownerErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		byOwner, ownerErr = findKeyByOwner(ctx, x.KMS, s.Owner())
	}()
	md, err := findKey(ctx, x.KMS, s.AliasName())
	<-done
	if err == nil {
		t, terr := findTags(ctx, x.KMS, aws.ToString(md.KeyId))
		if terr != nil {
			return "", x.childErr("reading", "KMS key tags", s, terr)
		}
		if t[tags.OwnerKey] != s.Owner() {
			return "", fmt.Errorf("%s already points at KMS key %s, which hipaa_kms_key %q did not create (its %s tag is %q): "+
				"choose another name, or delete the alias", s.AliasName(), aws.ToString(md.KeyId), s.Name, tags.OwnerKey, t[tags.OwnerKey])
		}
		tflog.Info(ctx, "adopting existing key", map[string]any{"child_kind": "kms_key", "child_key": s.AliasName(), "child_id": aws.ToString(md.KeyId)})
		return aws.ToString(md.KeyId), nil
	}
	if !isNotFound(err) {
		return "", x.childErr("reading", "KMS alias", s, err)
	}
	id, err := byOwner, ownerErr
	if isNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", x.childErr("listing", "KMS keys", s, err)
	}
	tflog.Info(ctx, "adopting key left by an interrupted apply", map[string]any{"child_kind": "kms_key", "child_key": s.AliasName(), "child_id": id})
	return id, nil
}

// createKey creates the key; what it returns is the new key as created
// (rotation off, no alias), so it need not be read.
func (x Executor) createKey(ctx context.Context, s Spec, policy string) (*Observed, error) {
	out, err := x.KMS.CreateKey(ctx, &kms.CreateKeyInput{
		Description: aws.String(s.Description),
		KeySpec:     types.KeySpecSymmetricDefault,
		KeyUsage:    types.KeyUsageTypeEncryptDecrypt,
		Policy:      aws.String(policy),
		Tags:        awsclient.KMSTags(s.AllTags()),
	})
	if err != nil {
		return nil, err
	}
	id := aws.ToString(out.KeyMetadata.KeyId)
	tflog.Info(ctx, "created", map[string]any{"child_kind": "kms_key", "child_key": s.AliasName(), "child_id": id})
	return &Observed{KeyID: id, ARN: aws.ToString(out.KeyMetadata.Arn), Description: s.Description, Policy: policy, Tags: s.AllTags()}, nil
}

// Reconcile reads the key and repairs every difference from the spec.
func (x Executor) Reconcile(ctx context.Context, s Spec, keyID string) (*Observed, error) {
	ctx = awsclient.WithChild(ctx, s.AliasName(), s.Owner())
	policy, err := Policy(s, x.Env)
	if err != nil {
		return nil, err
	}
	return x.converge(ctx, s, policy, &keyID, func(context.Context) (*Observed, error) { return nil, nil })
}

// converge runs the steps of Children: the key (key: create or adopt it,
// setting *keyID), then its settings and its alias at once. It returns the
// key as observed before the repairs (the caller needs its ID and ARN).
func (x Executor) converge(ctx context.Context, s Spec, policy string, keyID *string, key func(context.Context) (*Observed, error)) (*Observed, error) {
	var o *Observed
	if err := executor.Schedule(ctx, executor.Graph(s.Children()), x.steps(s, policy, keyID, key, &o)); err != nil {
		return nil, err
	}
	return o, nil
}

// steps: the key, read once unless this apply created it; its settings,
// each its own call, in parallel; the alias. *obs is the key observed.
func (x Executor) steps(s Spec, policy string, keyID *string, key func(context.Context) (*Observed, error), obs **Observed) []executor.Step {
	var o *Observed
	setting := func(kind string, fn func(context.Context, Spec, string, *Observed) error) executor.Step {
		return executor.Step{Name: kind, Run: func(ctx context.Context) error {
			if err := fn(ctx, s, policy, o); err != nil {
				return x.childErr("updating", kind, s, err)
			}
			return nil
		}}
	}
	return []executor.Step{
		{Name: "key", Kinds: []string{string(KindKey)}, Run: func(ctx context.Context) (err error) {
			if o, err = key(ctx); err != nil {
				return err
			}
			if o == nil {
				if o, err = Read(ctx, x.KMS, *keyID); err != nil {
					return x.childErr("reading", "KMS key", s, err)
				}
			}
			*obs = o
			return nil
		}},
		{Name: "settings", After: []string{"key"}, Run: func(ctx context.Context) error {
			return executor.Schedule(ctx, nil, []executor.Step{setting("key rotation", x.ensureRotation), setting("key policy", x.ensurePolicy),
				setting("key description", x.ensureDescription), setting("key tags", x.ensureTags)})
		}},
		{Name: "alias", Kinds: []string{string(KindAlias)}, Run: setting("KMS alias", x.ensureAlias).Run},
	}
}

func (x Executor) ensureRotation(ctx context.Context, s Spec, _ string, o *Observed) error {
	if o.RotationEnabled && (o.RotationPeriodDays == 0 || o.RotationPeriodDays == s.RotationPeriodDays) {
		return nil
	}
	_, err := x.KMS.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{
		KeyId: aws.String(o.KeyID), RotationPeriodInDays: aws.Int32(int32(s.RotationPeriodDays)),
	})
	return err
}

func (x Executor) ensurePolicy(ctx context.Context, _ Spec, policy string, o *Observed) error {
	if PolicyEqual(o.Policy, policy) {
		return nil
	}
	_, err := x.KMS.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{
		KeyId: aws.String(o.KeyID), PolicyName: aws.String("default"), Policy: aws.String(policy),
	})
	return err
}

func (x Executor) ensureDescription(ctx context.Context, s Spec, _ string, o *Observed) error {
	if o.Description == s.Description {
		return nil
	}
	_, err := x.KMS.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: aws.String(o.KeyID), Description: aws.String(s.Description)})
	return err
}

// ensureAlias points alias/<name> at the key (creating or moving it) and
// removes other hipaa-managed aliases of this key left by a rename.
func (x Executor) ensureAlias(ctx context.Context, s Spec, _ string, o *Observed) error {
	if !slices.Contains(o.Aliases, s.AliasName()) {
		_, err := x.KMS.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(s.AliasName()), TargetKeyId: aws.String(o.KeyID)})
		if awsclient.HasCode(err, "AlreadyExistsException") {
			_, err = x.KMS.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String(s.AliasName()), TargetKeyId: aws.String(o.KeyID)})
		}
		if err != nil {
			return err
		}
	}
	for _, a := range o.Aliases {
		if a == s.AliasName() {
			continue
		}
		if _, err := x.KMS.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String(a)}); err != nil && !awsclient.HasCode(err, "NotFoundException") {
			return err
		}
	}
	return nil
}

// ensureTags changes only the tags that differ from the spec's.
func (x Executor) ensureTags(ctx context.Context, s Spec, _ string, o *Observed) error {
	return awsclient.KMSTagger(x.KMS, o.KeyID).Retag(ctx, s.AllTags(), o.Tags)
}

// Delete removes the alias and schedules the key's deletion after the
// configured window. A key already gone or pending deletion is done.
func (x Executor) Delete(ctx context.Context, s Spec, keyID string) (string, error) {
	if _, err := findKey(ctx, x.KMS, keyID); isNotFound(err) {
		return "", nil
	} else if err != nil {
		return "", x.childErr("reading", "KMS key", s, err)
	}
	aliases, err := findAliases(ctx, x.KMS, keyID)
	if err != nil {
		return "", x.childErr("reading", "KMS aliases", s, err)
	}
	for _, a := range aliases {
		if _, err := x.KMS.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String(a)}); err != nil && !awsclient.HasCode(err, "NotFoundException") {
			return "", x.childErr("deleting", "KMS alias", s, err)
		}
	}
	out, err := x.KMS.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{
		KeyId: aws.String(keyID), PendingWindowInDays: aws.Int32(int32(s.DeletionWindowDays)),
	})
	if err != nil && !awsclient.HasCode(err, "KMSInvalidStateException", "NotFoundException") {
		return "", x.childErr("scheduling deletion of", "KMS key", s, err)
	}
	when := ""
	if out != nil && out.DeletionDate != nil {
		when = out.DeletionDate.UTC().Format("2006-01-02")
	}
	return when, nil
}
