package acctest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Emulator bug (ARCHITECTURE.md, "Testing against the emulator"): moto
// 5.2.1's GetBucketReplication drops each rule's SourceSelectionCriteria
// and answers DeleteMarkerReplication "Disabled" whatever was put. The
// harness keeps those two elements of every rule a PutBucketReplication
// through a proxy sent, and lays them back over moto's answer for a rule
// of the same ID. A configuration written straight to the emulator (an
// out-of-band change in a test) is not kept, and reads back as moto has
// it. The provider's calls are unchanged.

var (
	replRuleRE   = regexp.MustCompile(`(?s)<Rule>(.*?)</Rule>`)
	replIDRE     = regexp.MustCompile(`<ID>([^<]*)</ID>`)
	replMarkerRE = regexp.MustCompile(`(?s)<DeleteMarkerReplication>.*?</DeleteMarkerReplication>`)
	replSourceRE = regexp.MustCompile(`(?s)<SourceSelectionCriteria>.*?</SourceSelectionCriteria>`)
)

// replicationKept are the kept elements, by emulator URL and bucket, then
// rule ID.
var replicationKept = struct {
	sync.Mutex
	rules map[string]map[string]keptRule
}{rules: map[string]map[string]keptRule{}}

type keptRule struct{ marker, source string }

// replicationCall names the bucket of a PutBucketReplication,
// GetBucketReplication or DeleteBucketReplication ("" for any other call).
func replicationCall(service string, r *http.Request) string {
	if service != "s3" || !r.URL.Query().Has("replication") {
		return ""
	}
	if b := strings.Trim(r.URL.Path, "/"); b != "" && !strings.Contains(b, "/") {
		return b
	}
	return ""
}

// serveReplication forwards the call to moto through next and keeps or
// lays back the elements moto loses.
func (e *Emulator) serveReplication(w http.ResponseWriter, r *http.Request, body []byte, bucket string, next http.Handler) {
	key := e.url + "/" + bucket
	switch r.Method {
	case http.MethodPut:
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status == http.StatusOK {
			kept := map[string]keptRule{}
			for _, m := range replRuleRE.FindAllSubmatch(body, -1) {
				if id := replIDRE.FindSubmatch(m[1]); id != nil {
					kept[string(id[1])] = keptRule{marker: string(replMarkerRE.Find(m[1])), source: string(replSourceRE.Find(m[1]))}
				}
			}
			replicationKept.Lock()
			replicationKept.rules[key] = kept
			replicationKept.Unlock()
		}
	case http.MethodDelete:
		next.ServeHTTP(w, r)
		replicationKept.Lock()
		delete(replicationKept.rules, key)
		replicationKept.Unlock()
	default:
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		out := rec.Body.Bytes()
		replicationKept.Lock()
		kept := replicationKept.rules[key]
		replicationKept.Unlock()
		if rec.Code == http.StatusOK && kept != nil {
			out = replRuleRE.ReplaceAllFunc(out, func(rule []byte) []byte {
				id := replIDRE.FindSubmatch(rule)
				if id == nil {
					return rule
				}
				k, ok := kept[string(id[1])]
				if !ok {
					return rule
				}
				inner := strings.TrimSuffix(strings.TrimPrefix(string(rule), "<Rule>"), "</Rule>")
				inner = replMarkerRE.ReplaceAllLiteralString(inner, "")
				inner = replSourceRE.ReplaceAllLiteralString(inner, "")
				return []byte("<Rule>" + inner + k.marker + k.source + "</Rule>")
			})
		}
		for h, v := range rec.Header() {
			w.Header()[h] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		w.WriteHeader(rec.Code)
		_, _ = io.Copy(w, bytes.NewReader(out))
	}
}

// forgetReplication drops what the harness kept for the emulator at url
// (Reset).
func forgetReplication(url string) {
	replicationKept.Lock()
	defer replicationKept.Unlock()
	for k := range replicationKept.rules {
		if strings.HasPrefix(k, url+"/") {
			delete(replicationKept.rules, k)
		}
	}
}
