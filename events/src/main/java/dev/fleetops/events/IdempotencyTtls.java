package dev.fleetops.events;

import java.time.Duration;

/**
 * How long the intake remembers what it handled ({@code serve}'s {@code idempotency:} block).
 *
 * @param eventTtl  how long a handled event id is remembered: beyond SQS's redelivery horizon for the usual
 *                  retention (14 days is SQS's maximum retention: Amazon SQS Developer Guide, "Amazon SQS quotas")
 * @param actionTtl how long an (instance, action) is remembered: long enough that the four events of one
 *                  interruption collapse, short enough that a reused instance id is not ignored forever
 */
public record IdempotencyTtls(Duration eventTtl, Duration actionTtl) {

    public static IdempotencyTtls defaults() {
        return new IdempotencyTtls(Duration.ofDays(1), Duration.ofHours(6));
    }
}
