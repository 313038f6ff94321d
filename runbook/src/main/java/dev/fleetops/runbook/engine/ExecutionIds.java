package dev.fleetops.runbook.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Automation execution ids: UUIDs, as SSM gives them. Top-level ids are random by default on the simulator too
 * (never from its seeded streams): records of runs with the same seed must not overwrite each other, and a signal
 * meant for one run must not release another. Children derive theirs from the parent's, so within a run they are
 * repeatable.
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
