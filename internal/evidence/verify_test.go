package evidence

import (
	"bytes"
	"encoding/csv"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

const (
	vpcAddress  = "module.net.hipaa_vpc.this"
	keyAddress  = "hipaa_kms_key.phi"
	flowLogGone = "flow log flow-log is missing or differs"
)

var verifiedAt = readAt.Add(time.Hour)

// rereads are the bundle's resources read again: unchanged, except that
// change edits the After values of the resource at an address (nil: gone).
func rereads(t *testing.T, change map[string]func(map[string]any) map[string]any) []Reread {
	t.Helper()
	rs, err := ParseState([]byte(showJSON))
	if err != nil {
		t.Fatal(err)
	}
	var out []Reread
	for _, r := range rs {
		after := maps.Clone(r.Values)
		if f, ok := change[r.Address]; ok {
			after = f(after)
		}
		out = append(out, Reread{Address: r.Address, Region: "us-east-1", Before: r.Values, After: after})
	}
	return out
}

func verified(t *testing.T, change map[string]func(map[string]any) map[string]any, calls ...Call) *Bundle {
	t.Helper()
	b := build(t, showJSON)
	if err := b.Verify(rereads(t, change), calls, verifiedAt); err != nil {
		t.Fatal(err)
	}
	return b
}

func implementationOn(c Control, address string) Implementation {
	i := slices.IndexFunc(c.Resources, func(i Implementation) bool { return i.Address == address })
	if i < 0 {
		return Implementation{}
	}
	return c.Resources[i]
}

// TestVerify_unchanged: nothing differs, so every control a resource
// implements without waiving it is verified; the waived NET-04 and the
// controls nothing here implements are not verified.
func TestVerify_unchanged(t *testing.T) {
	b := verified(t, nil)
	for _, c := range b.Controls {
		want := Verified
		if c.Status == StatusWaived || c.Status == StatusNotApplicable || c.Status == StatusNotCovered {
			want = ""
		}
		got := ""
		if c.Verification != nil {
			got = c.Verification.Status
		}
		if got != want {
			t.Errorf("%s (%s): verification %q, want %q", c.ID, c.Status, got, want)
		}
	}
	for _, r := range b.Verification.Resources {
		if r.Status != Verified || len(r.Differences) != 0 {
			t.Errorf("%s: %+v", r.Address, r)
		}
	}
	if b.Verification.Summary[Drifted] != 0 || b.Verification.Summary[Verified] == 0 {
		t.Errorf("summary %v", b.Verification.Summary)
	}
}

// TestVerify_flowLogDeleted: the VPC's drift names its flow log: NET-09 is
// drifted with that line, the VPC's other controls stay verified.
func TestVerify_flowLogDeleted(t *testing.T) {
	b := verified(t, map[string]func(map[string]any) map[string]any{vpcAddress: func(v map[string]any) map[string]any {
		v["drift"] = flowLogGone + "; tags differ: missing team; changed Name"
		return v
	}})
	net09 := controlNamed(b, "NET-09")
	if net09.Verification == nil || net09.Verification.Status != Drifted || !slices.Equal(net09.Verification.Differences, []string{vpcAddress + " in us-east-1: " + flowLogGone}) {
		t.Fatalf("NET-09: %+v", net09.Verification)
	}
	if i := implementationOn(net09, vpcAddress); i.Verification == nil || !slices.Equal(i.Verification.Differences, []string{flowLogGone}) {
		t.Errorf("NET-09 on the VPC: %+v", i.Verification)
	}
	for _, id := range []string{"NET-01", "NET-02", "NET-03", "NET-05", "NET-08", "NET-10", "KEY-01", "AUD-06"} {
		if c := controlNamed(b, id); c.Verification == nil || c.Verification.Status != Verified {
			t.Errorf("%s: %+v, want verified", id, c.Verification)
		}
	}
	if n := controlNamed(b, "NET-04"); n.Verification != nil {
		t.Errorf("the waived NET-04 was verified: %+v", n.Verification)
	}
	vpc := b.Verification.Resources[slices.IndexFunc(b.Verification.Resources, func(c Checked) bool { return c.Address == vpcAddress })]
	if vpc.Status != Drifted || len(vpc.Differences) != 2 || vpc.Differences[0].Child != "flow log and its role" || len(vpc.Differences[1].Controls) != 0 {
		t.Errorf("the VPC: %+v", vpc)
	}
	if b.Verification.Summary[Drifted] != 1 {
		t.Errorf("summary %v", b.Verification.Summary)
	}
}

// TestVerify_gone: a resource its reader finds deleted drifts every
// control it implements and does not waive.
func TestVerify_gone(t *testing.T) {
	b := verified(t, map[string]func(map[string]any) map[string]any{vpcAddress: func(map[string]any) map[string]any { return nil }})
	for _, c := range b.Controls {
		i := implementationOn(c, vpcAddress)
		if i.Address == "" || i.Status == StatusWaived {
			continue
		}
		if i.Verification == nil || i.Verification.Status != Drifted || !slices.Equal(i.Verification.Differences, []string{goneLine}) {
			t.Errorf("%s on the VPC: %+v", c.ID, i.Verification)
		}
	}
	if c := controlNamed(b, "KEY-02"); c.Verification.Status != Verified {
		t.Errorf("the key's KEY-02: %+v", c.Verification)
	}
}

// TestVerify_argumentChanged: an argument of a control that Read finds
// changed in AWS drifts that control, with both values.
func TestVerify_argumentChanged(t *testing.T) {
	b := verified(t, map[string]func(map[string]any) map[string]any{keyAddress: func(v map[string]any) map[string]any {
		v["rotation_period_days"] = float64(730)
		return v
	}})
	want := []string{keyAddress + " in us-east-1: rotation_period_days is 365 in state, 730 in AWS"}
	if c := controlNamed(b, "KEY-02"); c.Verification.Status != Drifted || !slices.Equal(c.Verification.Differences, want) {
		t.Errorf("KEY-02: %+v, want %v", c.Verification, want)
	}
	if c := controlNamed(b, "KEY-03"); c.Verification.Status != Verified {
		t.Errorf("KEY-03: %+v", c.Verification)
	}
}

// TestVerify_everyResource: a resource that was not re-read is an error.
func TestVerify_everyResource(t *testing.T) {
	b := build(t, showJSON)
	err := b.Verify(rereads(t, nil)[:1], nil, verifiedAt)
	if err == nil || !strings.Contains(err.Error(), vpcAddress+" was not re-read") {
		t.Errorf("error %v", err)
	}
}

var calls = []Call{{Region: "us-east-1", Service: "kms", Operation: "GetKeyPolicy", Count: 1},
	{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs", Count: 1},
	{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs", Count: 2, Errors: 1},
	{Region: "us-east-1", Service: "ec2", Operation: "DescribeFlowLogs", Count: 1}}

// TestVerify_calls: calls are merged by operation and sorted by region,
// service and operation.
func TestVerify_calls(t *testing.T) {
	b := verified(t, nil, calls...)
	want := []Call{{Region: "us-east-1", Service: "ec2", Operation: "DescribeFlowLogs", Count: 1},
		{Region: "us-east-1", Service: "ec2", Operation: "DescribeVpcs", Count: 3, Errors: 1},
		{Region: "us-east-1", Service: "kms", Operation: "GetKeyPolicy", Count: 1}}
	if !slices.Equal(b.Verification.Calls, want) || b.Verification.Writes != 0 {
		t.Errorf("calls %+v, writes %d", b.Verification.Calls, b.Verification.Writes)
	}
}

// TestRender_verification: the CSV gets a verification column, the text
// summary and the page a verification part, with the differences and the
// calls.
func TestRender_verification(t *testing.T) {
	b := verified(t, map[string]func(map[string]any) map[string]any{vpcAddress: func(v map[string]any) map[string]any {
		v["drift"] = flowLogGone + "; tags differ: missing team"
		return v
	}}, calls...)
	data, err := b.CSV()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], append(slices.Clone(CSVHeader), "verification")) {
		t.Errorf("header %v", rows[0])
	}
	cells := map[string]string{}
	for _, r := range rows[1:] {
		cells[r[0]+" "+r[3]] = r[len(r)-1]
	}
	for k, want := range map[string]string{"NET-09 " + vpcAddress: "drifted: " + flowLogGone, "NET-01 " + vpcAddress: "verified",
		"NET-04 " + vpcAddress: "", "DB-01 ": ""} {
		if cells[k] != want {
			t.Errorf("%s: %q, want %q", k, cells[k], want)
		}
	}
	text := b.Text()
	for _, want := range []string{"verified against AWS 2026-12-01T13:00:00Z", "  drifted                        1  NET-09\n",
		"    NET-09 on " + vpcAddress + " in us-east-1: " + flowLogGone, "AWS calls 5, writes 0", vpcAddress + " in us-east-1: 1 difference no control depends on (tags)", "us-east-1 ec2: DescribeFlowLogs 1, DescribeVpcs 3 (1 failed)", "us-east-1 kms: GetKeyPolicy 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	page, err := b.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := html.Parse(bytes.NewReader(page)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<section id="verification">`, `<td><a href="#NET-09">NET-09</a></td><td class="status drifted">drifted</td>`,
		`<td><code>` + vpcAddress + `</code></td><td>us-east-1</td><td class="status drifted">drifted</td>`,
		`<td>us-east-1</td><td>ec2</td><td>DescribeVpcs</td><td>3</td><td>1</td>`, `.drifted, .gone { color: #a8201a; }`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestVerify_sameAddressInTwoStates: one address in the states of two
// regions is two resources; each is matched with its own re-read, in the
// order Build was given them.
func TestVerify_sameAddressInTwoStates(t *testing.T) {
	rs, err := ParseState([]byte(showJSON))
	if err != nil {
		t.Fatal(err)
	}
	west := Resource{Address: keyAddress, Type: "hipaa_kms_key", SchemaVersion: 1, Values: maps.Clone(rs[0].Values)}
	west.Values["arn"] = "arn:aws:kms:us-west-2:123456789012:key/0f0e0d0c-0000-4000-8000-000000000002"
	all := append(slices.Clone(rs), west)
	b, err := Build(all, Options{Environment: "prod", ReadAt: readAt, Schemas: schemas})
	if err != nil {
		t.Fatal(err)
	}
	var rereads []Reread
	for _, r := range all {
		after := maps.Clone(r.Values)
		if r.Region() == "us-west-2" {
			after["drift"] = "automatic key rotation is disabled (KEY-02)"
		}
		rereads = append(rereads, Reread{Address: r.Address, Region: r.Region(), Before: r.Values, After: after})
	}
	if err := b.Verify(rereads, nil, verifiedAt); err != nil {
		t.Fatal(err)
	}
	want := []string{keyAddress + " in us-west-2: automatic key rotation is disabled (KEY-02)"}
	if c := controlNamed(b, "KEY-02"); c.Verification.Status != Drifted || !slices.Equal(c.Verification.Differences, want) {
		t.Errorf("KEY-02: %+v, want %v", c.Verification, want)
	}
	var statuses []string
	for _, i := range controlNamed(b, "KEY-02").Resources {
		statuses = append(statuses, i.Verification.Status)
	}
	if !slices.Equal(statuses, []string{Verified, Drifted}) {
		t.Errorf("KEY-02 on the two keys: %v, want the us-east-1 one verified, the us-west-2 one drifted", statuses)
	}
}

func TestResource_region(t *testing.T) {
	for want, values := range map[string]map[string]any{
		"us-west-2": {"arn": "arn:aws:kms:us-west-2:1:key/k", "kms_key_arn": "arn:aws:kms:us-east-1:1:key/k"},
		"eu-west-1": {"arn": "arn:aws:s3:::b", "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/k", "replication": map[string]any{"kms_key_arn": "arn:aws:kms:us-west-2:1:key/k"}},
		"us-east-2": {"id": "us-east-2", "guardduty": map[string]any{"detector": "arn:aws:guardduty:us-east-2:1:detector/d"}},
		"":          {"arn": "arn:aws:s3:::b", "role_arn": "arn:aws:iam::1:role/r"},
	} {
		if got := (Resource{Values: values}).Region(); got != want {
			t.Errorf("%v: %q, want %q", values, got, want)
		}
	}
}
