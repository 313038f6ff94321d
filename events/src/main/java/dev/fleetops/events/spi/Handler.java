package dev.fleetops.events.spi;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A built-in event handler (spot-interruption, lifecycle-hook, decommission, runbook). One instance per rule,
 * created by a {@link HandlerFactory} from the rule's validated settings. Handlers are asynchronous: they run
 * their API calls through the context's Cloud and wait only with the Scheduler (virtual time in the simulator).
 *
 * <p>The dispatcher, not the handler, deduplicates by event id; it also claims {@link #actionKey} before calling
 * {@link #handle} and skips the call (a record saying "duplicate") when another event already did that action.
 */
public interface Handler {

    /** The handler's name as written in rules files ({@code handler: spot-interruption}). */
    String name();

    /**
     * Does the work. The returned record's status is what decides the message's fate: Success (or a record
     * that acted partially but ends terminal without failure) lets the source delete the message; Failed keeps
     * it for redelivery. Completing exceptionally counts as Failed. Must never leave timers (heartbeats)
     * running after the stage completes.
     */
    CompletionStage<HandlerRecord> handle(Event event, HandlerContext context);

    /**
     * The (instance, action) this event would perform, for key-2 idempotency; empty when the handler does its
     * own deduplication (through {@link HandlerContext#idempotency()}) or none is wanted. Default: none.
     */
    default Optional<ActionKey> actionKey(Event event) {
        return Optional.empty();
    }
}
