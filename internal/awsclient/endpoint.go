package awsclient

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"syscall"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// endpointSource resolves the endpoint override of a service and names the
// setting that chose it: the endpoints block, then AWS_ENDPOINT_URL_<SERVICE>,
// then AWS_ENDPOINT_URL. An empty URL means AWS's own endpoint.
func endpointSource(endpoints map[string]string, service string) (rawURL, setting string) {
	if u := endpoints[service]; u != "" {
		return u, "endpoints." + service
	}
	for _, env := range []string{"AWS_ENDPOINT_URL_" + Services[service], "AWS_ENDPOINT_URL"} {
		if u := os.Getenv(env); u != "" {
			return u, env
		}
	}
	return "", ""
}

// CheckEndpoints refuses every endpoint in use that is not an absolute
// http(s) URL, once per setting (one bad AWS_ENDPOINT_URL is one error, not
// one per service). It makes no call.
func CheckEndpoints(endpoints map[string]string) []*EndpointError {
	var errs []*EndpointError
	seen := map[string]bool{}
	for _, svc := range ServiceNames() {
		raw, setting := endpointSource(endpoints, svc)
		if raw == "" || seen[setting] || ValidateURL(raw) == nil {
			continue
		}
		seen[setting] = true
		if setting == "AWS_ENDPOINT_URL" {
			svc = "" // every service's endpoint
		}
		errs = append(errs, &EndpointError{Service: svc, URL: raw, Setting: setting,
			Problem: "is not an absolute http(s) URL such as https://ec2.us-east-1.amazonaws.com or http://127.0.0.1:5000",
			Fix:     "correct " + setting + " or unset it"})
	}
	return errs
}

// validURL reports whether raw is an absolute http or https URL with a host.
func validURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && slices.Contains([]string{"http", "https"}, u.Scheme) && u.Host != ""
}

// serviceKey maps an SDK service ID ("CloudWatch Logs") to its endpoint key
// ("logs"), through the AWS_ENDPOINT_URL_<SERVICE> spelling both share.
func serviceKey(serviceID string) string {
	env := strings.ToUpper(strings.ReplaceAll(serviceID, " ", "_"))
	for key, v := range Services {
		if v == env {
			return key
		}
	}
	return strings.ToLower(serviceID)
}

// unreachable classifies a transport error that will not heal within
// seconds: nothing listens on the port, or the host name does not resolve.
// These are not retried.
func unreachable(err error) (problem string, ok bool) {
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused the connection", true
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "names a host that does not resolve", true
	}
	return "", false
}

// endpointErrors wraps the retry loop and turns an unreachable endpoint into
// an EndpointError that names the URL, the setting that chose it, and the fix.
type endpointErrors struct{ endpoints map[string]string }

func (endpointErrors) ID() string { return "HipaaEndpointErrors" }

func (m endpointErrors) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleFinalize(ctx, in)
	if err == nil {
		return out, md, nil
	}
	problem, ok := unreachable(err)
	if !ok {
		return out, md, err
	}
	svc := serviceKey(awsmiddleware.GetServiceID(ctx))
	e := &EndpointError{Service: svc, Problem: problem, Err: transportCause(err)}
	e.URL, e.Setting = endpointSource(m.endpoints, svc)
	e.Fix = "start the emulator or service that should listen there, or correct " + e.Setting
	if e.Setting == "" {
		var ue *url.Error
		if errors.As(err, &ue) {
			e.URL = ue.URL
		}
		e.Fix = "check the network, any HTTPS proxy and the region, or set endpoints." + svc
	}
	tflog.Debug(ctx, "AWS endpoint unreachable; not retried", map[string]any{
		"service": svc, "operation": awsmiddleware.GetOperationName(ctx), "endpoint": e.URL, "setting": e.Setting, "reason": problem})
	return out, md, e
}

// transportCause is the dial error itself ("dial tcp 127.0.0.1:1: connect:
// connection refused"), without the SDK's wrapping.
func transportCause(err error) error {
	var op *net.OpError
	if errors.As(err, &op) {
		return op
	}
	return err
}

// addBeforeRetry puts m in front of the SDK's retry loop, so it sees each
// call once, after its last attempt.
func addBeforeRetry(m middleware.FinalizeMiddleware) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		if _, ok := s.Finalize.Get("Retry"); ok {
			return s.Finalize.Insert(m, "Retry", middleware.Before)
		}
		return s.Finalize.Add(m, middleware.Before)
	}
}
