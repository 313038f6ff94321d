package dev.fleetops.runbook.action;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What an attempt produced.
 *
 * @param outputs  built-in outputs of the action plus the raw response for user {@code outputs} selectors
 *                 (key {@link #RESPONSE} holds the API response JSON when there is one)
 * @param nextStep for aws:branch: the chosen step (empty: next in order)
 * @param notes    facts a reader should see in the record
 */
public record ActionResult(Map<String, JsonNode> outputs, java.util.Optional<String> nextStep, List<String> notes) {

    /** Output key under which actions that call an API leave the response, for user output selectors. */
    public static final String RESPONSE = "$response";

    public static ActionResult of(Map<String, JsonNode> outputs) {
        return new ActionResult(outputs, java.util.Optional.empty(), List.of());
    }

    public static ActionResult empty() {
        return of(Map.of());
    }
}
