package dev.fleetops.retry;

import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.internal.retry.SdkDefaultRetrySetting;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry loop in virtual time: what it waits, how often it tries, when it stops. */
class RetrierTest {

    final VirtualScheduler time = new VirtualScheduler();
    final List<RetryEvent> events = new ArrayList<>();

    /** Jitter at its top: every wait is the whole of its cap, so the delays read as the formula. */
    static final RandomGenerator MAX_JITTER = new RandomGenerator() {
        @Override public long nextLong() { return -1; }
        @Override public long nextLong(long bound) { return bound - 1; }
    };

    static Ec2Exception throttled() {
        return (Ec2Exception) AwsErrorTest.error(Ec2Exception.builder(), "RequestLimitExceeded", 503, "Request limit exceeded.");
    }

    static Ec2Exception serverError() {
        return (Ec2Exception) Ec2Exception.builder().statusCode(500).build();
    }

    /** An attempt that fails with {@code errors} in turn, then answers "ok"; counts its calls. */
    static final class Script implements Supplier<CompletionStage<String>> {
        final List<Throwable> errors;
        final AtomicInteger calls = new AtomicInteger();

        Script(Throwable... errors) {
            this.errors = List.of(errors);
        }

        @Override
        public CompletionStage<String> get() {
            int n = calls.getAndIncrement();
            return n < errors.size() ? CompletableFuture.failedFuture(errors.get(n)) : CompletableFuture.completedFuture("ok");
        }
    }

    RetryPolicy.Builder policy() {
        return RetryPolicy.builder().onRetry(events::add);
    }

