package acctest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// ownerTag is the provider's owner tag key (kept here so the harness does not
// depend on the code under test).
const ownerTag = "hipaa:owner"

// Object is one live AWS object found by Sweep.
type Object struct{ Service, Kind, ID string }

// Sweep lists every live object tagged hipaa:owner=owner, across the
// services the provider uses, querying t's raw emulator (its account under
// Parallel, else the shared one).
func Sweep(t testing.TB, owner string) ([]Object, error) {
	t.Helper()
	PreCheck(t)
	return current(t).Sweep(context.Background(), owner)
}

// Sweep is the package-level Sweep on this emulator.
func (e *Emulator) Sweep(ctx context.Context, owner string) ([]Object, error) {
	cfg := e.awsConfig()
	var all []Object
	var errs []error
	for _, f := range []func(context.Context, aws.Config, string) ([]Object, error){sweepEC2, sweepKMS, sweepLogs, sweepIAM, sweepRDS, sweepSecrets} {
		objs, err := f(ctx, cfg, owner)
		all = append(all, objs...)
		errs = append(errs, err)
	}
	return all, errors.Join(errs...)
}

// SweepCount counts the live objects of owner; it fails t on error.
func SweepCount(t *testing.T, owner string) int {
	t.Helper()
	PreCheck(t)
	return current(t).SweepCount(t, owner)
}

// SweepCount is the package-level SweepCount on this emulator.
func (e *Emulator) SweepCount(t *testing.T, owner string) int {
	t.Helper()
	objs, err := e.Sweep(context.Background(), owner)
	if err != nil {
		t.Fatalf("sweeping %s: %v", owner, err)
	}
	for _, o := range objs {
		t.Logf("left: %s %s %s (owner %s)", o.Service, o.Kind, o.ID, owner)
	}
	return len(objs)
}

func sweepEC2(ctx context.Context, cfg aws.Config, owner string) ([]Object, error) {
	c := ec2.NewFromConfig(cfg)
	p := ec2.NewDescribeTagsPaginator(c, &ec2.DescribeTagsInput{Filters: []ec2types.Filter{
		{Name: aws.String("key"), Values: []string{ownerTag}}, {Name: aws.String("value"), Values: []string{owner}}}})
	var out []Object
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("ec2 DescribeTags: %w", err)
		}
		for _, t := range page.Tags {
			live, err := ec2Live(ctx, c, t.ResourceType, aws.ToString(t.ResourceId))
			if err != nil {
				return nil, err
			}
			if live {
				out = append(out, Object{"ec2", string(t.ResourceType), aws.ToString(t.ResourceId)})
			}
		}
	}
	return out, nil
}

// ec2Live confirms an object still exists: the emulator keeps tags of
// deleted objects in DescribeTags, and NAT gateways and endpoints linger as
// "deleted". A not-found error means gone.
func ec2Live(ctx context.Context, c *ec2.Client, kind ec2types.ResourceType, id string) (bool, error) {
	n, err := ec2Count(ctx, c, kind, id)
	if err != nil && strings.Contains(err.Error(), "NotFound") {
		return false, nil
	}
	return n > 0, err
}

// ec2Kinds maps ID prefixes to resource types: the emulator's DescribeTags
// spells some types differently from the SDK ("nat-gateway", "flow-logs").
var ec2Kinds = map[string]ec2types.ResourceType{"vpc": ec2types.ResourceTypeVpc, "subnet": ec2types.ResourceTypeSubnet,
	"rtb": ec2types.ResourceTypeRouteTable, "acl": ec2types.ResourceTypeNetworkAcl, "sg": ec2types.ResourceTypeSecurityGroup,
	"igw": ec2types.ResourceTypeInternetGateway, "eipalloc": ec2types.ResourceTypeElasticIp, "fl": ec2types.ResourceTypeVpcFlowLog,
	"nat": ec2types.ResourceTypeNatgateway, "vpce": ec2types.ResourceTypeVpcEndpoint}

func ec2Count(ctx context.Context, c *ec2.Client, kind ec2types.ResourceType, id string) (int, error) {
	ids := []string{id}
	if k, ok := ec2Kinds[id[:max(0, strings.Index(id, "-"))]]; ok {
		kind = k
	}
	switch kind {
	case ec2types.ResourceTypeVpc:
		o, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: ids})
		return lenOr(o, func() int { return len(o.Vpcs) }), err
	case ec2types.ResourceTypeSubnet:
		o, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: ids})
		return lenOr(o, func() int { return len(o.Subnets) }), err
	case ec2types.ResourceTypeRouteTable:
		o, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: ids})
		return lenOr(o, func() int { return len(o.RouteTables) }), err
	case ec2types.ResourceTypeNetworkAcl:
		o, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: ids})
		return lenOr(o, func() int { return len(o.NetworkAcls) }), err
	case ec2types.ResourceTypeSecurityGroup:
		o, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: ids})
		return lenOr(o, func() int { return len(o.SecurityGroups) }), err
	case ec2types.ResourceTypeInternetGateway:
		o, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: ids})
		return lenOr(o, func() int { return len(o.InternetGateways) }), err
	case ec2types.ResourceTypeElasticIp:
		o, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: ids})
		return lenOr(o, func() int { return len(o.Addresses) }), err
	case ec2types.ResourceTypeVpcFlowLog:
		o, err := c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{FlowLogIds: ids})
		return lenOr(o, func() int { return len(o.FlowLogs) }), err
	case ec2types.ResourceTypeNatgateway:
		o, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: ids})
		return lenOr(o, func() int {
			return countLive(o.NatGateways, func(n ec2types.NatGateway) bool {
				return !strings.EqualFold(string(n.State), "deleted") && !strings.EqualFold(string(n.State), "deleting")
			})
		}), err
	case ec2types.ResourceTypeVpcEndpoint:
		o, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: ids})
		return lenOr(o, func() int {
			return countLive(o.VpcEndpoints, func(e ec2types.VpcEndpoint) bool {
				return !strings.EqualFold(string(e.State), "deleted") && !strings.EqualFold(string(e.State), "deleting")
			})
		}), err
	}
	return 1, nil
}

