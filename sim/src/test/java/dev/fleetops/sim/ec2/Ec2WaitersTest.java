package dev.fleetops.sim.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The SDK's generated Ec2AsyncWaiter (fixed 15 s polling, 40 attempts) on the simulator's virtual clock. */
class Ec2WaitersTest extends Ec2TestSupport {

    @Test
    void instanceRunningWaiterSucceedsOnceBooted() {
        String id = runOne();

        WaiterResponse<DescribeInstancesResponse> r = region.scheduler().await(
                ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(id)), Duration.ofMinutes(15));

        assertThat(r.matched().response()).get().satisfies(d -> assertThat(d.reservations().get(0).instances().get(0)
                .state().nameAsString()).isEqualTo("running"));
        assertThat(r.attemptsExecuted()).isBetween(3, 4);
        assertThat(region.scheduler().elapsed()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(45));
        assertThat(region.context().gate().calls("ec2", "DescribeInstances")).isEqualTo(r.attemptsExecuted());
    }

    @Test
    void instanceStatusOkWaiterSucceedsAfterTheChecks() {
        String id = runOne();

        WaiterResponse<DescribeInstanceStatusResponse> r = region.scheduler().await(
                ec2.waiter().waitUntilInstanceStatusOk(b -> b.instanceIds(id)), Duration.ofMinutes(15));

        assertThat(r.matched().response()).get().satisfies(d -> assertThat(d.instanceStatuses().get(0)
                .instanceStatus().status()).isEqualTo(SummaryStatus.OK));
        assertThat(region.scheduler().elapsed()).isBetween(Duration.ofSeconds(150), Duration.ofSeconds(165));
    }

    @Test
    void instanceRunningWaiterFailsWhenTheInstanceShutsDown() {
        String id = runOne();
        var waiting = ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(id));
        call(ec2.terminateInstances(b -> b.instanceIds(id)));

        Throwable t = catchThrowable(() -> region.scheduler().await(waiting, Duration.ofMinutes(15)));

        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SdkClientException.class);
    }
}
