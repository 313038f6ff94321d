package dev.fleetops.waiters;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an any-of {@link InstanceStatusWait} polls (docs/first-ready.md, "Polling"). Full rounds poll every watched
 * instance, 100 ids a call, at the {@code slow} pace, never more than {@code maxCallsPerSecond}. The default is the
 * SDK waiter's own pace for InstanceStatusOk (15 s fixed) in one call per 100 instances: the winner is known at the
 * same instant as one waiter per instance would know it, at 1/100 of the calls or less.
 *
 * <p>Optionally ({@link #fastWhileLikely()}), rounds poll faster once a winner is likely: from the moment the first
 * watched instance has been running for {@code checksTakeAtLeast} (its running time bounded from below by the last
 * answer that still showed it not running), rounds every {@code fast} poll just those instances. That learns the
 * winner sooner, at about one call per second of the window: for a small group more calls than the waiters it
 * replaces would save (BENCHMARKS.md, "First ready of N"). Only what DescribeInstanceStatus answers is used: nothing
 * simulator-specific.
 *
 * @param slow              full rounds (default 15 s fixed)
 * @param fast              the interval of rounds of the likely instances; empty: none (the default)
 * @param checksTakeAtLeast how long status checks take at least after {@code running} (60 s: AWS documents no
 *                          duration; reachability checks need the OS booted and its network up, which takes well
 *                          over a minute on common AMIs); used only with {@code fast}
 * @param maxCallsPerSecond the cap on all rounds (default 1/s: 5 % of the 20/s refill of EC2's non-mutating
 *                          request bucket, Amazon EC2 Developer Guide, "Request throttling for the Amazon EC2 API")
 */
public record ReadyPacing(Backoff slow, Optional<Duration> fast, Duration checksTakeAtLeast, double maxCallsPerSecond) {

    /** The refill rate of EC2's non-mutating request token bucket (the same page), per second. */
    public static final double EC2_NON_MUTATING_REFILL_PER_SECOND = 20;
    /** The delay of the SDK's InstanceStatusOk waiter (the EC2 service model's waiters): one poll per 15 s. */
    public static final Duration SDK_WAITER_DELAY = Duration.ofSeconds(15);

    public ReadyPacing {
        Objects.requireNonNull(slow, "slow");
        Objects.requireNonNull(fast, "fast");
        if (fast.isPresent() && (fast.get().isNegative() || fast.get().isZero())) {
            throw new IllegalArgumentException("fast must be positive");
        }
        if (checksTakeAtLeast.isNegative()) throw new IllegalArgumentException("checksTakeAtLeast must be >= 0");
        if (!(maxCallsPerSecond > 0)) throw new IllegalArgumentException("maxCallsPerSecond must be positive");
    }

    /** Full rounds every 15 s, capped at 1 call/s; no fast rounds. */
    public static ReadyPacing defaults() {
        return new ReadyPacing(Backoff.fixed(SDK_WAITER_DELAY), Optional.empty(), Duration.ofSeconds(60),
                0.05 * EC2_NON_MUTATING_REFILL_PER_SECOND);
    }

    /**
     * Full rounds at the EC2 model's Smithy delays (15 s growing to 120 s) and, while a winner is likely, rounds of
     * the likely instances every 1 s, capped at 1 call/s: the winner sooner, more calls.
     */
    public static ReadyPacing fastWhileLikely() {
        return new ReadyPacing(Backoff.smithy(SDK_WAITER_DELAY, Duration.ofSeconds(120)), Optional.of(Duration.ofSeconds(1)),
                Duration.ofSeconds(60), 0.05 * EC2_NON_MUTATING_REFILL_PER_SECOND);
    }

    public ReadyPacing withSlow(Backoff b) {
        return new ReadyPacing(b, fast, checksTakeAtLeast, maxCallsPerSecond);
    }

    public ReadyPacing withFast(Duration d) {
        return new ReadyPacing(slow, Optional.of(d), checksTakeAtLeast, maxCallsPerSecond);
    }

    public ReadyPacing withChecksTakeAtLeast(Duration d) {
        return new ReadyPacing(slow, fast, d, maxCallsPerSecond);
    }

    public ReadyPacing withMaxCallsPerSecond(double r) {
        return new ReadyPacing(slow, fast, checksTakeAtLeast, r);
    }

    /** The window over which the call cap holds: EC2's bucket holds 100 tokens, so a rate is over more than one burst. */
    static final Duration CAP_WINDOW = Duration.ofSeconds(60);

    /**
     * The least time between two rounds of {@code calls} calls each (and not under {@code fast}), so that no 60 s
     * window holds more than {@code maxCallsPerSecond} x 60 calls: k rounds fit in a window, one every 60 s / k. A
     * round larger than the whole window's budget (over 6,000 instances at 1/s) waits its own calls' worth.
     */
    Duration spacing(int calls) {
        double budget = maxCallsPerSecond * CAP_WINDOW.toSeconds();
        long perWindow = calls <= 0 ? Long.MAX_VALUE : (long) Math.floor(budget / calls);
        Duration capped = perWindow >= 1
                ? Duration.ofNanos((long) Math.ceil(CAP_WINDOW.toNanos() / (double) perWindow))
                : Duration.ofNanos((long) Math.ceil(calls / maxCallsPerSecond * 1e9));
        Duration floor = fast.orElse(Duration.ZERO);
        return capped.compareTo(floor) > 0 ? capped : floor;
    }
}
