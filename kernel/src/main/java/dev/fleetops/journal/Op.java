package dev.fleetops.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * One request to a store, as queued for its writer thread. "Now" is read on the caller's thread (the scheduler's)
 * when the request is made, so lease decisions follow the scheduler's time, virtual or real.
 */
sealed interface Op {

    record Append(String executionId, long token, Entry entry) implements Op { }

    record History(String executionId) implements Op { }

    record Open() implements Op { }

    record Flush() implements Op { }

    /** {@code gone} says whether a holder's owner id names a process known to be dead (its lease is taken at once). */
    record Acquire(String resource, String owner, Duration ttl, Instant now, Predicate<String> gone) implements Op { }

    record Renew(Lease lease, Instant now) implements Op { }

    record Release(Lease lease) implements Op { }

    record Takeable(Instant now) implements Op { }

    record Held(Instant now) implements Op { }

    record Put(String eventId, String body, Instant now) implements Op { }

    record Done(String eventId, Instant now) implements Op { }

    record Pending() implements Op { }
}
