package vpc

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ensureSubnets creates missing subnets in parallel and turns off public
// address auto-assignment wherever it was switched on (NET-02).
func (r *run) ensureSubnets(ctx context.Context) error {
	for k, s := range r.o.Subnets {
		if aws.ToBool(s.MapPublicIpOnLaunch) {
			if _, err := r.x.EC2.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: s.SubnetId,
				MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(false)}}); err != nil {
				return r.fail("repairing", "subnet", k, err)
			}
		}
	}
	return r.each(ctx, missing(r, r.l.Subnets), r.createSubnet)
}

func (r *run) createSubnet(ctx context.Context, key string) error {
	s := r.l.Subnets[key]
	in := &ec2.CreateSubnetInput{VpcId: aws.String(r.id(KeyVPC)), CidrBlock: aws.String(s.CIDRBlock),
		TagSpecifications: r.tagSpec(ec2types.ResourceTypeSubnet, key)}
	if IsZoneID(s.AvailabilityZone) {
		in.AvailabilityZoneId = aws.String(s.AvailabilityZone)
	} else {
		in.AvailabilityZone = aws.String(s.AvailabilityZone)
	}
	out, err := r.x.EC2.CreateSubnet(ctx, in)
	if err != nil {
		return r.fail("creating", "subnet", key, err)
	}
	r.created(ctx, KindSubnet, key, aws.ToString(out.Subnet.SubnetId))
	return nil
}

// ensureNACLs creates each tier's NACL, makes its entries exactly the
// layout's, then moves each subnet onto it. The subnets' current
// associations are read while the entries are written: a subnet is moved
// only once its NACL is complete, but nothing waits for the read.
func (r *run) ensureNACLs(ctx context.Context) error {
	if err := r.createNACLs(ctx); err != nil {
		return err
	}
	todo := r.unassociated()
	var assoc map[string]string
	var assocErr error
	var wg sync.WaitGroup
	if len(todo) > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); assoc, assocErr = r.naclAssociations(ctx) }()
	}
	err := r.each(ctx, sortedKeys(r.l.NACLs), func(ctx context.Context, k string) error { return r.ensureEntries(ctx, r.l.NACLs[k]) })
	wg.Wait()
	if err := errors.Join(err, assocErr); err != nil {
		return err
	}
	return r.ensureNACLAssociations(ctx, todo, assoc)
}

func (r *run) createNACLs(ctx context.Context) error {
	return r.each(ctx, missing(r, r.l.NACLs), func(ctx context.Context, k string) error {
		out, err := r.x.EC2.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: aws.String(r.id(KeyVPC)),
			TagSpecifications: r.tagSpec(ec2types.ResourceTypeNetworkAcl, k)})
		if err != nil {
			return r.fail("creating", "network ACL", k, err)
		}
		r.created(ctx, KindNetworkACL, k, aws.ToString(out.NetworkAcl.NetworkAclId))
		return nil
	})
}

func (r *run) ensureEntries(ctx context.Context, n NACL) error {
	aclID := r.id(n.Key)
	have := map[string]ec2types.NetworkAclEntry{}
	for _, e := range r.o.NACLs[n.Key].Entries {
		if rule := aws.ToInt32(e.RuleNumber); rule != defaultRuleNumber {
			have[NACLEntryKey(n.Tier, aws.ToBool(e.Egress), int(rule))] = e
		}
	}
	todo := map[string]bool{} // entry key -> replace an existing rule
	var keys []string
	want := entriesByKey(n)
	for _, e := range n.Entries {
		got, exists := have[e.Key]
		delete(have, e.Key)
		if !exists || !entryMatches(e, got) {
			todo[e.Key] = exists
			keys = append(keys, e.Key)
		}
	}
	write := func() error {
		return r.each(ctx, keys, func(ctx context.Context, key string) error {
			if err := r.writeEntry(ctx, aclID, want[key], todo[key]); err != nil {
				return r.fail("writing", "network ACL entry", key, err)
			}
			r.put(key, entryID(aclID, want[key]))
			return nil
		})
	}
	prune := func() error {
		for _, key := range slices.Sorted(maps.Keys(have)) { // rules nobody asked for
			e := have[key]
			if _, err := r.x.EC2.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(aclID),
				RuleNumber: e.RuleNumber, Egress: e.Egress}); err != nil {
				return r.fail("deleting unexpected", "network ACL entry", key, err)
			}
		}
		return nil
	}
	// New rules are written before old ones go, so traffic that stays
	// allowed is never cut off, unless the NACL would then briefly hold more
	// rules in a direction than AWS allows (a port swapped for one that
	// lands in a free band).
	steps := []func() error{write, prune}
	if overQuota(r.o.NACLs[n.Key].Entries, want, todo) {
		steps = []func() error{prune, write}
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// overQuota reports whether adding the entries of todo that replace
// nothing to the observed ones would exceed MaxNACLRulesPerDirection in a
// direction.
func overQuota(observed []ec2types.NetworkAclEntry, want map[string]NACLEntry, todo map[string]bool) bool {
	n := map[bool]int{}
	for _, e := range observed {
		if aws.ToInt32(e.RuleNumber) != defaultRuleNumber {
			n[aws.ToBool(e.Egress)]++
		}
	}
	for key, replace := range todo {
		if !replace {
			n[want[key].Egress]++
		}
	}
	return n[false] > MaxNACLRulesPerDirection || n[true] > MaxNACLRulesPerDirection
}

func entryID(aclID string, e NACLEntry) string {
	return aclID + ":" + map[bool]string{true: "true", false: "false"}[e.Egress] + ":" + itoa(e.RuleNumber)
}

func (r *run) writeEntry(ctx context.Context, aclID string, e NACLEntry, replace bool) error {
	var ports *ec2types.PortRange
	if e.Protocol != ProtocolAll {
		ports = &ec2types.PortRange{From: aws.Int32(int32(e.FromPort)), To: aws.Int32(int32(e.ToPort))}
	}
	if replace {
		_, err := r.x.EC2.ReplaceNetworkAclEntry(ctx, &ec2.ReplaceNetworkAclEntryInput{NetworkAclId: aws.String(aclID),
			RuleNumber: aws.Int32(int32(e.RuleNumber)), Egress: aws.Bool(e.Egress), Protocol: aws.String(string(e.Protocol)),
			RuleAction: ec2types.RuleAction(e.Action), CidrBlock: aws.String(e.CIDRBlock), PortRange: ports})
		return err
	}
	_, err := r.x.EC2.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(aclID),
		RuleNumber: aws.Int32(int32(e.RuleNumber)), Egress: aws.Bool(e.Egress), Protocol: aws.String(string(e.Protocol)),
		RuleAction: ec2types.RuleAction(e.Action), CidrBlock: aws.String(e.CIDRBlock), PortRange: ports})
	return err
}

