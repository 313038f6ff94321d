package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Leases on work (executions, claimed events) so that replicas take over what a dead one held: a lease expires
 * unless its holder renews it; an expired lease can be taken by another owner, which gets the next fencing
 * token. Time is the store's scheduler's (virtual in tests). Stages complete through the callback executor.
 */
public interface Leases {

    Duration DEFAULT_TTL = Duration.ofSeconds(30);

    /**
     * Leases {@code resource} to {@code owner} for {@code ttl}: granted when it is free, released, expired, or
     * already held by the same owner (then renewed with the same token); empty while another owner holds it.
     */
    CompletionStage<Optional<Lease>> acquire(String resource, String owner, Duration ttl);

    /**
     * As {@link #acquire(String, String, Duration)}, and also granted, before it expires, when {@code gone} says
     * the holder's owner id names a process known to be dead (on one host: its pid no longer runs).
     */
    CompletionStage<Optional<Lease>> acquireFrom(String resource, String owner, Duration ttl, Predicate<String> gone);

    default CompletionStage<Optional<Lease>> acquire(String resource, String owner) {
        return acquire(resource, owner, DEFAULT_TTL);
    }

    /** Extends the lease by its ttl from now; fails with {@link FencedException} when it changed hands. */
    CompletionStage<Lease> renew(Lease lease);

    /** Gives the resource up (the token stays, so the next holder's is higher); a lost lease is a no-op. */
    CompletionStage<Void> release(Lease lease);

    /** Leases whose holder let them expire without releasing them: work another owner may take over. */
    CompletionStage<List<Lease>> takeable();

    /**
     * Leases a holder has and has not let expire (the live ones; {@link #takeable()} lists the rest of those not
     * released): what start-up recovery leaves to their owners unless the owner is known to be dead.
     */
    CompletionStage<List<Lease>> held();

    /**
     * Renews {@code lease} every third of its ttl on the store's scheduler until cancelled; when a renewal fails
     * (the lease was taken over, or the store failed) it stops and tells {@code lost}.
     */
    Scheduler.Cancellable keep(Lease lease, Consumer<RuntimeException> lost);
}
