// Package verify re-reads the hipaa_* resources of a state from AWS through
// each resource's own Read, with the provider served in this process, and
// returns what evidence.Bundle.Verify records: hipaagen evidence --verify.
//
// It writes nothing to AWS: every call goes through awsclient.ReadOnly,
// which records it and refuses any that does not read.
package verify

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/evidence"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/provider"
)

// Config says how to reach AWS; what it leaves empty comes from the usual
// AWS environment (AWS_REGION, AWS_PROFILE, the credential variables and
// files, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>).
type Config struct {
	// Region reads the resources whose values name no region; each other
	// resource is read in its own (evidence.Resource.Region).
	Region   string
	Profile  string
	Endpoint string // every service's endpoint URL, such as an emulator's
	// DefaultTags are the provider's default_tags, which state does not
	// record: without them, tags that carry them differ (no control
	// depends on tags).
	DefaultTags map[string]string
	Version     string // of the provider, for the user agent
}

// Result is what the re-read found and the calls it made.
type Result struct {
	Rereads []evidence.Reread
	Calls   []evidence.Call
}

// Run reads every resource of rs again through its reader: the state's
// values are upgraded to the provider's schema (UpgradeResourceState),
// then read (ReadResource), both as Terraform would during a refresh.
func Run(ctx context.Context, rs []evidence.Resource, c Config) (*Result, error) {
	log := &callLog{}
	ctx = awsclient.ReadOnly(ctx, log.add)
	home, err := preflight(ctx, c)
	if err != nil {
		return nil, err
	}
	servers := map[string]*server{}
	res := &Result{}
	for _, r := range rs {
		region := cmp.Or(r.Region(), home)
		s, ok := servers[region]
		if !ok {
			if s, err = serve(ctx, c, region); err != nil {
				return nil, err
			}
			servers[region] = s
		}
		rr, err := s.reread(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("reading %s in %s: %w", r.Address, region, err)
		}
		rr.Region = region
		res.Rereads = append(res.Rereads, rr)
	}
	res.Calls = log.calls()
	return res, nil
}

// preflight checks the region and the credentials once
// (sts:GetCallerIdentity), so that missing ones fail with one message
// instead of one per resource, and returns the region.
func preflight(ctx context.Context, c Config) (string, error) {
	cl, err := awsclient.New(ctx, awsclient.Config{Region: c.Region, Profile: c.Profile, Endpoints: endpoints(c.Endpoint), UserAgentVersion: c.Version})
	switch {
	case err != nil && c.Region == "" && strings.Contains(err.Error(), "no region"):
		return "", errors.New("no AWS region: pass --region or set AWS_REGION")
	case err != nil:
		return "", fmt.Errorf("configuring AWS: %w", err)
	}
	_, err = cl.Identity(ctx)
	var unreachable *awsclient.EndpointError
	switch {
	case errors.As(err, &unreachable):
		return "", err
	case err != nil:
		return "", fmt.Errorf("%w\nin region %s; give credentials with AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", err, cl.Region)
	}
	return cl.Region, nil
}

// endpoints sets url as every service's endpoint ("" sets none).
func endpoints(url string) map[string]string {
	out := map[string]string{}
	if url != "" {
		for _, svc := range awsclient.ServiceNames() {
			out[svc] = url
		}
	}
	return out
}

// callLog collects the calls awsclient.ReadOnly records.
type callLog struct {
	mu  sync.Mutex
	all []awsclient.Call
}

func (l *callLog) add(c awsclient.Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, c)
}

// calls are the recorded calls, one each (evidence.Bundle.Verify counts
// them by region, service and operation).
func (l *callLog) calls() []evidence.Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]evidence.Call, 0, len(l.all))
	for _, c := range l.all {
		e := evidence.Call{Region: c.Region, Service: c.Service, Operation: c.Operation, Count: 1, Write: !awsclient.IsRead(c.Operation)}
		if c.Err != nil {
			e.Errors = 1
		}
		out = append(out, e)
	}
	return out
}

// diagError joins the error diagnostics of a response; nil without one.
func diagError(diags []*tfprotov6.Diagnostic) error {
	var errs []error
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, errors.New(strings.TrimSpace(d.Summary+": "+d.Detail)))
		}
	}
	return errors.Join(errs...)
}

// configJSON is the provider configuration of a region.
func configJSON(c Config, region string) ([]byte, error) {
	cfg := map[string]any{"region": region}
	if c.Profile != "" {
		cfg["profile"] = c.Profile
	}
	if e := endpoints(c.Endpoint); len(e) > 0 {
		cfg["endpoints"] = e
	}
	if len(c.DefaultTags) > 0 {
		cfg["default_tags"] = map[string]any{"tags": c.DefaultTags}
	}
	return json.Marshal(cfg)
}

// server is the provider served in this process, configured for one region.
type server struct {
	p       tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
}

// serve starts and configures the provider for region.
func serve(ctx context.Context, c Config, region string) (*server, error) {
	p := providerserver.NewProtocol6(provider.New(c.Version)())()
	sr, err := p.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err == nil {
		err = diagError(sr.Diagnostics)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the provider's schema: %w", err)
	}
	cfg, err := configJSON(c, region)
	if err != nil {
		return nil, err
	}
	cr, err := p.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &tfprotov6.DynamicValue{JSON: cfg}})
	if err == nil {
		err = diagError(cr.Diagnostics)
	}
	if err != nil {
		return nil, fmt.Errorf("configuring the provider for region %s: %w", region, err)
	}
	return &server{p: p, schemas: sr.ResourceSchemas}, nil
}

// reread upgrades r's state and reads it, as a refresh does.
func (s *server) reread(ctx context.Context, r evidence.Resource) (evidence.Reread, error) {
	sc, ok := s.schemas[r.Type]
	if !ok {
		return evidence.Reread{}, fmt.Errorf("the provider has no resource type %s", r.Type)
	}
	raw, err := json.Marshal(r.Values)
	if err != nil {
		return evidence.Reread{}, err
	}
	ur, err := s.p.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: r.Type, Version: int64(r.SchemaVersion),
		RawState: &tfprotov6.RawState{JSON: raw}})
	if err == nil {
		err = diagError(ur.Diagnostics)
	}
	if err != nil {
		return evidence.Reread{}, fmt.Errorf("upgrading the state: %w", err)
	}
	rr, err := s.p.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: r.Type, CurrentState: ur.UpgradedState})
	if err == nil {
		err = diagError(rr.Diagnostics)
	}
	if err != nil {
		return evidence.Reread{}, err
	}
	out := evidence.Reread{Address: r.Address}
	if out.Before, err = decode(ur.UpgradedState, sc); err != nil {
		return out, fmt.Errorf("decoding the upgraded state: %w", err)
	}
	if out.After, err = decode(rr.NewState, sc); err != nil {
		return out, fmt.Errorf("decoding the state Read returned: %w", err)
	}
	return out, nil
}
