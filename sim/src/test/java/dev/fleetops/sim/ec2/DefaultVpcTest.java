package dev.fleetops.sim.ec2;

import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default VPC, found as on AWS: what target groups (VpcId) and load balancers (subnets) are created with. */
class DefaultVpcTest {

    private final SimRegion region = SimRegion.empty();

    private <T> T await(CompletionStage<T> call) {
        return region.scheduler().await(call, Duration.ofMinutes(1));
    }

    @Test
    void oneDefaultSubnetPerZoneInTheDefaultVpc() {
        String vpc = await(region.cloud().ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))))
                .vpcs().get(0).vpcId();
        List<Subnet> subnets = await(region.cloud().ec2().describeSubnets(r -> r
                .filters(f -> f.name("default-for-az").values("true")))).subnets();

        assertThat(vpc).matches("vpc-0[0-9a-f]{16}");
        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(subnets).allSatisfy(s -> {
            assertThat(s.vpcId()).isEqualTo(vpc);
            assertThat(s.subnetId()).matches("subnet-0[0-9a-f]{16}");
        });
    }

    @Test
    void instancesLaunchIntoTheSubnetOfTheirZone() {
        Subnet c = await(region.cloud().ec2().describeSubnets(r -> r
                .filters(f -> f.name("availability-zone").values("us-east-1c")))).subnets().get(0);
        var instance = await(region.cloud().ec2().runInstances(r -> r.imageId("ami-0abcdef1234567890")
                .minCount(1).maxCount(1).placement(p -> p.availabilityZone("us-east-1c")))).instances().get(0);

        assertThat(instance.subnetId()).isEqualTo(c.subnetId());
        assertThat(instance.vpcId()).isEqualTo(c.vpcId());
    }

    @Test
    void unknownIdsAndFiltersAreAwsErrors() {
        assertThatThrownBy(() -> await(region.cloud().ec2().describeSubnets(r -> r.subnetIds("subnet-0123456789abcdef0"))))
                .hasCauseInstanceOf(Ec2Exception.class)
                .satisfies(e -> assertThat(((Ec2Exception) e.getCause()).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidSubnetID.NotFound"));
        assertThatThrownBy(() -> await(region.cloud().ec2().describeVpcs(r -> r.vpcIds("vpc-0123456789abcdef0"))))
                .satisfies(e -> assertThat(((Ec2Exception) e.getCause()).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidVpcID.NotFound"));
        assertThatThrownBy(() -> await(region.cloud().ec2().describeSubnets(r -> r.filters(f -> f.name("cidr").values("x")))))
                .satisfies(e -> assertThat(((Ec2Exception) e.getCause()).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidParameterValue"));
    }
}
