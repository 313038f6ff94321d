package dev.fleetops.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.source.MapNode;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.Optional;

/**
 * What a handler gets for one event.
 *
 * @param settings     the rule's settings as written (already validated by the factory at load)
 * @param settingsJson the same as JSON, for handlers that prefer a tree
 * @param runbooks     starts runbooks (the runbook handler, lifecycle-hook's optional runbook)
 * @param recorder     where API calls, steps, notes and deadline notes go
 * @param deadline     when the event's window closes, if it has one (Spot warning: time + 2 min; hibernate: the
 *                     event time itself, there is no lead)
 * @param idempotency  the shared key store, for handlers that deduplicate themselves
 * @param metrics      counters handlers bump (heartbeats)
 */
public record HandlerContext(
        Cloud cloud,
        Scheduler scheduler,
        String rule,
        MapNode settings,
        JsonNode settingsJson,
        RunbookRunner runbooks,
        Recorder recorder,
        Optional<Instant> deadline,
        IdempotencyStore idempotency,
        EventMetrics metrics) { }
