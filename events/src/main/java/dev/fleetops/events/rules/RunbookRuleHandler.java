package dev.fleetops.events.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.Event;
import dev.fleetops.events.Handler;
import dev.fleetops.events.HandlerContext;
import dev.fleetops.events.HandlerRecord;
import dev.fleetops.events.Recorder;
import dev.fleetops.execution.Status;
import dev.fleetops.json.JsonPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A rule's {@code runbook: DOC} with {@code parameters:}: each parameter is a literal or a JSONPath into the
 * event's EventBridge JSON ({@code $.detail.instance-id}); the runbook is started and its record kept. A path
 * that selects nothing fails the event (the runbook would run with a missing value otherwise).
 */
public final class RunbookRuleHandler implements Handler {

    /** A parameter value: literal text or a path into the event. */
    public record Param(String literal, JsonPath path) {
        List<String> values(JsonNode event) {
            if (path == null) return List.of(literal);
            List<String> out = new ArrayList<>();
            for (JsonNode n : path.select(event)) {
                if (n.isArray()) n.forEach(x -> out.add(x.isValueNode() ? x.asText() : x.toString()));
                else out.add(n.isValueNode() ? n.asText() : n.toString());
            }
            return out;
        }
    }

    private final String document;
    private final Map<String, Param> parameters;

    public RunbookRuleHandler(String document, Map<String, Param> parameters) {
        this.document = document;
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public String name() {
        return "runbook";
    }

    public String document() {
        return document;
    }

    @Override
    public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
        Recorder rec = context.recorder();
        JsonNode json = event.envelopeJson();
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (var e : new java.util.TreeMap<>(parameters).entrySet()) {
            List<String> v = e.getValue().values(json);
            if (v.isEmpty()) {
                return CompletableFuture.completedFuture(rec.failed("parameter " + e.getKey() + ": "
                        + e.getValue().path() + " selects nothing in the event"));
            }
            values.put(e.getKey(), v);
        }
        rec.note("runbook " + document + " with " + values);
        return context.runbooks().run(document, values).handle((execution, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                return rec.failed("runbook " + document + " could not start: " + cause.getMessage());
            }
            rec.runbook(execution);
            rec.output("AutomationExecutionId", execution.id());
            return execution.status() == Status.Success ? rec.finish(Status.Success)
                    : rec.finish(Status.Failed, java.util.Optional.of("runbook " + document + " ended " + execution.status()
                    + execution.failureMessage().map(m -> ": " + m).orElse("")));
        });
    }
}
