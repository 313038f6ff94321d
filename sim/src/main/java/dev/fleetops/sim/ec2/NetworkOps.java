package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.SubnetState;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcState;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DescribeVpcs and DescribeSubnets over the region's one default VPC, so that callers find the VpcId and subnets
 * that target groups and load balancers need the way they do on AWS.
 */
final class NetworkOps {

    private static final Set<String> SUBNET_FILTERS = Set.of("subnet-id", "vpc-id", "availability-zone",
            "default-for-az", "state");
    private static final Set<String> VPC_FILTERS = Set.of("vpc-id", "is-default", "state");

    private final Network network;

    NetworkOps(Network network) {
        this.network = network;
    }

    DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
        var filters = Filters.compile(r.hasFilters() ? r.filters() : List.of(), SUBNET_FILTERS);
        List<Subnet> out = new ArrayList<>();
        int z = 0;
        for (String zone : network.zones()) {
            String id = network.subnetOf(zone);
            String cidr = "10.0." + (64 * z++) + ".0/18";
            if (r.hasSubnetIds() && !r.subnetIds().contains(id)) continue;
            boolean match = filters.stream().allMatch(f -> switch (f.name()) {
                case "subnet-id" -> f.matches(id);
                case "vpc-id" -> f.matches(Network.VPC_ID);
                case "availability-zone" -> f.matches(zone);
                case "default-for-az" -> f.matches("true");
                default -> f.matches("available");
            });
            if (!match) continue;
            out.add(Subnet.builder().subnetId(id).vpcId(Network.VPC_ID).availabilityZone(zone).cidrBlock(cidr)
                    .defaultForAz(true).mapPublicIpOnLaunch(true).state(SubnetState.AVAILABLE).build());
        }
        if (r.hasSubnetIds()) {
            for (String id : r.subnetIds()) {
                if (network.zoneOfSubnet(id) == null) {
                    throw Ec2Errors.error("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
                }
            }
        }
        return DescribeSubnetsResponse.builder().subnets(out).build();
    }

    DescribeVpcsResponse describeVpcs(DescribeVpcsRequest r) {
        var filters = Filters.compile(r.hasFilters() ? r.filters() : List.of(), VPC_FILTERS);
        if (r.hasVpcIds()) {
            for (String id : r.vpcIds()) {
                if (!id.equals(Network.VPC_ID)) {
                    throw Ec2Errors.error("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
                }
            }
        }
        boolean match = filters.stream().allMatch(f -> switch (f.name()) {
            case "vpc-id" -> f.matches(Network.VPC_ID);
            case "is-default" -> f.matches("true");
            default -> f.matches("available");
        });
        List<Vpc> out = match ? List.of(Vpc.builder().vpcId(Network.VPC_ID).cidrBlock("10.0.0.0/16").isDefault(true)
                .state(VpcState.AVAILABLE).build()) : List.of();
        return DescribeVpcsResponse.builder().vpcs(out).build();
    }
}