func lenOr[T any](o *T, n func() int) int {
	if o == nil {
		return 0
	}
	return n()
}

func countLive[T any](l []T, live func(T) bool) int {
	n := 0
	for _, x := range l {
		if live(x) {
			n++
		}
	}
	return n
}

func sweepKMS(ctx context.Context, cfg aws.Config, owner string) ([]Object, error) {
	c := kms.NewFromConfig(cfg)
	var out []Object
	p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("kms ListKeys: %w", err)
		}
		for _, k := range page.Keys {
			md, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: k.KeyId})
			if err != nil || md.KeyMetadata.KeyState == kmstypes.KeyStatePendingDeletion {
				continue
			}
			tags, err := c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: k.KeyId})
			if err != nil {
				return nil, fmt.Errorf("kms ListResourceTags: %w", err)
			}
			for _, t := range tags.Tags {
				if aws.ToString(t.TagKey) == ownerTag && aws.ToString(t.TagValue) == owner {
					out = append(out, Object{"kms", "key", aws.ToString(k.KeyId)})
				}
			}
		}
	}
	return out, nil
}

func sweepLogs(ctx context.Context, cfg aws.Config, owner string) ([]Object, error) {
	c := cloudwatchlogs.NewFromConfig(cfg)
	var out []Object
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("logs DescribeLogGroups: %w", err)
		}
		for _, g := range page.LogGroups {
			tags, err := c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(strings.TrimSuffix(aws.ToString(g.Arn), ":*"))})
			if err == nil && tags.Tags[ownerTag] == owner {
				out = append(out, Object{"logs", "log-group", aws.ToString(g.LogGroupName)})
			}
		}
	}
	return out, nil
}

func sweepIAM(ctx context.Context, cfg aws.Config, owner string) ([]Object, error) {
	c := iam.NewFromConfig(cfg)
	var out []Object
	p := iam.NewListRolesPaginator(c, &iam.ListRolesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("iam ListRoles: %w", err)
		}
		for _, r := range page.Roles {
			tags, err := c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: r.RoleName})
			if err != nil {
				continue
			}
			for _, t := range tags.Tags {
				if aws.ToString(t.Key) == ownerTag && aws.ToString(t.Value) == owner {
					out = append(out, Object{"iam", "role", aws.ToString(r.RoleName)})
				}
			}
		}
	}
	return out, nil
}

func sweepRDS(ctx context.Context, cfg aws.Config, owner string) ([]Object, error) {
	c := rds.NewFromConfig(cfg)
	var out []Object
	inst, err := c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	if err != nil {
		return nil, fmt.Errorf("rds DescribeDBInstances: %w", err)
	}
	for _, i := range inst.DBInstances {
		for _, t := range i.TagList {
			if aws.ToString(t.Key) == ownerTag && aws.ToString(t.Value) == owner {
				out = append(out, Object{"rds", "db-instance", aws.ToString(i.DBInstanceIdentifier)})
			}
		}
	}
	cl, err := c.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{})
	if err != nil {
		return nil, fmt.Errorf("rds DescribeDBClusters: %w", err)
	}
	for _, i := range cl.DBClusters {
		for _, t := range i.TagList {
			if aws.ToString(t.Key) == ownerTag && aws.ToString(t.Value) == owner {
				out = append(out, Object{"rds", "db-cluster", aws.ToString(i.DBClusterIdentifier)})
			}
		}
	}
	return out, nil
}

func sweepSecrets(ctx context.Context, cfg aws.Config, owner string) ([]Object, error) {
	c := secretsmanager.NewFromConfig(cfg)
	var out []Object
	p := secretsmanager.NewListSecretsPaginator(c, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("secretsmanager ListSecrets: %w", err)
		}
		for _, s := range page.SecretList {
			if s.DeletedDate != nil {
				continue
			}
			for _, t := range s.Tags {
				if aws.ToString(t.Key) == ownerTag && aws.ToString(t.Value) == owner {
					out = append(out, Object{"secretsmanager", "secret", aws.ToString(s.Name)})
				}
			}
		}
	}
	return out, nil
}
