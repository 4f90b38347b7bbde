package acctest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestProxy_holdAfter runs a proxy in front of a stub backend (no emulator
// needed): the hold engages at the n-th successful response of the call,
// later requests never reach the backend, and Release drops them.
func TestProxy_holdAfter(t *testing.T) {
	var forwarded atomic.Int32
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded.Add(1)
		if r.URL.Query().Get("fail") != "" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte("<ok/>"))
	}))
	defer backend.Close()
	e := &Emulator{url: backend.URL, fake: newFake()}
	defer e.fake.close()
	p, err := e.listen()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.srv.Close() }()

	client := &http.Client{Timeout: 10 * time.Second}
	call := func(action string, fail bool) error {
		u := p.URL() + "/?Action=" + action
		if fail {
			u += "&fail=1"
		}
		// POST: the transport never replays it on a dropped connection.
		req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader("x"))
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ec2/aws4_request")
		resp, err := client.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}
	reached := p.HoldAfter("ec2:CreateThing", 2)
	for _, c := range []struct {
		action string
		fail   bool
	}{{"CreateThing", false}, {"CreateThing", true}, {"DescribeThings", false}} {
		if err := call(c.action, c.fail); err != nil {
			t.Fatalf("%s before the boundary: %v", c.action, err)
		}
	}
	select {
	case <-reached:
		t.Fatal("the hold engaged before the 2nd successful CreateThing")
	default:
	}
	if err := call("CreateThing", false); err != nil {
		t.Fatalf("the boundary call itself must be answered: %v", err)
	}
	select {
	case <-reached:
	case <-time.After(5 * time.Second):
		t.Fatal("reached not closed after the 2nd successful CreateThing")
	}
	before := forwarded.Load()
	errc := make(chan error, 1)
	go func() { errc <- call("CreateOther", false) }()
	deadline := time.Now().Add(5 * time.Second)
	for p.Held() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if p.Held() != 1 {
		t.Fatalf("held %d requests, want 1", p.Held())
	}
	select {
	case err := <-errc:
		t.Fatalf("a held request was answered before Release (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	p.Release()
	if err := <-errc; err == nil {
		t.Error("a held request got a response after Release; want a dropped connection")
	}
	if n := forwarded.Load(); n != before {
		t.Errorf("%d held requests reached the backend", n-before)
	}
	// The held handler records its span as it returns, after the client
	// saw the dropped connection: wait for it, so the order below is fixed.
	for len(p.Spans()) < 5 && time.Now().Before(deadline.Add(5*time.Second)) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := call("CreateOther", false); err != nil || forwarded.Load() != before+1 {
		t.Errorf("after Release requests must pass: %v (forwarded %d)", err, forwarded.Load()-before)
	}
	var got []string
	for _, s := range p.Spans() {
		got = append(got, fmt.Sprintf("%s %d", s.Call, s.Status))
	}
	want := []string{"ec2:CreateThing 200", "ec2:CreateThing 500", "ec2:DescribeThings 200", "ec2:CreateThing 200", "ec2:CreateOther 0", "ec2:CreateOther 200"}
	if !slices.Equal(got, want) {
		t.Errorf("spans %q, want %q (a held request has status 0)", got, want)
	}
}

// TestProxy_holdResponse: the boundary call reaches the backend, its
// response never reaches the client, and nothing after it is forwarded.
func TestProxy_holdResponse(t *testing.T) {
	var forwarded atomic.Int32
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded.Add(1)
		w.(http.Flusher).Flush() // no Content-Length: the reverse proxy flushes as it copies
		_, _ = w.Write([]byte("<ok/>"))
	}))
	defer backend.Close()
	e := &Emulator{url: backend.URL, fake: newFake()}
	defer e.fake.close()
	p, err := e.listen()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.srv.Close() }()
	call := func(action string) error {
		req, _ := http.NewRequest(http.MethodPost, p.URL()+"/?Action="+action, strings.NewReader("x"))
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ec2/aws4_request")
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			_ = resp.Body.Close()
		}
		return err
	}
	reached := p.HoldResponse("ec2:CreateThing", 1)
	errc := make(chan error, 2)
	go func() { errc <- call("CreateThing") }()
	select {
	case <-reached:
	case <-time.After(5 * time.Second):
		t.Fatal("reached not closed once the backend answered")
	}
	go func() { errc <- call("CreateOther") }()
	deadline := time.Now().Add(5 * time.Second)
	for p.Held() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-errc:
		t.Fatalf("a call was answered before Release (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	p.Release()
	for range 2 {
		if err := <-errc; err == nil {
			t.Error("a withheld or held call got a whole response; want a dropped connection")
		}
	}
	if n := forwarded.Load(); n != 1 {
		t.Errorf("the backend got %d calls, want 1 (the boundary call only)", n)
	}
}
