package dev.fleetops.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The right of {@code owner} to work on {@code resource} (an execution id, or a claimed event) until {@code
 * expiresAt}, unless renewed.
 *
 * @param token     fencing token: grows by one each time the resource changes hands; every journal append by the
 *                  holder carries it
 * @param ttl       how long each acquisition or renewal lasts
 * @param takenFrom on the lease an acquisition returns: the owner whose unreleased lease it took over (expired, or
 *                  its process gone); empty when the resource was free, released, or already this owner's
 */
public record Lease(String resource, String owner, long token, Instant expiresAt, Duration ttl, Optional<String> takenFrom) {

    public Lease(String resource, String owner, long token, Instant expiresAt, Duration ttl) {
        this(resource, owner, token, expiresAt, ttl, Optional.empty());
    }
}
