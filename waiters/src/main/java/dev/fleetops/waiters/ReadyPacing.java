package dev.fleetops.waiters;

import java.time.Duration;
import java.util.Objects;

/**
 * When an any-of {@link InstanceStatusWait} polls fast (docs/first-ready.md, "Polling"). An instance can only pass
 * its status checks some time after it is {@code running}; before any instance can, full rounds follow the slow
 * backoff. From the moment the first watched instance has been running for {@code checksTakeAtLeast} (its running
 * time bounded from below by the last answer that still showed it not running), rounds every {@code fast} poll just
 * those instances, 100 ids a call, never more than {@code maxCallsPerSecond}. Full rounds go on at the slow pace, to
 * see instances become running and to fail fast. Only what DescribeInstanceStatus answers is used: nothing
 * simulator-specific.
 *
 * @param slow              full rounds (default the EC2 model's 15 s growing to 120 s)
 * @param fast              the interval while a winner is likely (default 1 s)
 * @param checksTakeAtLeast how long status checks take at least after {@code running} (default 60 s: AWS documents
 *                          no duration; reachability checks need the OS booted and its network up, which takes well
 *                          over a minute on common AMIs)
 * @param maxCallsPerSecond the cap on fast rounds (default 1/s: 5 % of the 20/s refill of EC2's non-mutating
 *                          request bucket, Amazon EC2 Developer Guide, "Request throttling for the Amazon EC2 API")
 */
public record ReadyPacing(Backoff slow, Duration fast, Duration checksTakeAtLeast, double maxCallsPerSecond) {

    /** The refill rate of EC2's non-mutating request token bucket (the same page), per second. */
    public static final double EC2_NON_MUTATING_REFILL_PER_SECOND = 20;

    public ReadyPacing {
        Objects.requireNonNull(slow, "slow");
        if (fast.isNegative() || fast.isZero()) throw new IllegalArgumentException("fast must be positive");
        if (checksTakeAtLeast.isNegative()) throw new IllegalArgumentException("checksTakeAtLeast must be >= 0");
        if (!(maxCallsPerSecond > 0)) throw new IllegalArgumentException("maxCallsPerSecond must be positive");
    }

    public static ReadyPacing defaults() {
        return new ReadyPacing(Backoff.smithy(Duration.ofSeconds(15), Duration.ofSeconds(120)), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 0.05 * EC2_NON_MUTATING_REFILL_PER_SECOND);
    }

    public ReadyPacing withSlow(Backoff b) {
        return new ReadyPacing(b, fast, checksTakeAtLeast, maxCallsPerSecond);
    }

    public ReadyPacing withFast(Duration d) {
        return new ReadyPacing(slow, d, checksTakeAtLeast, maxCallsPerSecond);
    }

    public ReadyPacing withChecksTakeAtLeast(Duration d) {
        return new ReadyPacing(slow, fast, d, maxCallsPerSecond);
    }

    public ReadyPacing withMaxCallsPerSecond(double r) {
        return new ReadyPacing(slow, fast, checksTakeAtLeast, r);
    }

    /** The least time between two rounds of {@code calls} calls each under the cap. */
    Duration spacing(int calls) {
        Duration capped = Duration.ofNanos((long) Math.ceil(calls / maxCallsPerSecond * 1e9));
        return capped.compareTo(fast) > 0 ? capped : fast;
    }
}
