package vpc

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/awsclient"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// Import reads the VPC with ID id and the children its owner tag names,
// and returns the Spec that builds them, with region and defaultTags (the
// provider's default_tags, left out of Tags). A VPC this provider did not
// create is a *tags.NotOwnedError; one whose children do not form a
// layout (no subnets of its own: a forged or half-deleted VPC) is refused
// with what was found.
func Import(ctx context.Context, c Clients, id, region string, defaultTags map[string]string) (Spec, error) {
	v, err := FindVPC(ctx, c.EC2, id)
	if err != nil {
		return Spec{}, err
	}
	owner := awsclient.EC2TagValue(v.Tags, tags.OwnerKey)
	name, ok := strings.CutPrefix(owner, ResourceType+"/")
	if !ok || name == "" {
		return Spec{}, &tags.NotOwnedError{Kind: "VPC", ID: id, Resource: ResourceType, Want: tags.Owner(ResourceType, "<name>"), Found: owner,
			Fix: "Its children are found by owner tag and only a layout this provider built is known to satisfy NET-01 to NET-10: " +
				"create a new hipaa_vpc and migrate workloads, or manage this VPC with plain aws_* resources."}
	}
	l := Layout{Owner: owner, Name: name, FlowLog: FlowLog{LogGroupName: LogGroupName(name), RoleName: FlowLogRoleName(name)}}
	o, err := Observe(ctx, c, id, l)
	if err != nil {
		return Spec{}, err
	}
	s := specOf(o, name, region, defaultTags)
	if len(s.AvailabilityZones) == 0 {
		return Spec{}, fmt.Errorf("VPC %s carries %s=%s but has none of that layout's subnets (tagged %s=%s): "+
			"it is not a complete hipaa_vpc, so it cannot be imported; delete it, or remove the tag and manage it with plain aws_* resources",
			id, tags.OwnerKey, owner, tags.OwnerKey, owner)
	}
	return s, nil
}

// specOf rebuilds the arguments from what Observe read.
func specOf(o *Observed, name, region string, defaultTags map[string]string) Spec {
	s := Spec{Name: name, Region: region, CIDRBlock: aws.ToString(o.VPC.CidrBlock), RetainFlowLogsOnDestroy: true}
	azs := map[string]bool{}
	for k := range o.Subnets {
		if _, az, ok := strings.Cut(k, "/"); ok {
			azs[az] = true
		}
	}
	s.AvailabilityZones = slices.Sorted(maps.Keys(azs))
	switch {
	case len(o.NATs) == 0:
		s.NATGateways = NATNone
	case len(o.NATs) == 1 && len(azs) > 1:
		s.NATGateways = NATSingle
	default:
		s.NATGateways = NATOnePerAZ
	}
	s.DatabasePorts, s.AllowHTTP = portsOf(o)
	for k, e := range o.Endpoints {
		if e.VpcEndpointType == "Interface" {
			s.InterfaceEndpoints = append(s.InterfaceEndpoints, strings.TrimPrefix(k, "endpoint/"))
		}
	}
	slices.Sort(s.InterfaceEndpoints)
	all := map[string]string{}
	for _, t := range o.VPC.Tags {
		all[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	s.Tags = tags.UserTags(all, defaultTags, "Name")
	s.FlowLogs = FlowLogs{RetentionDays: DefaultRetentionDays, TrafficType: DefaultTrafficType}
	if g := o.LogGroup; g != nil {
		s.FlowLogs.KMSKeyARN, s.FlowLogs.RetentionDays = g.KMSKeyARN, g.RetentionDays
	}
	if o.FlowLog != nil {
		s.FlowLogs.TrafficType = string(o.FlowLog.TrafficType)
	}
	return s
}

// portsOf reads database_ports from the data NACL's inbound rules and
// allow_http from the public NACL.
func portsOf(o *Observed) ([]int, bool) {
	seen := map[int]bool{}
	for _, e := range o.NACLs[NACLKey(TierData)].Entries {
		if !aws.ToBool(e.Egress) && e.PortRange != nil && aws.ToInt32(e.RuleNumber) != defaultRuleNumber {
			seen[int(aws.ToInt32(e.PortRange.From))] = true
		}
	}
	http := false
	for _, e := range o.NACLs[NACLKey(TierPublic)].Entries {
		if !aws.ToBool(e.Egress) && e.PortRange != nil && aws.ToInt32(e.PortRange.From) == portHTTP {
			http = true
		}
	}
	ports := slices.Sorted(maps.Keys(seen))
	if ports == nil {
		ports = []int{} // the data tier admits nothing
	}
	return ports, http
}
