package dev.fleetops.waiters;

import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class PollTest {

    private final VirtualScheduler time = new VirtualScheduler();
    private final List<Duration> pollTimes = new ArrayList<>();

    private CompletionStage<Verdict<String>> record(Verdict<String> v) {
        pollTimes.add(time.elapsed());
        return CompletableFuture.completedFuture(v);
    }

    @Test
    void firstPollIsImmediateThenFixedDelayUntilSuccess() {
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofSeconds(15)), new Random(1), Duration.ofMinutes(5),
                n -> record(n < 3 ? Verdict.retry("initializing") : Verdict.success("ok")));

        var outcome = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(outcome).isEqualTo(new Outcome.Succeeded<>("ok", 3, Duration.ofSeconds(30)));
        assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void smithyBackoffStaysBetweenMinAndTheDoublingNominal() {
        Backoff b = Backoff.smithy(Duration.ofSeconds(2), Duration.ofSeconds(120));
        Random r = new Random(7);
        for (int attempt = 1; attempt < 12; attempt++) {
            long nominal = Math.min(120, 2L << Math.min(attempt - 1, 20));
            assertThat(b.delay(attempt, r)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(nominal));
        }
        assertThat(Backoff.smithy(Duration.ofSeconds(5), Duration.ofSeconds(5)).delay(9, r)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void runbookDefaultGrowsByHalfUpToThirtySecondsWithTwentyPercentJitter() {
        Backoff b = Backoff.runbookDefault();
        Random r = new Random(3);
        assertThat(b.delay(1, r)).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(b.delay(2, r)).isBetween(Duration.ofMillis(2400), Duration.ofMillis(3600));
        assertThat(b.delay(20, r)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
    }

    @Test
    void timesOutWithALastPollAtTheDeadlineAndSaysWhatItLastSaw() {
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofSeconds(40)), new Random(1), Duration.ofSeconds(100),
                n -> record(Verdict.retry("2 of 3 draining")));

        var outcome = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(outcome).isEqualTo(new Outcome.TimedOut<>("2 of 3 draining", 4, Duration.ofSeconds(100)));
        assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(40), Duration.ofSeconds(80),
                Duration.ofSeconds(100));
    }

    @Test
    void cancellationStopsEveryFurtherPoll() {
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofSeconds(15)), new Random(1), Duration.ofHours(1),
                n -> record(Verdict.retry("not yet")));
        time.runFor(Duration.ofSeconds(20));
        int before = pollTimes.size();

        p.cancel();
        time.runFor(Duration.ofHours(2));

        assertThat(pollTimes).hasSize(before).hasSize(2);
        assertThat(p.outcome().join()).isInstanceOf(Outcome.Cancelled.class);
    }

    @Test
    void aPokeRepollsAtOnceInsteadOfWaitingOutTheDelay() {
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofMinutes(2)), new Random(1), Duration.ofHours(1),
                n -> record(n == 1 ? Verdict.retry("pending") : Verdict.success("running")));
        time.runFor(Duration.ofSeconds(7));

        p.poke();
        var outcome = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(outcome.elapsed()).isEqualTo(Duration.ofSeconds(7));
        assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(7));
    }

    @Test
    void aPokeDuringAPollInFlightTriggersAnotherPollRightAfterIt() {
        List<CompletableFuture<Verdict<String>>> answers = new ArrayList<>();
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofMinutes(2)), new Random(1), Duration.ofHours(1), n -> {
            pollTimes.add(time.elapsed());
            CompletableFuture<Verdict<String>> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        });
        time.runFor(Duration.ofSeconds(1));
        p.poke();
        time.runFor(Duration.ofSeconds(1));
        answers.get(0).complete(Verdict.retry("stale answer"));
        time.runFor(Duration.ofSeconds(1));

        assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void throttlingSlowsPollingDownInsteadOfFailing() {
        Ec2Exception throttled = (Ec2Exception) Ec2Exception.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestLimitExceeded").build()).build();
        Poll<String> p = Poll.start(time, Backoff.smithy(Duration.ofSeconds(1), Duration.ofSeconds(60)), new Random(1),
                Duration.ofMinutes(10), n -> {
                    pollTimes.add(time.elapsed());
                    return n <= 2 ? CompletableFuture.failedFuture(throttled)
                            : CompletableFuture.completedFuture(Verdict.success("ok"));
                });

        var outcome = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(p.throttled()).isEqualTo(2);
        assertThat(outcome.polls()).isEqualTo(3);
    }

    @Test
    void anyOtherErrorFailsTheWaitWithTheAwsErrorCode() {
        Ec2Exception notFound = (Ec2Exception) Ec2Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidGroup.NotFound").errorMessage("no such group").build()).build();
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofSeconds(5)), new Random(1), Duration.ofMinutes(1),
                n -> CompletableFuture.failedFuture(notFound));

        var outcome = time.await(p.outcome(), Duration.ofHours(1));

        assertThat(outcome).isEqualTo(new Outcome.Failed<>("InvalidGroup.NotFound: no such group", 1, Duration.ZERO));
    }

    @Test
    void aPokedPollKeepsTheScheduledPollOnTimeAndTellsThePollerItWasPoked() {
        List<Boolean> poked = new ArrayList<>();
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofSeconds(60)), new Random(1), Duration.ofHours(1),
                (Poll.Poller<String>) (n, byEvent) -> {
                    pollTimes.add(time.elapsed());
                    poked.add(byEvent);
                    return CompletableFuture.completedFuture(Verdict.retry("not yet"));
                });
        time.runFor(Duration.ofSeconds(10));
        p.poke();
        time.runFor(Duration.ofSeconds(10));
        p.poke();
        time.runFor(Duration.ofSeconds(45));

        assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(60));
        assertThat(poked).containsExactly(false, true, true, false);
        p.cancel();
    }

    @Test
    void throttlingStretchesEvenAFixedDelay() {
        Ec2Exception throttled = (Ec2Exception) Ec2Exception.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestLimitExceeded").build()).build();
        Poll<String> p = Poll.start(time, Backoff.fixed(Duration.ofSeconds(1)), new Random(1), Duration.ofMinutes(10),
                n -> {
                    pollTimes.add(time.elapsed());
                    return n <= 3 ? CompletableFuture.failedFuture(throttled)
                            : CompletableFuture.completedFuture(Verdict.success("ok"));
                });

        time.await(p.outcome(), Duration.ofHours(1));

        assertThat(pollTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(6),
                Duration.ofSeconds(14));
    }
}
