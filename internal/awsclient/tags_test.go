package awsclient

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
)

// recorder is a Tagger whose calls are recorded.
type recorder struct {
	tagged  []map[string]string
	removed [][]string
	have    map[string]string
	fail    error
}

func (r *recorder) tagger() Tagger {
	return Tagger{
		list: func(context.Context) (map[string]string, error) { return r.have, r.fail },
		tag: func(_ context.Context, set map[string]string) error {
			r.tagged = append(r.tagged, set)
			return r.fail
		},
		untag: func(_ context.Context, keys []string) error {
			r.removed = append(r.removed, keys)
			return r.fail
		},
	}
}

func TestTagger_Retag(t *testing.T) {
	ctx := context.Background()
	want := map[string]string{"team": "b", "cost": "c", "hipaa:owner": "o"}

	var r recorder
	if err := r.tagger().Retag(ctx, want, maps.Clone(want)); err != nil || len(r.tagged)+len(r.removed) != 0 {
		t.Fatalf("in line: %v, calls %v %v; want no call", err, r.tagged, r.removed)
	}

	r = recorder{}
	have := map[string]string{"team": "a", "env": "x", "hipaa:owner": "o", "Name": "n", "aws:rds:x": "y"}
	if err := r.tagger().Retag(ctx, want, have, "Name"); err != nil {
		t.Fatal(err)
	}
	if len(r.tagged) != 1 || !maps.Equal(r.tagged[0], map[string]string{"team": "b", "cost": "c"}) {
		t.Errorf("tagged %v, want one call with team and cost", r.tagged)
	}
	if len(r.removed) != 1 || !slices.Equal(r.removed[0], []string{"env"}) {
		t.Errorf("removed %v, want one call with env (Name kept, aws: never removed)", r.removed)
	}

	r = recorder{have: have}
	if err := r.tagger().Sync(ctx, want, "Name"); err != nil || len(r.tagged) != 1 || len(r.removed) != 1 {
		t.Errorf("Sync: %v, %v, %v", err, r.tagged, r.removed)
	}

	r = recorder{fail: errors.New("denied")}
	if err := r.tagger().Retag(ctx, want, nil); err == nil || len(r.removed) != 0 {
		t.Errorf("a failed tag call must stop before untagging: %v, %v", err, r.removed)
	}
	if err := EC2Tagger(nil, "vpc-1").Sync(ctx, want); err == nil {
		t.Error("EC2Tagger cannot read back; Sync must say so")
	}
}
