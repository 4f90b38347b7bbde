package evidence

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// Verification statuses: of a control, of one resource implementing it,
// and of a resource (which may also be gone).
const (
	// Verified: the resource's reader found nothing that differs.
	Verified = "verified"
	// Drifted: AWS differs from what the resource built; the differences
	// say how.
	Drifted = "drifted"
	// Gone: the reader found the resource deleted; each of its controls
	// is drifted.
	Gone = "gone"
)

// goneLine is the difference of each control of a resource that is gone.
const goneLine = "the resource is gone from AWS: its reader found nothing"

// Reread is one resource read again from AWS by its own reader.
type Reread struct {
	Address string
	Region  string // where it was read
	// Before is the state's values as the provider upgraded them; After is
	// what its Read returned (with the drift attribute), nil when it found
	// the resource gone.
	Before, After map[string]any
}

// Call is how many times one AWS operation was called.
type Call struct {
	Region    string `json:"region"`
	Service   string `json:"service"` // the provider's endpoint key: "ec2"
	Operation string `json:"operation"`
	Count     int    `json:"count"`
	Errors    int    `json:"errors,omitempty"`
	Write     bool   `json:"write,omitempty"` // not a read: refused before it was sent
}

// Verification is what re-reading every resource from AWS found.
type Verification struct {
	VerifiedAt time.Time `json:"verified_at"`
	// Summary counts the controls by verification status.
	Summary   map[string]int `json:"summary"`
	Resources []Checked      `json:"resources"`
	Calls     []Call         `json:"calls"` // by region, service and operation
	Writes    int            `json:"writes"`
}

// Checked is one resource as its reader saw it.
type Checked struct {
	Address     string       `json:"address"`
	Type        string       `json:"type"`
	Region      string       `json:"region"`
	Status      string       `json:"status"` // Verified, Drifted or Gone
	Differences []Difference `json:"differences"`
}

// Difference is one difference and the controls it puts in doubt (none:
// a child no control depends on, such as tags).
type Difference struct {
	Text     string   `json:"text"`
	Controls []string `json:"controls"`
	Child    string   `json:"child,omitempty"` // the kind of child it names
}

// Check is the verification of a control, or of one resource implementing
// it: verified, or drifted with the differences.
type Check struct {
	Status      string   `json:"status"`
	Differences []string `json:"differences,omitempty"`
}

// Verify records in b what re-reading its resources found: for each
// resource its differences, mapped to controls by the drift lines'
// children (compliance.Attribute) and by the control's arguments that
// changed between state and AWS; for each control, verified or drifted on
// each resource that implements it and does not waive it. calls are the
// AWS calls the re-read made. Every resource of b must be re-read; the
// k-th reread of an address (one per state that holds it) is the k-th
// resource of that address Build was given.
func (b *Bundle) Verify(rereads []Reread, calls []Call, at time.Time) error {
	byAddress := map[string][]Reread{}
	for _, r := range rereads {
		byAddress[r.Address] = append(byAddress[r.Address], r)
	}
	v := &Verification{VerifiedAt: at.UTC(), Summary: map[string]int{}, Calls: sortedCalls(calls)}
	var errs []error
	for _, m := range b.Inventory {
		rs := byAddress[m.Address]
		if len(rs) == 0 {
			errs = append(errs, fmt.Errorf("%s was not re-read", m.Address))
			continue
		}
		byAddress[m.Address] = rs[1:]
		v.Resources = append(v.Resources, check(m.Type, rs[0]))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, c := range v.Calls {
		if c.Write {
			v.Writes += c.Count
		}
	}
	for i := range b.Controls {
		b.Controls[i].verify(v.Resources)
		if s := b.Controls[i].Verification; s != nil {
			v.Summary[s.Status]++
		}
	}
	b.Verification = v
	return nil
}

// check is what r's re-read shows: its drift lines, then the arguments of
// its controls that changed; every control when it is gone.
func check(typ string, r Reread) Checked {
	c := Checked{Address: r.Address, Type: typ, Region: r.Region, Status: Verified, Differences: []Difference{}}
	if r.After == nil {
		var all []string
		for _, ctl := range compliance.ForResource(typ) {
			all = append(all, ctl.ID)
		}
		c.Status, c.Differences = Gone, []Difference{{Text: goneLine, Controls: all}}
		return c
	}
	drift, _ := r.After["drift"].(string)
	for _, a := range compliance.Attribute(typ, drift) {
		c.Differences = append(c.Differences, Difference{Text: a.Line, Controls: append([]string{}, a.Controls...), Child: a.Child})
	}
	for _, ctl := range compliance.ForResource(typ) {
		c.Differences = append(c.Differences, argumentChanges(ctl.ID, r)...)
	}
	if len(c.Differences) > 0 {
		c.Status = Drifted
	}
	return c
}

// argumentChanges are the control's arguments whose values Read changed.
func argumentChanges(control string, r Reread) []Difference {
	args := compliance.Arguments(control)
	before := argumentValues(Resource{Values: r.Before}, args)
	after := argumentValues(Resource{Values: r.After}, args)
	var out []Difference
	for _, a := range args {
		if !reflect.DeepEqual(before[a], after[a]) {
			out = append(out, Difference{Text: fmt.Sprintf("%s is %s in state, %s in AWS", a, jsonText(before[a]), jsonText(after[a])),
				Controls: []string{control}})
		}
	}
	return out
}

func jsonText(v any) string {
	j, _ := json.Marshal(v)
	return string(j)
}

// verify sets the verification of c and of each resource implementing it
// that does not waive it; a control no such resource implements is left
// without one. checked is in inventory order, as c's resources are.
func (c *Control) verify(checked []Checked) {
	seen := map[string]int{}
	for i := range c.Resources {
		impl := &c.Resources[i]
		k, ok := nth(checked, impl.Address, seen[impl.Address])
		seen[impl.Address]++
		if impl.Status == StatusWaived || !ok {
			continue
		}
		impl.Verification = &Check{Status: Verified}
		for _, d := range k.Differences {
			if slices.Contains(d.Controls, c.ID) {
				impl.Verification.Status = Drifted
				impl.Verification.Differences = append(impl.Verification.Differences, d.Text)
			}
		}
		if c.Verification == nil {
			c.Verification = &Check{Status: Verified}
		}
		if impl.Verification.Status == Drifted {
			c.Verification.Status = Drifted
			for _, d := range impl.Verification.Differences {
				c.Verification.Differences = append(c.Verification.Differences, impl.Address+" in "+k.Region+": "+d)
			}
		}
	}
}

// nth is the n-th (from 0) of checked with the address.
func nth(checked []Checked, address string, n int) (Checked, bool) {
	for _, k := range checked {
		if k.Address == address {
			if n == 0 {
				return k, true
			}
			n--
		}
	}
	return Checked{}, false
}

// sortedCalls merges calls of the same operation and sorts them by region,
// service and operation.
func sortedCalls(calls []Call) []Call {
	out := []Call{}
	for _, c := range calls {
		i := slices.IndexFunc(out, func(o Call) bool {
			return o.Region == c.Region && o.Service == c.Service && o.Operation == c.Operation
		})
		if i < 0 {
			out = append(out, c)
			continue
		}
		out[i].Count += c.Count
		out[i].Errors += c.Errors
		out[i].Write = out[i].Write || c.Write
	}
	slices.SortFunc(out, func(a, b Call) int {
		return cmp.Or(strings.Compare(a.Region, b.Region), strings.Compare(a.Service, b.Service), strings.Compare(a.Operation, b.Operation))
	})
	return out
}
