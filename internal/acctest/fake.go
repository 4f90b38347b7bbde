package acctest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// fake serves, in memory, exactly the operations moto 5.2.1 lacks (listed in
// ARCHITECTURE.md, "Testing against the emulator"). The proxy routes a call here only when
// (service, operation) is in handlers; every other call of the same service
// still goes to moto, so the provider's code paths are the same as on AWS.
// The Backup handlers (fake_backup.go) also ask moto, at emulator, about
// the vaults and plans it keeps.
type fake struct {
	srv      *http.Server
	url      string
	mu       sync.Mutex
	state    map[string]map[string]map[string]any // "region/service" -> kind -> id -> object
	handlers map[string]fakeHandler               // "service:Operation"
	region   string                               // of the call being served; f.mu is held
	emulator string                               // base URL of the moto this fake stands beside; f.mu is held
}

type fakeHandler func(f *fake, r *http.Request, body map[string]any) (int, any)

func newFake() *fake {
	f := &fake{handlers: map[string]fakeHandler{}}
	f.reset()
	registerSecurityHub(f)
	registerConfig(f)
	registerAccessAnalyzer(f)
	registerBackup(f)
	registerEBSDefaultKey(f)
	registerEject(f)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	f.url = "http://" + l.Addr().String()
	f.srv = &http.Server{Handler: f}
	go func() { _ = f.srv.Serve(l) }()
	return f
}

func (f *fake) close() { _ = f.srv.Close() }

// beside records the URL of the moto the fake stands beside.
func (f *fake) beside(url string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.emulator = url
}

func (f *fake) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state = map[string]map[string]map[string]any{}
}

func (f *fake) handles(service, op string) bool {
	_, ok := f.handlers[service+":"+op]
	return ok
}

// table returns the objects of one kind in the region of the call being
// served (every service the fake serves is regional); f.mu is held.
func (f *fake) table(service, kind string) map[string]any {
	key := f.region + "/" + service
	if f.state[key] == nil {
		f.state[key] = map[string]map[string]any{}
	}
	if f.state[key][kind] == nil {
		f.state[key][kind] = map[string]any{}
	}
	return f.state[key][kind]
}

// SignedRegion is the region of a SigV4 request's credential scope
// (Credential=<key>/<date>/<region>/<service>/aws4_request), us-east-1 when
// it has none.
func SignedRegion(r *http.Request) string {
	_, scope, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if parts := strings.Split(scope, "/"); ok && len(parts) >= 3 && parts[2] != "" {
		return parts[2]
	}
	return "us-east-1"
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	service, op := identify(r, raw)
	if form, err := url.ParseQuery(string(raw)); err == nil && isQueryProtocol(service) {
		body = map[string]any{}
		for k, v := range form {
			body[k] = v[0]
		}
	}
	h, ok := f.handlers[service+":"+op]
	if !ok {
		writeError(w, service, 400, "UnknownOperationException", "the harness fake does not serve "+service+":"+op)
		return
	}
	f.mu.Lock()
	f.region = SignedRegion(r)
	status, out := h(f, r, body)
	f.mu.Unlock()
	if e, isErr := out.(fakeError); isErr {
		writeError(w, service, status, e.code, e.msg)
		return
	}
	if x, isXML := out.(xmlBody); isXML {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, string(x))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(out)
}

type fakeError struct{ code, msg string }

// xmlBody is a query-protocol (EC2) response, written as is.
type xmlBody string

func notFound(code, what string) (int, any) { return 404, fakeError{code, what + " not found"} }

func now() string { return time.Now().UTC().Format(time.RFC3339) }

func lastSegment(path string) string {
	return path[strings.LastIndex(strings.TrimSuffix(path, "/"), "/")+1:]
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func strs(m map[string]any, k string) []string {
	var out []string
	if l, ok := m[k].([]any); ok {
		for _, v := range l {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func values(t map[string]any) []any {
	out := make([]any, 0, len(t))
	for _, v := range t {
		out = append(out, v)
	}
	return out
}
