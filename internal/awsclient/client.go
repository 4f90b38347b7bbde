package awsclient

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Client holds the shared aws.Config and the lazily created service clients.
type Client struct {
	cfg         aws.Config
	endpoints   map[string]string
	Region      string
	AccountID   string
	Partition   string
	DefaultTags map[string]string
	Mode        string

	mu      sync.Mutex
	clients map[string]any
	regions map[string]*Client // InRegion's clients, by region
	home    *Client            // the client InRegion was called on; nil for New's

	skipValidation bool
	skipAccountID  bool
	idOnce         sync.Once
	idErr          error
}

// New loads the AWS configuration (environment, shared files, profile,
// assume_role) and applies retries and the user agent. It refuses a malformed
// endpoint, from the endpoints block or the environment. It makes no AWS
// call: see Identity.
func New(ctx context.Context, c Config) (*Client, error) {
	if bad := CheckEndpoints(c.Endpoints); len(bad) > 0 {
		errs := make([]error, len(bad))
		for i, e := range bad {
			errs[i] = e
		}
		return nil, errors.Join(errs...)
	}
	awsCfg, err := loadConfig(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	cl := &Client{
		cfg:         awsCfg,
		endpoints:   c.Endpoints,
		Region:      awsCfg.Region,
		Partition:   partitionOf(awsCfg.Region),
		DefaultTags: c.DefaultTags,
		Mode:        c.ComplianceMode,
		clients:     map[string]any{},

		skipValidation: c.SkipCredentialsValidation,
		skipAccountID:  c.SkipRequestingAccountID,
	}
	if c.AssumeRole != nil && c.AssumeRole.RoleARN != "" {
		cl.cfg.Credentials = assumeRoleProvider(cl, c.AssumeRole)
	}
	return cl, nil
}

// Identity checks the credentials with sts:GetCallerIdentity and learns the
// account ID, once, on first use. It is called before a resource's first
// AWS call, never at provider configuration, so a configuration refused at
// plan makes no AWS call at all.
func (c *Client) Identity(ctx context.Context) (string, error) {
	if c.home != nil { // one identity per configuration, whatever the region
		c.idOnce.Do(func() { c.AccountID, c.idErr = c.home.Identity(ctx) })
		return c.AccountID, c.idErr
	}
	c.idOnce.Do(func() {
		if c.skipValidation && c.skipAccountID {
			return
		}
		out, err := c.STS().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			if !c.skipValidation {
				c.idErr = &IdentityError{Err: err}
			}
			return
		}
		c.AccountID = aws.ToString(out.Account)
	})
	return c.AccountID, c.idErr
}

// InRegion is the client for region from the same configuration: the same
// credentials, retries, call log, endpoints and identity, with service
// clients of its own signed for region. The provider's own region is c
// itself. Replication and backup copies act in a second region through it.
func (c *Client) InRegion(region string) *Client {
	home := c
	if c.home != nil {
		home = c.home
	}
	if region == "" || region == home.Region {
		return home
	}
	home.mu.Lock()
	defer home.mu.Unlock()
	if r, ok := home.regions[region]; ok {
		return r
	}
	cfg := home.cfg.Copy()
	cfg.Region = region
	r := &Client{cfg: cfg, endpoints: home.endpoints, Region: region, Partition: partitionOf(region),
		DefaultTags: home.DefaultTags, Mode: home.Mode, clients: map[string]any{}, home: home,
		skipValidation: home.skipValidation, skipAccountID: home.skipAccountID}
	if home.regions == nil {
		home.regions = map[string]*Client{}
	}
	home.regions[region] = r
	return r
}

func loadConfig(ctx context.Context, c Config) (aws.Config, error) {
	maxAttempts := DefaultMaxRetries
	if c.MaxRetries > 0 {
		maxAttempts = c.MaxRetries
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return newRetryer(maxAttempts) }),
		config.WithAppID("terraform-provider-hipaa"),
		config.WithAPIOptions([]func(*middlewareStack) error{
			awsmiddleware.AddUserAgentKeyValue("terraform-provider-hipaa", c.UserAgentVersion),
			addCallLog,
			addBeforeRetry(countAttempts{}),
			addBeforeRetry(endpointErrors{endpoints: c.Endpoints}),
		}),
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if len(c.SharedConfigFiles) > 0 {
		opts = append(opts, config.WithSharedConfigFiles(c.SharedConfigFiles))
	}
	if len(c.SharedCredentialsFiles) > 0 {
		opts = append(opts, config.WithSharedCredentialsFiles(c.SharedCredentialsFiles))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, err
	}
	if cfg.Region == "" {
		return cfg, fmt.Errorf("no region: set region in the provider block or AWS_REGION")
	}
	return cfg, nil
}

func assumeRoleProvider(cl *Client, ar *AssumeRole) aws.CredentialsProvider {
	p := stscreds.NewAssumeRoleProvider(cl.STS(), ar.RoleARN, func(o *stscreds.AssumeRoleOptions) {
		if ar.SessionName != "" {
			o.RoleSessionName = ar.SessionName
		}
		if ar.ExternalID != "" {
			o.ExternalID = aws.String(ar.ExternalID)
		}
	})
	return aws.NewCredentialsCache(p)
}

func partitionOf(region string) string {
	switch {
	case len(region) >= 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) >= 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}

// endpoint resolves the base endpoint for a service: the provider's endpoints
// block, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (the last two
// are also honoured by the SDK itself; resolving here keeps one rule).
func (c *Client) endpoint(service string) *string {
	if u, _ := endpointSource(c.endpoints, service); u != "" {
		return aws.String(u)
	}
	return nil
}

// lazy returns the cached client for key, building it once.
func lazy[T any](c *Client, key string, build func() T) T {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.clients[key]; ok {
		return v.(T)
	}
	v := build()
	c.clients[key] = v
	return v
}

// ARN builds an ARN in the client's partition, region and account.
func (c *Client) ARN(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", c.Partition, service, c.Region, c.AccountID, resource)
}
