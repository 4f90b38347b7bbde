package acctest

import (
	"net/http"
	"strings"
)

// hold stops the proxy at a step boundary (HoldAfter, HoldResponse).
type hold struct {
	call     string // "service:Operation"
	n, seen  int
	withhold bool // the n-th response itself is not delivered
	engaged  bool
	reached  chan struct{}
	released chan struct{}
}

// HoldAfter makes the proxy stop at the boundary right after the n-th
// successful (2xx) response of call ("ec2:CreateInternetGateway"): the hold
// engages before that response's first byte is sent, so every request the
// client sends after it blocks in the proxy and is never forwarded.
// reached is closed once that response has been delivered. A test then
// kills the client; Release (or ClearRules) ends the hold, and each held
// request gets a dropped connection. Requests already forwarded when the
// hold engages complete normally. One hold at a time: a new one replaces it.
func (p *Proxy) HoldAfter(call string, n int) (reached <-chan struct{}) {
	return p.setHold(call, n, false)
}

// HoldResponse is HoldAfter for a boundary after which the client may send
// nothing more (its last call, when HoldAfter would let it finish): the
// n-th successful call of call reaches the emulator, but its response is
// withheld, and dropped at Release. reached is closed once the emulator
// has answered it.
func (p *Proxy) HoldResponse(call string, n int) (reached <-chan struct{}) {
	return p.setHold(call, n, true)
}

func (p *Proxy) setHold(call string, n int, withhold bool) <-chan struct{} {
	if n < 1 || !strings.Contains(call, ":") {
		panic("acctest: a hold wants a \"service:Operation\" and n >= 1")
	}
	h := &hold{call: call, n: n, withhold: withhold, reached: make(chan struct{}), released: make(chan struct{})}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.releaseLocked()
	p.hold, p.held = h, 0
	return h.reached
}

// Release ends the hold: held requests are dropped, never forwarded, and
// later requests pass again.
func (p *Proxy) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.releaseLocked()
}

// Held is how many requests the last hold set has stopped.
func (p *Proxy) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held
}

// releaseLocked ends the current hold; p.mu is held.
func (p *Proxy) releaseLocked() {
	if p.hold != nil {
		close(p.hold.released)
		p.hold = nil
	}
}

// holding blocks a request while a hold is engaged, then drops its
// connection; it reports whether it did (the request must not be forwarded).
func (p *Proxy) holding(w http.ResponseWriter, r *http.Request) bool {
	p.mu.Lock()
	h := p.hold
	if h == nil || !h.engaged {
		p.mu.Unlock()
		return false
	}
	p.held++
	p.mu.Unlock()
	select {
	case <-h.released:
	case <-r.Context().Done(): // the client was killed
	}
	dropConnection(w)
	return true
}

// watch wraps the writer of a forwarded call: it records the status and,
// when the call is the one a hold waits for, engages the hold.
func (p *Proxy) watch(w http.ResponseWriter, r *http.Request, call string) *respWriter {
	p.mu.Lock()
	h := p.hold
	p.mu.Unlock()
	if h != nil && h.call != call {
		h = nil
	}
	return &respWriter{ResponseWriter: w, r: r, p: p, h: h}
}

// respWriter records a forwarded call's status and engages the hold it
// watches (if any) before the response's status line goes out.
type respWriter struct {
	http.ResponseWriter
	r       *http.Request
	p       *Proxy
	h       *hold
	status  int
	engaged bool // this response engaged the hold
}

// withheld: this response is the one HoldResponse keeps from the client.
func (rw *respWriter) withheld() bool { return rw.engaged && rw.h.withhold }

func (rw *respWriter) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
		if rw.h != nil && code >= 200 && code < 300 {
			rw.p.mu.Lock()
			if rw.p.hold == rw.h && !rw.h.engaged {
				rw.h.seen++
				if rw.h.seen == rw.h.n {
					rw.h.engaged, rw.engaged = true, true
				}
			}
			rw.p.mu.Unlock()
		}
	}
	if !rw.withheld() {
		rw.ResponseWriter.WriteHeader(code)
	}
}

func (rw *respWriter) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.withheld() {
		return len(b), nil
	}
	return rw.ResponseWriter.Write(b)
}

// FlushError serves the reverse proxy's flushes; a withheld response is
// never flushed (that would send its status line).
func (rw *respWriter) FlushError() error {
	if rw.withheld() {
		return nil
	}
	return http.NewResponseController(rw.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (rw *respWriter) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// delivered runs once the response has been written: it closes reached
// when this response engaged the hold; a withheld response then waits for
// Release (or the client's end) and its connection is dropped.
func (rw *respWriter) delivered() {
	if !rw.engaged {
		return
	}
	close(rw.h.reached)
	if rw.h.withhold {
		select {
		case <-rw.h.released:
		case <-rw.r.Context().Done():
		}
		dropConnection(rw.ResponseWriter)
	}
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
