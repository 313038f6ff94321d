package dev.fleetops.waiters.onsim;

import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.waiters.Acceptor;
import dev.fleetops.waiters.ApiCalls;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.InstanceChecks;
import dev.fleetops.waiters.InstanceStatusWait;
import dev.fleetops.waiters.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Many instances, one DescribeInstanceStatus per 100 ids per round, on the simulated region. */
class InstanceStatusWaitTest {

    static final String DIS = "ec2:DescribeInstanceStatus";
    static final Set<InstanceChecks.Check> BOTH = EnumSet.allOf(InstanceChecks.Check.class);

    private static InstanceStatusWait.Settings every15s(Duration timeout) {
        return InstanceStatusWait.Settings.firstReady(BOTH, timeout).withBackoff(Backoff.fixed(Duration.ofSeconds(15)));
    }

    private static FaultPlan faults(boolean throttling, double impairedShare) {
        return new FaultPlan(throttling, List.of(), List.of(), impairedShare, List.of(), 0);
    }

    /** The instance whose checks finish first, and when (time since the region started). */
    private static String firstToPass(LaunchedGroup g) {
        return g.ids.stream().min(Comparator.comparing(id -> g.region.ec2().statusChecksDoneAt(id).orElseThrow()))
                .orElseThrow();
    }

