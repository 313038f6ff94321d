package dev.fleetops.runbook.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Automation execution ids: UUIDs, as SSM gives them. Top-level ids are random, on the simulator as on AWS: two runs
 * must never share one (their records, journal entries and signals would collide: one {@code resume --approve}
 * released two runs when a fresh store repeated the seed's ids). Children derive theirs from the parent's
 * ({@link #child}), so inside a run they are deterministic and a recovery finds them again.
 */
@FunctionalInterface
public interface ExecutionIds {

    String next();

    /** Random UUIDs from the process's secure source. */
    static ExecutionIds random() {
        return () -> UUID.randomUUID().toString();
    }

    /** UUID-shaped ids from a seed: the same seed gives the same ids in the same order (tests that need fixed ids). */
    static ExecutionIds seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return () -> {
            synchronized (r) {
                return new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                        (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
            }
        };
    }

    /** The id of the {@code n}th child (1-based) of execution {@code parentId}: a name-based UUID of both. */
    static String child(String parentId, int n) {
        return UUID.nameUUIDFromBytes((parentId + "/child/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
