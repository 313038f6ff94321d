package dev.fleetops.bench;

import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The anchor of {@code bench apply} really is mgmt's approach executed: one DescribeInstances per resource in a
 * check round, every declared instance launched once and running, and its waiters still polling while it watches.
 */
class MgmtEc2PeerTest {

    @Test
    void checksEachResourceByItsOwnNameLaunchesEachOnceAndKeepsPollingWhileWatching() {
        SimRegion region = SimRegion.empty();
        MgmtEc2Peer peer = new MgmtEc2Peer(region, 20, "ami-0abcdef1234567890");
        MgmtEc2Peer.Converged c = peer.run(Duration.ofHours(1));

        assertThat(c.checkDescribesFirstRound()).isEqualTo(20);
        assertThat(region.context().gate().calls("ec2", "RunInstances")).isEqualTo(20);
        assertThat(c.at()).isEqualTo(Duration.ofSeconds(30)); // the simulated boot, seen by the 15 s waiter
        for (int i = 0; i < 20; i++) {
            String name = "web-" + i;
            var found = region.scheduler().await(region.cloud().ec2().describeInstances(b -> b.filters(
                    Filter.builder().name("tag:Name").values(name).build())), Duration.ofMinutes(1));
            assertThat(found.reservations()).flatExtracting(r -> r.instances())
                    .extracting(x -> x.state().nameAsString()).containsExactly("running");
        }
        long before = region.context().gate().calls("ec2", "DescribeInstances");
        region.scheduler().runFor(Duration.ofMinutes(1));
        assertThat(region.context().gate().calls("ec2", "DescribeInstances") - before).isEqualTo(20 * 4);
        peer.close();
    }
}
