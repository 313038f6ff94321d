package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * aws:executeAutomation: runs a child document by name (from --docs, or SSM) with RuntimeParameters; its record
 * is attached to the step. Outputs ExecutionId, Status and Output (the child's outputs); the step fails unless the
 * child succeeds. Targets/TargetMaps/TargetLocations (rate-controlled children) are not run by this action.
 */
public final class ExecuteAutomationAction implements ControlAction {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "aws:executeAutomation";
    }

    @Override
    public CompletionStage<ActionResult> execute(ControlContext context) {
        JsonNode in = context.inputs();
        for (String unsupported : List.of("Targets", "TargetMaps", "TargetLocations")) {
            if (in.has(unsupported)) {
                throw new ActionFailure(ActionFailure.Type.Verification, unsupported + ": fleetops runs aws:executeAutomation"
                        + " children without targets; use fleetops run --targets for rate-controlled runs");
            }
        }
        String document = in.path("DocumentName").asText();
        if (in.has("DocumentVersion")) context.note("DocumentVersion " + in.get("DocumentVersion").asText() + " ignored: the current document runs");
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        in.path("RuntimeParameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), strings(e.getValue())));
        return context.runChild(document, parameters).handle((child, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw new ActionFailure(ActionFailure.Type.Action, "child document " + document + " did not start: " + cause.getMessage());
            }
            if (child.status() != Status.Success) {
                throw new ActionFailure(ActionFailure.Type.Action, "child execution " + child.id() + " (" + document + ") ended "
                        + child.status() + child.failureMessage().map(m -> ": " + m).orElse(""),
                        child.status() == Status.TimedOut);
            }
            Map<String, JsonNode> outputs = new LinkedHashMap<>();
            outputs.put("ExecutionId", TextNode.valueOf(child.id()));
            outputs.put("Status", TextNode.valueOf(child.status().name()));
            ArrayNode output = F.arrayNode();
            child.outputs().forEach((k, v) -> output.add(k + "=" + (v.isTextual() ? v.textValue() : v.toString())));
            outputs.put("Output", output);
            return new ActionResult(outputs, Optional.empty(), List.of("child execution " + child.id() + " ended Success"));
        });
    }

    /** RuntimeParameters values as StartAutomationExecution takes them: lists of strings (maps as JSON). */
    private static List<String> strings(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) v.forEach(i -> out.add(i.isTextual() ? i.textValue() : i.toString()));
        else out.add(v.isTextual() ? v.textValue() : v.toString());
        return out;
    }
}