// unassociated lists the subnets not yet on their tier's NACL.
func (r *run) unassociated() []string {
	var todo []string
	for _, k := range sortedKeys(r.l.Subnets) {
		if r.id(NACLAssociationKey(k)) == "" {
			todo = append(todo, k)
		}
	}
	return todo
}

// naclAssociations reads the VPC's NACL associations afresh (subnet ID ->
// association ID): a new subnet starts on the default NACL.
func (r *run) naclAssociations(ctx context.Context) (map[string]string, error) {
	out, err := r.x.EC2.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: vpcFilter(r.id(KeyVPC))})
	if err != nil {
		return nil, r.fail("reading", "network ACL associations", "", err)
	}
	assoc := map[string]string{}
	for _, n := range out.NetworkAcls {
		for _, a := range n.Associations {
			assoc[aws.ToString(a.SubnetId)] = aws.ToString(a.NetworkAclAssociationId)
		}
	}
	return assoc, nil
}

// ensureNACLAssociations moves every subnet of todo onto its tier's NACL.
func (r *run) ensureNACLAssociations(ctx context.Context, todo []string, assoc map[string]string) error {
	return r.each(ctx, todo, func(ctx context.Context, k string) error {
		res, err := r.x.EC2.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{
			AssociationId: aws.String(assoc[r.id(k)]), NetworkAclId: aws.String(r.id(r.l.Subnets[k].NACLKey))})
		if err != nil {
			return r.fail("associating", "network ACL", NACLAssociationKey(k), err)
		}
		r.put(NACLAssociationKey(k), aws.ToString(res.NewAssociationId))
		return nil
	})
}

// ensureRouteTables creates the tables and associates each subnet with its own.
func (r *run) ensureRouteTables(ctx context.Context) error {
	if err := r.createRouteTables(ctx); err != nil {
		return err
	}
	current := map[string]string{} // subnet ID -> association ID with any of our tables
	for _, rt := range r.o.RouteTables {
		for _, a := range rt.Associations {
			current[aws.ToString(a.SubnetId)] = aws.ToString(a.RouteTableAssociationId)
		}
	}
	var todo []string
	for _, k := range sortedKeys(r.l.Subnets) {
		if r.id(RouteTableAssociationKey(k)) == "" {
			todo = append(todo, k)
		}
	}
	return r.each(ctx, todo, func(ctx context.Context, k string) error {
		id, err := r.associate(ctx, r.id(k), r.id(r.l.Subnets[k].RouteTableKey), current[r.id(k)])
		if err != nil {
			return r.fail("associating", "route table", RouteTableAssociationKey(k), err)
		}
		r.put(RouteTableAssociationKey(k), id)
		return nil
	})
}

func (r *run) createRouteTables(ctx context.Context) error {
	return r.each(ctx, missing(r, r.l.RouteTables), func(ctx context.Context, k string) error {
		out, err := r.x.EC2.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(r.id(KeyVPC)),
			TagSpecifications: r.tagSpec(ec2types.ResourceTypeRouteTable, k)})
		if err != nil {
			return r.fail("creating", "route table", k, err)
		}
		r.created(ctx, KindRouteTable, k, aws.ToString(out.RouteTable.RouteTableId))
		return nil
	})
}

func (r *run) associate(ctx context.Context, subnetID, tableID, existing string) (string, error) {
	if existing != "" {
		out, err := r.x.EC2.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{
			AssociationId: aws.String(existing), RouteTableId: aws.String(tableID)})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.NewAssociationId), nil
	}
	out, err := r.x.EC2.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{SubnetId: aws.String(subnetID), RouteTableId: aws.String(tableID)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.AssociationId), nil
}
