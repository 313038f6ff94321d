package dev.fleetops.events.spi;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.time.Scheduler;

import java.util.function.Consumer;

/**
 * What a handler gets for one event besides the event itself (its deadline is {@link Event#deadline()}; its
 * settings were read by its {@link HandlerFactory} at load).
 *
 * @param runbooks    starts runbooks (the runbook handler, lifecycle-hook's optional runbook)
 * @param recorder    where API calls, steps, notes and deadline notes go
 * @param idempotency the shared key store, for handlers that deduplicate themselves
 * @param effects     where the handler reports what it did to an instance as it happens (metrics and logs
 *                    listen); see {@link #effect}
 */
public record HandlerContext(
        Cloud cloud,
        Scheduler scheduler,
        RunbookRunner runbooks,
        Recorder recorder,
        IdempotencyStore idempotency,
        Consumer<Effect> effects) {

    /** Reports that the handler did {@code action} to {@code instanceId} (e.g. {@link Effect#HEARTBEAT}). */
    public void effect(String instanceId, String action) {
        effects.accept(new Effect(instanceId, action));
    }
}