    @Test
    void twoHundredFiftyIdsAreThreeCallsPerRoundOfAtMostOneHundredWithAllInstancesIncluded() {
        LaunchedGroup g = LaunchedGroup.of(250);
        ApiCalls calls = new ApiCalls();
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofMinutes(30)), calls);

        g.region.scheduler().runFor(Duration.ofSeconds(50)); // rounds at 0, 15, 30, 45 s: nothing passed yet

        assertThat(w.rounds()).isEqualTo(4);
        assertThat(g.callsSinceStart(DIS)).isEqualTo(12).isEqualTo(calls.of(DIS));
        assertThat(w.statuses()).hasSize(250);
        assertThat(w.statuses().values()).extracting(InstanceStatusWait.Status::state)
                .as("pending instances are seen too (IncludeAllInstances)").contains("pending", "running");
        w.cancel();
    }

    @Test
    void theFirstInstanceToPassWinsWithinOnePollIntervalAndPollingStops() {
        LaunchedGroup g = LaunchedGroup.of(10);
        ApiCalls calls = new ApiCalls();
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofMinutes(30)), calls);

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));
        Duration knownAt = g.region.scheduler().elapsed();
        String expected = firstToPass(g); // every instance is running by now (boot <= 60 s, checks >= 90 s)
        Duration passedAt = g.region.ec2().statusChecksDoneAt(expected).orElseThrow();
        long callsAtWin = g.callsSinceStart(DIS);
        g.region.scheduler().runFor(Duration.ofMinutes(30));

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        var result = ((Outcome.Succeeded<InstanceStatusWait.Result>) o).value();
        assertThat(result.ready()).as("all that passed since the previous round, the first among them").contains(expected);
        result.ready().forEach(id -> assertThat(g.region.ec2().statusChecksDoneAt(id).orElseThrow())
                .isBetween(knownAt.minusSeconds(15), knownAt));
        assertThat(w.statuses().get(expected).verdict()).isEqualTo(Acceptor.State.SUCCESS);
        assertThat(w.statuses().get(expected).summary()).isEqualTo("running (instance ok, system ok)");
        assertThat(knownAt).isBetween(passedAt, passedAt.plusSeconds(15));
        assertThat(callsAtWin).isEqualTo(o.polls()).isEqualTo(calls.of(DIS));
        assertThat(g.callsSinceStart(DIS)).as("no call after the winner is known").isEqualTo(callsAtWin);
    }

    @Test
    void oneImpairedInstanceNeverEndsTheWaitWhileAnotherCanStillPass() {
        LaunchedGroup g = LaunchedGroup.of(20, faults(false, 0.5), 7);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofMinutes(30)), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(w.statuses().values()).extracting(InstanceStatusWait.Status::instanceStatus).contains("ok");
    }

    @Test
    void failsFastWhenEveryInstanceIsImpaired() {
        LaunchedGroup g = LaunchedGroup.of(5, faults(false, 1.0), 42);
        Duration lastChecks = g.ids.stream().map(id -> g.region.ec2().statusChecksDoneAt(id))
                .flatMap(Optional::stream).max(Comparator.naturalOrder()).orElse(Duration.ofMinutes(5));
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofHours(1)), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(2));

        // The group replaces an instance as soon as its check is impaired, so some are already on their way out.
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<?>) o).message()).startsWith("no instance can pass any more: ");
        assertThat(g.region.scheduler().elapsed()).isLessThan(lastChecks.plusSeconds(90)); // not the 1 h deadline
        assertThat(w.statuses().values()).extracting(InstanceStatusWait.Status::verdict).containsOnly(Acceptor.State.FAILURE);
        assertThat(w.statuses().values()).extracting(InstanceStatusWait.Status::why)
                .containsAnyOf("instance check impaired", "terminal state").isSubsetOf("instance check impaired", "terminal state");
    }

    @Test
    void failsFastWhenEveryInstanceIsTerminated() {
        LaunchedGroup g = LaunchedGroup.of(4);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofHours(1)), new ApiCalls());
        g.region.scheduler().runFor(Duration.ofSeconds(5));
        g.region.scheduler().await(g.region.cloud().autoScaling().updateAutoScalingGroup(r -> r
                .autoScalingGroupName(LaunchedGroup.GROUP).minSize(0).maxSize(0).desiredCapacity(0)), Duration.ofMinutes(1));
        g.region.scheduler().await(g.region.cloud().ec2().terminateInstances(r -> r.instanceIds(g.ids)), Duration.ofMinutes(1));

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(2));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<?>) o).message()).startsWith("no instance can pass any more: 4 ");
        assertThat(o.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void timesOutAtTheDeadlineSayingWhatItLastSaw() {
        LaunchedGroup g = LaunchedGroup.of(3);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofSeconds(40)), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.TimedOut.class);
        assertThat(o.elapsed()).isEqualTo(Duration.ofSeconds(40));
        assertThat(o.polls()).isEqualTo(4); // 0, 15, 30 and a last one at the deadline
        assertThat(((Outcome.TimedOut<?>) o).lastSeen()).contains("running (instance initializing, system initializing)");
    }

    @Test
    void cancellationStopsEveryApiCallAtOnce() {
        LaunchedGroup g = LaunchedGroup.of(150);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofHours(1)), new ApiCalls());
        g.region.scheduler().runFor(Duration.ofSeconds(20));
        long before = g.totalCalls();

        w.cancel();
        g.region.scheduler().runFor(Duration.ofHours(2));

        assertThat(g.totalCalls() - before).as("API calls after cancellation").isZero();
        assertThat(w.outcome().join()).isInstanceOf(Outcome.Cancelled.class);
    }

    @Test
    void atOneThousandWithEc2BucketsOnTheDefaultPaceIsNeverThrottled() {
        LaunchedGroup g = LaunchedGroup.of(1000, faults(true, 0), 42);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, InstanceStatusWait.Settings.firstReady(BOTH, Duration.ofMinutes(30)), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(g.region.context().gate().rejected()).isEmpty();
        assertThat(g.callsSinceStart(DIS)).isEqualTo(10L * o.polls());
    }

    @Test
    void throttledRoundsSlowTheWaitDownAndNeverFailIt() {
        LaunchedGroup g = LaunchedGroup.of(1000, faults(true, 0), 42);
        g.region.context().gate().retryWith(dev.fleetops.retry.RetryPolicy.none()); // the wait's own slow-down
        // 10 calls every 250 ms is four times the bucket's refill (10/s): throttling is certain.
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, InstanceStatusWait.Settings.firstReady(BOTH, Duration.ofMinutes(30))
                        .withBackoff(Backoff.fixed(Duration.ofMillis(250))), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(w.throttled()).isPositive();
        assertThat(g.region.context().gate().rejected()).containsKey(DIS);
        double callsPerSecond = g.callsSinceStart(DIS) / (double) o.elapsed().toSeconds();
        assertThat(callsPerSecond).as("slowed down from 40 calls/s").isLessThan(20);
    }

    @Test
    void allQuorumWaitsForEveryInstance() {
        LaunchedGroup g = LaunchedGroup.of(6);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, every15s(Duration.ofMinutes(30)).withQuorum(InstanceStatusWait.Quorum.ALL), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));
        Duration lastPass = g.ids.stream().map(id -> g.region.ec2().statusChecksDoneAt(id).orElseThrow())
                .max(Comparator.naturalOrder()).orElseThrow();

        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(((Outcome.Succeeded<InstanceStatusWait.Result>) o).value().ready()).containsExactlyElementsOf(g.ids);
        assertThat(g.region.scheduler().elapsed()).isBetween(lastPass, lastPass.plusSeconds(15));
    }
}
