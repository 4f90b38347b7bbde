package eject_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/tags"
)

// benchNetwork makes the VPC and two subnets bench/hipaa-database runs in,
// tagged so that the snapshot names them by role rather than by ID.
func benchNetwork(t *testing.T, e *acctest.Emulator) (vpcID string, subnetIDs []string) {
	t.Helper()
	ctx, c := context.Background(), ec2.NewFromConfig(e.AWSConfig(t))
	tagged := func(typ ec2types.ResourceType, child string) []ec2types.TagSpecification {
		return []ec2types.TagSpecification{{ResourceType: typ, Tags: []ec2types.Tag{
			{Key: aws.String(tags.OwnerKey), Value: aws.String("test/network")}, {Key: aws.String(tags.ChildKey), Value: aws.String(child)}}}}
	}
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.50.0.0/16"), TagSpecifications: tagged(ec2types.ResourceTypeVpc, "vpc")})
	if err != nil {
		t.Fatal(err)
	}
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String(fmt.Sprintf("10.50.%d.0/24", i)),
			AvailabilityZone: aws.String(az), TagSpecifications: tagged(ec2types.ResourceTypeSubnet, "subnet/"+az)})
		if err != nil {
			t.Fatal(err)
		}
		subnetIDs = append(subnetIDs, aws.ToString(sn.Subnet.SubnetId))
	}
	return aws.ToString(v.Vpc.VpcId), subnetIDs
}

func listBenchDatabase(t *testing.T, e *acctest.Emulator) snapshot {
	t.Helper()
	l := newLister(t, e)
	l.network("test/network") // the subnets and the security groups the database adds to the VPC
	l.key[l.keyARN("alias/bench-db")] = "key alias/bench-db"
	l.database("bench", "bench-proxy")
	for _, g := range []string{"/aws/rds/instance/bench/postgresql", "/aws/rds/instance/bench/upgrade", "/aws/rds/proxy/bench-proxy"} {
		l.logGroup(g)
	}
	for _, r := range []string{"bench-monitoring", "bench-proxy"} {
		l.role(r)
	}
	return l.done(t)
}

// TestAccEject_variables applies bench/hipaa-database, whose VPC and subnets
// come in as variables, with the provider; then, on a reset emulator with a
// new VPC, bench/plain-database — its eject, where var.vpc_id and
// var.subnet_ids pass through — with hashicorp/aws 5.100.0. Both must make
// the same objects, and the plain side must plan empty (bar the emulator's
// read-back gaps) and destroy. make bench measures these two files.
func TestAccEject_variables(t *testing.T) {
	emu := parallelEmulator(t)
	p := emu.NewProxy(t)
	src, err := os.ReadFile("../../bench/hipaa-database/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := os.ReadFile("../../bench/plain-database/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	vpcID, subnets := benchNetwork(t, emu)
	list := func() snapshot { return listBenchDatabase(t, emu) }
	want := applyHipaa(t, string(src), config.Variables{"endpoint": config.StringVariable(p.URL()), "vpc_id": config.StringVariable(vpcID),
		"subnet_ids": config.ListVariable(config.StringVariable(subnets[0]), config.StringVariable(subnets[1]))},
		list, "db_instance bench", "db_subnet_group bench-subnets", "db_proxy bench-proxy", "security_group sg/db")

	emu.Reset(t)
	start := time.Now()
	vpcID, subnets = benchNetwork(t, emu)
	tf := newCLI(t, plain, p.URL())
	tf.env = append(tf.env, "TF_VAR_vpc_id="+vpcID, fmt.Sprintf(`TF_VAR_subnet_ids=["%s"]`, strings.Join(subnets, `","`)))
	tf.applyEjected(want, list)
	tf.run("state", "rm", "aws_secretsmanager_secret_rotation.bench_secret_rotation") // see TestAccEject_database
	tf.destroy()
	t.Logf("ejected: init, apply, plan and destroy in %s", time.Since(start).Round(time.Millisecond))
}
