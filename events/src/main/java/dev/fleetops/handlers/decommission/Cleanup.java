package dev.fleetops.handlers.decommission;

import dev.fleetops.events.spi.Event;

import java.util.concurrent.CompletableFuture;

/**
 * One idempotent cleanup of a dead instance's traces (seed 002: Route 53 record, Chef node and client, Consul
 * node and its locks; plus a signed webhook). "Already gone" is success: the future completes with what was done
 * ("deleted ...", "already gone: ..."); it fails only when the cleanup should be retried.
 */
interface Cleanup {

    /** route53, chef, consul, webhook: the name recorded in the inventory's {@code Cleaned} set. */
    String name();

    CompletableFuture<String> run(InventoryEntry instance, Event event, CleanupContext context);
}
