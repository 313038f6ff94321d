package dev.fleetops.events.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.Handler;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;

/**
 * One rule of a rules file: an EventBridge event pattern and what to do with a matching event.
 *
 * @param pattern  the pattern as JSON (already checked by event-ruler)
 * @param handler  a built-in handler made from the rule's settings, or a {@link RunbookRuleHandler}
 * @param settings the rule's settings block (empty for runbook rules)
 */
public record Rule(String name, Location location, String description, JsonNode pattern, Handler handler,
                   MapNode settings, JsonNode settingsJson) { }
