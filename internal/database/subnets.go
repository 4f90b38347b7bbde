package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// CheckSubnets is the plan-time read of subnet_ids (one DescribeSubnets),
// made only after the pure rules pass and only when subnet_ids and vpc_id
// are known. It returns what the description shows: subnets missing or
// outside vpc_id (input errors) and subnets in one zone (DB-02). The error
// is a failed read, never an input error.
func CheckSubnets(ctx context.Context, client *ec2.Client, s Spec) (compliance.Findings, error) {
	out, err := client.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: s.WithDefaults().SubnetIDs})
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "InvalidSubnetID.NotFound" {
		return compliance.Findings{Input: []InputError{{Attribute: "subnet_ids", Detail: fmt.Sprintf(
			"%s: list existing subnets of vpc_id %s", ae.ErrorMessage(), s.VPCID)}}}, nil
	}
	if err != nil {
		return compliance.Findings{}, fmt.Errorf("describing subnet_ids: %w", err)
	}
	return SubnetFindings(s, out.Subnets), nil
}

// SubnetFindings checks s against its described subnets: each lies in
// vpc_id (DB-09 keeps the database in the data tier of its VPC), each
// exists, and together they span two zones (DB-02).
func SubnetFindings(s Spec, subnets []ec2types.Subnet) compliance.Findings {
	var f compliance.Findings
	s.SubnetAZs = map[string]string{}
	for _, sn := range subnets {
		id, vpcID := aws.ToString(sn.SubnetId), aws.ToString(sn.VpcId)
		s.SubnetAZs[id] = aws.ToString(sn.AvailabilityZone)
		if vpcID != s.VPCID {
			f.Input = append(f.Input, InputError{Attribute: "subnet_ids", Detail: fmt.Sprintf(
				"subnet %s is in %s, not in vpc_id %s: use the data-tier subnets of that VPC (DB-09)", id, vpcID, s.VPCID)})
		}
	}
	d := s.WithDefaults()
	f.Input = append(f.Input, validateSubnetsFound(d)...)
	f.Violations = checkSubnetZones(d)
	return f
}

// SubnetZones maps each subnet to its zone (one DescribeSubnets): at
// apply, to spread Aurora members over the zones.
func SubnetZones(ctx context.Context, client *ec2.Client, ids []string) (map[string]string, error) {
	out, err := client.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: ids})
	if err != nil {
		return nil, fmt.Errorf("describing subnet_ids: %w", err)
	}
	zones := map[string]string{}
	for _, s := range out.Subnets {
		zones[aws.ToString(s.SubnetId)] = aws.ToString(s.AvailabilityZone)
	}
	return zones, nil
}
