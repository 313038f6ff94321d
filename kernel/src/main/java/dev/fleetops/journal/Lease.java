package dev.fleetops.journal;

import java.time.Duration;
import java.time.Instant;

/**
 * The right of {@code owner} to work on {@code resource} (an execution id, or a claimed event) until {@code
 * expiresAt}, unless renewed.
 *
 * @param token fencing token: grows by one each time the resource changes hands; every journal append by the
 *              holder carries it
 * @param ttl   how long each acquisition or renewal lasts
 */
public record Lease(String resource, String owner, long token, Instant expiresAt, Duration ttl) { }
