package dev.fleetops.events;

import java.time.Duration;

/**
 * How long the intake remembers what it handled ({@code serve}'s {@code idempotency:} block).
 *
 * @param eventTtl  how long a handled event id is remembered: beyond SQS's redelivery horizon for the usual
 *                  retention (14 days is SQS's maximum retention: Amazon SQS Developer Guide, "Amazon SQS quotas")
 * @param actionTtl how long an (instance, action) is remembered: long enough that the four events of one
 *                  interruption collapse, short enough that a reused instance id is not ignored forever
 * @param claimLease how long a claim holds while its handler runs, renewed every third of it by a heartbeat: a
 *                  worker that dies loses its claims within this time, and another takes them over
 */
public record IdempotencyTtls(Duration eventTtl, Duration actionTtl, Duration claimLease) {

    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(30);

    public IdempotencyTtls {
        if (claimLease.isNegative() || claimLease.isZero()) throw new IllegalArgumentException("claim lease must be positive");
    }

    public IdempotencyTtls(Duration eventTtl, Duration actionTtl) {
        this(eventTtl, actionTtl, DEFAULT_CLAIM_LEASE);
    }

    public static IdempotencyTtls defaults() {
        return new IdempotencyTtls(Duration.ofDays(1), Duration.ofHours(6));
    }
}
