package dev.fleetops.runbook.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Automation execution ids: UUIDs, as SSM gives them. Top-level ids are random by default; on the simulator with a
 * journal they are numbered per store ({@link #journaled}): the journal entries and signals of two runs with the
 * same seed must not collide (one {@code resume --approve} must not release two runs), and the same run in a fresh
 * store must get the same ids. Children derive theirs from the parent's, so within a run they are repeatable.
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

    /**
     * The simulator's ids in a journal: the {@code n}th id of seed {@code seed} is a name-based UUID of both, and
     * each new id is the first of the sequence that the journal has no history of and whose lease {@code owner}
     * gets. The journal is the run counter: a fresh store gives the same ids in the same order (repeatable runs), a
     * store that has seen runs gives the next ones (unique per run), and two processes starting together on one
     * store cannot take the same id (the lease is granted to one). The first free number is found by doubling,
     * then bisecting (the taken ones are a prefix, but for a lease that a crash left without history: then the
     * next one is tried), so a store of many runs costs a few reads per start, not one per past run.
     */
    static ExecutionIds journaled(long seed, dev.fleetops.journal.Journal journal, String owner) {
        java.util.function.LongFunction<String> nth = n ->
                UUID.nameUUIDFromBytes(("fleetops-run/" + seed + "/" + n).getBytes(StandardCharsets.UTF_8)).toString();
        java.util.function.LongPredicate used = n -> !journal.history(nth.apply(n)).toCompletableFuture().join().isEmpty();
        long[] next = {0};
        return () -> {
            synchronized (next) {
                if (next[0] == 0) {
                    long hi = 1;
                    while (used.test(hi)) hi *= 2;
                    long lo = hi / 2; // used (or 0): the first free number is in (lo, hi]
                    while (hi - lo > 1) {
                        long mid = (lo + hi) >>> 1;
                        if (used.test(mid)) lo = mid;
                        else hi = mid;
                    }
                    next[0] = hi;
                }
                while (true) {
                    long n = next[0]++;
                    String id = nth.apply(n);
                    if (!used.test(n) && journal.leases().acquire(id, owner).toCompletableFuture().join().isPresent()) return id;
                }
            }
        };
    }

    /** The id of the {@code n}th child (1-based) of execution {@code parentId}: a name-based UUID of both. */
    static String child(String parentId, int n) {
        return UUID.nameUUIDFromBytes((parentId + "/child/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