    @Test
    void throttledTwiceThenSuccessWaitsTheThrottlingBackoffThenSucceeds() {
        Script attempt = new Script(throttled(), throttled());
        var result = policy().build().retrier(time, MAX_JITTER).call("ec2 DescribeInstances", attempt);

        assertThat(time.await(result, Duration.ofMinutes(1))).isEqualTo("ok");
        assertThat(attempt.calls).hasValue(3);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3)); // 1 s, then 2 s: throttling base 1 s, doubled
        assertThat(events).extracting(RetryEvent::toString).containsExactly(
                "ec2 DescribeInstances: RequestLimitExceeded (HTTP 503), retry 1 of 2 in 1000 ms",
                "ec2 DescribeInstances: RequestLimitExceeded (HTTP 503), retry 2 of 2 in 2000 ms");
    }

    @Test
    void transientErrorsBackOffFromTheBaseDelayUpToTheMaximum() {
        Throwable[] errors = new Throwable[9];
        java.util.Arrays.fill(errors, serverError());
        Script attempt = new Script(errors);
        var result = policy().maxAttempts(10).maxDelay(Duration.ofSeconds(5)).build().retrier(time, MAX_JITTER).call(attempt);

        assertThat(time.await(result, Duration.ofMinutes(5))).isEqualTo("ok");
        assertThat(events).extracting(e -> e.delay().toMillis())
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(events.get(0).toString()).isEqualTo("HTTP 500 without an error code, retry 1 of 9 in 100 ms");
    }

    @Test
    void theWaitStaysAtTheMaximumHoweverManyRetriesCame() {
        AwsError throttling = AwsError.of(throttled());
        RetryPolicy p = RetryPolicy.standard();
        for (int retry : new int[] {6, 30, 63, 64, 1000}) {
            assertThat(p.delayBefore(retry, throttling, MAX_JITTER)).as("retry " + retry).isEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void fullJitterDrawsEachWaitUniformlyUpToItsCapAndRepeatsForASeed() {
        List<Long> first = delays(new SplittableRandom(42));
        List<Long> again = delays(new SplittableRandom(42));
        SplittableRandom expected = new SplittableRandom(42);

        assertThat(first).isEqualTo(again);
        assertThat(first).containsExactly(expected.nextLong(1001), expected.nextLong(2001), expected.nextLong(4001));
        assertThat(delays(new SplittableRandom(7))).isNotEqualTo(first);
    }

    private List<Long> delays(RandomGenerator random) {
        events.clear();
        VirtualScheduler t = new VirtualScheduler();
        Script attempt = new Script(throttled(), throttled(), throttled());
        t.await(policy().maxAttempts(4).build().retrier(t, random).call(attempt), Duration.ofMinutes(1));
        assertThat(t.elapsed().toMillis()).isEqualTo(events.stream().mapToLong(e -> e.delay().toMillis()).sum());
        return events.stream().map(e -> e.delay().toMillis()).toList();
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        var notFound = AwsErrorTest.error(Ec2Exception.builder(), "InvalidInstanceID.NotFound", 400, "no such instance");
        Script attempt = new Script(notFound);
        var result = policy().build().retrier(time, MAX_JITTER).call(attempt);

        time.runUntilIdle();
        assertThat(attempt.calls).hasValue(1);
        assertThat(time.elapsed()).isZero();
        assertThatThrownBy(result::join).isInstanceOf(CompletionException.class).hasCauseReference(notFound);
    }

    @Test
    void givingUpAfterTheLastAttemptEndsWithTheLastError() {
        Ec2Exception last = throttled();
        Script attempt = new Script(serverError(), throttled(), last);
        var result = policy().build().retrier(time, MAX_JITTER).call(attempt);

        time.runUntilIdle();
        assertThat(attempt.calls).hasValue(3);
        assertThatThrownBy(result::join).hasCauseReference(last);
    }

    @Test
    void theRetryOnPredicateDecidesWhatIsRetried() {
        Script attempt = new Script(throttled());
        var result = policy().retryOn(e -> !e.throttling()).build().retrier(time, MAX_JITTER).call(attempt);

        time.runUntilIdle();
        assertThat(attempt.calls).hasValue(1);
        assertThat(result).isCompletedExceptionally();
    }

    @Test
    void noAttemptStartsAfterTheMaximumDuration() {
        Throwable[] errors = new Throwable[50];
        java.util.Arrays.fill(errors, throttled());
        Script attempt = new Script(errors);
        var result = policy().maxAttempts(50).maxDuration(Duration.ofSeconds(5)).build().retrier(time, MAX_JITTER)
                .call(attempt);

        time.runUntilIdle();
        // 1 s, 2 s, then the 4 s wait is cut to the 2 s left: attempts at 0, 1, 3 and 5 s
        assertThat(attempt.calls).hasValue(4);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(result).isCompletedExceptionally();
    }

    @Test
    void cancellingDuringTheWaitStopsFurtherAttempts() {
        Script attempt = new Script(throttled(), throttled());
        var result = policy().build().retrier(time, MAX_JITTER).call(attempt);

        time.runFor(Duration.ofMillis(500)); // inside the first 1 s wait
        result.cancel(true);
        time.runUntilIdle();

        assertThat(attempt.calls).hasValue(1);
        assertThat(time.pending()).isZero();
        assertThat(result).isCancelled();
    }

    @Test
    void cancellingCancelsTheAttemptInFlight() {
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        var result = policy().build().retrier(time, MAX_JITTER).call(() -> inFlight);

        result.cancel(true);

        assertThat(inFlight).isCancelled();
    }

    @Test
    void theDefaultsAreTheSdksStandardMode() {
        RetryPolicy standard = RetryPolicy.standard();
        assertThat(standard.maxAttempts()).isEqualTo(AwsRetryStrategy.standardRetryStrategy().maxAttempts()).isEqualTo(3);
        // SdkDefaultRetrySetting is internal to the SDK: read here only to notice when an upgrade changes them
        assertThat(standard.baseDelay()).isEqualTo(SdkDefaultRetrySetting.baseDelay(RetryMode.STANDARD));
        assertThat(standard.throttlingBaseDelay()).isEqualTo(SdkDefaultRetrySetting.throttledBaseDelay(RetryMode.STANDARD));
        assertThat(standard.maxDelay()).isEqualTo(SdkDefaultRetrySetting.MAX_BACKOFF);
        assertThat(standard.maxDuration()).isEmpty();
        assertThat(RetryPolicy.patient().maxAttempts()).isGreaterThan(standard.maxAttempts());
        assertThat(RetryPolicy.patient().maxDuration()).contains(Duration.ofMinutes(2));
    }

    @Test
    void aPolicyRefusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessageContaining("maxAttempts must be at least 1");
        assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(Duration.ofMillis(10)).build())
                .hasMessageContaining("shorter than a base delay");
    }
}
