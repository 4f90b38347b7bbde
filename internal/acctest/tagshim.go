package acctest

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TagShim stands in front of a Proxy and serves the tagging
// operations that neither moto 5.2.1 nor the harness fake serve: GuardDuty,
// Security Hub and IAM Access Analyzer TagResource, UntagResource and
// ListTagsForResource. It keeps each object's tags from its creation
// (EnableSecurityHub's request; the first GetDetector or GetAnalyzer answer)
// and lays them over later GetDetector and GetAnalyzer answers, so the
// provider and the test read back what was tagged. Every other call goes on
// to the proxy unchanged (counted and faulted there).
//
// A test that needs these operations points the provider at the shim
// (TagShim.ProviderConfig) and says so; the shim counts what it served.
type TagShim struct {
	url string

	mu    sync.Mutex
	tags  map[string]map[string]string // by resource: "detector/<id>", "analyzer/<name>", "hub/default"
	calls map[string]int               // "guardduty:TagResource", ...
}

var signingName = regexp.MustCompile(`Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request`)

// shimServices are the signing names whose tagging the shim serves.
var shimServices = map[string]bool{"guardduty": true, "securityhub": true, "access-analyzer": true}

// NewTagShim starts a shim in front of p, closed when t ends.
func NewTagShim(t testing.TB, p *Proxy) *TagShim {
	t.Helper()
	target, err := url.Parse(p.URL())
	if err != nil {
		t.Fatal(err)
	}
	s := &TagShim{tags: map[string]map[string]string{}, calls: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = s.overlay
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.serve(w, r) {
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// ProviderConfig is p's provider block with every endpoint at the shim.
func (s *TagShim) ProviderConfig(p *Proxy) string {
	return strings.ReplaceAll(p.ProviderConfig(), p.URL(), s.url)
}

// URL is the shim's base URL.
func (s *TagShim) URL() string { return s.url }

// Calls is how many times the shim served op ("guardduty:TagResource").
func (s *TagShim) Calls(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

func signedService(r *http.Request) string {
	if m := signingName.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		return m[1]
	}
	return ""
}

// resourceOf is an ARN's resource part: "detector/<id>".
func resourceOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	return parts[len(parts)-1]
}

// serve answers a tagging call itself, and notes a hub's creation tags; it
// reports whether it answered.
func (s *TagShim) serve(w http.ResponseWriter, r *http.Request) bool {
	svc := signedService(r)
	if !shimServices[svc] {
		return false
	}
	field := "tags" // GuardDuty and Access Analyzer spell it so; Security Hub "Tags"
	if svc == "securityhub" {
		field = "Tags"
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if svc == "securityhub" && r.Method == http.MethodPost && r.URL.Path == "/accounts" { // EnableSecurityHub
		var in map[string]map[string]string
		_ = json.Unmarshal(body, &in)
		s.mu.Lock()
		s.tags["hub/default"] = maps.Clone(in[field])
		s.mu.Unlock()
		return false
	}
	arn, ok := strings.CutPrefix(r.URL.Path, "/tags/")
	if !ok {
		return false
	}
	res := resourceOf(arn)
	s.mu.Lock()
	defer s.mu.Unlock()
	have := s.tags[res]
	if have == nil {
		have = map[string]string{}
		s.tags[res] = have
	}
	var op string
	out := map[string]any{}
	switch r.Method {
	case http.MethodPost:
		op = "TagResource"
		var in map[string]map[string]string
		if err := json.Unmarshal(body, &in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return true
		}
		maps.Copy(have, in[field])
	case http.MethodDelete:
		op = "UntagResource"
		for _, k := range r.URL.Query()["tagKeys"] {
			delete(have, k)
		}
	case http.MethodGet:
		op = "ListTagsForResource"
		out[field] = have
	default:
		return false
	}
	s.calls[strings.ReplaceAll(svc, "access-analyzer", "accessanalyzer")+":"+op]++
	b, _ := json.Marshal(out)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return true
}

// overlay keeps the tags of a detector or analyzer from its first read, and
// answers later reads with the tags the shim holds.
func (s *TagShim) overlay(resp *http.Response) error {
	r := resp.Request
	if r.Method != http.MethodGet || resp.StatusCode != http.StatusOK {
		return nil
	}
	var res string
	var nested string // the object holding "tags" in the answer; "" for the top level
	switch svc, parts := signedService(r), strings.Split(strings.Trim(r.URL.Path, "/"), "/"); {
	case svc == "guardduty" && len(parts) == 2 && parts[0] == "detector":
		res = "detector/" + parts[1]
	case svc == "access-analyzer" && len(parts) == 2 && parts[0] == "analyzer":
		res, nested = "analyzer/"+parts[1], "analyzer"
	default:
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err == nil {
		obj := doc
		if nested != "" {
			obj, _ = doc[nested].(map[string]any)
		}
		if obj != nil {
			s.mu.Lock()
			if held, ok := s.tags[res]; ok {
				obj["tags"] = held
			} else {
				got := map[string]string{}
				if m, ok := obj["tags"].(map[string]any); ok {
					for k, v := range m {
						got[k], _ = v.(string)
					}
				}
				s.tags[res] = got
			}
			body, _ = json.Marshal(doc)
			s.mu.Unlock()
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}
