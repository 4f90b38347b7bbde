package kmskey

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// Observed is what AWS says about the key.
type Observed struct {
	KeyID              string
	ARN                string
	Description        string
	RotationEnabled    bool
	RotationPeriodDays int // 0 when the API does not return it
	Policy             string
	Aliases            []string
	Tags               map[string]string
}

// Read observes the key in five calls: DescribeKey, then at once
// GetKeyRotationStatus, GetKeyPolicy, ListResourceTags and ListAliases. A
// missing or pending-deletion key is an awsclient.NotFoundError.
func Read(ctx context.Context, c *kms.Client, keyID string) (*Observed, error) {
	md, err := findKey(ctx, c, keyID)
	if err != nil {
		return nil, err
	}
	id := aws.ToString(md.KeyId)
	o := &Observed{KeyID: id, ARN: aws.ToString(md.Arn), Description: aws.ToString(md.Description)}
	reads := []func() error{
		func() error {
			rot, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
			if err != nil {
				return fmt.Errorf("reading rotation status: %w", err)
			}
			o.RotationEnabled = rot.KeyRotationEnabled
			o.RotationPeriodDays = int(aws.ToInt32(rot.RotationPeriodInDays))
			return nil
		},
		func() error {
			pol, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default")})
			if err != nil {
				return fmt.Errorf("reading key policy: %w", err)
			}
			o.Policy = aws.ToString(pol.Policy)
			return nil
		},
		func() (err error) {
			if o.Tags, err = findTags(ctx, c, id); err != nil {
				return fmt.Errorf("reading tags: %w", err)
			}
			return nil
		},
		func() (err error) {
			if o.Aliases, err = findAliases(ctx, c, id); err != nil {
				return fmt.Errorf("reading aliases: %w", err)
			}
			return nil
		},
	}
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = read()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return o, nil
}

// Drift lists every difference between the spec and what AWS has, in a
// stable order. Fields the API may omit (rotation period) are compared only
// when returned.
func Drift(s Spec, policy string, o *Observed) []string {
	var d []string
	if !o.RotationEnabled {
		d = append(d, "automatic key rotation is disabled (KEY-02)")
	}
	if o.RotationPeriodDays != 0 && o.RotationPeriodDays != s.RotationPeriodDays {
		d = append(d, fmt.Sprintf("rotation period is %d days, want %d", o.RotationPeriodDays, s.RotationPeriodDays))
	}
	if !PolicyEqual(o.Policy, policy) {
		d = append(d, "key policy differs from the generated least-privilege policy (KEY-01)")
	}
	if !slices.Contains(o.Aliases, s.AliasName()) {
		d = append(d, fmt.Sprintf("alias %s does not point at the key", s.AliasName()))
	}
	if o.Description != s.Description {
		d = append(d, "description differs")
	}
	if !maps.Equal(o.Tags, s.AllTags()) {
		d = append(d, "tags differ")
	}
	return d
}
