package vpc

import (
	"maps"
	"slices"
)

// expandEndpoints adds the S3 and DynamoDB gateway endpoints on every app and
// data route table, and one interface endpoint per requested service in the
// app subnets, with private DNS, behind "sg/endpoints" (HTTPS from the VPC
// only, no egress rules). The group exists only when an interface endpoint does.
func expandEndpoints(s Spec, subnets map[string]Subnet, tables map[string]RouteTable) (map[string]SecurityGroup, map[string]Endpoint) {
	groups, eps := map[string]SecurityGroup{}, map[string]Endpoint{}
	private := privateRouteTables(tables)
	for _, svc := range gatewayServices {
		k := EndpointKey(svc)
		eps[k] = Endpoint{Key: k, Service: svc, ServiceName: ServiceName(s.Region, svc), Type: EndpointGateway,
			RouteTableKeys: private}
	}
	if len(s.InterfaceEndpoints) == 0 {
		return groups, eps
	}
	groups[KeyEndpointSecurityGroup] = endpointSecurityGroup(s)
	app := subnetKeys(subnets, TierApp)
	for _, svc := range s.InterfaceEndpoints {
		k := EndpointKey(svc)
		eps[k] = Endpoint{Key: k, Service: svc, ServiceName: ServiceName(s.Region, svc), Type: EndpointInterface,
			SubnetKeys: app, SecurityGroupKey: KeyEndpointSecurityGroup, PrivateDNS: true}
	}
	return groups, eps
}

// privateRouteTables returns the sorted keys of the app and data route tables.
func privateRouteTables(tables map[string]RouteTable) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(tables)) {
		if tables[k].Tier != TierPublic {
			out = append(out, k)
		}
	}
	return out
}

func endpointSecurityGroup(s Spec) SecurityGroup {
	return SecurityGroup{
		Key:         KeyEndpointSecurityGroup,
		GroupName:   EndpointSecurityGroupName(s.Name),
		Description: "Interface endpoints of hipaa_vpc " + s.Name + ": HTTPS from the VPC only",
		Ingress: []SGRule{{Protocol: "tcp", FromPort: portHTTPS, ToPort: portHTTPS, CIDRBlock: s.CIDRBlock,
			Description: "HTTPS from the VPC"}},
		Egress: []SGRule{},
	}
}
