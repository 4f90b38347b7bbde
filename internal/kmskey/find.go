package kmskey

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// findKey describes a key by ID, ARN or alias. A key pending deletion is not found.
func findKey(ctx context.Context, c *kms.Client, id string) (*types.KeyMetadata, error) {
	out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	if awsclient.HasCode(err, "NotFoundException") {
		return nil, &awsclient.NotFoundError{Kind: "KMS key", ID: id}
	}
	if err != nil {
		return nil, err
	}
	md := out.KeyMetadata
	if md.KeyState == types.KeyStatePendingDeletion || md.KeyState == types.KeyStatePendingReplicaDeletion {
		return nil, &awsclient.NotFoundError{Kind: "KMS key", ID: id}
	}
	return md, nil
}

// findTags lists a key's tags as a map.
func findTags(ctx context.Context, c *kms.Client, keyID string) (map[string]string, error) {
	out := map[string]string{}
	p := kms.NewListResourceTagsPaginator(c, &kms.ListResourceTagsInput{KeyId: aws.String(keyID)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Tags {
			out[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
		}
	}
	return out, nil
}

// findAliases lists the alias names that point at keyID.
func findAliases(ctx context.Context, c *kms.Client, keyID string) ([]string, error) {
	var names []string
	p := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{KeyId: aws.String(keyID)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Aliases {
			names = append(names, aws.ToString(a.AliasName))
		}
	}
	return names, nil
}

// findKeyByOwner scans the account's keys for one carrying hipaa:owner=owner,
// not pending deletion. Only used when the alias is missing (crash between
// CreateKey and CreateAlias), never by Read.
func findKeyByOwner(ctx context.Context, c *kms.Client, owner string) (string, error) {
	p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, k := range page.Keys {
			id := aws.ToString(k.KeyId)
			t, err := findTags(ctx, c, id)
			if err != nil || t[tags.OwnerKey] != owner {
				continue
			}
			if _, err := findKey(ctx, c, id); err == nil {
				return id, nil
			}
		}
	}
	return "", &awsclient.NotFoundError{Kind: "KMS key with owner", ID: owner}
}

func isNotFound(err error) bool {
	var nf *awsclient.NotFoundError
	return errors.As(err, &nf)
}
