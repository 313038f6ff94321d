package dev.fleetops.retry;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * How often and how long to retry a call: immutable, built with {@link #builder()} (or from {@link #standard()}
 * and {@link #patient()} with {@link #toBuilder()}), run by a {@link Retrier} on an injected {@link Scheduler}.
 *
 * <p>Delays are the SDK's standard mode: before retry {@code n} (1, 2, ...) a uniformly random whole number of
 * milliseconds in {@code [0, min(maxDelay, base x 2^(n-1))]} ("full jitter"), where {@code base} is the throttling
 * base delay after a throttling error and the base delay otherwise.
 */
public final class RetryPolicy {

    private static final RetryPolicy STANDARD = builder().build();
    private static final RetryPolicy PATIENT = builder().maxAttempts(10).maxDuration(Duration.ofMinutes(2)).build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration throttlingBaseDelay;
    private final Duration maxDelay;
    private final Duration maxDuration;
    private final Predicate<AwsError> retryOn;
    private final Consumer<RetryEvent> onRetry;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.baseDelay = b.baseDelay;
        this.throttlingBaseDelay = b.throttlingBaseDelay;
        this.maxDelay = b.maxDelay;
        this.maxDuration = b.maxDuration;
        this.retryOn = b.retryOn;
        this.onRetry = b.onRetry;
    }

    /**
     * The SDK's standard retry mode for AWS ("AWS SDK for Java 2.x Developer Guide: Retries"): 3 attempts, base
     * delay 100 ms, throttling base delay 1 s, at most 20 s between attempts, retrying what {@link AwsError}
     * classifies as throttling or transient.
     */
    public static RetryPolicy standard() {
        return STANDARD;
    }

    /**
     * For waits and event handlers, which would rather wait than fail: the standard delays with 10 attempts,
     * within 2 minutes in all.
     */
    public static RetryPolicy patient() {
        return PATIENT;
    }

    /** One attempt, no retry: the service's own answers (tests of a simulated service; a client that retries itself). */
    public static RetryPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.baseDelay = baseDelay;
        b.throttlingBaseDelay = throttlingBaseDelay;
        b.maxDelay = maxDelay;
        b.maxDuration = maxDuration;
        b.retryOn = retryOn;
        b.onRetry = onRetry;
        return b;
    }

    /** The executor of this policy on {@code scheduler}, drawing jitter from {@code random}. */
    public Retrier retrier(Scheduler scheduler, RandomGenerator random) {
        return new Retrier(this, scheduler, random);
    }

    /** Attempts in all, the first included. */
    /**
     * The SDK's standard retry strategy with this policy's attempts and delays, for SDK clients built with another
     * policy than {@link #standard()} (whose values are the SDK's defaults, which AwsCloud's clients keep: a test
     * checks that they agree); the SDK's lists of retryable errors are the ones {@link AwsError} asks.
     */
    public software.amazon.awssdk.retries.api.RetryStrategy sdkStrategy() {
        return software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
                .throttlingBackoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy
                        .exponentialDelay(throttlingBaseDelay, maxDelay))
                .build();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration throttlingBaseDelay() {
        return throttlingBaseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /** The time from the first attempt after which no attempt starts; empty: no limit but the attempts. */
    public Optional<Duration> maxDuration() {
        return Optional.ofNullable(maxDuration);
    }

    boolean retries(AwsError error) {
        return retryOn.test(error);
    }

    void notify(RetryEvent event) {
        onRetry.accept(event);
    }

    /** The delay before retry {@code retry} (1 for the first) after {@code error}. */
    Duration delayBefore(int retry, AwsError error, RandomGenerator random) {
        Duration base = error.throttling() ? throttlingBaseDelay : baseDelay;
        long nominal;
        try {
            nominal = Math.multiplyExact(base.toMillis(), 1L << Math.min(retry - 1, 62));
        } catch (ArithmeticException overflow) {
            nominal = Long.MAX_VALUE;
        }
        long capMillis = Math.min(nominal, maxDelay.toMillis());
        return Duration.ofMillis(random.nextLong(capMillis + 1));
    }

    @Override
    public String toString() {
        return "RetryPolicy[" + maxAttempts + " attempts, base " + baseDelay.toMillis() + " ms, throttling base "
                + throttlingBaseDelay.toMillis() + " ms, max delay " + maxDelay.toMillis() + " ms"
                + (maxDuration == null ? "" : ", within " + maxDuration) + "]";
    }

    public static final class Builder {
        private int maxAttempts = 3;
        private Duration baseDelay = Duration.ofMillis(100);
        private Duration throttlingBaseDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(20);
        private Duration maxDuration;
        private Predicate<AwsError> retryOn = AwsError::retryable;
        private Consumer<RetryEvent> onRetry = e -> { };

        private Builder() { }

        /** Attempts in all, the first included; 1 means no retry. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = nonNegative("baseDelay", baseDelay);
            return this;
        }

        public Builder throttlingBaseDelay(Duration throttlingBaseDelay) {
            this.throttlingBaseDelay = nonNegative("throttlingBaseDelay", throttlingBaseDelay);
            return this;
        }

        /** The longest wait between two attempts. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative("maxDelay", maxDelay);
            return this;
        }

        /** No attempt starts later than this after the first; a wait that would end later is shortened. */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = nonNegative("maxDuration", maxDuration);
            return this;
        }

        /** Which errors to retry (default: {@link AwsError#retryable()}, throttling and transient). */
        public Builder retryOn(Predicate<AwsError> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn);
            return this;
        }

        /** Called before each wait for a retry, e.g. to log "RequestLimitExceeded (HTTP 503), retry 2 of 4 in 800 ms". */
        public Builder onRetry(Consumer<RetryEvent> onRetry) {
            this.onRetry = Objects.requireNonNull(onRetry);
            return this;
        }

        public RetryPolicy build() {
            if (maxDelay.compareTo(baseDelay) < 0 || maxDelay.compareTo(throttlingBaseDelay) < 0) {
                throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than a base delay");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(String name, Duration d) {
            if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must be zero or more, got " + d);
            return d;
        }
    }
}
