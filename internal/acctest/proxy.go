package acctest

import (
	"bytes"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Proxy sits between the provider and the emulator (and the fake), counts
// every call by "service:Operation", and injects faults by rule.
type Proxy struct {
	srv      *http.Server
	url      string
	emu      *Emulator
	emulator *httputil.ReverseProxy
	fake     *httputil.ReverseProxy

	mu     sync.Mutex
	calls  map[string]int
	rules  []*ruleState
	faults int
	spans  []Span
	hold   *hold // HoldAfter
	held   int

	inflight atomic.Int64 // calls received and not yet answered (Settle)
}

// Span is one call as the proxy saw it: received, then answered.
type Span struct {
	Call       string // "service:Operation"
	Start, End time.Time
	// Status is the HTTP status the emulator (or fake) answered; 0 when the
	// proxy answered itself (an injected fault, a held request).
	Status int
}

// NewProxy starts a proxy in front of t's emulator (its account under
// Parallel, else the shared one) on a free loopback port, closed when t
// ends.
func NewProxy(t testing.TB) *Proxy {
	t.Helper()
	PreCheck(t)
	return current(t).NewProxy(t)
}

// NewProxy starts a proxy in front of this emulator on a free loopback
// port, closed when t ends.
func (e *Emulator) NewProxy(t testing.TB) *Proxy {
	t.Helper()
	PreCheck(t)
	p, err := e.listen()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.srv.Close() })
	return p
}

// listen starts a proxy in front of the running emulator and its fake.
func (e *Emulator) listen() (*Proxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	emu, _ := url.Parse(e.url)
	fk, _ := url.Parse(e.fake.url)
	p := &Proxy{url: "http://" + l.Addr().String(), emu: e, calls: map[string]int{},
		emulator: httputil.NewSingleHostReverseProxy(emu), fake: httputil.NewSingleHostReverseProxy(fk)}
	for _, rp := range []*httputil.ReverseProxy{p.emulator, p.fake} {
		rp.ErrorHandler = quietError
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: time.Minute}
	go func() { _ = p.srv.Serve(l) }()
	return p, nil
}

// quietError answers 502 when the emulator cannot be reached, and says
// nothing when the client went away (a killed terraform, a cancelled call).
func quietError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() == nil {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, err.Error())
	}
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return p.url }

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.inflight.Add(1)
	defer p.inflight.Add(-1)
	body, _ := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	service, op := identify(r, body)
	start := time.Now()
	var rw *respWriter // set once the call is forwarded
	defer func() {
		status := 0
		if rw != nil {
			status = rw.status
		}
		p.mu.Lock()
		p.spans = append(p.spans, Span{Call: service + ":" + op, Start: start, End: time.Now(), Status: status})
		p.mu.Unlock()
	}()
	p.mu.Lock()
	p.calls[service+":"+op]++
	rule := p.match(service, op)
	p.mu.Unlock()
	if rule != nil && rule.inject(w, r, service) {
		return
	}
	if p.holding(w, r) { // after a latency rule's sleep, so the sleeper is held too
		return
	}
	rw = p.watch(w, r, service+":"+op)
	defer rw.delivered()
	w = rw
	fixRetainedBackups(p.emu.awsConfig(), service, op, body)
	fixBackupListTags(service, op, r)
	if p.emu.fake.handles(service, op) {
		p.fake.ServeHTTP(w, r)
		return
	}
	if bucket := replicationCall(service, r); bucket != "" {
		p.emu.serveReplication(w, r, body, bucket, p.emulator)
		return
	}
	if form, ok := needsEndpointRouteFix(service, op, body); ok {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		p.emulator.ServeHTTP(rec, r)
		if rec.status == http.StatusOK {
			fixEndpointRoutes(p.emu.awsConfig(), form)
		}
		return
	}
	p.emulator.ServeHTTP(w, r)
}

// Calls returns a copy of the call counts.
func (p *Proxy) Calls() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.calls)
}

// Spans returns every call's span, in the order they were answered.
func (p *Proxy) Spans() []Span {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.spans)
}

// SequentialDepth is the length of the longest chain of calls each of
// which started after the previous one was answered: the number of call
// latencies the client waited for one after another, whatever the cause
// (a real dependency, a wait, a saturated fan-out). With a fixed latency
// injected into every call, the wall time is at least depth × latency.
func SequentialDepth(spans []Span) int {
	s := slices.Clone(spans)
	slices.SortFunc(s, func(a, b Span) int { return a.Start.Compare(b.Start) })
	depth := make([]int, len(s))
	longest := 0
	for i := range s {
		depth[i] = 1
		for j := range i {
			if !s[j].End.After(s[i].Start) {
				depth[i] = max(depth[i], depth[j]+1)
			}
		}
		longest = max(longest, depth[i])
	}
	return longest
}

// Total is the number of calls received.
func (p *Proxy) Total() int {
	n := 0
	for _, c := range p.Calls() {
		n += c
	}
	return n
}

// CallsFor counts the calls to one service.
func (p *Proxy) CallsFor(service string) int {
	n := 0
	for k, c := range p.Calls() {
		if strings.HasPrefix(k, service+":") {
			n += c
		}
	}
	return n
}

// Settle waits until every call the proxy received has been answered (at
// most timeout), and reports whether they were. A killed client's calls
// still on their way (held by a latency rule, say) reach the emulator, as
// on a real network; a test counting what a killed apply left waits for
// them first.
func (p *Proxy) Settle(timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if p.inflight.Load() == 0 {
			return true
		}
	}
	return p.inflight.Load() == 0
}

// ResetCounts zeroes the call counts.
func (p *Proxy) ResetCounts() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = map[string]int{}
	p.spans = nil
}

// Faults is how many faults were injected.
func (p *Proxy) Faults() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.faults
}

// ProviderConfig renders a provider block pointing every service at this proxy.
func (p *Proxy) ProviderConfig() string { return p.providerBlock("", "us-east-1") }

// ProviderConfigIn is a second hipaa provider block, named alias, for
// region, on the same proxy (the emulator serves every region).
func (p *Proxy) ProviderConfigIn(alias, region string) string { return p.providerBlock(alias, region) }

func (p *Proxy) providerBlock(alias, region string) string {
	var b strings.Builder
	b.WriteString("provider \"hipaa\" {\n")
	if alias != "" {
		b.WriteString("  alias       = \"" + alias + "\"\n")
	}
	b.WriteString("  region      = \"" + region + "\"\n  max_retries = 10\n  endpoints {\n")
	for _, s := range ServiceNames {
		b.WriteString("    " + s + " = \"" + p.url + "\"\n")
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// ServiceNames are the provider's endpoint keys.
var ServiceNames = []string{"accessanalyzer", "backup", "cloudtrail", "configservice", "ec2", "elbv2", "guardduty", "iam",
	"inspector2", "kms", "logs", "rds", "s3", "s3control", "secretsmanager", "securityhub", "sts", "wafv2"}
