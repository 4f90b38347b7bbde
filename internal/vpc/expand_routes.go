package vpc

// AnyIPv4 is the default route destination.
const AnyIPv4 = "0.0.0.0/0"

// natAZs returns the AZs that get a NAT gateway.
func natAZs(s Spec) []string {
	switch s.NATGateways {
	case NATOnePerAZ:
		return s.AvailabilityZones
	case NATSingle:
		return s.AvailabilityZones[:1] // sorted by WithDefaults: the first by name
	}
	return nil
}

// natFor returns the NAT key the app route table of az routes to, or "" for none.
func natFor(s Spec, az string) string {
	switch s.NATGateways {
	case NATOnePerAZ:
		return NATKey(az)
	case NATSingle:
		return NATKey(s.AvailabilityZones[0])
	}
	return ""
}

// expandNATs places the NAT gateways and their EIPs in public subnets.
func expandNATs(s Spec) (map[string]EIP, map[string]NAT) {
	eips, nats := map[string]EIP{}, map[string]NAT{}
	for _, az := range natAZs(s) {
		e, n := EIPKey(az), NATKey(az)
		eips[e] = EIP{Key: e, AZ: az, NATKey: n}
		nats[n] = NAT{Key: n, AZ: az, SubnetKey: SubnetKey(TierPublic, az), EIPKey: e}
	}
	return eips, nats
}

// expandRoutes builds the shared public route table (default route to the
// internet gateway), one app table per AZ (default route to its NAT, none
// when nat_gateways = "none") and one data table per AZ (no route leaving
// the VPC; only the gateway endpoints' prefix-list routes).
func expandRoutes(s Spec) (map[string]RouteTable, map[string]Route) {
	tables, routes := map[string]RouteTable{}, map[string]Route{}
	pub := RouteTableKey(TierPublic, "")
	tables[pub] = RouteTable{Key: pub, Tier: TierPublic}
	addDefaultRoute(routes, pub, KindInternetGateway, KeyInternetGateway)
	for _, az := range s.AvailabilityZones {
		t := tables[pub]
		t.SubnetKeys = append(t.SubnetKeys, SubnetKey(TierPublic, az))
		tables[pub] = t
		for _, tier := range []Tier{TierApp, TierData} {
			k := RouteTableKey(tier, az)
			tables[k] = RouteTable{Key: k, Tier: tier, AZ: az, SubnetKeys: []string{SubnetKey(tier, az)}}
		}
		if nat := natFor(s, az); nat != "" {
			addDefaultRoute(routes, RouteTableKey(TierApp, az), KindNATGateway, nat)
		}
	}
	return tables, routes
}

func addDefaultRoute(routes map[string]Route, table string, kind Kind, target string) {
	k := DefaultRouteKey(table)
	routes[k] = Route{Key: k, RouteTableKey: table, DestinationCIDR: AnyIPv4, TargetKind: kind, TargetKey: target}
}
