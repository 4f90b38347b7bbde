package vpc

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// DefaultAZCount is how many zones a VPC spans when availability_zones is omitted.
const DefaultAZCount = 3

// DefaultAZs lists the region's first DefaultAZCount available zones by
// name (one DescribeAvailabilityZones): the plan-time read for an omitted
// availability_zones, made only after the pure rules pass.
func DefaultAZs(ctx context.Context, client *ec2.Client, region string) ([]string, error) {
	out, err := client.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{
		Filters: []ec2types.Filter{{Name: aws.String("zone-type"), Values: []string{"availability-zone"}},
			{Name: aws.String("state"), Values: []string{"available"}}},
	})
	if err != nil {
		return nil, fmt.Errorf("listing the availability zones of %s: %w", region, err)
	}
	var names []string
	for _, z := range out.AvailabilityZones {
		names = append(names, aws.ToString(z.ZoneName))
	}
	slices.Sort(names)
	if len(names) < MinAvailabilityZones {
		return nil, fmt.Errorf("region %s has %d available zones; set availability_zones", region, len(names))
	}
	return names[:min(DefaultAZCount, len(names))], nil
}
