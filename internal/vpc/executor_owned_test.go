package vpc

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// ownedIGWs lists the internet gateways carrying owner's tag, on the raw emulator.
func ownedIGWs(t *testing.T, owner string) []ec2types.InternetGateway {
	t.Helper()
	out, err := rawEC2(t).DescribeInternetGateways(context.Background(), &ec2.DescribeInternetGatewaysInput{
		Filters: []ec2types.Filter{ownerFilter(owner)}})
	must(t, err)
	return out.InternetGateways
}

// An apply that stops between CreateInternetGateway and
// AttachInternetGateway leaves a detached, owner-tagged gateway; the next
// Apply attaches that one instead of creating a second, and Destroy
// leaves none.
func TestExecutor_detachedIGWAdopted(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	p.AddRule(acctest.FaultRule{Service: "ec2", Operation: "AttachInternetGateway", Kind: acctest.FaultHardFail, Count: 1})
	x, l := testExecutor(t, p), testExecutorLayout(t, "igw")
	rec := newRecorder(nil)
	_, err := x.Apply(context.Background(), l, nil, rec.record)
	var ce *awsclient.ChildError
	if !errors.As(err, &ce) || ce.Key != KeyInternetGateway {
		t.Fatalf("want an internet gateway ChildError, got %v", err)
	}
	igws := ownedIGWs(t, l.Owner)
	if len(igws) != 1 || attached(igws[0]) {
		t.Fatalf("after the failed attach: %d owned gateways %+v, want one detached", len(igws), igws)
	}
	if d := Drift(l, observeOK(t, x, l, rec.snapshot()[KeyVPC])); !strings.Contains(strings.Join(d, "\n"), "internet gateway igw is missing") {
		t.Errorf("drift does not report the detached gateway: %v", d)
	}

	p.ClearRules()
	p.ResetCounts()
	ids := applyOK(t, x, l, rec.snapshot())
	if n := p.Calls()["ec2:CreateInternetGateway"]; n != 0 {
		t.Errorf("the second apply created %d internet gateways; it should attach the detached one", n)
	}
	if ids[KeyInternetGateway] != aws.ToString(igws[0].InternetGatewayId) {
		t.Errorf("igw = %s, want the adopted %s", ids[KeyInternetGateway], aws.ToString(igws[0].InternetGatewayId))
	}
	if igws := ownedIGWs(t, l.Owner); len(igws) != 1 || !attachedTo(igws[0], ids[KeyVPC]) {
		t.Errorf("after the re-apply: %+v, want one gateway attached to %s", igws, ids[KeyVPC])
	}
	assertCounts(t, l)
	assertNoDrift(t, x, l, ids[KeyVPC])

	if err := x.Destroy(context.Background(), l, ids, false); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if n := len(ownedIGWs(t, l.Owner)); n != 0 {
		t.Errorf("%d owned internet gateways after destroy", n)
	}
}

// A second owner-tagged gateway left detached (by an earlier version, which
// created a new gateway after such a crash) shows as drift; Apply deletes
// it, and Destroy deletes one it finds too.
func TestExecutor_strayIGWRemoved(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	x, l := testExecutor(t, p), testExecutorLayout(t, "stray")
	ids := applyOK(t, x, l, nil)
	stray := func() string {
		out, err := rawEC2(t).CreateInternetGateway(context.Background(), &ec2.CreateInternetGatewayInput{
			TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeInternetGateway,
				Tags: []ec2types.Tag{{Key: aws.String(tags.OwnerKey), Value: aws.String(l.Owner)}}}}})
		must(t, err)
		return aws.ToString(out.InternetGateway.InternetGatewayId)
	}
	id := stray()
	if d := strings.Join(Drift(l, observeOK(t, x, l, ids[KeyVPC])), "\n"); !strings.Contains(d, id) {
		t.Errorf("drift does not name the stray gateway %s:\n%s", id, d)
	}
	again := applyOK(t, x, l, ids)
	if again[KeyInternetGateway] != ids[KeyInternetGateway] {
		t.Errorf("the attached gateway changed: %s -> %s", ids[KeyInternetGateway], again[KeyInternetGateway])
	}
	if n := len(ownedIGWs(t, l.Owner)); n != 1 {
		t.Errorf("%d owned gateways after apply, want 1", n)
	}
	assertNoDrift(t, x, l, ids[KeyVPC])

	stray()
	if err := x.Destroy(context.Background(), l, again, false); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if n := len(ownedIGWs(t, l.Owner)); n != 0 {
		t.Errorf("%d owned internet gateways after destroy", n)
	}
}

// An apply that fails to create the VPC has already allocated the NAT
// addresses (they need nothing); the next Apply adopts them by owner tag,
// and a Destroy with no VPC at all still releases them.
func TestExecutor_noVPCLeavesNoAddresses(t *testing.T) {
	acctest.Reset(t)
	p := acctest.NewProxy(t)
	p.AddRule(acctest.FaultRule{Service: "ec2", Operation: "CreateVpc", Kind: acctest.FaultHardFail})
	x, l := testExecutor(t, p), testExecutorLayout(t, "novpc")
	rec := newRecorder(nil)
	if _, err := x.Apply(context.Background(), l, nil, rec.record); err == nil {
		t.Fatal("apply succeeded without a VPC")
	}
	if n := liveCounts(t, l.Owner)["eip"]; n != len(l.EIPs) {
		t.Fatalf("%d addresses after the failed apply, want %d", n, len(l.EIPs))
	}
	if err := x.Destroy(context.Background(), l, rec.snapshot(), false); err != nil {
		t.Fatalf("destroy without a VPC: %v", err)
	}
	if n := liveCounts(t, l.Owner)["eip"]; n != 0 {
		t.Errorf("%d addresses left by a destroy without a VPC", n)
	}

	_, _ = x.Apply(context.Background(), l, nil, rec.record) // allocates again, fails again
	p.ClearRules()
	p.ResetCounts()
	ids := applyOK(t, x, l, rec.snapshot())
	if n := p.Calls()["ec2:AllocateAddress"]; n != 0 {
		t.Errorf("the re-apply allocated %d addresses; it should adopt those of the failed apply", n)
	}
	assertCounts(t, l)
	assertNoDrift(t, x, l, ids[KeyVPC])
}
