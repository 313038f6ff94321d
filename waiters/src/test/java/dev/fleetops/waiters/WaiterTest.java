package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** A model waiter (InstanceRunning) on the poll loop, fed scripted answers on virtual time. */
class WaiterTest {

    private final VirtualScheduler time = new VirtualScheduler();
    private final List<Duration> calls = new ArrayList<>();

    private Waiter instanceRunning(IntFunction<CompletableFuture<? extends SdkResponse>> answer) {
        return new Waiter("InstanceRunning", () -> {
            calls.add(time.elapsed());
            return answer.apply(calls.size());
        }, AcceptorsTest.INSTANCE_RUNNING, Backoff.fixed(Duration.ofSeconds(15)));
    }

    private static CompletableFuture<? extends SdkResponse> states(String... states) {
        List<software.amazon.awssdk.services.ec2.model.Instance> list = java.util.Arrays.stream(states)
                .map(s -> software.amazon.awssdk.services.ec2.model.Instance.builder().state(st -> st.name(s)).build())
                .toList();
        return CompletableFuture.completedFuture(DescribeInstancesResponse.builder()
                .reservations(Reservation.builder().instances(list).build()).build());
    }

    private static CompletableFuture<? extends SdkResponse> error(String code) {
        return CompletableFuture.failedFuture(Ec2Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " says no").build()).build());
    }

    @Test
    void notFoundThenPendingThenRunningSucceedsOnTheThirdPollWithTheResponse() {
        Poll<JsonNode> p = instanceRunning(n -> n == 1 ? error("InvalidInstanceID.NotFound")
                : n == 2 ? states("pending", "running") : states("running", "running"))
                .start(time, new Random(1), Duration.ofMinutes(10));

        Outcome<JsonNode> o = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(o.polls()).isEqualTo(3);
        assertThat(calls).containsExactly(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(((Outcome.Succeeded<JsonNode>) o).value().at("/Reservations/0/Instances/0/State/Name").asText())
                .isEqualTo("running");
    }

    @Test
    void aFailureAcceptorEndsTheWaitAtOnce() {
        Poll<JsonNode> p = instanceRunning(n -> states("running", "stopping")).start(time, new Random(1), Duration.ofMinutes(10));

        assertThat(time.await(p.outcome(), Duration.ofHours(1)))
                .isEqualTo(new Outcome.Failed<>("any Reservations[].Instances[].State.Name == \"stopping\"", 1, Duration.ZERO));
    }

    @Test
    void throttlingNoAcceptorNamesSlowsTheWaitDownInsteadOfFailingIt() {
        Poll<JsonNode> p = instanceRunning(n -> n <= 2 ? error("RequestLimitExceeded") : states("running"))
                .start(time, new Random(1), Duration.ofMinutes(10));

        Outcome<JsonNode> o = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(p.throttled()).isEqualTo(2);
    }

    @Test
    void anUnnamedErrorFailsTheWaitWithItsCode() {
        Poll<JsonNode> p = instanceRunning(n -> error("UnauthorizedOperation")).start(time, new Random(1), Duration.ofMinutes(10));

        assertThat(time.await(p.outcome(), Duration.ofHours(1))).isEqualTo(new Outcome.Failed<>(
                "no acceptor matched the error UnauthorizedOperation: UnauthorizedOperation says no", 1, Duration.ZERO));
    }

    @Test
    void aNoticeAboutAWatchedResourcePollsAtOnceOthersAreIgnored() {
        List<java.util.function.Consumer<EventTrigger.Notice>> listeners = new ArrayList<>();
        EventTrigger trigger = l -> {
            listeners.add(l);
            return () -> listeners.remove(l);
        };
        Poll<JsonNode> p = instanceRunning(n -> n == 1 ? states("pending") : states("running"))
                .start(time, new Random(1), Duration.ofMinutes(10), trigger, java.util.Set.of("i-watched"));
        time.runFor(Duration.ofSeconds(3));
        listeners.get(0).accept(new EventTrigger.Notice("i-other", "EC2 Instance State-change Notification", "running"));
        time.runFor(Duration.ofSeconds(2));
        assertThat(calls).hasSize(1);

        listeners.get(0).accept(new EventTrigger.Notice("i-watched", "EC2 Instance State-change Notification", "running"));
        Outcome<JsonNode> o = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(o.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(calls).containsExactly(Duration.ZERO, Duration.ofSeconds(5));
        assertThat(listeners).as("the subscription ends with the wait").isEmpty();
    }
}
