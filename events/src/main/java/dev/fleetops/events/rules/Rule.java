package dev.fleetops.events.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.source.Location;

/**
 * One rule of a rules file: an EventBridge event pattern and what to do with a matching event.
 *
 * @param pattern  the pattern as JSON (already checked by event-ruler)
 * @param handler  a built-in handler made from the rule's settings (validated then), or a {@link RunbookRuleHandler}
 */
public record Rule(String name, Location location, String description, JsonNode pattern, Handler handler) { }
