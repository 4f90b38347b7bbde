// Package loggroup is the KMS-encrypted CloudWatch Logs group with a
// retention (AUD-06) the resources share: ensure, a batched read, drift,
// delete. It also holds the retention values CloudWatch Logs accepts.
package loggroup

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// RetentionDays are the retention periods CloudWatch Logs accepts
// (PutRetentionPolicy refuses any other value).
var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
	1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Spec is one log group.
type Spec struct {
	Name          string
	KMSKeyARN     string // "" only where encryption is waived
	RetentionDays int
	Tags          map[string]string // with hipaa:owner
}

// State is a log group as DescribeLogGroups returns it.
type State struct {
	ARN           string // without the trailing ":*"
	KMSKeyARN     string
	RetentionDays int // 0: kept forever
}

// ErrNotOurs is wrapped in an Error when the group carries another owner tag.
var ErrNotOurs = errors.New("the log group exists and was not created by this resource")

// Error is a failed step on one group.
type Error struct {
	Action string // "creating", "encrypting", ...
	Err    error
}

func (e *Error) Error() string { return e.Action + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Read lists the groups whose names start with prefix, by name, in one
// call per page.
func Read(ctx context.Context, c *cloudwatchlogs.Client, prefix string) (map[string]State, error) {
	return read(ctx, c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(prefix)})
}

// ReadMatching lists the groups whose names contain pattern, by name, in
// one call per page.
func ReadMatching(ctx context.Context, c *cloudwatchlogs.Client, pattern string) (map[string]State, error) {
	return read(ctx, c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePattern: aws.String(pattern)})
}

func read(ctx context.Context, c *cloudwatchlogs.Client, in *cloudwatchlogs.DescribeLogGroupsInput) (map[string]State, error) {
	out := map[string]State{}
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describing log groups: %w", err)
		}
		for _, g := range page.LogGroups {
			out[aws.ToString(g.LogGroupName)] = stateOf(g)
		}
	}
	return out, nil
}

func stateOf(g logstypes.LogGroup) State {
	arn := aws.ToString(g.LogGroupArn)
	if arn == "" {
		arn = aws.ToString(g.Arn)
	}
	return State{ARN: strings.TrimSuffix(arn, ":*"), KMSKeyARN: strings.TrimSpace(aws.ToString(g.KmsKeyId)),
		RetentionDays: int(aws.ToInt32(g.RetentionInDays))}
}

// ARN is the ARN of the group name, without ":*".
func ARN(partition, region, accountID, name string) string {
	return fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", partition, region, accountID, name)
}

// Ensure creates the group (encrypted, tagged) when got is nil, else adopts
// it unless another owner's tag is on it, brings its tags in line, and
// repairs its key and retention. created reports that this call made it.
func Ensure(ctx context.Context, c *cloudwatchlogs.Client, s Spec, got *State, arn string) (created bool, err error) {
	if got == nil {
		_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(s.Name), KmsKeyId: nilIfEmpty(s.KMSKeyARN), Tags: s.Tags})
		switch {
		case err == nil:
			created = true
			got = &State{KMSKeyARN: s.KMSKeyARN}
		case !awsclient.HasCode(err, "ResourceAlreadyExistsException"):
			return false, &Error{"creating", err}
		default: // made since got was read (an interrupted apply): read its key and retention
			all, err := Read(ctx, c, s.Name)
			if err != nil {
				return false, &Error{"reading", err}
			}
			if g, ok := all[s.Name]; ok {
				got = &g
			}
		}
	}
	if !created {
		if err := adopt(ctx, c, s, arn); err != nil {
			return false, err
		}
	}
	if s.KMSKeyARN != "" && (got == nil || got.KMSKeyARN != s.KMSKeyARN) {
		if _, err := c.AssociateKmsKey(ctx, &cloudwatchlogs.AssociateKmsKeyInput{LogGroupName: aws.String(s.Name), KmsKeyId: aws.String(s.KMSKeyARN)}); err != nil {
			return created, &Error{"encrypting", err}
		}
	}
	if got == nil || got.RetentionDays != s.RetentionDays {
		if _, err := c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(s.Name),
			RetentionInDays: aws.Int32(int32(s.RetentionDays))}); err != nil {
			return created, &Error{"setting retention of", err}
		}
	}
	return created, nil
}

// adopt reads the tags of an existing group: another owner's is refused;
// an untagged group (RDS creates its own when the provider's is missing)
// or ours is re-tagged.
func adopt(ctx context.Context, c *cloudwatchlogs.Client, s Spec, arn string) error {
	t := awsclient.LogGroupTagger(c, arn)
	have, err := t.List(ctx)
	if err != nil {
		return &Error{"reading the tags of", err}
	}
	if o := have[tags.OwnerKey]; o != "" && o != s.Tags[tags.OwnerKey] {
		return &Error{"adopting", ErrNotOurs}
	}
	if err := t.Retag(ctx, s.Tags, have); err != nil {
		return &Error{"tagging", err}
	}
	return nil
}

// Drift lists how got differs from s, each line naming the group.
func Drift(s Spec, got *State) []string {
	switch {
	case got == nil:
		return []string{"log group " + s.Name + " is missing"}
	case s.KMSKeyARN != "" && got.KMSKeyARN != s.KMSKeyARN:
		return []string{fmt.Sprintf("log group %s is encrypted with %q, want %s", s.Name, got.KMSKeyARN, s.KMSKeyARN)}
	case got.RetentionDays != s.RetentionDays:
		return []string{fmt.Sprintf("log group %s keeps logs %d days, want %d", s.Name, got.RetentionDays, s.RetentionDays)}
	}
	return nil
}

// Delete deletes the group unless retain (audit evidence is kept); a
// missing group is not an error.
func Delete(ctx context.Context, c *cloudwatchlogs.Client, name string, retain bool) error {
	if retain {
		return nil
	}
	_, err := c.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(name)})
	if err != nil && !awsclient.HasCode(err, "ResourceNotFoundException") {
		return &Error{"deleting", err}
	}
	return nil
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
