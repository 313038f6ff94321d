package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * aws:branch: the first true choice's NextStep; none true -> Default; no Default -> the next step in the list
 * (AWS Systems Manager User Guide: aws:branch).
 */
public final class BranchAction implements ControlAction {

    @Override
    public String name() {
        return "aws:branch";
    }

    @Override
    public CompletionStage<ActionResult> execute(ControlContext context) {
        JsonNode choices = context.inputs().path("Choices");
        int i = 0;
        for (JsonNode choice : choices) {
            i++;
            if (Conditions.test(choice, context)) {
                String next = choice.path("NextStep").asText();
                return done(Optional.of(next), "choice " + i + " holds: going to " + next);
            }
        }
        JsonNode def = context.inputs().get("Default");
        if (def != null && def.isTextual()) return done(Optional.of(def.textValue()), "no choice holds: Default " + def.textValue());
        return done(Optional.empty(), "no choice holds and there is no Default: the next step in the list");
    }

    private static CompletionStage<ActionResult> done(Optional<String> next, String note) {
        return CompletableFuture.completedFuture(new ActionResult(Map.of(), next, List.of(note)));
    }
}
