package dev.fleetops.waiters;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** The delay before poll number {@code attempt + 1}, given the number of polls made so far. */
@FunctionalInterface
public interface Backoff {

    Duration delay(int attempt, RandomGenerator random);

    /**
     * Smithy waiters: nominal delay min x 2^(attempt-1) capped at max; actual uniform in [min, nominal].
     * {@code min == max} gives fixed polling.
     */
    static Backoff smithy(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) throw new IllegalArgumentException("need 0 <= min <= max");
        return (attempt, random) -> {
            long minN = min.toNanos();
            long maxN = max.toNanos();
            int shift = Math.min(Math.max(attempt - 1, 0), 40);
            long nominal = minN << shift < 0 || (minN << shift) > maxN ? maxN : minN << shift;
            if (nominal <= minN) return min;
            return Duration.ofNanos(minN + (long) (random.nextDouble() * (nominal - minN)));
        };
    }

    /**
     * Grows from {@code initial} by {@code factor} per poll up to {@code cap}, each delay jittered by +/- {@code
     * jitter} (0-1). The runbook wait actions' default (a project choice: AWS Systems Manager documents no polling interval for aws:waitForAwsResourceProperty): 2 s, x1.5, 30 s, 20%.
     */
    static Backoff growing(Duration initial, double factor, Duration cap, double jitter) {
        return (attempt, random) -> {
            double nominal = initial.toNanos() * Math.pow(factor, Math.max(attempt - 1, 0));
            nominal = Math.min(nominal, cap.toNanos());
            double spread = 1 + jitter * (2 * random.nextDouble() - 1);
            return Duration.ofNanos((long) (nominal * spread));
        };
    }

    static Backoff fixed(Duration delay) {
        return (attempt, random) -> delay;
    }

    /** The wait actions' polling (aws:waitForAwsResourceProperty, aws:changeInstanceState): SSM documents no interval, so
     * fleetops starts at 2 s, grows x1.5 with 20 % jitter and caps at 30 s (docs/waiters.md). */
    static Backoff runbookDefault() {
        return growing(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30), 0.2);
    }
}
