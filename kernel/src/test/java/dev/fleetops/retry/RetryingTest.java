package dev.fleetops.retry;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RebootInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RebootInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retrying client decorator over fake clients: what it retries, and what it refuses to retry blindly. */
class RetryingTest {

    final VirtualScheduler time = new VirtualScheduler();
    final List<RetryEvent> events = new ArrayList<>();
    final RetryPolicy policy = RetryPolicy.builder().onRetry(events::add).build();

    /** Answers each call with the next of {@code answers} (an exception fails it), recording the requests. */
    static final class FakeEc2 implements Ec2AsyncClient {
        final List<Object> requests = new ArrayList<>();
        final List<Object> answers;

        FakeEc2(Object... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @SuppressWarnings("unchecked")
        <T> CompletableFuture<T> answer(Object request) {
            requests.add(request);
            Object a = answers.isEmpty() ? new IllegalStateException("no answer left") : answers.remove(0);
            return a instanceof Throwable t ? CompletableFuture.failedFuture(t) : CompletableFuture.completedFuture((T) a);
        }

        @Override public CompletableFuture<DescribeInstancesResponse> describeInstances(DescribeInstancesRequest r) { return answer(r); }
        @Override public CompletableFuture<RunInstancesResponse> runInstances(RunInstancesRequest r) { return answer(r); }
        @Override public CompletableFuture<RebootInstancesResponse> rebootInstances(RebootInstancesRequest r) { return answer(r); }
        @Override public String serviceName() { return "ec2"; }
        @Override public void close() { }
    }

    static Ec2Exception throttled() {
        return RetrierTest.throttled();
    }

    static Ec2Exception serverError() {
        return RetrierTest.serverError();
    }

    Ec2AsyncClient retrying(Ec2AsyncClient client) {
        return Retrying.client(Ec2AsyncClient.class, client, policy, time, new SplittableRandom(1));
    }

    @Test
    void aReadIsRetriedThroughEveryOverloadOfTheClient() {
        var reservations = DescribeInstancesResponse.builder().reservations(Reservation.builder().reservationId("r-1").build()).build();
        FakeEc2 fake = new FakeEc2(throttled(), serverError(), reservations);
        Ec2AsyncClient ec2 = retrying(fake);

        var answer = time.await(ec2.describeInstances(r -> r.instanceIds("i-1")), Duration.ofMinutes(1));

        assertThat(answer).isEqualTo(reservations);
        assertThat(fake.requests).hasSize(3).allSatisfy(r ->
                assertThat(((DescribeInstancesRequest) r).instanceIds()).containsExactly("i-1"));
        assertThat(events).extracting(e -> e.toString().replaceAll("in \\d+ ms", "in N ms")).containsExactly(
                "ec2 DescribeInstances: RequestLimitExceeded (HTTP 503), retry 1 of 2 in N ms",
                "ec2 DescribeInstances: HTTP 500 without an error code, retry 2 of 2 in N ms");
        assertThat(time.elapsed()).isEqualTo(events.stream().map(RetryEvent::delay).reduce(Duration.ZERO, Duration::plus));
    }

    @Test
    void aPermanentErrorComesBackAtOnce() {
        var notFound = AwsErrorTest.error(Ec2Exception.builder(), "InvalidInstanceID.NotFound", 400, "no such instance");
        FakeEc2 fake = new FakeEc2(notFound);

        var call = retrying(fake).describeInstances(DescribeInstancesRequest.builder().build());
        time.runUntilIdle();

        assertThat(fake.requests).hasSize(1);
        assertThatThrownBy(call::join).hasCauseReference(notFound);
    }

    @Test
    void aCallWithAClientTokenIsRetriedWithTheSameTokenEveryTime() {
        FakeEc2 fake = new FakeEc2(serverError(), RunInstancesResponse.builder().reservationId("r-1").build());

        var answer = time.await(retrying(fake).runInstances(r -> r.imageId("ami-1").minCount(1).maxCount(1)),
                Duration.ofMinutes(1));

        assertThat(answer.reservationId()).isEqualTo("r-1");
        assertThat(fake.requests).hasSize(2);
        String token = ((RunInstancesRequest) fake.requests.get(0)).clientToken();
        assertThat(token).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(((RunInstancesRequest) fake.requests.get(1)).clientToken()).isEqualTo(token);
    }

