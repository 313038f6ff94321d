package dev.fleetops.waiters.onsim;

import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.ReadyPacing;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.FirstReadyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first-ready polling policy in virtual time (docs/first-ready.md, "Polling"): by default every instance every
 * 15 s in one call per 100; optionally fast while a winner is likely, so the winner is known within seconds of
 * passing its checks; never above 1 call/s (5 % of EC2's non-mutating refill rate).
 */
class FirstReadyPacingTest {

    private record Run(FirstReadyResult result, Duration latency, long calls, long peakPer60s) { }

    private static Run run(int n, FirstReady.Request request) {
        LaunchedGroup g = LaunchedGroup.of(n);
        List<Long> perSecond = new ArrayList<>();
        boolean[] stop = {false};
        Runnable[] sample = new Runnable[1];
        sample[0] = () -> {
            if (stop[0]) return;
            perSecond.add(g.callsSinceStart("ec2:DescribeInstanceStatus"));
            g.region.scheduler().schedule(Duration.ofSeconds(1), sample[0]);
        };
        perSecond.add(0L);
        g.region.scheduler().schedule(Duration.ofMillis(500), sample[0]); // off the instants rounds start at
        FirstReady f = FirstReady.start(g.region.cloud(), new Random(1), request, s -> { });
        FirstReadyResult r = g.region.scheduler().await(f.result(), Duration.ofHours(1));
        stop[0] = true;
        long calls = g.callsSinceStart("ec2:DescribeInstanceStatus");
        perSecond.add(calls);
        long peak = 0;
        for (int i = 0; i < perSecond.size(); i++) peak = Math.max(peak, perSecond.get(i) - perSecond.get(Math.max(0, i - 60)));
        Duration earliest = g.ids.stream().map(id -> g.region.ec2().statusChecksDoneAt(id)).flatMap(Optional::stream)
                .min(Comparator.naturalOrder()).orElseThrow();
        Duration known = Duration.between(g.region.scheduler().now().minus(g.region.scheduler().elapsed()), r.winnerKnownAt());
        g.region.scheduler().runFor(Duration.ofMinutes(20));
        assertThat(g.callsSinceStart("ec2:DescribeInstanceStatus")).as("no call after the winner").isEqualTo(calls);
        return new Run(r, known.minus(earliest), calls, peak);
    }

    /**
     * The defaults: a full round every 15 s (the SDK waiter's delay), ceil(N/100) calls each, so the winner is known
     * at the first round after it passed, as one waiter per instance started at the same time would know it.
     */
    @ParameterizedTest
    @CsvSource({"10", "100", "1000"})
    void byDefaultEveryInstanceIsPolledEvery15SecondsInOneCallPer100(int n) {
        Run r = run(n, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15)));

        assertThat(r.result().status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.latency()).as("checks passed -> winner known").isBetween(Duration.ZERO, Duration.ofSeconds(15));
        assertThat(r.calls()).as("DescribeInstanceStatus calls before the winner")
                .isEqualTo(r.result().rounds() * (long) Math.ceil(n / 100.0));
        assertThat(r.peakPer60s()).as("calls in any 60 s: <= 1/s").isLessThanOrEqualTo(60);
    }

    /** Bounds of fast rounds while a winner is likely, with room (latency <= the 1 call/s cap over ~1000 likely instances, 10 s). */
    @ParameterizedTest
    @CsvSource({"10, 2, 90", "100, 2, 70", "1000, 10, 120"})
    void fastWhileLikelyTheWinnerIsKnownWithinSecondsOfPassingAtMostOneCallASecond(int n, long withinSeconds, long maxCalls) {
        Run r = run(n, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15)).withPacing(ReadyPacing.fastWhileLikely()));

        assertThat(r.result().status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.latency()).as("checks passed -> winner known").isBetween(Duration.ZERO, Duration.ofSeconds(withinSeconds));
        assertThat(r.calls()).as("DescribeInstanceStatus calls before the winner").isLessThanOrEqualTo(maxCalls);
        assertThat(r.peakPer60s()).as("calls in any 60 s: <= 1/s").isLessThanOrEqualTo(60);
    }

    /** Above 1,500 instances a 15 s round would pass 1 call/s: the rounds stretch to stay under it. */
    @Test
    void aLargeGroupsRoundsStretchToStayUnderTheCallCap() {
        Run r = run(2500, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15)));

        assertThat(r.result().status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.peakPer60s()).as("calls in any 60 s: <= 1/s").isLessThanOrEqualTo(60);
        assertThat(r.latency()).as("a round of 25 calls every 30 s: two in any 60 s").isBetween(Duration.ZERO, Duration.ofSeconds(30));
    }

    @Test
    void withoutPacingTheSamePollingIsOneFullRoundPerBackoffDelay() {
        FirstReady.Request plain = FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withBackoff(Backoff.smithy(Duration.ofSeconds(15), Duration.ofSeconds(120)));
        Run paced = run(100, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withPacing(ReadyPacing.fastWhileLikely()));
        Run r = run(100, plain);

        assertThat(r.calls()).isEqualTo(r.result().rounds());
        assertThat(r.latency()).as("a poll interval, not seconds").isGreaterThan(paced.latency());
    }

    @Test
    void fastPollingStartsOnlyOnceAnInstanceHasBeenRunningForTheChecksMinimum() {
        // checks take 90 s at the least in this scenario: claiming 10 min means no fast round before the winner
        Run late = run(100, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withPacing(ReadyPacing.fastWhileLikely().withChecksTakeAtLeast(Duration.ofMinutes(10))));
        Run early = run(100, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withPacing(ReadyPacing.fastWhileLikely().withChecksTakeAtLeast(Duration.ZERO)));

        assertThat(late.calls()).isEqualTo(late.result().rounds()).isLessThan(15);
        assertThat(early.calls()).as("fast from the first running instance on").isGreaterThan(
                run(100, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                        .withPacing(ReadyPacing.fastWhileLikely())).calls());
    }

    @Test
    void aPacingIsChecked() {
        assertThatThrownBy(() -> ReadyPacing.defaults().withFast(Duration.ZERO)).hasMessageContaining("fast");
        assertThatThrownBy(() -> ReadyPacing.defaults().withMaxCallsPerSecond(0)).hasMessageContaining("maxCallsPerSecond");
    }
}
