package acctest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// FaultKind is what a rule injects.
type FaultKind int

// Fault kinds.
const (
	FaultThrottle    FaultKind = iota // 400 throttling error in the service's protocol (retryable)
	FaultServerError                  // 500 internal error (retryable)
	FaultLatency                      // sleep Latency, then forward
	FaultDrop                         // close the connection without a response
	FaultHardFail                     // 400 validation error (not retryable)
)

// FaultRule selects calls and injects a fault into them.
type FaultRule struct {
	Service     string // "" = any
	Operation   string // "" = any
	Kind        FaultKind
	Probability float64 // 0 = always
	Count       int     // 0 = unlimited, else at most Count faults
	After       int     // let the first After matching calls through
	Latency     time.Duration
}

type ruleState struct {
	FaultRule
	seen, fired int
	p           *Proxy
}

// AddRule adds a fault rule; rules are tried in order.
func (p *Proxy) AddRule(r FaultRule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append(p.rules, &ruleState{FaultRule: r, p: p})
}

// ClearRules removes every rule and ends a hold (Release).
func (p *Proxy) ClearRules() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = nil
	p.releaseLocked()
}

// match returns the first rule that fires for this call; p.mu is held.
func (p *Proxy) match(service, op string) *ruleState {
	for _, r := range p.rules {
		if (r.Service != "" && r.Service != service) || (r.Operation != "" && r.Operation != op) {
			continue
		}
		r.seen++
		if r.seen <= r.After || (r.Count > 0 && r.fired >= r.Count) {
			continue
		}
		if r.Probability > 0 && rand.Float64() >= r.Probability {
			continue
		}
		r.fired++
		p.faults++
		return r
	}
	return nil
}

// inject writes the fault; false means "forward the call" (latency).
func (r *ruleState) inject(w http.ResponseWriter, req *http.Request, service string) bool {
	switch r.Kind {
	case FaultLatency:
		time.Sleep(r.Latency)
		return false
	case FaultDrop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler)
	case FaultThrottle:
		writeError(w, service, 400, throttleCode(service), "Rate exceeded (injected by the test proxy)")
	case FaultServerError:
		writeError(w, service, 500, "InternalError", "injected internal error")
	case FaultHardFail:
		code := "ValidationException"
		if isQueryProtocol(service) {
			code = "InvalidParameterValue"
		}
		writeError(w, service, 400, code, "injected permanent failure")
	}
	return true
}

func throttleCode(service string) string {
	switch {
	case service == "ec2":
		return "RequestLimitExceeded"
	case service == "s3":
		return "SlowDown"
	case service == "s3control":
		return "Throttling"
	case isQueryProtocol(service):
		return "Throttling"
	}
	return "ThrottlingException"
}

// writeError answers in the service's wire protocol.
func writeError(w http.ResponseWriter, service string, status int, code, msg string) {
	switch {
	case service == "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>injected</RequestID></Response>`, code, msg)
	case service == "s3control": // REST-XML, errors wrapped like the query protocol
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error><RequestId>injected</RequestId></ErrorResponse>`, code, msg)
	case service == "s3":
		if code == "SlowDown" {
			status = 503
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<Error><Code>%s</Code><Message>%s</Message><RequestId>injected</RequestId></Error>`, code, msg)
	case isQueryProtocol(service):
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>injected</RequestId></ErrorResponse>`, code, msg)
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"__type":%q,"message":%q,"Message":%q}`, code, msg, msg)
	}
}
