package dev.fleetops.sim.ec2;

import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The EC2 token buckets (Amazon EC2 API Reference: "Request throttling for the Amazon EC2 API"), turned on. */
class Ec2ThrottlingTest extends Ec2TestSupport {

    Ec2ThrottlingTest() {
        super(new FaultPlan(true, List.of(), List.of(), 0, List.of(), 0));
    }

    /** Sends n calls at the same virtual instant and counts the throttled ones. */
    private int burst(int n, java.util.function.Supplier<CompletableFuture<?>> call) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int k = 0; k < n; k++) calls.add(call.get());
        region.scheduler().runFor(Duration.ZERO);
        int throttled = 0;
        for (CompletableFuture<?> f : calls) {
            if (f.isCompletedExceptionally()) {
                assertThat(code(failure(f))).isEqualTo("RequestLimitExceeded");
                throttled++;
            }
        }
        return throttled;
    }

    @Test
    void unfilteredDescribeInstancesBurstBeyondFiftyIsThrottledThenRefillsAtTenPerSecond() {
        DescribeInstancesRequest unfiltered = DescribeInstancesRequest.builder().build();
        assertThat(burst(60, () -> ec2.describeInstances(unfiltered))).isEqualTo(10);

        var e = failure(ec2.describeInstances(unfiltered));
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request limit exceeded.");

        advance(Duration.ofSeconds(1));
        assertThat(burst(11, () -> ec2.describeInstances(unfiltered))).isEqualTo(1);
        assertThat(region.context().gate().rejected()).containsEntry("ec2:DescribeInstances", 12L);
    }

    @Test
    void filteredOrPaginatedDescribesDrawOnTheLargerBucket() {
        DescribeInstancesRequest filtered = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("instance-state-name").values("running").build()).build();
        assertThat(burst(100, () -> ec2.describeInstances(filtered))).isZero();
        assertThat(burst(1, () -> ec2.describeInstances(b -> b.maxResults(5)))).isEqualTo(1);
        assertThat(burst(50, () -> ec2.describeInstances(DescribeInstancesRequest.builder().build())))
                .as("the unfiltered bucket is separate").isZero();
    }

    @Test
    void explicitInstanceIdsCountAsUnfiltered() {
        String id = runOne();
        assertThat(burst(51, () -> ec2.describeInstanceStatus(b -> b.instanceIds(id)))).isEqualTo(1);
    }

    @Test
    void runInstancesHasItsOwnRequestBucketAndChargesResourceTokensPerInstance() {
        assertThat(burst(6, () -> ec2.runInstances(runRequest().build()))).isEqualTo(1);
        advance(Duration.ofMinutes(1)); // request bucket refilled; 994 resource tokens + 120 refilled, capped at 1000
        DescribeInstancesResponse before = call(ec2.describeInstances(b -> b.maxResults(1000)));
        assertThat(before.reservations()).hasSize(5);

        assertThat(burst(1, () -> ec2.runInstances(runRequest().minCount(1000).maxCount(1000).build()))).isZero();
        assertThat(burst(1, () -> ec2.runInstances(runRequest().minCount(3).maxCount(3).build())))
                .as("the resource bucket is empty").isEqualTo(1);
        advance(Duration.ofSeconds(1)); // 2 tokens per second: 2 < 3
        assertThat(burst(1, () -> ec2.runInstances(runRequest().minCount(3).maxCount(3).build()))).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(burst(1, () -> ec2.runInstances(runRequest().minCount(3).maxCount(3).build()))).isZero();
    }

    @Test
    void terminateChargesItsResourceBucket() {
        List<String> ids = ids(run(5));
        advance(Duration.ofMinutes(10));
        assertThat(burst(1, () -> ec2.terminateInstances(b -> b.instanceIds(ids)))).isZero();
        assertThat(region.context().gate().calls("ec2", "TerminateInstances")).isEqualTo(1);
    }
}
