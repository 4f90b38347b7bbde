package executor

import (
	"context"
	"maps"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Recorder holds the IDs an apply knows (observed, then created) and
// passes each new one to record (the resource writes it into state), so a
// failed or interrupted apply leaves what a later one needs. Safe for
// concurrent steps; record is called with one Put at a time.
type Recorder struct {
	mu     sync.Mutex
	ids    map[string]string
	record func(key, id string)
}

// NewRecorder returns a Recorder calling record for every Put (nil: none).
func NewRecorder(record func(key, id string)) *Recorder {
	if record == nil {
		record = func(string, string) {}
	}
	return &Recorder{ids: map[string]string{}, record: record}
}

// Put records the ID of key.
func (r *Recorder) Put(key, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids[key] = id
	r.record(key, id)
}

// ID is the ID recorded for key; "" when none.
func (r *Recorder) ID(key string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ids[key]
}

// Snapshot is a copy of every ID recorded.
func (r *Recorder) Snapshot() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.ids)
}

// Keep forgets the IDs of the keys keep refuses (children a layout no
// longer has, once deleted); record is not called.
func (r *Recorder) Keep(keep func(key string) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	maps.DeleteFunc(r.ids, func(k, _ string) bool { return !keep(k) })
}

// Created logs a child this apply created and records its ID.
func (r *Recorder) Created(ctx context.Context, kind, key, id string) {
	tflog.Info(ctx, "created", map[string]any{"child_kind": kind, "child_key": key, "child_id": id})
	r.Put(key, id)
}