    @Test
    void theCallersOwnClientTokenIsKept() {
        FakeEc2 fake = new FakeEc2(serverError(), RunInstancesResponse.builder().build());

        time.await(retrying(fake).runInstances(r -> r.clientToken("mine")), Duration.ofMinutes(1));

        assertThat(fake.requests).extracting(r -> ((RunInstancesRequest) r).clientToken()).containsExactly("mine", "mine");
    }

    @Test
    void aServerErrorOnAMutatingCallThatIsNotIdempotentIsAnUnknownOutcomeNotARetry() {
        FakeEc2 fake = new FakeEc2(serverError(), RebootInstancesResponse.builder().build());

        var call = retrying(fake).rebootInstances(r -> r.instanceIds("i-1"));
        time.runUntilIdle();

        assertThat(fake.requests).hasSize(1);
        assertThatThrownBy(call::join).hasCauseInstanceOf(UnknownOutcomeException.class)
                .hasMessageContaining("ec2 RebootInstances: outcome unknown after HTTP 500 without an error code");
        AwsError e = AwsError.of(call.handle((v, error) -> error).join());
        assertThat(e.kind()).isEqualTo(AwsError.Kind.UNKNOWN_OUTCOME);
    }

    @Test
    void aThrottledMutatingCallIsRetriedBecauseAwsRejectedItBeforeActing() {
        FakeEc2 fake = new FakeEc2(throttled(), RebootInstancesResponse.builder().build());

        time.await(retrying(fake).rebootInstances(r -> r.instanceIds("i-1")), Duration.ofMinutes(1));

        assertThat(fake.requests).hasSize(2);
    }

    @Test
    void aCallIdempotentByNatureIsRetriedAfterAServerError() {
        List<Object> calls = new ArrayList<>();
        Function<DeregisterTargetsRequest, CompletableFuture<DeregisterTargetsResponse>> answers = r -> {
            calls.add(r);
            return calls.size() == 1 ? CompletableFuture.failedFuture(serverError())
                    : CompletableFuture.completedFuture(DeregisterTargetsResponse.builder().build());
        };
        ElasticLoadBalancingV2AsyncClient fake = new ElasticLoadBalancingV2AsyncClient() {
            @Override public CompletableFuture<DeregisterTargetsResponse> deregisterTargets(DeregisterTargetsRequest r) { return answers.apply(r); }
            @Override public String serviceName() { return "elasticloadbalancing"; }
            @Override public void close() { }
        };
        var elbv2 = Retrying.client(ElasticLoadBalancingV2AsyncClient.class, fake, policy, time, new SplittableRandom(1));

        time.await(elbv2.deregisterTargets(r -> r.targetGroupArn("arn:tg")), Duration.ofMinutes(1));

        assertThat(calls).hasSize(2);
    }

    @Test
    void aRetryingCloudWrapsEachClientOnceAndKeepsTheRest() {
        FakeEc2 fake = new FakeEc2(throttled(), throttled(), throttled(), throttled());
        Cloud plain = Cloud.builder().scheduler(time).description("the test cloud").client(Ec2AsyncClient.class, fake).build();
        Cloud cloud = Retrying.cloud(Retrying.cloud(plain, policy, new SplittableRandom(1)), policy, new SplittableRandom(1));

        var call = cloud.ec2().describeInstances(DescribeInstancesRequest.builder().build());
        time.runUntilIdle();

        assertThat(fake.requests).hasSize(3); // one layer of 3 attempts, not 3 x 3
        assertThat(call).isCompletedExceptionally();
        assertThat(cloud.ec2()).isSameAs(cloud.ec2());
        assertThat(cloud.describe()).isEqualTo("the test cloud");
        assertThat(cloud.scheduler()).isSameAs(time);
        assertThat(cloud.find(ElasticLoadBalancingV2AsyncClient.class)).isEmpty();
    }

    @Test
    void aClientGivenWithWithClientRetriesToo() {
        Cloud cloud = Retrying.cloud(Cloud.builder().scheduler(time).build(), policy, new SplittableRandom(1));
        FakeEc2 fake = new FakeEc2(throttled(), DescribeInstancesResponse.builder().build());

        time.await(cloud.withClient(Ec2AsyncClient.class, fake).ec2().describeInstances(r -> { }), Duration.ofMinutes(1));

        assertThat(fake.requests).hasSize(2);
    }

    @Test
    void cancellingAMutatingCallStopsItsRetries() {
        FakeEc2 fake = new FakeEc2(throttled(), throttled());

        var call = retrying(fake).rebootInstances(r -> r.instanceIds("i-1"));
        call.cancel(true);
        time.runUntilIdle();

        assertThat(fake.requests).hasSize(1);
    }
}
