package dev.fleetops.runbook.engine;

import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/** Automation execution ids: UUIDs, as SSM gives them; repeatable on the simulator. */
@FunctionalInterface
public interface ExecutionIds {

    String next();

    /** Random UUIDs (against AWS). */
    static ExecutionIds random() {
        return () -> UUID.randomUUID().toString();
    }

    /** UUID-shaped ids from a seed: the same seed gives the same ids in the same order. */
    static ExecutionIds seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return () -> {
            synchronized (r) {
                return new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                        (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
            }
        };
    }

    /** Ids from a source the caller owns (the simulated region's {@code ids()::uuid}). */
    static ExecutionIds from(Supplier<String> source) {
        return source::get;
    }
}
